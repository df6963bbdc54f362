// Backends take host CPU: a backend thread serving a request (dom0's netback, a vhost worker, a
// QEMU I/O thread) needs a pCPU for as long as it serves. On a host with a spare pCPU it takes
// that; on a full host it displaces a vCPU, whose guest sees steal. Xen's dom0 backends run on
// dom0's vCPUs, a fixed set of host threads (the hypervisor profile's backendThreads; Cherkasova
// & Gardner, USENIX ATC 2005, measured dom0's CPU per packet); vhost runs one kernel worker per
// device (Linux drivers/vhost/vhost.c), QEMU's backend a user thread (QEMU's iothread docs).
import { describe, expect, it } from 'vitest';
import { builtInCatalog } from '../../core/catalog/index.ts';
import { Engine } from '../../core/engine/index.ts';
import { Scenario } from '../../core/model/index.ts';

const cat = builtInCatalog();

type Backend = 'dom0' | 'vhost' | 'userspace' | 'sriov';

/** A 1-vCPU guest sending bulk TCP through `backend` and a 1-vCPU CPU-bound neighbour, on a host of `cores`. */
function scenario(backend: Backend, cores: number): Scenario {
  const xen = backend === 'dom0';
  const devices = backend === 'vhost' || backend === 'userspace' ? { nic: 'virtio-net', nicBackend: backend } : backend === 'sriov' ? { nic: 'sriov-vf' } : {};
  return Scenario.parse({
    schemaVersion: 1, id: 'backend-cpu', title: 'backend cpu', durationMs: 100, seed: 1,
    hosts: [{ id: 'h', profile: 'xeon-e5-2450', hypervisor: xen ? 'xen' : 'kvm-qemu', cores }],
    guests: [
      { id: 'io', host: 'h', os: 'linux-6', vcpus: 1, memoryMiB: 1024, mode: xen ? 'xen-pv' : 'hw-nested', workload: { id: 'ttcp' }, devices },
      { id: 'cpu', host: 'h', os: 'linux-6', vcpus: 1, memoryMiB: 1024, mode: 'hw-nested', workload: { id: 'batch-cpu', demand: { kind: 'closed', concurrency: 1 } } },
    ],
  });
}

function run(backend: Backend, cores: number) {
  const e = new Engine(scenario(backend, cores), cat);
  e.runUntil(Infinity);
  const m = e.metrics();
  const g = (id: string) => m.guests.find((x) => x.guest === id)!;
  return { host: m.hosts[0]!, io: g('io'), cpu: g('cpu') };
}

describe('backends take host CPU', () => {
  it('a Xen PV guest\'s dom0 netback time is in the host CPU split, and on a full host the CPU-bound neighbour\'s steal rises', () => {
    const full = run('dom0', 2);
    const spare = run('dom0', 3);
    expect(full.host.cpu.backend).toBeGreaterThan(0);
    // the guest it serves is charged (requests still at the backend at the end are not yet)
    expect(Math.abs(full.host.cpu.backend - full.io.cpu.backend)).toBeLessThan(0.01 * full.host.cpu.backend);
    expect(spare.cpu.cpu.steal).toBe(0); // a spare pCPU runs dom0
    expect(full.cpu.cpu.steal).toBeGreaterThan(0.2 * full.host.cpu.backend); // dom0 displaces vCPUs
    expect(full.cpu.unitsCompleted).toBeLessThan(spare.cpu.unitsCompleted);
  });

  it('vhost (a host kernel thread) and QEMU\'s userspace backend both take pCPU time; a VF has no backend', () => {
    for (const b of ['vhost', 'userspace'] as const) {
      const full = run(b, 2);
      expect(full.host.cpu.backend, b).toBeGreaterThan(0);
      expect(full.io.cpu.steal + full.cpu.cpu.steal, b).toBeGreaterThan(0.2 * full.host.cpu.backend);
      expect(run(b, 3).cpu.cpu.steal, b).toBe(0);
    }
    const vf = run('sriov', 2);
    expect(vf.host.cpu.backend).toBe(0);
    expect(vf.cpu.cpu.steal).toBe(0);
  });
});
