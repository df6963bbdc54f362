/**
 * Packs the desktop app as a release does, without the Electron binary the build machines cannot
 * download: the shell and core compiled by tsc (electron/tsconfig.build.json; emitted with
 * --noCheck, as type errors are `npm run typecheck`'s to report), the renderer built by Vite, then
 * `electron-builder --linux --dir` with `electronDist` pointing at a stub folder (a file named
 * `electron` that carries a fuse wire, so the fuse step has something to flip). Everything happens
 * in a temp folder, never in the checkout's dist/ or release/, which others may be using.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const ROOT = new URL('../..', import.meta.url).pathname;
const require = createRequire(import.meta.url);

/**
 * Electron's fuse wire as it ships (fuses.md): run-as-node on, cookie encryption off, NODE_OPTIONS on,
 * --inspect on, asar integrity off, only-from-asar off, browser V8 snapshot off, file:// privileges
 * on, WebAssembly trap handlers on. Version 1, nine fuses, '1' = enabled and '0' = disabled.
 */
export const SHIPPED_FUSES = '101100011';
/** Where @electron/fuses finds the wire: right after this marker (its constants.ts; not exported). */
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';

export interface Packed {
  /** The temp folder holding the staged app and the output. */
  dir: string;
  /** release/linux-unpacked */
  unpacked: string;
  /** release/linux-unpacked/resources/app.asar */
  asar: string;
  /** What each step took, ms. */
  timings: { compile: number; builder: number };
  /** electron-builder's output, for failure messages. */
  log: string;
  done(): void;
}

function run(command: string, args: string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, FORCE_COLOR: '0' } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${[command, ...args].join(' ')} exited with ${code}:\n${out.slice(-6000)}`))));
  });
}

/** A stand-in for the Electron binary: any executable named `electron`, with a fuse wire in it. */
function stubElectron(dir: string): string {
  mkdirSync(dir);
  writeFileSync(join(dir, 'electron'), `#!/bin/sh\necho "a stub of Electron for packaging tests"\nexit 1\n# ${SENTINEL}\u0001\u0009${SHIPPED_FUSES}\n`, { mode: 0o755 });
  return dir;
}

/** Stage the app in a temp folder and pack it for Linux x64 with electron-builder's `--dir` target. */
export async function packApp(rendererDir: string): Promise<Packed> {
  const dir = mkdtempSync(join(tmpdir(), 'pvlab-pack-'));
  const stage = join(dir, 'app');
  mkdirSync(stage);
  try {
    const t0 = performance.now();
    await run(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(ROOT, 'electron', 'tsconfig.build.json'), '--outDir', join(stage, 'dist'), '--noCheck'], ROOT);
    const t1 = performance.now();
    for (const file of ['package.json', 'package-lock.json', 'electron-builder.yml']) cpSync(join(ROOT, file), join(stage, file));
    cpSync(join(ROOT, 'migrations'), join(stage, 'migrations'), { recursive: true });
    cpSync(join(ROOT, 'electron', 'resources'), join(stage, 'electron', 'resources'), { recursive: true });
    cpSync(rendererDir, join(stage, 'renderer', 'dist'), { recursive: true });
    // electron-builder collects the production dependencies from the project's node_modules
    symlinkSync(join(ROOT, 'node_modules'), join(stage, 'node_modules'), 'dir');
    const electronDist = stubElectron(join(dir, 'electron-stub'));
    const log = await run(process.execPath, [
      require.resolve('electron-builder/cli.js'), '--linux', '--dir', '--x64', '--publish', 'never',
      `-c.electronDist=${electronDist}`, `-c.directories.output=${join(dir, 'release')}`,
    ], stage);
    const t2 = performance.now();
    const unpacked = join(dir, 'release', 'linux-unpacked');
    return {
      dir, unpacked, asar: join(unpacked, 'resources', 'app.asar'), log,
      timings: { compile: t1 - t0, builder: t2 - t1 },
      done: () => rmSync(dir, { recursive: true, force: true }),
    };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

/** The lockfile's view of a package: whether only development needs it. */
export function devOnlyPackages(): { dev: Set<string>; prod: Set<string> } {
  const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean; devOptional?: boolean }> };
  const dev = new Set<string>();
  const prod = new Set<string>();
  for (const [key, entry] of Object.entries(lock.packages)) {
    const name = key.split('node_modules/').at(-1);
    if (!key || !name) continue;
    (entry.dev || entry.devOptional ? dev : prod).add(name);
  }
  for (const name of prod) dev.delete(name);
  return { dev, prod };
}
