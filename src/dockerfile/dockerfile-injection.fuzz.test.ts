// Fuzz target (issue 7, item 1): a hostile string in any of 16 string fields of cog.yaml, on a
// CPU or a GPU config, is either refused by the config stage (or the planner, with a
// CogError), or yields a Dockerfile with exactly the instructions of the same config with the
// benign value in that field: no value can add, split or swallow an instruction. Replay a
// failure with the COG_FUZZ_* line it prints.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stringify } from 'yaml';
import { CogError } from '../cog-error.ts';
import { parseConfig } from '../config/index.ts';
import { Random, fuzz, fuzzBudget } from '../testing/fuzz.ts';
import { dockerfileInstructions } from './dockerfile-instructions.test-support.ts';
import { generateDockerfile } from './generate-dockerfile.ts';
import { planBuild } from './plan-build.ts';
import { memoryReader } from './plan-reader.ts';

type Path = Array<string | number>;

/**
 * A config that uses every string field that can reach the Dockerfile; with `gpu` the base is
 * nvidia/cuda, where the Python version also goes into `uv python install`.
 */
function template(gpu: boolean): Record<string, unknown> {
  return {
    build: {
      gpu,
      cuda: '12.4',
      cudnn: '9',
      python_version: '3.12',
      system_packages: ['ffmpeg', 'git'],
      python_packages: ['requests', 'numpy==1.26.0'],
      run: [
        'echo hi',
        {
          command: 'pip install -r r.txt',
          mounts: [{ type: 'secret', id: 'pip', target: '/etc/pip.conf' }],
        },
      ],
      pre_install: ['echo pre'],
      sdk_version: '0.18.0',
    },
    run: 'predict.py:Predictor',
    train: 'train.py:Trainer',
    environment: ['A=1', 'B=2'],
    image: 'my-image',
  };
}

const FIELDS: Path[] = [
  ['build', 'python_version'],
  ['build', 'system_packages', 0],
  ['build', 'python_packages', 0],
  ['build', 'run', 0],
  ['build', 'run', 1, 'command'],
  ['build', 'run', 1, 'mounts', 0, 'id'],
  ['build', 'run', 1, 'mounts', 0, 'target'],
  ['build', 'pre_install', 0],
  ['build', 'sdk_version'],
  ['build', 'cuda'],
  ['build', 'cudnn'],
  ['run'],
  ['train'],
  ['environment', 0],
  ['environment', 1],
  ['image'],
];

const PAYLOADS = [
  '\nRUN echo INJECTED',
  '\r\nRUN echo INJECTED',
  '\rRUN echo INJECTED',
  '\0',
  '\u2028RUN x',
  '\u0085',
  '\\',
  ' \\',
  ' <<EOF',
  '"<<EOF"',
  '1<<-X',
  ' && echo X',
  '; echo X',
  '$(id)',
  '`id`',
  '"',
  "'",
  ',target=/x',
  ' --mount=type=bind,target=/',
  '#',
  ' ',
  '\t',
  '=',
];

function setAt(root: Record<string, unknown>, path: Path, value: string): void {
  let node = root as Record<string | number, unknown>;
  for (const segment of path.slice(0, -1)) node = node[segment] as Record<string | number, unknown>;
  node[path.at(-1) as string | number] = value;
}

function getAt(root: Record<string, unknown>, path: Path): string {
  let node: unknown = root;
  for (const segment of path) node = (node as Record<string | number, unknown>)[segment];
  return node as string;
}

/** The benign value with random pieces of hostile text around or instead of it. */
function hostile(random: Random, benign: string): string {
  let value = random.bool(0.7) ? benign : '';
  const pieces = 1 + random.int(3);
  for (let i = 0; i < pieces; i++) {
    const piece = random.bool(0.6) ? random.pick(PAYLOADS) : random.string(1 + random.int(8));
    const at = random.int(value.length + 1);
    value = value.slice(0, at) + piece + value.slice(at);
  }
  return value;
}

/** The Dockerfile for a cog.yaml text, or undefined when the config or planner refuses it. */
function dockerfileFor(yamlText: string): string | undefined {
  const parsed = parseConfig(yamlText, 'cog.yaml');
  if (!parsed.ok) {
    for (const e of parsed.errors) {
      assert.match(e.code, /^CONFIG_/);
      assert.ok(e.position.line >= 1 && e.position.column >= 1, JSON.stringify(e.position));
    }
    return undefined;
  }
  try {
    return generateDockerfile(
      planBuild({
        config: parsed.config,
        projectDir: '/p',
        sdkWheel: { fileName: 'cog-0.22.0-py3-none-any.whl', version: '0.22.0' },
        reader: memoryReader({}),
      }),
    );
  } catch (error) {
    // A clean, typed refusal is fine; anything else is a crash.
    if (error instanceof CogError) return undefined;
    throw error;
  }
}

describe('Dockerfile instructions under hostile cog.yaml values', () => {
  const expected = [false, true].map((gpu) => {
    const baseline = dockerfileFor(stringify(template(gpu)));
    assert.ok(baseline !== undefined, `the template (gpu: ${gpu}) must build`);
    return dockerfileInstructions(baseline);
  });

  it('the benign templates have the instructions a reader expects', () => {
    for (const keywords of expected) {
      assert.equal(keywords[0], 'FROM');
      assert.ok(keywords.filter((k) => k === 'ENV').length >= 3);
      assert.ok(keywords.includes('CMD'));
    }
    assert.notDeepEqual(expected[0], expected[1]);
  });

  it('every hostile value is refused or leaves the instruction list as it was', async () => {
    let built = 0;
    const cases = await fuzz('dockerfile-injection', fuzzBudget(1500), (random) => {
      const gpu = random.bool(0.3);
      const config = template(gpu);
      const field = random.pick(FIELDS);
      const value = hostile(random, getAt(config, field));
      setAt(config, field, value);
      const dockerfile = dockerfileFor(stringify(config));
      if (dockerfile === undefined) return;
      built++;
      assert.deepEqual(
        dockerfileInstructions(dockerfile),
        expected[gpu ? 1 : 0],
        `${field.join('.')} = ${JSON.stringify(value)}\n${dockerfile}`,
      );
    });
    // The property must be exercised on accepted values too, not only on refusals.
    // (Not checked on a replay of a few cases.)
    if (cases >= 100)
      assert.ok(built > cases / 10, `only ${built} of ${cases} cases built a Dockerfile`);
  });
});

describe('dockerfileInstructions (the reader the fuzz target relies on)', () => {
  it('joins continuations, skips comments and blank lines', () => {
    assert.deepEqual(dockerfileInstructions('FROM a\n# c\n\nRUN a \\\n  b\nENV X=1'), [
      'FROM',
      'RUN',
      'ENV',
    ]);
  });
  it('counts a CR, a line separator or a swallowed line', () => {
    assert.deepEqual(dockerfileInstructions('RUN a\rRUN b\u2028ENV c'), ['RUN', 'RUN', 'ENV']);
    assert.deepEqual(dockerfileInstructions('RUN echo \\\nENV X=1\nCMD x'), ['RUN', 'CMD']);
  });
  it('skips heredoc bodies', () => {
    assert.deepEqual(dockerfileInstructions('RUN cat <<EOF\nENV X=1\nEOF\nCMD x'), ['RUN', 'CMD']);
    assert.deepEqual(dockerfileInstructions('RUN cat <<-"E"\nENV X\n\tE\nCMD x'), ['RUN', 'CMD']);
    assert.deepEqual(dockerfileInstructions('RUN echo $((1 << 2))\nCMD x'), ['RUN', 'CMD']);
  });
});
