// What a successful parse returns: the typed CogConfig (literal scalars, run → predict,
// normalised build.run and weights) and the deprecation warnings with their positions.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CogConfig } from './config-types.ts';
import { parseConfig } from './parse-config.ts';

function configOf(yaml: string): CogConfig {
  const result = parseConfig(yaml, 'cog.yaml');
  assert.ok(result.ok, result.ok ? '' : result.errors.map((e) => e.message).join('\n'));
  return result.config;
}

function warningsOf(yaml: string, fileName = 'cog.yaml'): string[] {
  const result = parseConfig(yaml, fileName);
  assert.ok(result.ok);
  return result.warnings.map(
    (w) => `${w.position.file}:${w.position.line}:${w.position.column} ${w.message}`,
  );
}

describe('parseConfig result', () => {
  it('reads every field into the typed config', () => {
    const yaml = [
      'build:',
      '  gpu: true',
      '  python_version: 3.12',
      '  python_requirements: requirements.txt',
      '  system_packages: [ffmpeg, libgl1]',
      '  run:',
      '    - echo hello',
      '    - command: pip install private',
      '      mounts:',
      '        - {type: secret, id: pip, target: /etc/pip.conf}',
      '  cuda: 12.10',
      '  cudnn: 9',
      '  sdk_version: 0.18.0',
      'run: run.py:Runner',
      'train: train.py:train',
      'model: r8.im/acme/model',
      'environment: [B=2, A=1]',
      'weights:',
      '  - name: base',
      '    target: /src/weights',
      '    source: {uri: "hf://acme/base", include: ["*.json"]}',
      '  - name: lora',
      '    target: /src/lora',
      '    source: [{uri: "file://./a"}, {uri: "https://x/y", exclude: ["*.bin"]}]',
    ].join('\n');
    const expected: CogConfig = {
      build: {
        gpu: true,
        python_version: '3.12',
        python_requirements: 'requirements.txt',
        system_packages: ['ffmpeg', 'libgl1'],
        run: [
          { command: 'echo hello' },
          {
            command: 'pip install private',
            mounts: [{ type: 'secret', id: 'pip', target: '/etc/pip.conf' }],
          },
        ],
        cuda: '12.10',
        cudnn: '9',
        sdk_version: '0.18.0',
      },
      predict: 'run.py:Runner',
      train: 'train.py:train',
      model: 'r8.im/acme/model',
      environment: ['B=2', 'A=1'],
      weights: [
        {
          name: 'base',
          target: '/src/weights',
          source: [{ uri: 'hf://acme/base', include: ['*.json'] }],
        },
        {
          name: 'lora',
          target: '/src/lora',
          source: [{ uri: 'file://./a' }, { uri: 'https://x/y', exclude: ['*.bin'] }],
        },
      ],
    };
    assert.deepEqual(configOf(yaml), expected);
  });

  it('keeps the literal text of numbers in string fields', () => {
    const build = configOf(
      'build:\n  python_version: 3.10\n  cuda: 11.0\n  cudnn: 8\n  sdk_version: 1.0\nimage: 007\n',
    );
    assert.equal(build.build?.python_version, '3.10');
    assert.equal(build.build?.cuda, '11.0');
    assert.equal(build.build?.cudnn, '8');
    assert.equal(build.build?.sdk_version, '1.0');
    assert.equal(build.image, '007');
  });

  it('stores the deprecated predict: in the same slot as run:', () => {
    assert.equal(
      configOf('build: {python_version: "3.12"}\npredict: predict.py:Predictor\n').predict,
      'predict.py:Predictor',
    );
  });

  it('treats empty strings, nulls and empty lists as not set', () => {
    const config = configOf(
      'build:\n  python_version: "3.12"\n  gpu: false\n  cuda: ""\n  system_packages: []\n  run:\nrun: ""\nimage:\n',
    );
    assert.deepEqual(config, { build: { python_version: '3.12' } });
  });

  it('keeps concurrency.max and drops default_target', () => {
    assert.deepEqual(
      configOf('build: {python_version: "3.11"}\nconcurrency: {max: 4, default_target: 2}\n')
        .concurrency,
      { max: 4 },
    );
  });

  it('reads folded block scalars in build.run as one line', () => {
    const config = configOf(
      'build:\n  python_version: "3.12"\n  run:\n    - >-\n      apt-get update &&\n      apt-get install -y git\n',
    );
    assert.deepEqual(config.build?.run, [{ command: 'apt-get update && apt-get install -y git' }]);
  });
});

describe('deprecation warnings', () => {
  it('predict: warns, run: does not', () => {
    assert.deepEqual(warningsOf('build: {python_version: "3.12"}\npredict: p.py:P\n'), [
      'cog.yaml:2:1 deprecated field "predict": use "run" instead',
    ]);
    assert.deepEqual(warningsOf('build: {python_version: "3.12"}\nrun: r.py:R\n'), []);
  });

  it('all four, in the documented order, at their keys', () => {
    const yaml =
      'build:\n  python_version: "3.12"\n  pre_install: [x]\n  python_packages: [a]\nconcurrency:\n  max: 1\npredict: p.py:P\n';
    assert.deepEqual(warningsOf(yaml), [
      'cog.yaml:7:1 deprecated field "predict": use "run" instead',
      'cog.yaml:6:3 deprecated field "concurrency.max": use "@cog.concurrent(max=...)" instead',
      'cog.yaml:4:3 deprecated field "build.python_packages": use "build.python_requirements" instead',
      'cog.yaml:3:3 deprecated field "build.pre_install": use "build.run" instead',
    ]);
  });

  it('carries the longer doctor text and the replacement', () => {
    const result = parseConfig(
      'build:\n  python_version: "3.12"\n  python_packages: [a]\n',
      'cog.yaml',
    );
    assert.ok(result.ok);
    assert.deepEqual(
      result.warnings.map((w) => [w.code, w.field, w.replacement, w.detail]),
      [
        [
          'CONFIG_DEPRECATED',
          'build.python_packages',
          'build.python_requirements',
          'use a requirements.txt file instead',
        ],
      ],
    );
  });

  it('empty deprecated lists do not warn', () => {
    assert.deepEqual(
      warningsOf('build:\n  python_version: "3.12"\n  python_packages: []\n  pre_install:\n'),
      [],
    );
  });

  it('are not returned when there is an error', () => {
    const result = parseConfig('build:\n  python_version: "3.9"\npredict: p.py:P\n', 'cog.yaml');
    assert.equal(result.ok, false);
    assert.equal('warnings' in result, false);
  });

  it('positions use the file name given', () => {
    assert.deepEqual(
      warningsOf('build: {python_version: "3.12"}\npredict: p.py:P\n', 'configs/prod.yaml'),
      ['configs/prod.yaml:2:1 deprecated field "predict": use "run" instead'],
    );
  });
});

describe('error codes', () => {
  const codes = (yaml: string, fileExists?: () => boolean) => {
    const result = parseConfig(yaml, 'cog.yaml', fileExists ? { fileExists } : {});
    return result.ok ? [] : result.errors.map((e) => e.code);
  };
  it('one code per rule family', () => {
    assert.deepEqual(codes('build: [\n'), ['CONFIG_YAML']);
    assert.deepEqual(codes('build: {gpu: 1, python_version: "3.12"}\n'), ['CONFIG_SCHEMA']);
    assert.deepEqual(codes('build: {python_version: "3.12"}\nrun: x\ntrain: y\n'), [
      'CONFIG_RUN',
      'CONFIG_TRAIN',
    ]);
    assert.deepEqual(codes('build: {python_version: "3.9", cuda: "10.0"}\n'), [
      'CONFIG_PYTHON_VERSION',
      'CONFIG_CUDA',
    ]);
    assert.deepEqual(
      codes('build: {python_version: "3.12", python_requirements: r.txt}\n', () => false),
      ['CONFIG_REQUIREMENTS_MISSING'],
    );
    assert.deepEqual(
      codes(
        'build: {python_version: "3.12"}\nenvironment: [PATH=x]\nconcurrency: {max: 0}\nmodel: a:b\n',
      ),
      ['CONFIG_ENVIRONMENT', 'CONFIG_CONCURRENCY', 'CONFIG_MODEL'],
    );
    assert.deepEqual(
      codes(
        'build: {python_version: "3.12"}\nweights: [{name: a, target: /w, source: {uri: x}}]\n',
      ),
      ['CONFIG_WEIGHTS'],
    );
  });
});

describe('YAML errors', () => {
  it('carry the bare reason as detail, framed once in the message', () => {
    for (const [yaml, reason] of [
      ['build: [\n', /^Flow sequence in block collection/],
      ['- a\n', /^the top level must be a mapping of cog\.yaml fields, not a list$/],
    ] as const) {
      const result = parseConfig(yaml, 'cog.yaml');
      assert.equal(result.ok, false);
      const [error] = result.ok ? [] : result.errors;
      assert.match(error?.detail ?? '', reason);
      assert.doesNotMatch(error?.detail ?? '', /invalid YAML/);
      assert.equal(error?.message, `failed to parse cog.yaml: invalid YAML: ${error?.detail}`);
    }
  });
});
