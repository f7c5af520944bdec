// Minimal types for tar-fs (a dependency of dockerode), used to stream a build context.
declare module 'tar-fs' {
  import type { Readable } from 'node:stream';
  interface PackStream extends Readable {
    entry(header: { name: string; size?: number; mode?: number }, data: string | Buffer): void;
    finalize(): void;
  }
  interface PackOptions {
    ignore?: (name: string) => boolean;
    finalize?: boolean;
    finish?: (pack: PackStream) => void;
  }
  export function pack(dir: string, options?: PackOptions): PackStream;
}
