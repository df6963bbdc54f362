import { describe, expect, it } from 'vitest';
import { type Catalog, builtInCatalog } from '../../core/catalog/index.ts';
import { runScenario } from '../../core/engine/engine.ts';
import { type GuestMetrics, type Operation, Scenario, Workload, exitsPerUnit } from '../../core/model/index.ts';

/**
 * Shadow paging pays for what a process's life does to the page tables (Adams & Agesen, ASPLOS
 * 2006, §6; Xen xen/arch/x86/mm/shadow/): fork write-protects the parent's PTEs — each store a
 * write trace on a shadowed page-table page — and the child starts with an empty shadow, so each
 * page it touches takes a hidden fault; exit and exec zap the PTEs of a shadowed address space.
 * Nested paging and bare metal do none of this.
 */

type Mode = 'native' | 'bt' | 'hw-shadow' | 'hw-nested';
const builtIn = builtInCatalog();

/** A unit: `ops` and 50 k cycles of other work. */
function load(id: string, ops: Operation[]): Workload {
  return Workload.parse({
    id, name: id, description: 'A process lifecycle test workload.', unit: 'unit', ops: [{ op: 'compute', cycles: 50_000 }, ...ops],
    demand: { kind: 'closed', concurrency: 1 }, memory: { hotSetMiB: 1, hotWriteMiBPerSec: 0, coldWriteMiBPerSec: 0 }, sources: {},
  });
}

/** A P4 672 under VMware Workstation (BT, VT-x with shadow paging), or a Nehalem under KVM (shadow or EPT). */
function run(cat: Catalog, workload: string, mode: Mode, host: 'p4' | 'nehalem' = 'p4'): GuestMetrics {
  const p4 = host === 'p4';
  const s = Scenario.parse({
    schemaVersion: 1, id: 'shadow-test', title: 'shadow', seed: 1, durationMs: 60,
    hosts: [{ id: 'h', profile: p4 ? 'pentium4-672' : 'xeon-x5570', hypervisor: mode === 'native' ? null : p4 ? 'vmware-workstation' : 'kvm-qemu' }],
    guests: [{ id: 'g', host: 'h', os: p4 ? 'linux-2.6.11' : 'linux-6', vcpus: 1, memoryMiB: 512, mode, workload: { id: workload } }],
  });
  return runScenario(s, cat).metrics.guests[0]!;
}

const slowdown = (cat: Catalog, workload: string, mode: Exclude<Mode, 'native'>, host: 'p4' | 'nehalem' = 'p4') =>
  run(cat, workload, 'native', host).throughputPerSec / run(cat, workload, mode, host).throughputPerSec;

describe('forkwait under shadow paging', () => {
  it('is several times slower than native under first-generation VT-x and slower than native under BT', () => {
    const hw = slowdown(builtIn, 'forkwait', 'hw-shadow');
    const bt = slowdown(builtIn, 'forkwait', 'bt');
    expect(hw).toBeGreaterThan(4);
    expect(bt).toBeGreaterThan(1.5);
    expect(hw).toBeGreaterThan(2 * bt); // AA06: the hardware VMM loses to the software VMM on forkwait
  });

  it('is several times slower than nested paging on the same host, which runs it near native speed', () => {
    const shadow = run(builtIn, 'forkwait', 'hw-shadow', 'nehalem').throughputPerSec;
    const nested = run(builtIn, 'forkwait', 'hw-nested', 'nehalem').throughputPerSec;
    expect(nested / shadow).toBeGreaterThan(2);
    expect(slowdown(builtIn, 'forkwait', 'hw-nested', 'nehalem')).toBeLessThan(1.1);
  });
});

describe('a fork, an exec and an exit', () => {
  const touches = [0, 8, 32];
  const cat: Catalog = {
    ...builtIn,
    workloads: [
      ...builtIn.workloads,
      ...touches.map((t) => load(`fork-t${t}`, [{ op: 'fork', count: 1, ptes: 100, childTouches: t }])),
      load('fork-p400', [{ op: 'fork', count: 1, ptes: 400, childTouches: 0 }]),
      load('exit-p100', [{ op: 'exit', count: 1, ptes: 100 }]),
      load('exec-p100', [{ op: 'exec', count: 1, ptes: 100 }]),
      load('pte-100', [{ op: 'pteWrite', count: 100 }]),
    ],
  };

  it('the child\'s first touches are hidden faults under shadow paging (BT and VT-x), none under nested paging or on bare metal', () => {
    for (const mode of ['bt', 'hw-shadow'] as const) {
      const pf = touches.map((t) => run(cat, `fork-t${t}`, mode).exitsByReason.EXCEPTION_PF ?? 0);
      const units = touches.map((t) => run(cat, `fork-t${t}`, mode).unitsCompleted);
      expect(pf[0], mode).toBe(0);
      // a unit still running at the end has taken some of its faults: per completed unit, within 1 %
      expect(pf[1]! / units[1]! / 8, mode).toBeCloseTo(1, 2);
      expect(pf[2]! / units[2]! / 32, mode).toBeCloseTo(1, 2);
    }
    expect(run(cat, 'fork-t32', 'hw-nested', 'nehalem').exitsByReason.EXCEPTION_PF ?? 0).toBe(0);
    expect(exitsPerUnit(run(cat, 'fork-t32', 'hw-nested', 'nehalem'))).toBe(0);
    expect(run(cat, 'fork-t32', 'native').exitsByReason.EXCEPTION_PF ?? 0).toBe(0);
  });

  it('each PTE a fork write-protects is a write trace under VT-x shadow paging: cost grows with the address space', () => {
    const small = run(cat, 'fork-t0', 'hw-shadow');
    const large = run(cat, 'fork-p400', 'hw-shadow');
    expect(exitsPerUnit(small) / 100).toBeCloseTo(1, 2);
    expect(exitsPerUnit(large) / 400).toBeCloseTo(1, 1); // fewer, longer units: the unfinished one weighs more
    expect(small.throughputPerSec / large.throughputPerSec).toBeGreaterThan(3);
    // on bare metal a PTE store is a store
    expect(run(cat, 'fork-t0', 'native').throughputPerSec / run(cat, 'fork-p400', 'native').throughputPerSec).toBeLessThan(1.5);
  });

  it('exit and exec zap a shadowed address space: as costly as the same PTE writes, far more than native', () => {
    const pte = run(cat, 'pte-100', 'hw-shadow').throughputPerSec;
    for (const id of ['exit-p100', 'exec-p100']) {
      expect(run(cat, id, 'hw-shadow').throughputPerSec / pte, id).toBeCloseTo(1, 1);
      expect(slowdown(cat, id, 'hw-shadow'), id).toBeGreaterThan(10);
    }
  });
});
