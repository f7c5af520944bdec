// Lint rules: typescript-eslint recommended, plus the one-way import rule between pipeline stages
// (cli → config → dockerfile → image; predict (host-side prediction) and weights sit below cli and
// may use config and image; runtime stands alone because it ships inside the image; colonies is a
// client library that knows no stage; src/contracts sits below all of them).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const stageImports = (stage, forbidden) => ({
  files: [`src/${stage}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: forbidden.map((f) => ({
          group: [`**/${f}/*`, `../${f}/*`],
          message: `src/${stage} must not import src/${f}`,
        })),
      },
    ],
  },
});

const STAGES = [
  'cli',
  'colonies',
  'config',
  'dockerfile',
  'image',
  'node-worker',
  'predict',
  'python-schema',
  'runtime',
  'ts-schema',
  'weights',
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'python/**', 'examples/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  stageImports('config', ['cli', 'dockerfile', 'image', 'predict', 'runtime', 'weights']),
  stageImports('dockerfile', ['cli', 'image', 'predict', 'runtime', 'weights']),
  stageImports('image', ['cli', 'predict', 'runtime', 'weights']),
  stageImports('predict', ['cli', 'runtime', 'weights']),
  stageImports('weights', ['cli', 'predict', 'runtime']),
  stageImports('runtime', ['cli', 'config', 'dockerfile', 'image', 'predict', 'weights']),
  stageImports('python-schema', [
    'cli',
    'config',
    'dockerfile',
    'image',
    'predict',
    'runtime',
    'weights',
  ]),
  stageImports('colonies', [
    'cli',
    'config',
    'dockerfile',
    'image',
    'predict',
    'runtime',
    'weights',
  ]),
  // Inside src/cli, commands import actions (lazily) and the types actions own; an action never
  // imports a command. Checked for the prediction actions, which follow it; the others still
  // take their options type from their command.
  {
    files: [
      'src/cli/actions/run-action.ts',
      'src/cli/actions/train-action.ts',
      'src/cli/actions/prediction-*.ts',
      'src/cli/actions/local-prediction.ts',
      'src/cli/actions/remote-prediction.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [{ group: ['../commands/*'], message: 'an action must not import a command' }],
        },
      ],
    },
  },
  // The Node worker ships inside the image beside the runtime; it may use the runtime's
  // protocol modules (frames, message types) and the SDK, nothing of the CLI stages.
  stageImports('node-worker', ['cli', 'config', 'dockerfile', 'image', 'predict', 'weights']),
  // The wire contracts (envelope, OpenAPI document, MIME table) are the one home both the CLI
  // stages and the runtime import: they import no stage and do no I/O.
  {
    files: ['src/contracts/**/*.ts'],
    ignores: ['src/contracts/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            ...STAGES.map((f) => ({
              group: [`**/${f}/*`, `../${f}/*`],
              message: `src/contracts must not import src/${f}`,
            })),
            {
              group: ['node:*', '!node:path'],
              message: 'src/contracts is pure: no I/O modules (node:path only)',
            },
          ],
        },
      ],
    },
  },
);
