// The runtime's own log lines (not the model's output, which is mirrored unchanged): written to
// stderr as `coglet: <message>`, filtered by COG_LOG_LEVEL (debug|info|warning|error, default
// info). `cog run` sets `warning`, so the CLI shows only problems.

export type LogLevel = 'debug' | 'info' | 'warning' | 'error';

const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warning: 2, error: 3 };

export function logLevelFromEnv(env: NodeJS.ProcessEnv): LogLevel {
  const value = (env.COG_LOG_LEVEL ?? '').trim().toLowerCase();
  if (value === 'warn') return 'warning';
  return value in ORDER ? (value as LogLevel) : 'info';
}

export interface ServerLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export function createServerLog(
  level: LogLevel,
  write: (line: string) => void = (line) => process.stderr.write(line),
): ServerLog {
  const at = (messageLevel: LogLevel) => (message: string) => {
    if (ORDER[messageLevel] >= ORDER[level]) write(`coglet: ${message}\n`);
  };
  return { info: at('info'), warn: at('warning'), error: at('error') };
}
