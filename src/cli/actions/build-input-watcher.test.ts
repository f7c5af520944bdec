// `cog serve --watch` on the host: which changes of cog.yaml / the requirements need a rebuild.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { loadConfig } from '../../config/index.ts';
import {
  compareBuildInputs,
  watchBuildInputs,
  type BuildInputChange,
} from './build-input-watcher.ts';

describe('compareBuildInputs', () => {
  const names = { config: 'cog.yaml', requirements: 'requirements.txt' };
  const rows: Array<[string, unknown, string | null, BuildInputChange['kind']]> = [
    ['same config, same requirements', { a: 1 }, 'x', 'unchanged'],
    ['config changed', { a: 2 }, 'x', 'rebuild'],
    ['requirements changed', { a: 1 }, 'y', 'rebuild'],
    ['requirements removed', { a: 1 }, null, 'rebuild'],
  ];
  for (const [name, config, requirements, kind] of rows)
    test(name, () =>
      assert.equal(
        compareBuildInputs({ config: { a: 1 }, requirements: 'x' }, { config, requirements }, names)
          .kind,
        kind,
      ),
    );
});

const COG_YAML = `build:
  python_version: "3.12"
  python_requirements: requirements.txt
run: "run.py:Runner"
`;

describe('watchBuildInputs', () => {
  test('a comment needs no rebuild, a new setting and a requirements edit do, a broken file is reported', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cog-serve-watch-'));
    writeFileSync(path.join(dir, 'cog.yaml'), COG_YAML);
    writeFileSync(path.join(dir, 'requirements.txt'), 'numpy\n');
    writeFileSync(path.join(dir, 'run.py'), '');
    const changes: BuildInputChange[] = [];
    const watcher = watchBuildInputs({
      project: loadConfig({ cwd: dir, file: 'cog.yaml' }),
      file: 'cog.yaml',
      cwd: dir,
      debounceMs: 20,
      onChange: (change) => changes.push(change),
    });
    const next = async (count: number) => {
      const deadline = Date.now() + 5000;
      while (changes.length < count) {
        if (Date.now() > deadline)
          assert.fail(`expected ${count} changes: ${JSON.stringify(changes)}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return changes[count - 1];
    };
    try {
      writeFileSync(path.join(dir, 'cog.yaml'), `# a comment\n${COG_YAML}`);
      assert.deepEqual(await next(1), { kind: 'unchanged', file: 'cog.yaml' });
      writeFileSync(path.join(dir, 'run.py'), 'print(1)\n');
      writeFileSync(path.join(dir, 'requirements.txt'), 'numpy\nrequests\n');
      assert.deepEqual(await next(2), { kind: 'rebuild', reason: 'requirements.txt changed' });
      writeFileSync(path.join(dir, 'requirements.txt'), 'numpy\n');
      writeFileSync(path.join(dir, 'cog.yaml'), COG_YAML.replace('3.12', '3.11'));
      assert.deepEqual(await next(3), { kind: 'rebuild', reason: 'cog.yaml changed' });
      writeFileSync(path.join(dir, 'cog.yaml'), 'build: [\n');
      const broken = await next(4);
      assert.equal(broken?.kind, 'invalid');
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(changes.length, 4, "run.py is the runtime's business, not a rebuild");
    } finally {
      watcher.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
