// `--remote colonies` and its knobs, shared by `cog run`, `cog predict` and `cog train`: submit
// to a ColonyOS colony instead of starting a container (docs/colonies.md).
import { Option, type Command } from 'commander';
import type { RemoteOptions } from '../actions/prediction-options.ts';
import { numberOf, parseIntegerFlag, stringOf, type RawOptions } from '../flags.ts';

export function addRemoteFlags(command: Command): Command {
  return command
    .addOption(
      new Option(
        '--remote <engine>',
        'Run on a distributed engine instead of a local container',
      ).choices(['colonies']),
    )
    .option(
      '--executor-type <type>',
      'With --remote: the executor type to submit to (default: the image name)',
    )
    .addOption(
      new Option('--timeout <seconds>', 'With --remote: the longest the prediction may run')
        .argParser(parseIntegerFlag('--timeout', { min: 1, max: 31_536_000 }))
        .default(3600),
    )
    .addOption(
      new Option('--retries <n>', 'With --remote: runs again after its executor died or timed out')
        .argParser(parseIntegerFlag('--retries', { min: 0, max: 100 }))
        .default(0),
    )
    .addOption(
      new Option(
        '--queue-timeout <seconds>',
        'With --remote: the longest it may wait for an executor (0: no limit)',
      )
        .argParser(parseIntegerFlag('--queue-timeout', { min: 0, max: 31_536_000 }))
        .default(0),
    );
}

export function readRemoteFlags(raw: RawOptions): RemoteOptions | undefined {
  if (raw['remote'] !== 'colonies') return undefined;
  return {
    engine: 'colonies',
    executorType: stringOf(raw['executorType']),
    timeout: numberOf(raw['timeout'], 3600),
    retries: numberOf(raw['retries'], 0),
    queueTimeout: numberOf(raw['queueTimeout'], 0),
  };
}
