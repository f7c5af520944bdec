// Every command's flags parse into its typed options (real command tree, action replaced).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CogError } from '../../cog-error.ts';
import { parseOnly } from '../cli-test-harness.ts';
import { readBuildOptions } from './build.ts';
import { readDebugOptions } from '../debug/debug-options.ts';
import { readExecOptions } from './exec.ts';
import { readPlaygroundOptions } from './playground.ts';
import { readPushOptions } from './push.ts';
import { readRunOptions } from './run.ts';
import { readServeOptions } from './serve.ts';
import { readTrainOptions } from './train.ts';

test('build: defaults', async () => {
  const cmd = await parseOnly(['build']);
  assert.deepEqual(readBuildOptions(cmd.opts(), {}), {
    file: 'cog.yaml',
    useCudaBaseImage: 'auto',
    useCogBaseImage: undefined,
    progress: 'auto',
    secrets: [],
    noCache: false,
    separateWeights: false,
    openapiSchema: undefined,
    dockerfile: undefined,
    strip: false,
    precompile: false,
    tag: undefined,
    timestamp: -1,
    skipSchemaValidation: false,
    json: false,
  });
});

test('build: every flag', async () => {
  const cmd = await parseOnly([
    'build',
    '-t',
    'my-model',
    '--secret',
    'id=a,src=a.txt',
    '--secret=id=b,src=b.txt',
    '--no-cache',
    '--separate-weights',
    '--openapi-schema',
    's.json',
    '--use-cog-base-image=false',
    '--progress',
    'plain',
    '-f',
    'prod.yaml',
    '--dockerfile',
    'Dockerfile',
    '--timestamp',
    '0',
    '--strip',
    '--precompile',
    '--skip-schema-validation',
  ]);
  const options = readBuildOptions(cmd.opts(), {});
  assert.equal(options.tag, 'my-model');
  assert.deepEqual(options.secrets, ['id=a,src=a.txt', 'id=b,src=b.txt']);
  assert.equal(options.noCache, true);
  assert.equal(options.separateWeights, true);
  assert.equal(options.openapiSchema, 's.json');
  assert.equal(options.useCogBaseImage, false);
  assert.equal(options.progress, 'plain');
  assert.equal(options.file, 'prod.yaml');
  assert.equal(options.dockerfile, 'Dockerfile');
  assert.equal(options.timestamp, 0);
  assert.equal(options.strip, true);
  assert.equal(options.precompile, true);
  assert.equal(options.skipSchemaValidation, true);
});

test('--use-cog-base-image: absent, bare, =true, =false', async () => {
  const read = async (argv: string[]) =>
    readBuildOptions((await parseOnly(argv)).opts(), {}).useCogBaseImage;
  assert.equal(await read(['build']), undefined);
  assert.equal(await read(['build', '--use-cog-base-image']), true);
  assert.equal(await read(['build', '--use-cog-base-image=true']), true);
  assert.equal(await read(['build', '--use-cog-base-image=false']), false);
  assert.equal(await read(['build', '--use-cog-base-image=0']), false);
});

test('--progress defaults to $BUILDKIT_PROGRESS, then plain on TERM=dumb', async () => {
  const cmd = await parseOnly(['build']);
  assert.equal(readBuildOptions(cmd.opts(), { BUILDKIT_PROGRESS: 'quiet' }).progress, 'quiet');
  assert.equal(readBuildOptions(cmd.opts(), { TERM: 'dumb' }).progress, 'plain');
});

test('run: inputs repeat in order, image positional, setup timeout', async () => {
  const cmd = await parseOnly([
    'run',
    'r8.im/me/model',
    '-i',
    'a=1',
    '-i=b=x=y',
    '--input',
    'a=2',
    '-o',
    'out.png',
    '-e',
    'K=V',
    '--json',
    '{}',
    '--use-replicate-token',
    '--setup-timeout',
    '60',
    '--gpus',
    'all',
  ]);
  const options = readRunOptions(cmd.args, cmd.opts(), {});
  assert.equal(options.image, 'r8.im/me/model');
  assert.deepEqual(options.inputs, ['a=1', 'b=x=y', 'a=2']);
  assert.equal(options.output, 'out.png');
  assert.deepEqual(options.env, ['K=V']);
  assert.equal(options.json, '{}');
  assert.equal(options.useReplicateToken, true);
  assert.equal(options.setupTimeout, 60);
  assert.equal(options.gpus, 'all');
});

test('run: defaults', async () => {
  const options = readRunOptions([], (await parseOnly(['run'])).opts(), {});
  assert.equal(options.image, undefined);
  assert.deepEqual(options.inputs, []);
  assert.equal(options.setupTimeout, 300);
  assert.equal(options.useReplicateToken, false);
});

test('predict has the same flags as run', async () => {
  const cmd = await parseOnly(['predict', '-i', 'x=1', '--setup-timeout=5', 'img']);
  assert.equal(cmd.name(), 'predict');
  const options = readRunOptions(cmd.args, cmd.opts(), {});
  assert.deepEqual(options.inputs, ['x=1']);
  assert.equal(options.setupTimeout, 5);
  assert.equal(options.image, 'img');
});

test('--setup-timeout rejects non-integers in the pflag voice', async () => {
  await assert.rejects(
    parseOnly(['run', '--setup-timeout', 'abc']),
    (error: unknown) =>
      error instanceof CogError &&
      /invalid argument "abc" for "--setup-timeout" flag/.test(error.message),
  );
  await assert.rejects(parseOnly(['run', '--setup-timeout', '-1']), CogError);
});

test('train: output defaults to weights', async () => {
  const options = readTrainOptions([], (await parseOnly(['train', '-i', 'a=b'])).opts(), {});
  assert.equal(options.output, 'weights');
  assert.deepEqual(options.inputs, ['a=b']);
  const explicit = readTrainOptions([], (await parseOnly(['train', '-o', 'w.bin'])).opts(), {});
  assert.equal(explicit.output, 'w.bin');
});

test('serve: defaults and overrides', async () => {
  const defaults = readServeOptions((await parseOnly(['serve'])).opts(), {});
  assert.equal(defaults.host, '127.0.0.1');
  assert.equal(defaults.port, 8393);
  assert.equal(defaults.playground, false);
  assert.equal(defaults.playgroundPort, 9000);
  const set = readServeOptions(
    (
      await parseOnly([
        'serve',
        '--host',
        '0.0.0.0',
        '-p',
        '5000',
        '--upload-url',
        'http://u/',
        '--playground',
        '--playground-port',
        '0',
      ])
    ).opts(),
    {},
  );
  assert.deepEqual(
    [set.host, set.port, set.uploadUrl, set.playground, set.playgroundPort],
    ['0.0.0.0', 5000, 'http://u/', true, 0],
  );
});

test('serve --watch: off, bare (graceful), force; anything else is refused', async () => {
  const watch = async (args: string[]) =>
    readServeOptions((await parseOnly(['serve', ...args])).opts(), {}).watch;
  assert.deepEqual(
    [
      await watch([]),
      await watch(['--watch']),
      await watch(['--watch=force']),
      await watch(['--watch', 'force']),
    ],
    ['off', 'graceful', 'force', 'force'],
  );
  await assert.rejects(parseOnly(['serve', '--watch=sometimes']), /sometimes|choices|allowed/i);
});

test('exec: flags before the command, the rest verbatim', async () => {
  const cmd = await parseOnly([
    'exec',
    '-p',
    '8888',
    '-e',
    'A=1',
    'python',
    '-e',
    'print(1)',
    '--gpus',
    'x',
  ]);
  const options = readExecOptions(cmd.args, cmd.opts(), {});
  assert.deepEqual(options.command, ['python', '-e', 'print(1)', '--gpus', 'x']);
  assert.deepEqual(options.publish, ['8888']);
  assert.deepEqual(options.env, ['A=1']);
  assert.equal(options.gpus, undefined);
});

test('push: positional image and build flags, no -t', async () => {
  const cmd = await parseOnly(['push', 'r8.im/me/m', '--no-cache', '--secret', 'id=x,src=y']);
  const options = readPushOptions(cmd.args, cmd.opts(), {});
  assert.equal(options.image, 'r8.im/me/m');
  assert.equal(options.noCache, true);
  assert.deepEqual(options.secrets, ['id=x,src=y']);
  await assert.rejects(parseOnly(['push', '-t', 'x']), /unknown option/);
});

test('debug: image name, separate weights, ignored extra args', async () => {
  const cmd = await parseOnly([
    'debug',
    'extra',
    '--image-name',
    'img',
    '--separate-weights',
    '--use-cuda-base-image',
    'false',
  ]);
  const options = readDebugOptions(cmd.opts());
  assert.equal(options.imageName, 'img');
  assert.equal(options.separateWeights, true);
  assert.equal(options.useCudaBaseImage, 'false');
  assert.equal(options.timestamp, -1);
});

test('playground: defaults and --no-open', async () => {
  const defaults = readPlaygroundOptions((await parseOnly(['playground'])).opts());
  assert.deepEqual(defaults, {
    port: 0,
    target: 'http://localhost:8393',
    host: '127.0.0.1',
    webhookHost: 'host.docker.internal',
    noOpen: false,
  });
  assert.equal(
    readPlaygroundOptions((await parseOnly(['playground', '--no-open'])).opts()).noOpen,
    true,
  );
});

test('login and doctor flags', async () => {
  assert.equal((await parseOnly(['login', '--token-stdin'])).opts()['tokenStdin'], true);
  const doctor = await parseOnly(['doctor', '--fix', '-f', 'x.yaml']);
  assert.equal(doctor.opts()['fix'], true);
  assert.equal(doctor.opts()['file'], 'x.yaml');
});

test('weights subcommands parse their flags', async () => {
  const status = await parseOnly(['weights', 'status', '--json', '-v']);
  assert.equal(status.name(), 'status');
  assert.equal(status.opts()['json'], true);
  const imported = await parseOnly(['weights', 'import', 'a', 'b', '--dry-run']);
  assert.deepEqual(imported.args, ['a', 'b']);
  assert.equal(imported.opts()['dryRun'], true);
});

test('global flags are accepted before and after the command', async () => {
  for (const argv of [
    ['--debug', 'build'],
    ['build', '--debug'],
    ['--registry', 'example.com', 'login'],
    ['login', '--registry=example.com'],
  ]) {
    const cmd = await parseOnly(argv);
    const globals = cmd.optsWithGlobals();
    assert.ok(globals['debug'] === true || globals['registry'] === 'example.com', argv.join(' '));
  }
});
