// The same predictor written in Python and in TypeScript (testdata/<case>/run.py and run.ts)
// gets the same OpenAPI document, key for key and in key order: the Python side comes from the
// real SDK in python/cog (load_predictor(...).schema and merge_documents), run with python3.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { extractTypeScriptSchema, mergeDocuments } from './extract-typescript-schema.ts';
import type { OpenApiDocument, PredictionMode } from '../contracts/openapi-document.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const testdata = path.join(here, 'testdata');
const pythonSdk = path.join(here, '..', '..', 'python');

// Prints the document of each `ref mode` pair, merged with merge_documents when there are two.
const PYTHON = `
import json, sys, warnings
sys.path.insert(0, sys.argv[1])
from cog._predictor import load_predictor, merge_documents
warnings.simplefilter("ignore")
docs = [load_predictor(ref, mode).schema for ref, mode in zip(sys.argv[2::2], sys.argv[3::2])]
print(json.dumps(docs[0] if len(docs) == 1 else merge_documents(docs[0], docs[1])))
`;

function pythonDocument(
  fixture: string,
  targets: Array<[string, PredictionMode]>,
): OpenApiDocument {
  const args = targets.flatMap(([name, mode]) => [`run.py:${name}`, mode]);
  const stdout = execFileSync('python3', ['-c', PYTHON, pythonSdk, ...args], {
    cwd: path.join(testdata, fixture),
    encoding: 'utf8',
    env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
  });
  return JSON.parse(stdout) as OpenApiDocument;
}

async function typeScriptDocument(
  fixture: string,
  [name, mode]: [string, PredictionMode],
): Promise<OpenApiDocument> {
  return extractTypeScriptSchema({
    projectDir: path.join(testdata, fixture),
    file: 'run.ts',
    exportName: name,
    mode,
  });
}

const cases: Array<{ fixture: string; target: [string, PredictionMode] }> = [
  { fixture: 'worked-example', target: ['Predictor', 'predict'] },
  { fixture: 'detector', target: ['Runner', 'predict'] },
  { fixture: 'chat', target: ['run', 'predict'] },
  { fixture: 'trainer', target: ['Trainer', 'train'] },
];

describe('documents equal the Python SDK', () => {
  for (const { fixture, target } of cases) {
    it(`${fixture} (${target[1]})`, async () => {
      const expected = pythonDocument(fixture, [target]);
      const actual = await typeScriptDocument(fixture, target);
      assert.deepEqual(actual, expected);
      assert.equal(JSON.stringify(actual, null, 1), JSON.stringify(expected, null, 1), 'key order');
    });
  }

  it('trainer: predict and train merged', async () => {
    const expected = pythonDocument('trainer', [
      ['Trainer', 'predict'],
      ['Trainer', 'train'],
    ]);
    const predict = await typeScriptDocument('trainer', ['Trainer', 'predict']);
    const train = await typeScriptDocument('trainer', ['Trainer', 'train']);
    const actual = mergeDocuments(predict, train);
    assert.equal(JSON.stringify(actual, null, 1), JSON.stringify(expected, null, 1));
    assert.equal(
      JSON.stringify(predict).includes('Training'),
      false,
      'merge leaves its inputs alone',
    );
  });
});
