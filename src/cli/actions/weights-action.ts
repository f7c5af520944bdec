// `cog weights import | pull | status` (weights.md §7–9): loads the project and hands it to
// the weights stage with a reporter on the console (progress rows only on a terminal).
import type { CommandContext } from '../command-context.ts';
import type { WeightsOptions } from '../commands/weights.ts';
import type { WeightsReporter } from '../../weights/weights-project.ts';
import { loadProject } from './load-project.ts';

export async function weightsAction(
  options: WeightsOptions,
  context: CommandContext,
): Promise<void> {
  const project = loadProject(options.file, context);
  const report = reporter(context);
  const common = {
    project,
    configFile: options.file,
    env: context.env,
    registryHost: context.registryHost,
    report,
    verbose: options.verbose,
  };
  try {
    if (options.subcommand === 'import') {
      const { importWeights } = await import('../../weights/import-weights.ts');
      await importWeights({ ...common, names: options.names, dryRun: options.dryRun });
    } else if (options.subcommand === 'pull') {
      const { pullWeights } = await import('../../weights/pull-weights.ts');
      await pullWeights({ ...common, names: options.names });
    } else {
      const { weightsStatus } = await import('../../weights/weights-status.ts');
      await weightsStatus({ ...common, json: options.json });
    }
  } finally {
    report.endProgress();
  }
}

function reporter(context: CommandContext): WeightsReporter & { endProgress(): void } {
  const tty = process.stderr.isTTY === true && !context.env.CI;
  let drawn = false;
  let last = 0;
  const clear = (): void => {
    if (drawn) process.stderr.write('\r\u001b[K');
    drawn = false;
  };
  return {
    tty,
    info: (message) => {
      clear();
      context.console.info(message);
    },
    warn: (message) => {
      clear();
      context.console.warn(message);
    },
    output: (message) => context.console.output(message),
    ...(tty
      ? {
          progress: (id: string, text: string) => {
            const now = Date.now();
            if (now - last < 100) return; // a few redraws a second are enough
            last = now;
            process.stderr.write(`\r\u001b[K${id}: ${text}`);
            drawn = true;
          },
        }
      : {}),
    endProgress: clear,
  };
}
