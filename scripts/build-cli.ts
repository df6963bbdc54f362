/**
 * Bundles the `pvlab` command line with Rolldown (part of `npm run build`): dist/core/cli/pvlab.js
 * and the threads it starts by file (runs, replay, verification jobs) as entries of their own beside
 * it, with the code they share in chunks. A listing command then loads two dozen files instead of
 * ~180 modules. The commands' dynamic imports stay split, so a listing command loads
 * neither the engine nor reports. The chunks sit in the same folder as the entries: the thread
 * files are found next to `import.meta.url`, and package.json and migrations/ two folders up.
 * better-sqlite3 (native) and ws stay in node_modules; vite and playwright-core are only loaded
 * to build the renderer and print PDFs. dist/core/cli is not packed into the desktop app
 * (electron-builder.yml), which runs its own tsc-compiled core.
 * Usage: node scripts/build-cli.ts [outDir]   (default dist/core/cli)
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';
import { builtinsWithoutFacades, lazyBuiltins } from './lazy-builtins.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const outDir = process.argv[2] ?? join(root, 'dist', 'core', 'cli');

/** The entries: `pvlab` and the worker threads, named as core/service starts them (`./worker.js`, …). */
const CLI_ENTRIES = {
  pvlab: 'core/cli/bin.ts',
  worker: 'core/service/worker.ts',
  'replay-worker': 'core/service/replay-worker.ts',
  'job-worker': 'core/service/job-worker.ts',
} as const;

// an earlier bundle's chunks (their names carry a hash) must not pile up
if (existsSync(outDir)) for (const f of readdirSync(outDir, { withFileTypes: true }).filter((e) => e.isFile() && /^pvlab-.*\.js(\.map)?$/.test(e.name))) rmSync(join(outDir, f.name));

// the bundle opens labs knowing the fingerprint of the built-in catalog it holds (core/catalog/index.ts)
const { builtInFingerprint } = await import('../core/catalog/index.ts');

const started = performance.now();
const out = await build({
  cwd: root,
  input: Object.fromEntries(Object.entries(CLI_ENTRIES).map(([name, file]) => [name, join(root, file)])),
  platform: 'node',
  plugins: [lazyBuiltins(), builtinsWithoutFacades()],
  external: [/^node:/, 'better-sqlite3', 'ws', 'vite', 'playwright-core'],
  logLevel: 'warn',
  transform: { define: { __PVLAB_BUILTIN_FINGERPRINT__: JSON.stringify(builtInFingerprint()) } },
  output: {
    dir: outDir,
    format: 'esm',
    entryFileNames: '[name].js',
    chunkFileNames: 'pvlab-[name]-[hash].js',
    sourcemap: true,
  },
});
const files = out.output.filter((o) => o.type === 'chunk');
console.log(`bundled the CLI into ${files.length} files in ${outDir} (${(performance.now() - started).toFixed(0)} ms)`);
