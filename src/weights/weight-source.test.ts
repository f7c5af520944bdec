import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { filterFiles, inventorySource, normalizeSourceUri } from './weight-source.ts';

test('normalizeSourceUri: table', () => {
  const ok: Array<[string, string]> = [
    ['weights', 'file://./weights'],
    ['./weights/', 'file://./weights'],
    ['file://weights', 'file://./weights'],
    ['/data/w', 'file:///data/w'],
    ['file:///data/w', 'file:///data/w'],
    ['hf://org/repo', 'hf://org/repo'],
    ['hf://org/repo@main', 'hf://org/repo'],
    ['huggingface://org/repo', 'hf://org/repo'],
    ['hf://org/repo@v1', 'hf://org/repo@v1'],
    ['https://h/p/model.pth', 'https://h/p/model.pth'],
  ];
  for (const [input, want] of ok) assert.equal(normalizeSourceUri(input), want, input);
  const bad: Array<[string, RegExp]> = [
    ['.', /^weight source cannot be the project directory itself$/],
    ['../x', /^weight source "\.\.\/x" escapes the project directory$/],
    ['hf://repo', /^invalid hf:\/\/ repo "repo": expected org\/repo$/],
    ['hf://org/repo@', /^empty ref in hf:\/\/ URI: "hf:\/\/org\/repo@"$/],
    ['https://u:p@h/m.bin', /^HTTP URI must not embed credentials/],
    ['s3://b/k', /^unsupported weight source scheme "s3" in URI "s3:\/\/b\/k"$/],
  ];
  for (const [input, message] of bad)
    assert.throws(() => normalizeSourceUri(input), { message }, input);
});

test('filterFiles: gitignore semantics, zero survivors is an error', () => {
  const files = ['a.safetensors', 'config.json', 'onnx/model.onnx', 'README.md'].map((p) => ({
    path: p,
  }));
  const names = (r: { kept: Array<{ path: string }> }) => r.kept.map((f) => f.path);
  assert.deepEqual(names(filterFiles(files, [], ['README*'])), [
    'a.safetensors',
    'config.json',
    'onnx/model.onnx',
  ]);
  assert.deepEqual(names(filterFiles(files, ['*.safetensors', '*.json'], ['onnx/'])), [
    'a.safetensors',
    'config.json',
  ]);
  assert.deepEqual(names(filterFiles(files, [], ['onnx/'])), [
    'a.safetensors',
    'config.json',
    'README.md',
  ]);
  assert.throws(() => filterFiles(files, ['*.foo'], []), {
    message:
      'include/exclude patterns matched zero files out of 4 in the source\n  include: ["*.foo"]\n  check your patterns — did you mean a different glob?',
  });
});

test('inventorySource: walks, skips .cog, refuses symlinks, fingerprints the unfiltered set', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cog-inv-'));
  try {
    mkdirSync(path.join(dir, 'w', 'sub'), { recursive: true });
    mkdirSync(path.join(dir, 'w', '.cog'));
    writeFileSync(path.join(dir, 'w', 'b.json'), 'bb');
    writeFileSync(path.join(dir, 'w', 'sub', 'a.bin'), 'a');
    writeFileSync(path.join(dir, 'w', '.cog', 'x'), 'x');
    const inv = await inventorySource('file://./w', dir);
    assert.deepEqual(
      inv.files.map((f) => [f.path, f.size]),
      [
        ['b.json', 2],
        ['sub/a.bin', 1],
      ],
    );
    assert.match(inv.fingerprint, /^sha256:[0-9a-f]{64}$/);
    await assert.rejects(inventorySource('file://./none', dir), {
      message: 'weight source not found: file://./none',
    });
    await assert.rejects(inventorySource('file://./w/b.json', dir), {
      message: /is not a directory/,
    });
    symlinkSync('b.json', path.join(dir, 'w', 'link'));
    await assert.rejects(inventorySource('file://./w', dir), {
      message: /non-regular entry "link" \(symlink\)/,
    });
    await assert.rejects(inventorySource('hf://org/repo', dir), {
      message: 'inventory of hf://org/repo needs the weight store',
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
