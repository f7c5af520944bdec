// Quoting values for Dockerfile `ENV` lines. Inside double quotes BuildKit's lexer treats `\`
// as an escape only before `"`, `$` and `\`, so escaping exactly those three keeps any value
// literal: what the user wrote in cog.yaml is what the process sees (no `$VAR` expansion).
// The original inserted values unquoted, so a value with a space produced a broken ENV line.
import { CogError } from '../cog-error.ts';

export function quoteEnvValue(value: string): string {
  if (/[\r\n]/.test(value)) {
    throw new CogError('ENV_VALUE_NEWLINE', 'environment values cannot contain a line break', {
      hint: 'Put the value on one line in the environment section of cog.yaml.',
    });
  }
  return `"${value.replace(/[\\"$]/g, (c) => `\\${c}`)}"`;
}

/** One `ENV K1="v1" K2="v2"` line, or "" for no variables. */
export function envLine(variables: ReadonlyArray<readonly [string, string]>): string {
  if (variables.length === 0) return '';
  return `ENV ${variables.map(([k, v]) => `${k}=${quoteEnvValue(v)}`).join(' ')}`;
}
