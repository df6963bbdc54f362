import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../core/catalog/catalog.ts';
import { E1000_LINUX, E1000_QEMU_FRAMES_PER_INTERRUPT, IDE_PIIX_LINUX } from '../../core/catalog/device-registers.ts';
import { builtInCatalog } from '../../core/catalog/index.ts';
import { runScenario } from '../../core/engine/engine.ts';
import { type GuestMetrics, Scenario, type ScenarioInput, exitsPerUnit } from '../../core/model/index.ts';

/**
 * Issue 9 §4: emulated devices at register level. The PIIX IDE profiles take their exits from
 * the accesses Linux's ata_piix makes (device-registers.ts); an emulated device pays an exit for
 * each, a virtio device one kick per batch and none per interrupt.
 */

const base = builtInCatalog();

function run(cat: Catalog, guests: ScenarioInput['guests'], durationMs = 30): (id: string) => GuestMetrics {
  const hosts = guests.map((x) => ({ id: x.host, profile: 'xeon-e5-2450', hypervisor: 'kvm-qemu' }));
  const m = runScenario(Scenario.parse({ schemaVersion: 1, id: 'regs', title: 'regs', durationMs, hosts, guests }), cat).metrics;
  return (id) => m.guests.find((x) => x.guest === id)!;
}

const guest = (id: string, devices: ScenarioInput['guests'][number]['devices'], workload: string, params: Record<string, number> = {}): ScenarioInput['guests'][number] => ({
  id, host: id, os: 'linux-6', vcpus: 1, memoryMiB: 1024, mode: 'hw-nested', devices, workload: { id: workload, params },
});

describe('the register programs', () => {
  it('name every access with the driver function that makes it', () => {
    for (const p of [E1000_LINUX, IDE_PIIX_LINUX]) {
      for (const a of [...p.perRequest, ...p.perInterrupt]) expect(a.where, `${p.device} ${a.register}`).toMatch(/\.c /);
    }
    // ata_bmdma_qc_issue: device select (4), LBA28 task file (7), bus-master setup (5) and start (2)
    expect(IDE_PIIX_LINUX.perRequest).toHaveLength(18);
    // bus-master status, stop (3), device status (2), interrupt clear (2)
    expect(IDE_PIIX_LINUX.perInterrupt).toHaveLength(8);
    expect(E1000_LINUX.perRequest.map((a) => a.register)).toEqual(['TDT']);
    expect(E1000_LINUX.perInterrupt.map((a) => a.register)).toEqual(['ICR', 'IMC', 'STATUS', 'IMS', 'STATUS']);
  });

  it('give every hypervisor\'s emulated IDE its exits per request and per interrupt', () => {
    const ides = base.hypervisors.flatMap((h) => (h.devices.ide ? [[h.id, h.devices.ide] as const] : []));
    expect(ides.length).toBeGreaterThanOrEqual(4);
    for (const [id, ide] of ides) {
      expect(ide.exitsPerRequest, id).toBe(IDE_PIIX_LINUX.perRequest.length);
      expect(ide.exitsPerInterrupt, id).toBe(IDE_PIIX_LINUX.perInterrupt.length);
    }
  });
});

describe('emulated devices exit more per request than virtio', () => {
  it('O_DIRECT reads under KVM: IDE pays its 26 port I/O accesses (and the EOI) per read, virtio-blk at most one kick', () => {
    const g = run(base, [guest('ide', { disk: 'ide' }, 'odirect-randread'), guest('vblk', { disk: 'virtio-blk' }, 'odirect-randread')]);
    const ide = exitsPerUnit(g('ide'));
    const vblk = exitsPerUnit(g('vblk'));
    expect(ide).toBeGreaterThanOrEqual(IDE_PIIX_LINUX.perRequest.length + IDE_PIIX_LINUX.perInterrupt.length);
    expect(g('ide').exitsByReason.IO_INSTRUCTION).toBeGreaterThanOrEqual(18 * g('ide').unitsCompleted);
    expect(vblk).toBeLessThanOrEqual(1.5);
    expect(ide).toBeGreaterThan(15 * vblk);
    expect(g('vblk').throughputPerSec).toBeGreaterThan(1.5 * g('ide').throughputPerSec);
  });

  it('small UDP datagrams under KVM: e1000 exits more per packet than virtio-net with event-index suppression, with the profile\'s figures and with the code\'s', () => {
    // the e1000 as read from Linux's driver and QEMU's mitigation timer (device-registers.ts)
    const kvm = base.hypervisors.find((h) => h.id === 'kvm-qemu')!;
    const e1000 = { ...kvm.devices.e1000!, exitsPerRequest: E1000_LINUX.perRequest.length, exitsPerInterrupt: E1000_LINUX.perInterrupt.length, requestsPerInterrupt: E1000_QEMU_FRAMES_PER_INTERRUPT };
    const fromCode: Catalog = { ...base, hypervisors: base.hypervisors.map((h) => (h.id === 'kvm-qemu' ? { ...h, devices: { ...h.devices, e1000 } } : h)) };
    for (const cat of [base, fromCode]) {
      const g = run(cat, [
        guest('e1000', { nic: 'e1000' }, 'udp-send', { size: 46 }),
        guest('virtio', { nic: 'virtio-net', nicBackend: 'vhost' }, 'udp-send', { size: 46 }),
      ]);
      expect(exitsPerUnit(g('e1000'))).toBeGreaterThan(exitsPerUnit(g('virtio')));
      expect(exitsPerUnit(g('e1000'))).toBeGreaterThanOrEqual(1); // a TDT write per datagram at least
      expect(g('e1000').exitsByReason.MMIO).toBeGreaterThan(0);
      expect(g('virtio').throughputPerSec).toBeGreaterThan(g('e1000').throughputPerSec);
    }
  });
});
