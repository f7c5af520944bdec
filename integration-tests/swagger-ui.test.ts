// `cog serve` as a new user meets it: setup progress first, "Serving at" with the host port
// (here one Docker picked, -p 0) only once setup is done, never the container's 0.0.0.0:5000;
// /docs is Swagger UI that renders the model's inputs and runs a prediction in a real headless
// chromium (Debian's, installed by setup.sh); each request gets one log line. A failed setup is a
// warning before the URL, and serve keeps running.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { spawnCog } from './lib/cog-cli.ts';
import { assertNoLeftoverContainers } from './lib/docker-checks.ts';
import { copyExample, type TempProject } from './lib/project.ts';
import { CHROMIUM, hasChromium, runPredictionInSwagger } from './lib/swagger-browser.ts';

let project: TempProject;

before(async () => {
  project = await copyExample('hello-world');
  // A setup that takes a moment and says so, as loading weights would.
  const runPy = path.join(project.dir, 'run.py');
  const source = await readFile(runPy, 'utf8');
  await writeFile(
    runPy,
    `import time\n${source.replace(
      '        self.greeting = "hello"',
      '        print("loading weights", flush=True)\n        time.sleep(3)\n        self.greeting = "hello"',
    )}`,
  );
});
after(async () => {
  await project.dispose();
  await assertNoLeftoverContainers();
});

/** Polls `text()` until `pattern` matches it. */
async function waitForMatch(
  text: () => string,
  pattern: RegExp,
  timeoutMs: number,
): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = text().match(pattern);
    if (match !== null) return match;
    if (Date.now() > deadline)
      assert.fail(`no ${String(pattern)} within ${timeoutMs} ms:\n${text()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

test('cog serve announces the host URL after setup; /docs runs a prediction in chromium', async () => {
  assert.ok(hasChromium(), `${CHROMIUM} is missing: run integration-tests/setup.sh`);
  const child = spawnCog(['serve', '-p', '0'], { cwd: project.dir });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  try {
    const match = await waitForMatch(
      () => stderr,
      /Serving at http:\/\/localhost:(\d+)\n/,
      600_000,
    );
    const base = `http://127.0.0.1:${match[1]}`;
    // Announced only once the model can answer.
    const health = (await (await fetch(`${base}/health-check`)).json()) as { status: string };
    assert.equal(health.status, 'READY');
    const order = [
      "Waiting for the model's setup() to finish...",
      'loading weights',
      'Setup finished in ',
      'Serving at http://localhost:',
    ].map((line) => stderr.indexOf(line));
    assert.ok(
      order.every((at, i) => at >= 0 && (i === 0 || at > (order[i - 1] ?? 0))),
      `out of order ${JSON.stringify(order)}:\n${stderr}`,
    );
    assert.match(
      stderr,
      new RegExp(`API docs \\(Swagger UI\\) at http://localhost:${match[1]}/docs`),
    );
    assert.doesNotMatch(stderr, /0\.0\.0\.0:5000|listening on/);

    const run = await runPredictionInSwagger(base, { text: 'browser' });
    assert.match(run.inputModel, /text\*/);
    assert.match(run.inputModel, /Who or what to greet/);
    assert.deepEqual(JSON.parse(run.prefilledBody), { input: { text: 'string' } });
    const response = run.responseBody as { id: string; status: string; output: string };
    assert.deepEqual([response.status, response.output], ['succeeded', 'hello browser']);
    assert.deepEqual(run.foreignRequests, [], 'the page loads nothing from other origins');
    assert.deepEqual(run.consoleErrors, []);

    // One line per request, with the prediction's id; the docs page and its assets too.
    await waitForMatch(
      () => stderr,
      new RegExp(`coglet: POST /predictions 200 \\d+(\\.\\d+)?m?s id=${response.id}\\n`),
      10_000,
    );
    assert.match(stderr, /coglet: GET \/docs 200 \d+ms\n/);
    assert.match(stderr, /coglet: GET \/docs\/swagger-ui-bundle\.js 200 /);
    assert.doesNotMatch(stderr, /GET \/health-check/, 'health checks are not logged at info');
  } finally {
    child.kill('SIGINT');
  }
  const result = await child;
  assert.equal(result.exitCode, 0, stderr);
  await assertNoLeftoverContainers();
});

test('a failed setup is a warning, then the URL: serve keeps running (SETUP_FAILED)', async () => {
  const failing = await copyExample('setup-failure');
  const child = spawnCog(['serve', '-p', '0'], { cwd: failing.dir });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  try {
    const match = await waitForMatch(
      () => stderr,
      /Serving at http:\/\/localhost:(\d+)\n/,
      600_000,
    );
    const warning = stderr.indexOf('Setup failed (see its output above)');
    assert.ok(warning >= 0 && warning < stderr.indexOf('Serving at'), stderr);
    assert.ok(stderr.indexOf('setup failed on purpose') < warning, stderr);
    const health = (await (await fetch(`http://127.0.0.1:${match[1]}/health-check`)).json()) as {
      status: string;
    };
    assert.equal(health.status, 'SETUP_FAILED');
  } finally {
    child.kill('SIGINT');
  }
  const result = await child;
  assert.equal(result.exitCode, 0, stderr);
  await failing.dispose();
});
