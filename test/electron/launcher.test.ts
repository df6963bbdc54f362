import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findElectronBinary } from '../../electron/launcher.ts';
import { isStale } from '../../core/serve/stale.ts';

const base = mkdtempSync(join(tmpdir(), 'pvlab-launcher-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** A node_modules/electron folder as npm installs it, with or without the downloaded binary. */
function electronPackage(name: string, opts: { pathTxt?: string; binary?: boolean }) {
  const dir = join(base, name, 'node_modules', 'electron');
  mkdirSync(join(dir, 'dist'), { recursive: true });
  writeFileSync(join(dir, 'index.js'), 'throw new Error("requiring electron would download it")');
  if (opts.pathTxt !== undefined) writeFileSync(join(dir, 'path.txt'), opts.pathTxt);
  if (opts.binary) writeFileSync(join(dir, 'dist', opts.pathTxt ?? 'electron'), '');
  return { dir, resolve: () => join(dir, 'index.js') };
}

describe('finding the Electron binary without downloading it', () => {
  it('finds the binary path.txt names under dist/', () => {
    const pkg = electronPackage('ok', { pathTxt: 'electron', binary: true });
    expect(findElectronBinary(pkg.resolve, {})).toEqual({ ok: true, path: join(pkg.dir, 'dist', 'electron') });
  });

  it('says the binary was never downloaded, and how to get it, when path.txt is missing', () => {
    const pkg = electronPackage('never', {});
    const r = findElectronBinary(pkg.resolve, {});
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.why).toMatch(/never downloaded.*install\.js/);
  });

  it('says the binary is missing when path.txt names a file that is not there', () => {
    const r = findElectronBinary(electronPackage('gone', { pathTxt: 'electron' }).resolve, {});
    expect(r).toMatchObject({ ok: false, why: expect.stringContaining('is missing') });
  });

  it('says the package is not installed when it cannot be resolved', () => {
    const r = findElectronBinary(() => {
      throw new Error('Cannot find module');
    }, {});
    expect(r).toMatchObject({ ok: false, why: expect.stringContaining('not installed') });
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH as the electron package does', () => {
    const pkg = electronPackage('override', { pathTxt: 'electron' });
    const dist = join(base, 'custom-dist');
    mkdirSync(dist);
    writeFileSync(join(dist, 'electron'), '');
    expect(findElectronBinary(pkg.resolve, { ELECTRON_OVERRIDE_DIST_PATH: dist })).toEqual({ ok: true, path: join(dist, 'electron') });
  });
});

describe('deciding what to rebuild', () => {
  it('rebuilds when the output is missing or older than a source', () => {
    const src = join(base, 'src');
    mkdirSync(join(src, 'dist'), { recursive: true });
    writeFileSync(join(src, 'a.ts'), '');
    writeFileSync(join(src, 'dist', 'ignored.ts'), '');
    const out = join(base, 'out.js');
    expect(isStale(out, [src], /\.ts$/)).toBe(true);
    writeFileSync(out, '');
    const past = new Date(Date.now() - 60_000);
    utimesSync(join(src, 'a.ts'), past, past);
    utimesSync(join(src, 'dist', 'ignored.ts'), new Date(), new Date(Date.now() + 60_000));
    expect(isStale(out, [src], /\.ts$/)).toBe(false);
    utimesSync(join(src, 'a.ts'), new Date(), new Date(Date.now() + 60_000));
    expect(isStale(out, [src], /\.ts$/)).toBe(true);
  });
});
