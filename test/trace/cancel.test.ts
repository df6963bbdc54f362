import { describe, expect, it } from 'vitest';
import { builtInCatalog, lookup } from '../../core/catalog/index.ts';
import { Engine } from '../../core/engine/index.ts';
import type { Scenario } from '../../core/model/index.ts';
import { type DriveOutput, drive } from '../../core/trace/recorder.ts';

/**
 * Cancel ends a run within a bounded amount of work, whatever the scenario: a slice is a fixed
 * share of simulated time, and in a heavy scenario one slice can hold millions of dispatches, so
 * the flag is looked at every `cancelCheckEvery` dispatches inside a slice as well. Running a
 * slice in pieces must not change the run.
 */

const catalog = builtInCatalog();
const scenario: Scenario = { ...(lookup(catalog, 'scenarios', 'consolidation-8') as Scenario), durationMs: 40 };

function record() {
  const samples: unknown[] = [];
  let progress = 0;
  let events = 0;
  const out: DriveOutput = {
    columns: (c) => { events += c.count; },
    checkpoint: () => {},
    paths: () => {},
    progress: () => { progress++; },
    sample: (s) => { samples.push(s); },
  };
  return { out, samples, get progress() { return progress; }, get events() { return events; } };
}

describe('cancelling a run', () => {
  it('is looked at inside a slice, and stops the run before the slice ends', () => {
    const engine = new Engine(scenario, catalog);
    const sink = record();
    let looks = 0;
    // the first slice of this run holds thousands of dispatches; pieces of 50 make many looks in it
    const r = drive(engine, sink.out, { cancelCheckEvery: 50, cancelled: () => ++looks === 4 });
    expect(r.cancelled).toBe(true);
    expect(sink.progress).toBe(0); // no slice was finished
    expect(engine.eventCount).toBeGreaterThan(0);
    expect(engine.eventCount).toBeLessThan(4 * 50 + 1);
    expect(engine.done).toBe(false);
  });

  it('a run driven in small pieces is the same run: events, samples, progress and metrics', () => {
    const whole = new Engine(scenario, catalog);
    const a = record();
    drive(whole, a.out, { cancelled: () => false });
    const pieces = new Engine(scenario, catalog);
    const b = record();
    drive(pieces, b.out, { cancelCheckEvery: 97, cancelled: () => false });
    expect(pieces.eventHash).toBe(whole.eventHash);
    expect(b.events).toBe(a.events);
    expect(b.progress).toBe(a.progress);
    expect(b.samples).toEqual(a.samples);
    expect(pieces.metrics()).toEqual(whole.metrics());
  });
});
