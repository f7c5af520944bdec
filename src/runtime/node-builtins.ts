// Node's http, https and crypto modules for the runtime, loaded through `require`. An ESM import of
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
