// Turns the parsed YAML value into the typed CogConfig. Runs even when the schema check found
// problems (so the semantic checks can still report everything), so it never trusts a type:
// a field of the wrong type is left out, and a list with any wrong-typed item is left out
// whole (keeping indices aligned with the file for error positions). Empty strings and empty
// lists mean "not set", as in the original. `run:` goes into the `predict` slot.
import type {
  BuildConfig,
  CogConfig,
  RunCommand,
  SecretMount,
  WeightEntry,
  WeightSource,
} from './config-types.ts';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function str(o: Obj, key: string): string | undefined {
  const v = o[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function strList(o: Obj, key: string): string[] | undefined {
  const v = o[key];
  if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === 'string'))
    return undefined;
  return v as string[];
}

/** Sets `key` only when `value` is defined, so absent fields stay absent (not `undefined`). */
function put<T extends object, K extends keyof T>(
  target: T,
  key: K,
  value: T[K] | undefined,
): void {
  if (value !== undefined) target[key] = value;
}

export function toCogConfig(value: unknown): CogConfig {
  const root = isObj(value) ? value : {};
  const config: CogConfig = {};
  if (isObj(root.build)) config.build = toBuild(root.build);
  // `run` and `predict` share a slot; when both are set (an error) `run` wins for the checks.
  put(config, 'predict', str(root, 'run') ?? str(root, 'predict'));
  put(config, 'train', str(root, 'train'));
  put(config, 'image', str(root, 'image'));
  put(config, 'model', str(root, 'model'));
  if (isObj(root.concurrency) && Number.isInteger(root.concurrency.max)) {
    config.concurrency = { max: root.concurrency.max as number };
  }
  put(config, 'environment', strList(root, 'environment'));
  put(config, 'weights', toWeights(root.weights));
  return config;
}

function toBuild(b: Obj): BuildConfig {
  const build: BuildConfig = {};
  if (typeof b.gpu === 'boolean' && b.gpu) build.gpu = true;
  put(build, 'python_version', str(b, 'python_version'));
  put(build, 'python_requirements', str(b, 'python_requirements'));
  put(build, 'python_packages', strList(b, 'python_packages'));
  put(build, 'system_packages', strList(b, 'system_packages'));
  put(build, 'run', toRunCommands(b.run));
  put(build, 'pre_install', strList(b, 'pre_install'));
  put(build, 'cuda', str(b, 'cuda'));
  put(build, 'cudnn', str(b, 'cudnn'));
  put(build, 'sdk_version', str(b, 'sdk_version'));
  return build;
}

function toRunCommands(v: unknown): RunCommand[] | undefined {
  if (!Array.isArray(v) || v.length === 0) return undefined;
  const commands: RunCommand[] = [];
  for (const item of v) {
    if (typeof item === 'string') {
      commands.push({ command: item });
    } else if (isObj(item) && typeof item.command === 'string') {
      const command: RunCommand = { command: item.command };
      put(command, 'mounts', toMounts(item.mounts));
      commands.push(command);
    } else {
      return undefined;
    }
  }
  return commands;
}

function toMounts(v: unknown): SecretMount[] | undefined {
  if (!Array.isArray(v) || v.length === 0) return undefined;
  const mounts: SecretMount[] = [];
  for (const m of v) {
    if (
      !isObj(m) ||
      m.type !== 'secret' ||
      typeof m.id !== 'string' ||
      typeof m.target !== 'string'
    )
      return undefined;
    mounts.push({ type: 'secret', id: m.id, target: m.target });
  }
  return mounts;
}

function toWeights(v: unknown): WeightEntry[] | undefined {
  if (!Array.isArray(v) || v.length === 0 || !v.every(isObj)) return undefined;
  return v.map((w) => ({
    name: typeof w.name === 'string' ? w.name : '',
    target: typeof w.target === 'string' ? w.target : '',
    source: toSources(w.source),
  }));
}

function toSources(v: unknown): WeightSource[] {
  const list = Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
  const sources: WeightSource[] = [];
  for (const s of list) {
    if (!isObj(s) || typeof s.uri !== 'string') return [];
    const source: WeightSource = { uri: s.uri };
    put(source, 'include', strList(s, 'include'));
    put(source, 'exclude', strList(s, 'exclude'));
    sources.push(source);
  }
  return sources;
}
