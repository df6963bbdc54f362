/**
 * A hardware profile's feature passport: which virtualization techniques and PV features the
 * host's hardware allows, and why not the others. The rules are the resolver's own (core/engine
 * compat.ts `modeProblem`, setup.ts passthrough checks, the add-ons' host features), restated
 * over the profile alone so the Hardware page can explain a machine before any scenario uses
 * it. Reasons are message keys with parameters; the page words them from its catalog.
 */
import { type Architecture, type HardwareProfile, type HostFeature, HostFeature as HostFeatureSchema, isX86 } from '../../../core/model/index.ts';

export const TECHNIQUES = ['bt', 'trap-emulate', 'hw-shadow', 'hw-nested', 'xen-pv', 'pvh'] as const;
export type Technique = (typeof TECHNIQUES)[number];

export const PV_FEATURES = ['pv-drivers', 'pv-mmu', 'pv-clock', 'pv-spinlock', 'pv-eoi', 'passthrough'] as const;
export type PvFeature = (typeof PV_FEATURES)[number];

/** One reason, as a message key of the hardware namespace (`passport.why.<key>`) with its parameters. */
export type Why =
  | { key: 'x86' | 'notX86' | 'classicallyVirtualizable'; arch: Architecture }
  | { key: 'notClassicallyVirtualizable' | 'softwareOnly' }
  | { key: 'has' | 'lacks' | 'hardwareAlternative' | 'noHardwareAlternative'; feature: HostFeature }
  | { key: 'nicSriov' | 'nicNoSriov'; nic: string; driver: string };

/** yes: the hardware allows it; limited: it works with a caveat named in the reasons; no: it cannot. */
export type Verdict = 'yes' | 'limited' | 'no';

export interface Entry<T extends string> {
  id: T;
  verdict: Verdict;
  why: Why[];
}

export interface Passport {
  techniques: Entry<Technique>[];
  pv: Entry<PvFeature>[];
  features: { feature: HostFeature; present: boolean }[];
}

const ALL_FEATURES = HostFeatureSchema.options;

export function passport(p: HardwareProfile): Passport {
  const has = (f: HostFeature) => p.virt.features.includes(f);
  const arch = p.arch;
  const x86 = isX86(arch);
  const need = (features: HostFeature[]): Why[] => features.map((f) => ({ key: has(f) ? 'has' : 'lacks', feature: f }));
  const allOf = (features: HostFeature[]): Verdict => (features.every(has) ? 'yes' : 'no');

  const techniques: Entry<Technique>[] = [
    { id: 'bt', verdict: x86 ? 'yes' : 'no', why: [{ key: x86 ? 'x86' : 'notX86', arch }] },
    x86
      ? { id: 'trap-emulate', verdict: 'no', why: [{ key: 'notClassicallyVirtualizable' }] }
      : { id: 'trap-emulate', verdict: 'yes', why: [{ key: 'classicallyVirtualizable', arch }] },
    { id: 'hw-shadow', verdict: allOf(['hw-assist']), why: need(['hw-assist']) },
    { id: 'hw-nested', verdict: allOf(['hw-assist', 'nested-paging']), why: need(['hw-assist', 'nested-paging']) },
    x86
      ? { id: 'xen-pv', verdict: 'yes', why: [{ key: 'x86', arch }, { key: 'softwareOnly' }] }
      : { id: 'xen-pv', verdict: 'no', why: [{ key: 'notX86', arch }] },
    {
      id: 'pvh',
      verdict: x86 && has('hw-assist') && has('nested-paging') ? 'yes' : 'no',
      why: [{ key: x86 ? 'x86' : 'notX86', arch }, ...need(['hw-assist', 'nested-paging'])],
    },
  ];

  const sriov = has('iommu') && has('sr-iov') && p.nic.sriov;
  const nic = `${p.nic.vendor} ${p.nic.model}`;
  const pv: Entry<PvFeature>[] = [
    { id: 'pv-drivers', verdict: 'yes', why: [{ key: 'softwareOnly' }] },
    { id: 'pv-mmu', verdict: x86 ? 'yes' : 'no', why: [{ key: x86 ? 'x86' : 'notX86', arch }] },
    { id: 'pv-clock', verdict: has('invariant-tsc') ? 'yes' : 'limited', why: need(['invariant-tsc']) },
    {
      id: 'pv-spinlock',
      verdict: 'yes',
      why: [{ key: 'softwareOnly' }, { key: has('pause-loop-exiting') ? 'hardwareAlternative' : 'noHardwareAlternative', feature: 'pause-loop-exiting' }],
    },
    {
      id: 'pv-eoi',
      verdict: 'yes',
      why: [{ key: 'softwareOnly' }, { key: has('apicv') ? 'hardwareAlternative' : 'noHardwareAlternative', feature: 'apicv' }],
    },
    {
      id: 'passthrough',
      verdict: sriov ? 'yes' : 'no',
      why: [...need(['iommu', 'sr-iov']), { key: p.nic.sriov ? 'nicSriov' : 'nicNoSriov', nic, driver: p.nic.driver }],
    },
  ];

  return { techniques, pv, features: ALL_FEATURES.map((f) => ({ feature: f, present: has(f) })) };
}

/** Does a profile match a search text (name, id, CPU, generation, architecture, year)? */
export function profileMatches(p: HardwareProfile, search: string): boolean {
  const q = search.trim().toLowerCase();
  if (!q) return true;
  const hay = [p.id, p.name, p.cpu.vendor, p.cpu.model, p.cpu.generation, p.arch, String(p.year), p.virt.assist].join(' ').toLowerCase();
  return q.split(/\s+/).every((w) => hay.includes(w));
}
