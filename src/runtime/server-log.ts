// The runtime's own log lines (not the model's output, which is mirrored unchanged), written to
// stderr. Spec §11: the level comes from COG_LOG_LEVEL (debug|info|warning|error), else from
// RUST_LOG (the original's Rust server: `info`, `coglet=debug,warn`, …), default info; `cog run`
// sets `warning`, so the CLI shows only problems. LOG_FORMAT=console gives `coglet: <message>`;
// anything else gives one JSON object per line, as the original's default (tracing's JSON
// format: timestamp, level, target, fields.message), which log collectors parse.

export type LogLevel = 'debug' | 'info' | 'warning' | 'error';
export type LogFormat = 'console' | 'json';

const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warning: 2, error: 3 };
const ALIASES: Record<string, LogLevel> = { trace: 'debug', warn: 'warning' };
const JSON_LEVEL: Record<LogLevel, string> = {
  debug: 'DEBUG',
  info: 'INFO',
  warning: 'WARN',
  error: 'ERROR',
};

function asLevel(value: string): LogLevel | null {
  const word = value.trim().toLowerCase();
  if (word in ORDER) return word as LogLevel;
  return ALIASES[word] ?? null;
}

/** A RUST_LOG directive list: a `coglet=<level>` entry wins over a bare default level. */
function levelFromRustLog(value: string): LogLevel | null {
  const directives = value.split(',').map((d) => d.trim());
  const coglet = directives.find((d) => d.startsWith('coglet='));
  if (coglet !== undefined) return asLevel(coglet.slice('coglet='.length));
  const bare = directives.filter((d) => !d.includes('=')).at(-1);
  return bare === undefined ? null : asLevel(bare);
}

export function logLevelFromEnv(env: NodeJS.ProcessEnv): LogLevel {
  return asLevel(env.COG_LOG_LEVEL ?? '') ?? levelFromRustLog(env.RUST_LOG ?? '') ?? 'info';
}

export function logFormatFromEnv(env: NodeJS.ProcessEnv): LogFormat {
  return (env.LOG_FORMAT ?? '').trim().toLowerCase() === 'console' ? 'console' : 'json';
}

/** Structured fields of a line, as the original's tracing events carry them (`pid=4711`). */
export type LogFields = Record<string, string | number | boolean | null>;

export type LogMethod = (message: string, fields?: LogFields) => void;

export interface ServerLog {
  debug: LogMethod;
  info: LogMethod;
  warn: LogMethod;
  error: LogMethod;
}

export interface ServerLogOptions {
  level: LogLevel;
  format: LogFormat;
  write?: (line: string) => void;
  now?: () => Date;
}

export function createServerLog(options: ServerLogOptions): ServerLog {
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const now = options.now ?? (() => new Date());
  const at =
    (level: LogLevel): LogMethod =>
    (message, fields = {}) => {
      if (ORDER[level] < ORDER[options.level]) return;
      if (options.format === 'console')
        return write(`coglet: ${message}${consoleFields(fields)}\n`);
      const record = {
        timestamp: now().toISOString(),
        level: JSON_LEVEL[level],
        target: 'coglet',
        fields: { message, ...fields },
      };
      write(`${JSON.stringify(record)}\n`);
    };
  return { debug: at('debug'), info: at('info'), warn: at('warning'), error: at('error') };
}

/** tracing's console layout: ` key=value` after the message, strings quoted only when needed. */
function consoleFields(fields: LogFields): string {
  return Object.entries(fields)
    .map(([key, value]) => {
      const text = String(value);
      return ` ${key}=${/^[^\s"=]+$/.test(text) ? text : JSON.stringify(text)}`;
    })
    .join('');
}

/** The server log as the environment configures it. */
export function serverLogFromEnv(env: NodeJS.ProcessEnv): ServerLog {
  return createServerLog({ level: logLevelFromEnv(env), format: logFormatFromEnv(env) });
}
