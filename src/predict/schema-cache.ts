// A cache of the model's OpenAPI schema keyed by a fingerprint of the sources that decide it
// (every `.py` file, the config file, the requirements file, the CLI version). With a hit,
// `cog run` validates inputs before it builds anything, as the original does with its static
// schema; on a miss the schema comes from the dev build as usual. Stored in
// `<project>/.cog/schema-cache.json`, which never enters a build context.
import type { OpenApiDocument } from '../contracts/openapi-document.ts';
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isObject } from '../image/openapi-schema.ts';

const SKIPPED_DIRS = new Set(['node_modules', '__pycache__', 'venv', 'site-packages']);
const MAX_FILES = 10_000;
const CACHE_FILE = 'schema-cache.json';

export interface FingerprintInput {
  projectDir: string;
  /** Project-relative files that always count (config, requirements). */
  extraFiles: readonly string[];
  cogVersion: string;
}

/** sha256 over the sorted project-relative paths and contents of the inputs. */
export async function sourceFingerprint(input: FingerprintInput): Promise<string | undefined> {
  const files = new Set(input.extraFiles);
  const found = await listPythonFiles(input.projectDir);
  if (found === undefined) return undefined;
  for (const file of found) files.add(file);
  const hash = createHash('sha256').update(`cog ${input.cogVersion}\n`);
  for (const file of [...files].sort()) {
    const contents = await readFile(path.join(input.projectDir, file)).catch(() => Buffer.alloc(0));
    hash.update(`${file}\n${contents.length}\n`).update(contents);
  }
  return hash.digest('hex');
}

/** Project-relative `.py` files, skipping hidden and environment directories; undefined when too many. */
async function listPythonFiles(root: string): Promise<string[] | undefined> {
  const out: string[] = [];
  const walk = async (dir: string, depth: number): Promise<boolean> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (entry.name.startsWith('.')) continue;
      const abs = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (SKIPPED_DIRS.has(entry.name) || depth >= 8) continue;
        if (!(await walk(abs, depth + 1))) return false;
      } else if (entry.isFile() && entry.name.endsWith('.py')) {
        out.push(path.relative(root, abs).split(path.sep).join('/'));
        if (out.length > MAX_FILES) return false;
      }
    }
    return true;
  };
  return (await walk(root, 0)) ? out : undefined;
}

export async function readSchemaCache(
  projectDir: string,
  fingerprint: string | undefined,
): Promise<OpenApiDocument | undefined> {
  if (fingerprint === undefined) return undefined;
  try {
    const cache = JSON.parse(
      await readFile(path.join(projectDir, '.cog', CACHE_FILE), 'utf8'),
    ) as unknown;
    if (!isObject(cache) || cache.fingerprint !== fingerprint || !isObject(cache.schema))
      return undefined;
    return cache.schema;
  } catch {
    return undefined;
  }
}

export async function writeSchemaCache(
  projectDir: string,
  fingerprint: string | undefined,
  schema: OpenApiDocument,
): Promise<void> {
  if (fingerprint === undefined) return;
  await mkdir(path.join(projectDir, '.cog'), { recursive: true });
  await writeFile(
    path.join(projectDir, '.cog', CACHE_FILE),
    JSON.stringify({ fingerprint, schema }),
  );
}
