/**
 * Cold start to first paint through `pvlab serve`: start the server as a fresh process on a new
 * database (as `npm start` does where Electron cannot run), wait for the URL it prints, and open it
 * in Debian's Chromium (already running, with a fresh profile each time). Printed: the server's
 * start-up time, the page's first contentful paint, the time until the lab's navigation shows, and
 * the total from spawning the server. Run: `node bench/first-paint.ts [rounds]`.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('..', import.meta.url));
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const rounds = Number(process.argv[2] ?? 5);

if (!existsSync(join(root, 'renderer/dist/index.html'))) {
  console.error('build the renderer first: npm run build:renderer');
  process.exit(1);
}

/** Start `pvlab serve` and resolve with its URL and the ms it took to print it. */
function startServe(db: string): Promise<{ url: string; ms: number; stop: () => void }> {
  const t0 = performance.now();
  const p = spawn(process.execPath, [join(root, 'core/cli/main.ts'), 'serve', '--port', '0', '--db', db, '--no-open'], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /serving at (\S+)/.exec(out);
      if (m) resolve({ url: m[1]!, ms: performance.now() - t0, stop: () => p.kill('SIGTERM') });
    });
    p.on('exit', (code) => reject(new Error(`pvlab serve exited (${code})`)));
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const results: { server: number; fcp: number; nav: number; total: number }[] = [];
for (let i = 0; i < rounds; i++) {
  const dir = mkdtempSync(join(tmpdir(), 'pvlab-paint-'));
  const browser = await chromium.launchPersistentContext(join(dir, 'profile'), { executablePath: '/usr/bin/chromium', headless: true, args: CHROMIUM_ARGS, viewport: { width: 1280, height: 800 } });
  const page = browser.pages()[0] ?? (await browser.newPage());
  await page.goto('about:blank');
  const t0 = performance.now();
  const serve = await startServe(join(dir, 'lab.db'));
  await page.goto(serve.url);
  await page.getByRole('navigation').waitFor();
  const total = performance.now() - t0;
  const timing = await page.evaluate(() => {
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN;
    return { fcp, nav: performance.now() };
  });
  results.push({ server: serve.ms, fcp: timing.fcp, nav: timing.nav, total });
  serve.stop();
  await browser.close();
  rmSync(dir, { recursive: true, force: true });
}
const row = (name: string, f: (r: (typeof results)[number]) => number) =>
  console.log(`  ${name.padEnd(42)} median ${median(results.map(f)).toFixed(0).padStart(5)} ms   (${results.map((r) => f(r).toFixed(0)).join(', ')})`);
console.log(`cold start to first paint through pvlab serve, ${rounds} rounds, fresh database each:`);
row('server start (spawn → URL printed)', (r) => r.server);
row('page: first contentful paint', (r) => r.fcp);
row('page: lab navigation shown (connected)', (r) => r.nav);
row('total: spawn → navigation shown', (r) => r.total);
