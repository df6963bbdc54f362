// Every method of the contract, called with invalid arguments made from its own input schema
// (invalid-inputs.ts), over each transport (transports.ts): in-process, the desktop IPC path with
// `electron` mocked, and `pvlab serve`'s WebSocket. Each call comes back as a typed error a person
// can act on (invalid-input, never 'internal'), and the database is the same, row for row, after.
// Calls naming no method are refused the same way. (`pvlab serve` refusing requests without its
// token, from another origin or with another Host: test/serve/server.test.ts.)
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { METHODS } from '../../core/contract/index.ts';
import { DbFingerprint } from '../fuzz/harness.ts';
import { builtIn, tempLab } from '../helpers/lab.ts';
import { invalidInputs } from './invalid-inputs.ts';
import { type Reply, type Transport, inProcess, ipc, webSocket } from './transports.ts';

vi.mock('electron', () => import('../electron/fake-electron.ts'));

let lab: ReturnType<typeof tempLab>;
let fp: DbFingerprint;
let transports: Transport[];

beforeAll(async () => {
  lab = tempLab();
  // something in every table that matters: a recorded run, a scenario and a note of the user's own
  const { runId } = await lab.svc.call('runs.start', { scenario: builtIn('consolidation-8', 5), record: true });
  await lab.svc.call('runs.wait', { runId });
  await lab.svc.call('scenarios.create', { scenario: { ...builtIn('lab-nic-paths'), id: 'security-user' } });
  await lab.svc.call('runs.note', { runId, text: 'kept' });
  fp = new DbFingerprint(() => lab.store.lab.db);
  transports = [inProcess(lab.svc), ipc(lab.svc, lab.file), await webSocket(lab.svc, lab.dir)];
}, 120_000);

afterAll(async () => {
  for (const t of transports ?? []) await t.close();
  await lab?.svc.idle();
  lab?.done();
});

/** A reply that is a typed, actionable refusal of the input. */
function expectRefused(reply: Reply, what: string): void {
  expect(reply.ok, `${what}: accepted`).toBe(false);
  if (reply.ok) return;
  expect(reply.error.code, `${what}: ${reply.error.message}`).toBe('invalid-input');
  expect(reply.error.message.length, `${what}: no message`).toBeGreaterThan(0);
  expect(reply.error.hint.length, `${what}: no hint`).toBeGreaterThan(0);
}

describe('invalid arguments over every transport', () => {
  it('carries a valid call on each transport (so a refusal below is the input’s doing)', async () => {
    for (const t of transports) {
      const reply = await t.call('lessons.list', { lang: 'sv' });
      expect(reply.ok, t.name).toBe(true);
    }
  });

  it('has invalid cases for every method, each refused by the method’s schema', () => {
    expect(METHODS.length).toBeGreaterThan(40);
    for (const method of METHODS) expect(invalidInputs(method).length, method).toBeGreaterThanOrEqual(5);
  });

  for (const method of METHODS) {
    it(`${method}: a typed error on each transport, nothing written`, async () => {
      const before = fp.take();
      const counts = fp.counts();
      for (const t of transports) {
        for (const c of invalidInputs(method)) expectRefused(await t.call(method, c.input), `${method} over ${t.name} with ${c.label}`);
      }
      await lab.svc.idle();
      expect(fp.counts(), `${method}: rows`).toEqual(counts);
      expect(fp.take(), `${method}: the database changed`).toBe(before);
    });
  }

  it('refuses calls that name no method, inherited names included', async () => {
    const before = fp.take();
    for (const t of transports) {
      for (const method of ['no.such', '', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'call', 'runs']) {
        expectRefused(await t.call(method, {}), `"${method}" over ${t.name}`);
      }
    }
    expect(fp.take()).toBe(before);
  });
});

describe('pvlab serve listens on loopback only', () => {
  // Linux names the address each socket is bound to in /proc/net; nothing is sent anywhere else.
  it.skipIf(process.platform !== 'linux')('binds its port to 127.0.0.1, not to every address', async () => {
    const { startServer } = await import('../../core/serve/server.ts');
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const site = mkdtempSync(join(lab.dir, 'site-'));
    writeFileSync(join(site, 'index.html'), '<!doctype html>');
    const server = await startServer({ service: lab.svc, port: 0, staticDir: site });
    try {
      const port = server.port.toString(16).toUpperCase().padStart(4, '0');
      const listening = (file: string) => readFileSync(file, 'utf8').split('\n').slice(1)
        .map((line) => line.trim().split(/\s+/))
        .filter((f) => f[1]?.endsWith(`:${port}`) && f[3] === '0A')
        .map((f) => f[1]!.split(':')[0]);
      expect(listening('/proc/net/tcp')).toEqual(['0100007F']);
      expect(listening('/proc/net/tcp6')).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
