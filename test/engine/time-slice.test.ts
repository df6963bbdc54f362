// The hypervisor scheduler's time slice, a per-host scenario setting (default: the hypervisor
// profile's, e.g. KVM on Linux 6.x 3 ms, Xen credit2 10 ms; Xen credit's is 30 ms,
// CSCHED_DEFAULT_TSLICE_MS in xen/common/sched/credit.c), and what a switch costs: the
// hypervisor's vcpuSwitch plus refilling the core's private cache (hardware profile).
import { describe, expect, it } from 'vitest';
import { builtInCatalog } from '../../core/catalog/index.ts';
import type { Catalog } from '../../core/catalog/catalog.ts';
import { Engine } from '../../core/engine/index.ts';
import { EventKindId, ReasonId } from '../../core/engine/events.ts';
import { type GuestMetrics, Scenario } from '../../core/model/index.ts';

const cat = builtInCatalog();

/** Two 4-vCPU guests of `workload` on a 4-core KVM host with a `sliceUs` time slice (undefined: the default). */
function twoGuests(workload: 'batch-cpu' | 'ebizzy', sliceUs: number | undefined, pv = true): Scenario {
  const guests = [0, 1].map((i) => ({
    id: `g${i}`, host: 'h', os: 'linux-6', vcpus: 4, memoryMiB: 2048, mode: 'hw-nested',
    workload: { id: workload, demand: { kind: 'closed', concurrency: workload === 'ebizzy' ? 8 : 4 } },
    disabled: pv ? [] : ['pv-spinlock', 'pv-tlb-flush'],
  }));
  const host = { id: 'h', profile: 'xeon-e5-2450', hypervisor: 'kvm-qemu', cores: 4, ...(sliceUs ? { scheduler: { timesliceUs: sliceUs } } : {}) };
  return Scenario.parse({ schemaVersion: 1, id: 'slice', title: 'slice', durationMs: 300, seed: 1, hosts: [host], guests });
}

/** The first guest's metrics and the host's vCPU switches. */
function run(s: Scenario, catalog: Catalog = cat): { g: GuestMetrics; switches: number } {
  const e = new Engine(s, catalog);
  let switches = 0;
  e.runUntil(Infinity, { sink: { event: (_t, _h, _g, _v, kind, reason) => void (kind === EventKindId.schedule && reason === ReasonId.switch_in && switches++) } });
  return { g: e.metrics().guests[0]!, switches };
}

const overheadShare = (c: GuestMetrics['cpu']) => c.hypervisor / (c.guestUser + c.guestKernel + c.exits + c.hypervisor + c.backend);

describe('the scheduler time slice', () => {
  it('is the hypervisor profile\'s unless the scenario sets it for the host', () => {
    const kvmDefault = cat.hypervisors.find((h) => h.id === 'kvm-qemu')!.scheduler.timesliceUs;
    expect(run(twoGuests('batch-cpu', undefined)).switches).toBe(run(twoGuests('batch-cpu', kvmDefault)).switches);
  });

  it('a longer slice means fewer switches and less switch overhead (CPU-bound guests, 3 ms against 30 ms)', () => {
    const short = run(twoGuests('batch-cpu', 3000));
    const long = run(twoGuests('batch-cpu', 30_000));
    expect(long.switches).toBeLessThan(short.switches / 5);
    expect(overheadShare(long.g.cpu)).toBeLessThan(overheadShare(short.g.cpu) / 5);
    expect(long.g.unitsCompleted).toBeGreaterThanOrEqual(short.g.unitsCompleted);
  });

  it('but a longer wait for a preempted shootdown target or lock holder (ebizzy without PV TLB flush and PV spinlocks)', () => {
    const short = run(twoGuests('ebizzy', 3000, false));
    const long = run(twoGuests('ebizzy', 30_000, false));
    expect(long.g.latencyNs.p99).toBeGreaterThan(5 * short.g.latencyNs.p99);
  });

  it('a switch costs the hypervisor\'s vcpuSwitch plus the refill of the core\'s private cache, booked as hypervisor time', () => {
    const bigger: Catalog = { ...cat, profiles: cat.profiles.map((p) => (p.id === 'xeon-e5-2450' ? { ...p, memory: { ...p.memory, privateCacheKiB: 1024 } } : p)) };
    const small = run(twoGuests('batch-cpu', 3000));
    const big = run(twoGuests('batch-cpu', 3000), bigger);
    const profile = cat.profiles.find((p) => p.id === 'xeon-e5-2450')!;
    const vcpuSwitch = cat.hypervisors.find((h) => h.id === 'kvm-qemu')!.costs.vcpuSwitch;
    // 256 KiB: 4096 lines × 80 ns × 2.1 GHz / 10 in flight ≈ 68.8 k cycles; 1 MiB: four times that
    const refill = (kib: number) => ((kib * 16) * profile.memory.latencyNs * profile.cpu.clockGhz) / 10;
    const perSwitchNs = (r: ReturnType<typeof run>) => r.g.cpu.hypervisor / (r.switches / 2); // two guests, alike
    expect(perSwitchNs(small) * profile.cpu.clockGhz).toBeGreaterThan(0.8 * (vcpuSwitch + refill(256)));
    expect(perSwitchNs(big) * profile.cpu.clockGhz).toBeGreaterThan(0.8 * (vcpuSwitch + refill(1024)));
    expect(overheadShare(big.g.cpu)).toBeGreaterThan(3 * overheadShare(small.g.cpu));
    expect(big.g.cpu.guestUser).toBeLessThan(small.g.cpu.guestUser); // the refill comes out of the guest's share
  });
});
