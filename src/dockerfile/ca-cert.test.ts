import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readCaCertificate } from './ca-cert.ts';
import { memoryReader } from './plan-reader.ts';

const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----';
const reader = memoryReader({
  '/certs/a.crt': `${PEM}\n`,
  '/certs/b.pem': `  ${PEM}  `,
  '/certs/notes.txt': 'ignored',
  '/empty/readme': 'x',
  '/bad.crt': 'not a cert',
  '/half.crt': '-----BEGIN CERTIFICATE-----\nMIIB\n',
});

test('unset or blank → no certificate', () => {
  assert.equal(readCaCertificate(undefined, reader), undefined);
  assert.equal(readCaCertificate('  ', reader), undefined);
});

test('inline PEM, file, directory and base64 forms', () => {
  assert.equal(readCaCertificate(` ${PEM} `, reader), `${PEM}\n`);
  assert.equal(readCaCertificate('/certs/a.crt', reader), `${PEM}\n`);
  assert.equal(readCaCertificate('/certs', reader), `${PEM}\n\n${PEM}\n`);
  assert.equal(readCaCertificate(Buffer.from(PEM).toString('base64'), reader), `${PEM}\n`);
});

test('errors name the problem', () => {
  assert.throws(() => readCaCertificate('/nope.crt', reader), {
    message:
      'COG_CA_CERT: invalid value - must be a file path, directory, PEM certificate, or base64-encoded PEM',
  });
  assert.throws(() => readCaCertificate('/empty', reader), {
    message: 'COG_CA_CERT: no .crt or .pem files found in directory /empty',
  });
  assert.throws(() => readCaCertificate('/bad.crt', reader), {
    message:
      'COG_CA_CERT: invalid certificate in /bad.crt: expected it to start with -----BEGIN CERTIFICATE-----',
  });
  assert.throws(() => readCaCertificate('/half.crt', reader), {
    message: 'COG_CA_CERT: invalid certificate in /half.crt: missing -----END CERTIFICATE-----',
  });
});
