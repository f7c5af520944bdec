// parseConfig table tests for `weights` (spec §1.4, §1.6 h, §1.7): exact texts at line:column.
import { B, errorTable } from './error-table.test-support.ts';

const W = B + 'model: r8.im/acme/m\nweights:\n';
errorTable('weights', [
  {
    name: 'single source object',
    yaml:
      W +
      '  - name: base\n    target: /src/weights\n    source: {uri: "hf://a/b", include: ["*.safetensors"]}\n',
    errors: [],
  },
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
    errors: [
      '5:5 schema error in "weights.0": name is required',
      '5:5 invalid weights[0].name: name is required',
    ],
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
    yaml:
      W +
      '  - {name: a, target: /w1, source: {uri: x}}\n  - {name: a, target: /w2, source: {uri: x}}\n',
    errors: ['6:12 invalid weights[1].name "a": duplicate weight name'],
  },
  {
    name: 'missing target',
    yaml: W + '  - {name: a, source: {uri: x}}\n',
    errors: [
      '5:5 schema error in "weights.0": target is required',
      '5:5 invalid weights[0].target: target is required',
    ],
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
    yaml:
      W +
      '  - {name: a, target: /w, source: {uri: x}}\n  - {name: b, target: /w/, source: {uri: x}}\n',
    errors: ['6:23 invalid weights[1].target "/w/": duplicate weight target'],
  },
  {
    name: 'nested targets overlap',
    yaml:
      W +
      '  - {name: a, target: /src/weights, source: {uri: x}}\n  - {name: b, target: /src/weights/lora, source: {uri: x}}\n',
    errors: [
      '6:23 invalid weights[1].target "/src/weights/lora": target overlaps with "/src/weights"; weight targets must be disjoint',
    ],
  },
  {
    name: 'a parent after its child also overlaps',
    yaml:
      W +
      '  - {name: a, target: /w/x, source: {uri: x}}\n  - {name: b, target: /w, source: {uri: x}}\n',
    errors: [
      '6:23 invalid weights[1].target "/w": target overlaps with "/w/x"; weight targets must be disjoint',
    ],
  },
  {
    name: 'sibling prefixes are disjoint',
    yaml:
      W +
      '  - {name: a, target: /w, source: {uri: x}}\n  - {name: b, target: /w2, source: {uri: x}}\n',
    errors: [],
  },
  {
    name: 'missing source',
    yaml: W + '  - {name: a, target: /w}\n',
    errors: [
      '5:5 schema error in "weights.0": source is required',
      '5:5 invalid weights[0].source: source is required',
    ],
  },
  {
    name: 'empty source list',
    yaml: W + '  - {name: a, target: /w, source: []}\n',
    errors: [
      '5:5 schema error in "weights.0": source is required',
      '5:5 invalid weights[0].source: source is required',
    ],
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
    yaml:
      W +
      '  - name: a\n    target: /w\n    source:\n      uri: x\n      include: ["", "!x", "a\\\\b"]\n',
    errors: [
      '9:17 invalid weights[0].source.include[0]: pattern must not be empty',
      `9:21 invalid weights[0].source.include[1] "!x": negation patterns (starting with '!') are not supported`,
      '9:27 invalid weights[0].source.include[2] "a\\b": patterns must use forward slashes, not backslashes',
    ],
  },
  {
    name: 'pattern problems on a multi-source entry name the source index',
    yaml:
      W +
      '  - name: a\n    target: /w\n    source:\n      - uri: x\n      - uri: y\n        exclude: ["  "]\n',
    errors: ['10:19 invalid weights[0].source[1].exclude[0]: pattern must not be empty'],
  },
]);
