// The container's logs on their way to our stderr, with a bounded memory of what was shown, so
// a message can leave out what the user has just read (the setup traceback the server already
// printed) without assuming what a given server prints.
import { Writable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';

const KEEP_CHARS = 64 * 1024;

export class LogEcho {
  readonly stream: Writable;
  #tail = '';
  #remembering = true;
  #waiters = new Set<() => void>();

  constructor(target: Writable) {
    const decoder = new StringDecoder('utf8');
    this.stream = new Writable({
      write: (chunk: Buffer, _encoding, callback): void => {
        if (this.#remembering) this.#remember(decoder.write(chunk));
        target.write(chunk, callback);
      },
    });
  }

  /** True once `text` has been shown, waiting up to `withinMs` for logs still in flight. */
  async shown(text: string, withinMs: number): Promise<boolean> {
    const deadline = Date.now() + withinMs;
    while (!this.#tail.includes(text)) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise<void>((resolve) => {
        const wake = (): void => {
          clearTimeout(timer);
          this.#waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, left);
        this.#waiters.add(wake);
      });
    }
    return true;
  }

  /** Once nobody will ask (setup is over), logs only pass through. */
  stopRemembering(): void {
    this.#remembering = false;
    this.#tail = '';
  }

  #remember(text: string): void {
    if (text === '') return;
    this.#tail = (this.#tail + text).slice(-KEEP_CHARS);
    for (const wake of [...this.#waiters]) wake();
  }
}
