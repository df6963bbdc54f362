import { describe, expect, it } from 'vitest';
import { builtInCatalog } from '../../core/catalog/index.ts';
import { runScenario } from '../../core/engine/engine.ts';
import { type GuestMetrics, type RunMetrics, Scenario, type ScenarioInput, exitsPerUnit } from '../../core/model/index.ts';

/**
 * The I/O loops of issue 9 §4 — small UDP datagrams, ping, O_DIRECT random reads, a TCP receive
 * stream, ttcp down to a 500-byte MTU — each showing its effect in the direction the literature
 * reports.
 */

const cat = builtInCatalog();
type GuestInput = ScenarioInput['guests'][number];

function run(hosts: ScenarioInput['hosts'], guests: GuestInput[], durationMs = 100): { m: RunMetrics; g: (id: string) => GuestMetrics } {
  const m = runScenario(Scenario.parse({ schemaVersion: 1, id: 'io', title: 'io', durationMs, hosts, guests }), cat).metrics;
  return { m, g: (id) => m.guests.find((x) => x.guest === id)! };
}

/**
 * Barham et al.'s testbed (SOSP 2003): a 2003 dual Xeon with a 1 Gb/s Tigon 3, bare metal, a Xen
 * PV guest with netfront and a VMware Workstation guest (binary translation, emulated NIC).
 */
function barham(workload: string, params: Record<string, number>) {
  const w = { id: workload, params };
  return run(
    [
      { id: 'native', profile: 'xeon-2003-dual', hypervisor: null },
      { id: 'vmware', profile: 'xeon-2003-dual', hypervisor: 'vmware-workstation' },
      { id: 'xen', profile: 'xeon-2003-dual', hypervisor: 'xen' },
    ],
    [
      { id: 'native', host: 'native', os: 'linux-2.6.11', vcpus: 1, memoryMiB: 512, mode: 'native', workload: w },
      { id: 'emulated', host: 'vmware', os: 'linux-2.6.11', vcpus: 1, memoryMiB: 512, mode: 'bt', workload: w },
      { id: 'pv', host: 'xen', os: 'linux-2.6.11', vcpus: 1, memoryMiB: 512, mode: 'xen-pv', addons: ['xenlinux-2.6.18'], workload: w },
    ],
  ).g;
}

/** Four Sandy Bridge KVM hosts with 10 Gb/s NICs: bare metal, e1000, virtio-net (userspace), vhost-net. */
function kvmNics(workload: string, params: Record<string, number> = {}) {
  const devices = { native: {}, e1000: { nic: 'e1000' }, virtio: { nic: 'virtio-net', nicBackend: 'userspace' }, vhost: { nic: 'virtio-net', nicBackend: 'vhost' } } as const;
  return run(
    Object.keys(devices).map((id) => ({ id, profile: 'xeon-e5-2450', hypervisor: id === 'native' ? null : 'kvm-qemu' })),
    Object.entries(devices).map(([id, d]) => ({ id, host: id, os: 'linux-6', vcpus: 1, memoryMiB: 1024, mode: id === 'native' ? 'native' : 'hw-nested', devices: d, workload: { id: workload, params } })),
    50,
  ).g;
}

/** Bytes a guest moves per second: units times the bytes of each. */
const bytesPerSec = (g: GuestMetrics, bytesPerUnit: number) => g.throughputPerSec * bytesPerUnit;

describe('small packets: the smaller the packet, the further an emulated NIC falls behind PV', () => {
  it('ttcp on Barham et al.\'s 2003 server: at a 500-byte MTU the Xen PV guest sends far more bytes than the emulated NIC; at 1500 both fill the 1 Gb/s link', () => {
    const ratio = (mtu: number) => {
      const g = barham('ttcp', { mtu });
      return bytesPerSec(g('pv'), mtu) / bytesPerSec(g('emulated'), mtu);
    };
    const at500 = ratio(500);
    const at1500 = ratio(1500);
    expect(at500).toBeGreaterThan(1.5);
    expect(at500).toBeGreaterThan(1.2 * at1500);
    const g = barham('ttcp', { mtu: 1500 });
    // Barham et al.: Linux and Xen both reach the wire's rate at 1500 B
    expect(bytesPerSec(g('pv'), 1538) * 8).toBeGreaterThan(0.95e9);
    expect(bytesPerSec(g('native'), 1538) * 8).toBeGreaterThan(0.95e9);
  });

  it('UDP datagrams: at 46 bytes the emulated NIC carries less than half of what the PV NIC does; at 1,500 the gap narrows', () => {
    const ratio = (size: number) => {
      const g = barham('udp-send', { size });
      return g('pv').throughputPerSec / g('emulated').throughputPerSec;
    };
    expect(ratio(46)).toBeGreaterThan(2);
    expect(ratio(46)).toBeGreaterThan(1.2 * ratio(1500));
  });

  it('netperf TCP_MAERTS: receiving, the emulated NIC falls further behind PV at a 500-byte MTU than at 1500', () => {
    const ratio = (mtu: number) => {
      const g = barham('tcp-maerts', { mtu });
      return g('pv').throughputPerSec / g('emulated').throughputPerSec;
    };
    expect(ratio(500)).toBeGreaterThan(1.1 * ratio(1500));
    expect(ratio(1500)).toBeGreaterThan(1.2);
  });
});

describe('a TCP receive stream and ping on KVM', () => {
  it('TCP_MAERTS receives in the order e1000 < virtio < vhost < bare metal, e1000 with the most exits per segment pair', () => {
    const g = kvmNics('tcp-maerts', { mtu: 1500 });
    const order = ['e1000', 'virtio', 'vhost', 'native'].map((id) => g(id).throughputPerSec);
    for (let i = 1; i < order.length; i++) expect(order[i]).toBeGreaterThan(order[i - 1]!);
    expect(exitsPerUnit(g('e1000'))).toBeGreaterThan(2 * exitsPerUnit(g('virtio')));
    expect(exitsPerUnit(g('native'))).toBe(0);
  });

  it('ping: the round trip through an emulated NIC takes longest, vhost comes closest to bare metal', () => {
    const g = kvmNics('ping');
    const rtt = ['e1000', 'virtio', 'vhost', 'native'].map((id) => g(id).latencyNs.p50);
    for (let i = 1; i < rtt.length; i++) expect(rtt[i]).toBeLessThan(rtt[i - 1]!);
    expect(exitsPerUnit(g('e1000'))).toBeGreaterThan(exitsPerUnit(g('virtio')));
  });
});

describe('O_DIRECT random reads', () => {
  const devices = { native: {}, virtio: { disk: 'virtio-blk' }, ide: { disk: 'ide' } } as const;
  const { m, g } = run(
    Object.keys(devices).map((id) => ({ id, profile: 'xeon-e5-2450', hypervisor: id === 'native' ? null : 'kvm-qemu' })),
    Object.entries(devices).map(([id, d]) => ({ id, host: id, os: 'linux-6', vcpus: 1, memoryMiB: 1024, mode: id === 'native' ? 'native' : 'hw-nested', devices: d, workload: { id: 'odirect-randread' } })),
  );
  const storageUs = cat.profiles.find((p) => p.id === 'xeon-e5-2450')!.storage.latencyUs;

  it('pay the device path every time: one request at the physical disk per read, each at least the disk\'s latency', () => {
    for (const id of Object.keys(devices)) {
      const disk = m.resources.find((r) => r.kind === 'disk' && r.host === id)!;
      expect(disk.served - g(id).unitsCompleted, id).toBeGreaterThanOrEqual(0);
      expect(disk.served - g(id).unitsCompleted, id).toBeLessThanOrEqual(1); // the read in flight
      expect(g(id).latencyNs.p50, id).toBeGreaterThanOrEqual(storageUs * 1000);
    }
  });

  it('the emulated IDE disk adds register exits to every read; virtio-blk one notification', () => {
    expect(exitsPerUnit(g('ide'))).toBeGreaterThan(2 * exitsPerUnit(g('virtio')));
    expect(g('ide').latencyNs.p50).toBeGreaterThan(g('virtio').latencyNs.p50);
    expect(g('virtio').latencyNs.p50).toBeGreaterThan(g('native').latencyNs.p50);
  });
});
