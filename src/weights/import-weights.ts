// `cog weights import [name...]` (weights.md §7): plan and print; then, under the project lock,
// copy the files into the store, pack (or reuse) the layers, write weights.lock atomically,
// prune entries no longer in cog.yaml, and push every weight's layers, config and manifest to
// the model repository at its `cog-weight.*` tag.
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import path from 'node:path';
import type { LoadedConfig } from '../config/index.ts';
import { CogError } from '../cog-error.ts';
import { withCleanup } from '../image/cleanup-stack.ts';
import { openRegistry, type OciClient } from '../image/oci-client.ts';
import { lockProject } from '../image/project-lock.ts';
import { planLayers } from './pack-plan.ts';
import { writeLayer } from './layer-tar.ts';
import {
  readLock,
  serializeLock,
  upsertWeight,
  writeLock,
  type LockLayer,
  type LockWeight,
  type WeightsLock,
} from './lock-file.ts';
import { envelopeFormat, hexOf, setDigest } from './weight-digests.ts';
import { MANIFEST_MEDIA_TYPE, weightManifest, weightTag } from './weight-manifest.ts';
import { planWeight, renderPlan, type WeightPlan } from './weight-plan.ts';
import type { InventoryFile } from './weight-source.ts';
import { WeightStore, weightStoreRoot } from './weight-store.ts';
import {
  formatSize,
  mapLimit,
  resolveWeightsRepo,
  selectWeights,
  type WeightsReporter,
} from './weights-project.ts';

export interface ImportOptions {
  project: LoadedConfig;
  /** The -f value, for messages. */
  configFile: string;
  names: readonly string[];
  dryRun: boolean;
  verbose: boolean;
  env: NodeJS.ProcessEnv;
  /** Default registry of a host-less model ref (`--registry` / COG_REGISTRY_HOST / r8.im). */
  registryHost?: string;
  report: WeightsReporter;
}

interface Built {
  entry: LockWeight;
  /** Layer blob files written this run, by digest (others are rebuilt if the registry lacks them). */
  blobs: Map<string, string>;
  plan: WeightPlan;
}

export async function importWeights(options: ImportOptions): Promise<void> {
  const { project, report } = options;
  const repo = resolveWeightsRepo(
    project.config,
    options.env,
    options.configFile,
    options.registryHost,
  );
  const selected = selectWeights(project.config, options.names, options.configFile);
  const lock = await readLock(project.projectDir);
  const store = new WeightStore(weightStoreRoot(options.env));
  const plans: WeightPlan[] = [];
  for (const weight of selected) {
    const plan = await planWeight(
      weight,
      lock?.weights.find((w) => w.name === weight.name),
      project.projectDir,
      report.info,
      store,
      options.env,
    );
    plans.push(plan);
    for (const line of renderPlan(plan, options.verbose)) report.info(line);
  }
  if (options.dryRun) return;

  report.info(`Building ${plans.length} weight(s)...`);
  await withCleanup(async (stack) => {
    await lockProject(project.projectDir, stack).catch((error: unknown) => {
      throw new CogError('PROJECT_LOCK', 'failed to acquire project lock', { cause: error });
    });
    const scratch = await mkdtemp(path.join(await store.scratch(), 'import-'));
    stack.defer(() => rm(scratch, { recursive: true, force: true }));

    let current: WeightsLock = lock ?? {
      version: 1,
      envelopeFormat: envelopeFormat(),
      weights: [],
    };
    const envelopeChanged = current.envelopeFormat !== envelopeFormat();
    current = { ...current, envelopeFormat: envelopeFormat() };
    const built: Built[] = [];
    for (const plan of plans) {
      const one = await buildWeight(plan, store, scratch, envelopeChanged, report).catch(
        (error: unknown) => {
          throw new CogError(
            'WEIGHT_BUILD',
            `failed to build weight "${plan.weight.name}": ${(error as Error).message}`,
            { cause: error },
          );
        },
      );
      built.push(one);
      current = upsertWeight(current, one.entry);
    }
    const declared = new Set((project.config.weights ?? []).map((w) => w.name));
    current = { ...current, weights: current.weights.filter((w) => declared.has(w.name)) };
    if (lock === undefined || serializeLock(lock) !== serializeLock(current))
      await writeLock(project.projectDir, current);

    for (const { entry } of built)
      report.info(
        `  ${entry.name} -> ${entry.target} (${entry.layers.length} layer(s), ${formatSize(entry.sizeCompressed)})`,
      );
    report.info(`\nPushing ${built.length} weight(s) to ${repo.display}...`);
    const client = await openRegistry(repo, options.env, {
      onRetry: (n) =>
        report.warn(
          `  retrying (${n.attempt}/${n.max}) in ${Math.round(n.delayMs / 1000)}s: ${n.error.message}`,
        ),
    });
    stack.defer(() => client.close());
    const concurrency = Number(options.env.COG_PUSH_CONCURRENCY) || 5;
    await mapLimit(built, concurrency, async (one) => {
      try {
        await pushWeight(client, one, store, scratch, report);
        report.info(`${one.entry.name}: Pushed`);
      } catch (error) {
        report.info(`${one.entry.name}: FAILED`);
        throw new CogError(
          error instanceof CogError ? error.code : 'WEIGHT_PUSH',
          `push weight "${one.entry.name}": ${(error as Error).message}`,
          {
            ...(error instanceof CogError && error.hint !== undefined ? { hint: error.hint } : {}),
            cause: error,
          },
        );
      }
    });
    for (const { entry } of built)
      report.info(`  ${entry.name}: ${repo.display}:${weightTag(entry.name, entry.setDigest)}`);
    report.info(`\nImported ${built.length} weight artifact(s) to ${repo.display}`);
    report.info(`Total: ${formatSize(built.reduce((sum, b) => sum + b.entry.sizeCompressed, 0))}`);
  });
}

async function buildWeight(
  plan: WeightPlan,
  store: WeightStore,
  scratch: string,
  envelopeChanged: boolean,
  report: WeightsReporter,
): Promise<Built> {
  const { weight, files } = plan;
  let copied = 0;
  for (const file of files) {
    if (await store.has(file.digest, file.size)) continue;
    const bytes = file.fetch === undefined ? createReadStream(file.file) : await file.fetch();
    await store.put(bytes, file.digest, file.size);
    copied++;
    report.progress?.(weight.name, `Downloading ${copied}/${files.length}`);
  }
  if (copied > 0) report.info(`${weight.name}: Download complete`);

  const blobs = new Map<string, string>();
  const reused = reusableLayers(plan, envelopeChanged);
  let layers: LockLayer[];
  let fileLayer: Map<string, string>;
  if (reused !== undefined) {
    layers = reused.layers;
    fileLayer = new Map(reused.files.map((f) => [f.path, f.layer]));
  } else {
    layers = [];
    fileLayer = new Map();
    for (const planned of planLayers(files)) {
      const out = path.join(scratch, `layer-${weight.name}-${layers.length}`);
      const written = await writeLayer(
        { ...planned, files: planned.files.map(fromStore(store)) },
        out,
      );
      blobs.set(written.digest, out);
      layers.push({
        digest: written.digest,
        mediaType: planned.mediaType,
        size: written.size,
        sizeUncompressed: planned.files.reduce((sum, f) => sum + f.size, 0),
      });
      for (const f of planned.files) fileLayer.set(f.path, written.digest);
    }
  }
  const content = {
    name: weight.name,
    target: weight.target,
    setDigest: setDigest(files),
    files: files.map((f) => ({
      path: f.path,
      size: f.size,
      digest: f.digest,
      layer: fileLayer.get(f.path) ?? '',
    })),
    layers,
  };
  const { manifest } = weightManifest(content);
  const entry: LockWeight = {
    ...content,
    sources: plan.sources,
    importedAt: new Date().toISOString(),
    digest: manifest.digest,
    size: layers.reduce((sum, l) => sum + l.sizeUncompressed, 0),
    sizeCompressed: layers.reduce((sum, l) => sum + l.size, 0),
  };
  // Nothing but the time changed: keep the old time, so the lock does not churn.
  const previous = plan.previous;
  if (previous !== undefined && sameIgnoringTime(previous, entry))
    entry.importedAt = previous.importedAt;
  return { entry, blobs, plan };
}

function fromStore(store: WeightStore) {
  return (f: InventoryFile) => ({ path: f.path, size: f.size, file: store.filePath(f.digest) });
}

/** The lock's layers, when envelope, config and fingerprints match and the file sets line up. */
function reusableLayers(plan: WeightPlan, envelopeChanged: boolean): LockWeight | undefined {
  const previous = plan.previous;
  if (previous === undefined || envelopeChanged || plan.status !== 'unchanged') return undefined;
  const wanted = plan.files.map((f) => `${f.path} ${f.digest}`).join('\n');
  const locked = [...previous.files]
    .map((f) => `${f.path} ${f.digest}`)
    .sort()
    .join('\n');
  const layerDigests = new Set(previous.layers.map((l) => l.digest));
  if (wanted !== locked || !previous.files.every((f) => layerDigests.has(f.layer)))
    return undefined;
  return previous;
}

function sameIgnoringTime(a: LockWeight, b: LockWeight): boolean {
  const strip = (w: LockWeight) =>
    serializeLock({ version: 1, envelopeFormat: '', weights: [{ ...w, importedAt: '' }] });
  return strip(a) === strip(b);
}

async function pushWeight(
  client: OciClient,
  one: Built,
  store: WeightStore,
  scratch: string,
  report: WeightsReporter,
): Promise<void> {
  const { entry } = one;
  await Promise.all(
    entry.layers.map(async (layer) => {
      const id = `${entry.name}/${hexOf(layer.digest).slice(0, 12)}`;
      if (await client.hasBlob(layer.digest)) return;
      const file = one.blobs.get(layer.digest) ?? (await rebuildLayer(one, layer, store, scratch));
      await client.pushBlob({
        digest: layer.digest,
        size: layer.size,
        mediaType: layer.mediaType,
        open: (range) => createReadStream(file, { highWaterMark: 1024 * 1024, ...range }),
        onProgress: (sent) =>
          report.progress?.(id, `Pushing ${formatSize(sent)}/${formatSize(layer.size)}`),
      });
    }),
  );
  const { config, manifest } = weightManifest(entry);
  await client.pushBlob({
    digest: config.digest,
    size: config.bytes.length,
    open: (range) =>
      range === undefined ? config.bytes : config.bytes.subarray(range.start, range.end + 1),
  });
  await client.putManifest(
    weightTag(entry.name, entry.setDigest),
    MANIFEST_MEDIA_TYPE,
    manifest.bytes,
  );
}

/** A reused layer the registry lacks: packed again from the store; it must come out identical. */
async function rebuildLayer(
  one: Built,
  layer: LockLayer,
  store: WeightStore,
  scratch: string,
): Promise<string> {
  const files = one.entry.files
    .filter((f) => f.layer === layer.digest)
    .map((f) => ({ path: f.path, size: f.size, file: store.filePath(f.digest) }));
  const out = path.join(scratch, `rebuild-${hexOf(layer.digest)}`);
  const gzip = layer.mediaType.endsWith('+gzip');
  const written = await writeLayer(
    {
      mediaType: layer.mediaType,
      gzipLevel: gzip ? (files.length > 1 ? 9 : -1) : undefined,
      files,
    },
    out,
  );
  if (written.digest !== layer.digest)
    throw new CogError(
      'WEIGHT_BUILD',
      `layer ${layer.digest} repacked as ${written.digest}; run 'cog weights import' after deleting its weights.lock entry`,
    );
  return out;
}
