// The CLI's console: levelled, prefixed messages on stderr and primary output on stdout
// (spec cli.md §1.3). With colour on, every line gets a 4-column prefix (` ⚙  `, ` ⚠ `,
// ` ✗ `, ` ✔ `) and is word-wrapped to the terminal; with colour off there is no prefix at
// all, so scripts see the bare message text.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

const levelRank: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };

export interface ConsoleStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ConsoleOptions {
  stdout: ConsoleStream;
  stderr: ConsoleStream;
  color: boolean;
  level?: LogLevel;
}

const ansi = {
  faint: (s: string) => `\u001b[2m${s}\u001b[22m`,
  bold: (s: string) => `\u001b[1m${s}\u001b[22m`,
  yellow: (s: string) => `\u001b[33m${s}\u001b[39m`,
  red: (s: string) => `\u001b[31m${s}\u001b[39m`,
  green: (s: string) => `\u001b[32m${s}\u001b[39m`,
};

/** Colour is off when NO_COLOR/COG_NO_COLOR is set, TERM=dumb, or stderr is not a terminal. */
export function shouldUseColor(env: NodeJS.ProcessEnv, stderr: ConsoleStream): boolean {
  if (env['NO_COLOR'] || env['COG_NO_COLOR']) return false;
  if (env['TERM'] === 'dumb') return false;
  return stderr.isTTY === true;
}

export class Console {
  readonly #stdout: ConsoleStream;
  readonly #stderr: ConsoleStream;
  color: boolean;
  level: LogLevel;

  constructor(options: ConsoleOptions) {
    this.#stdout = options.stdout;
    this.#stderr = options.stderr;
    this.color = options.color;
    this.level = options.level ?? 'info';
  }

  debug(message: string): void {
    this.#log('debug', message, (line) => ` ${ansi.faint('⚙')}  ${ansi.faint(line)}`);
  }

  info(message: string): void {
    this.#log('info', message, (line) => ` ${ansi.faint('⚙')}  ${line}`);
  }

  success(message: string): void {
    this.#log('info', message, (line) => ` ${ansi.bold(ansi.green('✔'))}  ${line}`);
  }

  warn(message: string): void {
    this.#log('warn', message, (line) => ` ${ansi.bold(ansi.yellow('⚠'))}  ${line}`);
  }

  error(message: string): void {
    this.#log('error', message, (line) => ` ${ansi.bold(ansi.red('✗'))}  ${line}`);
  }

  /** Text without a prefix even with colour on (login prompts), wrapped on a terminal. */
  infoUnformatted(message: string): void {
    if (levelRank[this.level] > levelRank.info) return;
    for (const line of message.split('\n')) {
      for (const part of this.#wrap(line, 0)) this.#stderr.write(`${part}\n`);
    }
  }

  /** A prompt such as `Username: ` (spec cli.md §11.2): stdout, no line break, never styled. */
  prompt(text: string): void {
    this.#stdout.write(text);
  }

  /** Primary output (prediction output, the Dockerfile of `cog debug`): stdout, never styled. */
  output(message: string): void {
    this.#stdout.write(`${message}\n`);
  }

  /** Whether messages go to a terminal (live progress is shown only there). */
  get isInteractive(): boolean {
    return this.#stderr.isTTY === true;
  }

  /** Bold for dynamic values (image names, paths) when colour is on. */
  bold(text: string): string {
    return this.color ? ansi.bold(text) : text;
  }

  #log(level: LogLevel, message: string, decorate: (line: string) => string): void {
    if (levelRank[level] < levelRank[this.level]) return;
    for (const line of message.split('\n')) {
      if (!this.color) {
        this.#stderr.write(`${line}\n`);
        continue;
      }
      if (line === '' && levelRank[level] <= levelRank.info) {
        this.#stderr.write('\n');
        continue;
      }
      for (const part of this.#wrap(line, 4)) this.#stderr.write(`${decorate(part)}\n`);
    }
  }

  #wrap(line: string, prefixWidth: number): string[] {
    const columns = this.#stderr.isTTY ? this.#stderr.columns : undefined;
    if (columns === undefined || columns - prefixWidth < 10) return [line];
    return wrapLine(line, columns - prefixWidth);
  }
}

// ANSI escape sequences take no columns on screen.
// eslint-disable-next-line no-control-regex
const ansiPattern = /\u001b\[[0-9;]*m/g;

export function stripAnsi(text: string): string {
  return text.replace(ansiPattern, '');
}

export function visibleWidth(text: string): number {
  return [...stripAnsi(text)].length;
}

/** Word-wraps at spaces to `width` visible columns; breaks hard inside words longer than that. */
export function wrapLine(line: string, width: number): string[] {
  if (visibleWidth(line) <= width) return [line];
  const out: string[] = [];
  let current = '';
  for (const word of line.split(' ')) {
    const candidate = current === '' ? word : `${current} ${word}`;
    if (visibleWidth(candidate) <= width) {
      current = candidate;
      continue;
    }
    if (current !== '') out.push(current);
    current = word;
    while (visibleWidth(current) > width) {
      const chars = [...current];
      out.push(chars.slice(0, width).join(''));
      current = chars.slice(width).join('');
    }
  }
  if (current !== '') out.push(current);
  return out;
}
