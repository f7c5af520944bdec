// What a model image adds on top of its base image, layer by layer: the uncompressed size (the
// layer tar as `docker save` writes it) and the gzip size (what a registry push stores and a
// pull transfers, at gzip's default level as Docker compresses). Also which layers two images
// share, i.e. what a host with both stores and pulls once.
import { execa } from 'execa';
import { createHash } from 'node:crypto';
import { createGzip } from 'node:zlib';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';

export interface LayerSize {
  /** `sha256:…`, the uncompressed layer's digest (`.RootFS.Layers`). */
  diffId: string;
  bytes: number;
  gzipBytes: number;
}

/** The diff IDs of an image's layers, base first. */
export async function layerIds(image: string): Promise<string[]> {
  const { stdout } = await execa('docker', [
    'image',
    'inspect',
    '-f',
    '{{json .RootFS.Layers}}',
    image,
  ]);
  return JSON.parse(String(stdout)) as string[];
}

/** Sizes of the layers of `image` that `base` does not have, in image order. */
export async function addedLayers(image: string, base: string): Promise<LayerSize[]> {
  const ids = await layerIds(image);
  const baseIds = new Set(await layerIds(base));
  const wanted = new Set(ids.filter((id) => !baseIds.has(id)));
  const sizes = new Map<string, LayerSize>();
  const extract = tar.extract();
  extract.on('entry', (header, stream, next) => {
    // docker save (Engine ≥ 25) writes an OCI layout: uncompressed layers under blobs/sha256/
    // named by their digest; older engines write <id>/layer.tar. Either way we hash the bytes.
    const name = header.name;
    if (!/^blobs\/sha256\/[0-9a-f]{64}$/.test(name) && !name.endsWith('/layer.tar')) {
      stream.on('end', next);
      stream.resume();
      return;
    }
    const hash = createHash('sha256');
    let bytes = 0;
    let gzipBytes = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        bytes += chunk.length;
        hash.update(chunk);
        callback(null, chunk);
      },
    });
    const count = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        gzipBytes += chunk.length;
        callback();
      },
    });
    pipeline(stream, tap, createGzip(), count).then(() => {
      const diffId = `sha256:${hash.digest('hex')}`;
      if (wanted.has(diffId)) sizes.set(diffId, { diffId, bytes, gzipBytes });
      next();
    }, next);
  });
  const save = execa('docker', ['save', image], { buffer: false, encoding: 'buffer' });
  if (save.stdout === null) throw new Error('docker save: no output stream');
  await Promise.all([pipeline(save.stdout, extract), save]);
  const missing = [...wanted].filter((id) => !sizes.has(id));
  if (missing.length > 0)
    throw new Error(`docker save ${image}: layers not found: ${missing.join(', ')}`);
  return ids.filter((id) => wanted.has(id)).map((id) => sizes.get(id) as LayerSize);
}

/** Layers of `a` (beyond `base`) that `b` has too. */
export async function sharedLayers(a: string, b: string, base: string): Promise<string[]> {
  const baseIds = new Set(await layerIds(base));
  const bIds = new Set(await layerIds(b));
  return (await layerIds(a)).filter((id) => !baseIds.has(id) && bIds.has(id));
}
