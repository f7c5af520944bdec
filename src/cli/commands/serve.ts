// `cog serve`: build the project and run its HTTP prediction server in the foreground
// (spec cli.md §8). There is no `-e` (the original's docs mention one that never existed).
import { Option, type Command } from 'commander';
import {
  numberOf,
  parseIntegerFlag,
  readDevImageFlags,
  stringOf,
  type DevImageFlags,
  type RawOptions,
} from '../flags.ts';
import { checkArgCount, contextFor, type CliIo } from '../command-action.ts';
import { addFlags } from './flag-groups.ts';

export interface ServeOptions extends DevImageFlags {
  /** `--host`: host IP the container port is published on. */
  host: string;
  /** `-p, --port`. */
  port: number;
  uploadUrl: string | undefined;
  playground: boolean;
  /** 0 picks a free port. */
  playgroundPort: number;
  /** `--executor colonies`: pull predictions from ColonyOS instead of serving HTTP. */
  executor: string | undefined;
  executorType: string | undefined;
  executorName: string | undefined;
  /** `--watch [mode]`: reload the predictor on source changes; `force` fails running predictions. */
  watch: 'off' | 'graceful' | 'force';
}

export function readServeOptions(raw: RawOptions, env: NodeJS.ProcessEnv): ServeOptions {
  return {
    ...readDevImageFlags(raw, env),
    host: stringOf(raw['host']) ?? '127.0.0.1',
    port: numberOf(raw['port'], 8393),
    uploadUrl: stringOf(raw['uploadUrl']),
    playground: raw['playground'] === true,
    playgroundPort: numberOf(raw['playgroundPort'], 9000),
    executor: stringOf(raw['executor']),
    executorType: stringOf(raw['executorType']),
    executorName: stringOf(raw['executorName']),
    watch: raw['watch'] === true ? 'graceful' : raw['watch'] === 'force' ? 'force' : 'off',
  };
}

export function registerServe(program: Command, io: CliIo): void {
  const command = program
    .command('serve')
    .summary('Run a prediction HTTP server')
    .description(
      `Run a prediction HTTP server.

Builds the model and starts an HTTP server that exposes the model's inputs
and outputs as a REST API. Compatible with the Cog HTTP protocol.`,
    )
    .option(
      '--host <ip>',
      'Host IP to publish the container port on. Use 0.0.0.0 to allow connections from other machines.',
      '127.0.0.1',
    )
    .addOption(
      new Option('-p, --port <port>', 'Port on which to listen')
        .argParser(parseIntegerFlag('-p, --port', { min: 0, max: 65535 }))
        .default(8393),
    )
    .option('--upload-url <url>', 'Upload URL for file outputs (e.g. https://example.com/upload/)')
    .option('--playground', 'Start the playground alongside the model')
    .addOption(
      new Option('--playground-port <port>', 'Port for the playground (0 picks a free port)')
        .argParser(parseIntegerFlag('--playground-port', { min: 0, max: 65535 }))
        .default(9000),
    )
    .addOption(
      new Option(
        '--executor <engine>',
        'Pull predictions from a distributed engine instead of serving HTTP',
      ).choices(['colonies']),
    )
    .option(
      '--executor-type <type>',
      'ColonyOS executor type clients submit to (default: the image name)',
    )
    .option('--executor-name <name>', 'ColonyOS executor name (default: hostname + random)')
    .addOption(
      new Option(
        '--watch [mode]',
        'Reload the predictor when a project file changes (no rebuild); "force" fails running predictions instead of waiting for them',
      ).choices(['force']),
    );
  // The model-environment group without the hidden --dockerfile, which serve never had.
  addFlags(command, 'gpus', 'progress', 'base-image', 'file');
  command.addHelpText(
    'after',
    `
Examples:
  Start the server on the default port (8393):
    $ cog serve

  Start on a custom port:
    $ cog serve -p 5000

  Run as a ColonyOS executor (COLONIES_* variables, see docs/colonies.md):
    $ cog serve --executor colonies --executor-type my-model

  Try the model in a browser (Swagger UI), once "Serving at" is printed:
    http://localhost:8393/docs
  Reload the predictor whenever you save a file (a cog.yaml change rebuilds):
    $ cog serve --watch

  Test the server:
    $ curl http://localhost:8393/predictions \\
        -X POST \\
        -H 'Content-Type: application/json' \\
        -d '{"input": {"prompt": "a cat"}}'`,
  );
  command.action(async (_options: RawOptions, cmd: Command) => {
    checkArgCount(cmd, cmd.args, { max: 0 });
    const options = readServeOptions(cmd.opts(), io.env);
    if (options.playground) {
      const { checkPlaygroundPort } = await import('../playground/serve-playground.ts');
      checkPlaygroundPort({
        serveHost: options.host,
        servePort: options.port,
        playgroundPort: options.playgroundPort,
      });
    }
    const { serveAction } = await import('../actions/serve-action.ts');
    await serveAction(options, contextFor(io, cmd));
  });
}
