import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { debugOutput } from './debug-output.ts';
import { memoryReader } from './plan-reader.ts';
import { planBuild } from './plan-build.ts';
import {
  findWeightPaths,
  generateWeightsDockerfiles,
  listProjectFiles,
  WEIGHT_SIZE_THRESHOLD,
} from './separate-weights.ts';

const big = WEIGHT_SIZE_THRESHOLD + 1;

test('large files group to root files and top-level directories', () => {
  assert.deepEqual(
    findWeightPaths([
      { path: 'models/large-b', size: big },
      { path: 'checkpoints/deep/large-a', size: big },
      { path: 'checkpoints/other', size: big },
      { path: 'root-large', size: big },
      { path: 'exactly-threshold', size: WEIGHT_SIZE_THRESHOLD },
    ]),
    [
      { path: 'checkpoints', directory: true },
      { path: 'models', directory: true },
      { path: 'root-large', directory: false },
    ],
  );
});

test('code directories, media, wheels, logs and VCS/cache paths are never weights', () => {
  assert.deepEqual(
    findWeightPaths([
      { path: 'pkg/model.bin', size: big },
      { path: 'pkg/sub/__init__.py', size: 10 },
      { path: 'notebooks/w.bin', size: big },
      { path: 'notebooks/a.ipynb', size: 1 },
      { path: 'video.MP4', size: big },
      { path: 'dist/x.whl', size: big },
      { path: 'train.log', size: big },
      { path: '.git/objects/pack', size: big },
      { path: '__pycache__/x', size: big },
      { path: '.cog/cache/x', size: big },
    ]),
    [],
  );
});

const plan = planBuild({
  config: { build: { python_version: '3.12' }, predict: 'run.py:Runner' },
  projectDir: '/p',
  sdkWheel: { fileName: 'cog-0.22.0-py3-none-any.whl', version: '0.22.0' },
  reader: memoryReader({}),
  syntax: 'docker/dockerfile:1.4',
  separateWeights: {
    imageName: 'cog-x-weights',
    entries: [
      { path: 'checkpoints', directory: true },
      { path: 'root-large', directory: false },
    ],
  },
});

test('weights and runner Dockerfiles, exclude patterns (with the opt-in syntax line)', () => {
  const files = generateWeightsDockerfiles(plan);
  assert.equal(
    files.weights,
    '#syntax=docker/dockerfile:1.4\nFROM scratch\n\nCOPY checkpoints /src/checkpoints\nCOPY root-large /src/root-large',
  );
  assert.match(
    files.runner,
    /^#syntax=docker\/dockerfile:1\.4\nFROM cog-x-weights AS weights\nFROM node:24-slim AS cog-node\nRUN .*\nFROM python:3\.12-slim\n/,
  );
  assert.match(
    files.runner,
    /\nCOPY --from=weights --link \/src\/checkpoints \/src\/checkpoints\nCOPY --from=weights --link \/src\/root-large \/src\/root-large\nWORKDIR \/src\n/,
  );
  assert.deepEqual(files.excludePatterns, ['checkpoints', 'checkpoints/**/*', 'root-large']);
});

test('cog debug prints three delimited blocks with --separate-weights, the Dockerfile otherwise', () => {
  const text = debugOutput(plan);
  assert.match(text, /^=== Weights Dockerfile contents:\n#syntax=.*\nFROM scratch\n/);
  assert.match(text, /\n===\n=== Runner Dockerfile contents:\n#syntax=/);
  assert.match(
    text,
    /\n=== Weights exclude patterns:\ncheckpoints\ncheckpoints\/\*\*\/\*\nroot-large\n===$/,
  );
  const plain = { ...plan, separateWeights: undefined };
  assert.equal(debugOutput(plain).split('\n')[1], 'FROM node:24-slim AS cog-node');
  assert.equal(debugOutput(plain).split('\n')[3], 'FROM python:3.12-slim');
});

test('listProjectFiles walks the project, skipping .cog and .git', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cog-weights-'));
  try {
    mkdirSync(path.join(dir, 'models/sub'), { recursive: true });
    mkdirSync(path.join(dir, '.cog/build'), { recursive: true });
    mkdirSync(path.join(dir, '.git'), { recursive: true });
    writeFileSync(path.join(dir, 'models/sub/w.bin'), 'abc');
    writeFileSync(path.join(dir, 'run.py'), 'x');
    writeFileSync(path.join(dir, '.cog/build/Dockerfile'), 'x');
    writeFileSync(path.join(dir, '.git/HEAD'), 'x');
    assert.deepEqual(listProjectFiles(dir), [
      { path: 'models/sub/w.bin', size: 3 },
      { path: 'run.py', size: 1 },
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
