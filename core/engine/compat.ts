/**
 * The one compatibility resolver: for a host, hypervisor, guest OS and add-on it answers a
 * status with reasons that name the missing feature or version, and what happens at run time.
 * The engine builds its operation paths from the same answers, so what `pvlab check` reports
 * is what a run does.
 */
import {
  type DeviceModel,
  type GuestOs,
  type HardwareProfile,
  type HostFeature,
  type HvFlag,
  type HypervisorFamily,
  type HypervisorProfile,
  type InboxComponent,
  type PvAddon,
  type PvComponent,
  type PvInterface,
  type VirtMode,
  DEVICE_INFO,
  HV_FLAG_COMPONENT,
  MODE_LABEL,
  compareVersions,
  hasFeature,
  isX86,
  ADDON_STATUSES, type AddonStatus, type RuntimeOutcome, type AddonResolution, type ComponentState, type ComponentResolution,
} from '../model/index.ts';

export { ADDON_STATUSES, type AddonStatus, type RuntimeOutcome, type AddonResolution, type ComponentState, type ComponentResolution };

export interface CompatContext {
  profile: HardwareProfile;
  hypervisor: HypervisorProfile | null;
  os: GuestOs;
}

const FAMILY_LABEL: Record<HypervisorFamily, string> = {
  kvm: 'KVM',
  xen: 'Xen',
  hyperv: 'Hyper-V',
  vmware: 'VMware',
  virtualbox: 'VirtualBox',
};

const FEATURE_LABEL: Record<HostFeature, string> = {
  'hw-assist': 'hardware virtualization (VT-x/AMD-V)',
  'nested-paging': 'nested paging (EPT/NPT)',
  vpid: 'tagged TLB (VPID/ASID)',
  apicv: 'APIC virtualization',
  'posted-interrupts': 'posted interrupts',
  'tpr-shadow': 'TPR shadowing',
  'pause-loop-exiting': 'pause-loop exiting',
  'invariant-tsc': 'an invariant TSC',
  iommu: 'an IOMMU (VT-d/AMD-Vi)',
  'sr-iov': 'SR-IOV',
  avx512: 'AVX-512',
  vhe: 'VHE',
};

export function featureLabel(f: HostFeature): string {
  return FEATURE_LABEL[f];
}

function osLabel(os: GuestOs): string {
  return `${os.name} (${os.version})`;
}

function addonLabel(a: PvAddon): string {
  return `${a.name} ${a.version}`;
}

/** Does the hypervisor offer every interface in `needs`? Returns the missing ones. */
export function missingInterfaces(hv: HypervisorProfile | null, needs: readonly PvInterface[]): PvInterface[] {
  if (!hv) return [...needs];
  return needs.filter((n) => !hv.pvInterfaces.includes(n));
}

/** Resolve one add-on version against one guest on one host. */
export function resolveAddon(ctx: CompatContext, addon: PvAddon): AddonResolution {
  const { profile, hypervisor, os } = ctx;
  const r = addon.requires;
  const name = addonLabel(addon);
  const refuse = (status: AddonStatus, reasons: string[]): AddonResolution => ({ addon: addon.id, status, outcome: 'install-refused', reasons });

  if (os.family !== r.osFamily) {
    return refuse('unsupported', [`${name} is for ${r.osFamily} guests; this guest runs ${osLabel(os)}`]);
  }
  const guestArch = os.archs.includes(profile.arch) ? profile.arch : os.archs[0]!;
  if (!r.archs.includes(guestArch)) {
    return refuse('unsupported', [`${name} supports ${r.archs.join(', ')}; this guest is ${guestArch}`]);
  }
  if (r.minOsVersion && compareVersions(os.version, r.minOsVersion) < 0) {
    return refuse('too-new', [`${name} requires ${r.osFamily} ${r.minOsVersion} or later; this guest runs ${osLabel(os)}`]);
  }
  if (hypervisor && r.minHypervisorVersion && r.hypervisorFamilies.includes(hypervisor.family) && compareVersions(hypervisor.version, r.minHypervisorVersion) < 0) {
    return refuse('too-new', [`${name} requires ${FAMILY_LABEL[hypervisor.family]} ${r.minHypervisorVersion} or later; this host runs ${hypervisor.name} ${hypervisor.version}`]);
  }
  const bad = addon.blacklist.find((b) => os.version === b.osVersion || os.version.startsWith(`${b.osVersion}.`));
  if (bad) {
    return { addon: addon.id, status: 'blacklisted', outcome: 'crash', reasons: [`${name} is blacklisted on ${osLabel(os)}: ${bad.reason}`] };
  }
  if (!hypervisor) {
    return { addon: addon.id, status: 'inactive-on-hypervisor', outcome: 'inactive', reasons: [`${name} needs a ${r.hypervisorFamilies.map((f) => FAMILY_LABEL[f]).join(' or ')} hypervisor; this guest runs on bare metal`] };
  }
  if (!r.hypervisorFamilies.includes(hypervisor.family)) {
    return {
      addon: addon.id,
      status: 'inactive-on-hypervisor',
      outcome: 'inactive',
      reasons: [`${name} talks to ${r.hypervisorFamilies.map((f) => FAMILY_LABEL[f]).join(' or ')}; this host runs ${hypervisor.name}, so it installs but stays inactive`],
    };
  }
  const missing = [...new Set(addon.components.flatMap((c) => missingInterfaces(hypervisor, c.needs)))];
  if (missing.length > 0 && addon.components.every((c) => missingInterfaces(hypervisor, c.needs).length > 0)) {
    return {
      addon: addon.id,
      status: 'inactive-on-hypervisor',
      outcome: 'inactive',
      reasons: [`${hypervisor.name} does not offer ${missing.join(', ')}, which ${name} needs`],
    };
  }
  if (r.maxOsVersion && compareVersions(os.version, r.maxOsVersion) > 0) {
    return {
      addon: addon.id,
      status: 'too-old',
      outcome: 'fallback',
      reasons: [`${name} supports ${r.osFamily} up to ${r.maxOsVersion}; this guest runs ${osLabel(os)}, so its PV calls fail and fall back to emulation`],
    };
  }
  const minAddon = hypervisor.minAddonVersions[addon.product];
  if (minAddon && compareVersions(addon.version, minAddon) < 0) {
    return {
      addon: addon.id,
      status: 'too-old',
      outcome: 'fallback',
      reasons: [`${hypervisor.name} ${hypervisor.version} expects ${addon.product} ${minAddon} or later; ${name} is too old, so its PV calls fail and fall back to emulation`],
    };
  }
  const hw = hardwareProblems(profile, addon);
  if (hw.length > 0) {
    return { addon: addon.id, status: 'incompatible-hardware', outcome: addon.onForeignHardware, reasons: hw };
  }
  return { addon: addon.id, status: 'current', outcome: 'active', reasons: [`${name} is supported on ${osLabel(os)} with ${hypervisor.name}`] };
}

function hardwareProblems(profile: HardwareProfile, addon: PvAddon): string[] {
  const out: string[] = [];
  for (const c of addon.components) {
    for (const f of c.hostFeatures) {
      if (!hasFeature(profile, f)) out.push(`${addonLabel(addon)} (${c.component}) needs ${FEATURE_LABEL[f]}; ${profile.name} lacks it`);
    }
    if (c.nicDrivers && !c.nicDrivers.includes(profile.nic.driver)) {
      out.push(`${addonLabel(addon)} drives VFs of ${c.nicDrivers.join('/')} NICs; this host has a ${profile.nic.vendor} ${profile.nic.model} (${profile.nic.driver})`);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Per-guest PV state: which components are active, failing or inactive, and why.

/** The interface a device-less component uses on each hypervisor family. */
const FEATURE_INTERFACE: Record<HypervisorFamily, PvInterface> = {
  kvm: 'kvm-pv',
  xen: 'xen-evtchn',
  hyperv: 'hyperv-enlightenments',
  vmware: 'vmware-backdoor',
  virtualbox: 'vbox-vmmdev',
};

const STATE_RANK: Record<ComponentState, number> = { active: 3, fallback: 2, crash: 1, inactive: 0 };

export interface GuestPvInput extends CompatContext {
  mode: VirtMode;
  addons: readonly PvAddon[];
  disabled: readonly PvComponent[];
  /** QEMU hv-* flags the scenario gives the guest (KVM hosts only). */
  hvFlags?: readonly HvFlag[];
}

/**
 * The QEMU hv-* flag that offers a Windows guest's Hyper-V component `ib` on a KVM host, or
 * undefined. QEMU implements the enlightenments for Windows guests (docs/system/i386/hyperv.rst);
 * a Linux guest on KVM keeps KVM's own PV interfaces.
 */
function hvFlagOffering(input: GuestPvInput, ib: InboxComponent): HvFlag | undefined {
  if (input.hypervisor?.family !== 'kvm' || input.os.family !== 'windows' || !ib.families.includes('hyperv')) return undefined;
  return input.hvFlags?.find((f) => HV_FLAG_COMPONENT[f] === ib.component);
}

/**
 * Every PV component the guest has, inbox or from add-ons, with its state. Where several
 * sources provide a component (inbox driver and an add-on), the best state wins.
 */
export function resolveGuestPv(input: GuestPvInput): { components: ComponentResolution[]; addons: AddonResolution[] } {
  const { hypervisor, os, profile, mode } = input;
  const addons = input.addons.map((a) => resolveAddon(input, a));
  const found: ComponentResolution[] = [];
  const offer = (c: ComponentResolution) => {
    if (input.disabled.includes(c.component)) {
      c = { ...c, state: 'inactive', reason: `${c.component} is switched off in the guest` };
    }
    found.push(c);
  };

  if (mode === 'native' || !hypervisor) {
    return { components: [], addons };
  }
  for (const ib of os.inbox) {
    const onFamily = ib.families.includes(hypervisor.family);
    const needs = ib.device ? (hypervisor.devices[ib.device]?.needs ?? null) : [FEATURE_INTERFACE[hypervisor.family]];
    let state: ComponentState = 'active';
    let reason = `in the box with ${os.name}`;
    const flag = hvFlagOffering(input, ib);
    if (flag && (!ib.device || hypervisor.devices[ib.device])) {
      reason = `${os.name}'s Hyper-V ${ib.component} on ${hypervisor.name}, offered by QEMU's ${flag}`;
    } else if (!onFamily) {
      state = 'inactive';
      reason = `${os.name}'s ${ib.component} driver is for ${ib.families.map((f) => FAMILY_LABEL[f]).join('/')}; this host runs ${hypervisor.name}`;
    } else if (needs === null) {
      state = 'inactive';
      reason = `${hypervisor.name} offers no ${ib.device} device`;
    } else if (missingInterfaces(hypervisor, needs).length > 0) {
      state = 'inactive';
      reason = `${hypervisor.name} does not offer ${missingInterfaces(hypervisor, needs).join(', ')}`;
    } else if (ib.nicDrivers && !ib.nicDrivers.includes(profile.nic.driver)) {
      state = 'fallback';
      reason = `${os.name} has VF drivers for ${ib.nicDrivers.join('/')}; this host's NIC is ${profile.nic.model} (${profile.nic.driver})`;
    }
    offer({ component: ib.component, ...(ib.device ? { device: ib.device } : {}), state, origin: 'inbox', reason });
  }
  input.addons.forEach((addon, i) => {
    const res = addons[i]!;
    if (res.outcome === 'install-refused' || res.outcome === 'not-installed') return;
    for (const c of addon.components) {
      let state: ComponentState;
      let reason = res.reasons[0] ?? '';
      if (res.outcome === 'inactive') state = 'inactive';
      else if (res.outcome === 'crash') state = 'crash';
      else if (res.outcome === 'fallback') state = 'fallback';
      else {
        const miss = missingInterfaces(hypervisor, c.needs);
        if (miss.length > 0) {
          state = 'inactive';
          reason = `${hypervisor.name} does not offer ${miss.join(', ')} for ${c.component}`;
        } else state = 'active';
      }
      offer({ component: c.component, ...(c.device ? { device: c.device } : {}), state, origin: addon.id, reason });
    }
  });
  // best state per (component, device)
  const best = new Map<string, ComponentResolution>();
  for (const c of found) {
    const key = `${c.component}/${c.device ?? ''}`;
    const prev = best.get(key);
    if (!prev || STATE_RANK[c.state] > STATE_RANK[prev.state]) best.set(key, c);
  }
  return { components: [...best.values()], addons };
}

/** The state of a component (optionally for one device), or undefined when the guest has none. */
export function componentState(components: readonly ComponentResolution[], component: PvComponent, device?: DeviceModel): ComponentResolution | undefined {
  let hit: ComponentResolution | undefined;
  for (const c of components) {
    if (c.component !== component) continue;
    if (device && c.device && c.device !== device) continue;
    if (!hit || STATE_RANK[c.state] > STATE_RANK[hit.state]) hit = c;
  }
  return hit;
}

// ---------------------------------------------------------------------------------------------
// Modes

/** Why a technique cannot run here, or null when it can. */
export function modeProblem(profile: HardwareProfile, hypervisor: HypervisorProfile | null, os: GuestOs, mode: VirtMode, pv: readonly ComponentResolution[]): string | null {
  if (!os.archs.includes(profile.arch) && !(profile.arch === 'x86_64' && os.archs.includes('i686'))) {
    return `${os.name} runs on ${os.archs.join('/')}; ${profile.name} is ${profile.arch}`;
  }
  if (mode === 'native') {
    return hypervisor ? `a native guest runs on bare metal: set host hypervisor to null, or pick a virtualization mode` : null;
  }
  if (!hypervisor) return `${MODE_LABEL[mode]} needs a hypervisor on the host; this host is bare metal`;
  if (mode === 'trap-emulate' && isX86(profile.arch)) {
    return 'x86 is not classically virtualizable (Popek & Goldberg): instructions such as POPF and SGDT are sensitive but do not trap in user mode, so pure trap-and-emulate cannot work. Use binary translation (bt), a Xen PV guest (xen-pv) or hardware assistance (hw-shadow / hw-nested)';
  }
  if (!hypervisor.modes.includes(mode)) {
    return `${hypervisor.name} does not offer ${MODE_LABEL[mode]}; it offers ${hypervisor.modes.map((m) => `${m} (${MODE_LABEL[m]})`).join(', ')}`;
  }
  if (mode === 'bt' && !isX86(profile.arch)) return `binary translation VMMs exist only for x86; ${profile.name} is ${profile.arch}`;
  if ((mode === 'hw-shadow' || mode === 'hw-nested' || mode === 'pvh') && !hasFeature(profile, 'hw-assist')) {
    return `${MODE_LABEL[mode]} needs ${FEATURE_LABEL['hw-assist']}; ${profile.name} has none. Use binary translation (bt) or a Xen PV guest (xen-pv)`;
  }
  if ((mode === 'hw-nested' || mode === 'pvh') && !hasFeature(profile, 'nested-paging')) {
    return `${MODE_LABEL[mode]} needs ${FEATURE_LABEL['nested-paging']}; ${profile.name} has first-generation hardware assistance without it. Use hw-shadow`;
  }
  if (mode === 'xen-pv' || mode === 'pvh') {
    if (!isX86(profile.arch)) return `${MODE_LABEL[mode]} guests exist only on x86`;
    const mmu = componentState(pv, 'pv-mmu');
    if (!os.xenPvKernel && mmu?.state !== 'active') {
      return `${MODE_LABEL[mode]} needs a guest kernel ported to Xen's PV interface; ${os.name} has none${mmu ? ` (${mmu.reason})` : ''}. Install the XenLinux PV kernel port or use hw-nested`;
    }
  }
  return null;
}

/** A device's kind as the guest sees it. */
export function deviceKind(d: DeviceModel) {
  return DEVICE_INFO[d].kind;
}
