import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Random, fuzz, fuzzBudget } from './fuzz.ts';

test('Random is deterministic per seed and stays in range', () => {
  const a = new Random(7);
  const b = new Random(7);
  const c = new Random(8);
  const seqA = Array.from({ length: 50 }, () => a.int(1000));
  const seqB = Array.from({ length: 50 }, () => b.int(1000));
  const seqC = Array.from({ length: 50 }, () => c.int(1000));
  assert.deepEqual(seqA, seqB);
  assert.notDeepEqual(seqA, seqC);
  for (const n of seqA) assert.ok(n >= 0 && n < 1000);
  assert.equal(new Random(1).string(20, 'ab').replace(/[ab]/g, ''), '');
});

test('fuzzBudget reads the environment, with defaults for bad values', () => {
  assert.deepEqual(fuzzBudget(100, {}), { cases: 100, seconds: 0, seed: 20261202 });
  assert.deepEqual(
    fuzzBudget(100, { COG_FUZZ_SECONDS: '5', COG_FUZZ_SEED: '3', COG_FUZZ_CASES: 'x' }),
    {
      cases: 100,
      seconds: 5,
      seed: 3,
    },
  );
});

test('fuzz runs the budgeted cases and names the replay of a failing one', async () => {
  const seen: number[] = [];
  const count = await fuzz(
    'count',
    { cases: 5, seconds: 0, seed: 1 },
    (_r, n) => {
      seen.push(n);
    },
    {},
  );
  assert.equal(count, 5);
  assert.deepEqual(seen, [0, 1, 2, 3, 4]);

  await assert.rejects(
    fuzz(
      'fails',
      { cases: 10, seconds: 0, seed: 9 },
      (_r, n) => {
        if (n === 3) throw new Error('boom');
      },
      {},
    ),
    /fuzz fails: case 3 failed \(replay: COG_FUZZ_SEED=9 COG_FUZZ_FROM=3 COG_FUZZ_CASES=1\): boom/,
  );

  const replayed: number[] = [];
  await fuzz(
    'replay',
    { cases: 1, seconds: 0, seed: 9 },
    (_r, n) => {
      replayed.push(n);
    },
    { COG_FUZZ_FROM: '3' },
  );
  assert.deepEqual(replayed, [3]);
});

test('the same case number gives the same data on replay', async () => {
  const first: string[] = [];
  const again: string[] = [];
  await fuzz('a', { cases: 4, seconds: 0, seed: 5 }, (r) => void first.push(r.string(8)), {});
  await fuzz('b', { cases: 1, seconds: 0, seed: 5 }, (r) => void again.push(r.string(8)), {
    COG_FUZZ_FROM: '2',
  });
  assert.equal(again[0], first[2]);
});
