// The environment rules of §2.4 as a pure list function, and parseEnvironment's sorted pairs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CogError } from '../cog-error.ts';
import {
  environmentProblems,
  isReservedEnvironmentName,
  parseEnvironment,
} from './environment-rules.ts';

describe('isReservedEnvironmentName', () => {
  const rows: Array<[string, boolean]> = [
    ['PATH', true],
    ['LD_LIBRARY_PATH', true],
    ['PYTHONPATH', true],
    ['VIRTUAL_ENV', true],
    ['PYTHONUNBUFFERED', true],
    ['LIBRARY_PATH', true],
    ['HF_ENDPOINT', true],
    ['HF_HUB_ENABLE_HF_TRANSFER', true],
    ['R8_ANYTHING', true],
    ['R8_', true],
    ['REPLICATE_API_TOKEN', true],
    ['CUDA_VISIBLE_DEVICES', true],
    ['NVIDIA_DRIVER_CAPABILITIES', true],
    ['NV_CUDA_LIB_VERSION', true],
    ['PGET_CONCURRENCY', true],
    ['KUBERNETES_SERVICE_HOST', true],
    ['COG_USER_AGENT', false],
    ['COG_MAX_CONCURRENCY', false],
    ['COG_LOG_LEVEL', false],
    ['path', false],
    ['R8', false],
    ['CUDA', false],
    ['NVX', false],
    ['HF_HOME', false],
    ['MY_PATH', false],
    ['PATH2', false],
  ];
  for (const [name, reserved] of rows) {
    it(`${name} → ${reserved ? 'reserved' : 'allowed'}`, () =>
      assert.equal(isReservedEnvironmentName(name), reserved));
  }
});

describe('environmentProblems', () => {
  it('accepts empty values, spaces, quotes, = and commas in values', () => {
    assert.deepEqual(environmentProblems(['A=', 'B=a b', 'C="q"', 'D=x=y', 'E=1,2,3']), []);
  });
  it('reports each bad entry once, in list order, with its index', () => {
    assert.deepEqual(
      environmentProblems(['NOEQUALS', 'PATH=/bin', 'A=1', 'A=2', '=x', 'CUDA_HOME=/c']),
      [
        { index: 0, message: 'environment variable "NOEQUALS" is not in the KEY=VALUE format' },
        {
          index: 1,
          message: 'environment variable "PATH" is not allowed: reserved for internal use',
        },
        { index: 3, message: 'environment variable "A" is already defined' },
        { index: 4, message: 'environment variable "=x" is not in the KEY=VALUE format' },
        {
          index: 5,
          message: 'environment variable "CUDA_HOME" is not allowed: reserved for internal use',
        },
      ],
    );
  });
  it('a reserved name repeated is reported as reserved each time', () => {
    assert.deepEqual(
      environmentProblems(['PATH=a', 'PATH=b']).map((p) => p.index),
      [0, 1],
    );
  });
});

describe('parseEnvironment', () => {
  it('splits at the first = and sorts by key', () => {
    assert.deepEqual(parseEnvironment(['ZED=last', 'ALPHA=a=b', 'MID=']), [
      ['ALPHA', 'a=b'],
      ['MID', ''],
      ['ZED', 'last'],
    ]);
  });
  it('sorts by code unit, upper case before lower case (as Go)', () => {
    assert.deepEqual(
      parseEnvironment(['b=1', 'B=2', 'a=3', '_X=4']).map(([k]) => k),
      ['B', '_X', 'a', 'b'],
    );
  });
  it('keeps values verbatim', () => {
    assert.deepEqual(parseEnvironment(['Q="quoted value" x']), [['Q', '"quoted value" x']]);
  });
  it('undefined or empty gives no pairs', () => {
    assert.deepEqual(parseEnvironment(undefined), []);
    assert.deepEqual(parseEnvironment([]), []);
  });
  it('throws a CogError on an entry the checks reject', () => {
    assert.throws(
      () => parseEnvironment(['OK=1', 'PATH=/x']),
      (err: unknown) =>
        err instanceof CogError &&
        err.code === 'CONFIG_ENVIRONMENT' &&
        err.message ===
          'invalid environment: environment variable "PATH" is not allowed: reserved for internal use',
    );
    assert.throws(() => parseEnvironment(['A=1', 'A=2']), /"A" is already defined/);
  });
});
