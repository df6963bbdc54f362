import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { WireToClient } from '../../core/contract/index.ts';
import { PvLabError } from '../../core/model/index.ts';
import type { FromCore } from '../../electron/channels.ts';
import { type HostPort, type OpenedLab, hostCore, openLab } from '../../electron/core-host.ts';
import { CoreRelay } from '../../electron/relay.ts';

const dir = mkdtempSync(join(tmpdir(), 'pvlab-core-host-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The utility process's parentPort, as a pair of queues a test can drive. */
function fakePort(): HostPort & { posted: FromCore[]; deliver(data: unknown): void } {
  const listeners: ((e: { data: unknown }) => void)[] = [];
  const posted: FromCore[] = [];
  return {
    posted,
    on: (_event, listener) => listeners.push(listener),
    postMessage: (m) => void posted.push(structuredClone(m)),
    deliver: (data) => listeners.forEach((l) => l({ data: structuredClone(data) })),
  };
}

const until = async (check: () => boolean) => {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
};

const replies = (port: { posted: FromCore[] }) => port.posted.filter((m): m is Extract<WireToClient, { type: 'reply' }> => m.type === 'reply');

describe('the core process', () => {
  it('opens the database, answers relayed calls through the contract, and shuts down cleanly', async () => {
    const port = fakePort();
    const exit = vi.fn();
    let lab: OpenedLab | null = null;
    hostCore(port, join(dir, 'lab.db'), (file) => (lab = openLab(file)), exit);
    expect(port.posted[0]).toEqual({ type: 'store-opened', file: join(dir, 'lab.db'), movedAside: null });
    expect(lab).not.toBeNull();

    // Window → relay → core and back, as main wires them.
    const toPage: WireToClient[] = [];
    const relay = new CoreRelay({ toCore: (m) => (port.deliver(m), true), toPage: (m) => void toPage.push(m), log: () => undefined });
    relay.attachWindow(1);
    const page = { sender: { id: 1 }, senderFrame: { url: 'app://pvlab/index.html', parent: null } };
    relay.fromPage(page, { type: 'call', id: 1, method: 'catalog.list', input: { kind: 'profiles' } });
    relay.fromPage(page, { type: 'call', id: 2, method: 'catalog.list', input: { kind: 'spaceships' } });
    await until(() => replies(port).length === 2);
    for (const r of replies(port)) relay.fromCore(r);

    const ok = toPage.find((m) => m.type === 'reply' && m.id === 1);
    expect(ok).toMatchObject({ ok: true, value: { total: expect.any(Number) } });
    expect(ok?.type === 'reply' && ok.ok && (ok.value as { total: number }).total).toBeGreaterThan(0);
    // The service, not main, checks inputs against the contract.
    expect(toPage.find((m) => m.type === 'reply' && m.id === 2)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });

    port.deliver({ type: 'shutdown' });
    await until(() => exit.mock.calls.length > 0);
    expect(exit).toHaveBeenCalledWith(0);
  });

  it('answers every call with the reason when the database cannot be opened', () => {
    const port = fakePort();
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    hostCore(port, '/nowhere/lab.db', () => {
      throw new PvLabError('incompatible', 'This database was written by a newer PV Lab (schema 9)', 'update PV Lab');
    }, vi.fn());
    stderr.mockRestore();
    expect(port.posted[0]).toMatchObject({ type: 'store-failed', file: '/nowhere/lab.db', error: { code: 'incompatible' } });
    port.deliver({ type: 'call', id: 4, method: 'scenarios.list', input: {} });
    port.deliver({ type: 'nonsense' });
    expect(port.posted.slice(1)).toEqual([{ type: 'reply', id: 4, ok: false, error: expect.objectContaining({ message: 'This database was written by a newer PV Lab (schema 9)', hint: 'update PV Lab' }) }]);
  });

  it('reports a damaged database that was moved aside', () => {
    const file = join(dir, 'damaged.db');
    writeFileSync(file, 'this is not SQLite at all, just some text that is long enough to have a header'.repeat(4));
    const port = fakePort();
    let lab: OpenedLab | null = null;
    hostCore(port, file, (f) => (lab = openLab(f)), vi.fn());
    expect(port.posted[0]).toMatchObject({ type: 'store-opened', movedAside: { to: expect.any(String), reason: expect.any(String) } });
    (lab as OpenedLab | null)?.service.close();
    (lab as OpenedLab | null)?.closeStore();
  });
});
