// Writes docs/cli/reference.md from the command definitions (src/cli/cli-reference.ts).
// Run after changing a command's flags or help: `node scripts/generate-cli-docs.ts`.
// `--check` exits 1 when the committed file is out of date instead of writing it.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderCliReference } from '../src/cli/cli-reference.ts';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const target = path.join(root, 'docs', 'cli', 'reference.md');
const text = renderCliReference();

if (process.argv.includes('--check')) {
  const current = readFileSync(target, 'utf8');
  if (current !== text) {
    process.stderr.write(
      'docs/cli/reference.md is out of date; run: node scripts/generate-cli-docs.ts\n',
    );
    process.exitCode = 1;
  }
} else {
  writeFileSync(target, text);
  process.stdout.write(`wrote ${path.relative(root, target)}\n`);
}
