/**
 * Pure helpers of the PV add-on installer and the compatibility matrix: which add-ons fit a
 * guest's OS family, what installing one does to the guest's list (install, upgrade or replace
 * another version of the same product), the visible install steps, and the trial scenarios the
 * matrix asks the resolver about.
 */
import {
  type AddonResolution, type GuestOs, type HardwareProfile, type HypervisorProfile, type OsFamily, type PvAddon, type Scenario,
  compareVersions,
} from '../../../../core/model/index.ts';
import { bestMode, trialGuest } from './draft.ts';

/** The add-ons made for an OS family, by product then newest version first. */
export function addonsFor(addons: readonly PvAddon[], family: OsFamily): PvAddon[] {
  return addons
    .filter((a) => a.requires.osFamily === family)
    .sort((a, b) => a.product.localeCompare(b.product) || compareVersions(b.version, a.version) || a.id.localeCompare(b.id));
}

export type AddonPlan =
  | { kind: 'installed' }
  | { kind: 'install' }
  /** An older version of the same product is installed: this one replaces it. */
  | { kind: 'upgrade'; replaces: string }
  /** A newer version (or the same version in another build) is installed: this one replaces it. */
  | { kind: 'replace'; replaces: string };

/** What installing `addon` on a guest with `installed` add-ons does. */
export function addonPlan(installed: readonly string[], addon: PvAddon, catalog: readonly PvAddon[]): AddonPlan {
  if (installed.includes(addon.id)) return { kind: 'installed' };
  const same = installed.map((id) => catalog.find((a) => a.id === id)).find((a) => a && a.product === addon.product && a.requires.osFamily === addon.requires.osFamily);
  if (!same) return { kind: 'install' };
  return compareVersions(same.version, addon.version) < 0 ? { kind: 'upgrade', replaces: same.id } : { kind: 'replace', replaces: same.id };
}

/** The guest's add-on list with `addon` installed: another version of the same product is replaced in place. */
export function installedWith(installed: readonly string[], addon: PvAddon, catalog: readonly PvAddon[]): string[] {
  const plan = addonPlan(installed, addon, catalog);
  if (plan.kind === 'installed') return [...installed];
  if (plan.kind === 'install') return [...installed, addon.id];
  return installed.map((id) => (id === plan.replaces ? addon.id : id));
}

/** The scenario with one guest's add-on list changed. */
export function withGuestAddons(s: Scenario, guestId: string, addons: string[]): Scenario {
  return { ...s, guests: s.guests.map((g) => (g.id === guestId ? { ...g, addons } : g)) };
}

/** Whether the installer goes ahead: only an add-on that will be active installs without asking. */
export type InstallVerdict = 'ok' | 'refused' | 'warn';
export function installVerdict(r: Pick<AddonResolution, 'outcome'>): InstallVerdict {
  if (r.outcome === 'active') return 'ok';
  if (r.outcome === 'install-refused') return 'refused';
  return 'warn';
}

export const INSTALL_STEPS = ['mount', 'check', 'copy', 'load', 'reboot'] as const;
export type InstallStep = (typeof INSTALL_STEPS)[number];

/** The visible steps of installing an add-on: the reboot only where the add-on needs one. */
export function installSteps(addon: Pick<PvAddon, 'install'>): InstallStep[] {
  return INSTALL_STEPS.filter((s) => s !== 'reboot' || addon.install.reboot);
}

/** The badge colour of an add-on status. */
export function statusTone(status: AddonResolution['status']): 'ok' | 'warn' | 'bad' | 'info' {
  switch (status) {
    case 'current':
      return 'ok';
    case 'not-installed':
      return 'info';
    case 'too-old':
    case 'inactive-on-hypervisor':
      return 'warn';
    default:
      return 'bad';
  }
}

/** One cell of the matrix: the add-on on one guest of this OS, alone on a host of this profile and hypervisor. */
export function matrixTrial(o: { profile: HardwareProfile; hv: HypervisorProfile; os: GuestOs; addon: PvAddon; workload: string }): Scenario {
  return {
    schemaVersion: 1,
    id: 'matrix',
    title: 'matrix',
    description: '',
    seed: 1,
    durationMs: 1000,
    hosts: [{ id: 'host', profile: o.profile.id, hypervisor: o.hv.id }],
    guests: [{ ...trialGuest({ id: 'guest', host: 'host', os: o.os.id, mode: bestMode(o.profile, o.hv), workload: o.workload }), addons: [o.addon.id] }],
    timeline: [],
  };
}

/** The resolution of one add-on in a check report's guest, if the report has it. */
export function resolutionOf(report: { guests: { guest: string; addons: AddonResolution[] }[] } | null | undefined, guestId: string, addonId: string): AddonResolution | null {
  return report?.guests.find((g) => g.guest === guestId)?.addons.find((a) => a.addon === addonId) ?? null;
}
