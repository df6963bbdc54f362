// The safety net for engine changes: every built-in scenario's and lesson's event-stream hash and
// headline metrics, pinned in test/engine/golden.json. A refactor keeps every entry identical. A
// model change updates the file on purpose (run with UPDATE_GOLDEN=1), bumps ENGINE_VERSION and
// says why in its commit.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { builtInCatalog } from '../../core/catalog/index.ts';
import { ENGINE_VERSION, runScenario } from '../../core/engine/engine.ts';
import { type RunMetrics, exitsPerUnit } from '../../core/model/index.ts';

const file = fileURLToPath(new URL('golden.json', import.meta.url));

interface Golden {
  engineVersion: string;
  scenarios: Record<string, { events: number; eventHash: string; guests: Record<string, { units: number; throughputPerSec: number; p99LatencyNs: number; exitsPerUnit: number; cpuNs: Record<string, number> }> }>;
}

function headline(m: RunMetrics): Golden['scenarios'][string] {
  return {
    events: m.eventCount,
    eventHash: m.eventHash,
    guests: Object.fromEntries(m.guests.map((g) => [g.guest, { units: g.unitsCompleted, throughputPerSec: g.throughputPerSec, p99LatencyNs: g.latencyNs.p99, exitsPerUnit: exitsPerUnit(g), cpuNs: roundedCpu(g) }])),
  };
}

/** The CPU split in whole nanoseconds: where the time went, which the event hash does not see. */
function roundedCpu(g: RunMetrics['guests'][number]): Record<string, number> {
  return Object.fromEntries(Object.entries(g.cpu).map(([k, ns]) => [k, Math.round(ns)]));
}

describe('golden event hashes of the built-in scenarios', () => {
  const catalog = builtInCatalog();
  const actual: Golden = { engineVersion: ENGINE_VERSION, scenarios: {} };
  for (const s of catalog.scenarios) actual.scenarios[s.id] = headline(runScenario(s, catalog).metrics);
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
  const golden = JSON.parse(readFileSync(file, 'utf8')) as Golden;

  it('pins the engine version the goldens were made with', () => {
    expect(ENGINE_VERSION, 'the engine version changed: regenerate the goldens with UPDATE_GOLDEN=1 in the same commit').toBe(golden.engineVersion);
  });

  it('covers every built-in scenario', () => {
    expect(Object.keys(golden.scenarios).sort()).toEqual(catalog.scenarios.map((s) => s.id).sort());
  });

  for (const s of catalog.scenarios) {
    it(`${s.id} gives the pinned events and headline metrics`, () => {
      expect(actual.scenarios[s.id], `behaviour changed; if the model change is intended, bump ENGINE_VERSION and run UPDATE_GOLDEN=1`).toEqual(golden.scenarios[s.id]);
    });
  }
});
