// The worked example of runtime.md §8.8, in TypeScript.
import type { Integer, Secret } from 'cog-sdk';

interface Input {
  /**
   * The prompt
   * @minLength 1
   */
  prompt: string;
  /** @default 4 @minimum 1 @maximum 10 */
  steps?: Integer;
  /** @default "fast" */
  mode?: 'fast' | 'slow';
  /** @default ["x"] */
  tags?: string[];
  /** seed */
  seed?: Integer | null;
  key?: Secret | null;
}

export class Predictor {
  async *predict(input: Input): AsyncGenerator<string> {
    yield input.prompt;
  }
}
