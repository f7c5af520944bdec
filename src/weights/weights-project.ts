// What every `cog weights` subcommand starts from (weights.md §2, §7.1): the model repository
// the weights live in (`model:`, else COG_MODEL / COG_MODEL_REPO), the selected weights, the
// original's size format, and the reporter the commands print through.
import {
  resolveModelRef,
  type CogConfig,
  type ModelRef,
  type WeightEntry,
} from '../config/index.ts';
import { CogError } from '../cog-error.ts';
import type { RegistryRef } from '../image/oci-client.ts';

export interface WeightsReporter {
  /** Progress and notes (stderr). */
  info(message: string): void;
  warn(message: string): void;
  /** Primary output (stdout): the status table and JSON. */
  output(message: string): void;
  /** Whether progress bars may be drawn (stderr is a terminal). */
  tty: boolean;
  /** Redraws one progress row in place on a terminal. */
  progress?(id: string, text: string): void;
}

export interface WeightsRepo extends RegistryRef {
  /** `host/repository`, as printed. */
  display: string;
  /** The whole model ref (its tag is what `cog push` pushes the bundle index at). */
  model: ModelRef;
}

/** The repository of the model ref (tag unused); `defaultRegistry` is `--registry` / COG_REGISTRY_HOST / r8.im. */
export function resolveWeightsRepo(
  config: CogConfig,
  env: NodeJS.ProcessEnv,
  configFile: string,
  defaultRegistry: string = env.COG_REGISTRY_HOST || 'r8.im',
): WeightsRepo {
  if (
    config.image !== undefined &&
    config.model === undefined &&
    !env.COG_MODEL &&
    !env.COG_MODEL_REPO
  ) {
    throw new CogError(
      'CONFIG_WEIGHTS',
      `weight commands require 'model' in ${configFile}, not 'image' — rename 'image' to 'model'`,
    );
  }
  let model: ModelRef | undefined;
  try {
    model = resolveModelRef(config, env, defaultRegistry);
  } catch (error) {
    throw new CogError('CONFIG_WEIGHTS', `resolving model ref: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (model === undefined) {
    throw new CogError(
      'CONFIG_WEIGHTS',
      `weight commands require a model ref: set 'model' in ${configFile}, or export COG_MODEL / COG_MODEL_REPO`,
    );
  }
  return {
    host: model.registry,
    repository: model.repository,
    display: `${model.registry}/${model.repository}`,
    model,
  };
}

export function selectWeights(
  config: CogConfig,
  names: readonly string[],
  configFile: string,
): WeightEntry[] {
  const weights = config.weights ?? [];
  if (weights.length === 0)
    throw new CogError('CONFIG_WEIGHTS', `no weights defined in ${configFile}`);
  if (names.length === 0) return weights;
  const chosen: WeightEntry[] = [];
  for (const name of new Set(names)) {
    const weight = weights.find((w) => w.name === name);
    if (weight === undefined)
      throw new CogError('CONFIG_WEIGHTS', `weight "${name}" not found in ${configFile}`);
    chosen.push(weight);
  }
  return chosen;
}

/** `≥1 GiB` `%.1fGB`, `≥1 MiB` `%.1fMB`, `≥1 KiB` `%.1fKB`, else `<n>B`. */
export function formatSize(bytes: number): string {
  const KiB = 1024;
  if (bytes >= KiB ** 3) return `${(bytes / KiB ** 3).toFixed(1)}GB`;
  if (bytes >= KiB ** 2) return `${(bytes / KiB ** 2).toFixed(1)}MB`;
  if (bytes >= KiB) return `${(bytes / KiB).toFixed(1)}KB`;
  return `${bytes}B`;
}

/** Runs `work` over `items` with at most `limit` at once, results in input order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i] as T, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
