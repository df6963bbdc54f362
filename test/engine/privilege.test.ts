import { describe, expect, it } from 'vitest';
import { builtInCatalog } from '../../core/catalog/index.ts';
import { Engine, checkScenario } from '../../core/engine/index.ts';
import { EventKindId, ReasonId } from '../../core/engine/events.ts';
import { Scenario, type VirtMode, Workload } from '../../core/model/index.ts';
import { CollectSink } from '../helpers/collect.ts';

const cat = builtInCatalog();
const KIND = 4, REASON = 5;

function run(profile: string, hypervisor: string, mode: VirtMode, workload: string, extra: Record<string, unknown> = {}) {
  const s = Scenario.parse({
    schemaVersion: 1, id: 'priv', title: 'priv', durationMs: 50,
    hosts: [{ id: 'h', profile, hypervisor }],
    guests: [{ id: 'g', host: 'h', os: 'linux-6', vcpus: 1, memoryMiB: 512, mode, workload: { id: workload }, ...extra }],
  });
  const e = new Engine(s, cat);
  const sink = new CollectSink();
  e.runUntil(Infinity, { sink });
  const ev = sink.events.map((x) => x.split('|').map(Number));
  return { ev, m: e.metrics(), count: (k: number, r: number) => ev.filter((x) => x[KIND] === k && x[REASON] === r).length };
}

describe('the hypervisor out of guests\' reach', () => {
  it('a privileged instruction in guest user mode is a #GP fault in every mode; only without hardware assist does the VMM see it first', () => {
    const hw = run('xeon-e5-2450', 'kvm-qemu', 'hw-nested', 'user-privop');
    const units = hw.m.guests[0]!.unitsCompleted;
    expect(units).toBeGreaterThan(0);
    // one #GP per completed unit, plus at most the one in progress when the run ends
    const faultsPerUnit = (faults: number, n: number) => faults === n || faults === n + 1;
    expect(faultsPerUnit(hw.count(EventKindId.fault, ReasonId.general_protection), units)).toBe(true);
    expect(hw.count(EventKindId.exit, ReasonId.FAULT_BOUNCE)).toBe(0);
    for (const [profile, hv, mode] of [['pentium4-672', 'vmware-workstation', 'bt'], ['xeon-x5570', 'xen', 'xen-pv']] as const) {
      const r = run(profile, hv, mode, 'user-privop');
      const n = r.m.guests[0]!.unitsCompleted;
      expect(n, mode).toBeGreaterThan(0);
      expect(faultsPerUnit(r.count(EventKindId.fault, ReasonId.general_protection), n), mode).toBe(true);
      expect(faultsPerUnit(r.count(EventKindId.exit, ReasonId.FAULT_BOUNCE), n), mode).toBe(true);
    }
  });

  it('an unprivileged guest\'s management hypercall is refused with a permission error; a privileged one is not', () => {
    const w = { id: 'mgmt', name: 'mgmt', description: 'management calls', unit: 'call', ops: [{ op: 'hypercall', count: 1, privileged: true }], demand: { kind: 'closed', concurrency: 1 }, units: 100, memory: { hotSetMiB: 1, hotWriteMiBPerSec: 0, coldWriteMiBPerSec: 0 }, sources: {} };
    const withMgmt = { ...cat, workloads: [...cat.workloads, Workload.parse(w)] };
    const make = (privileged: boolean) => Scenario.parse({
      schemaVersion: 1, id: 'mgmt', title: 'mgmt', durationMs: 50,
      hosts: [{ id: 'h', profile: 'xeon-x5570', hypervisor: 'xen' }],
      guests: [{ id: 'g', host: 'h', os: 'linux-6', vcpus: 1, memoryMiB: 512, mode: 'xen-pv', privileged, workload: { id: 'mgmt' } }],
    });
    for (const privileged of [false, true]) {
      const e = new Engine(make(privileged), withMgmt);
      const sink = new CollectSink();
      e.runUntil(Infinity, { sink });
      const denied = sink.events.filter((x) => { const f = x.split('|').map(Number); return f[KIND] === EventKindId.fault && f[REASON] === ReasonId.permission_denied; }).length;
      expect(denied, String(privileged)).toBe(privileged ? 0 : 100);
    }
  });

  it('device passthrough needs an IOMMU', () => {
    const s = (profile: string) => Scenario.parse({
      schemaVersion: 1, id: 'vf', title: 'vf', durationMs: 10,
      hosts: [{ id: 'h', profile, hypervisor: 'kvm-qemu' }],
      guests: [{ id: 'g', host: 'h', os: 'linux-6', vcpus: 1, memoryMiB: 512, mode: 'hw-nested', devices: { nic: 'sriov-vf' }, workload: { id: 'ttcp' } }],
    });
    expect(checkScenario(s('xeon-e5-2450'), cat).ok).toBe(true);
    const r = checkScenario(s('core2-e6700'), cat);
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.message).join('\n')).toMatch(/IOMMU|SR-IOV|sr-iov|iommu/i);
  });
});
