// Issue 7, item 1: every cog.yaml value that is written into the Dockerfile, its shell or the
// staged requirements.txt is checked against its grammar. One row per field and hostile input
// (name, cog.yaml, the exact positioned errors), plus rows of legitimate values that must pass.
import { B, errorTable } from './error-table.test-support.ts';

const PIP =
  'is not a pip requirement: expected a PEP 508 requirement (name[extras] version-specifier ; marker), a URL or path, or a pip option such as --index-url';
const APT =
  'is not a Debian package name (lower-case letters, digits and + - ., optionally with :arch, =version or /release)';

errorTable('run / predict / train references', [
  {
    name: 'a newline in run',
    yaml: `${B}run: "predict.py:P\\nRUN evil"\n`,
    errors: [
      '3:6 invalid run "predict.py:P\\nRUN evil": must not contain control characters (found a newline at character 13)',
    ],
  },
  {
    name: 'a CR in predict',
    yaml: `${B}predict: "predict.py:P\\rX"\n`,
    errors: [
      '3:10 invalid predict "predict.py:P\\rX": must not contain control characters (found a carriage return at character 13)',
    ],
  },
  {
    name: 'a NUL in train',
    yaml: `${B}train: "t.py:T\\0"\n`,
    errors: [
      '3:8 invalid train "t.py:T\\0": must not contain control characters (found NUL at character 7)',
    ],
  },
  {
    name: 'shell after the class name',
    yaml: `${B}run: "run.py:Runner; echo X"\n`,
    errors: [
      '3:6 invalid run "run.py:Runner; echo X": the name after \':\' must be a Python identifier, not "Runner; echo X"',
    ],
  },
  {
    name: 'paths, Unicode identifiers and quotes in the path are fine',
    yaml: `${B}run: 'src/my "models"/run.py:Rünner_2'\ntrain: train.py:train\n`,
    errors: [],
  },
]);

errorTable('build.python_version', [
  {
    name: 'shell after a patch version',
    yaml: 'build:\n  python_version: "3.12.1 && echo X"\n',
    errors: [
      '2:19 invalid build.python_version "3.12.1 && echo X": must be a version such as "3.13" or "3.13.1" (digits, dots and letters only)',
    ],
  },
  {
    name: 'a newline after the patch',
    yaml: 'build:\n  python_version: "3.12.1\\nRUN x"\n',
    errors: [
      '2:19 invalid build.python_version "3.12.1\\nRUN x": must be a version such as "3.13" or "3.13.1" (digits, dots and letters only)',
    ],
  },
  { name: 'a release candidate', yaml: 'build:\n  python_version: 3.13.0rc1\n', errors: [] },
]);

errorTable('build.system_packages', [
  {
    name: 'shell operators',
    yaml: `${B}  system_packages: ["curl && echo X"]\n`,
    errors: [`3:21 invalid build.system_packages[0] "curl && echo X": "&&" ${APT}`],
  },
  {
    name: 'a newline, a command substitution and an option',
    yaml: `${B}  system_packages:\n    - "ffmpeg\\nRUN x"\n    - "$(id)"\n    - --no-install-recommends\n`,
    errors: [
      '4:7 invalid build.system_packages[0] "ffmpeg\\nRUN x": must not contain control characters (found a newline at character 7)',
      `5:7 invalid build.system_packages[1] "$(id)": "$(id)" ${APT}`,
      '6:7 invalid build.system_packages[2] "--no-install-recommends": "--no-install-recommends" is an apt option, not a package name',
    ],
  },
  {
    name: 'an empty item',
    yaml: `${B}  system_packages: [ffmpeg, " "]\n`,
    errors: ['3:29 invalid build.system_packages[1] " ": must not be empty'],
  },
  {
    name: 'names, several per item, arch, version and release',
    yaml: `${B}  system_packages: [ffmpeg, "libgl1 libsm6", "libc6:amd64", "nodejs=18.19.0+dfsg-6~deb12u1", "git/bookworm-backports", "libstdc++6", "nodejs=18.*"]\n`,
    errors: [],
  },
]);

errorTable('build.python_packages', [
  {
    name: 'a newline adds a requirements line',
    yaml: `${B}  python_packages: ["numpy\\n--index-url http://evil"]\n`,
    errors: [
      '3:21 invalid build.python_packages[0] "numpy\\n--index-url http://evil": must not contain control characters (found a newline at character 6)',
    ],
  },
  {
    name: 'a trailing backslash joins the next item (here: into a comment)',
    yaml: `${B}  python_packages: ["# pinned \\\\", numpy]\n`,
    errors: [
      '3:21 invalid build.python_packages[0] "# pinned \\": must not end with a backslash (it would join the next item onto this line)',
    ],
  },
  {
    name: 'shell operators',
    yaml: `${B}  python_packages: ["curl && echo X"]\n`,
    errors: [`3:21 invalid build.python_packages[0] "curl && echo X": ${PIP}`],
  },
  {
    name: 'PEP 508 lines, URLs, paths, options, hashes and comments',
    yaml:
      `${B}  python_packages:\n` +
      [
        'torch==2.3.0',
        'requests[socks,security] >= 2.0, < 3',
        'numpy (>=1.26)',
        "pywin32 >=1.0 ; sys_platform == 'win32' and python_version < '3.13'",
        'pkg @ https://example.com/pkg-1.0.whl',
        'git+https://github.com/org/repo.git@v1#egg=repo',
        './vendor/my_pkg',
        'wheels/x-1.0-py3-none-any.whl',
        '-e git+https://github.com/org/repo.git#egg=repo',
        '--extra-index-url https://download.pytorch.org/whl/cpu',
        'torch==2.3.0 --extra-index-url https://download.pytorch.org/whl/cpu',
        '--index-url=https://pypi.org/simple',
        '--pre',
        'pandas==2.0.3 --hash=sha256:abcdef',
        'scipy  # pinned by the base image',
        '',
      ]
        .map((l) => `    - ${JSON.stringify(l)}\n`)
        .join(''),
    errors: [],
  },
]);

errorTable('build.run and build.pre_install', [
  {
    name: 'a lone CR, a NUL, a trailing backslash, a heredoc, an empty command',
    yaml: `${B}  run:\n    - "echo hi\\rRUN x"\n    - "echo \\0"\n    - "echo \\\\"\n    - "cat <<EOF"\n    - "  "\n`,
    errors: [
      '4:7 invalid build.run[0] "echo hi\\rRUN x": must not contain control characters (found a carriage return at character 8)',
      '5:7 invalid build.run[1] "echo \\0": must not contain control characters (found NUL at character 6)',
      '6:7 invalid build.run[2] "echo \\": must not end with a backslash (it would continue the Dockerfile RUN instruction onto the next line)',
      '7:7 invalid build.run[3] "cat <<EOF": must not use a heredoc (<<WORD): BuildKit would read the following Dockerfile lines as its body; put the script in a file and run that',
      '8:7 invalid build.run[4] "  ": must not be empty',
    ],
  },
  {
    name: 'the command of the object form',
    yaml: `${B}  run:\n    - command: "cat <<-'END'"\n`,
    errors: [
      `4:16 invalid build.run[0] "cat <<-'END'": must not use a heredoc (<<WORD): BuildKit would read the following Dockerfile lines as its body; put the script in a file and run that`,
    ],
  },
  {
    name: 'secret mount id and target cannot add mount options or words',
    yaml: `${B}  run:\n    - command: pip install x\n      mounts: [{type: secret, id: "a b", target: "/x,type=bind"}]\n`,
    errors: [
      '5:35 invalid build.run[0].mounts[0].id "a b": must contain only letters, digits, "_", "." and "-"',
      '5:50 invalid build.run[0].mounts[0].target "/x,type=bind": must be a path without spaces, commas, quotes, "$" or backslashes',
    ],
  },
  {
    name: 'pre_install',
    yaml: `${B}  pre_install: ["echo \\u2028x"]\n`,
    errors: [
      '3:17 invalid build.pre_install[0] "echo \\u2028x": must not contain control characters (found a line separator at character 6)',
    ],
  },
  {
    name: 'shell syntax stays allowed: operators, quotes, substitutions, tabs, shifts',
    yaml:
      `${B}  run:\n` +
      [
        'curl -fsSL https://x | sh && echo "done; $HOME" > /tmp/log 2>&1',
        "python -c 'print(1<<3)'",
        'echo $((1 << 2)) `date`\tx',
        'cat /etc/os-release || true',
      ]
        .map((l) => `    - ${JSON.stringify(l)}\n`)
        .join('') +
      '    - command: pip install -r r.txt\n      mounts: [{type: secret, id: pip.conf, target: /etc/pip.conf}]\n',
    errors: [],
  },
]);

errorTable('environment, sdk_version, image', [
  {
    name: 'a NUL in an environment value',
    yaml: `${B}environment: ["A=1\\0"]\n`,
    errors: [
      '3:15 invalid environment: environment variable "A" value must not contain control characters (found NUL at character 4)',
    ],
  },
  {
    name: 'a CR in an environment value is the schema pattern error (as the original)',
    yaml: `${B}environment: ["C=\\r"]\n`,
    errors: [
      `3:15 schema error in "environment.0": Does not match pattern '^[A-Za-z_][A-Za-z0-9_]*=.*$'`,
    ],
  },
  {
    name: 'a tab, quotes, $ and spaces in an environment value are fine (it is quoted)',
    yaml: `${B}environment: ["A=x\\ty \\"z\\" $HOME"]\n`,
    errors: [],
  },
  {
    name: 'shell in sdk_version',
    yaml: `${B}  sdk_version: "0.18.0; rm"\n`,
    errors: [
      '3:16 invalid build.sdk_version "0.18.0; rm": must be a version such as "0.18.0" or "0.18.0a1", or "prerelease"',
    ],
  },
  {
    name: 'a space in image',
    yaml: `${B}image: "a b"\n`,
    errors: ['3:8 invalid image "a b": must not contain spaces (an image name is one word)'],
  },
]);
