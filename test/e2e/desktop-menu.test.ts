// The desktop menu's commands as the page receives them from the preload bridge: here a stand-in
// bridge (the same shape as electron/preload.cts exposes) carries the wire over the served
// WebSocket, so the page runs its desktop transport and menu handling against the real service.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pvScenario } from '../report/fixture.ts';
import { type Lab, openLab } from './harness.ts';

/** Installed before the page's scripts: window.pvlab over a WebSocket, with menu commands and saved files recorded. */
const FAKE_BRIDGE = `
(() => {
  const token = new URLSearchParams(location.search).get('token');
  const ws = new WebSocket('ws://' + location.host + '/api?token=' + token);
  const queue = [];
  const listeners = new Set();
  const menu = new Set();
  ws.onopen = () => queue.splice(0).forEach((m) => ws.send(m));
  ws.onmessage = (e) => listeners.forEach((l) => l(JSON.parse(e.data)));
  window.__saved = [];
  window.__menu = (command) => menu.forEach((l) => l(command));
  window.pvlab = {
    send: (msg) => (ws.readyState === 1 ? ws.send(JSON.stringify(msg)) : queue.push(JSON.stringify(msg))),
    onMessage: (l) => (listeners.add(l), () => listeners.delete(l)),
    openFile: async () => null,
    saveFile: async (o) => (window.__saved.push(o), true),
    onMenu: (l) => (menu.add(l), () => menu.delete(l)),
  };
})();
`;

describe('the desktop menu, handled in the page', () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await openLab({ route: null });
    await lab.page.addInitScript(FAKE_BRIDGE);
    await lab.goto('scenarios');
  });
  afterAll(async () => lab.close());

  it('runs on the desktop transport and follows File → New scenario', async () => {
    await lab.page.evaluate(() => (globalThis as unknown as { __menu: (c: unknown) => void }).__menu({ type: 'navigate', hash: '#/scenarios/new' }));
    await lab.page.waitForURL(/#\/scenarios\/new$/);
    await expect.poll(() => lab.page.getByRole('button', { name: /New guest/ }).count()).toBeGreaterThan(0);
  });

  it('exports the scenario on screen through the save dialog, and says to open one first elsewhere', async () => {
    await lab.goto('scenarios/io-emulated-vs-pv');
    await lab.page.getByText('Compatibility preview').waitFor();
    await lab.page.evaluate(() => (globalThis as unknown as { __menu: (c: unknown) => void }).__menu({ type: 'export-scenario' }));
    await expect.poll(() => lab.page.evaluate(() => (globalThis as unknown as { __saved: { defaultName: string; text: string }[] }).__saved.length)).toBe(1);
    const saved = await lab.page.evaluate(() => (globalThis as unknown as { __saved: { defaultName: string; text: string }[] }).__saved[0]!);
    expect(saved.defaultName).toBe('io-emulated-vs-pv.json');
    expect(JSON.parse(saved.text)).toMatchObject({ id: 'io-emulated-vs-pv' });
    await lab.goto('runs');
    const dialog = lab.page.waitForEvent('dialog');
    // the alert blocks the page until it is answered: send the command without waiting for it
    const sent = lab.page.evaluate(() => (globalThis as unknown as { __menu: (c: unknown) => void }).__menu({ type: 'export-scenario' }));
    const d = await dialog;
    expect(d.message()).toMatch(/Open a scenario/);
    await d.dismiss();
    await sent;
    expect(lab.consoleErrors).toEqual([]);
  });

  it('imports a bundle opened with PV Lab (double-clicked) and opens the run', async () => {
    const { runId } = await lab.service.call('runs.start', { scenario: pvScenario(), title: 'Opened from the file manager' });
    await lab.service.call('runs.wait', { runId });
    const out = await lab.service.call('bundles.exportRun', { runId });
    if (out.encoding !== 'base64') throw new Error(`the bundle came back as ${out.encoding}`);
    await lab.service.call('runs.remove', { runId });
    await lab.goto('scenarios');
    const command = { type: 'open-bundle', name: out.fileName, base64: out.base64 };
    await lab.page.evaluate((c) => (globalThis as unknown as { __menu: (c: unknown) => void }).__menu(c), command);
    await lab.page.waitForURL(/#\/runs\/\d+$/);
    const imported = Number(/#\/runs\/(\d+)$/.exec(lab.page.url())![1]);
    expect(await lab.service.call('runs.get', { runId: imported })).toMatchObject({ title: 'Opened from the file manager' });
    expect(lab.consoleErrors).toEqual([]);
  });
});
