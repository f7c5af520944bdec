// Discovery and loading against real temporary directories.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CogError } from '../cog-error.ts';
import { ConfigLoadError } from './config-diagnostics.ts';
import { findProjectRoot } from './find-project-root.ts';
import { loadConfig, osReason } from './load-config.ts';

let root = '';

function write(rel: string, text: string): string {
  const file = path.join(root, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

before(() => {
  root = realpathSync(mkdtempSync(path.join(tmpdir(), 'cog-config-test-')));
  write(
    'proj/cog.yaml',
    'build:\n  python_version: "3.12"\n  python_requirements: requirements.txt\npredict: p.py:P\n',
  );
  write('proj/requirements.txt', 'torch\n');
  write('proj/some/sub/dir/.keep', '');
  write('proj/configs/prod.yaml', 'build:\n  python_version: "3.11"\nrun: run.py:Runner\n');
  write('bad/cog.yaml', 'build:\n  python_version: "3.9"\n  python_requirements: missing.txt\n');
  write('badyaml/cog.yaml', 'build: [\n');
  write('empty/.keep', '');
  mkdirSync(path.join(root, 'dirnamed/cog-test-7f3.yaml'), { recursive: true });
});

after(() => rmSync(root, { recursive: true, force: true }));

describe('findProjectRoot', () => {
  it('finds cog.yaml in the start directory', () => {
    assert.deepEqual(findProjectRoot(path.join(root, 'proj'), 'cog.yaml'), {
      projectDir: path.join(root, 'proj'),
      configPath: path.join(root, 'proj/cog.yaml'),
    });
  });
  it('walks up from a sub-directory', () => {
    assert.equal(
      findProjectRoot(path.join(root, 'proj/some/sub/dir'), 'cog.yaml').projectDir,
      path.join(root, 'proj'),
    );
  });
  it('joins -f onto each candidate directory', () => {
    const found = findProjectRoot(path.join(root, 'proj/some/sub'), 'configs/prod.yaml');
    assert.deepEqual(found, {
      projectDir: path.join(root, 'proj'),
      configPath: path.join(root, 'proj/configs/prod.yaml'),
    });
  });
  it('an absolute -f is used as is (deliberate change)', () => {
    const file = path.join(root, 'proj/configs/prod.yaml');
    assert.deepEqual(findProjectRoot(path.join(root, 'empty'), file), {
      projectDir: path.join(root, 'proj/configs'),
      configPath: file,
    });
  });
  it('a directory named cog.yaml does not count', () => {
    // (Unusual file names here and below, so a stray cog.yaml in /tmp cannot make these pass or fail.)
    assert.throws(() => findProjectRoot(path.join(root, 'dirnamed'), 'cog-test-7f3.yaml'), {
      code: 'CONFIG_NOT_FOUND',
    });
  });
  it('not found names the file and the start directory', () => {
    const cwd = path.join(root, 'empty');
    assert.throws(
      () => findProjectRoot(cwd, 'nope.yaml'),
      (err: unknown) =>
        err instanceof CogError &&
        err.code === 'CONFIG_NOT_FOUND' &&
        err.message === `nope.yaml not found in ${cwd} (or in any parent directories)`,
    );
  });
  it('stops after 100 levels', () => {
    const deep = path.join(root, 'deep', ...Array.from({ length: 101 }, () => 'd'));
    mkdirSync(deep, { recursive: true });
    assert.throws(() => findProjectRoot(deep, 'cog.yaml'), {
      code: 'CONFIG_NOT_FOUND',
      message: 'No cog.yaml found in parent directories.',
    });
  });
});

describe('loadConfig', () => {
  it('loads, resolves the project dir and returns warnings', () => {
    const loaded = loadConfig({ cwd: path.join(root, 'proj/some/sub/dir') });
    assert.equal(loaded.projectDir, path.join(root, 'proj'));
    assert.equal(loaded.configPath, path.join(root, 'proj/cog.yaml'));
    assert.equal(loaded.configFile, 'cog.yaml');
    assert.deepEqual(loaded.config, {
      build: { python_version: '3.12', python_requirements: 'requirements.txt' },
      predict: 'p.py:P',
    });
    assert.deepEqual(
      loaded.warnings.map((w) => w.message),
      ['deprecated field "predict": use "run" instead'],
    );
  });
  it('loads a -f file', () => {
    const loaded = loadConfig({ cwd: path.join(root, 'proj'), file: 'configs/prod.yaml' });
    assert.equal(loaded.config.build?.python_version, '3.11');
    assert.equal(loaded.projectDir, path.join(root, 'proj'));
    assert.equal(loaded.configFile, 'configs/prod.yaml');
  });
  it('throws one ConfigLoadError listing every problem with its position', () => {
    assert.throws(
      () => loadConfig({ cwd: path.join(root, 'bad') }),
      (err: unknown) => {
        assert.ok(err instanceof ConfigLoadError);
        assert.equal(err.code, 'CONFIG_INVALID');
        assert.equal(err.position, undefined);
        assert.equal(
          err.message,
          'cog.yaml:2:19: invalid build.python_version "3.9": minimum supported Python version is 3.10\n' +
            'cog.yaml:3:24: invalid build.python_requirements "missing.txt": file does not exist',
        );
        assert.equal(err.errors.length, 2);
        return true;
      },
    );
  });
  it('a single error keeps its own code and position', () => {
    assert.throws(
      () => loadConfig({ cwd: path.join(root, 'badyaml') }),
      (err: unknown) => {
        assert.ok(err instanceof CogError);
        assert.equal(err.code, 'CONFIG_YAML');
        assert.match(err.message, /^failed to parse cog\.yaml: invalid YAML: /);
        assert.deepEqual(err.position, { file: 'cog.yaml', line: 2, column: 1 });
        return true;
      },
    );
  });
  it('a file over the size cap is refused from its size, before it is read', () => {
    const big = 'build:\n  python_version: "3.12"\n' + '#'.repeat(2 * 1024 * 1024) + '\n';
    write('huge/cog.yaml', big);
    assert.throws(
      () => loadConfig({ cwd: path.join(root, 'huge') }),
      (err: unknown) => {
        assert.ok(err instanceof CogError);
        assert.equal(err.code, 'CONFIG_LIMIT');
        assert.equal(
          err.message,
          `failed to parse cog.yaml: the file is ${Buffer.byteLength(big)} bytes; a cog.yaml may be at most 1048576 bytes (1 MiB)`,
        );
        assert.deepEqual(err.position, { file: 'cog.yaml', line: 1, column: 1 });
        return true;
      },
    );
  });
  it('not found', () => {
    assert.throws(() => loadConfig({ cwd: path.join(root, 'empty'), file: 'cog-test-7f3.yaml' }), {
      code: 'CONFIG_NOT_FOUND',
      message: `cog-test-7f3.yaml not found in ${path.join(root, 'empty')} (or in any parent directories)`,
    });
  });
});

describe('osReason', () => {
  const errno = (code: string, message: string) => Object.assign(new Error(message), { code });
  it('uses the Go wording for common codes', () => {
    assert.equal(
      osReason(errno('EACCES', "EACCES: permission denied, open '/x'")),
      'permission denied',
    );
    assert.equal(osReason(errno('ENOENT', 'ENOENT: …')), 'no such file or directory');
    assert.equal(osReason(errno('EISDIR', 'EISDIR: …')), 'is a directory');
  });
  it('falls back to the message', () => {
    assert.equal(osReason(errno('EIO', 'EIO: i/o error')), 'EIO: i/o error');
    assert.equal(osReason('odd'), 'odd');
  });
});
