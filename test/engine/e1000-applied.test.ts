import { describe, expect, it } from 'vitest';
import { E1000_ITR_FRAMES_PER_INTERRUPT, E1000_LINUX, E1000_QEMU_FRAMES_PER_INTERRUPT, IDE_PIIX_LINUX } from '../../core/catalog/device-registers.ts';
import { builtInCatalog } from '../../core/catalog/index.ts';
import { runScenario } from '../../core/engine/engine.ts';
import { type GuestMetrics, Scenario, type ScenarioInput } from '../../core/model/index.ts';

/**
 * Issue 9 §4, emulated devices at register level, applied: QEMU's e1000 under KVM and Xen HVM
 * takes the accesses read from Linux's e1000 driver and QEMU's mitigation timer, and the smaller
 * the MTU, the further it falls behind virtio; an IDE interrupt's register accesses are port I/O.
 */

const cat = builtInCatalog();

function run(guests: ScenarioInput['guests']): (id: string) => GuestMetrics {
  const hosts = guests.map((x) => ({ id: x.host, profile: 'xeon-e5-2450', hypervisor: 'kvm-qemu' }));
  const m = runScenario(Scenario.parse({ schemaVersion: 1, id: 'e1000', title: 'e1000', durationMs: 30, hosts, guests }), cat).metrics;
  return (id) => m.guests.find((x) => x.guest === id)!;
}

const guest = (id: string, devices: ScenarioInput['guests'][number]['devices'], workload: string, params: Record<string, number> = {}): ScenarioInput['guests'][number] => ({
  id, host: id, os: 'linux-6', vcpus: 1, memoryMiB: 1024, mode: 'hw-nested', devices, workload: { id: workload, params },
});

describe('QEMU e1000 from the code', () => {
  it('KVM and Xen HVM take the accesses of Linux e1000_main.c and QEMU e1000.c', () => {
    for (const id of ['kvm-qemu', 'xen']) {
      const e1000 = cat.hypervisors.find((h) => h.id === id)!.devices.e1000!;
      expect(e1000.exitsPerRequest, id).toBe(E1000_LINUX.perRequest.length); // 1: TDT
      expect(e1000.exitsPerInterrupt, id).toBe(E1000_LINUX.perInterrupt.length); // 5: ICR, IMC, STATUS, IMS, STATUS
      expect(e1000.requestsPerInterrupt, id).toBe(E1000_QEMU_FRAMES_PER_INTERRUPT); // 10
    }
  });

  it('VMware and VirtualBox take the same driver\'s accesses, moderated by its ITR instead of QEMU\'s timer', () => {
    for (const id of ['vmware-esxi', 'vmware-workstation', 'virtualbox']) {
      const e1000 = cat.hypervisors.find((h) => h.id === id)!.devices.e1000!;
      expect(e1000.exitsPerRequest, id).toBe(E1000_LINUX.perRequest.length);
      expect(e1000.exitsPerInterrupt, id).toBe(E1000_LINUX.perInterrupt.length);
      expect(e1000.requestsPerInterrupt, id).toBe(E1000_ITR_FRAMES_PER_INTERRUPT); // 4: 20,000 interrupts/s at 1 Gb/s
    }
  });

  it('the smaller the MTU, the further e1000 falls behind virtio-net (ttcp on KVM)', () => {
    const lead = (mtu: number) => {
      const g = run([guest('e1000', { nic: 'e1000' }, 'ttcp', { mtu }), guest('virtio', { nic: 'virtio-net', nicBackend: 'userspace' }, 'ttcp', { mtu })]);
      return g('virtio').throughputPerSec / g('e1000').throughputPerSec;
    };
    const [at500, at1500, at9000] = [lead(500), lead(1500), lead(9000)];
    expect(at500).toBeGreaterThan(1.4);
    expect(at500).toBeGreaterThanOrEqual(at1500);
    expect(at1500).toBeGreaterThanOrEqual(at9000);
    expect(at500).toBeGreaterThan(at9000);
  });

  it('an IDE completion interrupt exits on port I/O, not MMIO', () => {
    const g = run([guest('ide', { disk: 'ide' }, 'odirect-randread')]);
    const ide = g('ide');
    expect(ide.exitsByReason.MMIO ?? 0).toBe(0);
    expect(ide.exitsByReason.IO_INSTRUCTION ?? 0).toBeGreaterThanOrEqual((IDE_PIIX_LINUX.perRequest.length + IDE_PIIX_LINUX.perInterrupt.length) * ide.unitsCompleted);
  });
});
