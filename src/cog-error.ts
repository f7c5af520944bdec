// The one error type the CLI stages throw. Each error has a stable `code` (searchable, and the
// source of the exit code), a one-line `message` saying what is wrong, an optional `hint`
// saying what to do, and a source position when it comes from a file (cog.yaml).
// The CLI renders it in one place (src/cli/render-error.ts); the runtime has its own errors.

export interface SourcePosition {
  file: string;
  line: number;
  column: number;
}

export interface CogErrorOptions {
  hint?: string;
  position?: SourcePosition;
  cause?: unknown;
  /** Process exit code when this error ends the CLI; 1 unless a command passes something through. */
  exitCode?: number;
}

export class CogError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly position: SourcePosition | undefined;
  readonly exitCode: number;

  constructor(code: string, message: string, options: CogErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CogError';
    this.code = code;
    this.hint = options.hint;
    this.position = options.position;
    this.exitCode = options.exitCode ?? 1;
  }
}

/** Formats `file:line:col` the way TypeScript diagnostics do. */
export function formatPosition(position: SourcePosition): string {
  return `${position.file}:${position.line}:${position.column}`;
}
