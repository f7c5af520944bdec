import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CogError } from '../cog-error.ts';
import { explainOom, OOM_HINT } from './container-oom.ts';

const yes = async (): Promise<boolean> => true;
const no = async (): Promise<boolean> => false;

test('a container that died of an OOM kill says that memory ran out', async () => {
  const exited = new CogError('CONTAINER_EXITED', 'Container exited unexpectedly');
  const explained = (await explainOom(exited, yes)) as CogError;
  assert.equal(explained.code, 'CONTAINER_OOM');
  assert.equal(explained.message, 'The model container ran out of memory and was killed');
  assert.equal(explained.hint, OOM_HINT);
  assert.equal(await explainOom(exited, no), exited, 'no OOM kill: unchanged');
});

test('an older server\'s "Worker crashed (signal SIGKILL)" gets the reason added', async () => {
  const failed = new CogError(
    'PREDICTION_FAILED',
    'Prediction failed with status "failed": Worker crashed (signal SIGKILL)',
  );
  assert.equal(
    ((await explainOom(failed, yes)) as CogError).message,
    'Prediction failed with status "failed": Worker crashed (signal SIGKILL) (out of memory: the OOM killer ended a process in the container)',
  );
  const setup = new CogError('SETUP_FAILED', 'Model setup failed\nTraceback ...');
  assert.equal(
    ((await explainOom(setup, yes)) as CogError).message,
    'Model setup failed (out of memory: the OOM killer ended a process in the container)',
  );
});

test('our server already says out of memory: kept, hint added, Docker not asked', async () => {
  const failed = new CogError(
    'PREDICTION_FAILED',
    'Prediction failed with status "failed": Worker crashed (out of memory: killed by the OOM killer, signal SIGKILL)',
  );
  const explained = (await explainOom(failed, async () => assert.fail('not asked'))) as CogError;
  assert.equal(explained.message, failed.message);
  assert.equal(explained.hint, OOM_HINT);
});

test('other errors pass through untouched', async () => {
  const usage = new CogError('USAGE', 'bad flag');
  assert.equal(await explainOom(usage, yes), usage);
  const plain = new Error('boom');
  assert.equal(await explainOom(plain, yes), plain);
});
