import * as path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isInside, resolveAssetPath } from '../../electron/asset-path.ts';

const root = '/opt/pvlab/renderer/dist';

describe('which file an app:// path names', () => {
  it('maps asset paths under the renderer folder, and / to index.html', () => {
    expect(resolveAssetPath(root, '/assets/index-3f9a.js')).toEqual({ ok: true, file: `${root}/assets/index-3f9a.js` });
    expect(resolveAssetPath(root, '/')).toEqual({ ok: true, file: `${root}/index.html` });
    expect(resolveAssetPath(root, '/fonts/Inter%20Var.woff2')).toEqual({ ok: true, file: `${root}/fonts/Inter Var.woff2` });
  });

  it('keeps an absolute-looking path inside the folder', () => {
    expect(resolveAssetPath(root, '//etc/passwd')).toEqual({ ok: true, file: `${root}/etc/passwd` });
  });

  it.each([
    ['plain dot-dot', '/../../etc/passwd'],
    ['dot-dot inside', '/assets/../../secret.txt'],
    ['encoded dot-dot', '/%2e%2e/%2e%2e/etc/passwd'],
    ['upper-case encoded dot-dot', '/%2E%2E/secret.txt'],
    ['encoded slash', '/assets/..%2f..%2fsecret.txt'],
    ['encoded backslash', '/..%5c..%5cwindows%5cwin.ini'],
    ['double encoding', '/%252e%252e/%252e%252e/etc/passwd'],
    ['a drive letter', '/C:/Windows/win.ini'],
    ['a NUL byte', '/index.html%00.png'],
    ['a dot segment', '/./index.html'],
  ])('refuses %s', (_name, pathname) => {
    const r = resolveAssetPath(root, pathname);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.status).toBe(403);
  });

  it('answers 400 to broken percent-encoding', () => {
    expect(resolveAssetPath(root, '/%E0%A4%A')).toMatchObject({ ok: false, status: 400 });
  });

  it('applies the same rules with Windows paths', () => {
    const winRoot = 'C:\\Program Files\\PV Lab\\resources\\app.asar\\renderer\\dist';
    expect(resolveAssetPath(winRoot, '/assets/a.js', path.win32)).toEqual({ ok: true, file: `${winRoot}\\assets\\a.js` });
    for (const p of ['/..%5c..%5c..%5cWindows', '/C:%5cWindows%5cwin.ini', '/%5c%5cserver%5cshare%5cx', '/D:/x']) {
      expect(resolveAssetPath(winRoot, p, path.win32).ok).toBe(false);
    }
  });

  it('never resolves any pathname to a file outside the folder', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom('..', '.', '%2e', '%2E%2e', '%2f', '%5c', '/', 'a', 'C:', '%00', '%25'), fc.string()), { maxLength: 12 }), (parts) => {
        const r = resolveAssetPath(root, `/${parts.join('')}`);
        if (r.ok) expect(isInside(root, r.file)).toBe(true);
        const w = resolveAssetPath('C:\\lab\\dist', `/${parts.join('')}`, path.win32);
        if (w.ok) expect(isInside('C:\\lab\\dist', w.file, path.win32)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('does not take a sibling folder with the same prefix for the folder itself', () => {
    expect(isInside('/a/dist', '/a/dist2/x')).toBe(false);
    expect(isInside('/a/dist', '/a/dist/..x')).toBe(true);
    expect(isInside('/a/dist', '/a/dist')).toBe(true);
    expect(isInside('C:\\a\\dist', 'D:\\a\\dist\\x', path.win32)).toBe(false);
  });
});
