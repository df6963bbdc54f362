// The contract methods the desktop lab uses: replay lanes, markers and paged lists, comparing N
// runs, per-window series, lessons, per-field errors, scoped subscriptions, change events and jobs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EVENT_KINDS } from '../../core/model/index.ts';
import { type LabClient } from '../../core/contract/index.ts';
import { inProcessClient } from '../../core/service/transport.ts';
import { builtIn, tempLab } from '../helpers/lab.ts';

type Lab = ReturnType<typeof tempLab>;

describe('the lab contract for the desktop UI', () => {
  let lab: Lab;
  let api: LabClient;
  let pv: number;
  let emulated: number;
  beforeAll(async () => {
    lab = tempLab();
    api = inProcessClient(lab.svc);
    const base = { ...builtIn('io-emulated-vs-pv', 20), timeline: [{ action: 'set-load' as const, atMs: 10, guest: 'vhost', demand: { kind: 'closed' as const, concurrency: 2 } }] };
    pv = (await api.call('runs.start', { scenario: base })).runId;
    await api.call('runs.wait', { runId: pv });
    const onlyE1000 = { ...base, guests: base.guests.map((g) => ({ ...g, devices: { ...g.devices, nic: 'e1000' as const, nicBackend: undefined } })) };
    emulated = (await api.call('runs.start', { scenario: onlyE1000 })).runId;
    await api.call('runs.wait', { runId: emulated });
  });
  afterAll(() => lab.done());

  it('draws lanes per host, guest and vCPU whose counts add up to the events in the window', async () => {
    const open = await api.call('replay.open', { runId: pv });
    expect(open.vcpus).toEqual([1, 1, 1, 1]);
    expect(open.kinds).toEqual([...EVENT_KINDS]);
    const r = await api.call('replay.lanes', { runId: pv, t0: 0, t1: open.tEnd + 1, buckets: 50 });
    expect(r.lanes.map((l) => l.kind)).toEqual(['host', 'host', 'host', 'host', 'guest', 'vcpu', 'guest', 'vcpu', 'guest', 'vcpu', 'guest', 'vcpu']);
    const hostTotal = r.lanes.filter((l) => l.kind === 'host').reduce((a, l) => a + l.counts.reduce((x, y) => x + y, 0), 0);
    expect(hostTotal).toBe(open.total);
    for (const l of r.lanes) {
      expect(l.counts).toHaveLength(50);
      l.counts.forEach((c, b) => expect(c === 0 ? l.dominant[b] === -1 : l.dominant[b]! >= 0).toBe(true));
    }
    // a narrower window counts fewer events
    const half = await api.call('replay.lanes', { runId: pv, t0: 0, t1: open.tEnd / 2, buckets: 10 });
    expect(half.lanes[0]!.counts.reduce((a, b) => a + b, 0)).toBeLessThan(r.lanes[0]!.counts.reduce((a, b) => a + b, 0));
  });

  it('marks the timeline actions and pages through filtered events', async () => {
    const { markers } = await api.call('replay.markers', { runId: pv });
    expect(markers).toContainEqual(expect.objectContaining({ tNs: 10e6, action: 'set-load', guest: 'vhost' }));
    const page1 = await api.call('replay.list', { runId: pv, limit: 5, filter: { kinds: ['notify'], guest: 2 } });
    expect(page1.events).toHaveLength(5);
    for (const e of page1.events) expect(e).toMatchObject({ kind: 'notify', guest: 2 });
    const page2 = await api.call('replay.list', { runId: pv, from: page1.next!, limit: 5, filter: { kinds: ['notify'], guest: 2 } });
    expect(page2.events[0]!.index).toBeGreaterThan(page1.events[4]!.index);
    const plain = await api.call('replay.list', { runId: pv, from: 3, limit: 4 });
    expect(plain.events.map((e) => e.index)).toEqual([3, 4, 5, 6]);
    expect(plain.next).toBe(7);
  });

  it('compares runs side by side and says that the PV paths exit less', async () => {
    const c = await api.call('runs.compareMany', { runIds: [emulated, pv] });
    expect(c.runs.map((r) => r.id)).toEqual([emulated, pv]);
    const exits = c.rows.find((r) => r.name === 'vhost: exits per unit')!;
    expect(exits.values[1]!).toBeLessThan(exits.values[0]!);
    expect(c.findings).toContainEqual(expect.objectContaining({ id: 'fewer-exits', run: 1, guest: 'vhost' }));
    expect(c.findings).toContainEqual(expect.objectContaining({ id: 'more-pv', run: 1, guest: 'virtio' }));
    // the e1000 guest is the same in both runs: nothing said about it
    expect(c.findings.filter((f) => f.guest === 'e1000')).toEqual([]);
    await expect(api.call('runs.compareMany', { runIds: [pv] })).rejects.toMatchObject({ code: 'invalid-input', fields: [expect.objectContaining({ path: 'runIds' })] });
  });

  it('keeps per-window figures whose units add up to the run total', async () => {
    const s = await api.call('runs.series', { runId: pv });
    expect(s.points.length).toBeGreaterThan(10);
    const m = (await api.call('runs.get', { runId: pv })).metrics!;
    for (const g of m.guests) {
      expect(s.points.reduce((a, p) => a + p.guests.find((x) => x.guest === g.guest)!.units, 0)).toBe(g.unitsCompleted);
    }
    // after the load change vhost completes more per window than before it
    const at = (t: number) => s.points.find((p) => p.tNs >= t)!.guests.find((g) => g.guest === 'vhost')!.units;
    expect(at(18e6)).toBeGreaterThan(at(5e6));
  });

  it('serves the curriculum in both languages', async () => {
    const en = await api.call('lessons.list', { lang: 'en' });
    const sv = await api.call('lessons.list', { lang: 'sv' });
    expect(en.lessons.length).toBeGreaterThanOrEqual(12);
    expect(en.lessons.map((l) => l.id)).toEqual(sv.lessons.map((l) => l.id));
    expect(en.lessons.map((l) => l.order)).toEqual([...en.lessons.map((l) => l.order)].sort((a, b) => a - b));
    expect(sv.lessons[0]!.title).not.toBe(en.lessons[0]!.title);
  });

  it('names each invalid field with a message and a hint, and checks a stored scenario by id', async () => {
    const bad = { ...builtIn('consolidation-8'), durationMs: -1, guests: [{ ...builtIn('consolidation-8').guests[0]!, vcpus: 0 }] };
    const err = await api.call('scenarios.create', { scenario: bad }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'invalid-input' });
    const fields = (err as { fields: { path: string; message: string; hint: string }[] }).fields;
    expect(fields.map((f) => f.path)).toEqual(expect.arrayContaining(['scenario.durationMs', 'scenario.guests.0.vcpus']));
    for (const f of fields) expect(f.hint.length).toBeGreaterThan(0);
    expect((await api.call('scenarios.list', { builtIn: false })).total).toBe(0);
    const byId = await api.call('scenarios.check', { id: 'io-emulated-vs-pv' });
    expect(byId.report.guests.map((g) => g.guest)).toEqual(['e1000', 'virtio', 'vhost', 'sriov']);
  });

  it('sends events only to the run a listener subscribed to, and change events for the catalog and scenarios', async () => {
    const seen: number[] = [];
    const changes: string[] = [];
    const offs = [
      api.on('run.finished', (p) => seen.push(p.runId), { runId: pv + 100 }),
      api.on('catalog.changed', (p) => changes.push(`${p.kind}/${p.id}`)),
      api.on('scenarios.changed', (p) => changes.push(`scenario/${p.id}`)),
    ];
    const r = await api.call('runs.start', { scenario: builtIn('nanobench-syscall', 1), record: false });
    await api.call('runs.wait', { runId: r.runId });
    await new Promise((res) => setTimeout(res, 10));
    expect(seen).toEqual([]);
    await api.call('catalog.duplicate', { kind: 'profiles', id: 'xeon-e5-2450', newId: 'my-sandy' });
    await api.call('scenarios.create', { scenario: { ...builtIn('nanobench-syscall'), id: 'mine', title: 'Mine' } });
    offs.forEach((f) => f());
    expect(changes).toEqual(['profiles/my-sandy', 'scenario/mine']);
  });

  it('hands forms every catalog entry, with which ones are built in', async () => {
    const all = await api.call('catalog.all', {});
    expect(all.profiles.map((p) => p.id)).toEqual(expect.arrayContaining(['xeon-e5-2450', 'my-sandy']));
    expect(all.builtIn['profiles/xeon-e5-2450']).toBe(true);
    expect(all.builtIn['profiles/my-sandy']).toBe(false);
    expect(all.workloads.length).toBeGreaterThan(10);
  });

  it('reports verify progress under its job id and cancels it on request', async () => {
    const progress: number[] = [];
    const finished: boolean[] = [];
    const offs = [
      api.on('job.progress', (p) => progress.push(p.done / p.total), { jobId: 'v1' }),
      api.on('job.finished', (p) => finished.push(p.ok), { jobId: 'v1' }),
    ];
    const ok = await api.call('replay.verify', { runId: pv, jobId: 'v1' });
    expect(ok.ok).toBe(true);
    expect(progress.length).toBeGreaterThan(0);
    expect(finished).toEqual([true]);
    offs.forEach((f) => f());
    expect(await api.call('jobs.cancel', { jobId: 'v1' })).toEqual({ cancelled: false });
  });
});

describe('verification off the service thread', () => {
  it('runs in a worker, stays cancellable by job id, and then verifies when let finish', async () => {
    const lab = tempLab({ inline: false });
    try {
      const api = inProcessClient(lab.svc);
      const { runId } = await api.call('runs.start', { scenario: builtIn('consolidation-8', 400) });
      expect((await api.call('runs.wait', { runId })).status).toBe('completed');
      const off = api.on('job.progress', () => void api.call('jobs.cancel', { jobId: 'slow' }), { jobId: 'slow' });
      await expect(api.call('replay.verify', { runId, jobId: 'slow' })).rejects.toMatchObject({ code: 'cancelled' });
      off();
      // the service thread stayed free while verifying: a call made meanwhile answers first
      const order: string[] = [];
      const verifying = api.call('replay.verify', { runId, jobId: 'whole' }).then((r) => (order.push('verify'), r));
      await api.call('runs.list', {}).then(() => order.push('list'));
      expect((await verifying).ok).toBe(true);
      expect(order).toEqual(['list', 'verify']);
    } finally {
      lab.done();
    }
  });
});

describe('live replay state and branch points off the service thread', () => {
  it('rebuilds live state and prepares a branch in the replay thread, as the inline path does', async () => {
    const threaded = tempLab({ inline: false });
    try {
      const api = inProcessClient(threaded.svc);
      const { runId } = await api.call('runs.start', { scenario: builtIn('consolidation-8', 30) });
      await api.call('runs.wait', { runId });
      const open = await api.call('replay.open', { runId });
      const at = Math.floor(open.total * 0.6);
      const here = threaded.svc.store.runs;
      const { ReplayCursor } = await import('../../core/trace/cursor.ts');
      const plan = here.plan(runId);
      const inline = new ReplayCursor(here.source(runId), { plan, pathNames: here.progress(runId).pathNames, engineVersion: plan.engineVersion }).stateAt(at, true);
      const viaThread = await api.call('replay.state', { runId, event: at });
      expect(viaThread.live).toEqual(inline.live);
      expect(viaThread.guests).toEqual(inline.guests);
      // stepping forward continues in the thread
      expect((await api.call('replay.state', { runId, event: at + 10 })).index).toBe(at + 10);
      await expect(api.call('replay.state', { runId, event: open.total + 5 })).rejects.toMatchObject({ code: 'invalid-input' });
      const b = await api.call('replay.branch', { runId, tNs: 15e6, change: { change: 'host-failure', host: 'host' } });
      expect((await api.call('runs.wait', { runId: b.runId })).status).toBe('completed');
      expect((await api.call('replay.verify', { runId: b.runId })).ok).toBe(true);
    } finally {
      threaded.done();
    }
  });
});
