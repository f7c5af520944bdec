// `cog weights status` (weights.md §9): each cog.yaml weight against weights.lock and the
// registry — `pending` (never imported), `stale` (config differs from the lock), `ready` /
// `incomplete` (every layer blob present, by HEAD, 8 at a time), then lock entries no longer in
// cog.yaml as `orphaned`. A table or JSON on stdout; exit 1 unless every weight is ready.
import type { LoadedConfig, WeightEntry } from '../config/index.ts';
import { CogError } from '../cog-error.ts';
import { openRegistry } from '../image/oci-client.ts';
import { readLock, type LockWeight, type WeightsLock } from './lock-file.ts';
import { compareWithLock } from './weight-plan.ts';
import { normalizePatterns, normalizeSourceUri } from './weight-source.ts';
import {
  formatSize,
  mapLimit,
  resolveWeightsRepo,
  type WeightsReporter,
} from './weights-project.ts';
import { hexOf } from './weight-digests.ts';

export type WeightStatus = 'ready' | 'incomplete' | 'stale' | 'pending' | 'orphaned';

export interface StatusOptions {
  project: LoadedConfig;
  configFile: string;
  json: boolean;
  verbose: boolean;
  env: NodeJS.ProcessEnv;
  /** Default registry of a host-less model ref (`--registry` / COG_REGISTRY_HOST / r8.im). */
  registryHost?: string;
  report: WeightsReporter;
}

interface Row {
  name: string;
  target: string;
  status: WeightStatus;
  entry: LockWeight | undefined;
  layers: Array<{ digest: string; size: number; status: 'ready' | 'missing' }>;
}

export async function weightsStatus(options: StatusOptions): Promise<void> {
  const { project, report } = options;
  const repo = resolveWeightsRepo(
    project.config,
    options.env,
    options.configFile,
    options.registryHost,
  );
  let lock: WeightsLock | undefined;
  try {
    lock = await readLock(project.projectDir);
  } catch (error) {
    report.warn(`Failed to load weights.lock: ${(error as Error).message}`);
  }
  const declared = project.config.weights ?? [];
  const rows: Row[] = declared.map((weight) => {
    const entry = lock?.weights.find((w) => w.name === weight.name);
    const status: WeightStatus =
      entry === undefined ? 'pending' : configDiffers(weight, entry) ? 'stale' : 'ready';
    return { name: weight.name, target: weight.target, status, entry, layers: [] };
  });
  const toCheck = rows.filter((r) => r.status === 'ready');
  if (toCheck.length > 0) {
    const client = await openRegistry(repo, options.env, { attempts: 1 });
    try {
      const checks = toCheck.flatMap((row) =>
        (row.entry?.layers ?? []).map((layer) => ({ row, layer })),
      );
      const present = await mapLimit(checks, 8, ({ layer }) =>
        client.hasBlob(layer.digest).catch(() => false),
      );
      checks.forEach(({ row, layer }, i) =>
        row.layers.push({
          digest: layer.digest,
          size: layer.size,
          status: present[i] ? 'ready' : 'missing',
        }),
      );
      for (const row of toCheck)
        if (row.layers.some((l) => l.status === 'missing')) row.status = 'incomplete';
    } finally {
      await client.close();
    }
  }
  for (const entry of lock?.weights ?? [])
    if (!declared.some((w) => w.name === entry.name))
      rows.push({ name: entry.name, target: entry.target, status: 'orphaned', entry, layers: [] });

  if (options.json) report.output(JSON.stringify({ weights: rows.map(jsonRow) }, null, 2));
  else for (const line of renderTable(rows, options.verbose)) report.output(line);
  if (rows.some((r) => r.status !== 'ready'))
    throw new CogError('WEIGHTS_NOT_READY', 'not all weights are ready', {
      hint: "Run 'cog weights import' to import and push them.",
    });
}

function configDiffers(weight: WeightEntry, entry: LockWeight): boolean {
  let sources;
  try {
    sources = weight.source.map((s, i) => ({
      uri: normalizeSourceUri(s.uri),
      include: normalizePatterns(s.include),
      exclude: normalizePatterns(s.exclude),
      fingerprint: entry.sources[i]?.fingerprint ?? '',
    }));
  } catch {
    return true;
  }
  return compareWithLock(weight, sources, entry).status !== 'unchanged';
}

function jsonRow(row: Row): Record<string, unknown> {
  const entry = row.entry;
  return {
    name: row.name,
    target: row.target,
    status: row.status,
    ...(entry === undefined
      ? {}
      : {
          size: entry.size,
          sizeCompressed: entry.sizeCompressed,
          layerCount: entry.layers.length,
          fileCount: entry.files.length,
          digest: entry.digest,
          source:
            entry.sources.length === 1
              ? { uri: entry.sources[0]?.uri, fingerprint: entry.sources[0]?.fingerprint }
              : entry.sources.map((s) => ({ uri: s.uri, fingerprint: s.fingerprint })),
        }),
    ...(row.layers.length === 0 ? {} : { layers: row.layers }),
  };
}

export function renderTable(rows: readonly Row[], verbose: boolean): string[] {
  const table: string[][] = [['NAME', 'TARGET', 'STATUS', 'SIZE', 'LAYERS', 'DIGEST']];
  for (const row of rows) {
    const e = row.entry;
    table.push([
      row.name,
      row.target,
      row.status,
      e === undefined ? '-' : formatSize(e.size),
      e === undefined ? '-' : String(e.layers.length),
      e === undefined ? '-' : `sha256:${hexOf(e.digest).slice(0, 12)}`,
    ]);
    if (verbose)
      row.layers.forEach((layer, i) =>
        table.push([
          i === row.layers.length - 1 ? '  └─' : '  ├─',
          '',
          layer.status,
          formatSize(layer.size),
          '',
          `sha256:${hexOf(layer.digest).slice(0, 12)}`,
        ]),
      );
  }
  const widths = table[0]!.map((_, c) => Math.max(...table.map((r) => (r[c] ?? '').length)));
  return table.map((r) =>
    r
      .map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]! + 2)))
      .join('')
      .trimEnd(),
  );
}
