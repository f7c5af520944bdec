// Builds the `cog` command tree: the root with its global flags, every command (one file
// each under commands/), and the hooks that run before a command (spec cli.md §1.2).
// Commands import their heavy modules lazily, so building this tree is cheap.
import { Command, Help, Option } from 'commander';
import type { CliIo } from './command-action.ts';
import { usageError } from './command-action.ts';
import { CogError } from '../cog-error.ts';
import { registerBuild } from './commands/build.ts';
import { registerCompletion } from './commands/completion.ts';
import { registerDebug } from './commands/debug.ts';
import { registerDoctor } from './commands/doctor.ts';
import { registerExec } from './commands/exec.ts';
import { registerInit } from './commands/init.ts';
import { registerLogin } from './commands/login.ts';
import { registerPlayground } from './commands/playground.ts';
import { registerPredict } from './commands/predict.ts';
import { registerPush } from './commands/push.ts';
import { registerRun } from './commands/run.ts';
import { registerServe } from './commands/serve.ts';
import { registerTrain, trainDeprecationWarning } from './commands/train.ts';
import { registerWeights } from './commands/weights.ts';
import { suggestCommands } from './suggest-command.ts';
import { userGuidePage } from './user-docs.ts';
import { versionLine } from './version.ts';

/** `cog --help`: points at the user guide that ships with this cog (the original linked cog.run). */
export function rootDescription(userGuide: string): string {
  return `Containers for machine learning.

To get started, take a look at the user guide:
${userGuide}`;
}

export interface ProgramOutput {
  writeOut(text: string): void;
  writeErr(text: string): void;
}

export function createProgram(
  io: CliIo,
  output: ProgramOutput,
  options: { userGuide?: string } = {},
): Command {
  const program = new Command('cog')
    .summary('Cog: Containers for machine learning')
    .description(rootDescription(options.userGuide ?? userGuidePage('index.md')))
    .option('--debug', 'Show debugging output')
    .option('--no-color', 'Disable colored output')
    .option('--version', 'Show version of Cog')
    .addOption(new Option('--profile', 'Enable profiling').hideHelp())
    .addOption(new Option('--registry <host>', 'Registry host').hideHelp())
    .configureHelp({
      showGlobalOptions: true,
      // `--version` works on the root only, so subcommand help does not offer it.
      visibleGlobalOptions(cmd: Command) {
        return Help.prototype.visibleGlobalOptions
          .call(this, cmd)
          .filter((o) => o.long !== '--version');
      },
    })
    .helpCommand('help [command]', 'Help about any command')
    .configureOutput({
      writeOut: output.writeOut,
      writeErr: output.writeErr,
      outputError: () => {},
    })
    .exitOverride()
    .allowExcessArguments(true)
    .showSuggestionAfterError(false);
  program.addHelpText(
    'after',
    `
Examples:
  Build a model and run a prediction on it:
    $ cog run -i prompt="a photo of a cat"

  Run a command inside the model's environment:
    $ cog exec python train.py`,
  );

  registerBuild(program, io);
  registerCompletion(program, io, isHidden);
  registerDebug(program, io);
  registerDoctor(program, io);
  registerExec(program, io);
  registerInit(program, io);
  registerLogin(program, io);
  registerPlayground(program, io);
  registerPredict(program, io);
  registerPush(program, io);
  registerRun(program, io);
  registerServe(program, io);
  registerTrain(program, io);
  registerWeights(program, io);

  setHelpOptionTexts(program);

  program.action((_options: unknown, cmd: Command) => {
    if (cmd.opts()['version'] === true) {
      output.writeOut(`${versionLine()}\n`);
      return;
    }
    if (cmd.args.length === 0) {
      program.outputHelp();
      return;
    }
    throw unknownCommand(program, cmd.args[0] as string);
  });

  // cobra prints a deprecated command's notice before it even parses the flags.
  program.hook('preSubcommand', (_root, sub) => {
    if (sub.name() === 'train') io.console.warn(trainDeprecationWarning);
  });

  program.hook('preAction', (root, actionCommand) => {
    const globals = root.opts<{ debug?: boolean; color?: boolean; version?: boolean }>();
    if (actionCommand !== root && globals.version === true) {
      throw usageError(actionCommand, 'unknown flag: --version');
    }
    if (globals.debug === true) io.console.level = 'debug';
    if (globals.color === false) {
      io.console.color = false;
      io.env['NO_COLOR'] = '1';
    }
  });
  return program;
}

function unknownCommand(program: Command, name: string): CogError {
  const visible = program.commands.filter((c) => !isHidden(c)).map((c) => c.name());
  const suggestions = suggestCommands(name, visible);
  const base = usageError(program, `unknown command "${name}" for "cog"`);
  if (suggestions.length === 0) return base;
  const lines = suggestions.map((s) => `\t${s}`).join('\n');
  return new CogError('USAGE', `${base.message}\n\nDid you mean this?\n${lines}`, {
    hint: base.hint,
  });
}

/** cobra's wording: `-h, --help   help for build`. */
function setHelpOptionTexts(command: Command): void {
  command.helpOption('-h, --help', `help for ${command.name()}`);
  command.commands.forEach(setHelpOptionTexts);
}

/** Commander keeps `hidden` private; help listing is the public way to see it. */
export function isHidden(command: Command): boolean {
  return (command as unknown as { _hidden?: boolean })._hidden === true;
}
