import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  buildCompatTable,
  generateCompatTableSource,
  readCompatSources,
  renderCompatTable,
  type CompatSources,
} from './generate-compat-table.ts';

const cudaRow = (cuda: string, cudnn: string, ubuntu: string) => ({
  Tag: `${cuda}-cudnn${cudnn}-devel-ubuntu${ubuntu}`,
  CUDA: cuda,
  CuDNN: cudnn,
  IsDevel: true,
  Ubuntu: ubuntu,
});
const torchRow = (torch: string, cuda: string | null, pythons = ['3.11', '3.10']) => ({
  Torch: torch,
  Torchvision: '0.1.0',
  Torchaudio: '0.1.0',
  FindLinks: '',
  ExtraIndexURL: cuda ? `https://idx/cu${cuda.replace('.', '')}/` : 'https://idx/cpu/',
  CUDA: cuda,
  Pythons: pythons,
});
const sources: CompatSources = {
  cuda: [
    cudaRow('12.1.0', '8', '22.04'),
    cudaRow('11.8.0', '8', '22.04'),
    cudaRow('11.8.0', '8', '20.04'),
  ],
  torch: [
    torchRow('2.10.0+cu121', '12.1'),
    torchRow('2.9.0+cpu', null),
    torchRow('1.11.0+cu102', '10.2'),
    torchRow('2.9.0+cu118', '11.8'),
  ],
  tensorflow: [
    {
      TF: '2.12.0',
      TFCPUPackage: 'tensorflow==2.12.0',
      TFGPUPackage: 'tensorflow==2.12.0',
      CUDA: '11.8',
      CuDNN: '8.6',
      Pythons: ['3.10'],
    },
    {
      TF: '2.9.0',
      TFCPUPackage: 'tensorflow==2.9.0',
      TFGPUPackage: 'tensorflow==2.9.0',
      CUDA: '11.2.1',
      CuDNN: '8.1',
      Pythons: ['3.9'],
    },
  ],
};

test('rows are normalised and sorted by version', () => {
  const table = buildCompatTable(sources);
  assert.deepEqual(
    table.cudaImages.map((i) => `${i.cuda}/${i.ubuntu}`),
    ['11.8.0/20.04', '11.8.0/22.04', '12.1.0/22.04'],
  );
  assert.deepEqual(
    table.torch.map((r) => r.torch),
    ['2.9.0+cpu', '2.9.0+cu118', '2.10.0+cu121'],
    'cu102 dropped: no image',
  );
  assert.deepEqual(table.torch[0]?.pythons, ['3.10', '3.11']);
  assert.deepEqual(
    table.tensorflow.map((r) => [r.tensorflow, r.cuda, r.cudnn]),
    [
      ['2.9.0', '11.2', '8'],
      ['2.12.0', '11.8', '8'],
    ],
  );
});

test('output is deterministic: shuffled input renders the same file', async () => {
  const shuffled: CompatSources = {
    cuda: [...(sources.cuda as unknown[])].reverse(),
    torch: [...(sources.torch as unknown[])].reverse(),
    tensorflow: [...(sources.tensorflow as unknown[])].reverse(),
  };
  assert.equal(
    renderCompatTable(buildCompatTable(shuffled)),
    renderCompatTable(buildCompatTable(sources)),
  );
  assert.equal(await generateCompatTableSource(shuffled), await generateCompatTableSource(sources));
});

test('malformed input is rejected with the row and field', () => {
  assert.throws(() => buildCompatTable({ ...sources, cuda: {} }), /cuda: expected a JSON array/);
  assert.throws(
    () => buildCompatTable({ ...sources, torch: [{ ...torchRow('2.0.0', '11.8'), Torch: 'abc' }] }),
    /torch\[0\]\.Torch: "abc" is not a version/,
  );
  assert.throws(
    () => buildCompatTable({ ...sources, torch: [{ ...torchRow('2.0.0', '11.8'), CUDA: 11.8 }] }),
    /torch\[0\]\.CUDA: expected a string or null/,
  );
});

const referenceDir = '/work/shared/reference';
test(
  'the checked-in table is what the generator makes from the reference data',
  { skip: !existsSync(referenceDir) },
  async () => {
    const checkedIn = readFileSync(
      fileURLToPath(new URL('../src/dockerfile/compat/compat-table.ts', import.meta.url)),
      'utf8',
    );
    assert.equal(await generateCompatTableSource(readCompatSources(referenceDir)), checkedIn);
  },
);
