// The options of the prediction actions (`cog run`/`cog predict`, `cog train`, each local or
// `--remote colonies`), owned by the actions: the commands read flags into these types, the
// actions never import a command. Types only, so every action can import it without a cycle.
import type { PredictionMode } from '../../contracts/openapi-document.ts';
import type { DevImageFlags } from '../flags.ts';

/** `--remote colonies` and its knobs: submit to ColonyOS instead of starting a container. */
export interface RemoteOptions {
  engine: 'colonies';
  /** Executor type to submit to; default: the image argument, or the project's image name. */
  executorType: string | undefined;
  /** `maxexectime`, seconds (never 0: ColonyOS fails such a process at once). */
  timeout: number;
  /** `maxretries`: how often a process whose executor died or overran is run again. */
  retries: number;
  /** `maxwaittime`, seconds in the queue; 0 = no limit. */
  queueTimeout: number;
}

/** The flags `cog run` and `cog train` share. */
export interface PredictionFlags extends DevImageFlags {
  /** Positional image: run on that image instead of building the project. */
  image: string | undefined;
  /** `-i name=value`, in order, repeats kept. */
  inputs: readonly string[];
  /** `-o, --output`. */
  output: string | undefined;
  /** `-e NAME=value` for the container. */
  env: readonly string[];
  /** `--remote colonies`: submit to ColonyOS instead of running a container. */
  remote: RemoteOptions | undefined;
}

/** What `cog run` has on top of the shared flags; `cog train` runs with fixed values. */
export interface RunFlags {
  /** `--json`: a JSON object, `@file` or `@-` (stdin). */
  json: string | undefined;
  useReplicateToken: boolean;
  /** `--setup-timeout`, seconds. */
  setupTimeout: number;
}

/** What tells a prediction from a training, decided by the action, not by a flag. */
export interface PredictionKind {
  mode: PredictionMode;
  /** Shown in the 422 help: `cog run`, `cog train`. */
  commandName: string;
  /** Train writes every output to a file. */
  alwaysToFile: boolean;
}

export type PredictionCommandOptions = PredictionKind & PredictionFlags & RunFlags;
