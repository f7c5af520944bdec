// parseConfig table tests for run/predict/train, environment, concurrency, model and image
// (spec §1.6 b, c, e, f, g; §1.7): exact texts at line:column.
import { B, errorTable } from './error-table.test-support.ts';

errorTable('run / predict / train', [
  {
    name: 'run and predict both set',
    yaml: B + 'run: run.py:Runner\npredict: predict.py:Predictor\n',
    errors: [
      '4:1 schema error in "cog.yaml": Must not validate the schema (not)',
      '4:1 invalid run: only one of run or predict can be set',
    ],
  },
  {
    name: 'empty predict with run is fine',
    yaml: B + 'run: run.py:Runner\npredict: ""\n',
    errors: [],
  },
  {
    name: 'bad run reference',
    yaml: B + 'run: x\n',
    errors: [`3:6 invalid run "x": must be in the form 'run.py:Runner'`],
  },
  {
    name: 'run reference with two .py: parts',
    yaml: B + 'run: a.py:b.py:C\n',
    errors: [`3:6 invalid run "a.py:b.py:C": must be in the form 'run.py:Runner'`],
  },
  {
    name: 'run reference without class',
    yaml: B + 'run: run.py\n',
    errors: [`3:6 invalid run "run.py": must be in the form 'run.py:Runner'`],
  },
  {
    name: 'bad predict reference',
    yaml: B + 'predict: invalid_format\n',
    errors: [`3:10 invalid predict "invalid_format": must be in the form 'predict.py:Predictor'`],
  },
  {
    name: 'bad train reference',
    yaml: B + 'train: x\n',
    errors: [`3:8 invalid train "x": must be in the form 'train.py:Trainer'`],
  },
  { name: 'train function reference', yaml: B + 'train: train.py:train\n', errors: [] },
  { name: 'runner in a sub-folder', yaml: B + 'run: src/run.py:Runner\n', errors: [] },
]);

errorTable('environment', [
  {
    name: 'plain entries',
    yaml: B + 'environment:\n  - FOO=bar\n  - EMPTY=\n  - Q="a b"\n  - COG_USER_AGENT=x=y,z\n',
    errors: [],
  },
  {
    name: 'PATH is reserved',
    yaml: B + 'environment:\n  - PATH=/x\n',
    errors: [
      '4:5 invalid environment: environment variable "PATH" is not allowed: reserved for internal use',
    ],
  },
  {
    name: 'prefix deny-list entries',
    yaml:
      B +
      'environment:\n  - R8_X=1\n  - REPLICATE_Y=1\n  - CUDA_HOME=1\n  - NVIDIA_V=1\n  - NV_X=1\n  - PGET_A=1\n  - KUBERNETES_B=1\n',
    errors: ['R8_X', 'REPLICATE_Y', 'CUDA_HOME', 'NVIDIA_V', 'NV_X', 'PGET_A', 'KUBERNETES_B'].map(
      (n, i) =>
        `${4 + i}:5 invalid environment: environment variable "${n}" is not allowed: reserved for internal use`,
    ),
  },
  {
    name: 'exact deny-list entries',
    yaml:
      B +
      'environment: [LD_LIBRARY_PATH=1, PYTHONPATH=1, VIRTUAL_ENV=1, PYTHONUNBUFFERED=1, LIBRARY_PATH=1, HF_ENDPOINT=1, HF_HUB_ENABLE_HF_TRANSFER=1]\n',
    errors: [
      ['LD_LIBRARY_PATH', 15],
      ['PYTHONPATH', 34],
      ['VIRTUAL_ENV', 48],
      ['PYTHONUNBUFFERED', 63],
      ['LIBRARY_PATH', 83],
      ['HF_ENDPOINT', 99],
      ['HF_HUB_ENABLE_HF_TRANSFER', 114],
    ].map(
      ([n, c]) =>
        `3:${c} invalid environment: environment variable "${n}" is not allowed: reserved for internal use`,
    ),
  },
  {
    name: 'only exact names are reserved: PATHS, HF_ENDPOINTS are fine',
    yaml: B + 'environment: [PATHS=1, HF_ENDPOINTS=2, MY_PATH=3]\n',
    errors: [],
  },
  {
    name: 'duplicate names',
    yaml: B + 'environment:\n  - A=1\n  - B=2\n  - A=3\n',
    errors: ['6:5 invalid environment: environment variable "A" is already defined'],
  },
  { name: 'names are case-sensitive', yaml: B + 'environment: [foo=1, FOO=2]\n', errors: [] },
  {
    name: 'entry without "=": schema and semantic error',
    yaml: B + 'environment:\n  - FOO\n',
    errors: [
      `4:5 schema error in "environment.0": Does not match pattern '^[A-Za-z_][A-Za-z0-9_]*=.*$'`,
      '4:5 invalid environment: environment variable "FOO" is not in the KEY=VALUE format',
    ],
  },
  {
    name: 'entry with an empty name',
    yaml: B + 'environment:\n  - =bar\n',
    errors: [
      `4:5 schema error in "environment.0": Does not match pattern '^[A-Za-z_][A-Za-z0-9_]*=.*$'`,
      '4:5 invalid environment: environment variable "=bar" is not in the KEY=VALUE format',
    ],
  },
  {
    name: 'name starting with a digit fails the schema pattern only',
    yaml: B + 'environment:\n  - 1A=b\n',
    errors: [
      `4:5 schema error in "environment.0": Does not match pattern '^[A-Za-z_][A-Za-z0-9_]*=.*$'`,
    ],
  },
  {
    name: 'multi-line value fails the schema pattern',
    yaml: B + 'environment:\n  - "A=b\\nc"\n',
    errors: [
      `4:5 schema error in "environment.0": Does not match pattern '^[A-Za-z_][A-Za-z0-9_]*=.*$'`,
    ],
  },
  {
    name: 'environment as a string, not a list',
    yaml: B + 'environment: FOO=bar\n',
    errors: ['3:14 schema error in "environment": must be a list'],
  },
]);

errorTable('concurrency', [
  {
    name: 'max 0',
    yaml: 'build:\n  python_version: "3.11"\nconcurrency:\n  max: 0\n',
    errors: ['4:8 invalid concurrency.max "0": must be at least 1'],
  },
  {
    name: 'negative max',
    yaml: 'build:\n  python_version: "3.11"\nconcurrency:\n  max: -3\n',
    errors: ['4:8 invalid concurrency.max "-3": must be at least 1'],
  },
  {
    name: 'max > 1 needs Python 3.11',
    yaml: 'build:\n  python_version: "3.10"\nconcurrency:\n  max: 2\n',
    errors: ['4:8 invalid concurrency.max "2": concurrency requires Python 3.11 or higher'],
  },
  {
    name: 'max 1 on Python 3.10 is fine',
    yaml: 'build:\n  python_version: "3.10"\nconcurrency:\n  max: 1\n',
    errors: [],
  },
  {
    name: 'max 8 on Python 3.11',
    yaml: 'build:\n  python_version: "3.11"\nconcurrency:\n  max: 8\n',
    errors: [],
  },
  {
    name: 'no max',
    yaml: B + 'concurrency: {}\n',
    errors: ['3:1 schema error in "concurrency": max is required'],
  },
  {
    name: 'max as a string',
    yaml: B + 'concurrency:\n  max: "2"\n',
    errors: ['4:8 schema error in "concurrency.max": must be an integer'],
  },
  {
    name: 'max as a float',
    yaml: B + 'concurrency:\n  max: 1.5\n',
    errors: ['4:8 schema error in "concurrency.max": must be an integer'],
  },
  {
    name: 'default_target is accepted and dropped',
    yaml: 'build:\n  python_version: "3.11"\nconcurrency: {max: 2, default_target: 1}\n',
    errors: [],
  },
]);

errorTable('model and image', [
  { name: 'bare repository', yaml: B + 'model: registry.example.com/acme/my-model\n', errors: [] },
  { name: 'Docker Hub style repository', yaml: B + 'model: acme/my-model\n', errors: [] },
  { name: 'registry with port', yaml: B + 'model: localhost:5000/my-model\n', errors: [] },
  {
    name: 'model and image both set',
    yaml: B + 'image: r8.im/a/b\nmodel: r8.im/a/b\n',
    errors: ["4:1 invalid model: 'model' and 'image' cannot both be set"],
  },
  {
    name: 'model with a tag',
    yaml: B + 'model: r/x:v1\n',
    errors: [
      '3:8 invalid model "r/x:v1": must be a bare repository — tags and digests are not allowed',
    ],
  },
  {
    name: 'model with a digest',
    yaml: B + `model: r8.im/a/b@sha256:${'a'.repeat(64)}\n`,
    errors: [
      `3:8 invalid model "r8.im/a/b@sha256:${'a'.repeat(64)}": must be a bare repository — tags and digests are not allowed`,
    ],
  },
  {
    name: 'model with upper-case path',
    yaml: B + 'model: Registry.Example.Com/ACME/Model\n',
    errors: [
      '3:8 invalid model "Registry.Example.Com/ACME/Model": invalid repository: invalid reference format: repository name (ACME/Model) must be lowercase',
    ],
  },
  {
    name: 'model with a space',
    yaml: B + 'model: "a b"\n',
    errors: ['3:8 invalid model "a b": invalid repository: invalid reference format'],
  },
  { name: 'image is not format-checked', yaml: B + 'image: Whatever:Tag\n', errors: [] },
]);
