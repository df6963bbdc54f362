// ESLint flat config. Besides type-aware basics it enforces the layers of DESIGN.md:
// core/ never imports renderer/ or electron/, and only electron/ may import `electron`.
import tseslint from 'typescript-eslint';

const electronOnlyInShell = {
  paths: [{ name: 'electron', message: 'only electron/ may import electron (DESIGN.md, Architecture)' }],
};

export default tseslint.config(
  { ignores: ['**/node_modules/**', 'dist/**', 'renderer/dist/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', electronOnlyInShell],
    },
  },
  {
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...electronOnlyInShell,
          patterns: [{ group: ['**/renderer/**', '**/electron/**'], message: 'core/ must not depend on the UI or the shell' }],
        },
      ],
    },
  },
  {
    files: ['core/engine/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'Math', property: 'random', message: 'the engine draws from its own seeded PRNG (core/engine/prng.ts)' },
        { object: 'Date', property: 'now', message: 'the engine never reads the clock' },
        { object: 'performance', property: 'now', message: 'the engine never reads the clock' },
      ],
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date']", message: 'the engine never reads the clock' }],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          ...electronOnlyInShell,
          patterns: [
            { group: ['node:*', 'better-sqlite3'], message: 'the renderer talks only to the typed API' },
            { group: ['**/core/engine/**', '**/core/store/**'], message: 'the renderer may import types and pure helpers from core/, never the engine or the store' },
          ],
        },
      ],
    },
  },
);
