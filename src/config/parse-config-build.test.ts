// parseConfig table tests for `build.*` (spec §1.6 d, §1.7): exact texts at line:column.
import { B, PY_REQUIRED, errorTable } from './error-table.test-support.ts';

errorTable('build.python_version', [
  {
    name: 'no build key at all is an error (deliberate change)',
    yaml: 'run: run.py:Runner\n',
    errors: [`1:1 ${PY_REQUIRED}`],
  },
  { name: 'empty file is an error (deliberate change)', yaml: '', errors: [`1:1 ${PY_REQUIRED}`] },
  { name: 'comment-only file', yaml: '# nothing here\n', errors: [`1:1 ${PY_REQUIRED}`] },
  {
    name: '`build:` with nothing under it',
    yaml: 'run: run.py:Runner\nbuild:\n',
    errors: [`2:1 ${PY_REQUIRED}`],
  },
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
    errors: [
      `2:19 invalid build.python_version "3": must include major and minor version (e.g., '3.11')`,
    ],
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
    errors: [
      '2:19 invalid build.python_version "3.8.10": minimum supported Python version is 3.10',
    ],
  },
  {
    name: 'python 2',
    yaml: 'build:\n  python_version: "2.7"\n',
    errors: ['2:19 invalid build.python_version "2.7": minimum supported Python version is 3.10'],
  },
  { name: 'unquoted 3.10 is 3.10, not 3.1', yaml: 'build:\n  python_version: 3.10\n', errors: [] },
  { name: '3.13.1 is fine', yaml: 'build:\n  python_version: "3.13.1"\n', errors: [] },
  { name: 'no upper bound: 3.14', yaml: 'build:\n  python_version: 3.14\n', errors: [] },
  {
    name: 'flow mapping position',
    yaml: 'build: {python_version: "3.9"}\n',
    errors: ['1:25 invalid build.python_version "3.9": minimum supported Python version is 3.10'],
  },
  {
    name: 'python_version from an alias keeps its text',
    yaml: 'x: &v 3.10\nbuild:\n  python_version: *v\n',
    errors: [],
  },
]);

errorTable('build packages, requirements, CUDA format', [
  {
    name: 'python_packages and python_requirements together',
    yaml: B + '  python_requirements: requirements.txt\n  python_packages: [torch]\n',
    errors: [
      '4:3 invalid build: only one of python_packages or python_requirements can be set, not both',
    ],
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
  {
    name: 'requirements not checked without a file predicate',
    yaml: B + '  python_requirements: nope.txt\n',
    errors: [],
  },
  {
    name: 'cuda without minor',
    yaml: B + '  cuda: "11"\n',
    errors: [
      `3:9 invalid build.cuda "11": must include both major and minor versions (e.g., '11.8')`,
    ],
  },
  {
    name: 'cuda with a dash',
    yaml: B + '  cuda: 11-2\n',
    errors: [
      `3:9 invalid build.cuda "11-2": must include both major and minor versions (e.g., '11.8')`,
    ],
  },
  {
    name: 'cuda non-numeric major',
    yaml: B + '  cuda: x.1\n',
    errors: ['3:9 invalid build.cuda "x.1": invalid major version number'],
  },
  {
    name: 'cuda below 11',
    yaml: B + '  cuda: "9.1"\n',
    errors: ['3:9 invalid build.cuda "9.1": minimum supported CUDA version is 11'],
  },
  {
    name: 'cuda 10.2 unquoted',
    yaml: B + '  cuda: 10.2\n',
    errors: ['3:9 invalid build.cuda "10.2": minimum supported CUDA version is 11'],
  },
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
  {
    name: 'trailing newline of a literal block is trimmed',
    yaml: B + '  run:\n    - |\n      echo a\n',
    errors: [],
  },
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
