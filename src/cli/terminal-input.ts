// Reading what the user types for interactive commands (`cog login`): one line, the rest of
// stdin, or a secret with echo off. Works on a terminal and on a pipe (`printf 'u\np\n' | cog
// login`); a line read leaves the rest of the stream for the next read.
import type { Readable } from 'node:stream';
import { SilentExit } from './silent-exit.ts';

interface RawModeStream {
  isTTY?: boolean;
  setRawMode?: (mode: boolean) => unknown;
}

function text(chunk: unknown): string {
  return typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
}

/** The next line without its line break; undefined at the end of the stream with nothing read. */
export function readLine(stream: Readable): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    let buffered = '';
    const finish = (value: string | undefined, error?: unknown): void => {
      stream.off('readable', onReadable);
      stream.off('end', onEnd);
      stream.off('error', onError);
      if (error !== undefined) reject(error);
      else resolve(value);
    };
    const onReadable = (): void => {
      let chunk: unknown;
      while ((chunk = stream.read()) !== null) {
        const piece = text(chunk);
        const newline = piece.indexOf('\n');
        if (newline === -1) {
          buffered += piece;
          continue;
        }
        const rest = piece.slice(newline + 1);
        if (rest !== '') stream.unshift(Buffer.from(rest));
        finish((buffered + piece.slice(0, newline)).replace(/\r$/, ''));
        return;
      }
    };
    const onEnd = (): void => finish(buffered === '' ? undefined : buffered);
    const onError = (error: unknown): void => finish(undefined, error);
    stream.on('readable', onReadable);
    stream.on('end', onEnd);
    stream.on('error', onError);
    if (stream.readableEnded) onEnd();
  });
}

/** Everything left on the stream (`--password-stdin`). */
export async function readAll(stream: Readable): Promise<string> {
  let all = '';
  for await (const chunk of stream) all += text(chunk);
  return all;
}

/**
 * A secret: on a terminal in raw mode, so nothing is echoed (Backspace edits, Ctrl-D ends with
 * nothing, Ctrl-C ends the command with 130 as a signal would, since raw mode turns it into a
 * key); from a pipe, simply the next line. `echoNewline` is called once the input ended.
 */
export function readSecret(stream: Readable, echoNewline: () => void): Promise<string | undefined> {
  const tty = stream as Readable & RawModeStream;
  if (tty.isTTY !== true || typeof tty.setRawMode !== 'function') {
    return readLine(stream).then((line) => {
      echoNewline();
      return line;
    });
  }
  const setRawMode = tty.setRawMode.bind(tty);
  return new Promise((resolve, reject) => {
    let secret = '';
    const finish = (value: string | undefined): void => {
      stream.off('data', onData);
      setRawMode(false);
      stream.pause();
      echoNewline();
      if (interrupted) reject(new SilentExit(130, 'interrupted'));
      else resolve(value);
    };
    let interrupted = false;
    const onData = (chunk: unknown): void => {
      for (const char of text(chunk)) {
        if (char === '\r' || char === '\n') return finish(secret);
        if (char === '\u0003') interrupted = true;
        if (char === '\u0003' || char === '\u0004') return finish(undefined);
        if (char === '\u007f' || char === '\b') secret = secret.slice(0, -1);
        else secret += char;
      }
    };
    setRawMode(true);
    stream.on('data', onData);
    stream.resume();
  });
}
