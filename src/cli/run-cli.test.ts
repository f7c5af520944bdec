// The CLI end to end, in-process: help texts, usage errors in the original's wording, exit
// codes, deprecation notices, global flags.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCaptured } from './cli-test-harness.ts';

test('no arguments prints help on stdout, exit 0', async () => {
  const { code, stdout, stderr } = await runCaptured([]);
  assert.equal(code, 0);
  assert.match(stdout, /Usage: cog/);
  assert.match(stdout, /Containers for machine learning/);
  assert.equal(stderr, '');
});

test('--version prints the version line', async () => {
  const { code, stdout } = await runCaptured(['--version']);
  assert.equal(code, 0);
  assert.match(stdout, /^cog version \d+\.\d+\.\d+\S* \(built \S+\)\n$/);
});

test('--version is a root-only flag', async () => {
  const { code, stderr } = await runCaptured(['init', '--version']);
  assert.equal(code, 1);
  assert.match(stderr, /^unknown flag: --version/);
});

test('root help lists visible commands and hides the hidden ones', async () => {
  const { stdout } = await runCaptured(['--help']);
  for (const name of [
    'build',
    'run',
    'exec',
    'serve',
    'push',
    'login',
    'init',
    'doctor',
    'playground',
  ]) {
    assert.match(stdout, new RegExp(`\\n  ${name}\\b`), name);
  }
  for (const name of ['predict', 'train', 'debug', 'weights']) {
    assert.doesNotMatch(stdout, new RegExp(`\\n  ${name}\\b`), name);
  }
  assert.match(stdout, /--debug\s+Show debugging output/);
  assert.match(stdout, /--no-color\s+Disable colored output/);
  assert.doesNotMatch(stdout, /--registry/);
  assert.doesNotMatch(stdout, /--profile/);
});

const documentedHelp: Array<[string[], RegExp[]]> = [
  [
    ['build', '--help'],
    [
      /A name for the built image in the form 'repository:tag'/,
      /Do not use cache when building the image/,
      /\$ cog build -t my-model/,
    ],
  ],
  [
    ['run', '--help'],
    [
      /Inputs, in the form name=value\. if value is prefixed with @/,
      /The timeout for a container to setup \(in seconds\)\./,
      /Pass REPLICATE_API_TOKEN from local environment into the model context/,
    ],
  ],
  [
    ['predict', '--help'],
    [/\$ cog predict -i/, /Output path/],
  ],
  [
    ['exec', '--help'],
    [
      /Publish a container's port to the host, e\.g\. -p 8000 or -p 0\.0\.0\.0:8000/,
      /Usage: cog exec \[options\] <command> \[arg\.\.\.\]/,
    ],
  ],
  [
    ['serve', '--help'],
    [
      /Host IP to publish the container port on\. Use 0\.0\.0\.0/,
      /Port on which to listen/,
      /Start the playground alongside the model/,
    ],
  ],
  [
    ['push', '--help'],
    [/Load OpenAPI schema from a file/, /\$ cog push r8\.im\/your-username\/my-model/],
  ],
  [['login', '--help'], [/Pass login token on stdin instead of opening a browser/]],
  [
    ['doctor', '--help'],
    [/Automatically apply fixes/, /The name of the config file\./],
  ],
  [['init', '--help'], [/Configure your project for use with Cog/]],
  [
    ['debug', '--help'],
    [/--separate-weights/, /--image-name/],
  ],
  [['help', 'build'], [/Usage: cog build/]],
];

for (const [argv, patterns] of documentedHelp) {
  test(`help: cog ${argv.join(' ')}`, async () => {
    const { code, stdout } = await runCaptured(argv);
    assert.equal(code, 0);
    // Commander wraps help to the terminal width; compare with the wrapping undone.
    const flat = stdout.replace(/\s+/g, ' ');
    for (const pattern of patterns) assert.match(flat, pattern);
  });
}

test('hidden flags stay out of help but are accepted', async () => {
  const { stdout } = await runCaptured(['build', '--help']);
  for (const hidden of [
    '--dockerfile',
    '--timestamp',
    '--strip',
    '--precompile',
    '--skip-schema-validation',
    '--no-use-cog-base-image',
  ]) {
    assert.ok(!stdout.includes(hidden), hidden);
  }
});

test('the shared help texts are the original ones', async () => {
  const { stdout } = await runCaptured(['build', '--help']);
  const flat = stdout.replace(/\s+/g, ' ');
  assert.ok(
    flat.includes(
      "Set type of build progress output, 'auto' (default), 'tty', 'plain', or 'quiet'",
    ),
  );
  assert.ok(flat.includes('Use pre-built Cog base image for faster cold boots'));
  assert.ok(
    flat.includes(
      "Use Nvidia CUDA base image, 'true' (default) or 'false' (use python base image).",
    ),
  );
  assert.ok(
    flat.includes(
      "Secrets to pass to the build environment in the form 'id=foo,src=/path/to/file'",
    ),
  );
  assert.ok(flat.includes('Separate model weights from code in image layers'));
});

const usageErrors: Array<[string[], string]> = [
  [['nope'], 'unknown command "nope" for "cog"\n'],
  [['build', 'extra'], 'unknown command "extra" for "cog build"\n'],
  [['build', '--foo'], 'unknown flag: --foo\n'],
  [['build', '-x'], "unknown shorthand flag: 'x' in -x\n"],
  [['run', '--json'], 'flag needs an argument: --json\n'],
  [['run', 'a', 'b'], 'accepts at most 1 arg(s), received 2\n'],
  [['exec'], 'requires at least 1 arg(s), only received 0\n'],
  [
    ['build', '--use-cog-base-image=maybe'],
    'invalid argument "maybe" for "--use-cog-base-image" flag: expected true or false\n',
  ],
  [
    ['build', '--use-cog-base-image', '--use-cuda-base-image', 'false'],
    'The flags --use-cog-base-image and --use-cuda-base-image are mutually exclusive: you can only set one of them.\n',
  ],
  [
    ['exec', '--dockerfile', 'D', '--use-cuda-base-image=false', 'ls'],
    'The flags --use-cuda-base-image and --dockerfile are mutually exclusive: you can only set one of them.\n',
  ],
];

for (const [argv, firstLine] of usageErrors) {
  test(`usage error: cog ${argv.join(' ')}`, async () => {
    const { code, stderr, stdout } = await runCaptured(argv);
    assert.equal(code, 1);
    assert.ok(stderr.startsWith(firstLine), stderr);
    assert.equal(stdout, '');
  });
}

test('usage errors carry a hint naming the command help', async () => {
  const { stderr } = await runCaptured(['build', '--foo']);
  assert.match(stderr, /\nRun 'cog build --help' for usage\.\n$/);
});

test('unknown command suggestions: typo and explicit synonyms', async () => {
  assert.match((await runCaptured(['biuld'])).stderr, /Did you mean this\?\n\tbuild\n/);
  assert.match((await runCaptured(['infer'])).stderr, /Did you mean this\?\n\trun\n/);
  assert.match((await runCaptured(['auth'])).stderr, /Did you mean this\?\n\tlogin\n/);
});

test('Docker-backed commands fail with one error and exit 1 outside a project', async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'cog-cli-'));
  try {
    for (const name of ['build', 'run', 'serve', 'push']) {
      const { code, stderr } = await runCaptured([name], {
        cwd: dir,
        env: { PATH: '/nonexistent', DOCKER_HOST: `unix://${dir}/none.sock` },
      });
      assert.equal(code, 1, name);
      assert.doesNotMatch(stderr, /\n\s+at /, name);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('cog predict warns that it is deprecated first', async () => {
  const { stderr } = await runCaptured(['predict']);
  assert.ok(stderr.startsWith('"cog predict" is deprecated, use "cog run"\n'), stderr);
  const run = await runCaptured(['run']);
  assert.doesNotMatch(run.stderr, /deprecated/);
});

test('cog train prints its deprecation even when parsing then fails', async () => {
  const { code, stderr } = await runCaptured(['train', '--bogus']);
  assert.equal(code, 1);
  assert.ok(
    stderr.startsWith(
      'Command "train" is deprecated, the train command will be removed in a future version of Cog\n',
    ),
    stderr,
  );
  assert.match(stderr, /unknown flag: --bogus/);
});

test('cog weights prints its experimental notice before the subcommand', async () => {
  const { stderr } = await runCaptured(['weights', 'status']);
  assert.ok(
    stderr.startsWith(
      'NOTE: cog weights is experimental. Behavior may change in future versions.\nDo not rely on it in production workflows.\n\n',
    ),
  );
});

test('--no-color exports NO_COLOR=1 to the environment commands see', async () => {
  const env: NodeJS.ProcessEnv = {};
  await runCaptured(['--no-color', 'weights', 'status'], { env });
  assert.equal(env['NO_COLOR'], '1');
});

test('--debug adds the stack to errors', async () => {
  const plain = await runCaptured(['weights', 'status']);
  assert.doesNotMatch(plain.stderr, /\n\s+at /);
  const debug = await runCaptured(['--debug', 'weights', 'status']);
  assert.match(debug.stderr, /error code: [A-Z_]+/);
  assert.match(debug.stderr, /\n\s+at /);
});

test('cog weights without a subcommand prints its help, exit 0, no notice', async () => {
  const { code, stdout, stderr } = await runCaptured(['weights']);
  assert.equal(code, 0);
  assert.match(stdout, /Usage: cog weights/);
  assert.equal(stderr, '');
  const unknown = await runCaptured(['weights', 'frob']);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /^unknown command "frob" for "cog weights"\n/);
});

test('bad flag values get the usage hint of their command', async () => {
  const { code, stderr } = await runCaptured(['serve', '-p', 'abc']);
  assert.equal(code, 1);
  assert.equal(
    stderr,
    `invalid argument "abc" for "-p, --port" flag: expected a non-negative integer\nRun 'cog serve --help' for usage.\n`,
  );
});

test('help wording: cobra-style help flag, no root-only --version under a subcommand', async () => {
  const root = await runCaptured(['--help']);
  assert.match(root.stdout, /-h, --help\s+help for cog\n/);
  assert.match(root.stdout, /--version\s+Show version of Cog/);
  assert.match(root.stdout, /help \[command\]\s+Help about any command/);
  const build = await runCaptured(['build', '--help']);
  assert.match(build.stdout, /-h, --help\s+help for build\n/);
  assert.match(build.stdout, /Global Options:\n\s+--debug/);
  assert.doesNotMatch(build.stdout, /--version/);
});

test('cog help <unknown topic> is a usage error', async () => {
  const { code, stderr } = await runCaptured(['help', 'nope']);
  assert.equal(code, 1);
  assert.match(stderr, /\nunknown help topic "nope"\nRun 'cog --help' for usage\.\n$/);
  const known = await runCaptured(['help', 'predict']);
  assert.equal(known.code, 0);
  assert.match(known.stdout, /^Usage: cog predict/);
});

test('--debug=true counts; --debug after the command of cog exec belongs to that command', async () => {
  const debug = await runCaptured(['--debug=true', 'weights', 'status']);
  assert.match(debug.stderr, /error code: [A-Z_]+/);
  const dir = await mkdtemp(path.join(tmpdir(), 'cog-cli-'));
  try {
    const exec = await runCaptured(['exec', 'ls', '--debug'], {
      cwd: dir,
      env: { PATH: '/nonexistent', DOCKER_HOST: `unix://${dir}/none.sock` },
    });
    assert.equal(exec.code, 1);
    assert.doesNotMatch(exec.stderr, /error code:/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
