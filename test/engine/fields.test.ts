// Every profile field changes the simulation: the ones that once changed nothing (storage IOPS,
// SR-IOV virtual functions, host memory, a hosted hypervisor, the backend CPU category) each
// shown changing it here.
import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../core/catalog/catalog.ts';
import { builtInCatalog } from '../../core/catalog/index.ts';
import { Engine, runScenario } from '../../core/engine/index.ts';
import { setupScenario } from '../../core/engine/setup.ts';
import { type HardwareProfile, type HypervisorProfile, Scenario, type ScenarioInput, StoredHardwareProfile, Workload } from '../../core/model/index.ts';
import { CatalogSnapshot } from '../../core/trace/plan.ts';

const cat = builtInCatalog();
const withProfile = (c: Catalog, id: string, f: (p: HardwareProfile) => HardwareProfile): Catalog => ({ ...c, profiles: c.profiles.map((p) => (p.id === id ? f(p) : p)) });
const withHypervisor = (c: Catalog, id: string, f: (h: HypervisorProfile) => HypervisorProfile): Catalog => ({ ...c, hypervisors: c.hypervisors.map((h) => (h.id === id ? f(h) : h)) });
const make = (input: Partial<ScenarioInput> & Pick<ScenarioInput, 'guests' | 'hosts'>) => Scenario.parse({ schemaVersion: 1, id: 'fields', title: 'fields', durationMs: 200, ...input });

describe('profile fields that shape the run', () => {
  it('storage IOPS: a device with more IOPS at the same latency serves more reads in parallel', () => {
    const w = Workload.parse({ id: 'rand-read', name: 'random reads', description: '4 KiB random reads', unit: 'read', ops: [{ op: 'diskRead', count: 1, bytes: 4096 }], demand: { kind: 'closed', concurrency: 4 }, memory: { hotSetMiB: 1, hotWriteMiBPerSec: 0, coldWriteMiBPerSec: 0 }, sources: {} });
    const base = { ...cat, workloads: [...cat.workloads, w] };
    const s = make({ durationMs: 500, hosts: [{ id: 'h', profile: 'xeon-x5570', hypervisor: null }], guests: [{ id: 'g', host: 'h', os: 'linux-6', vcpus: 4, memoryMiB: 512, mode: 'native', workload: { id: 'rand-read' } }] });
    const reads = (iops: number) => runScenario(s, withProfile(base, 'xeon-x5570', (p) => ({ ...p, storage: { ...p.storage, iops } }))).metrics.guests[0]!.unitsCompleted;
    const one = reads(10_000); // 10 000 × 75 µs < 1: one request at a time
    const four = reads(50_000); // ≈ 4 in parallel
    expect(four / one).toBeGreaterThan(3);
  });

  it('SR-IOV virtual functions: no more passthrough guests on a host than its NIC has VFs', () => {
    const guest = (id: string) => ({ id, host: 'h', os: 'linux-6', vcpus: 1, memoryMiB: 512, mode: 'hw-nested' as const, workload: { id: 'ttcp' }, devices: { nic: 'sriov-vf' as const } });
    const s = make({ hosts: [{ id: 'h', profile: 'xeon-x5570', hypervisor: 'kvm-qemu' }], guests: [guest('a'), guest('b')] });
    expect(setupScenario(s, cat).problems.filter((p) => /virtual functions/.test(p.message))).toEqual([]);
    const oneVf = withProfile(cat, 'xeon-x5570', (p) => ({ ...p, nic: { ...p.nic, maxVfs: 1 } }));
    const problems = setupScenario(s, oneVf).problems.filter((p) => /virtual functions/.test(p.message));
    expect(problems.map((p) => p.where)).toEqual(['guests.b.devices.nic']);
  });

  it('host memory: a migration target without room for the guest is refused, one with room is not', () => {
    const s = (memoryGiB: number) => make({
      durationMs: 1500,
      hosts: [{ id: 'a', profile: 'xeon-gold-6142', hypervisor: 'kvm-qemu', cores: 4 }, { id: 'b', profile: 'xeon-gold-6142', hypervisor: 'kvm-qemu', cores: 4, memoryGiB }],
      guests: [{ id: 'big', host: 'a', os: 'linux-6', vcpus: 1, memoryMiB: 64, mode: 'hw-nested', workload: { id: 'batch-cpu' } }],
      timeline: [{ atMs: 10, action: 'migrate', guest: 'big', to: 'b' }],
    });
    const run = (memoryGiB: number) => {
      const e = new Engine(s(memoryGiB), cat);
      e.runUntil(Infinity);
      return { warnings: e.warnings().join('\n'), migrations: e.metrics().guests[0]!.service.migrations.length };
    };
    const full = run(1 / 32);
    expect(full.warnings).toMatch(/b has 32 MiB of memory free; big needs 64 MiB/);
    expect(full.migrations).toBe(0);
    expect(run(1).migrations).toBe(1);
  });

  it('backend CPU: a PV guest\'s backend work is charged to it, and counted once on its host', () => {
    const m = runScenario(cat.scenarios.find((x) => x.id === 'io-emulated-vs-pv')!, cat).metrics;
    for (const g of m.guests) expect(g.cpu.backend > 0, g.guest).toBe(g.guest !== 'sriov'); // a VF has no software backend
    for (const h of m.hosts) {
      const guests = m.guests.filter((g) => g.host === h.host).reduce((a, g) => a + g.cpu.backend, 0);
      expect(h.cpu.backend).toBeGreaterThanOrEqual(guests * 0.99);
    }
  });

  it('a hosted hypervisor: each device interrupt pays the trip through the host OS', () => {
    const s = make({ durationMs: 100, hosts: [{ id: 'h', profile: 'pentium4-672', hypervisor: 'vmware-workstation' }], guests: [{ id: 'g', host: 'h', os: 'linux-2.6.11', vcpus: 1, memoryMiB: 512, mode: 'bt', workload: { id: 'ttcp' } }] });
    const hypPerUnit = (c: Catalog) => {
      const g = runScenario(s, c).metrics.guests[0]!;
      return g.cpu.hypervisor / g.unitsCompleted;
    };
    const bare = withHypervisor(cat, 'vmware-workstation', (h) => ({ ...h, hosted: false }));
    expect(hypPerUnit(cat)).toBeGreaterThan(hypPerUnit(bare));
  });

  it('a profile stored before the retired fields went (a custom entry, a run\'s catalog snapshot) still loads; other unknown keys do not', () => {
    const p = cat.profiles.find((x) => x.id === 'xeon-x5570')!;
    const old = { ...p, native: { ...p.native, rdtsc: 24, tlbMissWalk: 30, contextSwitch: 2000 }, nic: { ...p.nic, latencyNs: 3000 }, storage: { ...p.storage, queues: 3 } };
    expect(StoredHardwareProfile.parse(old)).toEqual(p);
    expect(CatalogSnapshot.parse({ profiles: [old], hypervisors: [], oses: [], addons: [], workloads: [] }).profiles[0]).toEqual(p);
    expect(StoredHardwareProfile.safeParse({ ...old, native: { ...old.native, warpDrive: 1 } }).success).toBe(false);
  });
});
