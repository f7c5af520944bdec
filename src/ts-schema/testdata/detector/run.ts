// Files in and a typed object out, in TypeScript.
import type { Path, Integer } from 'cog-sdk';

interface Box {
  x: number;
  y: number;
  label: string | null;
}

interface Result {
  image: Path;
  boxes: Box[];
  scores: Record<string, number>;
  /** @default 0 */
  count: Integer;
}

type Input = {
  /**
   * Input image
   * @accept image/*
   */
  image: Path;
  mask?: Path;
  /** More images */
  extra_images: Path[];
  /** @default 0.5 @minimum 0 @maximum 1 */
  threshold?: number;
  /** @default false */
  fast?: boolean;
  /** @default false @deprecated */
  legacy_flag?: boolean;
};

export class Runner {
  setup(): void {}

  run(input: Input): Result {
    throw new Error(`not called: ${String(input.image)}`);
  }
}
