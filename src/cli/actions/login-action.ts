// `cog login` (cli.md §11.2, login-playground.md §A). Replicate's registry (r8.im), and any host
// whose token service answers `/cog/v1/display-token-url` (the original used the token flow
// for the literal `r8.im` only, so a Replicate-compatible COG_REGISTRY_HOST got password
// prompts), logs in with a CLI token: shown by a web page, pasted (echo off) or piped with
// --token-stdin, verified by the host, stored under the bare host. Any other registry: the
// username and password (or token) from flags, stdin or prompts, checked against the
// registry's /v2/ before anything is stored (the original stored them unchecked). Both are
// saved for Docker: through the host's credential helper (`credHelpers`, then `credsStore`),
// else as `auths[host]` in the Docker config. The secret is never printed or logged.
import { CogError } from '../../cog-error.ts';
import { readDockerConfigForUpdate, storeCredentials } from '../../image/docker-config.ts';
import { verifyRegistryLogin } from '../../image/registry-login.ts';
import {
  REPLICATE_HOST,
  checkTokenShape,
  credentialHost,
  fetchDisplayTokenUrl,
  verifyToken,
  type DisplayTokenUrl,
} from '../../image/replicate-login.ts';
import type { CommandContext } from '../command-context.ts';
import type { LoginOptions } from '../commands/login.ts';
import { openBrowser } from '../open-browser.ts';
import { readAll, readLine, readSecret } from '../terminal-input.ts';

export async function loginAction(options: LoginOptions, context: CommandContext): Promise<void> {
  const host = context.registryHost;
  if (host === REPLICATE_HOST) return replicateLogin(options, context, undefined);
  if (options.username === undefined && !options.passwordStdin) {
    const probe = await probeTokenService(host);
    if (probe !== undefined) return replicateLogin(options, context, probe);
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

/** A host other than r8.im is Replicate-compatible when its token service names a token page. */
async function probeTokenService(host: string): Promise<string | undefined> {
  try {
    const answer = await fetchDisplayTokenUrl({ host, timeoutMs: 5000 });
    return answer.kind === 'url' ? answer.url : undefined;
  } catch {
    return undefined; // unreachable: the registry login below says so with its own error
  }
}

async function replicateLogin(
  options: LoginOptions,
  context: CommandContext,
  tokenPage: string | undefined,
): Promise<void> {
  const host = context.registryHost;
  const raw = options.tokenStdin
    ? await readAll(context.stdin)
    : await promptToken(context, tokenPage ?? (await tokenPageOf(host)));
  const token = checkTokenShape(raw);
  const username = await verifyToken({ host, token });
  const key = credentialHost(host);
  const stored = await storeCredentials(key, { username, password: token }, context.env);
  context.console.debug(
    'helper' in stored
      ? `credentials stored with docker-credential-${stored.helper}`
      : `credentials stored in ${stored.file}`,
  );
  context.console.success(
    `You've successfully authenticated as ${context.console.bold(username)}! You can now use the ${context.console.bold(key)} registry.`,
  );
}

async function tokenPageOf(host: string): Promise<string> {
  const answer: DisplayTokenUrl = await fetchDisplayTokenUrl({ host });
  if (answer.kind === 'url') return answer.url;
  if (answer.kind === 'not-replicate') {
    throw new CogError('LOGIN_FAILED', `${host} is not the Replicate registry`, {
      hint: "Please log in using 'docker login'",
    });
  }
  throw new CogError('LOGIN_FAILED', `${host} returned HTTP status ${answer.status}`, {
    hint: 'Try again later, or pipe a token from https://replicate.com/auth/token to --token-stdin.',
  });
}

/** The interactive half of §A2: explain, wait for Enter, show the page, read the token hidden. */
async function promptToken(context: CommandContext, tokenPage: string): Promise<string> {
  const say = (text: string): void => context.console.infoUnformatted(text);
  say(
    `This command will authenticate Docker with Replicate's '${context.registryHost}' Docker registry. You will need a Replicate account.`,
  );
  say('');
  say(
    'Hit enter to get started. A browser will open with an authentication token that you need to paste here.',
  );
  if ((await readLine(context.stdin)) === undefined) {
    throw new CogError('LOGIN_FAILED', 'failed to read from stdin: EOF', {
      hint: 'Pipe the token with --token-stdin when there is no terminal.',
    });
  }
  say("If it didn't open automatically, open this URL in a web browser:");
  say(tokenPage);
  openBrowser(tokenPage, context);
  say('');
  say("Once you've signed in, copy the token from that web page, paste it here, then hit enter:");
  say('');
  const token = await promptSecret(context, 'Token: ');
  say('');
  return token ?? '';
}
