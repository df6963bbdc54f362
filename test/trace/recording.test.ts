import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInCatalog } from '../../core/catalog/index.ts';
import { runScenario } from '../../core/engine/index.ts';
import { EVENT_KINDS, EventKindId, ReasonId } from '../../core/engine/events.ts';
import { PvLabError } from '../../core/model/index.ts';
import { openLabDb } from '../../core/store/index.ts';
import { openLabStore } from '../../core/store/open.ts';
import { CHUNK_EVENTS, type EventColumns, decodeChunk, encodeChunk, hashColumns, newColumns, pushEvent } from '../../core/trace/codec.ts';
import { builtIn, tempLab } from '../helpers/lab.ts';
import { ReplayCursor } from '../../core/trace/cursor.ts';
import { ENGINE_VERSION } from '../../core/engine/engine.ts';

type Lab = ReturnType<typeof tempLab>;

/** Every recorded event, read chunk by chunk in order (the reference for seeks). */
function readAll(lab: Lab, runId: number): EventColumns[] {
  return lab.store.runs.chunkIndex(runId).map((c) => decodeChunk(lab.store.runs.chunkData(runId, c.seq), c.tFirst));
}

function fieldsAt(all: EventColumns[], i: number): number[] {
  const c = all[Math.floor(i / CHUNK_EVENTS)]!;
  const j = i % CHUNK_EVENTS;
  return [c.t[j]!, c.host[j]!, c.guest[j]!, c.vcpu[j]!, c.kind[j]!, c.reason[j]!, c.cycles[j]!, c.path[j]!];
}

describe('chunk codec', () => {
  it('round-trips every field, including values that need escapes and negative paths', () => {
    const c = newColumns(1000);
    for (let i = 0; i < 1000; i++) pushEvent(c, i * 7 + (i === 500 ? 2 ** 40 : 0), i % 3, i % 300, i % 600, i % 10, i % 70, i === 3 ? 2 ** 45 : i * 13, i % 5 === 0 ? -1 : i % 40);
    // times must not decrease: make 500 onwards shifted
    for (let i = 501; i < 1000; i++) c.t[i] = c.t[i]! + 2 ** 40;
    const d = decodeChunk(encodeChunk(c).data, c.t[0]!);
    for (const f of ['t', 'host', 'guest', 'vcpu', 'kind', 'reason', 'cycles', 'path'] as const) expect(Array.from(d[f].subarray(0, 1000))).toEqual(Array.from(c[f].subarray(0, 1000)));
    expect(hashColumns(d)).toBe(hashColumns(c));
  });

  it('refuses a damaged blob with a clear error', () => {
    const c = newColumns(10);
    for (let i = 0; i < 10; i++) pushEvent(c, i, 0, 0, 0, 0, 0, i, 0);
    const blob = encodeChunk(c).data;
    blob[blob.length - 3] = blob[blob.length - 3]! ^ 0xff;
    expect(() => decodeChunk(blob, 0)).toThrow(PvLabError);
    expect(() => decodeChunk(new Uint8Array([9, 1, 0]), 0)).toThrow(/chunk format 9/);
  });
});

describe('a recorded run', () => {
  let lab: Lab;
  let runId: number;
  const scenario = builtIn('consolidation-8', 300);

  beforeAll(async () => {
    lab = tempLab();
    ({ runId } = await lab.svc.call('runs.start', { scenario }));
    await lab.svc.call('runs.wait', { runId });
  });
  afterAll(() => lab.done());

  it('holds every event the engine emitted, hashed and chained, in under 8 bytes per event', () => {
    const ref = runScenario(scenario, builtInCatalog());
    const d = lab.store.runs.get(runId);
    expect(d.status).toBe('completed');
    expect(d.eventCount).toBe(ref.metrics.eventCount);
    expect(d.eventHash).toBe(ref.metrics.eventHash);
    const index = lab.store.runs.chunkIndex(runId);
    expect(index.reduce((a, c) => a + c.count, 0)).toBe(ref.metrics.eventCount);
    expect(index.every((c, k) => c.firstEvent === k * CHUNK_EVENTS)).toBe(true);
    expect(d.chainHash).toBe(index[index.length - 1]!.chain);
    expect(d.bytes / d.eventCount).toBeLessThan(8);
    expect(d.checkpoints).toBeGreaterThan(0);
  });

  it('seeks to any event exactly as a full read gives it, forward and back', async () => {
    const all = readAll(lab, runId);
    const { total } = await lab.svc.call('replay.open', { runId });
    const picks = [0, 1, CHUNK_EVENTS - 1, CHUNK_EVENTS, total - 1, ...Array.from({ length: 200 }, (_, k) => (k * 7919 * 104729) % total)];
    for (const i of picks) {
      const { events } = await lab.svc.call('replay.events', { runId, event: i, before: 1, after: 1 });
      const e = events.find((x) => x.index === i)!;
      const [t, host, guest, vcpu] = fieldsAt(all, i);
      expect([e.t, e.host, e.guest, e.vcpu]).toEqual([t, host, guest, vcpu]);
      if (i > 0) expect(events[0]!.index).toBe(i - 1);
    }
    // by time: the first event at or after t
    const { at: last } = await lab.svc.call('replay.events', { runId, tNs: 1e12, after: 0 });
    expect(last).toBe(total - 1);
    for (const t of [0, 1e6, 123_456_789, fieldsAt(all, total - 1)[0]!]) {
      const { at } = await lab.svc.call('replay.events', { runId, tNs: t, after: 0 });
      expect(fieldsAt(all, at)[0]).toBeGreaterThanOrEqual(t);
      if (at > 0) expect(fieldsAt(all, at - 1)[0]).toBeLessThan(t);
    }
  });

  it('finds the next and previous event matching a filter', async () => {
    const all = readAll(lab, runId);
    const { event } = await lab.svc.call('replay.find', { runId, from: 10, filter: { kinds: ['exit'], guest: 1 } });
    expect(event).not.toBeNull();
    const first = (() => {
      for (let i = 11; ; i++) {
        const f = fieldsAt(all, i);
        if (f[4] === 0 && f[2] === 1) return i;
      }
    })();
    expect(event!.index).toBe(first);
    const back = await lab.svc.call('replay.find', { runId, from: first + 1, filter: { kinds: ['exit'], guest: 1 }, direction: -1 });
    expect(back.event!.index).toBe(first);
  });

  it('gives per-guest state at the cursor that matches counting from the start, plus live queue depths', async () => {
    const all = readAll(lab, runId);
    const at = 70_000;
    const s = await lab.svc.call('replay.state', { runId, event: at });
    const counts = scenario.guests.map(() => new Array<number>(10).fill(0));
    for (let i = 0; i <= at; i++) {
      const f = fieldsAt(all, i);
      counts[f[2]!]![f[4]!]!++;
    }
    expect(s.guests.map((g) => g.kinds)).toEqual(counts);
    expect(s.live).not.toBeNull();
    expect(s.live!.guests.map((g) => g.id)).toEqual(scenario.guests.map((g) => g.id));
    expect(s.live!.tNs).toBe(s.t);
    // stepping on continues the same engine; it must agree with a fresh restore from the checkpoint
    const later = await lab.svc.call('replay.state', { runId, event: at + 5000 });
    const fresh = new ReplayCursor(lab.store.runs.source(runId), { plan: lab.store.runs.plan(runId), pathNames: [], engineVersion: ENGINE_VERSION }).stateAt(at + 5000);
    expect(later.live).toEqual(fresh.live);
  });

  it('aggregates a window into buckets that add up to the events inside it', async () => {
    const all = readAll(lab, runId);
    const t0 = 10e6;
    const t1 = 250e6;
    for (const [buckets, by] of [[800, 'kind'], [7, 'kind'], [3000, 'kind'], [500, 'guest']] as const) {
      const tl = await lab.svc.call('replay.timeline', { runId, t0, t1, buckets, by });
      // the edges used cover the window, on a grid no coarser than a quarter of a bucket
      expect(tl.t0).toBeLessThanOrEqual(t0);
      expect(tl.t1).toBeGreaterThanOrEqual(t1);
      expect(tl.bucketNs).toBeGreaterThanOrEqual((t1 - t0) / buckets);
      expect(tl.bucketNs).toBeLessThanOrEqual(((t1 - t0) / buckets) * 1.25 + 1);
      // every bucket holds exactly the events of its slice
      const n = (tl.t1 - tl.t0) / tl.bucketNs;
      const expected = Object.fromEntries(Object.keys(tl.series).map((k) => [k, new Array<number>(n).fill(0)]));
      for (const c of all) for (let j = 0; j < c.count; j++) {
        const t = c.t[j]!;
        if (t < tl.t0 || t >= tl.t1) continue;
        const name = by === 'kind' ? EVENT_KINDS[c.kind[j]!]! : scenario.guests[c.guest[j]!]!.id;
        expected[name]![Math.floor((t - tl.t0) / tl.bucketNs)]!++;
      }
      expect(tl.series).toEqual(expected);
    }
    const whole = await lab.svc.call('replay.timeline', { runId, t0: 0, t1: 400e6, buckets: 4 });
    expect(Object.values(whole.series).reduce((a, s) => a + s.reduce((x, y) => x + y, 0), 0)).toBe(lab.store.runs.get(runId).eventCount);
  });

  it('verifies, and names the first divergent event when a chunk was altered', async () => {
    expect(await lab.svc.call('replay.verify', { runId })).toMatchObject({ ok: true, wholeRun: true, divergence: null });
    // inject a divergence: rewrite chunk 2 with one event's cycles changed, keeping its stored hash
    const idx = lab.store.runs.chunkIndex(runId)[2]!;
    const c = decodeChunk(lab.store.runs.chunkData(runId, 2), idx.tFirst);
    const j = 1234;
    const before = c.cycles[j]!;
    c.cycles[j] = before + 1;
    lab.store.lab.db.prepare('UPDATE chunks SET data = ? WHERE run_id = ? AND seq = 2').run(encodeChunk(c).data, runId);
    lab.store.lab.db.prepare("UPDATE chunks SET hash = '0000000000000000' WHERE run_id = ? AND seq = 2").run(runId);
    const v = await lab.svc.call('replay.verify', { runId });
    expect(v.ok).toBe(false);
    expect(v.divergence).toEqual({ index: idx.firstEvent + j, t: c.t[j]!, field: 'cycles', recorded: before + 1, now: before });
    expect(v.chunksChecked).toBe(2);
  });

  it('refuses to verify a run recorded by another engine version, but still replays it', async () => {
    const other = (await lab.svc.call('runs.start', { scenario: builtIn('consolidation-8', 20) })).runId;
    await lab.svc.call('runs.wait', { runId: other });
    lab.store.lab.db.prepare("UPDATE runs SET engine_version = '0.0.9' WHERE id = ?").run(other);
    await expect(lab.svc.call('replay.verify', { runId: other })).rejects.toMatchObject({ code: 'version-mismatch' });
    const { events } = await lab.svc.call('replay.events', { runId: other, event: 5 });
    expect(events.length).toBeGreaterThan(0);
    const s = await lab.svc.call('replay.state', { runId: other, event: 5 });
    expect(s.live).toBeNull();
    expect(s.liveUnavailable).toMatch(/engine 0\.0\.9/);
  });
});

describe('branching', () => {
  it('starts from the parent at the branch point with one change, identical before it', async () => {
    const lab = tempLab();
    try {
      const scenario = builtIn('consolidation-8', 200);
      const { runId: parent } = await lab.svc.call('runs.start', { scenario });
      await lab.svc.call('runs.wait', { runId: parent });
      const br = await lab.svc.call('replay.branch', { runId: parent, tNs: 120e6 + 0.4, change: { change: 'host-failure', host: 'host' } });
      const out = await lab.svc.call('runs.wait', { runId: br.runId });
      expect(out.status).toBe('completed');
      expect(br.tNs).toBe(120e6);
      const a = readAll(lab, parent);
      const b = readAll(lab, br.runId);
      for (let i = 0; i < br.eventIndex; i++) expect(fieldsAt(b, i)).toEqual(fieldsAt(a, i));
      // the change happens at the branch point: every guest on the host reports the failure, then nothing runs
      const after = Array.from({ length: 8 }, (_, k) => fieldsAt(b, br.eventIndex + k));
      expect(after.map((f) => [f[0], f[4], f[5]])).toEqual(after.map(() => [120e6, EventKindId.guest, ReasonId.host_failure]));
      const d = lab.store.runs.get(br.runId);
      expect(d.parentId).toBe(parent);
      expect(d.branch).toMatchObject({ parentId: parent, eventIndex: br.eventIndex, change: { change: 'host-failure', host: 'host' } });
      expect(await lab.svc.call('replay.verify', { runId: br.runId })).toMatchObject({ ok: true });
      const s = await lab.svc.call('replay.state', { runId: br.runId, event: d.eventCount - 1 });
      expect(s.guests.every((g) => g.status === 'host-failed')).toBe(true);
      await expect(lab.svc.call('replay.branch', { runId: parent, tNs: 1e6, change: { change: 'host-failure', host: 'nope' } })).rejects.toMatchObject({ code: 'incompatible' });
      // a device the hypervisor does not offer is refused with the reason, before anything runs
      await expect(lab.svc.call('replay.branch', { runId: parent, tNs: 1e6, change: { change: 'set-device', guest: 'web', device: 'nic', model: 'netvsc' } }))
        .rejects.toMatchObject({ code: 'incompatible', details: [expect.stringContaining('guests.web')] });
      expect(lab.store.runs.list().total).toBe(2);
      // a device change: the guest reboots at the branch point, and the branch verifies
      const dev = await lab.svc.call('replay.branch', { runId: parent, tNs: 50e6, change: { change: 'set-device', guest: 'web', device: 'nic', model: 'e1000' } });
      expect((await lab.svc.call('runs.wait', { runId: dev.runId })).status).toBe('completed');
      const c = readAll(lab, dev.runId);
      expect(fieldsAt(c, dev.eventIndex)).toEqual([50e6, 0, 0, 0, EventKindId.guest, ReasonId.reboot, 0, -1]);
      for (let i = 0; i < dev.eventIndex; i++) expect(fieldsAt(c, i)).toEqual(fieldsAt(a, i));
      expect(await lab.svc.call('replay.verify', { runId: dev.runId })).toMatchObject({ ok: true });
    } finally {
      lab.done();
    }
  });
});

describe('branching with a migration', () => {
  it('migrates a guest from the branch point on, and verifies', async () => {
    const lab = tempLab();
    try {
      const { runId: parent } = await lab.svc.call('runs.start', { scenarioId: 'lab-planned-maintenance' });
      await lab.svc.call('runs.wait', { runId: parent });
      const br = await lab.svc.call('replay.branch', { runId: parent, tNs: 50e6, change: { change: 'migrate', guest: 'other', to: 'c' } });
      expect((await lab.svc.call('runs.wait', { runId: br.runId })).status).toBe('completed');
      const d = lab.store.runs.get(br.runId);
      expect(d.metrics!.guests.find((g) => g.guest === 'other')!.host).toBe('c');
      expect(lab.store.runs.get(parent).metrics!.guests.find((g) => g.guest === 'other')!.host).toBe('b');
      expect(d.title).toMatch(/migrate other to c/);
      expect(await lab.svc.call('replay.verify', { runId: br.runId })).toMatchObject({ ok: true });
    } finally {
      lab.done();
    }
  });
});

describe('run threads', () => {
  it('a thread reused for the next run records exactly what a fresh one does', async () => {
    const lab = tempLab({ inline: false });
    try {
      const scenario = builtIn('io-emulated-vs-pv', 30);
      const ids: number[] = [];
      for (let i = 0; i < 3; i++) {
        const { runId } = await lab.svc.call('runs.start', { scenario });
        await lab.svc.call('runs.wait', { runId });
        ids.push(runId);
      }
      const runs = ids.map((id) => lab.store.runs.get(id));
      expect(new Set(runs.map((r) => r.chainHash)).size).toBe(1);
      expect(new Set(runs.map((r) => r.eventHash)).size).toBe(1);
      expect(runs[0]!.eventHash).toBe(runScenario(scenario, builtInCatalog()).metrics.eventHash);
    } finally {
      lab.done();
    }
  });
});

describe('cancel and crash', () => {
  it('cancel stops a worker-thread run and leaves it cancelled with its chunks readable', async () => {
    const lab = tempLab({ inline: false });
    try {
      const finished: string[] = [];
      lab.svc.on((name, p) => {
        if (name === 'run.finished') finished.push((p as { status: string }).status);
      });
      const { runId } = await lab.svc.call('runs.start', { scenario: builtIn('consolidation-8', 600_000), confirm: true });
      await new Promise<void>((resolve) => {
        const off = lab.svc.on((name, p) => {
          if (name === 'run.progress' && (p as { events: number }).events > 3 * CHUNK_EVENTS) {
            off();
            resolve();
          }
        });
      });
      await lab.svc.call('runs.cancel', { runId });
      const out = await lab.svc.call('runs.wait', { runId });
      expect(out.status).toBe('cancelled');
      expect(finished).toEqual(['cancelled']);
      const d = lab.store.runs.get(runId);
      expect(d.status).toBe('cancelled');
      expect(d.chunks).toBeGreaterThanOrEqual(3);
      const all = readAll(lab, runId);
      expect(all.reduce((a, c) => a + c.count, 0)).toBe(d.eventCount);
      const v = await lab.svc.call('replay.verify', { runId });
      expect(v).toMatchObject({ ok: true, wholeRun: false });
      expect(v.eventsChecked).toBe(d.eventCount);
    } finally {
      lab.done();
    }
  });

  it('kill -9 during a recording leaves a sound database and an interrupted, readable run', async () => {
    const lab = tempLab();
    const file = lab.file;
    // keep the temp dir; close our connection while the child writes
    lab.svc.close();
    lab.store.close();
    const child = spawn(process.execPath, [new URL('../helpers/record-forever.ts', import.meta.url).pathname, file], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          if (d.toString().includes('chunks 4')) resolve();
        });
        child.on('exit', (code) => reject(new Error(`the recording child exited early (${code})`)));
      });
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
      const raw = openLabDb(file);
      expect(raw.db.pragma('integrity_check', { simple: true })).toBe('ok');
      raw.close();
      const store = openLabStore(file);
      try {
        expect(store.interrupted.length).toBe(1);
        const id = store.interrupted[0]!;
        const d = store.runs.get(id);
        expect(d.status).toBe('interrupted');
        expect(d.chunks).toBeGreaterThanOrEqual(4);
        const index = store.runs.chunkIndex(id);
        let n = 0;
        for (const c of index) n += decodeChunk(store.runs.chunkData(id, c.seq), c.tFirst).count;
        expect(n).toBe(d.eventCount);
        // the rest of the database is untouched: the built-in scenarios are all there
        expect(store.scenarios.list({ limit: 1000 }).total).toBe(builtInCatalog().scenarios.length);
      } finally {
        store.close();
      }
    } finally {
      child.kill('SIGKILL');
      const { rmSync } = await import('node:fs');
      rmSync(lab.dir, { recursive: true, force: true });
    }
  });
});
