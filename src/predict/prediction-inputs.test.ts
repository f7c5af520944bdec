import type { OpenApiDocument, PredictionMode } from '../contracts/openapi-document.ts';
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { InputIo } from './input-files.ts';
import { readPredictionInputs } from './prediction-inputs.ts';
import { INPUT_TEST_DOC as doc } from './input-schema.test-support.ts';

const tempDirs: string[] = [];
after(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

const noStdin = async (): Promise<string> => {
  throw new Error('no stdin in this test');
};
const realIo: InputIo = {
  readFile: (p) => import('node:fs/promises').then((fs) => fs.readFile(p)),
  readStdin: noStdin,
};

/** One schema, one resolve: read and parse, then resolve against one schema. */
async function readAndResolve(options: {
  source: { kind: 'flags'; values: string[] } | { kind: 'json'; text: string };
  doc: OpenApiDocument;
  mode: PredictionMode;
  readStdin?: () => Promise<string>;
}): Promise<Record<string, unknown>> {
  const { source } = options;
  const inputs = await readPredictionInputs(
    source.kind === 'flags'
      ? { flags: source.values, json: undefined, mode: options.mode }
      : { flags: [], json: source.text, mode: options.mode },
    { ...realIo, readStdin: options.readStdin ?? noStdin },
  );
  return inputs.resolve(options.doc);
}

test('inputs: validation messages', async () => {
  const rows: Array<[string, string[], RegExp]> = [
    [
      'unknown input',
      ['prompt=x', 'nope=1'],
      /unknown input "nope"; valid inputs are: count, files, flag, /,
    ],
    ['missing required', ['count=1'], /missing required input "prompt"$/],
    ['type', ['prompt=x', 'count=abc'], /invalid input "count": expected integer, got string$/],
    [
      'enum',
      ['prompt=x', 'size=huge'],
      /invalid input "size": must be one of: small, medium, large$/,
    ],
    ['minimum', ['prompt=x', 'count=0'], /invalid input "count": number must be at least 1$/],
    [
      'several errors',
      ['count=0', 'size=huge'],
      /input validation failed:\n- missing required input "prompt"\n- /,
    ],
    ['nested required', ['prompt=x', 'opts={}'], /missing required input "opts.scale"$/],
    ['minLength', ['prompt='], /minimum string length is 1/],
  ];
  for (const [name, values, want] of rows) {
    await assert.rejects(
      readAndResolve({ source: { kind: 'flags', values }, doc, mode: 'predict' }),
      want,
      name,
    );
  }
});

test('inputs --json: null, files, stdin', async () => {
  await assert.rejects(
    readAndResolve({
      source: { kind: 'json', text: '{"prompt":"x","seed":null}' },
      doc,
      mode: 'predict',
    }),
    /invalid input "seed": must not be null \(omit the input to use its default\)/,
  );
  await assert.rejects(
    readAndResolve({ source: { kind: 'json', text: '[1]' }, doc, mode: 'predict' }),
    /Failed to parse JSON/,
  );
  const dir = tempDir('cog-inputs-');
  const file = path.join(dir, 'hello.txt');
  writeFileSync(file, 'hi');
  const got = await readAndResolve({
    source: { kind: 'json', text: '-' },
    doc,
    mode: 'predict',
    readStdin: async () => JSON.stringify({ prompt: 'x', image: `@${file}`, count: 2 }),
  });
  assert.deepEqual(got, { prompt: 'x', image: 'data:text/plain;base64,aGk=', count: 2 });
  await assert.rejects(
    readAndResolve({
      source: { kind: 'flags', values: ['prompt=x', `image=@${dir}/missing.png`] },
      doc,
      mode: 'predict',
    }),
    /input "image": open .*missing.png: no such file or directory/,
  );
  await assert.rejects(
    readAndResolve({
      source: { kind: 'flags', values: ['x=1'] },
      doc: { components: { schemas: { Input: { type: 'object', properties: {} } } } },
      mode: 'predict',
    }),
    /unknown input "x"; model does not accept inputs/,
  );
});

test('train falls back to Input and names TrainingInput in errors', async () => {
  await assert.rejects(
    readAndResolve({
      source: { kind: 'flags', values: [] },
      doc: { components: { schemas: {} } },
      mode: 'train',
    }),
    /OpenAPI schema is missing TrainingInput or Input component/,
  );
  assert.deepEqual(
    await readAndResolve({ source: { kind: 'flags', values: ['prompt=a'] }, doc, mode: 'train' }),
    { prompt: 'a' },
  );
});

/** An InputIo that counts reads per path over a real directory. */
function countingIo(stdin?: string): {
  io: InputIo;
  reads: Map<string, number>;
  stdinReads: () => number;
} {
  const reads = new Map<string, number>();
  let stdinReads = 0;
  return {
    reads,
    stdinReads: () => stdinReads,
    io: {
      readFile: async (p) => {
        reads.set(p, (reads.get(p) ?? 0) + 1);
        return realIo.readFile(p);
      },
      readStdin: async () => {
        stdinReads++;
        if (stdin === undefined) throw new Error('no stdin');
        return stdin;
      },
    },
  };
}

/** The three schemas `cog run` resolves against in turn: static, built, served. */
const schemasInTurn: OpenApiDocument[] = [doc, structuredClone(doc), structuredClone(doc)];

test('each @file is read once and each -i value parsed once, however often inputs resolve', async () => {
  const dir = tempDir('cog-inputs-once-');
  const image = path.join(dir, 'photo.png');
  const extra = path.join(dir, 'b.txt');
  writeFileSync(image, 'png bytes');
  writeFileSync(extra, 'text');
  const raw = ['prompt=hi', `image=@${image}`, `files=@${extra}`, `files=@${image}`, 'count=2'];
  // Every read of a raw `-i` string goes through this proxy: parsing reads each exactly once.
  const parsedTimes = raw.map(() => 0);
  const flags = new Proxy(raw, {
    get(target, key, receiver) {
      if (typeof key === 'string' && /^\d+$/.test(key))
        parsedTimes[Number(key)] = (parsedTimes[Number(key)] ?? 0) + 1;
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
  const { io, reads } = countingIo();
  const inputs = await readPredictionInputs({ flags, json: undefined, mode: 'predict' }, io);
  const results = [];
  for (const schema of schemasInTurn) results.push(await inputs.resolve(schema));
  assert.deepEqual(parsedTimes, [1, 1, 1, 1, 1]);
  assert.deepEqual(Object.fromEntries(reads), { [image]: 1, [extra]: 1 });
  const png = `data:image/png;base64,${Buffer.from('png bytes').toString('base64')}`;
  for (const got of results)
    assert.deepEqual(got, {
      prompt: 'hi',
      image: png,
      files: [`data:text/plain;base64,${Buffer.from('text').toString('base64')}`, png],
      count: 2,
    });
});

test('--json @file and the @files in it are read once; stdin once', async () => {
  const dir = tempDir('cog-inputs-json-once-');
  const image = path.join(dir, 'photo.png');
  const json = path.join(dir, 'inputs.json');
  writeFileSync(image, 'png');
  writeFileSync(json, JSON.stringify({ prompt: 'x', image: `@${image}` }));
  const fromFile = countingIo();
  const inputs = await readPredictionInputs(
    { flags: [], json: `@${json}`, mode: 'predict' },
    fromFile.io,
  );
  for (const schema of schemasInTurn) await inputs.resolve(schema);
  assert.deepEqual(Object.fromEntries(fromFile.reads), { [json]: 1, [image]: 1 });

  const fromStdin = countingIo(JSON.stringify({ prompt: 'y', image: `@${image}` }));
  const piped = await readPredictionInputs(
    { flags: [], json: '@-', mode: 'predict' },
    fromStdin.io,
  );
  for (const schema of schemasInTurn) await piped.resolve(schema);
  assert.equal(fromStdin.stdinReads(), 1);
  assert.deepEqual(Object.fromEntries(fromStdin.reads), { [image]: 1 });
});

test('inputs are parsed before any schema: syntax errors and --json with -i fail at once', async () => {
  const { io, reads } = countingIo();
  await assert.rejects(
    readPredictionInputs({ flags: ['nope'], json: undefined, mode: 'predict' }, io),
    /Failed to parse input 'nope', expected format is 'name=value'/,
  );
  await assert.rejects(
    readPredictionInputs({ flags: ['a=1'], json: '{}', mode: 'predict' }, io),
    /Must use one of --json or --input to provide model inputs/,
  );
  await assert.rejects(
    readPredictionInputs({ flags: [], json: '{"a":', mode: 'predict' }, io),
    /Failed to parse JSON: /,
  );
  await assert.rejects(
    readPredictionInputs({ flags: [], json: '@/nonexistent/in.json', mode: 'predict' }, io),
    /Failed to read JSON from file "\/nonexistent\/in.json": /,
  );
  assert.deepEqual([...reads.keys()], ['/nonexistent/in.json']);
  // A file input is read only once its name is known to be valid.
  const unknown = countingIo();
  const inputs = await readPredictionInputs(
    { flags: ['nope=@/nonexistent/x.png'], json: undefined, mode: 'predict' },
    unknown.io,
  );
  await assert.rejects(inputs.resolve(doc), /unknown input "nope"/);
  assert.equal(unknown.reads.size, 0);
});
