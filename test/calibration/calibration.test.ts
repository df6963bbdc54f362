/**
 * REFERENCES.md §A (Adams & Agesen 2006 nanobenchmarks on the Pentium 4 672), with the exit
 * costs of §B as profile inputs and the KVM round trips of §C as the engine composes them.
 */
import { describe, expect, it } from 'vitest';
import { builtInCatalog } from '../../core/catalog/index.ts';
import { calibrate } from '../../core/engine/calibration.ts';

const report = calibrate(builtInCatalog());

describe('calibration', () => {
  for (const section of ['A', 'B', 'C'] as const) {
    for (const c of report.checks.filter((x) => x.section === section)) {
      it(`§${section} ${c.name}: ${c.value.toFixed(3)} within [${c.min.toFixed(3)}, ${c.max.toFixed(3)}] (${c.target})`, () => {
        expect(c.value).toBeGreaterThanOrEqual(c.min);
        expect(c.value).toBeLessThanOrEqual(c.max);
      });
    }
  }

  it('covers every check of section A', () => {
    const names = report.checks.filter((c) => c.section === 'A').map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining([
      'divzero HW/native', 'divzero SW/native', 'pgfault SW/native', 'pgfault HW/native', 'pgfault HW/SW',
      'pgfault ordering HW > SW > native', 'ptemod HW/SW', 'in ordering SW < native < HW', 'in HW/native',
      'syscall HW/native', 'call/ret HW/native', 'call/ret SW/native',
    ]));
  });

  it('measures every nanobenchmark in native, BT and hardware-assisted modes', () => {
    expect(report.measurements).toHaveLength(7 * 3);
    for (const m of report.measurements) expect(m.cyclesPerOp).toBeGreaterThan(0);
  });
});
