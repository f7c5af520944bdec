// One worker process for the runtime's lifetime, started by a WorkerLauncher: the WorkerPort
// PredictionService talks to. It remembers the schema message (the launcher's policy needs
// it: Python sync predictors are canceled with a signal too) and forwards everything the
// worker says to the listener.
import type { WorkerPort } from '../prediction/prediction-service.ts';
import type { ParentMessage } from '../worker/worker-messages.ts';
import { WorkerProcess, type WorkerListener } from '../worker/worker-process.ts';
import type { SchemaMessage, WorkerLauncher } from './worker-launcher.ts';

export class WorkerSession implements WorkerPort {
  readonly #launcher: WorkerLauncher;
  readonly #process: WorkerProcess;
  #schema: SchemaMessage | null = null;

  constructor(
    launcher: WorkerLauncher,
    options: { cwd: string; env: NodeJS.ProcessEnv },
    listener: WorkerListener,
  ) {
    this.#launcher = launcher;
    this.#process = new WorkerProcess(
      { ...launcher.command(options.env), cwd: options.cwd, description: launcher.description },
      {
        ...listener,
        message: (message) => {
          if (message.type === 'schema') this.#schema = message;
          listener.message(message);
        },
      },
    );
  }

  get description(): string {
    return this.#launcher.description;
  }

  get pid(): number | undefined {
    return this.#process.pid;
  }

  get running(): boolean {
    return this.#process.running;
  }

  get exited(): Promise<void> {
    return this.#process.exited;
  }

  send(message: ParentMessage): void {
    this.#process.send(message);
  }

  cancel(id: string): void {
    this.#launcher.cancel(this.#process, id, this.#schema);
  }

  kill(): void {
    this.#process.signal('SIGKILL');
  }

  admissionProblem(schema: SchemaMessage, slots: number): string | null {
    return this.#launcher.admissionProblem(schema, slots);
  }

  signal(signal: NodeJS.Signals): void {
    this.#process.signal(signal);
  }

  /** Close the control pipe (the worker exits on EOF), SIGKILL after `graceMs`. */
  stop(graceMs: number): Promise<void> {
    return this.#process.stop(graceMs);
  }
}
