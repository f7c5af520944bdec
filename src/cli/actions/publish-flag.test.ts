import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePublish } from './publish-flag.ts';

test('parsePublish table', () => {
  const ok: Array<[string, string, number]> = [
    ['8000', '127.0.0.1', 8000],
    ['0.0.0.0:8000', '0.0.0.0', 8000],
    ['::1:8000', '::1', 8000],
    ['[::1]:8000', '::1', 8000],
    ['[::1%lo0]:8000', '::1%lo0', 8000],
  ];
  for (const [value, host, port] of ok)
    assert.deepEqual(
      parsePublish(value),
      { containerPort: port, hostIp: host, hostPort: port },
      value,
    );
  const bad: Array<[string, RegExp]> = [
    ['', /invalid port "": value cannot be empty/],
    [':8000', /host cannot be empty/],
    ['[::1:8000', /missing closing bracket for IPv6 address/],
    ['[::1]', /port is required after IPv6 address/],
    ['[::1]8000', /expected ':' after '\]'/],
    ['70000', /port must be between 1 and 65535/],
    ['0', /port must be between 1 and 65535/],
    ['abc', /invalid port "abc": strconv.Atoi: parsing "abc": invalid syntax/],
  ];
  for (const [value, want] of bad) assert.throws(() => parsePublish(value), want, value);
});
