// Rewrites argv so commander accepts what pflag (the original's flag library) accepts:
//   --flag=true / --flag=false / --flag=1 ...  for boolean flags (commander only knows `--flag`);
//   -i=value                                   for short flags with a value (pflag drops the `=`);
//   cog exec [flags] cmd args...               everything from the command on is passed through,
//                                              so `cog exec python -e x` gives `-e x` to python.
// The flag table is derived from the commander definitions (flagTableOf), so a flag added to a
// command is normalised without touching this file.
import type { Command } from 'commander';
import { CogError } from '../cog-error.ts';
import { boolLiteral } from './flag-literals.ts';

export interface FlagTable {
  /** Long (`--debug`) and short (`-h`) names of flags that take no value. */
  booleans: ReadonlySet<string>;
  /** Long and short names of flags that take a value. */
  valued: ReadonlySet<string>;
  subcommands: ReadonlyMap<string, FlagTable>;
  /** Operands and everything after them belong to the command (`cog exec`). */
  passThrough: boolean;
}

/** pflag's `strconv.ParseBool` literals. */
export function parseBoolLiteral(flag: string, value: string): boolean {
  const parsed = boolLiteral(value);
  if (parsed !== undefined) return parsed;
  throw new CogError(
    'USAGE',
    `invalid argument "${value}" for "${flag}" flag: expected true or false`,
    {
      hint: `Write ${flag}=true or ${flag}=false.`,
    },
  );
}

export function normalizeArgv(argv: readonly string[], root: FlagTable): string[] {
  const out: string[] = [];
  // Flags of the root stay valid after a subcommand (cobra's persistent flags).
  let scopes: FlagTable[] = [root];
  let current = root;
  let operandSeen = false;
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string;
    if (token === '--') {
      out.push(...argv.slice(i));
      break;
    }
    if (token.startsWith('--') && token.length > 2) {
      i = normalizeLong(argv, i, scopes, out);
      continue;
    }
    if (token.startsWith('-') && token.length > 1) {
      i = normalizeShort(argv, i, scopes, out);
      continue;
    }
    const sub = operandSeen ? undefined : current.subcommands.get(token);
    if (sub !== undefined) {
      current = sub;
      scopes = [...scopes, sub];
      out.push(token);
      continue;
    }
    if (current.passThrough) {
      out.push('--', ...argv.slice(i));
      break;
    }
    // An operand; a later token may still be a flag (interspersed, as in cobra).
    operandSeen = true;
    out.push(token);
  }
  return out;
}

function normalizeLong(
  argv: readonly string[],
  i: number,
  scopes: FlagTable[],
  out: string[],
): number {
  const token = argv[i] as string;
  const eq = token.indexOf('=');
  const name = eq === -1 ? token : token.slice(0, eq);
  if (eq !== -1 && inScope(scopes, 'booleans', name)) {
    const value = parseBoolLiteral(name, token.slice(eq + 1));
    out.push(...booleanTokens(name, value, scopes));
    return i;
  }
  out.push(token);
  // Keep a separate value token attached to its flag so it is never taken for a command.
  if (eq === -1 && inScope(scopes, 'valued', name) && i + 1 < argv.length) {
    out.push(argv[i + 1] as string);
    return i + 1;
  }
  return i;
}

function normalizeShort(
  argv: readonly string[],
  i: number,
  scopes: FlagTable[],
  out: string[],
): number {
  const token = argv[i] as string;
  const name = token.slice(0, 2);
  if (!inScope(scopes, 'valued', name)) {
    out.push(token);
    return i;
  }
  if (token.length === 2) {
    out.push(token);
    if (i + 1 < argv.length) {
      out.push(argv[i + 1] as string);
      return i + 1;
    }
    return i;
  }
  // `-i=value` means `value` in pflag; commander would keep the `=`.
  out.push(name, token[2] === '=' ? token.slice(3) : token.slice(2));
  return i;
}

/** `--x=true` → `--x`; `--x=false` → `--no-x` when that negation exists, else nothing. */
function booleanTokens(name: string, value: boolean, scopes: FlagTable[]): string[] {
  if (value) return [name];
  const negation = `--no-${name.slice(2)}`;
  if (inScope(scopes, 'booleans', negation)) return [negation];
  if (name.startsWith('--no-')) {
    const positive = `--${name.slice(5)}`;
    return inScope(scopes, 'booleans', positive) ? [positive] : [];
  }
  return [];
}

function inScope(scopes: FlagTable[], kind: 'booleans' | 'valued', name: string): boolean {
  return scopes.some((scope) => scope[kind].has(name));
}

/** Reads the flag table off a commander command tree. */
export function flagTableOf(command: Command, passThroughCommands: ReadonlySet<string>): FlagTable {
  const booleans = new Set<string>();
  const valued = new Set<string>();
  for (const option of command.options) {
    const target = option.required || option.optional ? valued : booleans;
    if (option.long) target.add(option.long);
    if (option.short) target.add(option.short);
  }
  booleans.add('--help').add('-h');
  const subcommands = new Map<string, FlagTable>();
  for (const sub of command.commands) {
    const table = flagTableOf(sub, passThroughCommands);
    subcommands.set(sub.name(), table);
    for (const alias of sub.aliases()) subcommands.set(alias, table);
  }
  return { booleans, valued, subcommands, passThrough: passThroughCommands.has(command.name()) };
}
