// Reads a weight layer blob as it streams from the registry (weights.md §8): its bytes are
// hashed on the way (a blob whose digest is not the one asked for fails the pull), gunzipped
// when its media type says so, and each regular file of the tar is handed to `onFile` as a
// stream, with backpressure all the way back to the socket. Directories are skipped, other
// entry types ignored.
import { createHash } from 'node:crypto';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { extract } from 'tar-stream';
import { CogError } from '../cog-error.ts';
import { MEDIA_TYPE_TAR_GZIP } from './weight-digests.ts';

export type FileSink = (path: string, size: number, content: Readable) => Promise<void>;

export async function extractLayer(options: {
  blob: Readable;
  digest: string;
  mediaType: string;
  onFile: FileSink;
  onBytes?: (n: number) => void;
}): Promise<void> {
  const hash = createHash('sha256');
  const measure = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      options.onBytes?.(chunk.length);
      done(null, chunk);
    },
  });
  const tar = extract();
  tar.on('entry', (headers, stream, next) => {
    if (headers.type !== 'file' && headers.type !== 'contiguous-file') {
      stream.resume();
      stream.on('end', () => next());
      return;
    }
    options.onFile(headers.name.replace(/^\.\//, ''), headers.size ?? 0, stream).then(
      () => next(),
      (error: unknown) => {
        stream.resume();
        next(error);
      },
    );
  });
  try {
    if (options.mediaType === MEDIA_TYPE_TAR_GZIP)
      await pipeline(options.blob, measure, createGunzip(), tar);
    else await pipeline(options.blob, measure, tar);
  } catch (error) {
    if (error instanceof CogError) throw error;
    // zlib or tar gave up on the bytes: the blob is damaged, whatever its digest turns out to be.
    throw new CogError(
      'WEIGHT_VERIFY',
      `layer ${options.digest} is corrupt: ${(error as Error).message}`,
      {
        hint: "Run 'cog weights import' again to re-push the weight.",
        cause: error,
      },
    );
  }
  const got = `sha256:${hash.digest('hex')}`;
  if (got !== options.digest)
    throw new CogError('WEIGHT_VERIFY', `digest mismatch: expected ${options.digest}, got ${got}`);
}
