// Choices, unions, opaque objects and a concatenated text stream, as a function.
import type { ConcatenateIterator, Integer } from 'cog-sdk';

export async function* run(input: {
  prompt: string;
  /** @default 20 @ge 1 @le 500 */
  num_inference_steps?: Integer;
  /** @default 512 */
  size?: 512 | 768;
  /** @default "plain" */
  style?: 'plain' | 'fancy';
  stop?: string[];
  /** @default 0.7 */
  temperature?: number | string;
  /** @default {"top_k": 50} */
  options?: Record<string, unknown>;
  /** @default "abc" @regex ^[a-z]+$ @maxLength 10 */
  pattern_input?: string;
}): ConcatenateIterator<string> {
  yield input.prompt;
}
