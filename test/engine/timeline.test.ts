import { describe, expect, it } from 'vitest';
import { builtInCatalog } from '../../core/catalog/index.ts';
import { Engine } from '../../core/engine/index.ts';
import { EventKindId, ReasonId } from '../../core/engine/events.ts';
import { Scenario, type ScenarioInput } from '../../core/model/index.ts';
import { CollectSink } from '../helpers/collect.ts';

const cat = builtInCatalog();

function run(input: Omit<ScenarioInput, 'schemaVersion' | 'title'>): { events: number[][]; engine: Engine } {
  const e = new Engine(Scenario.parse({ schemaVersion: 1, title: input.id, ...input }), cat);
  const sink = new CollectSink();
  e.runUntil(Infinity, { sink });
  return { events: sink.events.map((s) => s.split('|').map(Number)), engine: e };
}

const T = 0, GUEST = 2, KIND = 4, REASON = 5;

describe('timeline: device change', () => {
  it('reboots the guest and gives it the new device from the boot on', () => {
    const { events, engine } = run({
      id: 'clock-swap', durationMs: 20_000,
      hosts: [{ id: 'h', profile: 'xeon-e5-2450', hypervisor: 'kvm-qemu' }],
      guests: [{ id: 'g', host: 'h', os: 'linux-6', vcpus: 1, memoryMiB: 1024, mode: 'hw-nested', devices: { clock: 'acpi-pm' }, workload: { id: 'clock-read' } }],
      timeline: [{ action: 'set-device', atMs: 2000, guest: 'g', device: 'clock', model: 'kvmclock' }],
    });
    const reboot = events.find((e) => e[KIND] === EventKindId.guest && e[REASON] === ReasonId.reboot)!;
    const boot = events.find((e) => e[KIND] === EventKindId.guest && e[REASON] === ReasonId.boot)!;
    expect(reboot[T]).toBe(2e9);
    expect(boot[T]).toBe(2e9 + 10e9); // Linux 6.6 boots in 10 s
    const exitsPerSecond = (from: number, to: number) => events.filter((e) => e[KIND] === EventKindId.exit && e[T]! >= from && e[T]! < to).length / ((to - from) / 1e9);
    const before = exitsPerSecond(0, 2e9);
    const after = exitsPerSecond(13e9, 20e9);
    // an ACPI PM timer read exits to QEMU; a kvmclock read is a memory read in the guest
    expect(before).toBeGreaterThan(1000);
    expect(after).toBeLessThan(before / 10);
    expect(engine.inspect().guests[0]!.status).toBe('running');
  });

  it('refuses a model of the wrong class, naming it', () => {
    expect(() => run({
      id: 'bad-swap', durationMs: 100,
      hosts: [{ id: 'h', profile: 'xeon-e5-2450', hypervisor: 'kvm-qemu' }],
      guests: [{ id: 'g', host: 'h', os: 'linux-6', vcpus: 1, memoryMiB: 1024, mode: 'hw-nested', workload: { id: 'clock-read' } }],
      timeline: [{ action: 'set-device', atMs: 10, guest: 'g', device: 'clock', model: 'e1000' }],
    })).toThrow(/cannot run/);
  });
});

describe('timeline: host failure', () => {
  it('takes down every guest on the host for good, and the run ends when nothing can run', () => {
    const { events, engine } = run({
      id: 'host-down', durationMs: 1000,
      hosts: [{ id: 'a', profile: 'xeon-e5-2450', hypervisor: 'kvm-qemu' }, { id: 'b', profile: 'xeon-e5-2450', hypervisor: 'kvm-qemu' }],
      guests: [
        { id: 'g1', host: 'a', os: 'linux-6', vcpus: 1, memoryMiB: 1024, mode: 'hw-nested', workload: { id: 'batch-cpu' } },
        { id: 'g2', host: 'a', os: 'linux-6', vcpus: 1, memoryMiB: 1024, mode: 'hw-nested', workload: { id: 'idle-linux' } },
        { id: 'g3', host: 'b', os: 'linux-6', vcpus: 1, memoryMiB: 1024, mode: 'hw-nested', workload: { id: 'idle-linux' } },
      ],
      timeline: [{ action: 'host-failure', atMs: 100, host: 'a' }, { action: 'host-failure', atMs: 300, host: 'b' }],
    });
    const failures = events.filter((e) => e[REASON] === ReasonId.host_failure);
    expect(failures.map((e) => [e[T], e[GUEST]])).toEqual([[100e6, 0], [100e6, 1], [300e6, 2]]);
    // nothing runs on a failed host afterwards
    expect(events.some((e) => e[T]! > 100e6 && (e[GUEST] === 0 || e[GUEST] === 1))).toBe(false);
    expect(events.some((e) => e[T]! > 100e6 && e[T]! < 300e6 && e[GUEST] === 2)).toBe(true);
    expect(engine.now).toBe(300e6);
    expect(engine.inspect().guests.map((g) => g.status)).toEqual(['down', 'down', 'down']);
  });
});
