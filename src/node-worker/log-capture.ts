// The predictor's console output: process.stdout/stderr writes (console.log goes through them)
// are taken over and handed to a sink with the id of the prediction that wrote them (from
// AsyncLocalStorage; null during setup and outside predictions). Complete lines are passed on
// as they are written; a partial line waits for its newline or for flush(id) when the
// prediction ends, as the Python worker does.
import { predictionScope } from './worker-hook.ts';

export type StreamName = 'stdout' | 'stderr';
export type LogSink = (id: string | null, stream: StreamName, text: string) => void;

type Write = typeof process.stdout.write;

export class LogCapture {
  readonly #sink: LogSink;
  readonly #pending = new Map<string, string>();
  readonly #originals: Record<StreamName, Write>;

  constructor(sink: LogSink) {
    this.#sink = sink;
    this.#originals = {
      stdout: process.stdout.write.bind(process.stdout),
      stderr: process.stderr.write.bind(process.stderr),
    };
  }

  /** The real stream, for the worker's own output (file-IPC tagging writes here). */
  original(stream: StreamName): Write {
    return this.#originals[stream];
  }

  install(): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      const target = process[stream];
      target.write = ((chunk: unknown, encoding?: unknown, callback?: unknown) => {
        const text =
          typeof chunk === 'string'
            ? chunk
            : Buffer.from(chunk as Uint8Array).toString(
                typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8',
              );
        this.#write(predictionScope.getStore()?.id ?? null, stream, text);
        const done = typeof encoding === 'function' ? encoding : callback;
        if (typeof done === 'function') queueMicrotask(() => (done as () => void)());
        return true;
      }) as Write;
    }
  }

  /** Pass on the partial lines of `id` (null: setup/outside predictions). */
  flush(id: string | null): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      const key = this.#key(id, stream);
      const rest = this.#pending.get(key);
      this.#pending.delete(key);
      if (rest) this.#sink(id, stream, rest);
    }
  }

  #write(id: string | null, stream: StreamName, text: string): void {
    if (text === '') return;
    const key = this.#key(id, stream);
    const buffered = (this.#pending.get(key) ?? '') + text;
    const end = buffered.lastIndexOf('\n') + 1;
    if (end > 0) this.#sink(id, stream, buffered.slice(0, end));
    if (end < buffered.length) this.#pending.set(key, buffered.slice(end));
    else this.#pending.delete(key);
  }

  #key(id: string | null, stream: StreamName): string {
    return `${stream}\u0000${id ?? ''}`;
  }
}
