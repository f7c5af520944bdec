import type { Integer, RunContext } from 'cog-sdk';

interface Input {
  /**
   * Who to greet.
   * @default "world"
   */
  name?: string;
  /**
   * How many times to greet.
   * @default 1
   * @minimum 1
   * @maximum 5
   */
  times?: Integer;
  /** The greeting's tone. */
  tone?: 'plain' | 'excited';
}

export class Runner {
  #greeting = '';

  async setup(): Promise<void> {
    this.#greeting = 'hello';
    console.log('setup done');
  }

  async run(input: Input, ctx: RunContext): Promise<string> {
    const mark = input.tone === 'excited' ? '!' : '';
    console.log(`greeting ${input.name}`);
    ctx.signal.throwIfAborted();
    return Array.from({ length: input.times ?? 1 }, () => `${this.#greeting} ${input.name}${mark}`).join(
      '\n',
    );
  }
}
