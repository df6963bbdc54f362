// Whole-lab backup and restore: a backup taken while the lab is open restores it as it was, the
// lab as it was before the restore is kept aside, and a file that is not a PV Lab backup — or is
// damaged, or from a newer PV Lab — is refused with the lab left untouched. A backup from an
// older schema is brought up to date on the way in.
import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { LabClient } from '../../core/contract/index.ts';
import { inProcessClient } from '../../core/service/transport.ts';
import { loadMigrations, openLabDb } from '../../core/store/index.ts';
import { openLabStore } from '../../core/store/open.ts';
import { tempLab } from '../helpers/lab.ts';
import { type Lab, pvScenario, record } from './fixture.ts';

const createDriver = async () => (await import('better-sqlite3')).default;

describe('lab backup and restore', () => {
  let lab: Lab;
  let api: LabClient;
  beforeEach(() => {
    lab = tempLab();
    api = inProcessClient(lab.svc);
  });
  afterEach(() => lab.done());

  it('restores the lab as it was when backed up, keeping the current one aside', async () => {
    const first = await record(api, pvScenario(5), 'before the backup');
    await api.call('scenarios.create', { scenario: { ...pvScenario(5), id: 'kept', title: 'Kept' } });
    const file = join(lab.dir, 'lab-backup.db');
    const b = await api.call('lab.backup', { to: file });
    expect(b).toMatchObject({ file });
    expect(b.bytes).toBeGreaterThan(0);
    await expect(api.call('lab.backup', { to: file })).rejects.toMatchObject({ code: 'conflict' });
    await expect(api.call('lab.backup', { to: lab.file })).rejects.toMatchObject({ code: 'invalid-input' });

    const later = await record(api, pvScenario(5), 'after the backup');
    await api.call('scenarios.remove', { id: 'kept' });
    const r = await api.call('lab.restore', { from: file });
    expect(r).toMatchObject({ restoredFrom: file, runs: 1 });
    // the same connection now sees the restored lab
    const runs = await api.call('runs.list', {});
    expect(runs.items.map((x) => x.id)).toEqual([first]);
    expect((await api.call('scenarios.get', { id: 'kept' })).title).toBe('Kept');
    expect(await api.call('replay.verify', { runId: first })).toMatchObject({ ok: true });
    // new runs go on from there
    const next = await record(api, pvScenario(2));
    expect(next).toBeGreaterThan(first);
    // the lab as it was before the restore, whole, beside it
    expect(existsSync(r.keptAside)).toBe(true);
    const aside = openLabStore(r.keptAside);
    try {
      expect(aside.runs.list({}).items.map((x) => x.id).sort()).toEqual([first, later].sort());
    } finally {
      aside.close();
    }
  });

  it('refuses what is not a PV Lab backup, and leaves the lab as it was', async () => {
    const run = await record(api, pvScenario(2));
    const text = join(lab.dir, 'notes.txt');
    writeFileSync(text, 'hello');
    await expect(api.call('lab.restore', { from: text })).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringMatching(/not an SQLite database/) });
    const Driver = await createDriver();
    const foreign = join(lab.dir, 'other.db');
    const db = new Driver(foreign);
    db.exec('CREATE TABLE t (x)');
    db.close();
    await expect(api.call('lab.restore', { from: foreign })).rejects.toMatchObject({ message: expect.stringMatching(/another program/) });
    await expect(api.call('lab.restore', { from: join(lab.dir, 'missing.db') })).rejects.toMatchObject({ code: 'not-found' });
    await expect(api.call('lab.restore', { from: lab.file })).rejects.toMatchObject({ code: 'invalid-input' });
    // a backup whose pages were damaged
    const good = join(lab.dir, 'good.db');
    await api.call('lab.backup', { to: good });
    const damaged = join(lab.dir, 'damaged.db');
    copyFileSync(good, damaged);
    const { openSync, writeSync, closeSync, statSync } = await import('node:fs');
    const fd = openSync(damaged, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, Math.floor(statSync(damaged).size / 4096 / 2) * 4096);
    closeSync(fd);
    await expect(api.call('lab.restore', { from: damaged })).rejects.toMatchObject({ message: expect.stringMatching(/not a PV Lab backup|damaged/) });
    // a backup from a newer PV Lab
    const newer = join(lab.dir, 'newer.db');
    copyFileSync(good, newer);
    const n = new Driver(newer);
    n.pragma('user_version = 999');
    n.close();
    await expect(api.call('lab.restore', { from: newer })).rejects.toMatchObject({ code: 'db-newer' });
    expect((await api.call('runs.list', {})).items.map((x) => x.id)).toEqual([run]);
  });

  it('brings a backup from an older schema up to date', async () => {
    const old = join(lab.dir, 'old.db');
    const migrations = loadMigrations();
    const o = openLabDb(old, { migrations: migrations.slice(0, 1) });
    expect(o.report.toVersion).toBe(1);
    o.close();
    const r = await api.call('lab.restore', { from: old });
    expect(r.runs).toBe(0);
    expect(lab.store.lab.db.pragma('user_version', { simple: true })).toBe(migrations.at(-1)!.version);
    // the built-ins are there again, and the lab works
    expect((await api.call('scenarios.get', { id: 'io-emulated-vs-pv' })).id).toBe('io-emulated-vs-pv');
    await record(api, pvScenario(2));
  });

  it('waits for running runs to end', async () => {
    const slow = tempLab({ inline: false });
    try {
      const sapi = inProcessClient(slow.svc);
      await sapi.call('lab.backup', { to: join(slow.dir, 'x.db') });
      const { runId } = await sapi.call('runs.start', { scenario: pvScenario(200) });
      await expect(sapi.call('lab.restore', { from: join(slow.dir, 'x.db') })).rejects.toMatchObject({ code: 'conflict' });
      await sapi.call('runs.cancel', { runId });
      await sapi.call('runs.wait', { runId });
    } finally {
      slow.done();
    }
  });
});
