// Minimal types for tar-stream 2 (its extractor), used to read weight layers on pull.
declare module 'tar-stream' {
  import type { Readable, Writable } from 'node:stream';
  export interface Headers {
    name: string;
    size?: number;
    type?: string;
  }
  export interface Extract extends Writable {
    on(
      event: 'entry',
      listener: (headers: Headers, stream: Readable, next: (error?: unknown) => void) => void,
    ): this;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }
  export function extract(): Extract;
}
