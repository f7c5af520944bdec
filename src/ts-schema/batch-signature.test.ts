// A batching TypeScript predictor (`static batch`): the schema describes one item of run()'s
// arrays; a batching run() that does not take or return arrays is a clear schema error.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractFromSources, schemas } from './extract-fixture.test-support.ts';

const runner = (signature: string) => `
import type { Integer } from 'cog-sdk';
interface Input {
  /** @default 1 */
  n?: Integer;
  text: string;
}
export class Runner {
  static batch = { maxSize: 8, maxWaitMs: 20 };
  ${signature}
}
`;

describe('batching TypeScript predictors', () => {
  it('the schema is per item', async () => {
    const doc = await extractFromSources(
      {
        'run.ts': runner(
          'async run(inputs: Input[]): Promise<string[]> { return inputs.map((i) => i.text); }',
        ),
      },
      { exportName: 'Runner' },
    );
    const { Input, Output } = schemas(doc) as Record<
      string,
      { properties?: object; type?: string }
    >;
    assert.deepEqual(Object.keys(Input?.properties ?? {}), ['n', 'text']);
    assert.equal((Input?.properties as Record<string, { type: string }>).n?.type, 'integer');
    assert.equal(Output?.type, 'string');
  });

  it('an Error in the output union is a per-request failure, not part of the schema', async () => {
    const doc = await extractFromSources(
      {
        'run.ts': runner(
          'run(inputs: Input[]): Array<Integer | Error> { return inputs.map((i) => i.n ?? (1 as Integer)); }',
        ),
      },
      { exportName: 'Runner' },
    );
    assert.equal((schemas(doc) as Record<string, { type?: string }>).Output?.type, 'integer');
  });

  it('a batching run() must take and return arrays', async () => {
    await assert.rejects(
      extractFromSources(
        { 'run.ts': runner('run(input: Input): string[] { return []; }') },
        { exportName: 'Runner' },
      ),
      /a batching run\(\) must take an array of inputs, got Input/,
    );
    await assert.rejects(
      extractFromSources(
        { 'run.ts': runner('run(inputs: Input[]): string { return ""; }') },
        { exportName: 'Runner' },
      ),
      /a batching run\(\) must return an array of outputs, got string/,
    );
  });
});
