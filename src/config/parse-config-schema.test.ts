// parseConfig table tests for the JSON-schema layer and YAML syntax/shape errors.
import { B, PY_REQUIRED, errorTable } from './error-table.test-support.ts';

errorTable('schema types and structure', [
  {
    name: 'gpu as a quoted string',
    yaml: B + '  gpu: "true"\n',
    errors: ['3:8 schema error in "build.gpu": must be a boolean'],
  },
  {
    name: 'gpu: yes is true (YAML 1.1 word, as the original)',
    yaml: B + '  gpu: yes\n',
    errors: [],
  },
  {
    name: 'system_packages as a string',
    yaml: B + '  system_packages: git\n',
    errors: ['3:20 schema error in "build.system_packages": must be a list'],
  },
  {
    name: 'build as a list',
    yaml: 'build: [a]\n',
    errors: ['1:8 schema error in "build": must be a mapping', `1:1 ${PY_REQUIRED}`],
  },
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
    yaml:
      B +
      '  run:\n    - command: pip install\n      mounts:\n        - {type: cache, id: pip, target: /root/.cache}\n',
    errors: [
      '6:18 schema error in "build.run.0.mounts.0.type": must be one of the following: "secret"',
    ],
  },
  {
    name: 'mount without target',
    yaml: B + '  run:\n    - command: pip install\n      mounts: [{type: secret, id: pip}]\n',
    errors: ['5:16 schema error in "build.run.0.mounts.0": target is required'],
  },
  {
    name: 'image as a mapping',
    yaml: B + 'image: {a: 1}\n',
    errors: ['3:8 schema error in "image": must be a string'],
  },
  { name: 'an unquoted number in image is its text', yaml: B + 'image: 123\n', errors: [] },
  {
    name: 'unknown keys are ignored at every level',
    yaml: B + '  foo: 1\ntests: [a]\nconcurrency: {max: 1, bar: 2}\n',
    errors: [],
  },
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

errorTable('YAML syntax and document shape', [
  {
    name: 'unterminated flow sequence',
    yaml: 'build:\n  x: [a\n',
    errors: [
      '3:1 failed to parse cog.yaml: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
    ],
  },
  {
    name: 'duplicate key',
    yaml: 'build:\n  python_version: "3.12"\n  python_version: "3.11"\n',
    errors: ['3:3 failed to parse cog.yaml: invalid YAML: Map keys must be unique'],
  },
  {
    name: 'several documents',
    yaml: 'build: {python_version: "3.12"}\n---\nrun: r.py:R\n',
    errors: [
      '2:1 failed to parse cog.yaml: invalid YAML: the file must contain a single YAML document (found a second one after ---)',
    ],
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
    errors: [
      '1:1 failed to parse cog.yaml: invalid YAML: the top level must be a mapping of cog.yaml fields, not a list',
    ],
  },
  {
    name: 'top-level scalar',
    yaml: 'hello\n',
    errors: [
      '1:1 failed to parse cog.yaml: invalid YAML: the top level must be a mapping of cog.yaml fields, not the string "hello"',
    ],
  },
]);
