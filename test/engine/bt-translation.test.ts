import { describe, expect, it } from 'vitest';
import { type Catalog, builtInCatalog } from '../../core/catalog/index.ts';
import { runScenario } from '../../core/engine/engine.ts';
import { KERNEL_CALL_RETURNS_PER_KCYCLE } from '../../core/engine/paths-mmu.ts';
import { type GuestMetrics, type HypervisorProfile, type Operation, Scenario, Workload, exitsPerUnit } from '../../core/model/index.ts';

/**
 * Binary translation runs the guest kernel translated (Adams & Agesen, ASPLOS 2006): user code
 * runs directly, so a workload pays in proportion to the share of its time spent in the guest
 * kernel; and a hosted VMM (VMware Workstation) reaches a device modelled in its host process by
 * a world switch on every register access (Sugerman, Venkitachalam & Lim, USENIX ATC 2001).
 */

const builtIn = builtInCatalog();

function withWorkloads(cat: Catalog, ...extra: Workload[]): Catalog {
  return { ...cat, workloads: [...cat.workloads, ...extra] };
}

function computeLoad(kernelShare: number): Workload {
  const ops: Operation[] = [{ op: 'compute', cycles: 1_000_000, tlbMissesPerKcycle: 0, kernelShare }];
  return Workload.parse({
    id: `compute-k${Math.round(kernelShare * 100)}`, name: 'compute', description: 'A compute slice with a guest-kernel share.', unit: 'slice', ops,
    demand: { kind: 'closed', concurrency: 1 }, memory: { hotSetMiB: 1, hotWriteMiBPerSec: 0, coldWriteMiBPerSec: 0 }, sources: {},
  });
}

function run(cat: Catalog, workload: string, mode: 'native' | 'bt' | 'hw-shadow', opts: { hypervisor?: string; profile?: string; nic?: 'e1000' } = {}): GuestMetrics {
  const hv = mode === 'native' ? null : (opts.hypervisor ?? 'vmware-workstation');
  const s = Scenario.parse({
    schemaVersion: 1, id: 'bt-test', title: 'bt', seed: 1, durationMs: 60,
    hosts: [{ id: 'h', profile: opts.profile ?? 'pentium4-672', hypervisor: hv }],
    guests: [{ id: 'g', host: 'h', os: 'linux-2.6.11', vcpus: 1, memoryMiB: 512, mode, workload: { id: workload }, ...(opts.nic ? { devices: { nic: opts.nic } } : {}) }],
  });
  return runScenario(s, cat).metrics.guests[0]!;
}

/** Native time of a unit over its time under `mode`: how many times slower the guest runs. */
const slowdown = (cat: Catalog, workload: string, mode: 'bt' | 'hw-shadow', opts: { hypervisor?: string; nic?: 'e1000' } = {}) =>
  run(cat, workload, 'native', opts).throughputPerSec / run(cat, workload, mode, opts).throughputPerSec;

describe('binary translation pays on the guest-kernel share', () => {
  const shares = [0, 0.25, 0.5, 1];
  const cat = withWorkloads(builtIn, ...shares.map(computeLoad));

  it('user code runs at native speed; the more of a unit is guest-kernel code, the larger the overhead', () => {
    const ratios = shares.map((k) => slowdown(cat, `compute-k${Math.round(k * 100)}`, 'bt'));
    expect(ratios[0]).toBeCloseTo(1, 2);
    for (let i = 1; i < ratios.length; i++) expect(ratios[i]!).toBeGreaterThan(ratios[i - 1]! + 0.01);
    // all-kernel code pays the translation cache's call/return cost (AA06: 51 against 11 cycles per pair)
    const bt = builtIn.hypervisors.find((h) => h.id === 'vmware-workstation')!.bt!;
    expect(ratios[3]).toBeCloseTo(1 + (KERNEL_CALL_RETURNS_PER_KCYCLE * bt.callRet) / 1000, 2);
  });

  it('the translated share is booked to the VMM, and the kernel share to the guest kernel, also on bare metal', () => {
    const native = run(cat, 'compute-k50', 'native').cpu;
    expect(native.guestKernel / (native.guestKernel + native.guestUser)).toBeCloseTo(0.5, 2);
    const bt = run(cat, 'compute-k50', 'bt').cpu;
    expect(bt.hypervisor).toBeGreaterThan(0.1 * bt.guestKernel);
  });

  it('hardware assistance runs the guest kernel untranslated: the kernel share costs nothing there', () => {
    expect(slowdown(cat, 'compute-k100', 'hw-shadow')).toBeCloseTo(1, 2);
  });

  it('forkwait, almost all guest-kernel work, runs well below native speed under BT', () => {
    const fw = builtIn.workloads.find((w) => w.id === 'forkwait')!;
    const share = fw.ops.find((o) => o.op === 'compute');
    expect(share?.op === 'compute' ? share.kernelShare : 0).toBeGreaterThan(0.9);
    expect(slowdown(builtIn, 'forkwait', 'bt')).toBeGreaterThan(1.5);
  });
});

describe('a hosted VMM pays a world switch per device access', () => {
  const workstation = builtIn.hypervisors.find((h) => h.id === 'vmware-workstation')!;
  // the same monitor as a bare-metal VMM whose e1000 model runs in its own kernel (as ESX's does)
  const bareMetal: HypervisorProfile = {
    ...workstation, id: 'workstation-bare-metal', hosted: false,
    devices: { ...workstation.devices, e1000: { ...workstation.devices.e1000!, home: 'kernel' } },
  };
  const cat: Catalog = { ...builtIn, hypervisors: [...builtIn.hypervisors, bareMetal] };

  it('the same e1000 traffic under BT costs more per packet on the hosted VMM, in world switches to the host', () => {
    const hosted = run(cat, 'ttcp', 'bt', { nic: 'e1000' });
    const bare = run(cat, 'ttcp', 'bt', { nic: 'e1000', hypervisor: 'workstation-bare-metal' });
    const perUnit = (g: GuestMetrics) => (g.cpu.hypervisor + g.cpu.exits) / g.unitsCompleted;
    expect(perUnit(hosted)).toBeGreaterThan(1.5 * perUnit(bare));
    expect(exitsPerUnit(hosted)).toBeGreaterThan(exitsPerUnit(bare));
    expect(hosted.exitsByReason.BT_CALLOUT ?? 0).toBeGreaterThan(0);
    expect(bare.exitsByReason.BT_CALLOUT ?? 0).toBe(0);
  });
});

describe('the guest\'s network stack runs translated under BT', () => {
  const workstation = builtIn.hypervisors.find((h) => h.id === 'vmware-workstation')!;
  // a bare-metal VMM and a NIC model with no register exits: what is left is the stack and the interrupts
  const quietNic: HypervisorProfile = {
    ...workstation, id: 'workstation-quiet-nic', hosted: false,
    devices: { ...workstation.devices, e1000: { ...workstation.devices.e1000!, home: 'kernel', exitsPerRequest: 0, exitsPerInterrupt: 0, requestsPerInterrupt: 1000 } },
  };
  const send = Workload.parse({
    id: 'bare-send', name: 'send', description: 'One 1,500-byte frame sent.', unit: 'frame', ops: [{ op: 'netSend', count: 1, bytes: 1500 }],
    demand: { kind: 'closed', concurrency: 1 }, memory: { hotSetMiB: 1, hotWriteMiBPerSec: 0, coldWriteMiBPerSec: 0 }, sources: {},
  });
  const cat: Catalog = { ...withWorkloads(builtIn, send), hypervisors: [...builtIn.hypervisors, quietNic] };

  it('the VMM\'s share of a send is the translation cost of the stack\'s kernel code', () => {
    const g = run(cat, 'bare-send', 'bt', { nic: 'e1000', hypervisor: 'workstation-quiet-nic' });
    const expected = (KERNEL_CALL_RETURNS_PER_KCYCLE * workstation.bt!.callRet) / 1000;
    expect(g.cpu.hypervisor / g.cpu.guestKernel).toBeGreaterThan(0.9 * expected);
    expect(g.cpu.hypervisor / g.cpu.guestKernel).toBeLessThan(1.2 * expected);
  });
});
