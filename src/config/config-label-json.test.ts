// The run.cog.config label: fixed key order, empty values omitted, Go-style escaping.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configLabelJson } from './config-label-json.ts';
import { parseConfig } from './parse-config.ts';

function labelOf(yaml: string, resolved?: { cuda?: string; cudnn?: string }): string {
  const result = parseConfig(yaml, 'cog.yaml');
  assert.ok(result.ok);
  return configLabelJson(result.config, resolved);
}

describe('configLabelJson', () => {
  it('the CPU example of §6.6', () => {
    assert.equal(
      labelOf('build:\n  python_version: "3.12"\npredict: predict.py:Predictor\n'),
      '{"build":{"python_version":"3.12"},"predict":"predict.py:Predictor"}',
    );
  });

  it('writes run: as predict', () => {
    assert.equal(
      labelOf('run: run.py:Runner\nbuild: {python_version: "3.13"}\n'),
      '{"build":{"python_version":"3.13"},"predict":"run.py:Runner"}',
    );
  });

  it('build is always present', () => {
    assert.equal(configLabelJson({}), '{"build":{}}');
  });

  it('includes the resolved CUDA and cuDNN', () => {
    assert.equal(
      labelOf('build:\n  gpu: true\n  python_version: "3.12"\n', { cuda: '12.4', cudnn: '9' }),
      '{"build":{"gpu":true,"python_version":"3.12","cuda":"12.4","cudnn":"9"}}',
    );
  });

  it('resolved values win over the written ones', () => {
    assert.equal(
      labelOf('build:\n  gpu: true\n  python_version: "3.12"\n  cuda: "12.1"\n  cudnn: "8"\n', {
        cuda: '12.1.1',
      }),
      '{"build":{"gpu":true,"python_version":"3.12","cuda":"12.1.1","cudnn":"8"}}',
    );
  });

  it('every field, in the documented key order', () => {
    const yaml = [
      'weights:',
      '  - {name: w, target: /w, source: {uri: "hf://a/b"}}',
      '  - {name: v, target: /v, source: [{uri: x, include: ["*.json"]}, {uri: y}]}',
      'environment: [A=1]',
      'concurrency: {max: 2}',
      'train: train.py:train',
      'run: run.py:Runner',
      'model: r8.im/a/m',
      'build:',
      '  sdk_version: 0.18.0',
      '  cudnn: "9"',
      '  cuda: "12.4"',
      '  pre_install: [echo pre]',
      '  system_packages: [git]',
      '  run:',
      '    - echo a',
      '    - {command: pip install x, mounts: [{type: secret, id: pip, target: /etc/pip.conf}]}',
      '  python_packages: [torch==2.3.0]',
      '  python_version: "3.12"',
      '  gpu: true',
    ].join('\n');
    assert.equal(
      labelOf(yaml),
      '{"build":{"gpu":true,"python_version":"3.12","python_packages":["torch==2.3.0"],' +
        '"run":[{"command":"echo a"},{"command":"pip install x","mounts":[{"type":"secret","id":"pip","target":"/etc/pip.conf"}]}],' +
        '"system_packages":["git"],"pre_install":["echo pre"],"cuda":"12.4","cudnn":"9","sdk_version":"0.18.0"},' +
        '"model":"r8.im/a/m","predict":"run.py:Runner","train":"train.py:train","concurrency":{"max":2},"environment":["A=1"],' +
        '"weights":[{"name":"w","target":"/w","source":{"uri":"hf://a/b"}},' +
        '{"name":"v","target":"/v","source":[{"uri":"x","include":["*.json"]},{"uri":"y"}]}]}',
    );
  });

  it('escapes <, > and & as Go does', () => {
    assert.equal(
      labelOf(
        'build:\n  python_version: "3.12"\n  python_packages: ["torch>=2,<3", "a @ https://h/a.whl?x&y"]\n',
      ),
      '{"build":{"python_version":"3.12","python_packages":["torch\\u003e=2,\\u003c3","a @ https://h/a.whl?x\\u0026y"]}}',
    );
  });

  it('round-trips through JSON.parse', () => {
    const json = labelOf(
      'build:\n  python_version: "3.12"\n  python_packages: ["a<b"]\nimage: x\n',
    );
    assert.deepEqual(JSON.parse(json), {
      build: { python_version: '3.12', python_packages: ['a<b'] },
      image: 'x',
    });
  });
});
