import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPlainLogFilter, lineSplitter } from './plain-log-filter.ts';

function run(lines: string[]): string[] {
  const filter = createPlainLogFilter();
  return lines.flatMap(filter);
}

test('a fully cached build prints nothing of the BuildKit log', () => {
  const cached = [
    '#0 building with "default" instance using docker driver',
    '',
    '#1 [internal] load build definition from Dockerfile',
    '#1 transferring dockerfile: 1.41kB 0.0s done',
    '#1 DONE 0.0s',
    '#12 [stage-0  5/10] COPY --from=cog_build cog.whl /tmp/cog.whl',
    '#12 CACHED',
    '#21 exporting to image',
    '#21 exporting layers done',
    '#21 naming to docker.io/library/cog-provisional-1:build done',
    '#21 DONE 0.0s',
  ];
  assert.deepEqual(run(cached), []);
});

test('a step that runs shows its header, output and DONE; errors and the error block pass', () => {
  const lines = [
    '#16 [stage-0  5/12] RUN pip install -r /tmp/requirements.txt',
    '#17 [stage-0  6/12] COPY . /src',
    '#16 3.800 Collecting six',
    '#16 4.345 ERROR: No matching distribution found for nope',
    '#17 DONE 0.1s',
    '#16 ERROR: process "/bin/sh -c pip install" did not complete successfully: exit code: 1',
    '------',
    ' > [stage-0  5/12] RUN pip install -r /tmp/requirements.txt:',
    'ERROR: failed to solve: process "/bin/sh -c pip install" did not complete successfully',
  ];
  assert.deepEqual(run(lines), [
    '#16 [stage-0  5/12] RUN pip install -r /tmp/requirements.txt',
    '#16 3.800 Collecting six',
    '#16 4.345 ERROR: No matching distribution found for nope',
    '#16 ERROR: process "/bin/sh -c pip install" did not complete successfully: exit code: 1',
    '------',
    ' > [stage-0  5/12] RUN pip install -r /tmp/requirements.txt:',
    'ERROR: failed to solve: process "/bin/sh -c pip install" did not complete successfully',
  ]);
  assert.deepEqual(run(['#3 [1/2] RUN echo hi', '#3 0.2 hi', '#3 DONE 0.3s']), [
    '#3 [1/2] RUN echo hi',
    '#3 0.2 hi',
    '#3 DONE 0.3s',
  ]);
});

test('the splitter joins lines across chunks', () => {
  const out: string[] = [];
  const splitter = lineSplitter((line) => out.push(line));
  splitter.push('#1 a\n#1 b');
  splitter.push('c\r\n#2');
  splitter.end();
  assert.deepEqual(out, ['#1 a', '#1 bc', '#2']);
});
