// What differs between a baseline's setup and a run's is said in words, field by field: the
// settings added with the engine's second pass (a host's scheduler time slice and memory, a guest's
// NIC interrupt coalescing and Hyper-V enlightenments) are named, not lumped into "other settings".
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../../core/model/index.ts';
import { setupChanges } from '../../core/report/explain.ts';
import type { RunInput } from '../../core/report/index.ts';
import { words } from '../../core/report/text.ts';
import { builtIn } from '../helpers/lab.ts';

/** Only what setupChanges reads of a run: its scenario, seed, engine version and scenario hash. */
function runOf(scenario: Scenario, hash: string): RunInput {
  return { run: { scenario, seed: scenario.seed, engineVersion: '0.18.0', scenarioHash: hash }, series: [], catalog: {} } as unknown as RunInput;
}

describe('setup differences against a baseline', () => {
  const base = builtIn('consolidation-8', 10);
  const [h] = base.hosts;
  const [g] = base.guests;

  it('names a time slice, host memory, NIC coalescing and Hyper-V flags, in English and Swedish', () => {
    const changed: Scenario = {
      ...base,
      hosts: [{ ...h!, memoryGiB: 64, scheduler: { timesliceUs: 30_000 } }, ...base.hosts.slice(1)],
      guests: [{ ...g!, devices: { ...g!.devices, nicCoalescing: { mode: 'interval', intervalUs: 10 } }, hvFlags: ['hv-relaxed', 'hv-time'] }, ...base.guests.slice(1)],
    };
    const en = setupChanges(runOf(base, 'a'), runOf(changed, 'b'), words('en'));
    expect(en).toEqual(expect.arrayContaining([
      expect.stringMatching(new RegExp(`^host ${h!.id}: memory \\(GiB\\) – → 64$`)),
      expect.stringMatching(new RegExp(`^host ${h!.id}: scheduler time slice default → 30(\\.0)? ms$`)),
      expect.stringMatching(new RegExp(`^guest ${g!.id}: NIC interrupt coalescing default → 10(\\.0)? µs$`)),
      `guest ${g!.id}: Hyper-V enlightenments default → hv-relaxed, hv-time`,
    ]));
    expect(en).not.toContain('other settings of the scenario differ');
    const off: Scenario = { ...base, guests: [{ ...g!, devices: { ...g!.devices, nicCoalescing: { mode: 'off' } }, hvFlags: [] }, ...base.guests.slice(1)] };
    const sv = setupChanges(runOf(base, 'a'), runOf(off, 'c'), words('sv'));
    expect(sv).toEqual(expect.arrayContaining([
      `gäst ${g!.id}: avbrottssammanslagning för nätkortet standard → av`,
      `gäst ${g!.id}: Hyper-V-förbättringar standard → inga`,
    ]));
  });

  it('says nothing for a run whose setup is the same', () => {
    expect(setupChanges(runOf(base, 'a'), runOf(base, 'a'), words('en'))).toEqual([]);
  });
});
