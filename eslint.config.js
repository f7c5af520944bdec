// Lint rules: typescript-eslint recommended, plus the one-way import rule between pipeline stages
// (cli → config → dockerfile → image; runtime stands alone because it ships inside the image).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const stageImports = (stage, forbidden) => ({
  files: [`src/${stage}/**/*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      { patterns: forbidden.map((f) => ({ group: [`**/${f}/*`, `../${f}/*`], message: `src/${stage} must not import src/${f}` })) },
    ],
  },
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'python/**', 'examples/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  stageImports('config', ['cli', 'dockerfile', 'image', 'runtime']),
  stageImports('dockerfile', ['cli', 'image', 'runtime']),
  stageImports('image', ['cli', 'runtime']),
  stageImports('runtime', ['cli', 'config', 'dockerfile', 'image']),
  stageImports('python-schema', ['cli', 'config', 'dockerfile', 'image', 'runtime']),
);
