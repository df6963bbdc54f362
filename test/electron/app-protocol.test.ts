import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { APP_SCHEME_PRIVILEGES, CONTENT_SECURITY_POLICY, assetResponder, isAppUrl } from '../../electron/app-protocol.ts';

const base = mkdtempSync(join(tmpdir(), 'pvlab-protocol-'));
const root = join(base, 'renderer', 'dist');
mkdirSync(join(root, 'assets'), { recursive: true });
writeFileSync(join(root, 'index.html'), '<!doctype html><script type="module" src="./assets/app.js"></script>');
writeFileSync(join(root, 'assets', 'app.js'), 'console.log("lab")');
writeFileSync(join(base, 'secret.txt'), 'the secret');
mkdirSync(join(base, 'outside'));
writeFileSync(join(base, 'outside', 'x.js'), 'the secret');
symlinkSync(join(base, 'secret.txt'), join(root, 'leak.txt'));
symlinkSync(join(base, 'outside'), join(root, 'linked'));
symlinkSync(join(root, 'assets', 'app.js'), join(root, 'alias.js'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

const serve = assetResponder(root);
const get = (url: string, method = 'GET') => serve(new Request(url, { method }));

const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

describe('the app:// protocol', () => {
  it('serves a renderer asset with its type and the strict Content-Security-Policy', async () => {
    const res = await get('app://pvlab/assets/app.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(CSP);
    expect(CONTENT_SECURITY_POLICY).toBe(CSP);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toBe('console.log("lab")');
  });

  it('serves index.html for the bare origin', async () => {
    const res = await get('app://pvlab/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await res.text()).toContain('<!doctype html>');
  });

  it.each([
    'app://pvlab/../secret.txt',
    'app://pvlab/%2e%2e/secret.txt',
    'app://pvlab/assets/..%2f..%2f..%2fsecret.txt',
    'app://pvlab/..%5csecret.txt',
    'app://pvlab/%252e%252e/secret.txt',
    'app://pvlab/leak.txt',
    'app://pvlab/linked/x.js',
    'app://pvlab/nothing-here.js',
    'app://pvlab/assets',
  ])('refuses %s without revealing the file', async (url) => {
    const res = await get(url);
    expect([400, 403, 404]).toContain(res.status);
    expect(await res.text()).not.toContain('the secret');
    expect(res.headers.get('content-security-policy')).toBe(CSP);
  });

  it('refuses a symlink that points out of the folder with 403', async () => {
    expect((await get('app://pvlab/leak.txt')).status).toBe(403);
    expect((await get('app://pvlab/linked/x.js')).status).toBe(403);
  });

  it('follows a symlink that stays inside the folder', async () => {
    const res = await get('app://pvlab/alias.js');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('console.log("lab")');
  });

  it('serves only the pvlab host, and only GET and HEAD', async () => {
    expect((await get('app://evil/index.html')).status).toBe(404);
    expect((await get('app://pvlab/index.html', 'POST')).status).toBe(405);
    const head = await get('app://pvlab/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });

  it('registers app:// as a standard, secure scheme', () => {
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({ scheme: 'app', privileges: { standard: true, secure: true } });
    expect(isAppUrl('app://pvlab/index.html#/runs')).toBe(true);
    expect(isAppUrl('app://other/index.html')).toBe(false);
    expect(isAppUrl('https://pvlab/')).toBe(false);
  });
});
