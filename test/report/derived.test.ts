// Derived figures are defined once (core/model/derived.ts): every view that shows exits per unit
// shows the same number, including for a guest that completed no unit.
import { describe, expect, it } from 'vitest';
import { builtInCatalog } from '../../core/catalog/index.ts';
import { runScenario } from '../../core/engine/engine.ts';
import { type GuestMetrics, cpuShares, exitsPerUnit, pvShare, speedUp, stealShare } from '../../core/model/index.ts';
import { compareRows, findings } from '../../core/report/compare.ts';
import { sweepRow } from '../../core/service/sweep.ts';

describe('derived figures', () => {
  const catalog = builtInCatalog();
  const m = runScenario({ ...catalog.scenarios.find((s) => s.id === 'consolidation-8')!, durationMs: 20 }, catalog).metrics;
  const g = m.guests[0]!;
  const none: GuestMetrics = { ...g, unitsCompleted: 0 };

  it('exits per unit is one figure in compare, sweeps and reports, with or without completed units', () => {
    for (const x of [g, none]) {
      const row = compareRows([{ ...m, guests: [x] }]).rows.find((r) => r.name === `${x.guest}: exits per unit`)!;
      expect(row.values[0]).toBe(exitsPerUnit(x));
      expect(sweepRow(1, [], 'completed', { ...m, guests: [x] }).guests[0]!.exitsPerUnit).toBe(exitsPerUnit(x));
    }
    const exits = Object.values(g.exitsByReason).reduce((a, b) => a + b, 0);
    expect(exits).toBeGreaterThan(0);
    expect(exitsPerUnit(none)).toBe(exits);
  });

  it('CPU shares add up to one; PV share and steal share are fractions', () => {
    expect(cpuShares(g.cpu).reduce((a, p) => a + p.share, 0)).toBeCloseTo(1, 9);
    expect(pvShare(g)).toBeGreaterThanOrEqual(0);
    expect(pvShare(g)).toBeLessThanOrEqual(1);
    expect(stealShare(g)).toBeGreaterThanOrEqual(0);
  });

  it('a speed-up is the throughput ratio, and the compare findings use it', () => {
    const faster: GuestMetrics = { ...g, throughputPerSec: g.throughputPerSec * 2 };
    expect(speedUp(g, faster)).toBeCloseTo(2, 12);
    expect(speedUp(g, { ...g, throughputPerSec: 0 })).toBeNull();
    const f = findings([m, { ...m, guests: [faster, ...m.guests.slice(1)] }]).find((x) => x.id === 'faster')!;
    expect(f.figure).toBeCloseTo(2, 12);
  });
});
