import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  handlePredictionOutput,
  progressLine,
  StreamPrinter,
  type OutputSink,
} from './prediction-output.ts';

const tempDirs: string[] = [];
after(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

function sink(): OutputSink & { out: string[]; raws: string[]; infos: string[]; warns: string[] } {
  const s = {
    out: [] as string[],
    raws: [] as string[],
    infos: [] as string[],
    warns: [] as string[],
  };
  return {
    ...s,
    stdout: (t) => s.out.push(t),
    raw: (t) => s.raws.push(t),
    info: (m) => s.infos.push(m),
    warn: (m) => s.warns.push(m),
  };
}

const doc = {
  components: { schemas: { Output: { type: 'array', items: { type: 'string', format: 'uri' } } } },
};
const fileSchema = { type: 'string', format: 'uri' };
const b64 = (t: string): string => `data:text/plain;base64,${Buffer.from(t).toString('base64')}`;

test('strings raw, other values as sorted JSON, null warns', async () => {
  const dir = tempDir('cog-po-');
  const output = { path: path.join(dir, 'output'), explicit: false };
  const base = { doc, output, json: false, alwaysToFile: false, streamed: false };
  let s = sink();
  await handlePredictionOutput({
    ...base,
    response: { status: 'succeeded', output: 'hi' },
    outputSchema: { type: 'string' },
    sink: s,
  });
  assert.deepEqual(s.out, ['hi']);
  s = sink();
  await handlePredictionOutput({
    ...base,
    response: { status: 'succeeded', output: { b: 1, a: [1] } },
    outputSchema: { type: 'object' },
    sink: s,
  });
  assert.deepEqual(s.out, ['{\n  "a": [\n    1\n  ],\n  "b": 1\n}']);
  s = sink();
  await handlePredictionOutput({
    ...base,
    response: { status: 'succeeded', output: null },
    outputSchema: { type: 'string' },
    sink: s,
  });
  assert.deepEqual(s.warns, ['No output generated']);
  await assert.rejects(
    handlePredictionOutput({
      ...base,
      response: { status: 'failed', error: 'boom' },
      outputSchema: { type: 'string' },
      sink: sink(),
    }),
    /Prediction failed with status "failed": boom/,
  );
  await assert.rejects(
    handlePredictionOutput({
      ...base,
      response: { status: 'succeeded', output: 3 },
      outputSchema: { type: 'string' },
      sink: sink(),
    }),
    /Failed to convert prediction output to string/,
  );
});

test('files: single, list, and --json replaces them with paths', async () => {
  const dir = tempDir('cog-po-');
  const output = { path: path.join(dir, 'output'), explicit: false };
  const base = { doc, output, json: false, alwaysToFile: false, streamed: false };
  const s = sink();
  await handlePredictionOutput({
    ...base,
    response: { status: 'succeeded', output: b64('one') },
    outputSchema: fileSchema,
    sink: s,
  });
  assert.equal(readFileSync(path.join(dir, 'output.txt'), 'utf8'), 'one');
  await handlePredictionOutput({
    ...base,
    response: { status: 'succeeded', output: [b64('a'), b64('b')] },
    outputSchema: { $ref: '#/components/schemas/Output' },
    sink: s,
  });
  assert.equal(readFileSync(path.join(dir, 'output.1.txt'), 'utf8'), 'b');
  const j = sink();
  await handlePredictionOutput({
    ...base,
    output: { path: path.join(dir, 'output.json'), explicit: false },
    json: true,
    response: { status: 'succeeded', output: b64('j'), metrics: { predict_time: 1 } },
    outputSchema: fileSchema,
    sink: j,
  });
  const printed = JSON.parse(j.out[0] ?? '') as Record<string, unknown>;
  assert.deepEqual(Object.keys(printed), ['status', 'output', 'error', 'metrics']);
  assert.equal(printed.output, path.join(dir, 'output.txt'));
  assert.equal(printed.error, '');
});

test('train writes even strings to the output file', async () => {
  const dir = tempDir('cog-po-');
  const s = sink();
  await handlePredictionOutput({
    doc,
    output: { path: path.join(dir, 'weights'), explicit: true },
    json: false,
    alwaysToFile: true,
    streamed: false,
    response: { status: 'succeeded', output: 'trained' },
    outputSchema: { type: 'string' },
    sink: s,
  });
  assert.equal(readFileSync(path.join(dir, 'weights'), 'utf8'), 'trained\n');
  assert.deepEqual(s.out, []);
});

test('StreamPrinter: concatenated text, items per line, files as they come', async () => {
  const dir = tempDir('cog-po-');
  const output = { path: path.join(dir, 'output'), explicit: false };
  const s = sink();
  const concat = new StreamPrinter({
    outputSchema: {
      type: 'array',
      items: { type: 'string' },
      'x-cog-array-display': 'concatenate',
    },
    doc,
    output,
    sink: s,
  });
  concat.push('a', 0);
  concat.push(' b', 1);
  await concat.finish();
  assert.deepEqual(s.raws, ['a', ' b', '\n']);
  const items = new StreamPrinter({
    outputSchema: { type: 'array', items: { type: 'integer' } },
    doc,
    output,
    sink: s,
  });
  items.push(1, 0);
  items.push({ x: 2 }, 1);
  assert.deepEqual(s.out, ['1', '{"x":2}']);
  const files = new StreamPrinter({
    outputSchema: { type: 'array', items: fileSchema },
    doc,
    output,
    sink: s,
  });
  files.push(b64('f0'), 0);
  files.push(b64('f1'), 1);
  await files.finish();
  assert.equal(readFileSync(path.join(dir, 'output.1.txt'), 'utf8'), 'f1');
  assert.equal(files.count, 2);
});

test('--json: a failed prediction is printed as the response and returned, not thrown', async () => {
  const dir = tempDir('cog-po-');
  const s = sink();
  const outcome = await handlePredictionOutput({
    doc,
    output: { path: path.join(dir, 'output.json'), explicit: false },
    json: true,
    alwaysToFile: false,
    streamed: false,
    response: { status: 'failed', error: 'boom' },
    outputSchema: { type: 'string' },
    sink: s,
  });
  assert.equal(outcome, 'failed');
  assert.deepEqual(JSON.parse(s.out[0] ?? ''), { status: 'failed', output: null, error: 'boom' });
  assert.deepEqual([s.infos, s.warns], [[], []]);
  const ok = await handlePredictionOutput({
    doc,
    output: { path: path.join(dir, 'output.json'), explicit: false },
    json: true,
    alwaysToFile: false,
    streamed: false,
    response: { status: 'succeeded', output: 'hi' },
    outputSchema: { type: 'string' },
    sink: sink(),
  });
  assert.equal(ok, 'succeeded');
});

test('iterators that do not stream print like lists: Go-style JSON once, at the end', async () => {
  const dir = tempDir('cog-po-');
  const output = { path: path.join(dir, 'output'), explicit: false };
  const iterator = { type: 'array', items: { type: 'string' }, 'x-cog-array-type': 'iterator' };
  for (const outputSchema of [iterator, { ...iterator, 'x-cog-array-display': 'concatenate' }]) {
    const s = sink();
    await handlePredictionOutput({
      doc,
      output,
      json: false,
      alwaysToFile: false,
      streamed: false,
      response: { status: 'succeeded', output: ['hello', ' world', ' <!>'] },
      outputSchema,
      sink: s,
    });
    assert.deepEqual(s.out, ['[\n  "hello",\n  " world",\n  " \\u003c!\\u003e"\n]']);
    assert.deepEqual(s.raws, []);
  }
});

test('progressLine: text as is, files by type, other values as JSON', () => {
  assert.equal(progressLine('chunk'), 'chunk');
  assert.equal(progressLine(b64('x')), '(file text/plain)');
  assert.equal(progressLine('data:;base64,eA=='), '(file)');
  assert.equal(progressLine({ a: 1 }), '{"a":1}');
  assert.equal(progressLine(7), '7');
});
