// Entry point of the `cog` CLI bundle. Kept tiny so `cog --version` loads almost nothing:
// that case is answered here, and everything else (commander, the command tree) is a lazily
// imported chunk; each command's heavy modules load only when that command runs. The bundle
// of this file imports nothing statically (scripts/build.ts builds it on its own), not even a
// Node built-in: an ES module import of `node:fs` alone costs ~3 ms of start-up.
import { enableCompileCache, importCompiledEagerly } from './compile-cache.ts';
import { fastDebugFlags } from './fast-path.ts';
import { unsupportedNodeMessage } from './node-version.ts';
import { versionLine } from './version.ts';

const unsupported = unsupportedNodeMessage(process.version);
if (unsupported) {
  process.stderr.write(`${unsupported}\n`);
  process.exit(1);
}

// `cog debug | head` closes the pipe early; that is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const argv = process.argv.slice(2);
if (argv.length === 1 && argv[0] === '--version') {
  process.stdout.write(`${versionLine()}\n`);
} else {
  const getModule =
    typeof process.getBuiltinModule === 'function'
      ? (id: string) => process.getBuiltinModule(id)
      : undefined;
  const cacheOn = enableCompileCache(process.env, getModule);
  // `cog debug` with only its own flags is answered without commander (fast-debug.ts).
  const debugFlags = fastDebugFlags(argv);
  if (debugFlags !== null) {
    const { runFastDebug } = await importCompiledEagerly(() => import('./fast-debug.ts'), {
      cacheOn,
      nodeFlags: [...process.execArgv, process.env['NODE_OPTIONS'] ?? ''],
      v8: getModule && (() => getModule('node:v8') as { setFlagsFromString(f: string): void }),
    });
    process.exitCode = await runFastDebug(debugFlags, {});
  } else {
    const { runCli } = await import('./run-cli.ts');
    process.exitCode = await runCli({ argv });
  }
}
