// Table tests for parseConfig: one row per rule of build.md §1.6/§1.7, each with the YAML
// input and the exact error texts at their line:column.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfig } from './parse-config.ts';

const PY_REQUIRED =
  'invalid build.python_version: python_version is required. Add it to the build section of your cog.yaml, e.g. `python_version: "3.13"`';
/** A valid build section (lines 1–2), so rows can add lines from line 3 on. */
const B = 'build:\n  python_version: "3.12"\n';

interface Row {
  name: string;
  yaml: string;
  /** `line:column message`, in reporting order. */
  errors: string[];
  fileExists?: (p: string) => boolean;
}

function errorsOf(yaml: string, fileExists?: (p: string) => boolean): string[] {
  const result = parseConfig(yaml, 'cog.yaml', fileExists ? { fileExists } : {});
  if (result.ok) return [];
  return result.errors.map((e) => `${e.position.line}:${e.position.column} ${e.message}`);
}

function table(title: string, rows: Row[]): void {
  describe(title, () => {
    for (const row of rows) {
      it(row.name, () => assert.deepEqual(errorsOf(row.yaml, row.fileExists), row.errors));
    }
  });
}

table('build.python_version', [
  { name: 'no build key at all is an error (deliberate change)', yaml: 'run: run.py:Runner\n', errors: [`1:1 ${PY_REQUIRED}`] },
  { name: 'empty file is an error (deliberate change)', yaml: '', errors: [`1:1 ${PY_REQUIRED}`] },
  { name: 'comment-only file', yaml: '# nothing here\n', errors: [`1:1 ${PY_REQUIRED}`] },
  { name: '`build:` with nothing under it', yaml: 'run: run.py:Runner\nbuild:\n', errors: [`2:1 ${PY_REQUIRED}`] },
  {
    name: 'build without python_version: schema and semantic error',
    yaml: 'build:\n  gpu: true\n',
    errors: ['1:1 schema error in "build": python_version is required', `1:1 ${PY_REQUIRED}`],
  },
  {
    name: 'empty python_version counts as missing',
    yaml: 'build:\n  python_version: ""\n',
    errors: ['1:1 schema error in "build": python_version is required', `2:3 ${PY_REQUIRED}`],
  },
  {
    name: 'null python_version counts as missing',
    yaml: 'build:\n  python_version:\n',
    errors: ['1:1 schema error in "build": python_version is required', `2:3 ${PY_REQUIRED}`],
  },
  {
    name: 'major only',
    yaml: 'build:\n  python_version: 3\n',
    errors: [`2:19 invalid build.python_version "3": must include major and minor version (e.g., '3.11')`],
  },
  {
    name: 'non-numeric major',
    yaml: 'build:\n  python_version: "x.10"\n',
    errors: ['2:19 invalid build.python_version "x.10": invalid major version number'],
  },
  {
    name: 'non-numeric minor',
    yaml: 'build:\n  python_version: "3.x"\n',
    errors: ['2:19 invalid build.python_version "3.x": invalid minor version number'],
  },
  {
    name: 'below 3.10 (integration-tested text)',
    yaml: 'build:\n  python_version: "3.9"\n',
    errors: ['2:19 invalid build.python_version "3.9": minimum supported Python version is 3.10'],
  },
  {
    name: 'patch version below 3.10',
    yaml: 'build:\n  python_version: 3.8.10\n',
    errors: ['2:19 invalid build.python_version "3.8.10": minimum supported Python version is 3.10'],
  },
  {
    name: 'python 2',
    yaml: 'build:\n  python_version: "2.7"\n',
    errors: ['2:19 invalid build.python_version "2.7": minimum supported Python version is 3.10'],
  },
  { name: 'unquoted 3.10 is 3.10, not 3.1', yaml: 'build:\n  python_version: 3.10\n', errors: [] },
  { name: '3.13.1 is fine', yaml: 'build:\n  python_version: "3.13.1"\n', errors: [] },
  { name: 'no upper bound: 3.14', yaml: 'build:\n  python_version: 3.14\n', errors: [] },
  { name: 'flow mapping position', yaml: 'build: {python_version: "3.9"}\n', errors: [
    '1:25 invalid build.python_version "3.9": minimum supported Python version is 3.10',
  ] },
  {
    name: 'python_version from an alias keeps its text',
    yaml: 'x: &v 3.10\nbuild:\n  python_version: *v\n',
    errors: [],
  },
]);

table('build packages, requirements, CUDA format', [
  {
    name: 'python_packages and python_requirements together',
    yaml: B + '  python_requirements: requirements.txt\n  python_packages: [torch]\n',
    errors: ['4:3 invalid build: only one of python_packages or python_requirements can be set, not both'],
  },
  {
    name: 'requirements file missing',
    yaml: B + '  python_requirements: requirements.txt\n',
    fileExists: () => false,
    errors: ['3:24 invalid build.python_requirements "requirements.txt": file does not exist'],
  },
  {
    name: 'requirements file present',
    yaml: B + '  python_requirements: requirements.txt\n',
    fileExists: (p) => p === 'requirements.txt',
    errors: [],
  },
  { name: 'requirements not checked without a file predicate', yaml: B + '  python_requirements: nope.txt\n', errors: [] },
  {
    name: 'cuda without minor',
    yaml: B + '  cuda: "11"\n',
    errors: [`3:9 invalid build.cuda "11": must include both major and minor versions (e.g., '11.8')`],
  },
  {
    name: 'cuda with a dash',
    yaml: B + '  cuda: 11-2\n',
    errors: [`3:9 invalid build.cuda "11-2": must include both major and minor versions (e.g., '11.8')`],
  },
  { name: 'cuda non-numeric major', yaml: B + '  cuda: x.1\n', errors: ['3:9 invalid build.cuda "x.1": invalid major version number'] },
  { name: 'cuda below 11', yaml: B + '  cuda: "9.1"\n', errors: ['3:9 invalid build.cuda "9.1": minimum supported CUDA version is 11'] },
  { name: 'cuda 10.2 unquoted', yaml: B + '  cuda: 10.2\n', errors: ['3:9 invalid build.cuda "10.2": minimum supported CUDA version is 11'] },
  { name: 'cuda minor is not checked here', yaml: B + '  cuda: "11.A"\n', errors: [] },
  { name: 'cuda with patch', yaml: B + '  cuda: 11.8.0\n', errors: [] },
  {
    name: 'build.run command with a newline',
    yaml: B + '  run:\n    - |\n      echo a\n      echo b\n',
    errors: [
      "4:7 One of the commands in 'run' contains a new line, which won't work. You need to create a new list item in YAML prefixed with '-' for each command.\n\nThis is the offending line: echo a\necho b",
    ],
  },
  {
    name: 'object-form build.run command with a newline',
    yaml: B + '  run:\n    - command: "a\\nb"\n',
    errors: [
      "4:7 One of the commands in 'run' contains a new line, which won't work. You need to create a new list item in YAML prefixed with '-' for each command.\n\nThis is the offending line: a\nb",
    ],
  },
  {
    name: 'pre_install command with a newline',
    yaml: B + '  pre_install: ["x\\ny"]\n',
    errors: [
      "3:17 One of the commands in 'run' contains a new line, which won't work. You need to create a new list item in YAML prefixed with '-' for each command.\n\nThis is the offending line: x\ny",
    ],
  },
  { name: 'trailing newline of a literal block is trimmed', yaml: B + '  run:\n    - |\n      echo a\n', errors: [] },
  {
    name: 'all build errors are collected, in order',
    yaml: 'build:\n  python_version: "3.9"\n  python_packages: [a]\n  python_requirements: r.txt\n  cuda: "9.0"\n',
    fileExists: () => false,
    errors: [
      '2:19 invalid build.python_version "3.9": minimum supported Python version is 3.10',
      '3:3 invalid build: only one of python_packages or python_requirements can be set, not both',
      '4:24 invalid build.python_requirements "r.txt": file does not exist',
      '5:9 invalid build.cuda "9.0": minimum supported CUDA version is 11',
    ],
  },
]);

table('run / predict / train', [
  {
    name: 'run and predict both set',
    yaml: B + 'run: run.py:Runner\npredict: predict.py:Predictor\n',
    errors: ['4:1 schema error in "cog.yaml": Must not validate the schema (not)', '4:1 invalid run: only one of run or predict can be set'],
  },
  { name: 'empty predict with run is fine', yaml: B + 'run: run.py:Runner\npredict: ""\n', errors: [] },
  { name: 'bad run reference', yaml: B + 'run: x\n', errors: [`3:6 invalid run "x": must be in the form 'run.py:Runner'`] },
  {
    name: 'run reference with two .py: parts',
    yaml: B + 'run: a.py:b.py:C\n',
    errors: [`3:6 invalid run "a.py:b.py:C": must be in the form 'run.py:Runner'`],
  },
  { name: 'run reference without class', yaml: B + 'run: run.py\n', errors: [`3:6 invalid run "run.py": must be in the form 'run.py:Runner'`] },
  {
    name: 'bad predict reference',
    yaml: B + 'predict: invalid_format\n',
    errors: [`3:10 invalid predict "invalid_format": must be in the form 'predict.py:Predictor'`],
  },
  { name: 'bad train reference', yaml: B + 'train: x\n', errors: [`3:8 invalid train "x": must be in the form 'train.py:Trainer'`] },
  { name: 'train function reference', yaml: B + 'train: train.py:train\n', errors: [] },
  { name: 'runner in a sub-folder', yaml: B + 'run: src/run.py:Runner\n', errors: [] },
]);

table('environment', [
  { name: 'plain entries', yaml: B + 'environment:\n  - FOO=bar\n  - EMPTY=\n  - Q="a b"\n  - COG_USER_AGENT=x=y,z\n', errors: [] },
  {
    name: 'PATH is reserved',
    yaml: B + 'environment:\n  - PATH=/x\n',
    errors: ['4:5 invalid environment: environment variable "PATH" is not allowed: reserved for internal use'],
  },
  {
    name: 'prefix deny-list entries',
    yaml: B + 'environment:\n  - R8_X=1\n  - REPLICATE_Y=1\n  - CUDA_HOME=1\n  - NVIDIA_V=1\n  - NV_X=1\n  - PGET_A=1\n  - KUBERNETES_B=1\n',
    errors: ['R8_X', 'REPLICATE_Y', 'CUDA_HOME', 'NVIDIA_V', 'NV_X', 'PGET_A', 'KUBERNETES_B'].map(
      (n, i) => `${4 + i}:5 invalid environment: environment variable "${n}" is not allowed: reserved for internal use`,
    ),
  },
  {
    name: 'exact deny-list entries',
    yaml: B + 'environment: [LD_LIBRARY_PATH=1, PYTHONPATH=1, VIRTUAL_ENV=1, PYTHONUNBUFFERED=1, LIBRARY_PATH=1, HF_ENDPOINT=1, HF_HUB_ENABLE_HF_TRANSFER=1]\n',
    errors: [
      ['LD_LIBRARY_PATH', 15],
      ['PYTHONPATH', 34],
      ['VIRTUAL_ENV', 48],
      ['PYTHONUNBUFFERED', 63],
      ['LIBRARY_PATH', 83],
      ['HF_ENDPOINT', 99],
      ['HF_HUB_ENABLE_HF_TRANSFER', 114],
    ].map(([n, c]) => `3:${c} invalid environment: environment variable "${n}" is not allowed: reserved for internal use`),
  },
  { name: 'only exact names are reserved: PATHS, HF_ENDPOINTS are fine', yaml: B + 'environment: [PATHS=1, HF_ENDPOINTS=2, MY_PATH=3]\n', errors: [] },
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
    errors: [`4:5 schema error in "environment.0": Does not match pattern '^[A-Za-z_][A-Za-z0-9_]*=.*$'`],
  },
  {
    name: 'multi-line value fails the schema pattern',
    yaml: B + 'environment:\n  - "A=b\\nc"\n',
    errors: [`4:5 schema error in "environment.0": Does not match pattern '^[A-Za-z_][A-Za-z0-9_]*=.*$'`],
  },
  {
    name: 'environment as a string, not a list',
    yaml: B + 'environment: FOO=bar\n',
    errors: ['3:14 schema error in "environment": must be a list'],
  },
]);

table('concurrency', [
  { name: 'max 0', yaml: 'build:\n  python_version: "3.11"\nconcurrency:\n  max: 0\n', errors: ['4:8 invalid concurrency.max "0": must be at least 1'] },
  { name: 'negative max', yaml: 'build:\n  python_version: "3.11"\nconcurrency:\n  max: -3\n', errors: ['4:8 invalid concurrency.max "-3": must be at least 1'] },
  {
    name: 'max > 1 needs Python 3.11',
    yaml: 'build:\n  python_version: "3.10"\nconcurrency:\n  max: 2\n',
    errors: ['4:8 invalid concurrency.max "2": concurrency requires Python 3.11 or higher'],
  },
  { name: 'max 1 on Python 3.10 is fine', yaml: 'build:\n  python_version: "3.10"\nconcurrency:\n  max: 1\n', errors: [] },
  { name: 'max 8 on Python 3.11', yaml: 'build:\n  python_version: "3.11"\nconcurrency:\n  max: 8\n', errors: [] },
  { name: 'no max', yaml: B + 'concurrency: {}\n', errors: ['3:1 schema error in "concurrency": max is required'] },
  { name: 'max as a string', yaml: B + 'concurrency:\n  max: "2"\n', errors: ['4:8 schema error in "concurrency.max": must be an integer'] },
  { name: 'max as a float', yaml: B + 'concurrency:\n  max: 1.5\n', errors: ['4:8 schema error in "concurrency.max": must be an integer'] },
  { name: 'default_target is accepted and dropped', yaml: 'build:\n  python_version: "3.11"\nconcurrency: {max: 2, default_target: 1}\n', errors: [] },
]);

table('model and image', [
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
    errors: ['3:8 invalid model "r/x:v1": must be a bare repository — tags and digests are not allowed'],
  },
  {
    name: 'model with a digest',
    yaml: B + `model: r8.im/a/b@sha256:${'a'.repeat(64)}\n`,
    errors: [`3:8 invalid model "r8.im/a/b@sha256:${'a'.repeat(64)}": must be a bare repository — tags and digests are not allowed`],
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

const W = B + 'model: r8.im/acme/m\nweights:\n';
table('weights', [
  { name: 'single source object', yaml: W + '  - name: base\n    target: /src/weights\n    source: {uri: "hf://a/b", include: ["*.safetensors"]}\n', errors: [] },
  {
    name: 'weights with image instead of model',
    yaml: B + 'image: r8.im/acme/m\nweights:\n  - {name: a, target: /w, source: {uri: x}}\n',
    errors: ["3:1 invalid image: weights require 'model', not 'image' — rename 'image' to 'model'"],
  },
  {
    name: 'weights with neither model nor image',
    yaml: B + 'weights:\n  - {name: a, target: /w, source: {uri: x}}\n',
    errors: ["3:1 invalid model: weights require 'model' in cog.yaml — rename 'image' to 'model'"],
  },
  {
    name: 'empty name',
    yaml: W + '  - name: ""\n    target: /w\n    source: {uri: x}\n',
    errors: ['5:5 schema error in "weights.0": name is required', '5:5 invalid weights[0].name: name is required'],
  },
  {
    name: 'upper-case name',
    yaml: W + '  - name: MyModel\n    target: /w\n    source: {uri: x}\n',
    errors: [
      '5:11 invalid weights[0].name "MyModel": must contain only lowercase alphanumeric characters, hyphens, dots, or underscores (e.g. "my-model-weights")',
    ],
  },
  {
    name: 'name with a trailing separator',
    yaml: W + '  - {name: "a-", target: /w, source: {uri: x}}\n',
    errors: [
      '5:12 invalid weights[0].name "a-": must contain only lowercase alphanumeric characters, hyphens, dots, or underscores (e.g. "my-model-weights")',
    ],
  },
  {
    name: 'duplicate name',
    yaml: W + '  - {name: a, target: /w1, source: {uri: x}}\n  - {name: a, target: /w2, source: {uri: x}}\n',
    errors: ['6:12 invalid weights[1].name "a": duplicate weight name'],
  },
  {
    name: 'missing target',
    yaml: W + '  - {name: a, source: {uri: x}}\n',
    errors: ['5:5 schema error in "weights.0": target is required', '5:5 invalid weights[0].target: target is required'],
  },
  {
    name: 'relative target',
    yaml: W + '  - {name: a, target: weights, source: {uri: x}}\n',
    errors: ['5:23 invalid weights[0].target "weights": target must be an absolute path'],
  },
  {
    name: 'root target',
    yaml: W + '  - {name: a, target: /, source: {uri: x}}\n',
    errors: ['5:23 invalid weights[0].target "/": target must not be the container root "/"'],
  },
  {
    name: 'duplicate target (after normalising a trailing slash)',
    yaml: W + '  - {name: a, target: /w, source: {uri: x}}\n  - {name: b, target: /w/, source: {uri: x}}\n',
    errors: ['6:23 invalid weights[1].target "/w/": duplicate weight target'],
  },
  {
    name: 'nested targets overlap',
    yaml: W + '  - {name: a, target: /src/weights, source: {uri: x}}\n  - {name: b, target: /src/weights/lora, source: {uri: x}}\n',
    errors: ['6:23 invalid weights[1].target "/src/weights/lora": target overlaps with "/src/weights"; weight targets must be disjoint'],
  },
  {
    name: 'a parent after its child also overlaps',
    yaml: W + '  - {name: a, target: /w/x, source: {uri: x}}\n  - {name: b, target: /w, source: {uri: x}}\n',
    errors: ['6:23 invalid weights[1].target "/w": target overlaps with "/w/x"; weight targets must be disjoint'],
  },
  { name: 'sibling prefixes are disjoint', yaml: W + '  - {name: a, target: /w, source: {uri: x}}\n  - {name: b, target: /w2, source: {uri: x}}\n', errors: [] },
  {
    name: 'missing source',
    yaml: W + '  - {name: a, target: /w}\n',
    errors: ['5:5 schema error in "weights.0": source is required', '5:5 invalid weights[0].source: source is required'],
  },
  {
    name: 'empty source list',
    yaml: W + '  - {name: a, target: /w, source: []}\n',
    errors: ['5:5 schema error in "weights.0": source is required', '5:5 invalid weights[0].source: source is required'],
  },
  {
    name: 'source list of strings',
    yaml: W + '  - {name: a, target: /w, source: [hf://x]}\n',
    errors: ['5:36 schema error in "weights.0.source.0": must be a mapping'],
  },
  {
    name: 'source without uri',
    yaml: W + '  - {name: a, target: /w, source: {include: ["*"]}}\n',
    errors: ['5:27 schema error in "weights.0.source": uri is required'],
  },
  {
    name: 'pattern problems on a single source',
    yaml: W + '  - name: a\n    target: /w\n    source:\n      uri: x\n      include: ["", "!x", "a\\\\b"]\n',
    errors: [
      '9:17 invalid weights[0].source.include[0]: pattern must not be empty',
      `9:21 invalid weights[0].source.include[1] "!x": negation patterns (starting with '!') are not supported`,
      '9:27 invalid weights[0].source.include[2] "a\\b": patterns must use forward slashes, not backslashes',
    ],
  },
  {
    name: 'pattern problems on a multi-source entry name the source index',
    yaml: W + '  - name: a\n    target: /w\n    source:\n      - uri: x\n      - uri: y\n        exclude: ["  "]\n',
    errors: ['10:19 invalid weights[0].source[1].exclude[0]: pattern must not be empty'],
  },
]);

table('schema types and structure', [
  { name: 'gpu as a quoted string', yaml: B + '  gpu: "true"\n', errors: ['3:8 schema error in "build.gpu": must be a boolean'] },
  { name: 'gpu: yes is true (YAML 1.1 word, as the original)', yaml: B + '  gpu: yes\n', errors: [] },
  { name: 'system_packages as a string', yaml: B + '  system_packages: git\n', errors: ['3:20 schema error in "build.system_packages": must be a list'] },
  { name: 'build as a list', yaml: 'build: [a]\n', errors: ['1:8 schema error in "build": must be a mapping', `1:1 ${PY_REQUIRED}`] },
  {
    name: 'build.run item that is a number',
    yaml: B + '  run:\n    - 123\n',
    errors: ['4:7 schema error in "build.run.0": must be a string or a mapping'],
  },
  {
    name: 'build.run object without command',
    yaml: B + '  run:\n    - mounts: []\n',
    errors: ['4:7 schema error in "build.run.0": command is required'],
  },
  {
    name: 'mount of another type',
    yaml: B + '  run:\n    - command: pip install\n      mounts:\n        - {type: cache, id: pip, target: /root/.cache}\n',
    errors: ['6:18 schema error in "build.run.0.mounts.0.type": must be one of the following: "secret"'],
  },
  {
    name: 'mount without target',
    yaml: B + '  run:\n    - command: pip install\n      mounts: [{type: secret, id: pip}]\n',
    errors: ['5:16 schema error in "build.run.0.mounts.0": target is required'],
  },
  { name: 'image as a mapping', yaml: B + 'image: {a: 1}\n', errors: ['3:8 schema error in "image": must be a string'] },
  { name: 'an unquoted number in image is its text', yaml: B + 'image: 123\n', errors: [] },
  { name: 'unknown keys are ignored at every level', yaml: B + '  foo: 1\ntests: [a]\nconcurrency: {max: 1, bar: 2}\n', errors: [] },
  {
    name: 'several schema errors are all reported, in file order',
    yaml: B + '  gpu: 1\n  cuda: [1]\nimage: []\ntrain: {a: b}\n',
    errors: [
      '3:8 schema error in "build.gpu": must be a boolean',
      '4:9 schema error in "build.cuda": must be a string',
      '6:8 schema error in "train": must be a string',
    ],
  },
]);

table('YAML syntax and document shape', [
  {
    name: 'unterminated flow sequence',
    yaml: 'build:\n  x: [a\n',
    errors: ['3:1 failed to parse cog.yaml: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]'],
  },
  {
    name: 'duplicate key',
    yaml: 'build:\n  python_version: "3.12"\n  python_version: "3.11"\n',
    errors: ['3:3 failed to parse cog.yaml: invalid YAML: Map keys must be unique'],
  },
  {
    name: 'several documents',
    yaml: 'build: {python_version: "3.12"}\n---\nrun: r.py:R\n',
    errors: ['2:1 failed to parse cog.yaml: invalid YAML: the file must contain a single YAML document (found a second one after ---)'],
  },
  {
    name: 'tab indentation',
    yaml: 'build:\n\tpython_version: "3.12"\n',
    errors: ['2:1 failed to parse cog.yaml: invalid YAML: Tabs are not allowed as indentation'],
  },
  {
    name: 'positions with CRLF line endings',
    yaml: 'build:\r\n  python_version: "3.12"\r\nrun: x\r\n',
    errors: [`3:6 invalid run "x": must be in the form 'run.py:Runner'`],
  },
  {
    name: 'positions after a byte-order mark and comments',
    yaml: '\uFEFF# my model\nbuild:\n  # python\n  python_version: "3.8"\n',
    errors: ['4:19 invalid build.python_version "3.8": minimum supported Python version is 3.10'],
  },
  {
    name: 'top-level list',
    yaml: '- a\n- b\n',
    errors: ['1:1 failed to parse cog.yaml: invalid YAML: the top level must be a mapping of cog.yaml fields, not a list'],
  },
  {
    name: 'top-level scalar',
    yaml: 'hello\n',
    errors: ['1:1 failed to parse cog.yaml: invalid YAML: the top level must be a mapping of cog.yaml fields, not the string "hello"'],
  },
]);
