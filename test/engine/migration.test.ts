import { describe, expect, it } from 'vitest';
import { builtInCatalog } from '../../core/catalog/index.ts';
import { MigrationSettings, linkMiBps, migrationProblems, planPrecopy } from '../../core/engine/migration.ts';
import { Scenario } from '../../core/model/index.ts';

const defaults = MigrationSettings.parse({});
/** A guest whose writes all land in a hot set of `hot` MiB at `rate` MiB/s of page writes. */
const plan = (memoryMiB: number, hot: number, rate: number, linkGbps = 10, settings: Partial<MigrationSettings> = {}) =>
  planPrecopy({ memoryMiB, memory: { hotSetMiB: hot, hotWriteMiBPerSec: rate, coldWriteMiBPerSec: 0 }, linkGbps, settings: { ...defaults, ...settings } });

describe('pre-copy migration', () => {
  it('takes the defaults of Xen and QEMU', () => {
    expect(defaults).toMatchObject({ maxRounds: 30, maxFactor: 3, minRemainderPages: 50, maxDowntimeMs: 300, bandwidthMiBps: 128, autoConverge: false });
  });

  it('stops after one round when the guest hardly writes: downtime of the last copy under the limit', () => {
    const p = plan(2048, 1, 0.1);
    expect(p.stopReason).toBe('downtime-met');
    expect(p.rounds).toHaveLength(1);
    expect(p.rounds[0]!.ms).toBeCloseTo(16000, 6); // 2 GiB at QEMU's 128 MiB/s
    // 1.6 MiB of page writes into a 1 MiB hot set in 16 s touch 1 − e^(−1.6) of it
    expect(p.finalMiB).toBeCloseTo(1 - Math.exp(-1.6), 6);
    expect(p.downtimeMs).toBeCloseTo((p.finalMiB / 128) * 1000, 6);
    expect(p.totalMiB).toBeCloseTo(2048 + p.finalMiB, 6);
  });

  it('converges round by round when the link outruns the dirty rate', () => {
    const p = plan(2048, 1024, 50);
    expect(p.stopReason).toBe('downtime-met');
    expect(p.rounds.length).toBeGreaterThan(3);
    for (let i = 2; i < p.rounds.length; i++) expect(p.rounds[i]!.sentMiB).toBeLessThan(p.rounds[i - 1]!.sentMiB);
    expect(p.downtimeMs).toBeLessThanOrEqual(300);
  });

  it('gives up at three times memory when the guest dirties faster than the link drains', () => {
    const p = plan(2048, 512, 200);
    expect(p.stopReason).toBe('data-limit');
    expect(p.totalMiB - p.finalMiB).toBeLessThanOrEqual(3 * 2048);
    // most of the hot set with the guest paused — seconds, not milliseconds — and never more than all of it
    expect(p.downtimeMs).toBeGreaterThan(2000);
    expect(p.finalMiB).toBeLessThan(512);
  });

  it('stops at the round limit, and below 50 pages remaining', () => {
    expect(plan(2048, 512, 200, 10, { maxRounds: 5 })).toMatchObject({ stopReason: 'max-rounds', rounds: { length: 5 } });
    const tiny = plan(2048, 0.1, 1000, 10, { maxDowntimeMs: 0.0001 });
    expect(tiny.stopReason).toBe('small-remainder');
  });

  it('auto-converge throttles the guest until the copy converges', () => {
    const off = plan(2048, 512, 200);
    const on = plan(2048, 512, 200, 10, { autoConverge: true });
    expect(on.stopReason).toBe('downtime-met');
    expect(on.downtimeMs).toBeLessThan(off.downtimeMs / 5);
    const throttles = on.rounds.map((r) => r.throttlePercent);
    expect(throttles[0]).toBe(0);
    expect(throttles).toContain(20);
    expect(throttles).toContain(30);
    expect(Math.max(...throttles)).toBeLessThanOrEqual(99);
  });

  it('runs at the slower of the link and the bandwidth limit', () => {
    expect(plan(1024, 1, 0, 1).bandwidthMiBps).toBeCloseTo(linkMiBps(1), 9);
    expect(linkMiBps(1)).toBeCloseTo(119.2, 1);
    expect(plan(1024, 1, 0, 100).bandwidthMiBps).toBe(128);
  });
});

describe('migration targets', () => {
  const cat = builtInCatalog();
  const scenario = (cpuModel?: 'host' | 'baseline') => Scenario.parse({
    schemaVersion: 1, id: 'm', title: 'm', durationMs: 10,
    hosts: [
      { id: 'skylake', profile: 'xeon-gold-6142', hypervisor: 'kvm-qemu' },
      { id: 'sandy', profile: 'xeon-e5-2450', hypervisor: 'kvm-qemu' },
      { id: 'gold2', profile: 'xeon-platinum-8380', hypervisor: 'kvm-qemu' },
      { id: 'xen', profile: 'xeon-gold-6142', hypervisor: 'xen' },
    ],
    guests: [{ id: 'db', host: 'skylake', os: 'linux-6', vcpus: 2, memoryMiB: 4096, mode: 'hw-nested', workload: { id: 'oltp' }, ...(cpuModel ? { cpuModel } : {}) }],
  });

  it('refuses a CPU that lacks a feature the guest uses, naming it and the remedies', () => {
    const p = migrationProblems(scenario(), cat, 'db', 'sandy');
    expect(p).toHaveLength(1);
    expect(p[0]).toMatch(/lacks avx512/);
    expect(p[0]).toMatch(/baseline CPU model/);
    expect(migrationProblems(scenario('baseline'), cat, 'db', 'sandy')).toEqual([]);
    expect(migrationProblems(scenario(), cat, 'db', 'gold2')).toEqual([]);
  });

  it('refuses a hypervisor that lacks a PV interface the guest uses, naming it', () => {
    const p = migrationProblems(scenario(), cat, 'db', 'xen');
    expect(p.length).toBeGreaterThan(0);
    expect(p.join('\n')).toMatch(/does not offer/);
  });

  it('names unknown guests and hosts', () => {
    expect(migrationProblems(scenario(), cat, 'db', 'nowhere')).toEqual(['no host "nowhere" in this scenario']);
    expect(migrationProblems(scenario(), cat, 'db', 'skylake')).toEqual(['db already runs on skylake']);
  });
});
