// docs/user/cog-yaml.md, generated from our JSON schema (cog-yaml-schema.ts) so the reference
// cannot drift from what Cog accepts: every field the schema has is listed with its type and
// whether it is required, and must have a description here (a test fails otherwise).
import { cogYamlSchema, type JsonSchema } from './cog-yaml-schema.ts';

/** What each field means, for users. Keys are the display paths `fieldRows` produces. */
export const FIELD_DESCRIPTIONS: Readonly<Record<string, string>> = {
  build: 'The build environment. When present, `build.python_version` is required.',
  'build.gpu': 'Build a CUDA image and give the container the GPUs. Default `false`.',
  'build.python_version':
    'Python version, `"3.13"` or `"3.13.1"`. Quote it (YAML reads 3.10 as 3.1).',
  'build.python_requirements':
    'Path of a pip requirements file, relative to `cog.yaml`, e.g. `requirements.txt`.',
  'build.python_packages': 'Deprecated: pip requirement lines; use `python_requirements` instead.',
  'build.system_packages': 'Debian/Ubuntu packages installed with apt, e.g. `libgl1`.',
  'build.pre_install': 'Deprecated: commands run before the Python packages; use `build.run`.',
  'build.run': 'Commands run (in order) after the environment is set up.',
  'build.run[]': 'A shell command string, or a mapping with `command` and `mounts`.',
  'build.run[].command': 'The shell command.',
  'build.run[].mounts': 'Secrets mounted for this command only (`cog build --secret`).',
  'build.run[].mounts[].type': 'Always `secret`.',
  'build.run[].mounts[].id': 'The secret id given to `cog build --secret id=…`.',
  'build.run[].mounts[].target': 'Where the secret file appears during the command.',
  'build.cuda': 'CUDA version, e.g. `"12.4"`; default: the newest that fits your torch/tensorflow.',
  'build.cudnn': 'cuDNN version, e.g. `"9"`; default: the one that fits `cuda`.',
  'build.sdk_version': 'Pin the version of the Cog Python SDK installed in the image.',
  run: 'The predictor: `file.py:ClassName`, e.g. `run.py:Runner`.',
  predict: 'Deprecated name of `run` (`predict.py:Predictor`); `cog doctor --fix` renames it.',
  train: 'The trainer for `cog train`: `train.py:train` (a function) or `train.py:Trainer`.',
  image: 'The image name `cog build` and `cog push` use when none is given.',
  model: 'Repository of a model bundle (image plus managed weights), without a tag.',
  concurrency: 'Deprecated: use `@cog.concurrent(max=N)` on an async `run()`.',
  'concurrency.max': 'How many predictions run at once.',
  'concurrency.default_target': 'Accepted and ignored.',
  environment: 'Environment variables, `NAME=value`, set at build and at run time.',
  weights: 'Managed weights: files fetched into the image at a target path.',
  'weights[].name': 'A name for this set of weights.',
  'weights[].target': 'Absolute path in the container where the weights appear.',
  'weights[].source': 'Where the weights come from: one source, or a list of them.',
  'weights[].source.uri': 'The source, e.g. `hf://org/repo` or a URL.',
  'weights[].source.include': 'Glob patterns of files to take (default: all).',
  'weights[].source.exclude': 'Glob patterns of files to leave out.',
  'weights[].source[].uri': 'As `source.uri`, for each source of a list.',
  'weights[].source[].include': 'As `source.include`, for each source of a list.',
  'weights[].source[].exclude': 'As `source.exclude`, for each source of a list.',
};

export interface FieldRow {
  field: string;
  type: string;
  required: boolean;
}

function resolve(schema: JsonSchema): JsonSchema {
  if (schema.$ref === undefined) return schema;
  return cogYamlSchema.$defs?.[schema.$ref.replace('#/$defs/', '')] ?? {};
}

function typeName(schema: JsonSchema): string {
  const s = resolve(schema);
  const types = s.type === undefined ? [] : Array.isArray(s.type) ? s.type : [s.type];
  return types
    .map((t) =>
      t === 'array' && s.items !== undefined
        ? `list of ${typeName(s.items)}`
        : t === 'object'
          ? 'mapping'
          : t === 'array'
            ? 'list'
            : t,
    )
    .join(' or ');
}

/** Every field of the schema, depth first, in schema order. */
export function fieldRows(schema: JsonSchema = cogYamlSchema, prefix = ''): FieldRow[] {
  const rows: FieldRow[] = [];
  const s = resolve(schema);
  const branches = [s, s.then, s.else].filter((b): b is JsonSchema => b !== undefined).map(resolve);
  const seen = new Set<string>();
  for (const branch of branches) {
    for (const [key, child] of Object.entries(branch.properties ?? {})) {
      const field = prefix === '' ? key : `${prefix}.${key}`;
      if (seen.has(field)) continue;
      seen.add(field);
      rows.push({ field, type: typeName(child), required: (branch.required ?? []).includes(key) });
      rows.push(...fieldRows(child, field));
    }
    const items = branch.items;
    if (items !== undefined && prefix !== '') {
      const itemField = `${prefix}[]`;
      const itemSchema = resolve(items);
      const hasOwnFields = [itemSchema, itemSchema.then, itemSchema.else].some(
        (b) => b !== undefined && resolve(b).properties !== undefined,
      );
      if (hasOwnFields && typeName(items).includes(' or ')) {
        rows.push({ field: itemField, type: typeName(items), required: false });
      }
      for (const row of fieldRows(items, itemField)) if (!seen.has(row.field)) rows.push(row);
    }
  }
  return rows;
}

export function renderCogYamlReference(): string {
  const lines = [
    '# cog.yaml reference',
    '',
    '<!-- Generated by scripts/generate-cog-yaml-docs.ts from src/config/cog-yaml-schema.ts; do not edit. -->',
    '',
    'Every field Cog reads from `cog.yaml`. `[]` marks the items of a list. A field not listed',
    'here is ignored, with a warning that names the closest known field (an error under',
    '`cog doctor`).',
    '',
    '```yaml',
    'build:',
    '  gpu: false',
    '  python_version: "3.13"',
    '  python_requirements: requirements.txt',
    'run: "run.py:Runner"',
    '```',
    '',
    '| Field | Type | Required | Meaning |',
    '|---|---|---|---|',
  ];
  for (const row of fieldRows()) {
    const description = FIELD_DESCRIPTIONS[row.field] ?? '';
    lines.push(
      `| \`${row.field}\` | ${row.type} | ${row.required ? 'yes' : ''} | ${description.replace(/\|/g, '\\|')} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
