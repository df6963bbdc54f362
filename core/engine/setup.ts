/**
 * From a validated scenario and a catalog to everything the engine needs per host and guest:
 * profiles, the effective devices, the PV state and the problems that stop a run.
 */
import {
  type Demand,
  type DeviceModel,
  type GuestOs,
  type GuestSpec,
  type HardwareProfile,
  type HypervisorProfile,
  type Operation,
  type PvAddon,
  type Scenario,
  type Workload,
  DEVICE_INFO,
  HV_FLAG_COMPONENT,
  hasFeature,
  hostCores, type SetupProblem } from '../model/index.ts';
import { type Catalog, lookup } from '../catalog/catalog.ts';
import { type AddonResolution, type ComponentResolution, componentState, featureLabel, modeProblem, resolveGuestPv } from './compat.ts';
import { type EffectiveDevice, type GuestEnv, type ResourceRefs } from './paths.ts';
import { nicInterruptIntervalNs } from './paths-io.ts';
import { idleTickRates } from './timer-ticks.ts';

export interface HostSetup {
  index: number;
  id: string;
  profile: HardwareProfile;
  hypervisor: HypervisorProfile | null;
  pcpus: number;
  /** The scheduler's time slice: the scenario's setting for this host, else the hypervisor's default (Infinity on bare metal). */
  timesliceNs: number;
}

/** Whether a workload is the idle loop, which runs on every vCPU whatever its concurrency (demand.ts, jobs.ts). */
export function idleLoop(ops: readonly Operation[]): boolean {
  return ops.every((op) => op.op === 'idle');
}

/**
 * The most jobs guest `guest` can hold in a run of `scenario`: its largest closed-load concurrency
 * (its demand, or a load change on the timeline) where that exceeds its vCPUs, else 0. Decided
 * from the scenario alone: a restore builds the same paths from it, and a check can bound a run's
 * state before building anything.
 */
export function mostJobs(scenario: Scenario, guest: GuestSetup): number {
  if (idleLoop(guest.ops)) return 0;
  const spec = guest.spec;
  const jobsFor = (d: Demand | undefined) => (d?.kind === 'closed' && d.concurrency > spec.vcpus ? d.concurrency : 0);
  let most = jobsFor(spec.workload.demand ?? guest.workload.demand);
  for (const a of scenario.timeline) if (a.action === 'set-load' && a.guest === spec.id) most = Math.max(most, jobsFor(a.demand));
  return most;
}

/** Threads of closed loads beyond the guests' vCPUs a scenario may have in all (jobs.ts). */
export const MAX_GUEST_THREADS = 1_000_000;

export interface GuestSetup {
  index: number;
  spec: GuestSpec;
  host: number;
  os: GuestOs;
  workload: Workload;
  ops: Operation[];
  params: Record<string, number>;
  pv: ComponentResolution[];
  addons: AddonResolution[];
  nic: EffectiveDevice | null;
  disk: EffectiveDevice | null;
  clock: EffectiveDevice;
  /** Timer interrupts per second of each idle vCPU (timer-ticks.ts). */
  idleTickHz: number[];
  warnings: string[];
}

export type { SetupProblem };

function deviceFor(host: HostSetup, g: GuestSpec, model: DeviceModel, pv: readonly ComponentResolution[]): EffectiveDevice | null {
  const hv = host.hypervisor;
  if (g.mode === 'native' || !hv) return { model, impl: null, driver: null, fallback: null, home: 'native' };
  let impl = hv.devices[model] ?? null;
  if (!impl) return null;
  if (model === 'virtio-net' && g.devices.nicBackend === 'userspace' && impl.home === 'kernel') {
    impl = { ...impl, home: 'userspace', needs: impl.needs.filter((n) => n !== 'vhost') };
  }
  const kind = DEVICE_INFO[model].kind;
  const driver = kind === 'pv' || kind === 'passthrough' ? (componentState(pv, kind === 'passthrough' ? 'vf-driver' : componentFor(model), kind === 'passthrough' ? undefined : model) ?? null) : null;
  return { model, impl, driver, fallback: null, home: impl.home };
}

function componentFor(model: DeviceModel) {
  const c = DEVICE_INFO[model].class;
  return c === 'net' ? 'pv-net' : c === 'disk' ? 'pv-blk' : 'pv-clock';
}

const EMULATED_ORDER: Record<'net' | 'disk', DeviceModel[]> = {
  net: ['e1000', 'rtl8139'],
  disk: ['ahci', 'ide', 'lsi-scsi'],
};

/** The first emulated device of a class the hypervisor offers (what a guest without PV drivers uses). */
function emulatedDefault(host: HostSetup, g: GuestSpec, cls: 'net' | 'disk', pv: readonly ComponentResolution[]): EffectiveDevice | null {
  if (g.mode === 'xen-pv' || g.mode === 'pvh') return null;
  for (const m of EMULATED_ORDER[cls]) {
    const d = deviceFor(host, g, m, pv);
    if (d) return d;
  }
  return null;
}

function pickIo(host: HostSetup, g: GuestSpec, cls: 'net' | 'disk', pv: readonly ComponentResolution[], warnings: string[], problems: SetupProblem[]): EffectiveDevice | null {
  const requested = cls === 'net' ? g.devices.nic : g.devices.disk;
  const where = `guests.${g.id}.devices.${cls === 'net' ? 'nic' : 'disk'}`;
  if (g.mode === 'native') return { model: requested ?? (cls === 'net' ? 'e1000' : 'ahci'), impl: null, driver: null, fallback: null, home: 'native' };
  const fallback = emulatedDefault(host, g, cls, pv);
  if (!requested) {
    // a PV driver that is active wins, as an installer would set it up
    for (const c of pv) {
      if (c.state === 'active' && c.device && DEVICE_INFO[c.device].class === cls && DEVICE_INFO[c.device].kind === 'pv') {
        const d = deviceFor(host, g, c.device, pv);
        if (d) return { ...d, fallback };
      }
    }
    return fallback;
  }
  if (DEVICE_INFO[requested].class !== cls) {
    problems.push({ where, message: `${requested} is a ${DEVICE_INFO[requested].class} device, not a ${cls} device` });
    return null;
  }
  const d = deviceFor(host, g, requested, pv);
  if (!d) {
    problems.push({ where, message: `${host.hypervisor?.name ?? 'bare metal'} offers no ${DEVICE_INFO[requested].label}` });
    return null;
  }
  const kind = DEVICE_INFO[requested].kind;
  if (kind === 'passthrough') {
    const p = host.profile;
    for (const f of ['iommu', 'sr-iov'] as const) {
      if (!hasFeature(p, f)) {
        problems.push({ where, message: `device passthrough needs ${featureLabel(f)}; ${p.name} lacks it` });
        return null;
      }
    }
    if (!p.nic.sriov) {
      problems.push({ where, message: `${p.nic.vendor} ${p.nic.model} has no SR-IOV virtual functions` });
      return null;
    }
  }
  if (kind === 'pv' || kind === 'passthrough') {
    const driverState = d.driver?.state;
    if (!d.driver || driverState === 'inactive') {
      if (!fallback) {
        problems.push({ where, message: `no active driver for ${DEVICE_INFO[requested].label} in this guest${d.driver ? ` (${d.driver.reason})` : ''}, and no emulated device to use instead` });
        return null;
      }
      warnings.push(`${g.id}: no active driver for ${DEVICE_INFO[requested].label}${d.driver ? ` (${d.driver.reason})` : ''}; the guest uses the emulated ${DEVICE_INFO[fallback.model].label} instead`);
      return fallback;
    }
  }
  return { ...d, fallback };
}

function pickClock(host: HostSetup, g: GuestSpec, os: GuestOs, pv: readonly ComponentResolution[], problems: SetupProblem[]): EffectiveDevice {
  const available = (m: DeviceModel): EffectiveDevice | null => {
    const kind = DEVICE_INFO[m].kind;
    if (m === 'tsc') return { model: 'tsc', impl: null, driver: null, fallback: null, home: 'hardware' };
    if (g.mode === 'native' || !host.hypervisor) {
      if (kind !== 'emulated') return null;
      const ns = m === 'hpet' ? host.profile.clocks.hpetReadNs : host.profile.clocks.acpiPmReadNs;
      return ns === null ? null : { model: m, impl: null, driver: null, fallback: null, home: 'native' };
    }
    // a Xen PV or PVH guest has no emulated platform devices (no device model runs for it)
    if (kind === 'emulated' && (g.mode === 'xen-pv' || g.mode === 'pvh')) return null;
    const d = deviceFor(host, g, m, pv);
    if (!d) return null;
    if (kind === 'pv' && (!d.driver || d.driver.state === 'inactive')) return null;
    return d;
  };
  // a PV clock the guest has (inbox or from an add-on) outranks the OS's own sources, as the
  // clocksource it registers does (kvm-clock and the xen clocksource rate 400, the TSC 300)
  const pvClocks = pv.flatMap((c) => (c.component === 'pv-clock' && c.device && c.state !== 'inactive' ? [c.device] : []));
  const order = g.devices.clock ? [g.devices.clock] : [...new Set([...pvClocks, ...os.clockPreference])];
  for (let i = 0; i < order.length; i++) {
    const d = available(order[i]!);
    if (!d) continue;
    // a failing PV clock falls back to the next source the OS would take
    let fallback: EffectiveDevice | null = null;
    for (const m of os.clockPreference.slice(os.clockPreference.indexOf(d.model) + 1)) {
      const f = available(m);
      if (f && DEVICE_INFO[m].kind !== 'pv') {
        fallback = f;
        break;
      }
    }
    return { ...d, fallback: fallback ?? { model: 'tsc', impl: null, driver: null, fallback: null, home: 'hardware' } };
  }
  if (g.devices.clock) problems.push({ where: `guests.${g.id}.devices.clock`, message: `clock source ${g.devices.clock} is not available to this guest` });
  return { model: 'tsc', impl: null, driver: null, fallback: null, home: 'hardware' };
}

/** Resolve the workload's operations with the guest's parameters. */
function resolveOps(w: Workload, params: Record<string, number>, where: string, problems: SetupProblem[]): Operation[] {
  for (const [k, v] of Object.entries(params)) {
    const p = w.params[k];
    if (!p) problems.push({ where: `${where}.params.${k}`, message: `${w.name} has no parameter "${k}"${Object.keys(w.params).length ? ` (it has ${Object.keys(w.params).join(', ')})` : ''}` });
    else if (v < p.min || v > p.max) problems.push({ where: `${where}.params.${k}`, message: `${k} must be between ${p.min} and ${p.max}; got ${v}` });
  }
  return w.ops;
}

/**
 * QEMU's hv-* flags act on a Windows guest of a KVM host; hv-stimer needs hv-time (QEMU
 * docs/system/i386/hyperv.rst: "Requires: hv-vpindex, hv-synic, hv-time").
 */
function hvFlagChecks(g: GuestSpec, host: HostSetup, os: GuestOs, warnings: string[], problems: SetupProblem[]): void {
  const flags = g.hvFlags ?? [];
  if (flags.length === 0) return;
  if (host.hypervisor?.family !== 'kvm') {
    warnings.push(`${g.id}: hv-* flags are QEMU options for KVM hosts; ${host.hypervisor ? `${host.hypervisor.name} offers its own interfaces` : 'bare metal has no hypervisor'}, so they change nothing here`);
  } else if (os.family !== 'windows') {
    warnings.push(`${g.id}: QEMU implements the Hyper-V enlightenments for Windows guests; ${os.name} uses KVM's own PV interfaces, so the hv-* flags change nothing here`);
  } else {
    const unused = flags.filter((f) => !os.inbox.some((ib) => ib.component === HV_FLAG_COMPONENT[f] && ib.families.includes('hyperv')));
    if (unused.length > 0) warnings.push(`${g.id}: ${os.name} does not use what ${unused.join(', ')} offer${unused.length === 1 ? 's' : ''}, so ${unused.length === 1 ? 'it changes' : 'they change'} nothing here`);
  }
  if (flags.includes('hv-stimer') && !flags.includes('hv-time')) {
    problems.push({ where: `guests.${g.id}.hvFlags`, message: 'QEMU refuses hv-stimer without hv-time (synthetic timers count in reference time): add hv-time' });
  }
}

export interface Setup {
  hosts: HostSetup[];
  guests: GuestSetup[];
  problems: SetupProblem[];
  /** The most jobs the guests can hold together (mostJobs summed): what the engine keeps and checkpoints. */
  guestThreads: number;
}

/** Resolve a scenario against a catalog. `installed` overrides each guest's add-on list (timeline state). */
export function setupScenario(scenario: Scenario, catalog: Catalog, installed?: readonly (readonly string[])[]): Setup {
  const problems: SetupProblem[] = [];
  const tryLookup = <K extends Parameters<typeof lookup>[1]>(kind: K, id: string, where: string) => {
    try {
      return lookup(catalog, kind, id);
    } catch (e) {
      problems.push({ where, message: e instanceof Error ? e.message : String(e) });
      return undefined;
    }
  };
  const hostIds = new Set<string>();
  const hosts: HostSetup[] = [];
  scenario.hosts.forEach((h, i) => {
    if (hostIds.has(h.id)) problems.push({ where: `hosts.${i}.id`, message: `host id "${h.id}" is used twice` });
    hostIds.add(h.id);
    const profile = tryLookup('profiles', h.profile, `hosts.${h.id}.profile`) as HardwareProfile | undefined;
    const hypervisor = h.hypervisor === null ? null : ((tryLookup('hypervisors', h.hypervisor, `hosts.${h.id}.hypervisor`) as HypervisorProfile | undefined) ?? null);
    if (!profile) return;
    const p = h.memoryGiB ? { ...profile, memory: { ...profile.memory, sizeGiB: h.memoryGiB } } : profile;
    const timesliceUs = h.scheduler?.timesliceUs ?? hypervisor?.scheduler.timesliceUs;
    const timesliceNs = hypervisor && timesliceUs !== undefined ? timesliceUs * 1000 : Infinity;
    hosts.push({ index: hosts.length, id: h.id, profile: p, hypervisor, pcpus: h.cores ?? hostCores(profile), timesliceNs });
  });
  const guests: GuestSetup[] = [];
  const guestIds = new Set<string>();
  scenario.guests.forEach((g, gi) => {
    const where = `guests.${g.id}`;
    if (guestIds.has(g.id)) problems.push({ where: `guests.${gi}.id`, message: `guest id "${g.id}" is used twice` });
    guestIds.add(g.id);
    const host = hosts.find((h) => h.id === g.host);
    if (!host) {
      if (!scenario.hosts.some((h) => h.id === g.host)) problems.push({ where: `${where}.host`, message: `no host "${g.host}" in this scenario (hosts: ${scenario.hosts.map((h) => h.id).join(', ')})` });
      return;
    }
    const os = tryLookup('oses', g.os, `${where}.os`) as GuestOs | undefined;
    const workload = tryLookup('workloads', g.workload.id, `${where}.workload.id`) as Workload | undefined;
    const addonIds = installed?.[gi] ?? g.addons;
    const addons = addonIds.map((a, i) => tryLookup('addons', a, `${where}.addons.${i}`) as PvAddon | undefined).filter((a): a is PvAddon => !!a);
    if (!os || !workload) return;
    const { components, addons: addonRes } = resolveGuestPv({ profile: host.profile, hypervisor: host.hypervisor, os, mode: g.mode, addons, disabled: g.disabled, ...(g.hvFlags ? { hvFlags: g.hvFlags } : {}) });
    const mode = modeProblem(host.profile, host.hypervisor, os, g.mode, components);
    if (mode) problems.push({ where: `${where}.mode`, message: mode });
    if (g.mode === 'native' && scenario.guests.filter((x) => x.host === g.host).length > 1) {
      problems.push({ where: `${where}.host`, message: `a native guest is the only OS on its bare-metal host; ${g.host} has other guests` });
    }
    const warnings: string[] = [];
    const params = Object.fromEntries(Object.entries(workload.params).map(([k, p]) => [k, g.workload.params[k] ?? p.default]));
    const ops = resolveOps(workload, g.workload.params, `${where}.workload`, problems);
    const nic = pickIo(host, g, 'net', components, warnings, problems);
    if (g.devices.nicCoalescing && nic && nic.impl !== null && nic.impl.home !== 'hardware') {
      warnings.push(`${g.id}: nicCoalescing sets the moderation of a NIC the guest drives itself (bare metal, an SR-IOV VF); the ${DEVICE_INFO[nic.model].label} coalesces as its device model does, so it changes nothing here`);
    }
    const disk = pickIo(host, g, 'disk', components, warnings, problems);
    const clock = pickClock(host, g, os, components, problems);
    const needsNic = ops.some((o) => o.op === 'netSend' || o.op === 'netRecv');
    const needsDisk = ops.some((o) => o.op === 'diskRead' || o.op === 'diskWrite');
    if (needsNic && !nic && !problems.some((p) => p.where.startsWith(`${where}.devices`))) problems.push({ where: `${where}.devices.nic`, message: `${workload.name} needs a NIC and this guest has none it can drive` });
    if (needsDisk && !disk && !problems.some((p) => p.where.startsWith(`${where}.devices`))) problems.push({ where: `${where}.devices.disk`, message: `${workload.name} needs a disk and this guest has none it can drive` });
    for (const r of addonRes) if (r.outcome !== 'active') warnings.push(`${g.id}: ${r.reasons.join('; ')}`);
    hvFlagChecks(g, host, os, warnings, problems);
    if (nic && DEVICE_INFO[nic.model].kind === 'passthrough') {
      // each passthrough guest holds one of the physical NIC's SR-IOV virtual functions
      const taken = guests.filter((x) => x.host === host.index && x.nic && DEVICE_INFO[x.nic.model].kind === 'passthrough').length;
      const max = host.profile.nic.maxVfs;
      if (taken >= max) problems.push({ where: `${where}.devices.nic`, message: `${host.profile.nic.vendor} ${host.profile.nic.model} on ${host.id} has ${max} virtual functions, all taken by other guests` });
    }
    const idleTickHz = idleTickRates(os, g.vcpus, params);
    guests.push({ index: guests.length, spec: g, host: host.index, os, workload, ops, params, pv: components, addons: addonRes, nic, disk, clock: clock, idleTickHz, warnings });
  });
  for (const [i, a] of scenario.timeline.entries()) {
    if ('host' in a && !hostIds.has(a.host)) problems.push({ where: `timeline.${i}.host`, message: `no host "${a.host}" in this scenario` });
    if ('guest' in a && !guestIds.has(a.guest)) problems.push({ where: `timeline.${i}.guest`, message: `no guest "${a.guest}" in this scenario` });
    if (a.action === 'migrate' && !hostIds.has(a.to)) problems.push({ where: `timeline.${i}.to`, message: `no host "${a.to}" in this scenario` });
    if (a.atMs > scenario.durationMs) problems.push({ where: `timeline.${i}.atMs`, message: `at ${a.atMs} ms is after the end of the run (${scenario.durationMs} ms)` });
    if (a.action === 'install-addon' || a.action === 'remove-addon') tryLookup('addons', a.addon, `timeline.${i}.addon`);
    if (a.action === 'set-device' && DEVICE_INFO[a.model].class !== ({ nic: 'net', disk: 'disk', clock: 'clock' } as const)[a.device]) {
      problems.push({ where: `timeline.${i}.model`, message: `${DEVICE_INFO[a.model].label} is not a ${a.device} device` });
    }
  }
  // every thread of a closed load above its vCPUs is a job the engine keeps and checkpoints
  // (about 120 bytes of heap and 170 of checkpoint each, jobs.ts): bound them all together
  const guestThreads = guests.reduce((a, g) => a + mostJobs(scenario, g), 0);
  if (guestThreads > MAX_GUEST_THREADS) {
    problems.push({
      where: 'guests',
      message: `${(guestThreads / 1e6).toFixed(1)} million guest threads in all (closed loads with more threads than vCPUs); a scenario may have at most ${MAX_GUEST_THREADS / 1e6} million — lower the concurrency or the number of guests`,
    });
  }
  return { hosts, guests, problems, guestThreads };
}

/** What the path builder needs to know of a guest set up on its host. */
export function guestEnv(host: HostSetup, g: GuestSetup, res: ResourceRefs): GuestEnv {
  return {
    profile: host.profile,
    hv: host.hypervisor,
    os: g.os,
    mode: g.spec.mode,
    vcpus: g.spec.vcpus,
    privileged: g.spec.privileged,
    pv: g.pv,
    nic: g.nic,
    disk: g.disk,
    clock: g.clock,
    res,
    params: g.params,
    nicInterruptIntervalNs: nicInterruptIntervalNs(g.spec.devices.nicCoalescing),
  };
}
