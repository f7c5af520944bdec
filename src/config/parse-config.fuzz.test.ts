// Fuzz target (issue 7, item 3): random and mutated cog.yaml text never makes parseConfig
// throw (no RangeError from deep nesting, no TypeError from an odd node): it returns a config
// or config errors, each with a stable code and a file:line:column inside the text, and
// toCogError() can render them. Replay a failure with the COG_FUZZ_* line it prints.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { Random, fuzz, fuzzBudget } from '../testing/fuzz.ts';
import { toCogError } from './config-diagnostics.ts';
import { parseConfig } from './parse-config.ts';

const SEEDS = [
  'build:\n  python_version: "3.12"\n  gpu: true\n  system_packages:\n    - ffmpeg\n  python_packages: [torch==2.3.0, "numpy>=1.26"]\n  run:\n    - echo hi\n    - command: pip install x\n      mounts:\n        - type: secret\n          id: pip\n          target: /etc/pip.conf\nrun: predict.py:Predictor\nenvironment:\n  - A=1\nconcurrency:\n  max: 2\n',
  'build: {python_version: 3.11, cuda: "12.1", python_requirements: requirements.txt}\npredict: "predict.py:Predictor"\ntrain: train.py:Trainer\nimage: r8.im/a/b\n',
  'model: r8.im/a/b\nbuild:\n  python_version: "3.13"\nweights:\n  - name: w\n    target: /src/w\n    source:\n      uri: hf://a/b\n      include: ["*.bin"]\n',
  'a: &x [1, 2, {b: *x}]\nbuild:\n  <<: {python_version: "3.12"}\n  sdk_version: prerelease\n',
];

/** Fragments that stress the YAML grammar: indicators, anchors, tags, quotes, nesting. */
const FRAGMENTS = [
  ':',
  ': ',
  '- ',
  '-',
  '? ',
  '[',
  ']',
  '{',
  '}',
  ',',
  '&a ',
  '*a',
  '!!str ',
  '!!int ',
  '!!binary ',
  '!foo ',
  '"',
  "'",
  '|',
  '>-',
  '#',
  '---\n',
  '...\n',
  '%YAML 1.2\n',
  '\t',
  '\n',
  '\r\n',
  '\0',
  '\uFEFF',
  '\u2028',
  '__proto__: 1\n',
  'constructor: x\n',
  'build: ',
  'run: ',
  'environment: ',
];

function mutate(random: Random, text: string): string {
  const at = random.int(text.length + 1);
  switch (random.int(7)) {
    case 0:
      return text.slice(0, at) + random.pick(FRAGMENTS) + text.slice(at);
    case 1:
      return text.slice(0, at) + text.slice(at + 1 + random.int(10));
    case 2: {
      const piece = text.slice(at, at + 1 + random.int(40));
      return text.slice(0, at) + piece.repeat(2 + random.int(5)) + text.slice(at);
    }
    case 3:
      return text.slice(0, at) + random.string(1 + random.int(6)) + text.slice(at);
    case 4: {
      // Deep nesting: the case that used to end in "Maximum call stack size exceeded".
      const depth = random.pick([10, 63, 64, 65, 200, 2000]);
      const open = random.pick(['[', '{a: ', '- ']);
      const close = open === '[' ? ']' : open === '{a: ' ? '}' : '';
      return `${text.slice(0, at)}${open.repeat(depth)}x${close.repeat(depth)}${text.slice(at)}`;
    }
    case 5: {
      const lines = text.split('\n');
      const i = random.int(lines.length);
      lines[i] = ' '.repeat(random.int(6)) + (lines[i] ?? '').trimStart();
      return lines.join('\n');
    }
    default:
      return text.slice(0, at) + '\n' + ' '.repeat(random.int(8)) + text.slice(at);
  }
}

it('parseConfig returns a result for any text, never throws', async () => {
  await fuzz('parse-config', fuzzBudget(800), (random) => {
    let text = random.bool(0.1) ? random.string(random.int(200)) : random.pick(SEEDS);
    const mutations = 1 + random.int(6);
    for (let i = 0; i < mutations; i++) text = mutate(random, text);
    const result = parseConfig(text, 'cog.yaml');
    if (result.ok) return;
    assert.ok(result.errors.length > 0);
    const lines = text.split(/\r\n|\n|\r/).length;
    for (const e of result.errors) {
      assert.match(e.code, /^CONFIG_[A-Z_]+$/);
      assert.doesNotMatch(e.message, /call stack|Stack overflow|RangeError/i, e.message);
      assert.ok(e.position.line >= 1 && e.position.line <= lines + 1, JSON.stringify(e.position));
      assert.ok(e.position.column >= 1, JSON.stringify(e.position));
    }
    assert.ok(toCogError(result.errors).message.length > 0);
  });
});
