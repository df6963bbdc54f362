/**
 * End-to-end harness: the real app in Debian's Chromium, driven by Playwright, against a fresh
 * lab. `openLab()` makes a temp database, a LabService with run workers, `pvlab serve`'s server on
 * a free port serving the renderer built by global-setup.ts, and a headless Chromium with a fresh
 * profile on the page. Always `await lab.close()` (in afterAll/afterEach, or try/finally).
 *
 *   const lab = await openLab({ route: 'scenarios' });
 *   await lab.page.getByRole('link', { name: 'Runs' }).click();
 *   await lab.shot('runs-empty');              // test-results/screenshots/runs-empty.png
 *   expect(lab.consoleErrors).toEqual([]);
 *   await lab.close();
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type BrowserContext, type Page, chromium } from 'playwright-core';
import { inject } from 'vitest';
import { LabService } from '../../core/service/service.ts';
import { type RunningServer, startServer } from '../../core/serve/server.ts';
import { buildRenderer } from '../../core/serve/renderer.ts';
import { type LabStore } from '../../core/store/index.ts';
import { openLabStore } from '../../core/store/open.ts';
import type {} from './global-setup.ts';

const ROOT = resolve(new URL('../..', import.meta.url).pathname);
/** Where `shot(name)` writes: test-results/screenshots/<name>.png (git-ignored). */
export const SCREENSHOTS = join(ROOT, 'test-results', 'screenshots');
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface OpenLabOptions {
  /** The hash route to open first: 'runs', '/runs/3', '#/compare?runs=1,2' (default: the start page). `null` opens no page. */
  route?: string | null;
  /** The browser's locale: navigator.language and Accept-Language (default 'en-US'; 'sv-SE' for Swedish). */
  locale?: string;
  viewport?: { width: number; height: number };
  /** Run engines in the service's thread instead of worker threads (default: workers, as in the app). */
  inline?: boolean;
}

export interface Lab {
  page: Page;
  context: BrowserContext;
  /** The page URL with the token: `http://127.0.0.1:<port>/?token=…` (no hash). */
  url: string;
  /** `http://127.0.0.1:<port>` */
  origin: string;
  server: RunningServer;
  /** The lab's service: set up data directly (`await lab.service.call('runs.start', …)`) or check what the UI did. */
  service: LabService;
  store: LabStore;
  /** Console errors and uncaught page errors so far, as text; a clean page leaves it empty. */
  consoleErrors: string[];
  /** Open a hash route (see `routeUrl`) and wait until the app shows its navigation or an error. */
  goto(route?: string): Promise<void>;
  /** A full-page screenshot at test-results/screenshots/<name>.png; returns the path. */
  shot(name: string): Promise<string>;
  /** Close the browser, the server, the service and the database, and remove the temp folders. */
  close(): Promise<void>;
}

/** `url` (with its token) and a hash route: routeUrl(u, 'runs/3') → `u#/runs/3`. */
export function routeUrl(url: string, route = ''): string {
  const base = url.split('#')[0]!;
  const path = route.replace(/^#?\/?/, '');
  return `${base}#/${path}`;
}

let fallback: Promise<string> | undefined;

/** The built renderer of this test run (from global-setup.ts; built here when run without it). */
export async function rendererDir(): Promise<string> {
  const provided = inject('pvlabRenderer');
  if (provided?.error) throw new Error(`The renderer did not build, so no end-to-end test can run:\n${provided.error}`);
  if (provided?.dir) return provided.dir;
  fallback ??= buildRenderer({ outDir: mkdtempSync(join(tmpdir(), 'pvlab-renderer-')) });
  return fallback;
}

/** Wait until the app has connected (its navigation shows) or says why it could not (an alert). */
export async function waitForApp(page: Page): Promise<void> {
  await page.locator('nav, [role="alert"]').first().waitFor({ state: 'visible' });
}

export async function openLab(opts: OpenLabOptions = {}): Promise<Lab> {
  const staticDir = await rendererDir();
  const dir = mkdtempSync(join(tmpdir(), 'pvlab-e2e-'));
  const store = openLabStore(join(dir, 'lab.db'));
  const service = new LabService(store, { warm: !opts.inline, inline: opts.inline ?? false });
  const cleanups: (() => Promise<void> | void)[] = [
    () => rmSync(dir, { recursive: true, force: true }),
    () => store.close(),
    () => service.idle(),
    () => service.close(),
  ];
  const cleanup = async () => {
    const errors: unknown[] = [];
    for (const f of cleanups.reverse()) {
      try {
        await f();
      } catch (e) {
        errors.push(e);
      }
    }
    cleanups.length = 0;
    if (errors.length) throw errors[0];
  };
  try {
    const server = await startServer({ service, port: 0, staticDir, host: '127.0.0.1' });
    cleanups.push(() => server.close());
    const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: opts.viewport ?? { width: 1280, height: 800 },
      locale: opts.locale ?? 'en-US',
    });
    cleanups.push(() => context.close());
    const page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(15_000);
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') consoleErrors.push(`console: ${m.text()}${m.location().url ? ` (${m.location().url})` : ''}`);
    });
    page.on('pageerror', (e) => consoleErrors.push(`pageerror: ${e.message}`));
    const lab: Lab = {
      page, context, url: server.url, origin: server.origin, server, service, store, consoleErrors,
      async goto(route = '') {
        await page.goto(routeUrl(server.url, route));
        await waitForApp(page);
        // A hash change keeps the document: wait until the app has rendered the new route
        const path = route.replace(/^#?\/?/, '').split('?')[0]!.split('/').filter(Boolean).map(decodeURIComponent).join('/');
        if (await page.locator('main[data-route]').count()) await page.locator(`main[data-route=${JSON.stringify(path || 'start')}]`).waitFor();
      },
      async shot(name) {
        mkdirSync(SCREENSHOTS, { recursive: true });
        const path = join(SCREENSHOTS, `${name.replace(/[^\w.-]+/g, '_')}.png`);
        await page.screenshot({ path, fullPage: true });
        return path;
      },
      close: cleanup,
    };
    if (opts.route !== null) await lab.goto(opts.route ?? '');
    return lab;
  } catch (e) {
    await cleanup().catch(() => {});
    throw e;
  }
}
