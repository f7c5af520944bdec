// `cog weights pull [NAME...]` (weights.md §8): bring every file of the lock's weights into
// the local store, from the registry only (sources are never consulted). A weight whose files
// are all there costs no request; otherwise its manifest is fetched by digest (bytes checked),
// and each layer holding a missing file is streamed, unpacked on the fly and every file stored
// only after its size and SHA-256 match the lock. A corrupted blob or file is an error and is
// never stored.
import { createHash } from 'node:crypto';
import type { LoadedConfig } from '../config/index.ts';
import { CogError } from '../cog-error.ts';
import { openRegistry } from '../image/oci-client.ts';
import { extractLayer } from './layer-extract.ts';
import { LOCK_FILE_NAME, readLock, type LockWeight } from './lock-file.ts';
import { hexOf } from './weight-digests.ts';
import { MANIFEST_MEDIA_TYPE } from './weight-manifest.ts';
import { WeightStore, weightStoreRoot } from './weight-store.ts';
import { formatSize, resolveWeightsRepo, type WeightsReporter } from './weights-project.ts';
import path from 'node:path';

export interface PullOptions {
  project: LoadedConfig;
  configFile: string;
  names: readonly string[];
  verbose: boolean;
  env: NodeJS.ProcessEnv;
  /** Default registry of a host-less model ref (`--registry` / COG_REGISTRY_HOST / r8.im). */
  registryHost?: string;
  report: WeightsReporter;
}

export async function pullWeights(options: PullOptions): Promise<void> {
  const { project, report } = options;
  if ((project.config.weights ?? []).length === 0)
    throw new CogError('CONFIG_WEIGHTS', `no weights defined in ${options.configFile}`);
  const repo = resolveWeightsRepo(
    project.config,
    options.env,
    options.configFile,
    options.registryHost,
  );
  const lock = await readLock(project.projectDir).catch((error: unknown) => {
    throw new CogError('WEIGHTS_LOCK', `load weights.lock: ${(error as Error).message}`, {
      cause: error,
    });
  });
  if (lock === undefined)
    throw new CogError('WEIGHTS_LOCK', "weights.lock not found (run 'cog weights import' first)");
  const unknown = options.names.filter((n) => !lock.weights.some((w) => w.name === n));
  if (unknown.length > 0) throw new CogError('USAGE', `unknown weight(s): [${unknown.join(' ')}]`);
  const chosen =
    options.names.length === 0
      ? lock.weights
      : [...new Set(options.names)].map(
          (n) => lock.weights.find((w) => w.name === n) as LockWeight,
        );
  const store = new WeightStore(weightStoreRoot(options.env));
  if (options.verbose) {
    report.info(`Cache:    ${store.root}`);
    report.info(`Lockfile: ${path.join(project.projectDir, LOCK_FILE_NAME)}`);
    report.info('');
  }

  let client: Awaited<ReturnType<typeof openRegistry>> | undefined;
  const totals = { bytes: 0, files: 0, layers: 0, cached: 0 };
  try {
    for (const weight of chosen) {
      const missing = [];
      for (const file of weight.files)
        if (!(await store.has(file.digest, file.size))) missing.push(file);
      if (missing.length === 0) {
        report.info(
          `Pulling ${weight.name}... cached (${weight.files.length}/${weight.files.length} files)`,
        );
        totals.cached++;
        continue;
      }
      client ??= await openRegistry(repo, options.env, {
        onRetry: (n) =>
          report.warn(
            `  retrying (${n.attempt}/${n.max}) in ${Math.round(n.delayMs / 1000)}s: ${n.error.message}`,
          ),
      });
      const ref = `${repo.display}@${weight.digest}`;
      if (options.verbose) {
        report.info(`Pulling ${weight.name} -> ${weight.target}`);
        report.info(`  manifest: ${ref}`);
        report.info(`  files:    ${missing.length} missing / ${weight.files.length} total`);
      } else report.info(`Pulling ${weight.name}... (${missing.length} file(s))`);
      try {
        await client.getManifest(weight.digest, [MANIFEST_MEDIA_TYPE]).catch((error: unknown) => {
          throw new CogError(
            'REGISTRY_ERROR',
            `fetch weight manifest ${ref}: ${(error as Error).message}`,
            { cause: error },
          );
        });
        const pulled = await pullLayers(client, weight, missing, store, options);
        totals.bytes += pulled.bytes;
        totals.files += pulled.files;
        totals.layers += pulled.layers;
        report.info(
          `Pulling ${weight.name}... done (${formatSize(pulled.bytes)}, ${pulled.files} file(s), ${pulled.layers} layer(s))`,
        );
      } catch (error) {
        throw new CogError(
          error instanceof CogError ? error.code : 'WEIGHT_PULL',
          `pull ${weight.name}: ${(error as Error).message}`,
          {
            ...(error instanceof CogError && error.hint !== undefined ? { hint: error.hint } : {}),
            cause: error,
          },
        );
      }
    }
  } finally {
    await client?.close();
  }
  if (totals.cached === chosen.length) {
    if (options.verbose) report.info('');
    report.info(`All ${chosen.length} weight(s) already cached.`);
    return;
  }
  if (options.verbose) report.info('');
  report.info(
    `Pulled ${formatSize(totals.bytes)} across ${totals.files} file(s) / ${totals.layers} layer(s) for ${chosen.length - totals.cached} weight(s); ${totals.cached} already cached.`,
  );
}

async function pullLayers(
  client: Awaited<ReturnType<typeof openRegistry>>,
  weight: LockWeight,
  missing: LockWeight['files'],
  store: WeightStore,
  options: PullOptions,
): Promise<{ bytes: number; files: number; layers: number }> {
  const { report } = options;
  const missingByPath = new Map(missing.map((f) => [f.path, f]));
  const layerDigests = [...new Set(missing.map((f) => f.layer))];
  let bytes = 0;
  let files = 0;
  for (const digest of layerDigests) {
    const layer = weight.layers.find((l) => l.digest === digest);
    if (layer === undefined)
      throw new CogError(
        'WEIGHTS_LOCK',
        `file layer ${digest} is not among the weight's layers in weights.lock`,
      );
    if (options.verbose)
      report.info(`  layer ${hexOf(digest).slice(0, 12)} (${formatSize(layer.size)})`);
    const expected = new Map(
      weight.files.filter((f) => f.layer === digest).map((f) => [f.path, f]),
    );
    const seen = new Set<string>();
    await extractLayer({
      blob: await client.getBlob(digest),
      digest,
      mediaType: layer.mediaType,
      onFile: async (filePath, size, content) => {
        const file = expected.get(filePath);
        if (file === undefined)
          throw new CogError(
            'WEIGHT_VERIFY',
            `layer ${digest}: unexpected file "${filePath}" not in lockfile`,
          );
        seen.add(filePath);
        if (!missingByPath.has(filePath) || (await store.has(file.digest, file.size))) {
          content.resume();
          await new Promise((resolve) => content.on('end', resolve));
          return;
        }
        if (size !== file.size)
          throw new CogError(
            'WEIGHT_VERIFY',
            `size mismatch for ${file.digest}: expected ${file.size} bytes, got ${size}`,
          );
        const id = `${hexOf(file.digest).slice(0, 12)}-${createHash('sha256').update(`${weight.name}\0${file.path}`).digest('hex').slice(0, 8)}`;
        await store.put(content, file.digest, file.size, (got) =>
          report.progress?.(id, `Downloading ${formatSize(got)}/${formatSize(file.size)}`),
        );
        report.info(`${id}: Download complete`);
        if (options.verbose)
          report.info(
            `    ${file.path} (${formatSize(file.size)}) ${hexOf(file.digest).slice(0, 12)}`,
          );
        bytes += file.size;
        files++;
      },
    });
    for (const filePath of expected.keys())
      if (!seen.has(filePath))
        throw new CogError('WEIGHT_VERIFY', `layer ${digest}: missing expected file "${filePath}"`);
  }
  return { bytes, files, layers: layerDigests.length };
}
