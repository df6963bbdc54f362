import { describe, expect, it } from 'vitest';
import { builtInCatalog } from '../../core/catalog/index.ts';
import { Engine, checkScenario } from '../../core/engine/index.ts';
import { Scenario, VirtMode } from '../../core/model/index.ts';

/**
 * Every built-in workload, in every virtualization mode a built-in hypervisor offers on a
 * 2009 Xeon, reaches the end of a short run: no path may leave a vCPU re-running at the same
 * simulated instant forever (a batched PV flush once did).
 */
describe('liveness', () => {
  const cat = builtInCatalog();
  const cases: { workload: string; hypervisor: string; mode: VirtMode }[] = [];
  for (const w of cat.workloads) {
    for (const h of cat.hypervisors) {
      for (const mode of VirtMode.options) {
        const s = make(w.id, h.id, mode);
        if (checkScenario(s, cat).ok) cases.push({ workload: w.id, hypervisor: h.id, mode });
      }
    }
  }

  function make(workload: string, hypervisor: string, mode: VirtMode): Scenario {
    return Scenario.parse({
      schemaVersion: 1, id: 'liveness', title: 'liveness', durationMs: 2,
      hosts: [{ id: 'h', profile: 'xeon-x5570', hypervisor }],
      guests: [{ id: 'g', host: 'h', os: 'linux-6', vcpus: 2, memoryMiB: 1024, mode, workload: { id: workload } }],
    });
  }

  it('covers the Xen PV, hardware-assisted and binary-translation modes', () => {
    expect(new Set(cases.map((c) => c.mode))).toEqual(expect.objectContaining({ size: expect.any(Number) }));
    for (const mode of ['xen-pv', 'hw-nested', 'hw-shadow', 'bt'] as const) expect(cases.some((c) => c.mode === mode), mode).toBe(true);
  });

  it('runs every workload to the end of the run in every mode', () => {
    const stuck: string[] = [];
    for (const c of cases) {
      const e = new Engine(make(c.workload, c.hypervisor, c.mode), cat);
      // bounded: a livelock shows as events or dispatches without simulated time moving on
      for (let slice = 1; slice <= 20 && !e.done; slice++) e.runUntil(slice * 0.1e6);
      if (!e.done) stuck.push(`${c.workload} on ${c.hypervisor} (${c.mode}) stopped at ${e.now} ns`);
    }
    expect(stuck).toEqual([]);
  });
});
