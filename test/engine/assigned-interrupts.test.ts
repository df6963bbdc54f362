import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../core/catalog/catalog.ts';
import { builtInCatalog } from '../../core/catalog/index.ts';
import { runScenario } from '../../core/engine/engine.ts';
import { NIC_ITR_NS } from '../../core/engine/paths-io.ts';
import { type GuestMetrics, Scenario, type ScenarioInput, exitsPerUnit } from '../../core/model/index.ts';

/**
 * Issue 9 §4, assigned-device interrupts: an SR-IOV VF's interrupt reaches the physical CPU while
 * the guest runs. With posted interrupts (VT-d posted-interrupt descriptors, KVM
 * vmx_deliver_posted_interrupt) it is delivered without an exit; without them each one costs an
 * external-interrupt exit and the injection (ELI, Gordon et al., ASPLOS 2012). Bare metal and the
 * VF moderate interrupts alike (ixgbe/ixgbevf IXGBE_20K_ITR).
 */

const base = builtInCatalog();
const PROFILE = 'xeon-gold-6142'; // Skylake-SP: APICv and posted interrupts

/** The same host with posted interrupts switched off (APICv still virtualizes the EOI). */
const withoutPosted: Catalog = {
  ...base,
  profiles: base.profiles.map((h) => (h.id === PROFILE ? { ...h, virt: { ...h.virt, features: h.virt.features.filter((f) => f !== 'posted-interrupts') } } : h)),
};

function run(cat: Catalog, workload: string, params: Record<string, number>): (id: string) => GuestMetrics {
  const hosts: ScenarioInput['hosts'] = [
    { id: 'native', profile: PROFILE, hypervisor: null },
    { id: 'kvm', profile: PROFILE, hypervisor: 'kvm-qemu' },
  ];
  const w = { id: workload, params };
  const guests: ScenarioInput['guests'] = [
    { id: 'native', host: 'native', os: 'linux-6', vcpus: 1, memoryMiB: 1024, mode: 'native', workload: w },
    { id: 'vf', host: 'kvm', os: 'linux-6', vcpus: 1, memoryMiB: 1024, mode: 'hw-nested', devices: { nic: 'sriov-vf' }, workload: w },
  ];
  const m = runScenario(Scenario.parse({ schemaVersion: 1, id: 'vf-irq', title: 'vf-irq', durationMs: 30, hosts, guests }), cat).metrics;
  return (id) => m.guests.find((x) => x.guest === id)!;
}

describe('assigned-device interrupts', () => {
  it('without posted interrupts every VF interrupt exits and the VF receives slower than bare metal; with them it runs exit-free at bare-metal speed', () => {
    // netperf TCP_MAERTS: the guest blocks on every received segment, so every one interrupts
    const without = run(withoutPosted, 'tcp-maerts', { mtu: 1500 });
    const posted = run(base, 'tcp-maerts', { mtu: 1500 });
    const vfWithout = without('vf');
    expect(base.profiles.find((h) => h.id === PROFILE)!.virt.features).toContain('posted-interrupts');
    // two received segments per unit, each one interrupt, each interrupt an external-interrupt exit
    expect(vfWithout.exitsByReason.EXTERNAL_INTERRUPT ?? 0).toBeGreaterThanOrEqual(2 * vfWithout.unitsCompleted);
    expect(vfWithout.throughputPerSec).toBeLessThan(0.97 * without('native').throughputPerSec);
    expect(exitsPerUnit(posted('vf'))).toBe(0);
    expect(posted('vf').throughputPerSec).toBeGreaterThan(0.98 * posted('native').throughputPerSec);
    expect(posted('vf').throughputPerSec).toBeGreaterThan(1.02 * vfWithout.throughputPerSec);
    // the same bare metal either way
    expect(without('native').throughputPerSec).toBe(posted('native').throughputPerSec);
  });

  it('a VF never beats bare metal: both moderate transmit interrupts alike (IXGBE_20K_ITR, one per 50 µs of frames)', () => {
    expect(NIC_ITR_NS).toBe(50_000);
    for (const cat of [withoutPosted, base]) {
      for (const mtu of [500, 1500, 9000]) {
        const g = run(cat, 'ttcp', { mtu });
        // a tie at most (the last unit of the run may fall either side)
        expect(g('vf').throughputPerSec, `${mtu}`).toBeLessThanOrEqual(1.001 * g('native').throughputPerSec);
      }
    }
    // without posted interrupts the VF's moderated transmit interrupts are what exits, no more
    const g = run(withoutPosted, 'ttcp', { mtu: 1500 });
    expect(Object.keys(g('vf').exitsByReason).filter((r) => (g('vf').exitsByReason[r] ?? 0) > 0)).toEqual(['EXTERNAL_INTERRUPT']);
    expect(exitsPerUnit(g('vf'))).toBeLessThan(0.1);
  });
});
