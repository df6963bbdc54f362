// ESLint flat config, at the repository root so editors find it. Besides type-aware basics it
// enforces the layers of DESIGN.md: only electron/ imports `electron`; the renderer imports only
// the model and the contract from core/; and each core/ folder lists the folders it may import
// (as VS Code's code-layering rule does), so a wrong arrow fails lint.
import tseslint from 'typescript-eslint';

const electronOnlyInShell = { name: 'electron', message: 'only electron/ may import electron (DESIGN.md, Architecture)' };

/** What each core/ folder may import from its sibling folders. */
const CORE_LAYERS = {
  model: [],
  contract: ['model'],
  catalog: ['model'],
  engine: ['model', 'catalog'],
  trace: ['model', 'catalog', 'engine'],
  store: ['model', 'catalog', 'engine', 'trace'],
  report: ['model', 'contract', 'catalog', 'engine', 'trace'],
  service: ['model', 'contract', 'catalog', 'engine', 'trace', 'store', 'report'],
  serve: ['model', 'contract', 'store', 'service', 'cli'],
  cli: ['model', 'contract', 'catalog', 'engine', 'trace', 'store', 'service', 'serve', 'report'],
};
const FOLDERS = Object.keys(CORE_LAYERS);

const coreLayerRules = Object.entries(CORE_LAYERS).map(([folder, allowed]) => ({
  files: [`core/${folder}/**/*.ts`],
  rules: {
    'no-restricted-imports': ['error', {
      paths: [electronOnlyInShell],
      patterns: [
        { group: ['**/renderer/**', '**/electron/**'], message: 'core/ must not depend on the UI or the shell' },
        ...FOLDERS.filter((f) => f !== folder && !allowed.includes(f)).map((f) => ({
          group: [`../${f}/*`, `../../core/${f}/*`],
          message: `core/${folder} may import only ${allowed.length ? allowed.map((a) => `core/${a}`).join(', ') : 'zod and itself'} (eslint.config.js, CORE_LAYERS)`,
        })),
      ],
    }],
  },
}));

export default tseslint.config(
  { ignores: ['**/node_modules/**', 'dist/**', 'renderer/dist/**', 'test-results/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [electronOnlyInShell] }],
    },
  },
  ...coreLayerRules,
  {
    files: ['electron/**/*.ts', 'electron/**/*.cts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [{ group: ['**/renderer/**'], message: 'the shell talks to the renderer only through the preload bridge' }],
      }],
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
          paths: [electronOnlyInShell],
          patterns: [
            { group: ['node:*', 'better-sqlite3', 'ws'], message: 'the renderer talks only to the typed API' },
            {
              group: ['**/core/*', '!**/core/model', '!**/core/contract'],
              message: 'the renderer may import only core/model and core/contract (types, schemas, pure helpers), never the engine, the store or the service',
            },
          ],
        },
      ],
    },
  },
);
