// `cog weights` in-process on temp projects, for everything decided before the network: the
// experimental notice, the plan of a dry run, selection and lockfile errors, and a status
// table of weights never imported.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCaptured } from '../cli-test-harness.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'cog-weights-cli-'));
after(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

function project(weights: boolean): string {
  const dir = path.join(root, `p${n++}`);
  mkdirSync(path.join(dir, 'w', 'sub'), { recursive: true });
  writeFileSync(path.join(dir, 'w', 'config.json'), '{"hidden":1}\n');
  writeFileSync(path.join(dir, 'w', 'sub', 'tokenizer.json'), 'tok\n');
  writeFileSync(path.join(dir, 'w', 'README.md'), 'r');
  writeFileSync(path.join(dir, 'run.py'), 'class R: pass\n');
  const lines = [
    'build:',
    '  python_version: "3.11"',
    'run: "run.py:R"',
    'model: 127.0.0.1:9/acme/m',
  ];
  if (weights)
    lines.push(
      'weights:',
      '  - name: demo',
      '    target: /src/weights/demo',
      '    source:',
      '      uri: w',
      '      exclude: ["README*"]',
    );
  writeFileSync(path.join(dir, 'cog.yaml'), `${lines.join('\n')}\n`);
  return dir;
}

const run = (dir: string, args: string[]) =>
  runCaptured(['weights', ...args], {
    cwd: dir,
    env: { PATH: process.env['PATH'], NO_COLOR: '1', COG_CACHE_DIR: path.join(root, 'cache') },
  });

const NOTICE =
  'NOTE: cog weights is experimental. Behavior may change in future versions.\nDo not rely on it in production workflows.\n\n';

test('import --dry-run prints the plan and changes nothing', async () => {
  const dir = project(true);
  const { code, stderr } = await run(dir, ['import', '--dry-run', '-v']);
  assert.equal(code, 0, stderr);
  assert.equal(
    stderr,
    `${NOTICE}+ demo  file://./w → /src/weights/demo\n  status: new\n  files: 2  size: 17B\n  excluded (1 files):\n    - README.md (1B)\n  included (2 files):\n    + config.json (13B)\n    + sub/tokenizer.json (4B)\n\n`,
  );
  assert.equal(existsSync(path.join(dir, 'weights.lock')), false);
  assert.equal(existsSync(path.join(root, 'cache')), false);
});

test('selection and lockfile errors, each one line with exit 1', async () => {
  const rows: Array<[boolean, string[], RegExp]> = [
    [false, ['import'], /^no weights defined in cog\.yaml$/m],
    [false, ['pull'], /^no weights defined in cog\.yaml$/m],
    [true, ['import', 'nope'], /^weight "nope" not found in cog\.yaml$/m],
    [true, ['pull'], /^weights\.lock not found \(run 'cog weights import' first\)$/m],
  ];
  for (const [weights, args, message] of rows) {
    const { code, stderr } = await run(project(weights), args);
    assert.equal(code, 1, args.join(' '));
    assert.match(stderr, message, args.join(' '));
  }
  const dir = project(true);
  writeFileSync(path.join(dir, 'weights.lock'), '{"version":2}');
  assert.match(
    (await run(dir, ['pull'])).stderr,
    /^load weights\.lock: unsupported weights\.lock version 2 \(want 1\)$/m,
  );
});

test('status: never-imported weights are pending, exit 1', async () => {
  const { code, stdout, stderr } = await run(project(true), ['status']);
  assert.equal(code, 1);
  assert.equal(
    stdout,
    'NAME  TARGET             STATUS   SIZE  LAYERS  DIGEST\ndemo  /src/weights/demo  pending  -     -       -\n',
  );
  assert.match(stderr, /^not all weights are ready$/m);
  const json = await run(project(true), ['status', '--json']);
  assert.deepEqual(JSON.parse(json.stdout), {
    weights: [{ name: 'demo', target: '/src/weights/demo', status: 'pending' }],
  });
});
