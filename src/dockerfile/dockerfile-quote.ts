// Render-time guards for values written into the Dockerfile, the second line of defence after
// the config stage's grammar checks (src/config/value-grammars.ts): whatever reaches
// generateDockerfile() by another route (a plan built in code, a host variable, a file name)
// cannot start a new instruction or a new shell word it was not meant to.
//
// ENV values: inside double quotes BuildKit's lexer treats `\` as an escape only before `"`,
// `$` and `\`, so escaping exactly those three keeps any value literal: what the user wrote in
// cog.yaml is what the process sees (no `$VAR` expansion). The original inserted values
// unquoted, so a value with a space produced a broken ENV line.
import { CogError } from '../cog-error.ts';

/** C0 controls but tab, DEL, C1 controls, U+2028/U+2029: nothing that can end a line. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029]/u;

/** Returns `value` unchanged, or throws when it would not stay on its Dockerfile line. */
export function oneLine(value: string, what: string): string {
  if (CONTROL.test(value)) {
    throw new CogError(
      'DOCKERFILE_UNSAFE_VALUE',
      `${what} contains a line break or control character: ${JSON.stringify(value)}`,
      { hint: 'Put the value on one line in cog.yaml.' },
    );
  }
  return value;
}

/** A value that must be one word: no control characters and no blanks. */
export function oneWord(value: string, what: string): string {
  if (/\s/.test(oneLine(value, what))) {
    throw new CogError(
      'DOCKERFILE_UNSAFE_VALUE',
      `${what} must be one word: ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/** A field of `RUN --mount=…`: one word without the separators of the mount syntax. */
export function mountField(value: string, what: string): string {
  if (/[,="']/.test(oneWord(value, what))) {
    throw new CogError(
      'DOCKERFILE_UNSAFE_VALUE',
      `${what} cannot be a mount field (no , = or quotes): ${JSON.stringify(value)}`,
    );
  }
  return value;
}

export function quoteEnvValue(value: string): string {
  if (/[\r\n]/.test(value)) {
    throw new CogError('ENV_VALUE_NEWLINE', 'environment values cannot contain a line break', {
      hint: 'Put the value on one line in the environment section of cog.yaml.',
    });
  }
  return `"${oneLine(value, 'an environment value').replace(/[\\"$]/g, (c) => `\\${c}`)}"`;
}

/** One `ENV K1="v1" K2="v2"` line, or "" for no variables. */
export function envLine(variables: ReadonlyArray<readonly [string, string]>): string {
  if (variables.length === 0) return '';
  return `ENV ${variables.map(([k, v]) => `${envName(k)}=${quoteEnvValue(v)}`).join(' ')}`;
}

function envName(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    throw new CogError(
      'DOCKERFILE_UNSAFE_VALUE',
      `environment variable name ${JSON.stringify(name)} is not a POSIX name`,
    );
  }
  return name;
}

/** Words that need no shell quoting; anything else is single-quoted (`'` as `'\''`). */
export function shellWord(word: string): string {
  oneLine(word, 'a shell word');
  return /^[A-Za-z0-9+.,:=/_@%^-]+$/.test(word) ? word : `'${word.replaceAll("'", "'\\''")}'`;
}
