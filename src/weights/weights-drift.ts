// The drift check of `cog build` / `push` / `run` / `predict` / `serve` / `train` (weights.md
// §10): cog.yaml's weights against weights.lock, without the network. Any difference fails
// the command before it builds, naming each weight and what changed.
import type { CogConfig, WeightEntry } from '../config/index.ts';
import { CogError } from '../cog-error.ts';
import { readLock, type LockWeight, type WeightsLock } from './lock-file.ts';
import { normalizePatterns, normalizeSourceUri } from './weight-source.ts';

const list = (items: readonly string[]): string => `[${items.join(' ')}]`;

function configChanges(weight: WeightEntry, entry: LockWeight): string[] {
  const changes: string[] = [];
  if (weight.target !== entry.target) changes.push(`target: ${entry.target} → ${weight.target}`);
  if (weight.source.length !== entry.sources.length)
    changes.push(`source count: ${entry.sources.length} → ${weight.source.length}`);
  const many = weight.source.length > 1;
  weight.source.forEach((source, i) => {
    const old = entry.sources[i];
    if (old === undefined) return;
    const p = many ? `source[${i}].` : '';
    let uri: string;
    try {
      uri = normalizeSourceUri(source.uri);
    } catch {
      uri = source.uri;
    }
    if (uri !== old.uri) changes.push(`${p}uri: ${old.uri} → ${uri}`);
    const include = normalizePatterns(source.include);
    const exclude = normalizePatterns(source.exclude);
    if (list(include) !== list(old.include))
      changes.push(`${p}include: ${list(old.include)} → ${list(include)}`);
    if (list(exclude) !== list(old.exclude))
      changes.push(`${p}exclude: ${list(old.exclude)} → ${list(exclude)}`);
  });
  return changes;
}

/** One line per out-of-sync weight; empty when cog.yaml and the lock agree. */
export function weightsDrift(
  weights: readonly WeightEntry[],
  lock: WeightsLock | undefined,
): string[] {
  const lines: string[] = [];
  for (const weight of weights) {
    const entry = lock?.weights.find((w) => w.name === weight.name);
    if (entry === undefined) {
      lines.push(`"${weight.name}": not imported yet`);
      continue;
    }
    const changes = configChanges(weight, entry);
    if (changes.length > 0) lines.push(`"${weight.name}": config changed (${changes.join('; ')})`);
  }
  for (const entry of lock?.weights ?? [])
    if (!weights.some((w) => w.name === entry.name))
      lines.push(`"${entry.name}": removed from cog.yaml but still in lockfile`);
  return lines;
}

export async function checkWeightsDrift(projectDir: string, config: CogConfig): Promise<void> {
  const weights = config.weights ?? [];
  if (weights.length === 0) return;
  const lock = await readLock(projectDir).catch((error: unknown) => {
    throw new CogError('WEIGHTS_LOCK', `load weights.lock: ${(error as Error).message}`, {
      cause: error,
    });
  });
  const drift = weightsDrift(weights, lock);
  if (drift.length === 0) return;
  throw new CogError(
    'WEIGHTS_DRIFT',
    ['weights.lock is out of sync with cog.yaml:', ...drift.map((line) => `  - ${line}`)].join(
      '\n',
    ),
    { hint: "Run 'cog weights import' to update." },
  );
}
