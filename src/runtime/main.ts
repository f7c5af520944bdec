// Entry point of the in-image prediction server (bundled to dist/coglet.mjs, installed as
// /usr/local/lib/cog/coglet.mjs, started by `python -m cog.server.http`). Reads the
// configuration, then either dumps the schema or serves until shut down. The transport is
// chosen here: HTTP (runtime-server.ts), or with COG_EXECUTOR=colonies the ColonyOS pull
// adapter (colonies/executor-main.ts).
import { readFileSync } from 'node:fs';
import { dumpSchema } from './dump-schema.ts';
import { ConfigError, parseRuntimeConfig, type RuntimeConfig } from './runtime-config.ts';
import { startRuntime } from './runtime-server.ts';
import { serverLogFromEnv } from './server-log.ts';

declare const __COG_VERSION__: string;
const VERSION = typeof __COG_VERSION__ === 'string' ? __COG_VERSION__ : '0.0.0-dev';

function readCogYaml(): string | null {
  try {
    return readFileSync('cog.yaml', 'utf8');
  } catch {
    return null;
  }
}

function loadConfig(): RuntimeConfig {
  try {
    return parseRuntimeConfig(process.argv.slice(2), process.env, readCogYaml());
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

const config = loadConfig();
const log = serverLogFromEnv(process.env);
for (const warning of config.warnings) log.warn(warning);
if (config.dumpSchema) {
  process.exit(await dumpSchema(config, process.cwd(), process.env));
}
if (process.env.COG_EXECUTOR === 'colonies') {
  const { runExecutor } = await import('./colonies/executor-main.ts');
  process.exit(await runExecutor({ config, version: VERSION, cogYamlText: readCogYaml(), log }));
}
// process.stderr is built on first use (its tty or pipe stream, ~1 ms): now, not in the first
// request's log line.
void process.stderr;
const runtime = await startRuntime({
  config,
  version: VERSION,
  cwd: process.cwd(),
  env: process.env,
  log,
});
// Debug only: inside a container this is 0.0.0.0:5000, not where a user can reach it (`cog
// serve` prints the host's URL once setup is done); each request gets an info line instead.
log.debug(`listening on ${config.host}:${runtime.port}`);
// A bug in one request must not take the server (and every running prediction) down.
process.on('unhandledRejection', (reason) => log.error(`unhandled rejection: ${String(reason)}`));
let stopSignals = 0;
const stop = () => {
  // The first signal waits for running predictions; a second one does not.
  if (++stopSignals > 1) {
    runtime.core.kill();
    process.exit(1);
  }
  void runtime.shutdown();
};
process.on('SIGINT', stop);
process.on('SIGTERM', () => {
  if (!config.awaitExplicitShutdown) stop();
});
await runtime.closed;
process.exit(0);
