// PredictionService against a fake worker: the lifecycle rules without Python or HTTP.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ParentMessage } from '../worker/worker-messages.ts';
import { pythonLauncher } from '../core/worker-launcher.ts';
import { PredictionService, type PredictionServiceOptions } from './prediction-service.ts';
import { AtCapacityError, InvalidInputError, NotReadyError } from './service-errors.ts';

const SCHEMA = {
  components: {
    schemas: {
      Input: { type: 'object', required: ['text'], properties: { text: { type: 'string' } } },
    },
  },
};

function setup(overrides: Partial<PredictionServiceOptions> = {}, schema: object = {}) {
  const sent: ParentMessage[] = [];
  const signals: string[] = [];
  const logs: string[] = [];
  const service = new PredictionService(
    {
      send: (m) => sent.push(m),
      cancel: (id) => sent.push({ type: 'cancel', id }),
      kill: () => signals.push('SIGKILL'),
      admissionProblem: (schema, slots) =>
        pythonLauncher('python3').admissionProblem(schema, slots),
      description: 'the Python worker',
    },
    {
      version: '0.0.0',
      maxConcurrency: null,
      download: { idleTimeoutMs: 1000, userAgent: undefined },
      outputs: { uploadUrl: null, timeoutMs: 1000, retryDelaysMs: [] },
      webhook: {
        throttleMs: 0,
        userAgent: 'x',
        authToken: undefined,
        timeoutMs: 1000,
        maxRetries: 0,
        retryDelayMs: () => 1,
        log: () => {},
      },
      historyCapacity: 16,
      healthcheckTimeoutMs: 50,
      mirror: () => {},
      log: (m) => logs.push(m),
      onReady: () => {},
      ...overrides,
    },
  );
  service.onWorkerMessage({
    type: 'schema',
    schema: SCHEMA,
    is_async: false,
    is_stream: false,
    max_concurrency: null,
    ...schema,
  });
  return { service, sent, signals, logs };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('PredictionService', () => {
  test('predictions wait for READY; setup logs collect null-id logs and raw output', () => {
    const { service } = setup();
    assert.throws(() => service.create('prediction', { input: { text: 'a' } }), NotReadyError);
    service.onWorkerMessage({ type: 'log', id: null, stream: 'stdout', data: 'loading\n' });
    service.onWorkerOutput('stderr', 'native\n');
    service.onWorkerMessage({ type: 'ready' });
    assert.equal(service.setup.logs, 'loading\nnative\n');
    assert.equal(service.setup.status, 'READY');
  });

  test('input validation is compiled with the schema; one that cannot compile fails requests only', () => {
    const bad = {
      components: {
        schemas: {
          Input: { type: 'object', properties: { text: { type: 'string', pattern: '(' } } },
        },
      },
    };
    const { service } = setup({}, { schema: bad });
    service.onWorkerMessage({ type: 'ready' });
    assert.equal(service.setup.status, 'READY');
    assert.throws(
      () => service.create('prediction', { input: { text: 'a' } }),
      (error: unknown) => error instanceof SyntaxError && !(error instanceof InvalidInputError),
    );
  });

  test('an id outside the grammar is refused by the service itself, and never remembered', () => {
    const { service, sent } = setup();
    service.onWorkerMessage({ type: 'ready' });
    // 1000 bogus early cancels would have evicted a real one from the early-cancel memory.
    assert.equal(service.cancel('real'), false);
    for (let i = 0; i < 1000; i++) service.cancel(`bad id ${i}`);
    assert.equal(
      service.create('prediction', { id: 'real', input: { text: 'a' } }).prediction.cancelRequested,
      true,
    );
    for (const id of ['a\r\nX-Injected: 1', 'x'.repeat(129), '']) {
      assert.throws(
        () => service.create('prediction', { id, input: { text: 'a' } }),
        (e: unknown) =>
          e instanceof InvalidInputError && JSON.stringify(e.detail[0]?.loc) === '["body","id"]',
      );
      assert.equal(service.cancel(id), false);
    }
    assert.equal(sent.length, 0);
  });

  test('validation, capacity, dispatch, logs, outputs in order, success', async () => {
    const { service, sent } = setup();
    service.onWorkerMessage({ type: 'ready' });
    assert.throws(() => service.create('prediction', { input: {} }), InvalidInputError);
    const { prediction } = service.create('prediction', { id: 'p', input: { text: 'a' } });
    assert.throws(() => service.create('prediction', { input: { text: 'b' } }), AtCapacityError);
    assert.equal(service.create('prediction', { id: 'p', input: {} }).existing, true);
    await tick();
    assert.deepEqual(sent.at(-1), { type: 'predict', id: 'p', input: { text: 'a' }, context: {} });
    service.onWorkerMessage({ type: 'log', id: 'p', stream: 'stdout', data: 'hi\n' });
    service.onWorkerMessage({ type: 'output', id: 'p', value: 'x' });
    service.onWorkerMessage({ type: 'output', id: 'p', value: 'y' });
    service.onWorkerMessage({ type: 'done', id: 'p', is_stream: true });
    await prediction.done;
    assert.deepEqual(
      [prediction.status, prediction.output, prediction.logs],
      ['succeeded', ['x', 'y'], 'hi\n'],
    );
    assert.deepEqual(service.slots, { max: 1, current: 0 });
  });

  test('cancel of a dispatched prediction reaches the worker once', async () => {
    const { service, sent } = setup();
    service.onWorkerMessage({ type: 'ready' });
    const { prediction } = service.create('prediction', { id: 'c', input: { text: 'a' } });
    await tick();
    assert.equal(service.cancel('c'), true);
    assert.equal(service.cancel('c'), true);
    assert.equal(service.cancel('nope'), false);
    assert.deepEqual(
      sent.filter((m) => m.type === 'cancel'),
      [{ type: 'cancel', id: 'c' }],
    );
    service.onWorkerMessage({ type: 'canceled', id: 'c' });
    await prediction.done;
    assert.equal(prediction.status, 'canceled');
  });

  test('whenSlotFree resolves at once with a free slot, else when a prediction finishes', async () => {
    const { service } = setup();
    service.onWorkerMessage({ type: 'ready' });
    await service.whenSlotFree();
    service.create('prediction', { id: 'busy', input: { text: 'a' } });
    await tick();
    let freed = false;
    const waiting = service.whenSlotFree().then(() => (freed = true));
    await tick();
    assert.equal(freed, false);
    service.onWorkerMessage({ type: 'done', id: 'busy', output: 'a', is_stream: false });
    await waiting;
    assert.deepEqual(service.slots, { max: 1, current: 0 });
  });

  test('a cancel before dispatch ends the prediction without reaching the worker', async () => {
    const { service, sent } = setup();
    service.onWorkerMessage({ type: 'ready' });
    const { prediction } = service.create('prediction', { id: 'early', input: { text: 'a' } });
    service.cancel('early');
    await prediction.done;
    assert.equal(prediction.status, 'canceled');
    assert.equal(
      sent.some((m) => m.type === 'predict'),
      false,
    );
  });

  test('a cancel that arrives before its prediction exists cancels it on creation', async () => {
    const { service, sent } = setup();
    service.onWorkerMessage({ type: 'ready' });
    assert.equal(service.cancel('racing'), false, 'still unknown: 404');
    const { prediction } = service.create('prediction', { id: 'racing', input: { text: 'a' } });
    await prediction.done;
    assert.equal(prediction.status, 'canceled');
    assert.equal(
      sent.some((m) => m.type === 'predict'),
      false,
    );
    // Consumed: the next prediction with that id runs.
    const again = service.create('prediction', { id: 'racing', input: { text: 'a' } }).prediction;
    await tick();
    assert.equal(again.cancelRequested, false);
    assert.equal(sent.at(-1)?.type, 'predict');
  });

  test('a late cancel (after completion) does not cancel a new prediction with that id', async () => {
    const { service } = setup();
    service.onWorkerMessage({ type: 'ready' });
    const first = service.create('prediction', { id: 'p', input: { text: 'a' } }).prediction;
    await tick();
    service.onWorkerMessage({ type: 'done', id: 'p', output: 'a', is_stream: false });
    await first.done;
    assert.equal(service.cancel('p'), true, 'a finished id is known: the cancel is a no-op');
    assert.equal(first.status, 'succeeded');
    const second = service.create('prediction', { id: 'p', input: { text: 'a' } }).prediction;
    await tick();
    assert.equal(second.cancelRequested, false);
  });

  test('a worker exit after setup fails in-flight predictions and makes the server DEFUNCT', async () => {
    const { service, logs } = setup();
    service.onWorkerMessage({ type: 'ready' });
    const { prediction } = service.create('prediction', { id: 'x', input: { text: 'a' } });
    await tick();
    service.onWorkerExit(null, 'SIGKILL');
    await prediction.done;
    assert.deepEqual(
      [prediction.status, prediction.error],
      ['failed', 'Worker crashed (signal SIGKILL)'],
    );
    assert.equal((await service.health()).status, 'DEFUNCT');
    assert.match(logs.join('\n'), /the server is DEFUNCT/);
  });

  test('a worker killed by the OOM killer says that memory ran out', async () => {
    let oomKills = 5;
    const { service } = setup({ oomKills: () => oomKills });
    service.onWorkerMessage({ type: 'ready' });
    const { prediction } = service.create('prediction', { id: 'x', input: { text: 'a' } });
    await tick();
    oomKills = 6;
    service.onWorkerExit(null, 'SIGKILL');
    await prediction.done;
    assert.equal(
      prediction.error,
      'Worker crashed (out of memory: killed by the OOM killer, signal SIGKILL)',
    );
  });

  test('a worker that runs out of memory during setup fails setup with that reason', async () => {
    let oomKills = 0;
    const { service, logs } = setup({ oomKills: () => oomKills });
    oomKills = 1;
    service.onWorkerExit(null, 'SIGKILL');
    const health = await service.health();
    assert.equal(health.status, 'SETUP_FAILED');
    assert.match(
      logs.join('\n'),
      /setup failed: Worker exited during setup \(out of memory: killed by the OOM killer, signal SIGKILL\)/,
    );
  });

  test('concurrency > 1 with a sync predictor fails setup and kills the worker', () => {
    const { service, signals } = setup({ maxConcurrency: 2 });
    assert.equal(service.setup.status, 'SETUP_FAILED');
    assert.deepEqual(signals, ['SIGKILL']);
  });

  test('@concurrent(max) sets the slots unless configured', () => {
    assert.equal(setup({}, { is_async: true, max_concurrency: 3 }).service.slots.max, 3);
    assert.equal(
      setup({ maxConcurrency: 5 }, { is_async: true, max_concurrency: 3 }).service.slots.max,
      5,
    );
  });

  test('the user healthcheck: unhealthy answers, a timeout, and no round trip without one', async () => {
    const { service, sent } = setup();
    service.onWorkerMessage({ type: 'ready' });
    const pending = service.health();
    const request = sent.at(-1) as { type: string; id: string };
    assert.equal(request.type, 'healthcheck');
    service.onWorkerMessage({
      type: 'healthcheck_result',
      id: request.id,
      status: 'unhealthy',
      error: 'Healthcheck failed: x',
    });
    const body = await pending;
    assert.deepEqual(
      [body.status, body.user_healthcheck_error],
      ['UNHEALTHY', 'Healthcheck failed: x'],
    );
    const late = await service.health(); // nobody answers within 50 ms
    assert.equal(late.user_healthcheck_error, 'Healthcheck error: healthcheck timed out');
    const none = setup({}, { has_healthcheck: false });
    none.service.onWorkerMessage({ type: 'ready' });
    assert.equal((await none.service.health()).status, 'READY');
    assert.equal(
      none.sent.some((m) => m.type === 'healthcheck'),
      false,
    );
  });

  test('an output file that cannot be read fails the prediction', async () => {
    const { service } = setup();
    service.onWorkerMessage({ type: 'ready' });
    const { prediction } = service.create('prediction', { id: 'f', input: { text: 'a' } });
    await tick();
    service.onWorkerMessage({
      type: 'done',
      id: 'f',
      output: { __cog_file__: '/nonexistent/out.png' },
      is_stream: false,
    });
    await prediction.done;
    assert.deepEqual(
      [prediction.status, prediction.error],
      ['failed', 'cannot read output file /nonexistent/out.png: ENOENT'],
    );
  });

  test('every kind of setup failure reaches the server stderr once, the health body keeps it', () => {
    const failures: [string, (service: PredictionService) => void, RegExp][] = [
      [
        'setup() raised',
        (service) =>
          service.onWorkerMessage({
            type: 'setup_failed',
            error: 'boom',
            traceback: 'Traceback (most recent call last):\nRuntimeError: boom\n',
          }),
        /setup failed[\s\S]*Traceback \(most recent call last\):\nRuntimeError: boom\n/,
      ],
      [
        'import failed',
        (service) =>
          service.onWorkerMessage({
            type: 'load_failed',
            error: 'failed to import',
            traceback: '',
          }),
        /setup failed: failed to import\n/,
      ],
      [
        'worker exit',
        (service) => service.onWorkerExit(3, null),
        /setup failed: Worker exited during setup \(exit code 3\)/,
      ],
      [
        'timeout',
        (service) => service.setupTimedOut(5),
        /setup failed: Setup timed out after 5 seconds/,
      ],
    ];
    for (const [name, fail, expected] of failures) {
      let stderr = '';
      const { service } = setup({
        mirror: (stream, text) => (stderr += stream === 'stderr' ? text : ''),
        log: (message) => (stderr += `coglet: ${message}\n`),
      });
      fail(service);
      service.onWorkerExit(1, null); // the worker exits after reporting; no second report
      assert.match(stderr, expected, name);
      assert.equal(stderr.match(/setup failed/g)?.length, 1, `${name}: ${stderr}`);
      assert.equal(service.setup.status, 'SETUP_FAILED');
      assert.notEqual(service.setup.logs, '', 'the /health-check body keeps the detail');
    }
  });

  test('with a warm-up, READY comes once the worker answered its round trips', async () => {
    const debug: string[] = [];
    const settled: string[] = [];
    const { service, sent } = setup({
      warmUp: { rounds: 2, timeoutMs: 60_000, settle: () => settled.push(service.setup.status) },
      debug: (message, fields) => debug.push(`${message} ${JSON.stringify(fields ?? {})}`),
    });
    service.onWorkerMessage({ type: 'ready' });
    for (let round = 0; round < 2; round++) {
      await tick();
      assert.equal(service.setup.status, 'STARTING');
      const warmup = sent.at(-1);
      assert.equal(warmup?.type, 'warmup');
      service.onWorkerMessage({ type: 'warmed', id: (warmup as { id: string }).id });
    }
    await tick();
    assert.equal(service.setup.status, 'READY');
    assert.deepEqual(settled, ['STARTING'], 'settle runs once, just before READY');
    assert.ok(debug.includes('Worker warm-up {"answered":2}'), debug.join('\n'));
    assert.deepEqual(
      sent.map((m) => m.type),
      ['warmup', 'warmup'],
    );
  });

  test('a worker that dies during the warm-up fails setup instead of turning READY', async () => {
    const { service, sent } = setup({ warmUp: { rounds: 3, timeoutMs: 60_000 } });
    service.onWorkerMessage({ type: 'ready' });
    await tick();
    assert.equal(sent.at(-1)?.type, 'warmup');
    service.onWorkerExit(1, null);
    await tick();
    assert.equal(service.setup.status, 'SETUP_FAILED');
  });
});
