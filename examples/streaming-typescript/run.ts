import type { ConcatenateIterator, RunContext } from 'cog-sdk';

interface Input {
  /** Words to stream back one by one. */
  text: string;
  /**
   * Pause between words, in milliseconds.
   * @default 50
   * @minimum 0
   * @maximum 2000
   */
  delay_ms?: number;
}

/** Streams the words of `text`, stopping early when the prediction is canceled. */
export async function* run(input: Input, ctx: RunContext): ConcatenateIterator<string> {
  const words = input.text.split(/\s+/).filter((w) => w !== '');
  for (const [i, word] of words.entries()) {
    if (ctx.signal.aborted) return;
    if (i > 0) await new Promise((resolve) => setTimeout(resolve, input.delay_ms ?? 50));
    console.log(`word ${i}`);
    yield i === 0 ? word : ` ${word}`;
  }
}
