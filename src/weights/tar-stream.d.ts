// Minimal types for tar-stream 2: the extractor (weight layers on pull, `docker save` archives
// of the OCI push) and the packer (tests).
declare module 'tar-stream' {
  import type { Readable, Writable } from 'node:stream';
  export interface Headers {
    name: string;
    size?: number;
    type?: string;
    linkname?: string;
  }
  export interface Extract extends Writable {
    on(
      event: 'entry',
      listener: (headers: Headers, stream: Readable, next: (error?: unknown) => void) => void,
    ): this;
    on(event: string, listener: (...args: unknown[]) => void): this;
  }
  export function extract(): Extract;
  export interface Pack extends Readable {
    entry(headers: Headers, data?: string | Buffer, callback?: (error?: unknown) => void): Writable;
    finalize(): void;
  }
  export function pack(): Pack;
}
