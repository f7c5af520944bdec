import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CleanupStack, withCleanup } from './cleanup-stack.ts';

test('cleanups run newest first, once, and survive failures', async () => {
  const order: string[] = [];
  const warnings: string[] = [];
  const stack = new CleanupStack((m) => warnings.push(m));
  stack.defer(() => void order.push('a'));
  stack.defer(() => {
    throw new Error('boom');
  });
  stack.defer(async () => void order.push('c'));
  await Promise.all([stack.dispose(), stack.dispose()]);
  assert.deepEqual(order, ['c', 'a']);
  assert.deepEqual(warnings, ['cleanup failed: boom']);
});

test('an early release runs once and is unregistered', async () => {
  const order: string[] = [];
  const stack = new CleanupStack();
  const release = stack.defer(() => void order.push('x'));
  await release();
  await release();
  assert.equal(stack.size, 0);
  await stack.dispose();
  assert.deepEqual(order, ['x']);
});

test('withCleanup disposes when the body throws', async () => {
  let cleaned = false;
  await assert.rejects(
    withCleanup(async (stack) => {
      stack.defer(() => {
        cleaned = true;
      });
      throw new Error('body failed');
    }),
    /body failed/,
  );
  assert.equal(cleaned, true);
  assert.equal(process.listenerCount('SIGINT'), 0);
});

test('a signal unwinds the stack and exits 128+n: SIGINT 130, SIGTERM 143, SIGHUP 129', async () => {
  const { execa } = await import('execa');
  const module = new URL('./cleanup-stack.ts', import.meta.url).href;
  const script = [
    `import { withCleanup } from ${JSON.stringify(module)};`,
    'await withCleanup(async (stack) => {',
    "  stack.defer(() => void process.stdout.write('cleaned\\n'));",
    "  process.stdout.write('ready\\n');",
    '  await new Promise((resolve) => setTimeout(resolve, 60_000));',
    '});',
  ].join('\n');
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const) {
    const child = execa(process.execPath, ['--input-type=module', '-e', script], {
      reject: false,
    });
    await new Promise<void>((resolve) => child.stdout?.once('data', () => resolve()));
    child.kill(signal);
    const result = await child;
    assert.equal(result.exitCode, code, signal);
    assert.equal(result.stdout, 'ready\ncleaned', signal);
  }
});
