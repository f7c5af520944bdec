// A JavaScript predictor's `inputs` metadata gives the same OpenAPI document as the equivalent
// Python predictor's type hints (the Python SDK is the reference; compared as parsed JSON).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { MetadataError, metadataDocument } from './metadata-schema.ts';

const PYTHON_SDK = fileURLToPath(new URL('../../python', import.meta.url));

function pythonDocument(source: string, mode: 'predict' | 'train'): unknown {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cog-metadata-'));
  try {
    writeFileSync(path.join(dir, 'run.py'), source);
    const out = execFileSync(
      'python3',
      [
        '-W',
        'ignore',
        '-c',
        `import json, sys; from cog import _predictor; print(json.dumps(_predictor.load_predictor("run.py:Runner", "${mode}").schema))`,
      ],
      { cwd: dir, env: { ...process.env, PYTHONPATH: PYTHON_SDK }, encoding: 'utf8' },
    );
    return JSON.parse(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const PYTHON = `
from typing import Iterator, List, Optional
from cog import BaseRunner, Input, Path, Secret

class Runner(BaseRunner):
    def run(
        self,
        text: str = Input(description="Who to greet", default="world"),
        n: int = Input(default=2, ge=1, le=5),
        ratio: float = 1.5,
        flag: bool = False,
        image: Optional[Path] = None,
        key: Optional[Secret] = None,
        color: str = Input(choices=["red", "blue"], default="red"),
        words: List[str] = Input(default=["a"], min_length=1),
        prompt: str = Input(regex="^a", max_length=10, deprecated=True),
    ) -> Iterator[str]:
        yield text
`;

const INPUTS = {
  text: { type: 'string', description: 'Who to greet', default: 'world' },
  n: { type: 'integer', default: 2, ge: 1, le: 5 },
  ratio: { type: 'number', default: 1.5 },
  flag: { type: 'boolean', default: false },
  image: { type: 'path', optional: true },
  key: { type: 'secret', optional: true },
  color: { type: 'string', choices: ['red', 'blue'], default: 'red' },
  words: { type: 'array', items: { type: 'string' }, default: ['a'], minLength: 1 },
  prompt: { type: 'string', regex: '^a', maxLength: 10, deprecated: true },
};

describe('metadataDocument', () => {
  test('matches the Python SDK document for the same inputs and an iterator output', () => {
    const doc = metadataDocument({
      mode: 'predict',
      file: 'run.js',
      inputs: INPUTS,
      output: { type: 'iterator', items: { type: 'string' } },
      streaming: false,
    });
    assert.deepEqual(doc, pythonDocument(PYTHON, 'predict'));
  });

  test('train mode uses the Training* components and /trainings', () => {
    const source = PYTHON.replace('def run(', 'def train(');
    const doc = metadataDocument({
      mode: 'train',
      file: 'train.js',
      inputs: INPUTS,
      output: { type: 'iterator', items: { type: 'string' } },
      streaming: false,
    });
    assert.deepEqual(doc, pythonDocument(source, 'train'));
  });

  const BAD: Array<[string, unknown, RegExp]> = [
    ['not an object', [1], /run\.js: export const inputs must be an object/],
    ['an unknown type', { a: { type: 'date' } }, /inputs\.a: unsupported type 'date'/],
    ['an unknown field', { a: { type: 'string', min: 1 } }, /inputs\.a: unknown field 'min'/],
    ['choices on a boolean', { a: { type: 'boolean', choices: [true] } }, /choices need type/],
    [
      'a bound that is not a number',
      { a: { type: 'integer', ge: '1' } },
      /inputs\.a\.ge must be a number/,
    ],
    [
      'a choices input named like a component',
      { Status: { type: 'string', choices: ['a'] } },
      /clashes/,
    ],
  ];
  for (const [name, inputs, message] of BAD) {
    test(`rejects ${name}`, () => {
      assert.throws(
        () =>
          metadataDocument({
            mode: 'predict',
            file: 'run.js',
            inputs,
            output: undefined,
            streaming: false,
          }),
        (error: unknown) => error instanceof Error && message.test(error.message),
      );
    });
  }

  test('errors are MetadataErrors naming the export', () => {
    assert.throws(
      () =>
        metadataDocument({
          mode: 'predict',
          file: 'x.mjs',
          inputs: 3,
          output: undefined,
          streaming: false,
        }),
      MetadataError,
    );
  });
});
