// What parsing cog.yaml reports back: every error (with a stable code and the file:line:col of
// the offending YAML node) or, on success, the config plus its deprecation warnings.
// Kept as plain data so the parser stays pure; `toCogError` turns the list into the CLI's
// one error type at the edge (load-config.ts).
import {
  CogError,
  formatPosition,
  type COG_ERROR_CODES,
  type SourcePosition,
} from '../cog-error.ts';
import type { CogConfig } from './config-types.ts';
import { MAX_CONFIG_BYTES, MAX_NESTING_DEPTH, MAX_NODES } from './yaml-limits.ts';

/** Stable, searchable codes; one per rule family (the `config` group of COG_ERROR_CODES). */
export type ConfigErrorCode = Exclude<
  (typeof COG_ERROR_CODES.config)[number],
  // Only the error that bundles several: never the code of one.
  'CONFIG_INVALID'
>;

export interface ConfigError {
  code: ConfigErrorCode;
  /** The exact text the original prints, e.g. `invalid build.cuda "9.1": minimum supported CUDA version is 11`. */
  message: string;
  /**
   * What is wrong, without the `failed to parse <file>: invalid YAML:` frame, for callers that
   * word their own (`cog doctor`). Set on CONFIG_YAML errors.
   */
  detail?: string;
  position: SourcePosition;
}

export interface ConfigWarning {
  /** A deprecated field, or a key cog.yaml does not know (`unknown-keys.ts`). */
  code: 'CONFIG_DEPRECATED' | 'CONFIG_UNKNOWN_KEY';
  /** Dotted field name, e.g. `build.python_packages`. */
  field: string;
  /** The field to use instead (for an unknown key: the closest known one, or ''). */
  replacement: string;
  /** The one-line warning: `deprecated field "<field>": use "<replacement>" instead`. */
  message: string;
  /** The longer explanation `cog doctor` prints. */
  detail: string;
  position: SourcePosition;
}

export type ConfigResult =
  { ok: true; config: CogConfig; warnings: ConfigWarning[] } | { ok: false; errors: ConfigError[] };

/** A CogError that keeps every collected config error for renderers that want them one by one. */
export class ConfigLoadError extends CogError {
  readonly errors: readonly ConfigError[];

  constructor(errors: readonly ConfigError[]) {
    const [first] = errors;
    if (first === undefined) throw new Error('ConfigLoadError needs at least one error');
    const single = errors.length === 1;
    // One error: bare message, position on the error. Several: one line each, each with its
    // own position, because a single position would point at only one of them.
    const message = single
      ? first.message
      : errors.map((e) => `${formatPosition(e.position)}: ${e.message}`).join('\n');
    super(single ? first.code : 'CONFIG_INVALID', message, {
      position: single ? first.position : undefined,
      hint: hintFor(first.code),
    });
    this.name = 'ConfigLoadError';
    this.errors = errors;
  }
}

export function toCogError(errors: readonly ConfigError[]): ConfigLoadError {
  return new ConfigLoadError(errors);
}

function hintFor(code: ConfigErrorCode): string | undefined {
  switch (code) {
    case 'CONFIG_NOT_FOUND':
      return 'Run `cog init` to create a cog.yaml, or pass its name with -f.';
    case 'CONFIG_YAML':
      return 'Fix the YAML syntax at the position shown.';
    case 'CONFIG_LIMIT':
      return `A cog.yaml may have at most ${MAX_CONFIG_BYTES} bytes, ${MAX_NODES} nodes and ${MAX_NESTING_DEPTH} levels of nesting (docs/config.md, "Limits").`;
    case 'CONFIG_PYTHON_VERSION':
      return 'Set build.python_version to a supported version, e.g. "3.13".';
    default:
      return 'See docs/user/cog-yaml.md for every cog.yaml field.';
  }
}
