// Writes docs/user/cog-yaml.md from the JSON schema (src/config/cog-yaml-reference.ts).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderCogYamlReference } from '../src/config/cog-yaml-reference.ts';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const target = path.join(root, 'docs', 'user', 'cog-yaml.md');
writeFileSync(target, renderCogYamlReference());
process.stdout.write(`wrote ${path.relative(root, target)}\n`);
