// `cog completion <shell>`: print a shell completion script (cobra added this command to the
// original automatically). The script is generated from the visible command tree.
import { Argument, type Command } from 'commander';
import type { RawOptions } from '../flags.ts';
import { checkArgCount, contextFor, type CliIo } from '../command-action.ts';

export function registerCompletion(
  program: Command,
  io: CliIo,
  isHidden: (c: Command) => boolean,
): void {
  const command = program
    .command('completion')
    .summary('Generate the autocompletion script for the specified shell')
    .description(
      `Generate the autocompletion script for cog for the specified shell (bash, zsh, fish or
powershell; default: the shell in $SHELL). See each shell's documentation for how to load it.`,
    )
    // Choices are recorded for the completion scripts; the check below gives our own message.
    .addArgument(
      new Argument('[shell]', 'bash, zsh, fish or powershell (default: from $SHELL)').choices([
        'bash',
        'zsh',
        'fish',
        'powershell',
      ]),
    );
  command.addHelpText(
    'after',
    `
Examples:
  Load completions in the current bash session:
    $ source <(cog completion bash)

  Install them for zsh:
    $ cog completion zsh > "\${fpath[1]}/_cog"

  Install them for fish:
    $ cog completion fish > ~/.config/fish/completions/cog.fish

  Load them in PowerShell:
    PS> cog completion powershell | Out-String | Invoke-Expression`,
  );
  command.action(async (_shell: unknown, _options: RawOptions, cmd: Command) => {
    checkArgCount(cmd, cmd.args, { max: 1 });
    const { commandSpecOf, completionScript, completionShells, shellFromEnv } =
      await import('../completion/completion-scripts.ts');
    // commander has already refused anything but the declared choices.
    const shell = completionShells.find((s) => s === cmd.args[0]) ?? shellFromEnv(io.env);
    if (shell === undefined) {
      // No argument and no known $SHELL: the help (which lists the shells) is the answer.
      cmd.outputHelp();
      return;
    }
    const text = completionScript(shell, commandSpecOf(program, isHidden));
    contextFor(io, cmd).console.output(text.trimEnd());
  });
}
