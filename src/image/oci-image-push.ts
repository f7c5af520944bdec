// `COG_PUSH_OCI=1` (cli.md §11.3): the image goes to the registry through our OCI client
// instead of the daemon's push, so big layers get chunked, retried uploads. The image is
// exported from the daemon (`docker save`, streamed to a scratch directory, never held in
// memory), each plain layer gzipped there (BestSpeed, as go-containerregistry), then layers
// (`COG_PUSH_CONCURRENCY` at a time), the config blob and a Docker schema-2 manifest are
// pushed; the digest comes from a HEAD of the tag afterwards, as the original. The caller
// falls back to the daemon push on errors other than auth and interruption.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { constants as zlib, createGzip } from 'node:zlib';
import { extract } from 'tar-stream';
import { CogError } from '../cog-error.ts';
import { withCleanup } from './cleanup-stack.ts';
import { dockerCall, type DockerClient } from './docker-client.ts';
import { openRegistry, type ByteRange, type RegistryRef } from './oci-client.ts';
import { registryHost } from './registry-auth.ts';

export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
const DOCKER_CONFIG = 'application/vnd.docker.container.image.v1+json';
const DOCKER_LAYER_GZIP = 'application/vnd.docker.image.rootfs.diff.tar.gzip';
export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
const OCI_LAYER_GZIP = 'application/vnd.oci.image.layer.v1.tar+gzip';
const OCI_LAYER_ZSTD = 'application/vnd.oci.image.layer.v1.tar+zstd';

export interface BlobDescriptor {
  digest: string;
  size: number;
}

export interface PushedLayer extends BlobDescriptor {
  compression: 'gzip' | 'zstd';
}

/**
 * The image manifest over the pushed blobs: Docker schema 2 (what the daemon's push and
 * go-containerregistry's tarball image produce), or OCI when a layer is zstd, which schema 2
 * cannot name. Compact bytes, keys in the usual order.
 */
export function imageManifest(
  config: BlobDescriptor,
  layers: readonly PushedLayer[],
): { mediaType: string; bytes: Buffer } {
  const oci = layers.some((l) => l.compression === 'zstd');
  const mediaType = oci ? OCI_MANIFEST : DOCKER_MANIFEST;
  const manifest = {
    schemaVersion: 2,
    mediaType,
    config: {
      mediaType: oci ? OCI_CONFIG : DOCKER_CONFIG,
      size: config.size,
      digest: config.digest,
    },
    layers: layers.map((l) => ({
      mediaType:
        l.compression === 'zstd' ? OCI_LAYER_ZSTD : oci ? OCI_LAYER_GZIP : DOCKER_LAYER_GZIP,
      size: l.size,
      digest: l.digest,
    })),
  };
  return { mediaType, bytes: Buffer.from(JSON.stringify(manifest)) };
}

/** An error for the fallback warning: no upload-session state or credentials from URLs. */
export function sanitizeError(message: string): string {
  return message
    .replace(/(\b[a-z][a-z0-9+.-]*:\/\/)[^/\s@]*@/gi, '$1')
    .replace(/(\bhttps?:\/\/[^\s?#]+)[?#]\S*?(?=:\s|\s|:?$)/gi, '$1')
    .split('\n')[0]!
    .trim();
}

/** Auth refusals and interruptions are final; anything else may still go through the daemon. */
export function fallsBackToDaemon(error: unknown): boolean {
  if (error instanceof CogError && (error.code === 'REGISTRY_AUTH' || error.code === 'INTERRUPTED'))
    return false;
  const status = (error as { status?: number }).status;
  if (status === 401 || status === 403) return false;
  return (error as Error).name !== 'AbortError';
}

/** Where `<host>/<path>` lives for the OCI client (Docker Hub's API host and `library/`). */
export function registryRefOf(repository: string): RegistryRef {
  const host = registryHost(repository);
  if (host !== 'docker.io') return { host, repository: repository.slice(host.length + 1) };
  const name = repository.replace(/^docker\.io\//, '');
  return {
    host: 'registry-1.docker.io',
    repository: name.includes('/') ? name : `library/${name}`,
  };
}

interface SavedFile {
  file: string;
  size: number;
  digest: string;
}

interface SavedImage {
  config: Buffer;
  /** In manifest order: the layer's file in the scratch dir. */
  layers: SavedFile[];
}

/**
 * `docker save` of one image into `dir`: every regular file of the archive stored under a
 * name of ours (archive names never become paths) and hashed on the way; symlinks (the legacy
 * `<id>/layer.tar` entries) resolved; then its `manifest.json` read.
 */
export async function exportImage(
  client: DockerClient,
  image: string,
  dir: string,
): Promise<SavedImage> {
  const archive = await dockerCall(
    client,
    () => client.api.getImage(image).get() as Promise<Readable>,
    image,
  );
  const files = new Map<string, SavedFile>();
  const links = new Map<string, string>();
  const tar = extract();
  let n = 0;
  tar.on('entry', (headers, stream, next) => {
    const name = path.posix.normalize(headers.name.replace(/^\.\//, ''));
    if (headers.type === 'symlink' && headers.linkname !== undefined) {
      links.set(
        name,
        path.posix.normalize(path.posix.join(path.posix.dirname(name), headers.linkname)),
      );
    }
    if (headers.type !== 'file' && headers.type !== 'contiguous-file') {
      stream.resume();
      stream.on('end', () => next());
      return;
    }
    const file = path.join(dir, `entry-${n++}`);
    const hash = createHash('sha256');
    let size = 0;
    const measure = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        size += chunk.length;
        done(null, chunk);
      },
    });
    pipeline(stream, measure, createWriteStream(file, { flags: 'wx' })).then(
      () => {
        files.set(name, { file, size, digest: `sha256:${hash.digest('hex')}` });
        next();
      },
      (error: unknown) => next(error),
    );
  });
  await pipeline(archive, tar).catch((error: unknown) => {
    throw new CogError('PUSH_FAILED', `export image ${image}: ${(error as Error).message}`, {
      cause: error,
    });
  });
  // Docker 25+ stores the blobs by their digest: a file that does not hash to its name is damaged.
  for (const [name, saved] of files) {
    const named = /^blobs\/sha256\/([0-9a-f]{64})$/.exec(name)?.[1];
    if (named !== undefined && saved.digest !== `sha256:${named}`)
      throw new CogError(
        'PUSH_FAILED',
        `export image ${image}: ${name} holds ${saved.digest}, not sha256:${named}`,
      );
  }
  const lookup = (name: string): SavedFile => {
    let at = path.posix.normalize(name);
    for (let hop = 0; hop < 8 && !files.has(at) && links.has(at); hop++) at = links.get(at)!;
    const found = files.get(at);
    if (found === undefined)
      throw new CogError('PUSH_FAILED', `export image ${image}: ${name} is not in the archive`);
    return found;
  };
  const manifest = JSON.parse(await readFile(lookup('manifest.json').file, 'utf8')) as Array<{
    Config?: string;
    Layers?: string[];
  }>;
  const entry = manifest[0];
  if (entry?.Config === undefined || !Array.isArray(entry.Layers))
    throw new CogError('PUSH_FAILED', `export image ${image}: manifest.json names no image`);
  return {
    config: await readFile(lookup(entry.Config).file),
    layers: entry.Layers.map(lookup),
  };
}

/**
 * A layer as it goes up: already compressed (gzip, zstd) as saved, else gzipped next to it
 * (the plain file removed), its digest taken from the compressed bytes.
 */
async function compressedLayer(saved: SavedFile): Promise<PushedLayer & { file: string }> {
  const head = Buffer.alloc(4);
  const handle = await open(saved.file, 'r');
  try {
    await handle.read(head, 0, 4, 0);
  } finally {
    await handle.close();
  }
  if (head[0] === 0x1f && head[1] === 0x8b) return { ...saved, compression: 'gzip' };
  if (head.equals(Buffer.from([0x28, 0xb5, 0x2f, 0xfd]))) return { ...saved, compression: 'zstd' };
  const file = `${saved.file}.gz`;
  const hash = createHash('sha256');
  const measure = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      done(null, chunk);
    },
  });
  await pipeline(
    createReadStream(saved.file),
    createGzip({ level: zlib.Z_BEST_SPEED }),
    measure,
    createWriteStream(file, { flags: 'wx' }),
  );
  await rm(saved.file, { force: true });
  const { size } = await stat(file);
  return { file, size, digest: `sha256:${hash.digest('hex')}`, compression: 'gzip' };
}

export async function pushImageOci(
  client: DockerClient,
  target: { repository: string; tag: string },
  options: { env: NodeJS.ProcessEnv; progress: (line: string) => void },
): Promise<string | undefined> {
  const image = `${target.repository}:${target.tag}`;
  // The scratch copy may be gigabytes: removed on every exit, Ctrl-C included.
  return withCleanup(async (stack) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cog-oci-push-'));
    stack.defer(() => rm(dir, { recursive: true, force: true }));
    options.progress('Exporting image from Docker daemon...');
    const saved = await exportImage(client, image, dir);
    const registry = await openRegistry(registryRefOf(target.repository), options.env);
    stack.defer(() => registry.close());
    options.progress('Pushing layers...');
    // One upload per saved file, even when the manifest lists a layer twice.
    const uploads = new Map<string, Promise<PushedLayer>>();
    const upload = async (savedLayer: SavedFile): Promise<PushedLayer> => {
      const layer = await compressedLayer(savedLayer);
      const short = layer.digest.slice('sha256:'.length, 'sha256:'.length + 12);
      options.progress(`${short}: Pushing`);
      const result = await registry.pushBlob({
        digest: layer.digest,
        size: layer.size,
        open: (range?: ByteRange) => createReadStream(layer.file, range ?? {}),
      });
      options.progress(`${short}: ${result === 'exists' ? 'Layer already exists' : 'Pushed'}`);
      await rm(layer.file, { force: true });
      return { digest: layer.digest, size: layer.size, compression: layer.compression };
    };
    const concurrency = Number(options.env.COG_PUSH_CONCURRENCY) || 5;
    const layers = await mapLimit(saved.layers, concurrency, (savedLayer) => {
      let pending = uploads.get(savedLayer.file);
      if (pending === undefined) uploads.set(savedLayer.file, (pending = upload(savedLayer)));
      return pending;
    });
    const config = {
      digest: `sha256:${createHash('sha256').update(saved.config).digest('hex')}`,
      size: saved.config.length,
    };
    await registry.pushBlob({ ...config, open: () => saved.config });
    const manifest = imageManifest(config, layers);
    await registry.putManifest(target.tag, manifest.mediaType, manifest.bytes);
    // Best effort, as the original: without it the tag reference is printed instead.
    return registry
      .headManifest(target.tag, [manifest.mediaType])
      .then((d) => d.digest || undefined)
      .catch(() => undefined);
  });
}

/** At most `limit` at once, results in input order; after a failure no new item starts. */
async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (next < items.length && !failed) {
      const i = next++;
      try {
        results[i] = await work(items[i] as T);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  const workers = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker);
  // Every worker settles before the scratch directory goes.
  const settled = await Promise.allSettled(workers);
  const failure = settled.find((r) => r.status === 'rejected');
  if (failure !== undefined) throw failure.reason;
  return results;
}
