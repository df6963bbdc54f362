import type { Scenario, ScenarioInput } from '../../core/model/index.ts';

/** A busy two-host scenario that exercises I/O, locks, IPIs, timers and open-loop arrivals. */
export function determinismScenario(make: (i: Partial<ScenarioInput> & Pick<ScenarioInput, 'guests'>) => Scenario): Scenario {
  return make({
    id: 'determinism',
    seed: 7,
    durationMs: 40,
    hosts: [
      { id: 'a', profile: 'test-host', hypervisor: 'test-kvm', cores: 4 },
      { id: 'b', profile: 'no-ept', hypervisor: 'test-kvm' },
    ],
    guests: [
      { id: 'web', host: 'a', os: 'linux', vcpus: 2, memoryMiB: 1024, mode: 'hw-nested', workload: { id: 'web' } },
      { id: 'locky', host: 'a', os: 'linux', vcpus: 8, memoryMiB: 1024, mode: 'hw-nested', workload: { id: 'locky' } },
      { id: 'disk', host: 'a', os: 'linux', vcpus: 1, memoryMiB: 1024, mode: 'hw-nested', workload: { id: 'disk' } },
      { id: 'win-idle', host: 'a', os: 'windows', vcpus: 2, memoryMiB: 1024, mode: 'hw-nested', workload: { id: 'idle' } },
      { id: 'shadow', host: 'b', os: 'linux', vcpus: 2, memoryMiB: 1024, mode: 'hw-shadow', workload: { id: 'mix' } },
      { id: 'net', host: 'b', os: 'linux', vcpus: 1, memoryMiB: 1024, mode: 'hw-shadow', devices: { nic: 'e1000' }, workload: { id: 'net' } },
    ],
  });
}

/** A scenario cut to at most `ms` of simulated time, without the timeline actions that fall after it. */
export function shortened(s: Scenario, ms: number): Scenario {
  const durationMs = Math.min(s.durationMs, ms);
  return { ...s, durationMs, timeline: s.timeline.filter((a) => a.atMs <= durationMs) };
}
