// Issue 9, section 3: figures over the measured run, steal to the end, latency from the unit's
// start, the clock source the guest really uses, idle ticks on every vCPU, the bare-metal NIC.
import { describe, expect, it } from 'vitest';
import { builtInCatalog } from '../../core/catalog/index.ts';
import { Engine, runScenario } from '../../core/engine/index.ts';
import { EventKindId, ReasonId } from '../../core/engine/events.ts';
import { setupScenario } from '../../core/engine/setup.ts';
import { Scenario, type ScenarioInput } from '../../core/model/index.ts';

const cat = builtInCatalog();
const make = (input: Partial<ScenarioInput> & Pick<ScenarioInput, 'guests' | 'hosts'>) => Scenario.parse({ schemaVersion: 1, id: 'c', title: 'c', durationMs: 100, ...input });

describe('run figures', () => {
  const runs = cat.scenarios.map((s) => ({ s, m: runScenario(s, cat).metrics }));

  it('every vCPU-nanosecond of the run is busy, idle or steal (a vCPU still waiting at the end counts as steal)', () => {
    for (const { s, m } of runs) {
      for (const g of m.guests) {
        const vcpus = s.guests.find((x) => x.id === g.guest)!.vcpus;
        const c = g.cpu;
        const total = c.guestUser + c.guestKernel + c.exits + c.hypervisor + c.idle + c.steal;
        // within 1 %: an exit taken just before a vCPU gives up its pCPU (a PAUSE exit and yield)
        // is charged without moving the clock, so it overlaps the steal that follows
        expect(Math.abs(total / (vcpus * m.simulatedNs) - 1), `${s.id} ${g.guest}`).toBeLessThan(0.01);
      }
    }
  });

  it('a vCPU that is runnable all run long is never idle: its wait at the end is steal', () => {
    const vm = (id: string) => ({ id, host: 'h', os: 'linux-6', vcpus: 1, memoryMiB: 512, mode: 'hw-nested' as const, workload: { id: 'batch-cpu' } });
    const m = runScenario(make({ hosts: [{ id: 'h', profile: 'xeon-gold-6142', hypervisor: 'kvm-qemu', cores: 1 }], guests: [vm('a'), vm('b')], durationMs: 101 }), cat).metrics;
    for (const g of m.guests) {
      expect(g.cpu.idle, g.guest).toBeLessThan(1e-3 * m.simulatedNs);
      expect(g.cpu.steal / m.simulatedNs, g.guest).toBeGreaterThan(0.45);
    }
  });

  it('no unit takes longer than the run: latency starts when the unit starts', () => {
    for (const { s, m } of runs) for (const g of m.guests) expect(g.latencyNs.max, `${s.id} ${g.guest}`).toBeLessThanOrEqual(m.simulatedNs);
  });

  it('throughput is over the measured run: a guest lost with its host counts the time it was down', () => {
    const { m } = runs.find((r) => r.s.id === 'lab-failure-no-ha')!;
    const web = m.guests.find((g) => g.guest === 'web')!;
    expect(web.status).not.toBe('done');
    expect(web.throughputPerSec).toBeCloseTo(web.unitsCompleted / (m.simulatedNs / 1e9), 6);
  });
});

describe('clock sources', () => {
  const xen = (addons: string[]) => make({
    hosts: [{ id: 'h', profile: 'xeon-x5570', hypervisor: 'xen' }],
    guests: [{ id: 'g', host: 'h', os: 'linux-2.6.11', vcpus: 1, memoryMiB: 512, mode: 'xen-pv', addons, workload: { id: 'clock-read' } }],
  });

  it('a Xen PV guest with the PV clock reads it, not the HPET its OS lists first', () => {
    expect(setupScenario(xen(['xenlinux-2.6.18']), cat).guests[0]!.clock.model).toBe('xen-pvclock');
  });

  it('a Xen PV guest has no emulated HPET or ACPI PM timer to read', () => {
    expect(['tsc', 'xen-pvclock']).toContain(setupScenario(xen([]), cat).guests[0]!.clock.model);
    const m = runScenario(xen(['xenlinux-2.6.18']), cat).metrics.guests[0]!;
    expect(m.exitsByReason.MMIO ?? 0).toBe(0);
  });
});

describe('idle guests and bare metal', () => {
  it('an idle guest takes timer ticks on every vCPU', () => {
    const s = make({ hosts: [{ id: 'h', profile: 'xeon-gold-6142', hypervisor: 'kvm-qemu' }], guests: [{ id: 'g', host: 'h', os: 'linux-6', vcpus: 4, memoryMiB: 512, mode: 'hw-nested', workload: { id: 'idle-linux' } }], durationMs: 1000 });
    const ticked = new Set<number>();
    new Engine(s, cat).runUntil(Infinity, { sink: { event: (_t, _h, _g, vcpu, kind, reason) => void (kind === EventKindId.inject && reason === ReasonId.timer && ticked.add(vcpu)) } });
    expect([...ticked].sort()).toEqual([0, 1, 2, 3]);
  });

  it('the bare-metal NIC is the host\'s own', () => {
    const s = make({ hosts: [{ id: 'h', profile: 'xeon-gold-6142', hypervisor: null }], guests: [{ id: 'g', host: 'h', os: 'linux-6', vcpus: 1, memoryMiB: 512, mode: 'native', workload: { id: 'ttcp' } }] });
    const e = new Engine(s, cat);
    e.runUntil(Infinity);
    const nic = cat.profiles.find((p) => p.id === 'xeon-gold-6142')!.nic;
    expect(e.pathNames.some((n) => n.includes(`${nic.vendor} ${nic.model}`))).toBe(true);
    expect(e.pathNames.some((n) => n.includes('e1000'))).toBe(false);
  });
});
