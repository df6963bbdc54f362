import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LabService } from '../../core/service/service.ts';
import { type RunningServer, startServer } from '../../core/serve/server.ts';
import { sameToken } from '../../core/serve/guard.ts';
import { builtIn, tempLab } from '../helpers/lab.ts';
import { type WireToClient, get, openSocket, upgradeStatus } from './http.ts';

type Lab = ReturnType<typeof tempLab>;
type Reply = Extract<WireToClient, { type: 'reply' }>;

const isReply = (id: number) => (m: WireToClient): m is Reply => m.type === 'reply' && m.id === id;
const listeners = (svc: LabService) => (svc as unknown as { listeners: Set<unknown> }).listeners.size;

describe('pvlab serve: the HTTP and WebSocket transport', () => {
  let lab: Lab;
  let site: string;
  let server: RunningServer;
  let port: number;
  let token: string;
  const ws = () => `ws://127.0.0.1:${port}/api?token=${token}`;

  beforeAll(async () => {
    lab = tempLab({ inline: false });
    // the app folder, and a secret beside it that no path may reach
    site = join(lab.dir, 'site');
    mkdirSync(join(site, 'assets'), { recursive: true });
    writeFileSync(join(site, 'index.html'), '<!doctype html><title>PV Lab</title><script type="module" src="./assets/app.js"></script>');
    writeFileSync(join(site, 'assets', 'app.js'), 'console.log("app");');
    writeFileSync(join(site, 'assets', 'app.css'), 'body{}');
    writeFileSync(join(lab.dir, 'secret.txt'), 'SECRET');
    symlinkSync(join(lab.dir, 'secret.txt'), join(site, 'assets', 'link.txt'));
    server = await startServer({ service: lab.svc, port: 0, staticDir: site, host: '127.0.0.1' });
    ({ port, token } = server);
  });
  afterAll(async () => {
    await server.close();
    await lab.svc.idle();
    lab.done();
  });

  it('prints a loopback URL with a fresh 24-byte token', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${port}/?token=${token}`);
    expect(Buffer.from(token, 'base64url')).toHaveLength(24);
    const other = await startServer({ service: lab.svc, port: 0, staticDir: site });
    expect(other.token).not.toBe(token);
    await other.close();
    await expect(startServer({ service: lab.svc, staticDir: lab.dir })).rejects.toMatchObject({ code: 'not-found' });
    expect(sameToken(token, token)).toBe(true);
    expect(sameToken(token, `${token}x`)).toBe(false);
    expect(sameToken('', token)).toBe(false);
  });

  it('refuses the page, an asset and the WebSocket without the token (401)', async () => {
    expect((await get(port, '/')).status).toBe(401);
    expect((await get(port, '/index.html')).status).toBe(401);
    expect((await get(port, '/assets/app.js')).status).toBe(401);
    expect((await get(port, '/?token=wrong')).status).toBe(401);
    expect((await get(port, `/?token=${token.slice(1)}`)).status).toBe(401);
    expect((await get(port, '/assets/app.js', { Cookie: `pvlab_token_${port}=wrong` })).status).toBe(401);
    // another server's cookie (cookies ignore ports) does not open this one
    expect((await get(port, '/assets/app.js', { Cookie: `pvlab_token_${port + 1}=${token}` })).status).toBe(401);
    expect(await upgradeStatus(`ws://127.0.0.1:${port}/api`)).toBe(401);
    expect(await upgradeStatus(`ws://127.0.0.1:${port}/api?token=wrong`)).toBe(401);
    expect(await upgradeStatus(ws())).toBe(101);
  });

  it('serves the page with the token, sets the cookie its assets then carry, and sends strict headers', async () => {
    const page = await get(port, `/?token=${token}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>PV Lab</title>');
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['content-security-policy']).toBe(
      `default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}; object-src 'none'; base-uri 'none'; frame-ancestors 'none'`,
    );
    const cookie = page.headers['set-cookie']?.[0] ?? '';
    expect(cookie).toBe(`pvlab_token_${port}=${token}; HttpOnly; SameSite=Strict; Path=/`);
    const jar = { Cookie: cookie.split(';')[0]! };
    const js = await get(port, '/assets/app.js', jar);
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['x-content-type-options']).toBe('nosniff');
    expect(js.headers['set-cookie']).toBeUndefined();
    expect((await get(port, '/assets/app.css', jar)).headers['content-type']).toBe('text/css; charset=utf-8');
    expect((await get(port, '/index.html', jar)).headers['cache-control']).toBe('no-store');
    expect((await get(port, '/assets/missing.js', jar)).status).toBe(404);
    expect((await get(port, '/assets/', jar)).status).toBe(404);
    expect((await get(port, '/', jar, 'POST')).status).toBe(405);
    const head = await get(port, '/assets/app.js', jar, 'HEAD');
    expect([head.status, head.body, head.headers['content-length']]).toEqual([200, '', '19']);
    expect((await get(port, `/api?token=${token}`)).status).toBe(426);
    // the socket opens with the cookie alone, as the page's own WebSocket may
    expect(await upgradeStatus(`ws://127.0.0.1:${port}/api`, jar)).toBe(101);
    expect(await upgradeStatus(`ws://127.0.0.1:${port}/elsewhere?token=${token}`)).toBe(404);
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin', async () => {
    const q = `/?token=${token}`;
    for (const host of ['evil.example', `evil.example:${port}`, `127.0.0.1:${port + 1}`, `127.0.0.1`, `0.0.0.0:${port}`, `LOCALHOST:${port}.evil`]) {
      expect((await get(port, q, { Host: host })).status, host).toBe(403);
      expect(await upgradeStatus(ws(), { Host: host }), host).toBe(403);
    }
    expect((await get(port, q, { Host: `localhost:${port}` })).status).toBe(200);
    for (const origin of ['http://evil.example', `http://127.0.0.1:${port + 1}`, `https://127.0.0.1:${port}`, 'null']) {
      expect((await get(port, q, { Origin: origin })).status, origin).toBe(403);
      expect(await upgradeStatus(ws(), { Origin: origin }), origin).toBe(403);
    }
    expect((await get(port, q, { Origin: `http://localhost:${port}` })).status).toBe(200);
    expect(await upgradeStatus(ws(), { Origin: `http://127.0.0.1:${port}` })).toBe(101);
  });

  it('never serves a file outside the app folder', async () => {
    for (const path of ['/../secret.txt', '/..%2fsecret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/assets/%2e%2e%2f%2e%2e%2fsecret.txt', '/..%5csecret.txt', '/assets/link.txt', '/%00', '/%zz']) {
      const r = await get(port, `${path}${path.includes('?') ? '&' : '?'}token=${token}`);
      expect(r.body, path).not.toContain('SECRET');
      expect([400, 403, 404], path).toContain(r.status);
    }
  });

  it('answers a call over the WebSocket, and a bad call with a typed error', async () => {
    const s = await openSocket(ws());
    const list = await s.call('catalog.list', { kind: 'profiles', limit: 100, offset: 0 });
    expect(list.total).toBeGreaterThan(0);
    expect(list.items.map((i) => i.id)).toContain('pentium4-672');

    s.sendRaw(JSON.stringify({ type: 'call', id: 7, method: 'catalog.list', input: { kind: 'toasters' } }));
    const bad = await s.next(isReply(7));
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(bad.type === 'reply' && !bad.ok && bad.error.fields.length).toBeGreaterThan(0);
    s.sendRaw(JSON.stringify({ type: 'call', id: 8, method: 'runs.explode', input: {} }));
    expect(await s.next(isReply(8))).toMatchObject({ ok: false, error: { code: 'invalid-input', message: 'There is no method "runs.explode"' } });
    s.sendRaw(JSON.stringify({ type: 'call', id: 9, input: {} }));
    expect(await s.next(isReply(9))).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    await expect(s.call('runs.get', { runId: 999 })).rejects.toMatchObject({ code: 'not-found' });
    s.ws.close();
    await s.closed;
  });

  it('refuses calls that name a file path on the server (backup, restore, bundles to or from a path)', async () => {
    const s = await openSocket(ws());
    const target = '/tmp/pvlab-should-not-exist.db';
    await expect(s.call('lab.backup', { to: target })).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringContaining('not available to a page') });
    await expect(s.call('lab.restore', { from: target })).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(s.call('bundles.exportRun', { runId: 1, to: target })).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringContaining('file path') });
    const { existsSync } = await import('node:fs');
    expect(existsSync(target)).toBe(false);
    s.ws.close();
    await s.closed;
  });

  it('forwards the service events: a run started over the socket reports progress and its end', async () => {
    const s = await openSocket(ws());
    const { runId } = await s.call('runs.start', { scenario: builtIn('nanobench-syscall', 20), record: true });
    const finished = await s.next((m) => m.type === 'event' && m.name === 'run.finished' && (m.payload as { runId: number }).runId === runId);
    expect(finished).toMatchObject({ type: 'event', name: 'run.finished', payload: { runId, status: 'completed' } });
    expect(s.received.some((m) => m.type === 'event' && m.name === 'runs.changed')).toBe(true);
    const detail = await s.call('runs.get', { runId });
    expect(detail.status).toBe('completed');
    s.ws.close();
    await s.closed;
  });

  it('unsubscribes a closed socket, and closes sockets that send what is not JSON text or too much', async () => {
    const before = listeners(lab.svc);
    const s = await openSocket(ws());
    expect(listeners(lab.svc)).toBe(before + 1);
    s.ws.close();
    await s.closed;
    await expect.poll(() => listeners(lab.svc)).toBe(before);
    expect(server.connections()).toBe(0);

    const notJson = await openSocket(ws());
    notJson.sendRaw('{nope');
    expect(await notJson.closed).toBe(1007);
    const binary = await openSocket(ws());
    binary.ws.send(Buffer.from([1, 2, 3]));
    expect(await binary.closed).toBe(1003);
    const big = await openSocket(ws());
    big.sendRaw(JSON.stringify({ type: 'call', id: 1, method: 'scenarios.import', input: { json: 'x'.repeat(17 * 1024 * 1024) } }));
    expect(await big.closed).toBe(1009);
    await expect.poll(() => listeners(lab.svc)).toBe(before);
  });

  it('disconnects its clients when it closes', async () => {
    const other = await startServer({ service: lab.svc, staticDir: site });
    const before = listeners(lab.svc);
    const s = await openSocket(`ws://127.0.0.1:${other.port}/api?token=${other.token}`);
    await other.close();
    expect([1005, 1006]).toContain(await s.closed);
    expect(listeners(lab.svc)).toBe(before);
    await other.close(); // twice is fine
  });
});
