// Planning an import (weights.md §7 step 2): each weight's sources inventoried, filtered and
// merged (a later source's file replaces an earlier one's), then compared with its lock entry:
// `new`, `config-changed`, `upstream-changed` or `unchanged`, with the changes named. The
// printed plan is rendered here too, as the original prints it.
import type { WeightEntry } from '../config/index.ts';
import { CogError } from '../cog-error.ts';
import type { LockSource, LockWeight } from './lock-file.ts';
import { compare } from './lock-file.ts';
import {
  filterFiles,
  inventorySource,
  normalizePatterns,
  normalizeSourceUri,
  type InventoryFile,
} from './weight-source.ts';
import type { WeightStore } from './weight-store.ts';
import { formatSize } from './weights-project.ts';

export type PlanStatus = 'new' | 'config-changed' | 'upstream-changed' | 'unchanged';

export interface WeightPlan {
  weight: WeightEntry;
  sources: LockSource[];
  files: InventoryFile[];
  dropped: InventoryFile[];
  status: PlanStatus;
  changes: string[];
  previous: LockWeight | undefined;
}

export async function planWeight(
  weight: WeightEntry,
  previous: LockWeight | undefined,
  projectDir: string,
  info: (message: string) => void,
  /** Where HTTP sources are downloaded to; without it (a dry run) they cannot be planned. */
  store?: WeightStore,
  /** HF_ENDPOINT, HF_TOKEN / HUGGING_FACE_HUB_TOKEN for hf:// sources. */
  env: NodeJS.ProcessEnv = {},
): Promise<WeightPlan> {
  try {
    const sources: LockSource[] = [];
    const byPath = new Map<string, InventoryFile>();
    const dropped: InventoryFile[] = [];
    for (const [i, source] of weight.source.entries()) {
      const uri = normalizeSourceUri(source.uri);
      const include = normalizePatterns(source.include);
      const exclude = normalizePatterns(source.exclude);
      const inventory = await inventorySource(uri, projectDir, store, env).catch(
        (error: unknown) => {
          throw wrap(`inventory weight "${weight.name}" source[${i}]`, error);
        },
      );
      let filtered: { kept: InventoryFile[]; dropped: InventoryFile[] };
      try {
        filtered = filterFiles(inventory.files, include, exclude);
      } catch (error) {
        throw wrap(`filter weight "${weight.name}" source[${i}]`, error);
      }
      for (const file of filtered.kept) {
        if (byPath.has(file.path))
          info(`weight "${weight.name}": source[${i}] (${uri}) overrides ${file.path}`);
        byPath.set(file.path, file);
      }
      dropped.push(...filtered.dropped);
      sources.push({ uri, fingerprint: inventory.fingerprint, include, exclude });
    }
    const files = [...byPath.values()].sort((a, b) => compare(a.path, b.path));
    if (files.length === 0)
      throw new CogError('WEIGHT_SOURCE', `weight "${weight.name}": inventory is empty`);
    const { status, changes } = compareWithLock(weight, sources, previous);
    return { weight, sources, files, dropped, status, changes, previous };
  } catch (error) {
    throw wrap(`plan weight "${weight.name}"`, error);
  }
}

function wrap(prefix: string, error: unknown): CogError {
  const message = error instanceof Error ? error.message : String(error);
  if (message.startsWith('plan weight ')) return error as CogError;
  return new CogError(
    error instanceof CogError ? error.code : 'WEIGHT_SOURCE',
    `${prefix}: ${message}`,
    {
      ...(error instanceof CogError && error.hint !== undefined ? { hint: error.hint } : {}),
      cause: error,
    },
  );
}

const list = (items: readonly string[]): string => `[${items.join(' ')}]`;

export function compareWithLock(
  weight: Pick<WeightEntry, 'target'>,
  sources: readonly LockSource[],
  previous: LockWeight | undefined,
): { status: PlanStatus; changes: string[] } {
  if (previous === undefined) return { status: 'new', changes: [] };
  const changes: string[] = [];
  if (previous.target !== weight.target)
    changes.push(`target: "${previous.target}" → "${weight.target}"`);
  if (previous.sources.length !== sources.length)
    changes.push(`source count: ${previous.sources.length} → ${sources.length}`);
  const many = sources.length > 1;
  const upstream: string[] = [];
  sources.forEach((source, i) => {
    const old = previous.sources[i];
    if (old === undefined) return;
    const p = many ? `source[${i}].` : '';
    if (old.uri !== source.uri) changes.push(`${p}uri: "${old.uri}" → "${source.uri}"`);
    if (list(old.include) !== list(source.include))
      changes.push(`${p}include: ${list(old.include)} → ${list(source.include)}`);
    if (list(old.exclude) !== list(source.exclude))
      changes.push(`${p}exclude: ${list(old.exclude)} → ${list(source.exclude)}`);
    if (old.fingerprint !== source.fingerprint)
      upstream.push(
        `${many ? `source[${i}] ` : ''}fingerprint: ${old.fingerprint} → ${source.fingerprint}`,
      );
  });
  if (changes.length > 0) return { status: 'config-changed', changes: [...changes, ...upstream] };
  if (upstream.length > 0) return { status: 'upstream-changed', changes: upstream };
  return { status: 'unchanged', changes: [] };
}

export function renderPlan(plan: WeightPlan, verbose: boolean): string[] {
  const icon = plan.status === 'new' ? '+' : plan.status === 'unchanged' ? '=' : '~';
  const { weight } = plan;
  const lines =
    plan.sources.length === 1
      ? [`${icon} ${weight.name}  ${plan.sources[0]?.uri} → ${weight.target}`]
      : [
          `${icon} ${weight.name}  → ${weight.target}`,
          ...plan.sources.map((s, i) => `  source[${i}]: ${s.uri}`),
        ];
  lines.push(`  status: ${plan.status}`);
  for (const change of plan.changes) lines.push(`  changed: ${change}`);
  const size = plan.files.reduce((sum, f) => sum + f.size, 0);
  lines.push(`  files: ${plan.files.length}  size: ${formatSize(size)}`);
  if (verbose) {
    const patterned = plan.sources.some((s) => s.include.length + s.exclude.length > 0);
    if (patterned && plan.dropped.length > 0) {
      lines.push(`  excluded (${plan.dropped.length} files):`);
      for (const f of plan.dropped) lines.push(`    - ${f.path} (${formatSize(f.size)})`);
    }
    lines.push(`  included (${plan.files.length} files):`);
    for (const f of plan.files) lines.push(`    + ${f.path} (${formatSize(f.size)})`);
  }
  lines.push('');
  return lines;
}
