// A disposable stack: each resource registers its cleanup *before* it is created, and the stack
// unwinds (last in, first out) on every exit path — success, error, Ctrl-C, SIGTERM, a closed
// terminal (SIGHUP). What no handler sees (SIGKILL) the container lifeline covers. A cleanup
// failure is reported but never hides the error that ended the command, and never stops the
// other cleanups from running.

export type Cleanup = () => void | Promise<void>;

export class CleanupStack {
  readonly #cleanups: Cleanup[] = [];
  #disposed: Promise<void> | undefined;
  readonly #warn: (message: string) => void;

  constructor(warn: (message: string) => void = (m) => process.stderr.write(`${m}\n`)) {
    this.#warn = warn;
  }

  /** Registers a cleanup; returns a function that runs it early (once) and unregisters it. */
  defer(cleanup: Cleanup): () => Promise<void> {
    let ran = false;
    const once: Cleanup = async () => {
      if (ran) return;
      ran = true;
      await cleanup();
    };
    this.#cleanups.push(once);
    return async () => {
      const index = this.#cleanups.indexOf(once);
      if (index >= 0) this.#cleanups.splice(index, 1);
      await once();
    };
  }

  get size(): number {
    return this.#cleanups.length;
  }

  /** Runs every cleanup, newest first. Safe to call more than once (later calls wait for the first). */
  dispose(): Promise<void> {
    this.#disposed ??= this.#unwind();
    return this.#disposed;
  }

  async #unwind(): Promise<void> {
    while (this.#cleanups.length > 0) {
      const cleanup = this.#cleanups.pop();
      try {
        await cleanup?.();
      } catch (error) {
        this.#warn(`cleanup failed: ${(error as Error).message}`);
      }
    }
  }
}

const SIGNAL_NUMBERS: Partial<Record<NodeJS.Signals, number>> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGTERM: 15,
};

export interface SignalScope {
  /** Aborted on the first SIGINT/SIGTERM/SIGHUP. */
  readonly signal: AbortSignal;
}

/**
 * Runs `body` with a cleanup stack that is disposed when the body ends, throws, or a signal
 * arrives. On a signal the body's signal is aborted, the stack unwinds, and the process exits
 * 130 (SIGINT), 143 (SIGTERM) or 129 (SIGHUP) unless the caller picks another code (`cog serve` treats a stop
 * as a clean exit); a second signal during the unwind exits at once.
 */
export async function withCleanup<T>(
  body: (stack: CleanupStack, scope: SignalScope) => Promise<T>,
  options: { exitCodeOnSignal?: (signal: NodeJS.Signals) => number } = {},
): Promise<T> {
  const stack = new CleanupStack();
  const controller = new AbortController();
  let signalled = false;
  const onSignal = (sig: NodeJS.Signals): void => {
    const code = options.exitCodeOnSignal?.(sig) ?? 128 + (SIGNAL_NUMBERS[sig] ?? 15);
    if (signalled) process.exit(code);
    signalled = true;
    // A stop of `cog serve` is a clean exit (it picks its own code); anything else was cut
    // short, and says so on its own line (the progress view, if any, ends on the abort).
    controller.abort(new Error(`received ${sig}`));
    if (options.exitCodeOnSignal === undefined) process.stderr.write(`\nCancelled (${sig}).\n`);
    void stack.dispose().finally(() => process.exit(code));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);
  try {
    return await body(stack, { signal: controller.signal });
  } finally {
    await stack.dispose();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('SIGHUP', onSignal);
  }
}
