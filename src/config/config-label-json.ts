// The `run.cog.config` image label (§6.6): compact JSON of the effective config, byte-for-byte
// in the original's shape so tools that read labels keep working. Keys in a fixed order, empty
// values left out, `build` always present, the runner reference under `predict`, one-element
// weight source lists written as a plain object, and the CUDA/cuDNN the build resolved.
// Strings are escaped like Go's encoding/json (`<`, `>`, `&`, U+2028, U+2029 as \u escapes).
import type { CogConfig, RunCommand, WeightEntry, WeightSource } from './config-types.ts';

export interface ResolvedVersions {
  cuda?: string;
  cudnn?: string;
}

type Json = string | number | boolean | Json[] | { [key: string]: Json };

/** Builds an object from `[key, value]` pairs in order, skipping empty values. */
function ordered(pairs: Array<[string, Json | undefined]>): { [key: string]: Json } {
  const out: { [key: string]: Json } = {};
  for (const [key, value] of pairs) {
    if (value === undefined || value === '' || value === false) continue;
    if (Array.isArray(value) && value.length === 0) continue;
    out[key] = value;
  }
  return out;
}

function nonEmpty<T>(list: T[] | undefined): T[] | undefined {
  return list === undefined || list.length === 0 ? undefined : list;
}

function runCommand(run: RunCommand): Json {
  const mounts = run.mounts?.map((m) =>
    ordered([
      ['type', m.type],
      ['id', m.id],
      ['target', m.target],
    ]),
  );
  return ordered([
    ['command', run.command],
    ['mounts', mounts],
  ]);
}

function weightSource(source: WeightSource): Json {
  return ordered([
    ['uri', source.uri],
    ['include', nonEmpty(source.include)],
    ['exclude', nonEmpty(source.exclude)],
  ]);
}

function weight(entry: WeightEntry): Json {
  const sources = entry.source.map(weightSource);
  const source = sources.length === 1 ? sources[0] : sources;
  return ordered([
    ['name', entry.name],
    ['target', entry.target],
    ['source', source],
  ]);
}

export function configLabelObject(
  config: CogConfig,
  resolved: ResolvedVersions = {},
): { [key: string]: Json } {
  const b = config.build ?? {};
  const build = ordered([
    ['gpu', b.gpu ?? false],
    ['python_version', b.python_version],
    ['python_requirements', b.python_requirements],
    ['python_packages', nonEmpty(b.python_packages)],
    ['run', b.run?.map(runCommand)],
    ['system_packages', nonEmpty(b.system_packages)],
    ['pre_install', nonEmpty(b.pre_install)],
    ['cuda', resolved.cuda ?? b.cuda],
    ['cudnn', resolved.cudnn ?? b.cudnn],
    ['sdk_version', b.sdk_version],
  ]);
  const top = ordered([
    ['image', config.image],
    ['model', config.model],
    ['predict', config.predict],
    ['train', config.train],
    [
      'concurrency',
      config.concurrency && config.concurrency.max !== 0
        ? { max: config.concurrency.max }
        : undefined,
    ],
    ['environment', nonEmpty(config.environment)],
    ['weights', nonEmpty(config.weights)?.map(weight)],
  ]);
  return { build, ...top };
}

/** Go's json.Marshal escapes these for safe embedding in HTML; match it byte for byte. */
function goEscape(json: string): string {
  return json.replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

export function configLabelJson(config: CogConfig, resolved: ResolvedVersions = {}): string {
  return goEscape(JSON.stringify(configLabelObject(config, resolved)));
}
