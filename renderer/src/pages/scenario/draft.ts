/**
 * Pure helpers of the scenario editor: a new scenario, OS presets, ids, timeline actions, the
 * field errors of a failed save, and trial scenarios for the wizard's questions. No DOM, no
 * service: tested in test/renderer.
 */
import type {
  GuestOs, GuestSpec, HardwareProfile, HypervisorProfile, Scenario, TimelineAction, VirtMode,
} from '../../../../core/model/index.ts';

/** The part of the catalog a new scenario is made from. */
export type Catalog = {
  profiles: readonly HardwareProfile[];
  hypervisors: readonly HypervisorProfile[];
};

/** The first id `base`, `base-2`, `base-3` … not in `taken`. */
export function uniqueId(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  const clean = base.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^[^a-z0-9]+/, '').replace(/-+$/, '').slice(0, 56) || 'item';
  if (!used.has(clean)) return clean;
  for (let i = 2; ; i++) if (!used.has(`${clean}-${i}`)) return `${clean}-${i}`;
}

/** Hardware-assisted with nested paging where the host has it, else the next best technique the hypervisor offers. */
export function bestMode(profile: HardwareProfile | undefined, hv: HypervisorProfile | null | undefined): VirtMode {
  if (!hv) return 'native';
  const f = profile?.virt.features ?? [];
  const order: VirtMode[] = [];
  if (f.includes('hw-assist') && f.includes('nested-paging')) order.push('hw-nested');
  if (f.includes('hw-assist')) order.push('hw-shadow');
  order.push('bt', 'xen-pv', 'pvh', 'hw-nested', 'hw-shadow');
  return order.find((m) => hv.modes.includes(m)) ?? hv.modes[0] ?? 'hw-nested';
}

/** vCPUs and memory a guest of this OS usually gets: the vendor's minimums of its era, rounded up to a comfortable size. */
export function osPreset(os: Pick<GuestOs, 'family' | 'year'>): { vcpus: number; memoryMiB: number } {
  switch (os.family) {
    case 'windows':
      return os.year < 2005 ? { vcpus: 1, memoryMiB: 512 } : os.year < 2015 ? { vcpus: 2, memoryMiB: 2048 } : { vcpus: 2, memoryMiB: 4096 };
    case 'linux':
      return os.year < 2003 ? { vcpus: 1, memoryMiB: 256 } : os.year < 2010 ? { vcpus: 1, memoryMiB: 512 } : { vcpus: 2, memoryMiB: 2048 };
    case 'freebsd':
      return { vcpus: 2, memoryMiB: 1024 };
    case 'testkernel':
      return { vcpus: 1, memoryMiB: 256 };
  }
}

const PREFERRED_PROFILE = 'xeon-gold-6142';
const PREFERRED_HV = 'kvm-qemu';

/** A new scenario: one modern KVM host, no guests yet (the wizard adds them). */
export function newScenario(catalog: Catalog, takenIds: Iterable<string>): Scenario {
  const profile = catalog.profiles.find((p) => p.id === PREFERRED_PROFILE) ?? catalog.profiles[0];
  const hv = catalog.hypervisors.find((h) => h.id === PREFERRED_HV) ?? catalog.hypervisors[0];
  return {
    schemaVersion: 1,
    id: uniqueId('my-scenario', takenIds),
    title: 'My scenario',
    description: '',
    seed: 1,
    durationMs: 1000,
    hosts: [{ id: 'host-1', profile: profile?.id ?? '', hypervisor: hv?.id ?? null }],
    guests: [],
    timeline: [],
  };
}

export const ACTION_KINDS = ['install-addon', 'remove-addon', 'set-load', 'set-device', 'host-failure', 'host-repair', 'host-maintenance', 'migrate'] as const satisfies readonly TimelineAction['action'][];
export type ActionKind = (typeof ACTION_KINDS)[number];

/** A timeline action of a kind with sensible defaults from the scenario (half-way through, first guest and host). */
export function newAction(kind: ActionKind, s: Scenario, addonIds: readonly string[]): TimelineAction {
  const atMs = Math.round(s.durationMs / 2);
  const guest = s.guests[0]?.id ?? '';
  const host = s.hosts[0]?.id ?? '';
  switch (kind) {
    case 'install-addon':
    case 'remove-addon':
      return { action: kind, atMs, guest, addon: (kind === 'remove-addon' ? s.guests[0]?.addons[0] : undefined) ?? addonIds[0] ?? '' };
    case 'set-load':
      return { action: kind, atMs, guest, demand: { kind: 'closed', concurrency: 2 } };
    case 'set-device':
      return { action: kind, atMs, guest, device: 'nic', model: 'virtio-net' };
    case 'host-failure':
    case 'host-repair':
      return { action: kind, atMs, host };
    case 'host-maintenance':
      return { action: kind, atMs, host, durationMs: Math.max(1, Math.round(s.durationMs / 4)) };
    case 'migrate':
      return { action: kind, atMs, guest, to: s.hosts.find((h) => h.id !== s.guests[0]?.host)?.id ?? host };
  }
}

/**
 * A failed save's per-field messages, keyed by the path inside the scenario ("guests.0.vcpus"):
 * the service names the path inside its input, so `prefix` ("scenario.") is taken off.
 */
export function fieldErrors(fields: readonly { path: string; message: string }[] | undefined, prefix = ''): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const f of fields ?? []) {
    const path = prefix && f.path.startsWith(prefix) ? f.path.slice(prefix.length) : f.path;
    (out[path] ??= []).push(f.message);
  }
  return out;
}

/** Field errors at or below a path (a section shows what it contains). */
export function errorsUnder(errors: Record<string, string[]>, path: string): string[] {
  return Object.entries(errors).flatMap(([p, m]) => (p === path || p.startsWith(`${path}.`) ? m : []));
}

/**
 * The check's problems name guests by id ("guests.web.mode"), the save's fields by index
 * ("guests.0.vcpus"): problems of one guest, optionally of one field of it.
 */
export function problemsOf(problems: readonly { where: string; message: string }[], guestId: string, field?: string): string[] {
  const at = field ? `guests.${guestId}.${field}` : `guests.${guestId}`;
  return problems.filter((p) => p.where === at || p.where.startsWith(`${at}.`)).map((p) => p.message);
}

/** One guest alone on a copy of its host: what the wizard and the add-on installer ask the resolver about. */
export function trialScenario(s: Scenario, guest: GuestSpec): Scenario {
  const host = s.hosts.find((h) => h.id === guest.host) ?? s.hosts[0]!;
  return {
    schemaVersion: 1,
    id: 'trial',
    title: 'trial',
    description: '',
    seed: 1,
    durationMs: 1000,
    hosts: [{ ...host }],
    guests: [{ ...guest, host: host.id }],
    timeline: [],
  };
}

/** A guest spec for trials with just what the wizard knows so far. */
export function trialGuest(o: { id: string; host: string; os: string; mode: VirtMode; workload: string; devices?: GuestSpec['devices'] }): GuestSpec {
  return {
    id: o.id,
    host: o.host,
    os: o.os,
    vcpus: 1,
    memoryMiB: 1024,
    mode: o.mode,
    devices: o.devices ?? {},
    addons: [],
    disabled: [],
    workload: { id: o.workload, params: {} },
    privileged: false,
  };
}

/** A stable key for a scenario (its JSON), for caching check results. */
export function scenarioKey(s: Scenario): string {
  return JSON.stringify(s);
}

/** Parse a number field: empty or not a number gives NaN, so the service names the field. */
export function numberField(text: string): number {
  return text.trim() === '' ? Number.NaN : Number(text);
}

/** Rename a host everywhere the scenario names it (guests, timeline). */
export function renameHost(s: Scenario, from: string, to: string): Scenario {
  return {
    ...s,
    hosts: s.hosts.map((h) => (h.id === from ? { ...h, id: to } : h)),
    guests: s.guests.map((g) => (g.host === from ? { ...g, host: to } : g)),
    timeline: s.timeline.map((a) => {
      let b = a;
      if ('host' in b && b.host === from) b = { ...b, host: to };
      if (b.action === 'migrate' && b.to === from) b = { ...b, to };
      return b;
    }),
  };
}

/** Remove a guest and the timeline actions that name it. */
export function removeGuest(s: Scenario, id: string): Scenario {
  return { ...s, guests: s.guests.filter((g) => g.id !== id), timeline: s.timeline.filter((a) => !('guest' in a) || a.guest !== id) };
}

/** Remove a host and the timeline actions that name it; its guests stay (the check then asks for a host). */
export function removeHost(s: Scenario, id: string): Scenario {
  return { ...s, hosts: s.hosts.filter((h) => h.id !== id), timeline: s.timeline.filter((a) => !('host' in a && a.host === id) && !(a.action === 'migrate' && a.to === id)) };
}
