// `cog login`: authenticate Docker with the Replicate registry (spec cli.md §11.2); the host
// comes from the hidden global `--registry` (or `$COG_REGISTRY_HOST`, or `r8.im`).
import type { Command } from 'commander';
import { stringOf, type RawOptions } from '../flags.ts';
import { checkArgCount, contextFor, type CliIo } from '../command-action.ts';

export interface LoginOptions {
  /** `--token-stdin`: read the token from stdin instead of opening a browser. */
  tokenStdin: boolean;
  /** `-u, --username`: other registries; prompted for when absent. */
  username: string | undefined;
  /** `--password-stdin`: other registries; read the password (or token) from stdin. */
  passwordStdin: boolean;
}

export function readLoginOptions(raw: RawOptions): LoginOptions {
  return {
    tokenStdin: raw['tokenStdin'] === true,
    username: stringOf(raw['username']),
    passwordStdin: raw['passwordStdin'] === true,
  };
}

export function registerLogin(program: Command, io: CliIo): void {
  const command = program
    .command('login')
    .summary('Log in to a container registry')
    .description(
      `Log in to a container registry.

For Replicate's registry (r8.im), this command handles authentication
through Replicate's token-based flow.

For other registries, this command prompts for username and password
(or takes them from --username and --password-stdin), checks them with the
registry, then stores credentials using Docker's credential system.`,
    )
    .option(
      '--token-stdin',
      'Pass login token on stdin instead of opening a browser. You can find your Replicate login token at https://replicate.com/auth/token',
    )
    .option('-u, --username <name>', 'Username for registries other than Replicate')
    .option(
      '--password-stdin',
      'Read the password or token for registries other than Replicate from stdin',
    );
  command.addHelpText(
    'after',
    `
Examples:
  Log in to Replicate, opening a browser to fetch a token:
    $ cog login

  Log in with a token from stdin (CI):
    $ echo $TOKEN | cog login --token-stdin

  Log in to another registry, password from stdin:
    $ echo $PASSWORD | cog login --registry registry.example.com -u me --password-stdin`,
  );
  command.action(async (_options: RawOptions, cmd: Command) => {
    checkArgCount(cmd, cmd.args, { max: 0 });
    const options = readLoginOptions(cmd.opts());
    const { loginAction } = await import('../actions/login-action.ts');
    await loginAction(options, contextFor(io, cmd));
  });
}
