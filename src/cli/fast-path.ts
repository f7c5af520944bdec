// Which argv the entry point (main.ts) answers without commander: `cog debug` with no
// operands and only its own flags, each in a form whose reading by the commander path
// (argv-normalizer.ts, then commander) is certain. Anything else (help, global flags, operands,
// `--`, a missing value, a combined short flag, a value starting with `-`, an invalid boolean
// literal or integer) is null and goes through runCli, so help texts and usage errors stay
// commander's. Bundled into the entry, so it imports only the import-free flag-literals.ts.
import { boolLiteral, integerLiteral } from './flag-literals.ts';

/**
 * The option values commander would store for the flags given (its camel-cased keys); what
 * no flag set is absent, and readDebugOptions supplies the defaults as for commander's bag.
 */
export type FastDebugFlags = Record<string, string | number | boolean>;

export type FlagSpec =
  | { key: string; takes: 'string' | 'integer' }
  /** `opposite`: the other of a `--x`/`--no-x` pair is defined, so `--x=false` means it. */
  | { key: string; takes: 'nothing'; sets: boolean; opposite: boolean };

/** `cog debug`'s own flags (commands/debug.ts); fast-debug.test.ts checks them against commander's. */
export const debugFlagSpecs: ReadonlyMap<string, FlagSpec> = new Map<string, FlagSpec>([
  ['-f', { key: 'file', takes: 'string' }],
  ['--file', { key: 'file', takes: 'string' }],
  ['--image-name', { key: 'imageName', takes: 'string' }],
  ['--use-cuda-base-image', { key: 'useCudaBaseImage', takes: 'string' }],
  ['--dockerfile', { key: 'dockerfile', takes: 'string' }],
  ['--timestamp', { key: 'timestamp', takes: 'integer' }],
  ['--separate-weights', { key: 'separateWeights', takes: 'nothing', sets: true, opposite: false }],
  [
    '--use-cog-base-image',
    { key: 'useCogBaseImage', takes: 'nothing', sets: true, opposite: true },
  ],
  [
    '--no-use-cog-base-image',
    { key: 'useCogBaseImage', takes: 'nothing', sets: false, opposite: true },
  ],
]);

/** `cog debug [flags]` as the fast path reads it (see fast-debug.ts), or null for runCli. */
export function fastDebugFlags(argv: readonly string[]): FastDebugFlags | null {
  if (argv[0] !== 'debug') return null;
  const flags: FastDebugFlags = {};
  for (let i = 1; i < argv.length; i++) {
    const token = argv[i] as string;
    const { name, inline, short } = splitFlag(token);
    const spec = debugFlagSpecs.get(name);
    if (spec === undefined) return null;
    if (spec.takes === 'nothing') {
      // `--x=<literal>` is rewritten by the normaliser; a short boolean with more is a group.
      if (inline === undefined) flags[spec.key] = spec.sets;
      else if (short) return null;
      else {
        const value = boolLiteral(inline);
        if (value === undefined) return null;
        // `--x=false` becomes the opposite flag where there is one, else nothing at all.
        if (value) flags[spec.key] = spec.sets;
        else if (spec.opposite) flags[spec.key] = !spec.sets;
      }
      continue;
    }
    const value = inline ?? argv[++i];
    // Commander's root parse takes a separate `-…` value for a global flag of its own
    // (`-f --debug`); such values are left to it.
    if (value === undefined || value.startsWith('-')) return null;
    if (spec.takes === 'string') {
      flags[spec.key] = value;
      continue;
    }
    // Every occurrence goes through the argParser, so any invalid one is commander's error.
    const integer = integerLiteral(value);
    if (integer === undefined) return null;
    flags[spec.key] = integer;
  }
  return flags;
}

/**
 * A token's flag name and attached value: `--name=value`, `-fvalue` and `-f=value` (pflag
 * drops the `=`, argv-normalizer.ts does the same). An operand has the empty name.
 */
function splitFlag(token: string): { name: string; inline: string | undefined; short: boolean } {
  if (token.startsWith('--') && token.length > 2) {
    const eq = token.indexOf('=');
    return eq === -1
      ? { name: token, inline: undefined, short: false }
      : { name: token.slice(0, eq), inline: token.slice(eq + 1), short: false };
  }
  if (!token.startsWith('-') || token.length < 2)
    return { name: '', inline: undefined, short: false };
  if (token.length === 2) return { name: token, inline: undefined, short: true };
  const inline = token[2] === '=' ? token.slice(3) : token.slice(2);
  return { name: token.slice(0, 2), inline, short: true };
}
