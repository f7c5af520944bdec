// The `@path` inputs read into data URLs, each file once per command however often the inputs
// are resolved (static schema, built schema, served schema) and under however many names. The
// file system is a seam so that a test can count the reads.
import { readFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { CogError } from '../cog-error.ts';
import { mimeTypeOf } from '../contracts/mime-types.ts';
import { FileInput } from './input-values.ts';

/** The host side effects of reading inputs. */
export interface InputIo {
  readFile(path: string): Promise<Buffer>;
  /** The whole of stdin, as text (`--json @-`). */
  readStdin(): Promise<string>;
}

/** The real file system, and the command's stdin. */
export function nodeInputIo(stdin: Readable): InputIo {
  return {
    readFile: (p) => readFile(p),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of stdin) chunks.push(Buffer.from(chunk as Buffer));
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}

export class InputFiles {
  readonly #io: InputIo;
  readonly #urls = new Map<string, Promise<string>>();
  /** Error texts differ between `--json` and `-i`, as the original's do. */
  readonly #fromJson: boolean;

  constructor(io: InputIo, fromJson: boolean) {
    this.#io = io;
    this.#fromJson = fromJson;
  }

  /** `inputs` with every `FileInput` (top level or list item) replaced by its data URL. */
  async materialise(inputs: Record<string, unknown>): Promise<Record<string, unknown>> {
    const out: Record<string, unknown> = {};
    for (const [name, value] of Object.entries(inputs)) {
      if (value instanceof FileInput) out[name] = await this.#dataUrl(name, value);
      else if (Array.isArray(value))
        out[name] = await Promise.all(
          value.map((v) => (v instanceof FileInput ? this.#dataUrl(name, v) : v)),
        );
      else out[name] = value;
    }
    return out;
  }

  #dataUrl(name: string, file: FileInput): Promise<string> {
    let url = this.#urls.get(file.path);
    if (url === undefined) {
      url = this.#read(name, file);
      this.#urls.set(file.path, url);
    }
    return url;
  }

  async #read(name: string, file: FileInput): Promise<string> {
    let bytes: Buffer;
    try {
      bytes = await this.#io.readFile(file.path);
    } catch (error) {
      const reason =
        (error as NodeJS.ErrnoException).code === 'ENOENT'
          ? 'no such file or directory'
          : (error as Error).message;
      throw new CogError(
        'INPUT_FILE_UNREADABLE',
        this.#fromJson
          ? `input "${name}": failed to read file "${file.path}": ${reason}`
          : `input "${name}": open ${file.path}: ${reason}`,
      );
    }
    return `data:${mimeTypeOf(file.path)};base64,${bytes.toString('base64')}`;
  }
}
