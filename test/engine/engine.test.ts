import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Engine, EVENT_KINDS, runScenario } from '../../core/engine/index.ts';
import { PvLabError } from '../../core/model/index.ts';
import { fixtureCatalog, scenario, workload } from '../fixtures/catalog.ts';
import { CollectSink } from '../helpers/collect.ts';
import { determinismScenario } from '../helpers/scenarios.ts';

const catalog = fixtureCatalog();
const busy = () => determinismScenario(scenario);

function runCollect(sc = busy(), seed?: number) {
  const sink = new CollectSink();
  const e = new Engine(sc, catalog, seed);
  e.runUntil(Infinity, { sink });
  return { e, sink, metrics: e.metrics() };
}

describe('determinism', () => {
  it('gives the identical event stream for the same scenario and seed, run twice', () => {
    const a = runCollect();
    const b = runCollect();
    expect(a.sink.events.length).toBeGreaterThan(5000);
    expect(b.sink.events).toEqual(a.sink.events);
    expect(b.metrics).toEqual(a.metrics);
    expect(a.metrics.eventHash).toBe(b.metrics.eventHash);
  });

  it('gives the identical stream hash in another process', () => {
    const here = runCollect().metrics;
    const script = fileURLToPath(new URL('../helpers/hash-run.ts', import.meta.url));
    const out = JSON.parse(execFileSync(process.execPath, [script], { encoding: 'utf8' })) as { hash: string; count: number };
    expect(out).toEqual({ hash: here.eventHash, count: here.eventCount });
  });

  it('gives a different stream for a different seed', () => {
    expect(runCollect(busy(), 8).metrics.eventHash).not.toBe(runCollect(busy(), 7).metrics.eventHash);
  });

  it('emits events in time order, with kinds and reasons from the fixed tables', () => {
    const { sink, metrics } = runCollect();
    for (let i = 1; i < sink.times.length; i++) expect(sink.times[i]!).toBeGreaterThanOrEqual(sink.times[i - 1]!);
    expect(Object.keys(metrics.eventsByKind).every((k) => (EVENT_KINDS as readonly string[]).includes(k))).toBe(true);
    expect(Object.values(metrics.eventsByKind).reduce((a, b) => a + b, 0)).toBe(metrics.eventCount);
  });
});

describe('checkpoint and restore', () => {
  it.each([0.5, 7.25, 23, 39.9])('a run resumed from a checkpoint at %f ms emits exactly the events of the uninterrupted run', (ms) => {
    const whole = runCollect();
    const cut = ms * 1e6;
    const first = new Engine(busy(), catalog);
    const head = new CollectSink();
    first.runUntil(cut, { sink: head });
    // through JSON, as the recorder will store it
    const cp = JSON.parse(JSON.stringify(first.checkpoint()));
    const resumed = Engine.restore(busy(), catalog, cp);
    const tail = new CollectSink();
    resumed.runUntil(Infinity, { sink: tail });
    expect([...head.events, ...tail.events]).toEqual(whole.sink.events);
    expect(resumed.metrics()).toEqual(whole.metrics);
  });

  it('refuses a checkpoint of another scenario or engine version, saying why', () => {
    const e = new Engine(busy(), catalog);
    e.runUntil(1e6);
    const cp = e.checkpoint();
    expect(() => Engine.restore({ ...busy(), id: 'other' }, catalog, cp)).toThrow(/belongs to scenario "determinism"/);
    expect(() => Engine.restore(busy(), catalog, { ...cp, engineVersion: '0.0.1' })).toThrow(/written by engine 0.0.1/);
  });
});

describe('accounting', () => {
  it('never spends more CPU on a host than its pCPUs have, and splits every guest cycle', () => {
    const { metrics } = runCollect();
    for (const h of metrics.hosts) {
      const c = h.cpu;
      const guestBusy = c.guestUser + c.guestKernel + c.exits + c.hypervisor;
      expect(guestBusy).toBeLessThanOrEqual(h.pcpus * metrics.simulatedNs * 1.001);
      expect(h.utilization).toBeGreaterThan(0);
    }
    for (const g of metrics.guests) {
      expect(g.cpu.guestUser + g.cpu.guestKernel + g.cpu.exits + g.cpu.hypervisor + g.cpu.backend).toBeGreaterThan(0);
      expect(g.latencyNs.p50).toBeLessThanOrEqual(g.latencyNs.p99);
    }
  });

  it('ends when every finite workload is done, and reports it completed', () => {
    const sc = scenario({ guests: [{ id: 'g', host: 'h', os: 'linux', vcpus: 1, memoryMiB: 512, mode: 'hw-nested', workload: { id: 'pgfault' } }] });
    const { metrics } = runScenario(sc, catalog);
    expect(metrics.workloadsFinished).toBe(true);
    expect(metrics.guests[0]!.unitsCompleted).toBe(5000);
    expect(metrics.simulatedNs).toBeLessThan(sc.durationMs * 1e6);
  });
});

describe('what the lab must show', () => {
  const one = (mode: 'hw-shadow' | 'hw-nested', wl: string, extra: object = {}) =>
    runScenario(scenario({ hosts: [{ id: 'h', profile: mode === 'hw-shadow' ? 'no-ept' : 'test-host', hypervisor: 'test-kvm' }], guests: [{ id: 'g', host: 'h', os: 'linux', vcpus: 1, memoryMiB: 512, mode, workload: { id: wl }, ...extra }] }), catalog).metrics.guests[0]!;

  it('shadow paging exits on page faults and PTE writes; nested paging does not', () => {
    const shadow = one('hw-shadow', 'mix');
    const nested = one('hw-nested', 'mix');
    expect(shadow.exitsByReason.EXCEPTION_PF).toBe(2 * 2 * 3000);
    expect(shadow.exitsByReason.PTE_WRITE).toBe(4 * 3000);
    expect(nested.exitsByReason.EXCEPTION_PF).toBeUndefined();
    expect(shadow.cyclesPerUnit).toBeGreaterThan(nested.cyclesPerUnit * 1.5);
  });

  it('an emulated NIC exits per packet; virtio with a busy backend suppresses its kicks', () => {
    const e1000 = one('hw-nested', 'net', { devices: { nic: 'e1000' } });
    const virtio = one('hw-nested', 'net', { devices: { nic: 'virtio-net' } });
    const perPacket = (g: typeof e1000) => Object.values(g.exitsByReason).reduce((a, b) => a + b, 0) / g.unitsCompleted;
    expect(perPacket(e1000)).toBeGreaterThanOrEqual(2);
    expect(perPacket(virtio)).toBeLessThan(perPacket(e1000) / 10);
    expect(virtio.throughputPerSec).toBeGreaterThan(e1000.throughputPerSec);
  });

  it('a running vCPU takes a TLB-shootdown IPI at once, and the event queue stays small', () => {
    const shoot = workload('shoot', [{ op: 'compute', cycles: 30_000, tlbMissesPerKcycle: 0 }, { op: 'ipi', count: 1, tlbShootdown: true }], { demand: { kind: 'closed', concurrency: 4 } });
    const cat = fixtureCatalog([shoot]);
    const s = scenario({ durationMs: 20, hosts: [{ id: 'h', profile: 'test-host', hypervisor: null }], guests: [{ id: 'g', host: 'h', os: 'linux', vcpus: 4, memoryMiB: 512, mode: 'native', workload: { id: 'shoot' } }] });
    const e = new Engine(s, cat);
    e.runUntil(Infinity);
    const g = e.metrics().guests[0]!;
    // 4 vCPUs × 20 ms of 15 µs units would be 5333 without any IPI cost; the handlers cost a little
    expect(g.unitsCompleted).toBeGreaterThan(4000);
    expect(e.checkpoint().state.kernel.events.length).toBeLessThan(50);
  });

  it('adding guests that share one disk shows the knee: throughput stops growing, waits grow', () => {
    const at = (n: number) => {
      const guests = Array.from({ length: n }, (_, i) => ({ id: `g${i}`, host: 'h', os: 'linux', vcpus: 1, memoryMiB: 512, mode: 'hw-nested' as const, workload: { id: 'disk', units: 1_000_000 } }));
      const m = runScenario(scenario({ durationMs: 50, hosts: [{ id: 'h', profile: 'test-host', hypervisor: 'test-kvm', cores: 64 }], guests }), catalog).metrics;
      const total = m.guests.reduce((a, g) => a + g.throughputPerSec, 0);
      const disk = m.resources.find((r) => r.kind === 'disk')!;
      return { total, wait: disk.meanWaitNs, util: disk.utilization };
    };
    const few = at(4);
    const knee = at(64);
    const beyond = at(128);
    expect(knee.total).toBeGreaterThan(few.total * 4);
    expect(beyond.total).toBeLessThan(knee.total * 1.15); // saturated: hardly any more work
    expect(beyond.wait).toBeGreaterThan(knee.wait * 1.5);
    expect(beyond.util).toBeGreaterThan(0.95);
  });

  describe('lock-holder preemption under overcommit (8 vCPUs on 2 pCPUs)', () => {
    const run = (profile: string, disabled: string[]) =>
      runScenario(scenario({ durationMs: 500, hosts: [{ id: 'h', profile, hypervisor: 'test-kvm', cores: 2 }], guests: [{ id: 'g', host: 'h', os: 'linux', vcpus: 8, memoryMiB: 512, mode: 'hw-nested', disabled: disabled as never, workload: { id: 'lockheavy' } }] }), catalog).metrics.guests[0]!;

    it('without pause-loop exiting, PV spinlocks (halt, then a kick) save most of the spinning', () => {
      const pv = run('no-ple', []);
      const plain = run('no-ple', ['pv-spinlock']);
      expect(pv.unitsCompleted).toBe(400);
      expect(pv.exitsByReason.HLT).toBeGreaterThan(0);
      expect(pv.hypercallsByKind.kick_cpu).toBe(pv.exitsByReason.HLT);
      expect(plain.throughputPerSec).toBeLessThan(pv.throughputPerSec / 3); // spinning on preempted holders
      expect(plain.cyclesPerUnit).toBeGreaterThan(3 * pv.cyclesPerUnit);
    });

    it('with pause-loop exiting, the hardware catches the spinning: PAUSE exits and directed yields', () => {
      const ple = run('test-host', ['pv-spinlock']);
      const noPle = run('no-ple', ['pv-spinlock']);
      expect(ple.unitsCompleted).toBe(400);
      expect(ple.exitsByReason.PAUSE).toBeGreaterThan(0);
      expect(noPle.exitsByReason.PAUSE).toBeUndefined();
      expect(noPle.cyclesPerUnit).toBeGreaterThan(3 * ple.cyclesPerUnit);
    });
  });

  it('refuses to run an impossible scenario, naming the field and the reason', () => {
    const bad = scenario({ hosts: [{ id: 'h', profile: 'no-ept', hypervisor: 'test-kvm' }], guests: [{ id: 'g', host: 'h', os: 'linux', vcpus: 1, memoryMiB: 512, mode: 'hw-nested', workload: { id: 'mix' } }] });
    try {
      new Engine(bad, catalog);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(PvLabError);
      expect((e as PvLabError).details.join('\n')).toMatch(/guests\.g\.mode: hardware-assisted, nested paging needs nested paging/);
    }
  });
});
