/**
 * The scenario editor's pure helpers: new scenarios and ids, OS presets, the field errors of a
 * refused save, timeline actions the service accepts, what installing an add-on does to a guest's
 * list, the install steps, the matrix's trial scenarios, and device cost estimates.
 */
import { describe, expect, it } from 'vitest';
import { builtInCatalog } from '../../core/catalog/index.ts';
import { checkScenario } from '../../core/engine/check.ts';
import { Scenario, TimelineAction, parseScenario } from '../../core/model/index.ts';
import { addonPlan, addonsFor, installSteps, installVerdict, installedWith, matrixTrial, resolutionOf, withGuestAddons } from '../../renderer/src/pages/scenario/addons.ts';
import { deviceCost } from '../../renderer/src/pages/scenario/costs.ts';
import {
  ACTION_KINDS, bestMode, errorsUnder, fieldErrors, newAction, newScenario, numberField, osPreset, problemsOf, removeGuest, removeHost, renameHost, trialGuest, trialScenario, uniqueId,
} from '../../renderer/src/pages/scenario/draft.ts';

const catalog = builtInCatalog();
const byId = <T extends { id: string }>(list: readonly T[], id: string) => list.find((x) => x.id === id)!;

function withGuest(): Scenario {
  const s = newScenario(catalog, []);
  return { ...s, guests: [trialGuest({ id: 'web', host: 'host-1', os: 'linux-6', mode: 'hw-nested', workload: 'specweb' })] };
}

describe('scenario drafts', () => {
  it('makes ids unique and valid', () => {
    expect(uniqueId('guest-1', [])).toBe('guest-1');
    expect(uniqueId('guest-1', ['guest-1', 'guest-1-2'])).toBe('guest-1-3');
    expect(uniqueId('My Scenario!', [])).toBe('my-scenario');
  });

  it('starts a new scenario on a modern KVM host that validates once it has a guest', () => {
    const s = newScenario(catalog, ['my-scenario']);
    expect(s.id).toBe('my-scenario-2');
    expect(s.hosts).toEqual([{ id: 'host-1', profile: 'xeon-gold-6142', hypervisor: 'kvm-qemu' }]);
    const r = checkScenario(parseScenario(withGuest(), 'test'), catalog);
    expect(r.problems).toEqual([]);
  });

  it('suggests vCPUs and memory by OS family and era', () => {
    expect(osPreset(byId(catalog.oses, 'windows-xp'))).toEqual({ vcpus: 1, memoryMiB: 512 });
    expect(osPreset(byId(catalog.oses, 'windows-2022'))).toEqual({ vcpus: 2, memoryMiB: 4096 });
    expect(osPreset(byId(catalog.oses, 'linux-2.4'))).toEqual({ vcpus: 1, memoryMiB: 256 });
    expect(osPreset(byId(catalog.oses, 'linux-6'))).toEqual({ vcpus: 2, memoryMiB: 2048 });
  });

  it('picks the best technique the host and hypervisor can do', () => {
    expect(bestMode(byId(catalog.profiles, 'xeon-gold-6142'), byId(catalog.hypervisors, 'kvm-qemu'))).toBe('hw-nested');
    expect(bestMode(byId(catalog.profiles, 'core2-e6700'), byId(catalog.hypervisors, 'kvm-qemu'))).toBe('hw-shadow');
    expect(bestMode(byId(catalog.profiles, 'pentium4-630'), byId(catalog.hypervisors, 'vmware-workstation'))).toBe('bt');
    expect(bestMode(byId(catalog.profiles, 'pentium4-630'), byId(catalog.hypervisors, 'xen'))).toBe('xen-pv');
    expect(bestMode(byId(catalog.profiles, 'pentium4-630'), null)).toBe('native');
  });

  it('puts each message of a refused save under its field, without the input prefix', () => {
    const r = Scenario.safeParse({ ...withGuest(), durationMs: -1, guests: [{ ...withGuest().guests[0], vcpus: 0 }] });
    expect(r.success).toBe(false);
    const fields = r.error!.issues.map((i) => ({ path: `scenario.${i.path.join('.')}`, message: i.message }));
    const errors = fieldErrors(fields, 'scenario.');
    expect(Object.keys(errors).sort()).toEqual(['durationMs', 'guests.0.vcpus']);
    expect(errorsUnder(errors, 'guests.0')).toHaveLength(1);
    expect(errorsUnder(errors, 'guests.1')).toEqual([]);
  });

  it('gives every timeline action kind a default the schema accepts', () => {
    const s = { ...withGuest(), hosts: [...withGuest().hosts, { id: 'host-2', profile: 'xeon-gold-6142', hypervisor: 'kvm-qemu' }] };
    for (const kind of ACTION_KINDS) {
      const a = newAction(kind, s, ['virtio-win-0.1.248']);
      expect(TimelineAction.safeParse(a).success, kind).toBe(true);
      expect(a.atMs).toBe(500);
    }
    expect(newAction('migrate', s, [])).toMatchObject({ guest: 'web', to: 'host-2' });
  });

  it('renames and removes hosts and guests everywhere they are named', () => {
    const s: Scenario = { ...withGuest(), timeline: [{ action: 'host-failure', atMs: 1, host: 'host-1' }, { action: 'set-load', atMs: 1, guest: 'web', demand: { kind: 'closed', concurrency: 1 } }] };
    const r = renameHost(s, 'host-1', 'a');
    expect(r.hosts[0]!.id).toBe('a');
    expect(r.guests[0]!.host).toBe('a');
    expect(r.timeline[0]).toMatchObject({ host: 'a' });
    expect(removeGuest(s, 'web').timeline).toEqual([{ action: 'host-failure', atMs: 1, host: 'host-1' }]);
    expect(removeHost(s, 'host-1').timeline).toHaveLength(1);
  });

  it("finds a guest's problems by its id", () => {
    const problems = [{ where: 'guests.web.mode', message: 'no' }, { where: 'guests.web2.mode', message: 'other' }, { where: 'timeline.0.host', message: 'x' }];
    expect(problemsOf(problems, 'web')).toEqual(['no']);
    expect(problemsOf(problems, 'web', 'devices')).toEqual([]);
  });

  it('asks about one guest alone on a copy of its host', () => {
    const s = { ...withGuest(), hosts: [{ id: 'other', profile: 'power9', hypervisor: 'kvm-qemu' }, ...withGuest().hosts] };
    const t = trialScenario(s, s.guests[0]!);
    expect(t.hosts.map((h) => h.id)).toEqual(['host-1']);
    expect(t.guests).toHaveLength(1);
  });

  it('reads an empty or partial number as NaN so the service names the field', () => {
    expect(numberField('')).toBeNaN();
    expect(numberField(' 12 ')).toBe(12);
    expect(numberField('-')).toBeNaN();
  });
});

describe('PV add-on installer', () => {
  const win = (addons: string[]): Scenario => ({
    ...withGuest(),
    guests: [{ ...trialGuest({ id: 'win', host: 'host-1', os: 'windows-2008r2', mode: 'hw-nested', workload: 'specweb' }), addons }],
  });

  it('lists the add-ons made for the OS family, newest version of each product first', () => {
    const list = addonsFor(catalog.addons, 'windows');
    expect(list.every((a) => a.requires.osFamily === 'windows')).toBe(true);
    const virtio = list.filter((a) => a.product === 'virtio-win').map((a) => a.version);
    expect(virtio).toEqual(['0.1.248', '0.1.190', '0.1.141', '0.1.96']);
  });

  it('installs, upgrades and replaces within one product', () => {
    const a = (id: string) => byId(catalog.addons, id);
    expect(addonPlan([], a('virtio-win-0.1.190'), catalog.addons)).toEqual({ kind: 'install' });
    expect(addonPlan(['virtio-win-0.1.141'], a('virtio-win-0.1.190'), catalog.addons)).toEqual({ kind: 'upgrade', replaces: 'virtio-win-0.1.141' });
    expect(addonPlan(['virtio-win-0.1.248'], a('virtio-win-0.1.190'), catalog.addons)).toEqual({ kind: 'replace', replaces: 'virtio-win-0.1.248' });
    expect(addonPlan(['virtio-win-0.1.190'], a('virtio-win-0.1.190'), catalog.addons)).toEqual({ kind: 'installed' });
    expect(installedWith(['vmware-tools-12.1.5-windows', 'virtio-win-0.1.141'], a('virtio-win-0.1.190'), catalog.addons)).toEqual(['vmware-tools-12.1.5-windows', 'virtio-win-0.1.190']);
  });

  it('goes ahead only for an add-on that will be active, refuses what the installer refuses and asks about the rest', () => {
    const report = checkScenario(parseScenario(win(['virtio-win-0.1.248', 'virtio-win-0.1.190', 'virtio-win-0.1.96', 'xen-win-pv-9.0']), 'test'), catalog);
    const verdict = (id: string) => installVerdict(resolutionOf(report, 'win', id)!);
    expect(verdict('virtio-win-0.1.190')).toBe('ok');
    expect(verdict('virtio-win-0.1.248')).toBe('refused');
    expect(verdict('virtio-win-0.1.96')).toBe('warn');
    expect(verdict('xen-win-pv-9.0')).toBe('warn');
    expect(withGuestAddons(win([]), 'win', ['virtio-win-0.1.190']).guests[0]!.addons).toEqual(['virtio-win-0.1.190']);
  });

  it('shows a reboot step only where the add-on needs one', () => {
    expect(installSteps({ install: { seconds: 60, reboot: true } })).toEqual(['mount', 'check', 'copy', 'load', 'reboot']);
    expect(installSteps({ install: { seconds: 60, reboot: false } })).toEqual(['mount', 'check', 'copy', 'load']);
  });

  it('builds matrix trials the service accepts, one guest with the add-on on one host', () => {
    const s = matrixTrial({ profile: byId(catalog.profiles, 'pentium4-630'), hv: byId(catalog.hypervisors, 'xen'), os: byId(catalog.oses, 'windows-2008r2'), addon: byId(catalog.addons, 'xen-win-pv-9.0'), workload: 'idle-windows' });
    const report = checkScenario(parseScenario(s, 'matrix'), catalog);
    expect(resolutionOf(report, 'guest', 'xen-win-pv-9.0')).not.toBeNull();
  });
});

describe('device costs', () => {
  const gold = byId(catalog.profiles, 'xeon-gold-6142');
  const kvm = byId(catalog.hypervisors, 'kvm-qemu');

  it('charges emulated devices an exit per register access and PV devices at most one kick', () => {
    const e1000 = deviceCost(gold, kvm, 'e1000')!;
    const virtio = deviceCost(gold, kvm, 'virtio-net')!;
    expect(e1000.exits).toBe(kvm.devices.e1000!.exitsPerRequest);
    expect(virtio.exits).toBe(1);
    expect(virtio.totalCycles).toBeLessThan(e1000.totalCycles);
    expect(e1000.ns).toBeCloseTo(e1000.totalCycles / gold.cpu.clockGhz);
  });

  it('has no exit for a VF, a PV clock or the TSC', () => {
    for (const m of ['sriov-vf', 'kvmclock', 'tsc'] as const) expect(deviceCost(gold, kvm, m)!.exits, m).toBe(0);
    expect(deviceCost(gold, kvm, 'hpet')!.exits).toBe(1);
  });

  it('gives no number where the data has none: no hardware assistance, or a device the hypervisor lacks', () => {
    expect(deviceCost(byId(catalog.profiles, 'pentium4-630'), byId(catalog.hypervisors, 'vmware-workstation'), 'e1000')).toBeNull();
    expect(deviceCost(gold, kvm, 'netvsc')).toBeNull();
  });
});
