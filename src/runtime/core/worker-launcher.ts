// How the runtime starts the worker for the predictor's language, and the policy that differs
// between languages: how a cancel reaches a running prediction, and which schemas a worker
// can serve with the configured slots. PredictionService knows none of this; it talks to a
// WorkerPort (core/worker-session.ts) that applies the launcher's policy.
import type { RunnerLanguage } from '../../runner-reference.ts';
import type { ParentMessage, WorkerMessage } from '../worker/worker-messages.ts';

export type SchemaMessage = Extract<WorkerMessage, { type: 'schema' }>;

/** What the worker process is started with (stdio and cwd are the runtime's business). */
export interface WorkerCommand {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

/** The running worker as a launcher's policy sees it. */
export interface WorkerControl {
  send(message: ParentMessage): void;
  signal(signal: NodeJS.Signals): void;
}

export interface WorkerLauncher {
  readonly language: RunnerLanguage;
  /** "the Python worker", in log lines and errors. */
  readonly description: string;
  command(env: NodeJS.ProcessEnv): WorkerCommand;
  /** Deliver a cancel for a dispatched prediction; `schema` is null before the worker reported one. */
  cancel(worker: WorkerControl, id: string, schema: SchemaMessage | null): void;
  /** Why this worker cannot serve predictions with `slots` slots, or null when it can. */
  admissionProblem(schema: SchemaMessage, slots: number): string | null;
}

/** `python -m cog._worker` (python/cog/_worker.py). */
export function pythonLauncher(python: string): WorkerLauncher {
  return {
    language: 'python',
    description: 'the Python worker',
    command: (env) => ({
      command: python,
      args: ['-m', 'cog._worker'],
      env: { ...env, PYTHONUNBUFFERED: '1' },
    }),
    cancel(worker, id, schema) {
      worker.send({ type: 'cancel', id });
      // A sync call blocked in C (time.sleep, I/O) only wakes up for a signal.
      if (schema?.is_async !== true) worker.signal('SIGUSR1');
    },
    admissionProblem: (schema, slots) =>
      slots > 1 && !schema.is_async
        ? 'COG_MAX_CONCURRENCY > 1 requires an async run() or predict() method'
        : null,
  };
}
