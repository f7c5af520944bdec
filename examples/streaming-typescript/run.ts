import { setTimeout as sleep } from 'node:timers/promises';
import type { ConcatenateIterator, RunContext } from 'cog-sdk';

interface Input {
  /**
   * Words to stream back one by one.
   * @default "the quick brown fox"
   */
  text?: string;
  /**
   * Pause between words, in milliseconds.
   * @default 50
   * @minimum 0
   * @maximum 2000
   */
  delay_ms?: number;
}

/** Streams the words of `text`; a cancel aborts the pause between words. */
export async function* run(input: Input, ctx: RunContext): ConcatenateIterator<string> {
  const words = (input.text ?? '').split(/\s+/).filter((w) => w !== '');
  for (const [i, word] of words.entries()) {
    if (i > 0) await sleep(input.delay_ms ?? 50, undefined, { signal: ctx.signal });
    console.log(`word ${i}`);
    yield i === 0 ? word : ` ${word}`;
  }
}

/** Opt in to Server-Sent Events (Accept: text/event-stream), as Python's @cog.streaming. */
export const streaming = true;
