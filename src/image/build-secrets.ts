// `--secret` values (build.md §6.4): CSV `key=value` pairs naming a file or an environment
// variable. Only the id and where to read the value from travel on; the value itself is read by
// BuildKit inside a RUN mount, so it never reaches a layer, a label or our logs.
import path from 'node:path';
import { CogError } from '../cog-error.ts';

export interface BuildSecret {
  id: string;
  /** Absolute path of a file holding the secret. */
  src?: string;
  /** Name of an environment variable holding the secret. */
  env?: string;
}

/** Parses every `--secret` value; relative `src` paths are resolved against the project root. */
export function parseSecrets(values: readonly string[], projectDir: string): BuildSecret[] {
  return values.map((value) => parseSecret(value, projectDir));
}

export function parseSecret(value: string, projectDir: string): BuildSecret {
  const fields = splitCsv(value);
  let id = '';
  let src: string | undefined;
  let env: string | undefined;
  let type: 'file' | 'env' | undefined;
  for (const field of fields) {
    const eq = field.indexOf('=');
    if (eq < 0) throw secretError(`invalid field "${field}" must be a key=value pair`);
    const key = field.slice(0, eq).trim().toLowerCase();
    const val = field.slice(eq + 1);
    switch (key) {
      case 'id':
        id = val;
        break;
      case 'src':
      case 'source':
        src = val;
        break;
      case 'env':
        env = val;
        break;
      case 'type':
        if (val !== 'file' && val !== 'env') throw secretError(`unsupported secret type "${val}"`);
        type = val;
        break;
      default:
        throw secretError(`unexpected key '${key}' in '${field}'`);
    }
  }
  // The original turns `type=env,src=VAR` into an absolute *path* and then reads an env var of
  // that name; we read the variable VAR, which is what the user meant.
  if (type === 'env' && src !== undefined && env === undefined) {
    env = src;
    src = undefined;
  }
  if (id === '') id = src !== undefined ? path.basename(src) : (env ?? '');
  if (id === '') throw secretError(`secret "${value}" has no id`);
  const secret: BuildSecret = { id };
  if (src !== undefined) secret.src = path.resolve(projectDir, src);
  if (env !== undefined) secret.env = env;
  return secret;
}

/** The buildx `--secret` value for a parsed secret. */
export function secretArg(secret: BuildSecret): string {
  if (secret.src !== undefined) return `id=${secret.id},src=${secret.src}`;
  if (secret.env !== undefined) return `id=${secret.id},env=${secret.env}`;
  return `id=${secret.id}`;
}

function secretError(message: string): CogError {
  return new CogError('INVALID_SECRET', `failed to parse secrets: ${message}`, {
    hint: 'Use --secret id=NAME,src=PATH or --secret id=NAME,env=VARIABLE.',
  });
}

/** Splits one CSV record (double quotes group, `""` escapes a quote). */
function splitCsv(value: string): string[] {
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i];
    if (quoted) {
      if (ch === '"' && value[i + 1] === '"') {
        current += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else current += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(current);
      current = '';
    } else current += ch;
  }
  if (quoted)
    throw secretError(`failed to parse csv secret: extraneous or missing " in quoted-field`);
  fields.push(current);
  return fields.filter((f) => f !== '');
}
