/** What the run page derives: time left from progress, stacked chart columns, exits per unit, CPU shares. */
import { describe, expect, it } from 'vitest';
import { cpuShares, etaSeconds, exitsPerUnit, stackColumns } from '../../renderer/src/pages/run/figures.ts';
import type { GuestMetrics } from '../../core/model/index.ts';

describe('run figures', () => {
  it('estimates the time left from the recent rate', () => {
    expect(etaSeconds([], 100)).toBeNull();
    expect(etaSeconds([{ wall: 0, simNs: 0, events: 0 }], 100)).toBeNull();
    // 10 ns simulated per second of wall time, 80 ns to go
    expect(etaSeconds([{ wall: 0, simNs: 0, events: 0 }, { wall: 1000, simNs: 10, events: 5 }, { wall: 2000, simNs: 20, events: 9 }], 100)).toBeCloseTo(8);
    // only the last few seconds count: a slow start does not drag the estimate
    const samples = [{ wall: 0, simNs: 0, events: 0 }, { wall: 60_000, simNs: 10, events: 0 }, { wall: 62_000, simNs: 50, events: 0 }];
    expect(etaSeconds(samples, 100)).toBeCloseTo(2.5);
  });
  it('stacks series so each is drawn on top of the ones before it', () => {
    expect(stackColumns([[0, 1], [1, 2], [3, 4], [5, 6]])).toEqual([[0, 1], [1, 2], [4, 6], [9, 12]]);
  });
  it('counts exits per completed unit, and all exits when nothing completed', () => {
    const g = { exitsByReason: { MMIO: 30, HLT: 10 }, unitsCompleted: 20 } as unknown as GuestMetrics;
    expect(exitsPerUnit(g)).toBe(2);
    expect(exitsPerUnit({ ...g, unitsCompleted: 0 })).toBe(40);
  });
  it('splits CPU time into shares that add up to one', () => {
    const shares = cpuShares({ guestUser: 50, guestKernel: 25, exits: 5, hypervisor: 10, backend: 0, idle: 10, steal: 0 });
    expect(shares.reduce((a, s) => a + s.share, 0)).toBeCloseTo(1);
    expect(shares.find((s) => s.part === 'guestUser')?.share).toBeCloseTo(0.5);
    expect(cpuShares({ guestUser: 0, guestKernel: 0, exits: 0, hypervisor: 0, backend: 0, idle: 0, steal: 0 }).every((s) => s.share === 0)).toBe(true);
  });
});
