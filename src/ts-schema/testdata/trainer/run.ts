// The golden trainer of python/tests/test_golden_documents.py, with a predictor beside it.
import type { Integer, Path, Secret } from 'cog-sdk';

interface TrainingOutput {
  weights: Path;
  loss?: number | null;
}

export class Trainer {
  async train(input: {
    /**
     * Training data
     * @accept .zip
     */
    data: Path;
    /** @default 3 @minimum 1 */
    epochs?: Integer;
    /** @default 0.0001 */
    lr?: number;
    token?: Secret;
  }): Promise<TrainingOutput> {
    return { weights: input.data };
  }

  run(input: {
    weights: Path;
    /** @default "hi" */
    prompt?: string;
  }): string {
    return input.prompt ?? String(input.weights);
  }
}
