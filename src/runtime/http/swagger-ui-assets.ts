// The Swagger UI files `GET /docs` needs (npm package swagger-ui-dist), gzipped once at build
// time and embedded in dist/coglet.mjs (scripts/build.ts defines __COG_SWAGGER_UI__), so an image
// serves them offline: no CDN, nothing extra to copy into the image. Run from source (tests),
// they are read from node_modules on first use.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { crypto, zlib } from '../node-builtins.ts';

/** The files of swagger-ui-dist the page loads, by the name they are served under /docs/. */
export const SWAGGER_UI_FILES: Readonly<Record<string, string>> = {
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui.css': 'text/css; charset=utf-8',
};

export interface SwaggerAsset {
  contentType: string;
  /** The file gzipped: sent as is to clients that accept gzip (every browser). */
  gzipped: Buffer;
  /** A strong validator for If-None-Match. */
  etag: string;
}

/** `{ name: base64 of the gzipped file }`: the build script embeds this object. */
export function readSwaggerUiFiles(distDir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of Object.keys(SWAGGER_UI_FILES)) {
    files[name] = zlib()
      .gzipSync(readFileSync(path.join(distDir, name)), { level: 9 })
      .toString('base64');
  }
  return files;
}

/** Where swagger-ui-dist is installed (build machine and tests; never inside an image). */
export function swaggerUiDistDir(): string {
  const require = createRequire(import.meta.url);
  return path.dirname(require.resolve('swagger-ui-dist/package.json'));
}

declare const __COG_SWAGGER_UI__: Record<string, string> | undefined;

let assets: Map<string, SwaggerAsset> | undefined;

/** The asset served as /docs/<name>, or undefined for any other name. Decoded on first use. */
export function swaggerAsset(name: string): SwaggerAsset | undefined {
  if (!Object.hasOwn(SWAGGER_UI_FILES, name)) return undefined;
  assets ??= decode(
    typeof __COG_SWAGGER_UI__ === 'object'
      ? __COG_SWAGGER_UI__
      : readSwaggerUiFiles(swaggerUiDistDir()),
  );
  return assets.get(name);
}

function decode(files: Record<string, string>): Map<string, SwaggerAsset> {
  const map = new Map<string, SwaggerAsset>();
  for (const [name, contentType] of Object.entries(SWAGGER_UI_FILES)) {
    const base64 = files[name];
    if (base64 === undefined) continue;
    const gzipped = Buffer.from(base64, 'base64');
    const etag = `"${crypto().createHash('sha256').update(gzipped).digest('base64url').slice(0, 22)}"`;
    map.set(name, { contentType, gzipped, etag });
  }
  return map;
}
