// How a flag value spells a boolean or an integer: pflag's `strconv.ParseBool` literals and
// the integers parseIntegerFlag accepts. Imports nothing, so the entry point's fast-path
// classifier (fast-path.ts) reads values exactly as the commander path does.

const trueLiterals: ReadonlySet<string> = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const falseLiterals: ReadonlySet<string> = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** `--flag=<literal>`'s boolean, or undefined when the literal is none of pflag's. */
export function boolLiteral(value: string): boolean | undefined {
  if (trueLiterals.has(value)) return true;
  if (falseLiterals.has(value)) return false;
  return undefined;
}

/** A decimal integer (optional sign) within the safe range, else undefined. */
export function integerLiteral(value: string): number | undefined {
  const parsed = /^[+-]?\d+$/.test(value) ? Number(value) : Number.NaN;
  return Number.isSafeInteger(parsed) ? parsed : undefined;
}
