// The Swagger UI files `GET /docs` needs (npm package swagger-ui-dist), served from inside the
// image: no CDN. scripts/build.ts gzips them once into `swagger-ui/<name>.gz` beside
// dist/coglet.mjs, images get that directory in the runtime tree, and the server reads a file
// on its first request. Not embedded in the bundle: V8 would hold their 0.6 MB in every
// server (~1.3 MiB of RSS) for a page that is rarely opened. Run from source (tests), they are
// read from node_modules and gzipped here, to the same bytes.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { crypto, zlib } from '../node-builtins.ts';

/** The files of swagger-ui-dist the page loads, by the name they are served under /docs/. */
export const SWAGGER_UI_FILES: Readonly<Record<string, string>> = {
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui.css': 'text/css; charset=utf-8',
};

/** The directory beside coglet.mjs that holds `<name>.gz` for each of SWAGGER_UI_FILES. */
export const SWAGGER_UI_DIR = 'swagger-ui';

export interface SwaggerAsset {
  contentType: string;
  /** The file gzipped: sent as is to clients that accept gzip (every browser). */
  gzipped: Buffer;
  /** A strong validator for If-None-Match. */
  etag: string;
}

/** A served name whose file cannot be read: what the 404 and the log line say. */
export interface MissingSwaggerAsset {
  missing: string;
}

/**
 * One of swagger-ui-dist's files gzipped, as the build writes it. Deterministic: Node's gzip
 * header has mtime 0 and no file name, so the bytes depend on the input (and zlib) only.
 */
export function gzipSwaggerUiFile(distDir: string, name: string): Buffer {
  return zlib().gzipSync(readFileSync(path.join(distDir, name)), { level: 9 });
}

/** Where swagger-ui-dist is installed (build machine and tests; never inside an image). */
export function swaggerUiDistDir(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('swagger-ui-dist/package.json'));
}

/** Bundled: the build's `<name>.gz` files in `gzippedDir`; from source: swagger-ui-dist. */
export type SwaggerUiSource = { gzippedDir: string } | { distDir: string };

/**
 * Looks up /docs/<name>: the asset, a MissingSwaggerAsset when its file cannot be read, or
 * undefined for a name that is not served. Each file is read once, on its first request; a
 * failure is kept too (an image does not grow the files later).
 */
export function swaggerAssetReader(
  source: SwaggerUiSource,
): (name: string) => SwaggerAsset | MissingSwaggerAsset | undefined {
  const cache = new Map<string, SwaggerAsset | MissingSwaggerAsset>();
  return (name) => {
    if (!Object.hasOwn(SWAGGER_UI_FILES, name)) return undefined;
    let entry = cache.get(name);
    if (entry === undefined) {
      entry = readAsset(source, name);
      cache.set(name, entry);
    }
    return entry;
  };
}

function readAsset(source: SwaggerUiSource, name: string): SwaggerAsset | MissingSwaggerAsset {
  const contentType = SWAGGER_UI_FILES[name] ?? 'application/octet-stream';
  const file =
    'gzippedDir' in source
      ? path.join(source.gzippedDir, `${name}.gz`)
      : path.join(source.distDir, name);
  let gzipped: Buffer;
  try {
    gzipped = 'gzippedDir' in source ? readFileSync(file) : gzipSwaggerUiFile(source.distDir, name);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    return { missing: `Swagger UI file ${file} cannot be read (${reason})` };
  }
  const etag = `"${crypto().createHash('sha256').update(gzipped).digest('base64url').slice(0, 22)}"`;
  return { contentType, gzipped, etag };
}

// Defined by scripts/build.ts for dist/coglet.mjs only: there the files are beside the bundle.
declare const __COG_BUNDLED__: boolean | undefined;

let lookup: ReturnType<typeof swaggerAssetReader> | undefined;

/** The asset served as /docs/<name>, from wherever this server runs (see the module comment). */
export function swaggerAsset(name: string): SwaggerAsset | MissingSwaggerAsset | undefined {
  lookup ??= swaggerAssetReader(
    typeof __COG_BUNDLED__ === 'boolean' && __COG_BUNDLED__
      ? { gzippedDir: fileURLToPath(new URL(`./${SWAGGER_UI_DIR}/`, import.meta.url)) }
      : { distDir: swaggerUiDistDir() },
  );
  return lookup(name);
}
