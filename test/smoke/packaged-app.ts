/**
 * Smoke test of a packaged PV Lab, run by the release workflow on each OS after electron-builder
 * (it needs the real Electron binary, so it is not part of `npm test`):
 *
 *   node test/smoke/packaged-app.ts release/linux-unpacked/pvlab
 *   node test/smoke/packaged-app.ts "release/mac-arm64/PV Lab.app/Contents/MacOS/PV Lab"
 *   node test/smoke/packaged-app.ts "release/win-unpacked/PV Lab.exe"
 *
 * It checks that the shipped binary has its fuses burnt (electron-builder.yml), then launches a copy
 * whose --inspect fuse is turned back on: Playwright's Electron support drives the app through the
 * Node inspector, which the shipped binary refuses. The app archive is the shipped one. On a fresh
 * database the lab opens from app://, the page has no Node and only the preload's functions, and
 * the first lesson runs to its figures. A screenshot goes to test-results/smoke/.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { FuseState, FuseV1Options, FuseVersion, flipFuses, getCurrentFuseWire } from '@electron/fuses';
import { _electron } from 'playwright-core';

const TIMEOUT_MS = 180_000;
const shipped = resolve(process.argv[2] ?? '');
if (!process.argv[2]) {
  process.stderr.write('usage: node test/smoke/packaged-app.ts <the packaged app executable>\n');
  process.exit(2);
}
const say = (line: string) => process.stdout.write(`smoke: ${line}\n`);

/** The folder to copy: the .app bundle on macOS, the executable's folder elsewhere. */
function appRoot(exe: string): string {
  const at = exe.lastIndexOf('.app/');
  return at >= 0 ? exe.slice(0, at + 4) : dirname(exe);
}

async function expectFusesBurnt(exe: string): Promise<void> {
  const wire = await getCurrentFuseWire(exe);
  const on = (fuse: FuseV1Options) => wire[fuse] === FuseState.ENABLE;
  const wrong = [
    on(FuseV1Options.RunAsNode) && 'RunAsNode is on',
    on(FuseV1Options.EnableNodeOptionsEnvironmentVariable) && 'NODE_OPTIONS is honoured',
    on(FuseV1Options.EnableNodeCliInspectArguments) && '--inspect is honoured',
    !on(FuseV1Options.EnableEmbeddedAsarIntegrityValidation) && 'asar integrity is off',
    !on(FuseV1Options.OnlyLoadAppFromAsar) && 'the app may load from outside the asar',
  ].filter(Boolean);
  if (wrong.length > 0) throw new Error(`the shipped binary's fuses are not burnt: ${wrong.join(', ')}`);
  say('the shipped binary has its fuses burnt');
}

async function main(): Promise<void> {
  await expectFusesBurnt(shipped);
  const work = mkdtempSync(join(tmpdir(), 'pvlab-smoke-'));
  const root = appRoot(shipped);
  const copy = join(work, basename(root));
  cpSync(root, copy, { recursive: true, verbatimSymlinks: true });
  const exe = join(copy, relative(root, shipped));
  await flipFuses(exe, { version: FuseVersion.V1, [FuseV1Options.EnableNodeCliInspectArguments]: true, resetAdHocDarwinSignature: process.platform === 'darwin' });

  const shots = resolve('test-results', 'smoke');
  mkdirSync(shots, { recursive: true });
  const app = await _electron.launch({ executablePath: exe, env: { ...process.env, PVLAB_DB: join(work, 'lab.db') }, timeout: 60_000 });
  const errors: string[] = [];
  try {
    const page = await app.firstWindow();
    page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
    page.on('pageerror', (e) => void errors.push(e.message));
    page.on('dialog', (d) => void d.accept()); // a long lesson asks before it runs
    page.setDefaultTimeout(60_000);
    if (!page.url().startsWith('app://pvlab/')) throw new Error(`the window shows ${page.url()}, not app://pvlab/`);
    await page.getByRole('navigation').waitFor();
    say(`the lab opened (${page.url()})`);

    const isolation = await page.evaluate(() => ({
      require: typeof (globalThis as { require?: unknown }).require,
      process: typeof (globalThis as { process?: unknown }).process,
      bridge: Object.keys((globalThis as { pvlab?: object }).pvlab ?? {}).sort(),
    }));
    if (isolation.require !== 'undefined' || isolation.process !== 'undefined') throw new Error(`the page reaches Node: ${JSON.stringify(isolation)}`);
    say(`the page has no Node; its bridge: ${isolation.bridge.join(', ')}`);

    await page.getByRole('heading', { name: 'Lessons' }).waitFor();
    const run = page.getByRole('button', { name: /^Run lesson “/ }).first();
    say(`running ${await run.getAttribute('aria-label')}`);
    await run.click();
    await page.waitForURL(/#\/runs\/\d+$/);
    await page.getByRole('heading', { name: 'Headline figures per guest' }).waitFor({ timeout: TIMEOUT_MS });
    await page.screenshot({ path: join(shots, `${process.platform}-${process.arch}.png`), fullPage: true });
    say(`the lesson ran: ${page.url()}`);
    if (errors.length > 0) throw new Error(`the page logged errors:\n${errors.join('\n')}`);
  } catch (e) {
    const page = app.windows()[0];
    if (page) await page.screenshot({ path: join(shots, `${process.platform}-${process.arch}-failed.png`) }).catch(() => undefined);
    throw e;
  } finally {
    await app.close().catch(() => undefined);
    rmSync(work, { recursive: true, force: true, maxRetries: 5 });
  }
}

const timer = setTimeout(() => {
  process.stderr.write(`smoke: no result after ${TIMEOUT_MS * 2} ms\n`);
  process.exit(1);
}, TIMEOUT_MS * 2);
main().then(
  () => {
    clearTimeout(timer);
    say('passed');
  },
  (e: unknown) => {
    process.stderr.write(`smoke: FAILED: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
