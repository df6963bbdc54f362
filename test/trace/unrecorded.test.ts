import { describe, expect, it } from 'vitest';
import { builtInCatalog, lookup } from '../../core/catalog/index.ts';
import { Engine } from '../../core/engine/index.ts';
import type { Scenario } from '../../core/model/index.ts';
import { type DriveOutput, drive } from '../../core/trace/recorder.ts';

/**
 * A run that is not recorded: the engine makes no event columns and no checkpoints (nobody keeps
 * them — they cost about a seventh of the engine's CPU), while path names, progress and the
 * samples behind the run page's charts still come, and the run is the same run.
 */

function tally() {
  const n = { columns: 0, events: 0, checkpoints: 0, paths: 0, progress: 0, samples: 0 };
  const out: DriveOutput = {
    columns: (c) => { n.columns++; n.events += c.count; },
    checkpoint: () => { n.checkpoints++; },
    paths: () => { n.paths++; },
    progress: () => { n.progress++; },
    sample: () => { n.samples++; },
  };
  return { n, out };
}

describe('driving an unrecorded run', () => {
  it('makes no columns or checkpoints, and gives the same events, metrics and samples', () => {
    const catalog = builtInCatalog();
    const scenario: Scenario = { ...(lookup(catalog, 'scenarios', 'consolidation-8') as Scenario), durationMs: 60 };
    const recorded = tally();
    const a = new Engine(scenario, catalog);
    drive(a, recorded.out, { checkpointEvery: 20_000 });
    const unrecorded = tally();
    const b = new Engine(scenario, catalog);
    drive(b, unrecorded.out, { checkpointEvery: 20_000, record: false });

    expect(recorded.n.events).toBe(a.eventCount);
    expect(recorded.n.checkpoints).toBeGreaterThan(1);
    expect(unrecorded.n).toMatchObject({ columns: 0, events: 0, checkpoints: 0 });
    expect(unrecorded.n.samples).toBe(recorded.n.samples);
    expect(unrecorded.n.progress).toBe(recorded.n.progress);
    expect(unrecorded.n.paths).toBeGreaterThan(0);
    expect(b.eventHash).toBe(a.eventHash);
    expect(b.metrics()).toEqual(a.metrics());
  });
});
