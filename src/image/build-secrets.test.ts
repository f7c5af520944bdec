import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSecret, secretArg } from './build-secrets.ts';

test('parseSecret table', () => {
  const rows: Array<{ name: string; value: string; want: object | RegExp }> = [
    {
      name: 'file, relative',
      value: 'id=foo,src=secret.txt',
      want: { id: 'foo', src: '/proj/secret.txt' },
    },
    {
      name: 'file, absolute, source alias',
      value: 'id=foo,source=/etc/x',
      want: { id: 'foo', src: '/etc/x' },
    },
    { name: 'env', value: 'id=tok,env=MY_TOKEN', want: { id: 'tok', env: 'MY_TOKEN' } },
    {
      name: 'type=env src=VAR reads the variable',
      value: 'type=env,id=t,src=VAR',
      want: { id: 't', env: 'VAR' },
    },
    { name: 'keys are case-insensitive', value: 'ID=a,SRC=b', want: { id: 'a', src: '/proj/b' } },
    { name: 'bare id', value: 'id=onlyid', want: { id: 'onlyid' } },
    { name: 'quoted field', value: '"id=a,b",src=x', want: { id: 'a,b', src: '/proj/x' } },
    {
      name: 'not key=value',
      value: 'id=a,oops',
      want: /invalid field "oops" must be a key=value pair/,
    },
    { name: 'bad type', value: 'id=a,type=ssh', want: /unsupported secret type "ssh"/ },
    { name: 'unknown key', value: 'id=a,mode=0400', want: /unexpected key 'mode' in 'mode=0400'/ },
    { name: 'bad quotes', value: '"id=a', want: /failed to parse csv secret/ },
  ];
  for (const row of rows) {
    if (row.want instanceof RegExp)
      assert.throws(() => parseSecret(row.value, '/proj'), row.want, row.name);
    else assert.deepEqual(parseSecret(row.value, '/proj'), row.want, row.name);
  }
});

test('secretArg', () => {
  assert.equal(secretArg({ id: 'a', src: '/x' }), 'id=a,src=/x');
  assert.equal(secretArg({ id: 'a', env: 'V' }), 'id=a,env=V');
  assert.equal(secretArg({ id: 'a' }), 'id=a');
});
