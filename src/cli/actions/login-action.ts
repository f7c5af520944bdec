// `cog login` (cli.md §11.2) for a generic registry (any host but r8.im): the username and
// password (or token) from flags, stdin or prompts, checked against the registry's /v2/ before
// anything is stored (the original stored them unchecked), then saved for Docker: through the
// host's credential helper (`credHelpers`, then `credsStore`), else as `auths[host]` in the
// Docker config. The secret is never printed or logged. Replicate's token flow (r8.im) is not
// implemented yet.
import { CogError } from '../../cog-error.ts';
import { readDockerConfigForUpdate, storeCredentials } from '../../image/docker-config.ts';
import { verifyRegistryLogin } from '../../image/registry-login.ts';
import type { CommandContext } from '../command-context.ts';
import type { LoginOptions } from '../commands/login.ts';
import { readAll, readLine, readSecret } from '../terminal-input.ts';

export async function loginAction(options: LoginOptions, context: CommandContext): Promise<void> {
  const host = context.registryHost;
  if (host === 'r8.im') {
    throw new CogError(
      'NOT_IMPLEMENTED',
      "logging in to Replicate's registry (r8.im) is not implemented yet",
      {
        hint: 'Log in to another registry with --registry <host> (or COG_REGISTRY_HOST).',
      },
    );
  }
  const fromStdin = options.passwordStdin || options.tokenStdin;
  if (fromStdin && options.username === undefined) {
    throw new CogError('USAGE', 'Must provide --username with --password-stdin', {
      hint: 'echo "$PASSWORD" | cog login --registry <host> --username <name> --password-stdin',
    });
  }
  // A config we could not write back fails before anyone types a password.
  await readDockerConfigForUpdate(context.env);
  context.console.info(`Logging in to ${host}`);
  context.console.info('');
  const username = (options.username ?? (await promptLine(context, 'Username: ')) ?? '').trim();
  if (username === '') throw new CogError('USAGE', 'username cannot be empty');
  const password = fromStdin
    ? (await readAll(context.stdin)).replace(/\r?\n$/, '')
    : await promptSecret(context, 'Password: ');
  if (password === undefined || password === '')
    throw new CogError('USAGE', 'password cannot be empty');

  const credentials = { username, password };
  await verifyRegistryLogin({ host, credentials });
  const stored = await storeCredentials(host, credentials, context.env);
  context.console.debug(
    'helper' in stored
      ? `credentials stored with docker-credential-${stored.helper}`
      : `credentials stored in ${stored.file}`,
  );
  context.console.success(`Login succeeded for ${host}`);
}

async function promptLine(context: CommandContext, prompt: string): Promise<string | undefined> {
  context.console.prompt(prompt);
  return readLine(context.stdin);
}

async function promptSecret(context: CommandContext, prompt: string): Promise<string | undefined> {
  context.console.prompt(prompt);
  return readSecret(context.stdin, () => context.console.prompt('\n'));
}
