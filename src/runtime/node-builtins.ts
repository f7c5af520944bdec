// Node's http, https, crypto and zlib modules for the runtime, loaded through `require`. An ESM import of
// `node:http` evaluates every export, and http's lazy `WebSocket`/`CloseEvent`/`MessageEvent`
// getters then load undici, http2, zlib and worker_threads: about 8 MB of RSS the server never
// uses. https (tls, OpenSSL) is loaded on the first https URL only; most predictions have none.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

export const http = require('node:http') as typeof import('node:http');

export function https(): typeof import('node:https') {
  return require('node:https') as typeof import('node:https');
}

/** node:crypto on demand: loading it initialises OpenSSL (about 4 MB of RSS). */
export function crypto(): typeof import('node:crypto') {
  return require('node:crypto') as typeof import('node:crypto');
}

/**
 * node:zlib on demand: only the Swagger UI files of /docs use it. The /docs code imported zlib
 * and crypto statically, which loaded both (and OpenSSL) in every server: 1.3 MiB of RSS.
 */
export function zlib(): typeof import('node:zlib') {
  return require('node:zlib') as typeof import('node:zlib');
}
