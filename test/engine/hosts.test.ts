import { describe, expect, it } from 'vitest';
import { builtInCatalog } from '../../core/catalog/index.ts';
import { Engine } from '../../core/engine/index.ts';
import { EventKindId, NO_GUEST, REASONS, ReasonId } from '../../core/engine/events.ts';
import { MigrationSettings, planPrecopy } from '../../core/engine/migration.ts';
import { Scenario, type ScenarioInput, Workload } from '../../core/model/index.ts';
import { CollectSink } from '../helpers/collect.ts';

const builtIn = builtInCatalog();
// a batch job that rewrites a 256 MiB hot set at 300 MiB/s, faster than QEMU's 128 MiB/s drains it: it cannot converge unaided
const bigWriter = Workload.parse({ ...builtIn.workloads.find((w) => w.id === 'batch-cpu')!, id: 'big-writer', builtIn: false, memory: { hotSetMiB: 256, hotWriteMiBPerSec: 300, coldWriteMiBPerSec: 0 } });
const cat = { ...builtIn, workloads: [...builtIn.workloads, bigWriter] };
const T = 0, HOST = 1, GUEST = 2, KIND = 4, REASON = 5, CYCLES = 6;

function make(input: Partial<ScenarioInput> & Pick<ScenarioInput, 'guests'>): Scenario {
  return Scenario.parse({
    schemaVersion: 1, id: 'hosts', title: 'hosts', durationMs: 3000,
    hosts: [
      { id: 'a', profile: 'xeon-gold-6142', hypervisor: 'kvm-qemu', cores: 4 },
      { id: 'b', profile: 'xeon-platinum-8380', hypervisor: 'kvm-qemu', cores: 4 },
    ],
    ...input,
  });
}

const guest = (id: string, host: string, workload = 'batch-cpu', memoryMiB = 256) =>
  ({ id, host, os: 'linux-6', vcpus: 2, memoryMiB, mode: 'hw-nested' as const, workload: { id: workload } });

function run(s: Scenario, every?: (e: Engine) => void) {
  const e = new Engine(s, cat);
  const sink = new CollectSink();
  if (every) {
    for (let t = 5e6; !e.done; t += 5e6) {
      e.runUntil(t, { sink });
      every(e);
    }
  } else e.runUntil(Infinity, { sink });
  const events = sink.events.map((x) => x.split('|').map(Number));
  const of = (r: (typeof REASONS)[number]) => events.filter((x) => x[KIND] === EventKindId.guest && x[REASON] === ReasonId[r]);
  return { e, events, of, m: e.metrics() };
}

describe('live migration', () => {
  it('runs the planned pre-copy rounds, pauses for the last copy and resumes on the target', () => {
    const s = make({ guests: [guest('web', 'a')], timeline: [{ action: 'migrate', atMs: 10, guest: 'web', to: 'b' }] });
    const { of, events, m } = run(s);
    const batch = cat.workloads.find((w) => w.id === 'batch-cpu')!;
    const plan = planPrecopy({ memoryMiB: 256, memory: batch.memory, linkGbps: 100, settings: MigrationSettings.parse({}) });
    expect(of('migrate_start').map((x) => x[T])).toEqual([10e6]);
    expect(of('migrate_round')).toHaveLength(plan.rounds.length);
    expect(of('migrate_round').map((x) => x[CYCLES])).toEqual(plan.rounds.map((r) => Math.round(r.sentMiB * 1024)));
    const stop = of('migrate_stop_copy')[0]!;
    const done = of('migrate_done')[0]!;
    expect(done[T]! - stop[T]!).toBe(Math.round(plan.downtimeMs * 1e6));
    expect(done[HOST]).toBe(1);
    // the guest runs on a before the hand-over and on b after it, never in between
    const guestEvents = events.filter((x) => x[GUEST] === 0 && x[KIND] !== EventKindId.guest);
    expect(guestEvents.filter((x) => x[T]! < stop[T]!).every((x) => x[HOST] === 0)).toBe(true);
    expect(guestEvents.some((x) => x[T]! > stop[T]! && x[T]! < done[T]!)).toBe(false);
    expect(guestEvents.filter((x) => x[T]! > done[T]!).every((x) => x[HOST] === 1)).toBe(true);
    const g = m.guests[0]!;
    expect(g.host).toBe('b');
    expect(g.service.migrations).toEqual([expect.objectContaining({ to: 'b', rounds: plan.rounds.length, stopReason: plan.stopReason, sentMiB: plan.totalMiB })]);
    expect(g.service.migrations[0]!.downtimeMs).toBeCloseTo(plan.downtimeMs, 3);
    expect(g.service.outagesMs).toHaveLength(1);
    expect(g.service.availability).toBeCloseTo(1 - plan.downtimeMs / 3000, 4);
    expect(g.service.requestsLost).toBe(0);
    expect(m.service.migrations).toBe(1);
  });

  it('refuses a target whose CPU lacks a feature the guest uses, names it, and keeps the guest running', () => {
    const s = make({
      hosts: [{ id: 'a', profile: 'xeon-gold-6142', hypervisor: 'kvm-qemu', cores: 4 }, { id: 'old', profile: 'xeon-e5-2450', hypervisor: 'kvm-qemu' }],
      guests: [guest('web', 'a')], timeline: [{ action: 'migrate', atMs: 10, guest: 'web', to: 'old' }],
    });
    const { of, e, m } = run(s);
    expect(of('migrate_refused').map((x) => x[T])).toEqual([10e6]);
    expect(of('migrate_start')).toHaveLength(0);
    expect(e.warnings().join('\n')).toMatch(/web → old refused: .*lacks avx512/);
    expect(m.guests[0]!.service.availability).toBe(1);
    // with the baseline CPU model it goes
    const ok = run(make({ ...s, guests: [{ ...guest('web', 'a'), cpuModel: 'baseline' }] }));
    expect(ok.of('migrate_done')).toHaveLength(1);
  });
});

describe('dirty tracking', () => {
  it('slows the guest while its memory is copied: write-protection faults cost hypervisor time', () => {
    const base = make({ durationMs: 1500, guests: [guest('writer', 'a', 'big-writer', 1024)] });
    const still = run(base).m.guests[0]!;
    const moving = run({ ...base, timeline: [{ action: 'migrate', atMs: 10, guest: 'writer', to: 'b' }] }).m.guests[0]!;
    expect(moving.service.migrations).toHaveLength(0); // still copying when the run ends
    expect(moving.cpu.hypervisor).toBeGreaterThan(still.cpu.hypervisor * 1.05);
    expect(moving.cyclesPerUnit).toBeGreaterThan(still.cyclesPerUnit);
  });
});

describe('auto-converge', () => {
  it('throttles a guest that dirties memory faster than the link drains, so the copy converges', () => {
    const base = make({ durationMs: 30_000, guests: [guest('writer', 'a', 'big-writer', 1024)], timeline: [{ action: 'migrate', atMs: 10, guest: 'writer', to: 'b' }] });
    const off = run(base).m.guests[0]!;
    const on = run(Scenario.parse({ ...base, migration: { autoConverge: true } })).m.guests[0]!;
    expect(off.service.migrations[0]!.stopReason).toBe('data-limit');
    expect(on.service.migrations[0]!.stopReason).toBe('downtime-met');
    expect(on.service.migrations[0]!.downtimeMs).toBeLessThan(300);
    expect(on.cpu.steal).toBeGreaterThan(off.cpu.steal); // the throttled vCPUs slept
  });
});

describe('maintenance', () => {
  it('evacuates guests one after another, takes the host offline for the duration, and brings it back', () => {
    const s = make({ durationMs: 6000, guests: [guest('g1', 'a'), guest('g2', 'a', 'idle-linux')], timeline: [{ action: 'host-maintenance', atMs: 10, host: 'a', durationMs: 500 }] });
    const { of, events } = run(s);
    const done = of('migrate_done');
    expect(done.map((x) => x[GUEST])).toEqual([0, 1]);
    const starts = of('migrate_start');
    expect(starts[1]![T]).toBe(done[0]![T]); // the second starts when the first has landed
    const offline = events.find((x) => x[REASON] === ReasonId.host_offline)!;
    const online = events.find((x) => x[REASON] === ReasonId.host_online)!;
    expect(offline[GUEST]).toBe(NO_GUEST);
    expect(offline[T]).toBe(done[1]![T]);
    expect(online[T]! - offline[T]!).toBe(500e6);
  });

  it('shuts down a guest with nowhere to go and boots it when the host is back', () => {
    const s = make({
      hosts: [{ id: 'a', profile: 'xeon-gold-6142', hypervisor: 'kvm-qemu', cores: 4 }],
      durationMs: 15_000,
      guests: [guest('g1', 'a', 'idle-linux')], timeline: [{ action: 'host-maintenance', atMs: 10, host: 'a', durationMs: 1000 }],
    });
    const { of, e, m } = run(s);
    expect(of('no_target').map((x) => x[T])).toEqual([10e6]);
    const boot = of('boot')[0]!;
    expect(boot[T]).toBe(10e6 + 1000e6 + 10e9); // back online, then Linux boots in 10 s
    expect(e.warnings().join('\n')).toMatch(/g1 has nowhere to go during a's maintenance/);
    expect(m.guests[0]!.service.outagesMs).toEqual([11_000]);
  });
});

describe('unplanned failure', () => {
  it('with HA, restarts the guests elsewhere after the detection delay and a boot, losing work in flight', () => {
    const s = make({
      durationMs: 12_000, ha: { enabled: true, detectionMs: 100 },
      guests: [{ ...guest('web', 'a', 'specint'), workload: { id: 'specint' } }, guest('other', 'b', 'idle-linux')],
      timeline: [{ action: 'host-failure', atMs: 50, host: 'a' }],
    });
    const { of, m } = run(s);
    expect(of('host_failure').map((x) => [x[T], x[GUEST]])).toEqual([[50e6, 0]]);
    expect(of('ha_restart').map((x) => [x[T], x[HOST]])).toEqual([[150e6, 1]]);
    expect(of('boot').map((x) => x[T])).toEqual([150e6 + 10e9]);
    const g = m.guests[0]!;
    expect(g.host).toBe('b');
    expect(g.status).toBe('running');
    expect(g.service.outagesMs).toEqual([100 + 10_000]);
    expect(g.service.requestsLost).toBeGreaterThan(0);
  });

  it('without HA the guests stay down; with HA but no compatible host the run says so and continues', () => {
    const noHa = run(make({ guests: [guest('web', 'a'), guest('other', 'b', 'idle-linux')], timeline: [{ action: 'host-failure', atMs: 50, host: 'a' }] }));
    expect(noHa.of('ha_restart')).toHaveLength(0);
    expect(noHa.m.guests[0]!.status).toBe('down');
    expect(noHa.m.guests[0]!.service.availability).toBeCloseTo(50 / 3000, 6);
    expect(noHa.e.now).toBe(3000e6); // the other host keeps running

    const s = make({
      ha: { enabled: true, detectionMs: 100 },
      hosts: [{ id: 'a', profile: 'xeon-gold-6142', hypervisor: 'kvm-qemu', cores: 4 }, { id: 'old', profile: 'xeon-e5-2450', hypervisor: 'kvm-qemu' }],
      guests: [guest('web', 'a'), guest('other', 'old', 'idle-linux')],
      timeline: [{ action: 'host-failure', atMs: 50, host: 'a' }],
    });
    const r = run(s);
    expect(r.of('no_target').map((x) => x[T])).toEqual([150e6]);
    expect(r.e.warnings().join('\n')).toMatch(/web: no host can take it after the failure \(.*lacks avx512/);
    expect(r.e.now).toBe(3000e6);
    expect(r.m.guests[1]!.unitsCompleted).toBeGreaterThan(0);
  });

  it('a repaired host boots the guests that stayed down', () => {
    const { of } = run(make({ durationMs: 12_000, guests: [guest('web', 'a'), guest('other', 'b', 'idle-linux')], timeline: [{ action: 'host-failure', atMs: 50, host: 'a' }, { action: 'host-repair', atMs: 500, host: 'a' }] }));
    expect(of('boot').map((x) => [x[T], x[GUEST]])).toEqual([[500e6 + 10e9, 0]]);
  });
});

describe('conservation', () => {
  /** A small deterministic generator for the property test's random timelines. */
  function lcg(seed: number): () => number {
    let x = seed >>> 0;
    return () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  }

  it('over random timelines, a vCPU is on at most one host, never beyond its pCPUs, and a stopped guest runs nowhere', () => {
    const hosts = ['a', 'b', 'c'];
    for (let seed = 1; seed <= 12; seed++) {
      const rnd = lcg(seed);
      const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
      const guests = ['g1', 'g2', 'g3', 'g4'].map((id, i) => guest(id, pick(hosts), pick(['batch-cpu', 'idle-linux', 'game-server']), 128 + 64 * i));
      const timeline: ScenarioInput['timeline'] = [];
      for (let k = 0; k < 4; k++) {
        const atMs = Math.round(rnd() * 2000);
        const r = rnd();
        if (r < 0.5) timeline.push({ action: 'migrate', atMs, guest: pick(guests).id, to: pick(hosts) });
        else if (r < 0.75) timeline.push({ action: 'host-maintenance', atMs, host: pick(hosts), durationMs: 100 + Math.round(rnd() * 500) });
        else timeline.push({ action: 'host-failure', atMs, host: pick(hosts) });
      }
      const s = make({
        seed, durationMs: 2500, ha: { enabled: rnd() < 0.5, detectionMs: 50 },
        hosts: hosts.map((id) => ({ id, profile: 'xeon-gold-6142', hypervisor: 'kvm-qemu', cores: 4 })),
        guests, timeline,
      });
      let checks = 0;
      const { m } = run(s, (e) => {
        const snap = e.inspect();
        const onHosts = snap.hosts.flatMap((h) => h.running);
        expect(new Set(onHosts).size, `seed ${seed}`).toBe(onHosts.length);
        for (const h of snap.hosts) {
          expect(h.running.length, `seed ${seed}`).toBeLessThanOrEqual(h.pcpus);
          if (h.state === 'failed') expect(h.running, `seed ${seed}: nothing runs on a failed host`).toEqual([]);
        }
        for (const g of snap.guests) {
          for (const [i, host] of g.vcpuHosts.entries()) {
            expect(host, `seed ${seed}: a guest's vCPUs are where the guest is`).toBe(g.host);
            if (g.vcpus[i] === 'running' || g.vcpus[i] === 'spinning') expect(snap.hosts.find((h) => h.id === host)!.running).toContain(`${g.id}:${i}`);
          }
          if (g.status !== 'running') expect(onHosts.some((v) => v.startsWith(`${g.id}:`)), `seed ${seed}: ${g.id} is ${g.status}`).toBe(false);
        }
        checks++;
      });
      expect(checks).toBeGreaterThan(100);
      for (const g of m.guests) {
        expect(g.service.availability).toBeGreaterThanOrEqual(0);
        expect(g.service.availability).toBeLessThanOrEqual(1);
        const downMs = g.service.outagesMs.reduce((a, b) => a + b, 0);
        expect(g.service.availability, `seed ${seed} ${g.guest}`).toBeCloseTo(1 - downMs / (m.simulatedNs / 1e6), 6);
      }
    }
  });
});
