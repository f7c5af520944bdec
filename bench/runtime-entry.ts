// What the runtime benches start: the repository root, the runtime entry (dist/coglet.mjs when
// built, else the sources) and the Python interpreter itself, not a version-manager shim
// (pyenv's bash shim adds ~100 ms per start).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const bundle = path.join(root, 'dist', 'coglet.mjs');
export const entry = existsSync(bundle) ? bundle : path.join(root, 'src', 'runtime', 'main.ts');
export const python = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], {
  encoding: 'utf8',
}).trim();
