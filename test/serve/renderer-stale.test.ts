import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { rendererIsStale } from '../../core/serve/renderer.ts';

/**
 * `pvlab serve` (and `npm start` without Electron) in a checkout rebuilds renderer/dist when its
 * sources or the core it bundles changed since the build: a page built before an update refuses
 * the new service's replies ("did not match the contract").
 */
describe('a built renderer older than its sources', () => {
  let root = '';
  afterEach(() => root && rmSync(root, { recursive: true, force: true }));

  const layout = () => {
    root = mkdtempSync(join(tmpdir(), 'pvlab-stale-'));
    const file = (p: string, secondsAgo: number) => {
      const f = join(root, p);
      mkdirSync(join(f, '..'), { recursive: true });
      writeFileSync(f, 'x');
      const t = Date.now() / 1000 - secondsAgo;
      utimesSync(f, t, t);
      return f;
    };
    file('renderer/vite.config.ts', 300);
    file('renderer/src/App.tsx', 300);
    file('core/model/scenario.ts', 300);
    file('renderer/dist/index.html', 100);
    return { paths: { source: join(root, 'renderer'), dist: join(root, 'renderer', 'dist') }, file };
  };

  it('is fresh when every source is older than the build', () => {
    const { paths, file } = layout();
    file('renderer/dist/assets/index.js', 0); // built output does not count
    file('renderer/node_modules/x/index.ts', 0); // nor dependencies
    expect(rendererIsStale(paths)).toBe(false);
  });

  it('is stale when a renderer source or a core source is newer', () => {
    const a = layout();
    a.file('renderer/src/i18n/sv/scenario.json', 10);
    expect(rendererIsStale(a.paths)).toBe(true);
    rmSync(root, { recursive: true, force: true });
    const b = layout();
    b.file('core/contract/methods.ts', 10);
    expect(rendererIsStale(b.paths)).toBe(true);
  });

  it('counts a missing build as stale', () => {
    const { paths } = layout();
    rmSync(join(root, 'renderer', 'dist'), { recursive: true });
    expect(rendererIsStale(paths)).toBe(true);
  });

  it('is never stale where there are no sources (an installed package)', () => {
    const { paths } = layout();
    rmSync(join(root, 'renderer', 'vite.config.ts'));
    expect(rendererIsStale(paths)).toBe(false);
  });
});
