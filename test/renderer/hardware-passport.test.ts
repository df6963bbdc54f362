/**
 * The Hardware page's feature passport agrees with the resolver: every technique it calls
 * possible runs (no mode problem) on a guest that fits the host, and every one it refuses is
 * refused by the resolver too, for every built-in profile.
 */
import { describe, expect, it } from 'vitest';
import { builtInCatalog } from '../../core/catalog/index.ts';
import { checkScenario } from '../../core/engine/check.ts';
import { type HardwareProfile, type HypervisorProfile, parseScenario } from '../../core/model/index.ts';
import { passport, profileMatches, TECHNIQUES, type Technique } from '../../renderer/src/pages/hardware-passport.ts';

const catalog = builtInCatalog();
const profile = (id: string) => catalog.profiles.find((p) => p.id === id)!;

/** A hypervisor that offers every technique, so only the hardware (and the OS) can refuse one. */
function omnivisor(): HypervisorProfile {
  const xen = catalog.hypervisors.find((h) => h.id === 'xen')!;
  const vmw = catalog.hypervisors.find((h) => h.id === 'vmware-workstation')!;
  return { ...xen, id: 'omni', modes: [...TECHNIQUES], bt: vmw.bt };
}

function modeProblem(p: HardwareProfile, mode: Technique): string | undefined {
  const os = mode === 'xen-pv' || mode === 'pvh' ? 'linux-6' : 'testkernel';
  const s = parseScenario({
    schemaVersion: 1, id: 't', title: 't', durationMs: 10,
    hosts: [{ id: 'h', profile: p.id, hypervisor: 'omni' }],
    guests: [{ id: 'g', host: 'h', os, vcpus: 1, memoryMiB: 256, mode, workload: { id: 'batch-cpu' } }],
  }, 'test');
  const report = checkScenario(s, { ...catalog, hypervisors: [...catalog.hypervisors, omnivisor()] });
  return report.problems.find((x) => x.where === 'guests.g.mode')?.message;
}

describe('hardware passport', () => {
  it('says no hardware assistance on a Pentium 4 630: binary translation and Xen PV only', () => {
    const pass = passport(profile('pentium4-630'));
    const verdict = Object.fromEntries(pass.techniques.map((t) => [t.id, t.verdict]));
    expect(verdict).toEqual({ bt: 'yes', 'trap-emulate': 'no', 'hw-shadow': 'no', 'hw-nested': 'no', 'xen-pv': 'yes', pvh: 'no' });
    expect(pass.techniques.find((t) => t.id === 'hw-nested')!.why).toEqual([{ key: 'lacks', feature: 'hw-assist' }, { key: 'lacks', feature: 'nested-paging' }]);
    expect(pass.techniques.find((t) => t.id === 'trap-emulate')!.why).toEqual([{ key: 'notClassicallyVirtualizable' }]);
    expect(pass.pv.find((f) => f.id === 'passthrough')!.verdict).toBe('no');
  });

  it('names the missing nested paging on first-generation VT-x', () => {
    const pass = passport(profile('core2-e6700'));
    const nested = pass.techniques.find((t) => t.id === 'hw-nested')!;
    expect(nested.verdict).toBe('no');
    expect(nested.why).toContainEqual({ key: 'lacks', feature: 'nested-paging' });
    expect(nested.why).toContainEqual({ key: 'has', feature: 'hw-assist' });
  });

  it('allows trap-and-emulate but not binary translation or Xen PV on a non-x86 host', () => {
    const pass = passport(profile('power9'));
    const verdict = Object.fromEntries(pass.techniques.map((t) => [t.id, t.verdict]));
    expect(verdict).toMatchObject({ bt: 'no', 'trap-emulate': 'yes', 'xen-pv': 'no', 'hw-nested': 'yes' });
    expect(pass.pv.find((f) => f.id === 'pv-mmu')!.verdict).toBe('no');
  });

  it('allows SR-IOV passthrough only with an IOMMU, SR-IOV and a NIC with virtual functions', () => {
    for (const p of catalog.profiles) {
      const ok = p.virt.features.includes('iommu') && p.virt.features.includes('sr-iov') && p.nic.sriov;
      expect(passport(p).pv.find((f) => f.id === 'passthrough')!.verdict, p.id).toBe(ok ? 'yes' : 'no');
    }
  });

  it('agrees with the resolver on every technique of every built-in profile', () => {
    for (const p of catalog.profiles) {
      for (const t of passport(p).techniques) {
        const problem = modeProblem(p, t.id);
        if (t.verdict === 'yes') expect(problem, `${p.id} ${t.id}`).toBeUndefined();
        else expect(problem, `${p.id} ${t.id}`).toBeDefined();
      }
    }
  });

  it('lists every hardware feature with whether the profile has it', () => {
    const p = profile('xeon-gold-6142');
    const f = passport(p).features;
    expect(f.filter((x) => x.present).map((x) => x.feature).sort()).toEqual([...p.virt.features].sort());
  });

  it('finds profiles by any word of name, CPU, generation, architecture or year', () => {
    expect(catalog.profiles.filter((p) => profileMatches(p, 'power9')).map((p) => p.id)).toEqual(['power9']);
    expect(catalog.profiles.filter((p) => profileMatches(p, 'intel 2005')).map((p) => p.id).sort()).toEqual(['pentium4-630', 'pentium4-672']);
    expect(catalog.profiles.every((p) => profileMatches(p, '  '))).toBe(true);
  });
});
