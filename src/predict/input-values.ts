// Prediction inputs as the user typed them (cli.md §5.1–§5.2), parsed once into pure values:
// `-i name=value` flags split, unquoted and grouped by name (repeats kept, in order), or the
// `--json` text parsed into an object. `@path` values become `FileInput`s; nothing is read here
// and no schema is involved (coercion by the model's schema is input-coercion.ts).
import os from 'node:os';
import path from 'node:path';
import { CogError } from '../cog-error.ts';

/** A `@path` value, read into a data URL once the names are known to be valid. */
export class FileInput {
  readonly path: string;
  constructor(filePath: string) {
    this.path = filePath;
  }
}

/** One `-i` value: text, or a file named with `@` (`~` already expanded). */
export type FlagValue = string | FileInput;

export type InputValues =
  /** `-i` flags by name, in first-seen order; each list holds the name's values in order. */
  | { kind: 'flags'; values: ReadonlyMap<string, readonly FlagValue[]> }
  /** `--json`: the object's members, top-level `@path` strings as `FileInput`s. */
  | { kind: 'json'; values: Readonly<Record<string, unknown>> };

/** Splits `-i` values (`name=value`; surrounding double quotes stripped). */
export function parseInputFlags(raw: readonly string[]): Extract<InputValues, { kind: 'flags' }> {
  const grouped = new Map<string, FlagValue[]>();
  for (const text of raw) {
    const eq = text.indexOf('=');
    if (eq < 0)
      throw new CogError(
        'INVALID_INPUT',
        `Failed to parse input '${text}', expected format is 'name=value'`,
      );
    const name = text.slice(0, eq);
    let value = text.slice(eq + 1);
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"'))
      value = value.slice(1, -1);
    const list = grouped.get(name) ?? [];
    list.push(value.startsWith('@') ? new FileInput(expandHome(value.slice(1))) : value);
    grouped.set(name, list);
  }
  return { kind: 'flags', values: grouped };
}

/** `--json` text (already read) → an object whose top-level `@path` strings are files. */
export function parseJsonInputs(text: string): Extract<InputValues, { kind: 'json' }> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new CogError('INVALID_INPUT', `Failed to parse JSON: ${(error as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CogError('INVALID_INPUT', 'Failed to parse JSON: expected a JSON object of inputs');
  }
  const result: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value))
    result[key] = typeof v === 'string' && v.startsWith('@') ? new FileInput(v.slice(1)) : v;
  return { kind: 'json', values: result };
}

function expandHome(p: string): string {
  return p === '~' || p.startsWith('~/') ? path.join(os.homedir(), p.slice(1)) : p;
}
