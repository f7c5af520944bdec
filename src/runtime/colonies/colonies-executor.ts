// The pull-based transport adapter: the runtime as a ColonyOS executor. After setup it registers
// its functions and runs one assign loop per prediction slot (short long-polls, because the
// server can miss a wake-up and only assign calls count as a heartbeat); each assigned process
// becomes a prediction of the same PredictionService the HTTP adapter uses.
// Shutdown: `stopPulling()` ends the loops (a parked assign returns within the assign timeout,
// and a process it brings is still run), then the core drains the predictions, then `close()`
// deregisters a self-registered executor (the server re-queues anything left RUNNING).
import { ColoniesClient, ColoniesUnreachableError } from '../../colonies/colonies-client.ts';
import { deriveId, generatePrivateKey } from '../../colonies/crypto.ts';
import { ColoniesRpcError } from '../../colonies/rpc-message.ts';
import type { RuntimeCore } from '../core/runtime-core.ts';
import type { ExecutorConfig } from './executor-config.ts';
import { functionsFor } from './function-catalogue.ts';
import { runProcess } from './process-runner.ts';

export interface ExecutorOptions {
  config: ExecutorConfig;
  version: string;
  log(message: string): void;
  /** Polling interval while setup runs. */
  setupPollMs?: number;
}

const BACKOFF_MS = [200, 500, 1000, 2000, 5000];

export class ColoniesExecutor {
  readonly #core: RuntimeCore;
  readonly #options: ExecutorOptions;
  readonly #owner: ColoniesClient | null;
  #key: string;
  #client: ColoniesClient;
  #pulling = true;
  #loops: Promise<void>[] = [];
  #registered = false;
  #deregistering: Promise<void> | null = null;
  #fatal: ((error: Error) => void) | null = null;
  /** Rejects when the executor cannot go on (deregistered by the server and no colony key). */
  readonly failed: Promise<never>;

  constructor(core: RuntimeCore, options: ExecutorOptions) {
    this.#core = core;
    this.#options = options;
    const { server, executorKey, colonyKey } = options.config;
    this.#owner = colonyKey === null ? null : new ColoniesClient(server, colonyKey);
    this.#key = executorKey ?? generatePrivateKey();
    this.#client = new ColoniesClient(server, this.#key);
    this.failed = new Promise<never>((_, reject) => (this.#fatal = reject));
    this.failed.catch(() => {});
    core.attach({
      stopAccepting: () => void this.stopPulling(),
      close: () => void this.deregister(),
    });
  }

  get name(): string {
    return this.#options.config.executorName;
  }

  /** Registers (with the colony key), waits for setup, advertises, and starts the loops. */
  async start(): Promise<'running' | 'setup_failed'> {
    const { config } = this.#options;
    if (this.#owner !== null) await this.#register();
    const setup = await this.#waitForSetup();
    if (setup !== 'READY') {
      await this.deregister();
      return 'setup_failed';
    }
    await this.#advertise();
    const slots = this.#core.service.slots.max;
    this.#options.log(
      `executor ${config.executorName} (type ${config.executorType}) pulling from colony ${config.colonyName} with ${slots} slot${slots === 1 ? '' : 's'}`,
    );
    this.#loops = Array.from({ length: slots }, () => this.#loop());
    return 'running';
  }

  /** Ends the assign loops; resolves when none is parked any more. */
  async stopPulling(): Promise<void> {
    this.#pulling = false;
    await Promise.all(this.#loops);
  }

  /** Removes a self-registered executor (once; later calls wait for the same removal). */
  deregister(): Promise<void> {
    this.#deregistering ??= this.#remove();
    return this.#deregistering;
  }

  async #remove(): Promise<void> {
    if (this.#owner === null || !this.#registered) return;
    this.#registered = false;
    try {
      await this.#owner.removeExecutor(this.#options.config.colonyName, this.name, {
        signal: AbortSignal.timeout(5000),
      });
      this.#options.log(`executor ${this.name} deregistered`);
    } catch (error) {
      this.#options.log(`cannot deregister executor ${this.name}: ${(error as Error).message}`);
    }
  }

  async #register(): Promise<void> {
    const { config } = this.#options;
    const owner = this.#owner as ColoniesClient;
    // A fresh key each time: the key never leaves this process.
    this.#key = generatePrivateKey();
    this.#client = this.#client.as(this.#key);
    const executor = {
      executorid: deriveId(this.#key),
      executortype: config.executorType,
      executorname: config.executorName,
      colonyname: config.colonyName,
    };
    try {
      await owner.addExecutor(executor);
    } catch (error) {
      // The same name left behind by an earlier run (killed before it could deregister).
      if (!(error instanceof ColoniesRpcError)) throw error;
      await owner.removeExecutor(config.colonyName, config.executorName);
      await owner.addExecutor(executor);
    }
    await owner.approveExecutor(config.colonyName, config.executorName);
    this.#registered = true;
  }

  async #waitForSetup(): Promise<string> {
    const service = this.#core.service;
    while (service.setup.status === 'STARTING')
      await new Promise((resolve) => setTimeout(resolve, this.#options.setupPollMs ?? 50));
    return service.setup.status;
  }

  async #advertise(): Promise<void> {
    const { config, version } = this.#options;
    const service = this.#core.service;
    for (const fun of functionsFor(service.schema ?? {}, {
      hasTraining: service.hasTrainingSchema,
      version,
    })) {
      try {
        await this.#client.addFunction({
          ...fun,
          executorname: config.executorName,
          executortype: config.executorType,
          colonyname: config.colonyName,
        });
      } catch (error) {
        // The catalogue is optional: clients fall back to an image's schema label.
        this.#options.log(`cannot register function ${fun.funcname}: ${(error as Error).message}`);
      }
    }
  }

  async #loop(): Promise<void> {
    const { config } = this.#options;
    const service = this.#core.service;
    let failures = 0;
    while (this.#pulling) {
      await service.whenSlotFree();
      if (!this.#pulling) break;
      if (service.setup.status !== 'READY') {
        // The worker crashed (DEFUNCT): every process taken now would fail. Stop and exit 1, so a
        // restart policy brings up a fresh container.
        this.#pulling = false;
        this.#fatal?.(new Error('the model worker has crashed; the executor stops taking work'));
        return;
      }
      let process;
      try {
        process = await this.#client.assign(config.colonyName, config.assignTimeoutSeconds);
        if (failures > 0) this.#options.log(`reconnected to the ColonyOS server`);
        failures = 0;
      } catch (error) {
        if (!(await this.#recover(error, failures++))) return;
        continue;
      }
      if (process === null) continue;
      await runProcess(process, {
        client: this.#client,
        colonyName: config.colonyName,
        service,
        iteratorOutput: hasIteratorOutput(service.schema),
        log: this.#options.log,
      });
    }
  }

  /** After a failed assign: wait and go on (true), or give up for good (false). */
  async #recover(error: unknown, failures: number): Promise<boolean> {
    const deregistered =
      error instanceof ColoniesRpcError &&
      error.status === 403 &&
      /not a member/i.test(error.message);
    if (deregistered) {
      if (this.#owner === null) {
        this.#fatal?.(
          new Error(
            `executor ${this.name} is no longer a member of colony ${this.#options.config.colonyName} (removed by the server or an operator)`,
          ),
        );
        this.#pulling = false;
        return false;
      }
      if (failures === 0)
        this.#options.log(`executor ${this.name} was removed by the server; registering again`);
      try {
        await this.#register();
        await this.#advertise();
      } catch {
        // retried below
      }
    } else if (failures === 0) {
      const what =
        error instanceof ColoniesUnreachableError
          ? error.message
          : `assign failed: ${(error as Error).message}`;
      this.#options.log(`${what}; retrying`);
    }
    const delay = BACKOFF_MS[Math.min(failures, BACKOFF_MS.length - 1)] ?? 5000;
    await new Promise((resolve) => setTimeout(resolve, delay));
    return this.#pulling;
  }
}

/** `x-cog-array-type: iterator` on the Output schema (predict or train). */
function hasIteratorOutput(schema: Record<string, unknown> | null): boolean {
  const components =
    (schema?.components as { schemas?: Record<string, unknown> } | undefined)?.schemas ?? {};
  return ['Output', 'TrainingOutput'].some(
    (name) =>
      (components[name] as Record<string, unknown> | undefined)?.['x-cog-array-type'] ===
      'iterator',
  );
}
