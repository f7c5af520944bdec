// Seeded, bounded fuzz runs for node:test files named `*.fuzz.test.ts`. Every case is derived
// from (seed, case number), so a failure names the one environment variable that replays it.
// `npm test` runs each target for a fixed, small number of cases (a few seconds in all);
// `npm run fuzz` runs only the fuzz targets, each for COG_FUZZ_SECONDS (default 30) of cases.

export interface FuzzBudget {
  /** Cases to run when no time budget is set. */
  cases: number;
  /** When > 0, run cases until this many seconds have passed instead. */
  seconds: number;
  seed: number;
}

/** A small, fast PRNG (mulberry32): deterministic for a seed, good enough to pick test data. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  bool(probability = 0.5): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Random.pick: no items');
    return items[this.int(items.length)] as T;
  }

  /** A string of `length` characters drawn from `alphabet` (default: printable ASCII plus the
   * characters that break line- and shell-based formats). */
  string(length: number, alphabet: string = DEFAULT_ALPHABET): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[this.int(alphabet.length)];
    return out;
  }
}

const HOSTILE = '\n\r\0\t\\"\'`$;&|<>(){}[]#*?~ ';
const DEFAULT_ALPHABET =
  'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:/=@+,%' +
  HOSTILE +
  'é\u2028\uFEFF';

export function fuzzBudget(defaultCases: number, env: NodeJS.ProcessEnv = process.env): FuzzBudget {
  const seconds = Number(env.COG_FUZZ_SECONDS ?? '0');
  const seed = Number(env.COG_FUZZ_SEED ?? '20261202');
  const cases = Number(env.COG_FUZZ_CASES ?? String(defaultCases));
  return {
    cases: Number.isFinite(cases) && cases > 0 ? Math.floor(cases) : defaultCases,
    seconds: Number.isFinite(seconds) && seconds > 0 ? seconds : 0,
    seed: Number.isFinite(seed) ? seed >>> 0 : 20261202,
  };
}

/**
 * Runs `property` for each case of the budget with its own `Random`. A throwing case is
 * rethrown with the seed and case number that reproduce it (`COG_FUZZ_SEED=S COG_FUZZ_FROM=N`).
 * Returns the number of cases run.
 */
export async function fuzz(
  name: string,
  budget: FuzzBudget,
  property: (random: Random, caseNumber: number) => void | Promise<void>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const from = Math.max(0, Math.floor(Number(env.COG_FUZZ_FROM ?? '0')) || 0);
  const deadline = budget.seconds > 0 ? Date.now() + budget.seconds * 1000 : Infinity;
  let run = 0;
  for (let n = from; budget.seconds > 0 ? Date.now() < deadline : n < from + budget.cases; n++) {
    const random = new Random(caseSeed(budget.seed, n));
    try {
      await property(random, n);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const failure = new Error(
        `fuzz ${name}: case ${n} failed (replay: COG_FUZZ_SEED=${budget.seed} COG_FUZZ_FROM=${n} COG_FUZZ_CASES=1): ${reason}`,
      );
      failure.cause = error;
      throw failure;
    }
    run++;
  }
  return run;
}

function caseSeed(seed: number, caseNumber: number): number {
  return (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(caseNumber + 1, 0xc2b2ae35)) >>> 0;
}
