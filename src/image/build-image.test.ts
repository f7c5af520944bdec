import { test } from 'node:test';
import assert from 'node:assert/strict';
import { reportPlan } from './build-image.ts';

test('reportPlan: warnings as warnings, notices (the CA certificate) as info lines', () => {
  const lines: string[] = [];
  reportPlan(
    { warnings: ['w1'], notices: ['Injecting CA certificate from COG_CA_CERT'] },
    {
      info: (m) => lines.push(`info ${m}`),
      warn: (m) => lines.push(`warn ${m}`),
      debug: (m) => lines.push(`debug ${m}`),
    },
  );
  assert.deepEqual(lines, ['warn w1', 'info Injecting CA certificate from COG_CA_CERT']);
});
