import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Lab, openLab, routeUrl } from './harness.ts';

describe('the app in a browser (pvlab serve)', () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await openLab();
  });
  afterAll(async () => {
    await lab?.close();
  });

  it('connects and shows the navigation, with no console errors', async () => {
    const nav = lab.page.getByRole('navigation');
    await expect.poll(() => nav.isVisible()).toBe(true);
    expect(await nav.getByRole('link').count()).toBeGreaterThanOrEqual(6);
    expect(await lab.page.title()).toBe('PV Lab');
    expect(lab.server.connections()).toBe(1);
    expect(lab.consoleErrors).toEqual([]);
    const path = await lab.shot('smoke-start');
    expect(existsSync(path)).toBe(true);
  });

  it('follows a hash route and keeps its connection', async () => {
    await lab.goto('settings');
    expect(lab.page.url()).toBe(routeUrl(lab.url, 'settings'));
    await expect.poll(() => lab.page.locator('nav a[aria-current="page"]').getAttribute('href')).toBe('#/settings');
    expect(lab.server.connections()).toBe(1);
    expect(lab.consoleErrors).toEqual([]);
    await lab.shot('smoke-settings');
  });

  it('keeps the token in an HttpOnly, SameSite=Strict cookie the page script cannot read', async () => {
    const cookies = await lab.context.cookies(lab.origin);
    expect(cookies.find((c) => c.name === `pvlab_token_${lab.server.port}`)).toMatchObject({ value: lab.server.token, httpOnly: true, sameSite: 'Strict', path: '/' });
    expect(await lab.page.evaluate('document.cookie')).toBe('');
  });

  it('lets the page call the service over its WebSocket (cookie, Origin and CSP as the app has them)', async () => {
    const reply = await lab.page.evaluate(
      (api) =>
        new Promise<string>((resolve, reject) => {
          const ws = new WebSocket(api);
          ws.onopen = () => ws.send(JSON.stringify({ type: 'call', id: 1, method: 'lessons.list', input: { lang: 'en' } }));
          ws.onmessage = (e) => {
            const m = JSON.parse(String(e.data)) as { type: string; id?: number };
            if (m.type === 'reply' && m.id === 1) {
              ws.close();
              resolve(String(e.data));
            }
          };
          ws.onerror = () => reject(new Error('the socket failed'));
        }),
      `ws://127.0.0.1:${lab.server.port}/api`,
    );
    const parsed = JSON.parse(reply) as { ok: boolean; value: { lessons: unknown[] } };
    expect(parsed.ok).toBe(true);
    expect(parsed.value.lessons.length).toBeGreaterThan(0);
    expect(lab.consoleErrors).toEqual([]);
  });
});
