// Shared plumbing of the semantic checks (§1.6 step 2 b–h): where errors go, how they are
// worded (`invalid <field> "<value>": <message>` or `invalid <field>: <message>`), and how a
// field path becomes the file:line:column of its YAML node.
import type { CogConfig } from './config-types.ts';
import type { ConfigError, ConfigErrorCode } from './config-diagnostics.ts';
import { printable } from './value-grammars.ts';
import { positionAt, type PathSegment, type YamlSource } from './yaml-source.ts';

export interface CheckContext {
  config: CogConfig;
  source: YamlSource;
  /** The parsed YAML (before typing), for the few checks that care how something was written. */
  raw: Record<string, unknown>;
  errors: ConfigError[];
  /** Answers "does this project file exist?"; absent in a pure parse, so that check is skipped. */
  fileExists?: (relativeOrAbsolutePath: string) => boolean;
}

export interface Problem {
  code: ConfigErrorCode;
  /** Dotted field name as shown to the user, e.g. `build.cuda` or `weights[0].target`. */
  field: string;
  /** Attached value, shown quoted; omitted for "missing" problems. */
  value?: string | number;
  message: string;
  /** YAML path of the node to point at; the nearest existing ancestor is used if absent. */
  path: readonly PathSegment[];
  /** Point at the key (`build:`) rather than the value, e.g. for a missing field. */
  atKey?: boolean;
}

export function formatProblem(
  field: string,
  value: string | number | undefined,
  message: string,
): string {
  return value === undefined
    ? `invalid ${field}: ${message}`
    : `invalid ${field} "${typeof value === 'string' ? printable(value) : value}": ${message}`;
}

export function report(ctx: CheckContext, problem: Problem): void {
  ctx.errors.push({
    code: problem.code,
    message: formatProblem(problem.field, problem.value, problem.message),
    position: positionAt(ctx.source, problem.path, problem.atKey ? 'key' : 'value'),
  });
}

/** Go's strconv.Atoi: optional sign, decimal digits only. */
export function parseDecimal(text: string): number | undefined {
  return /^[+-]?\d+$/.test(text) ? Number(text) : undefined;
}
