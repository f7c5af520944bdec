// Options and rules of the generated Dockerfile that the golden scenarios do not cover.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CogConfig } from '../config/config-types.ts';
import { envLine, quoteEnvValue } from './dockerfile-quote.ts';
import { generateDockerfile, runLine } from './generate-dockerfile.ts';
import { memoryReader } from './plan-reader.ts';
import { planBuild, type PlanBuildInput } from './plan-build.ts';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
const plan = (config: CogConfig, extra: Partial<PlanBuildInput> = {}) =>
  planBuild({
    config,
    projectDir: '/p',
    sdkWheel: { fileName: 'cog-0.22.0-py3-none-any.whl', version: '0.22.0' },
    reader: memoryReader({}),
    ...extra,
  });
const full = (config: CogConfig, extra: Partial<PlanBuildInput> = {}) =>
  generateDockerfile(plan(config, extra));
/** The model's stage: without the node-stripping stage in front (tested on its own below). */
const dockerfile = (config: CogConfig, extra: Partial<PlanBuildInput> = {}) =>
  full(config, extra).replace(NODE_STAGE_LINES, '');
const NODE_STAGE_LINES = /^FROM \S+ AS cog-node\nRUN [^\n]*\n/m;
const lines = (text: string) => text.split('\n');
const cpu: CogConfig = { build: { python_version: '3.12' }, predict: 'run.py:Runner' };

test('no #syntax line by default; opt-in keeps it first', () => {
  assert.match(full(cpu), /^FROM node:24-slim AS cog-node\n/);
  assert.match(
    full(cpu, { syntax: 'docker/dockerfile:1.4' }),
    /^#syntax=docker\/dockerfile:1\.4\nFROM node:24-slim AS cog-node\n/,
  );
});

test('node comes stripped from its own stage, as a tree with fixed times; uv is only mounted', () => {
  const text = full({ build: { python_version: '3.12', python_packages: ['numpy'] } });
  const [from, run] = lines(text);
  assert.equal(from, 'FROM node:24-slim AS cog-node');
  assert.match(
    run ?? '',
    /apt-get install -qqy --no-install-recommends binutils && strip --strip-all \/usr\/local\/bin\/node && \/usr\/local\/bin\/node --version && /,
  );
  assert.match(run ?? '', /find \/cog-node -exec touch -h -d @0 \{\} \+$/);
  assert.ok(text.includes('\nCOPY --link --from=cog-node /cog-node/ /\n'));
  assert.ok(!/^COPY .*\/uv/m.test(text), 'uv is never copied into the image');
  const uv = '--mount=from=ghcr.io/astral-sh/uv:0.9.26,source=/uv,target=/usr/local/bin/uv';
  for (const line of lines(text).filter((l) => /\buv (pip|run)\b/.test(l)))
    assert.ok(line.includes(uv), line);
  // The node base already has node: no stage.
  const node = full({ predict: 'run.ts:Runner' });
  assert.ok(!node.includes('cog-node'));
});

test('no trailing newline, tini and curl from apt, tini as PID 1', () => {
  const text = dockerfile(cpu);
  assert.ok(!text.endsWith('\n'));
  // curl as in the original, which installed it with tini: build.run steps and healthchecks use it.
  assert.ok(text.includes('apt-get install -qqy --no-install-recommends tini curl &&'));
  assert.ok(text.includes('ENTRYPOINT ["/usr/bin/tini", "--"]'));
  assert.ok(!text.includes('github.com'));
});

test('CA certificate: after the preamble on python/cuda bases, first on cog-base', () => {
  const slim = lines(dockerfile(cpu, { hostEnv: { COG_CA_CERT: PEM } }));
  assert.equal(slim[4], 'ENV NVIDIA_DRIVER_CAPABILITIES=all');
  assert.equal(slim[5], 'COPY --from=cog_build cog-ca-cert.crt /tmp/cog-ca-cert.crt');
  assert.equal(slim[8], 'ENV REQUESTS_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt');
  assert.equal(slim[9], 'ENV CURL_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt');
  assert.match(slim[10] ?? '', /tini curl/);
  const base = lines(
    dockerfile(cpu, { hostEnv: { COG_CA_CERT: PEM }, cogBaseImageExists: () => true }),
  );
  assert.equal(base[0], 'FROM r8.im/cog-base:python3.12');
  assert.equal(base[1], 'COPY --from=cog_build cog-ca-cert.crt /tmp/cog-ca-cert.crt');
  const staged = plan(cpu, { hostEnv: { COG_CA_CERT: PEM } }).stagedFiles;
  assert.deepEqual(staged, [{ path: 'cog-ca-cert.crt', contents: `${PEM}\n` }]);
});

test('cog-base with CUDA ≥ 13 links python and breaks system packages, even with gpu: false', () => {
  for (const gpu of [true, false]) {
    const text = dockerfile(
      { build: { gpu, cuda: '13.0', python_version: '3.13', python_packages: ['torch==2.11.0'] } },
      { cogBaseImageExists: () => true },
    );
    assert.match(text, /^FROM r8\.im\/cog-base:cuda13\.0-python3\.13-torch2\.11\.0\n/);
    assert.match(
      text,
      /ENV UV_SYSTEM_PYTHON=true\nRUN ln -sf \/usr\/bin\/python3 \/usr\/local\/bin\/python\n/,
    );
    assert.equal(text.match(/--break-system-packages/g)?.length, 2);
    assert.ok(!text.includes('tini'), 'cog-base brings its own init');
    assert.ok(!text.includes('ldconfig'));
  }
});

test('python slim never gets --break-system-packages; GPU with useCudaBaseImage=false uses python slim', () => {
  assert.ok(
    !dockerfile({ build: { python_version: '3.12', python_packages: ['numpy'] } }).includes(
      '--break-system-packages',
    ),
  );
  const text = dockerfile(
    { build: { gpu: true, python_version: '3.12' } },
    { useCudaBaseImage: 'false' },
  );
  assert.match(text, /^FROM python:3\.12-slim/);
  assert.ok(!text.includes('uv python install'));
  assert.ok(!text.includes('--break-system-packages'));
});

test('useCogBaseImage: true fails when the image is unavailable; auto falls back with a warning', () => {
  assert.equal(plan(cpu, { useCogBaseImage: true }).baseImage.ref, 'r8.im/cog-base:python3.12');
  assert.throws(() => plan(cpu, { useCogBaseImage: true, cogBaseImageExists: () => false }), {
    code: 'COG_BASE_IMAGE_UNAVAILABLE',
    message: 'Failed to get cog base image name: image r8.im/cog-base:python3.12 is not available',
  });
  const fallback = plan(cpu, { cogBaseImageExists: () => false });
  assert.equal(fallback.baseImage.ref, 'python:3.12-slim');
  assert.deepEqual(fallback.warnings, [
    'Could not find a suitable base image, continuing without base image support (image r8.im/cog-base:python3.12 is not available).',
  ]);
  assert.deepEqual(plan(cpu).warnings, [], 'no availability check → auto does not try cog-base');
  assert.equal(
    plan(cpu, { useCogBaseImage: false, cogBaseImageExists: () => true }).baseImage.kind,
    'python-slim',
  );
});

test('cog-base strips a Python patch version with a warning and drops packages the image has', () => {
  const p = plan(
    { build: { python_version: '3.12.1', system_packages: ['ffmpeg', 'git', 'cowsay'] } },
    { cogBaseImageExists: () => true },
  );
  assert.equal(p.baseImage.ref, 'r8.im/cog-base:python3.12');
  assert.deepEqual(p.warnings, ['Stripping patch version from Python version 3.12.1 to 3.12']);
  assert.deepEqual(p.systemPackages, ['cowsay']);
  const none = dockerfile(
    { build: { python_version: '3.12', system_packages: ['ffmpeg'] } },
    { cogBaseImageExists: () => true },
  );
  assert.ok(!none.includes('apt-get'));
});

test('python slim uses the raw python_version', () => {
  assert.match(dockerfile({ build: { python_version: '3.12.1' } }), /^FROM python:3\.12\.1-slim/);
});

test('no build section → default Python with a warning (the original emitted FROM python:-slim)', () => {
  const p = plan({ predict: 'run.py:Runner' });
  assert.equal(p.baseImage.ref, 'python:3.13-slim');
  assert.deepEqual(p.warnings, ['build.python_version is not set in cog.yaml; using Python 3.13']);
});

test('--precompile and --strip', () => {
  const text = dockerfile(
    { build: { python_version: '3.12', python_packages: ['numpy'] } },
    { precompile: true, strip: true },
  );
  assert.ok(
    text.includes(
      'RUN find / -type f -name "*.py[co]" -delete && find / -type f -name "*.py" -exec touch -t 197001010000 {} \\; && find / -type f -name "*.py" -printf "%h\\n" | sort -u | /usr/bin/python3 -m compileall --invalidation-mode timestamp -o 2 -j 0',
    ),
  );
  assert.equal(
    text.match(
      / && find \/ -type f -name "\*python\*\.so" -not -name "\*cpython\*\.so" -exec strip -S \{\} \\;/g,
    )?.length,
    2,
  );
});

test('the runtime comes before everything of the user: env, apt, pre_install, packages, run', () => {
  const text = dockerfile({
    build: {
      python_version: '3.12',
      python_packages: ['numpy'],
      system_packages: ['jq'],
      pre_install: ['echo pre'],
      run: [{ command: 'echo run' }],
    },
    environment: ['A=1'],
  });
  const uv = '--mount=from=ghcr.io/astral-sh/uv:0.9.26,source=/uv,target=/usr/local/bin/uv';
  const order = [
    'tini curl',
    'COPY --link --from=cog-node /cog-node/ /',
    'uv pip install --no-cache /tmp/cog-0.22.0-py3-none-any.whl',
    'COPY --link --from=cog_build runtime/ /',
    'ENV A="1"',
    'apt-get install -qqy jq',
    `RUN ${uv} echo pre`,
    'COPY --from=cog_build requirements.txt',
    `RUN ${uv} echo run`,
    'WORKDIR /src',
  ].map((s) => text.indexOf(s));
  assert.ok(
    order.every((i) => i >= 0),
    JSON.stringify(order),
  );
  assert.deepEqual(
    [...order].sort((a, b) => a - b),
    order,
  );
});

test('a non-default config file is copied to /src/cog.yaml on release builds only', () => {
  assert.match(
    dockerfile(cpu, { configFile: 'configs/prod.yaml' }),
    /\nCOPY \. \/src\nRUN cp \/src\/configs\/prod\.yaml \/src\/cog\.yaml$/,
  );
  assert.ok(!dockerfile(cpu, { configFile: 'configs/prod.yaml', dev: true }).includes('RUN cp'));
  assert.ok(!dockerfile(cpu).includes('RUN cp'));
});

test('tail: stubs quoted, concurrency only when > 0, CMD kept', () => {
  const text = dockerfile({ ...cpu, train: 'train.py:train' }, { concurrencyMax: 0 });
  assert.match(
    text,
    /ENV COG_PREDICT_TYPE_STUB="run\.py:Runner"\nENV COG_TRAIN_TYPE_STUB="train\.py:train"\nCMD \["python", "-m", "cog\.server\.http"\]\nCOPY \. \/src$/,
  );
  assert.ok(!text.includes('COG_MAX_CONCURRENCY'));
  assert.ok(
    dockerfile({ ...cpu, concurrency: { max: 3 } }).includes('\nENV COG_MAX_CONCURRENCY=3\n'),
  );
  assert.ok(
    dockerfile({ ...cpu, concurrency: { max: 3 } }, { concurrencyMax: 5 }).includes(
      '\nENV COG_MAX_CONCURRENCY=5\n',
    ),
  );
});

test('a run command with a newline is rejected with the original text', () => {
  assert.throws(
    () => plan({ build: { python_version: '3.12', run: [{ command: 'echo a\necho b' }] } }),
    {
      code: 'RUN_COMMAND_NEWLINE',
      message:
        "One of the commands in 'run' contains a new line, which won't work. You need to create a new list item in YAML prefixed with '-' for each command.\n\nThis is the offending line: echo a\necho b",
    },
  );
  assert.equal(runLine({ command: '  echo trimmed  \n' }), 'RUN echo trimmed');
});

test('ENV values are quoted so the value is literal', () => {
  assert.equal(quoteEnvValue('hello world'), '"hello world"');
  assert.equal(quoteEnvValue('a"b\\c$d'), '"a\\"b\\\\c\\$d"');
  assert.equal(quoteEnvValue(''), '""');
  assert.throws(() => quoteEnvValue('a\nb'), { code: 'ENV_VALUE_NEWLINE' });
  assert.equal(envLine([]), '');
  assert.equal(
    envLine([
      ['A', '1'],
      ['B', 'x y'],
    ]),
    'ENV A="1" B="x y"',
  );
});

test('environment: parsed from config when not passed, or taken as given and sorted', () => {
  assert.deepEqual(plan({ ...cpu, environment: ['B=2', 'A=1=1'] }).environment, [
    ['A', '1=1'],
    ['B', '2'],
  ]);
  assert.deepEqual(
    plan(cpu, {
      environment: [
        ['Z', 'z'],
        ['C', 'c'],
      ],
    }).environment,
    [
      ['C', 'c'],
      ['Z', 'z'],
    ],
  );
  assert.throws(() => plan({ ...cpu, environment: ['PATH=/x'] }), /reserved for internal use/);
});

test('node image and runtime directory are configurable', () => {
  const text = full(cpu, { nodeImage: 'mirror.local/node:24', runtimeDir: 'rt-1' });
  assert.ok(text.startsWith('FROM mirror.local/node:24 AS cog-node\n'));
  assert.ok(text.includes('COPY --link --from=cog_build rt-1/ /\n'));
  assert.ok(full(cpu, { nodeImage: '' }).startsWith('FROM node:24-slim AS cog-node\n'));
});

test('concurrency > 1 needs Python 3.11 (also when it comes from the decorator)', () => {
  assert.throws(() => plan({ build: { python_version: '3.10' } }, { concurrencyMax: 2 }), {
    code: 'CONCURRENCY_PYTHON',
    message: 'concurrency requires Python 3.11 or higher',
  });
  assert.doesNotThrow(() => plan({ build: { python_version: '3.10' } }, { concurrencyMax: 1 }));
  assert.doesNotThrow(() => plan({ build: { python_version: '3.11.4' } }, { concurrencyMax: 8 }));
});

test('COG_CA_CERT is announced as a notice', () => {
  assert.deepEqual(plan(cpu, { hostEnv: { COG_CA_CERT: PEM } }).notices, [
    'Injecting CA certificate from COG_CA_CERT',
  ]);
  assert.deepEqual(plan(cpu).notices, []);
});
