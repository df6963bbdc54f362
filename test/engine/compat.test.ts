import { describe, expect, it } from 'vitest';
import { ADDON_STATUSES, type AddonStatus, type RuntimeOutcome, modeProblem, resolveAddon, resolveGuestPv } from '../../core/engine/compat.ts';
import { addon, kvm, os, profile, vmware } from '../fixtures/catalog.ts';

const host = profile();
const ctx = { profile: host, hypervisor: kvm(), os: os() };

interface Row {
  name: string;
  status: AddonStatus;
  outcome: RuntimeOutcome;
  reason: RegExp;
  run: () => ReturnType<typeof resolveAddon>;
}

const rows: Row[] = [
  { name: 'a supported add-on', status: 'current', outcome: 'active', reason: /supported on TestOS/, run: () => resolveAddon(ctx, addon({ id: 'ok' })) },
  {
    name: 'an add-on for another OS family',
    status: 'unsupported', outcome: 'install-refused', reason: /is for linux guests; this guest runs TestOS/,
    run: () => resolveAddon(ctx, addon({ id: 'linux-only', requires: { osFamily: 'linux', archs: ['x86_64'], hypervisorFamilies: ['kvm'] } })),
  },
  {
    name: 'an add-on for another architecture',
    status: 'unsupported', outcome: 'install-refused', reason: /supports aarch64; this guest is x86_64/,
    run: () => resolveAddon(ctx, addon({ id: 'arm-only', requires: { osFamily: 'windows', archs: ['aarch64'], hypervisorFamilies: ['kvm'] } })),
  },
  {
    name: 'an add-on newer than the OS it is installed on',
    status: 'too-new', outcome: 'install-refused', reason: /requires windows 6\.3 or later; this guest runs TestOS \(6\.1\.7601\)/,
    run: () => resolveAddon(ctx, addon({ id: 'new', requires: { osFamily: 'windows', minOsVersion: '6.3', archs: ['x86_64'], hypervisorFamilies: ['kvm'] } })),
  },
  {
    name: 'an add-on newer than the hypervisor',
    status: 'too-new', outcome: 'install-refused', reason: /requires KVM 9\.0 or later; this host runs Test KVM 8\.0/,
    run: () => resolveAddon(ctx, addon({ id: 'needs-newer-hv', requires: { osFamily: 'windows', archs: ['x86_64'], hypervisorFamilies: ['kvm'], minHypervisorVersion: '9.0' } })),
  },
  {
    name: 'an add-on older than the OS it is installed on',
    status: 'too-old', outcome: 'fallback', reason: /supports windows up to 6\.0; this guest runs TestOS/,
    run: () => resolveAddon(ctx, addon({ id: 'old', requires: { osFamily: 'windows', maxOsVersion: '6.0', archs: ['x86_64'], hypervisorFamilies: ['kvm'] } })),
  },
  {
    name: 'an add-on older than the hypervisor expects',
    status: 'too-old', outcome: 'fallback', reason: /expects virtio-win 0\.1\.200 or later/,
    run: () => resolveAddon({ ...ctx, hypervisor: kvm({ minAddonVersions: { 'virtio-win': '0.1.200' } }) }, addon({ id: 'old-for-hv', version: '0.1.141' })),
  },
  {
    name: 'a blacklisted combination',
    status: 'blacklisted', outcome: 'crash', reason: /blacklisted on TestOS.*known bug/,
    run: () => resolveAddon(ctx, addon({ id: 'bad', blacklist: [{ osVersion: '6.1', reason: 'known bug' }] })),
  },
  {
    name: 'an add-on for another hypervisor family',
    status: 'inactive-on-hypervisor', outcome: 'inactive', reason: /talks to VMware; this host runs Test KVM/,
    run: () => resolveAddon(ctx, addon({ id: 'tools', requires: { osFamily: 'windows', archs: ['x86_64'], hypervisorFamilies: ['vmware'] } })),
  },
  {
    name: 'an add-on whose interfaces the hypervisor does not offer',
    status: 'inactive-on-hypervisor', outcome: 'inactive', reason: /does not offer hyperv-vmbus/,
    run: () => resolveAddon(ctx, addon({ id: 'vmbus', components: [{ component: 'pv-net', device: 'netvsc', needs: ['hyperv-vmbus'] }] })),
  },
  {
    name: 'a well-built add-on on foreign hardware',
    status: 'incompatible-hardware', outcome: 'fallback', reason: /drives VFs of mlx5_core NICs; this host has a Intel 82599 \(ixgbe\)/,
    run: () => resolveAddon(ctx, addon({ id: 'vf', components: [{ component: 'vf-driver', needs: [], nicDrivers: ['mlx5_core'] }] })),
  },
  {
    name: 'a badly matched add-on on foreign hardware',
    status: 'incompatible-hardware', outcome: 'crash', reason: /needs an invariant TSC; Pentium lacks it/,
    run: () => resolveAddon({ ...ctx, profile: profile({ id: 'Pentium', features: ['hw-assist'] }) }, addon({ id: 'clock', onForeignHardware: 'crash', components: [{ component: 'pv-clock', device: 'kvmclock', needs: ['kvm-pv'], hostFeatures: ['invariant-tsc'] }] })),
  },
];

describe('add-on compatibility, one row per status', () => {
  it.each(rows)('$name → $status / $outcome', (row) => {
    const r = row.run();
    expect(r.status).toBe(row.status);
    expect(r.outcome).toBe(row.outcome);
    expect(r.reasons.join(' ')).toMatch(row.reason);
  });

  it('covers every status except not-installed, which the guest state reports', () => {
    const covered = new Set(rows.map((r) => r.status));
    expect(ADDON_STATUSES.filter((s) => !covered.has(s))).toEqual(['not-installed']);
  });

  it('reports a missing add-on as not installed: the emulated device stays in use', () => {
    const r = resolveGuestPv({ ...ctx, mode: 'hw-nested', addons: [], disabled: [] });
    expect(r.components.find((c) => c.component === 'pv-net')).toBeUndefined();
  });
});

describe('guest PV state', () => {
  const linux = os({ id: 'linux', family: 'linux', version: '6.6', inbox: [
    { component: 'pv-net', device: 'virtio-net', families: ['kvm'] },
    { component: 'pv-clock', device: 'kvmclock', families: ['kvm'] },
    { component: 'pv-spinlock', families: ['kvm'] },
  ] });

  it('activates inbox drivers on the hypervisor they were written for', () => {
    const r = resolveGuestPv({ profile: host, hypervisor: kvm(), os: linux, mode: 'hw-nested', addons: [], disabled: [] });
    expect(r.components.map((c) => `${c.component}:${c.state}`).sort()).toEqual(['pv-clock:active', 'pv-net:active', 'pv-spinlock:active']);
  });

  it('leaves them inactive on another hypervisor, naming it', () => {
    const r = resolveGuestPv({ profile: host, hypervisor: vmware(), os: linux, mode: 'hw-nested', addons: [], disabled: [] });
    expect(r.components.every((c) => c.state === 'inactive')).toBe(true);
    expect(r.components[0]!.reason).toMatch(/Test ESXi/);
  });

  it('switches off what the guest disables, and offers nothing to a bare-metal guest', () => {
    const r = resolveGuestPv({ profile: host, hypervisor: kvm(), os: linux, mode: 'hw-nested', addons: [], disabled: ['pv-spinlock'] });
    expect(r.components.find((c) => c.component === 'pv-spinlock')!.state).toBe('inactive');
    expect(resolveGuestPv({ profile: host, hypervisor: null, os: linux, mode: 'native', addons: [], disabled: [] }).components).toEqual([]);
  });

  it('takes the best state when an add-on and the inbox both provide a component', () => {
    const r = resolveGuestPv({ profile: host, hypervisor: kvm(), os: os(), mode: 'hw-nested', addons: [addon({ id: 'a' }), addon({ id: 'b', blacklist: [{ osVersion: '6.1', reason: 'x' }] })], disabled: [] });
    expect(r.components.find((c) => c.component === 'pv-net')!.state).toBe('active');
  });
});

describe('techniques', () => {
  const linux = os({ family: 'linux', version: '6.6' });
  it('refuses trap-and-emulate on x86 with the Popek–Goldberg reason', () => {
    expect(modeProblem(host, kvm(), linux, 'trap-emulate', [])).toMatch(/x86 is not classically virtualizable \(Popek & Goldberg\)/);
  });
  it('refuses nested paging on first-generation VT-x, naming the missing feature', () => {
    const p4 = profile({ id: 'Pentium 4 672', features: ['hw-assist', 'tpr-shadow'] });
    expect(modeProblem(p4, kvm(), linux, 'hw-nested', [])).toMatch(/needs nested paging \(EPT\/NPT\); Pentium 4 672 has first-generation/);
    expect(modeProblem(p4, kvm(), linux, 'hw-shadow', [])).toBeNull();
  });
  it('refuses hardware-assisted modes without VT-x and a Xen PV guest without a PV kernel', () => {
    const old = profile({ id: 'Pentium 4 630', features: [], assist: 'none' });
    expect(modeProblem(old, kvm(), linux, 'hw-shadow', [])).toMatch(/needs hardware virtualization \(VT-x\/AMD-V\); Pentium 4 630 has none/);
    expect(modeProblem(host, { ...kvm(), modes: ['xen-pv'] }, linux, 'xen-pv', [])).toMatch(/needs a guest kernel ported to Xen's PV interface/);
  });
  it('requires a bare-metal host for native guests and a hypervisor for the rest', () => {
    expect(modeProblem(host, kvm(), linux, 'native', [])).toMatch(/bare metal/);
    expect(modeProblem(host, null, linux, 'hw-nested', [])).toMatch(/needs a hypervisor/);
    expect(modeProblem(host, null, linux, 'native', [])).toBeNull();
  });
  it('refuses a mode the hypervisor does not offer, listing what it does', () => {
    expect(modeProblem(host, kvm(), linux, 'bt', [])).toMatch(/does not offer binary translation; it offers hw-shadow/);
  });
});
