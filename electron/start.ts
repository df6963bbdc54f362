/**
 * `npm start`. Builds what is out of date (the renderer with Vite, the shell and core with tsc into
 * dist/), then opens the desktop window when the Electron binary is on this machine. Where it is not
 * (the build machines cannot download it), it says so plainly and serves the same app to a browser
 * with `pvlab serve`, which prints the URL to open. `npm start -- --browser` serves even where
 * Electron runs; other arguments after `--` go to `pvlab serve`.
 */
import { type SpawnOptions, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './launcher.ts';
import { rendererIsStale, rendererPaths } from '../core/serve/renderer.ts';
import { isStale } from '../core/serve/stale.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const at = (...p: string[]) => path.join(root, ...p);
const say = (text: string) => process.stderr.write(`${text}\n`);

/** The entry the package's "main" field must name; electron-builder.yml names the same file. */
const ELECTRON_MAIN = 'dist/electron/main.js';

/** Run a Node script to completion with the terminal attached; stop `npm start` if it fails. */
function runNode(what: string, script: string, args: string[]): void {
  say(`PV Lab: ${what}…`);
  const r = spawnSync(process.execPath, [script, ...args], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) {
    say(`PV Lab: ${what} failed${r.error ? `: ${r.error.message}` : ''}. Fix the errors above and run npm start again.`);
    process.exit(r.status ?? 1);
  }
}

function buildRenderer(): void {
  // the same rule as pvlab serve's: the renderer and the core's contract and model it bundles
  if (!rendererIsStale(rendererPaths(root))) return;
  const vite = path.join(path.dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  runNode('building the pages (vite build renderer)', vite, ['build', 'renderer']);
}

function buildShell(): void {
  if (!isStale(at(ELECTRON_MAIN), [at('electron'), at('core')], /\.c?ts$/)) return;
  const tsc = path.join(path.dirname(require.resolve('typescript/package.json')), 'bin', 'tsc');
  runNode('compiling the desktop shell (tsc -p electron/tsconfig.build.json)', tsc, ['-p', at('electron', 'tsconfig.build.json')]);
}

/** Start a long-running child with the terminal attached, pass Ctrl-C on, and exit with its status. */
function handOver(command: string, args: string[], options: SpawnOptions): void {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit', ...options });
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
  child.on('error', (e) => {
    say(`PV Lab: could not start ${command}: ${e.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

function serveInBrowser(args: string[]): void {
  say('PV Lab: serving the app to your browser instead (pvlab serve). Open the URL it prints below.\n');
  handOver(process.execPath, [at('core', 'cli', 'main.ts'), 'serve', ...args], {});
}

function openDesktop(electron: string): void {
  buildShell();
  const pkg = JSON.parse(readFileSync(at('package.json'), 'utf8')) as { main?: string };
  // Electron reads the app's name, version and entry from package.json when given the folder.
  const target = pkg.main === ELECTRON_MAIN ? root : at(ELECTRON_MAIN);
  if (target !== root) say(`PV Lab: package.json should have "main": "${ELECTRON_MAIN}"; starting that file directly.`);
  const env = { ...process.env };
  // Set by some tools; it would make the binary behave as plain Node instead of opening a window.
  delete env.ELECTRON_RUN_AS_NODE;
  handOver(electron, [target], { env });
}

const args = process.argv.slice(2);
const browser = args.includes('--browser');
const serveArgs = args.filter((a) => a !== '--browser');

buildRenderer();
const electron = findElectronBinary((id) => require.resolve(id));
if (browser) {
  serveInBrowser(serveArgs);
} else if (electron.ok) {
  openDesktop(electron.path);
} else {
  say(`PV Lab: the desktop window cannot open on this machine: ${electron.why}.`);
  serveInBrowser(serveArgs);
}
