// The replay timeline's lanes: wide views are summed from the chunks' lane tiles without decoding
// a chunk, and give the same per-lane totals as counting every event; narrow views decode.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINE_VERSION } from '../../core/engine/engine.ts';
import { NO_GUEST } from '../../core/engine/events.ts';
import { ReplayCursor } from '../../core/trace/cursor.ts';
import { lanes } from '../../core/trace/lanes.ts';
import { builtIn, tempLab } from '../helpers/lab.ts';

describe('replay lanes', () => {
  let lab: ReturnType<typeof tempLab>;
  let runId = 0;
  beforeAll(async () => {
    lab = tempLab();
    runId = (await lab.svc.call('runs.start', { scenario: builtIn('consolidation-8', 400) })).runId;
    await lab.svc.call('runs.wait', { runId });
  });
  afterAll(() => lab.done());

  /** A cursor over the run that counts how many chunks it decodes. */
  function cursor(): { c: ReplayCursor; decoded: () => number } {
    let n = 0;
    const src = lab.store.runs.source(runId);
    const counting = { ...src, chunkData: (seq: number) => (n++, src.chunkData(seq)) };
    return { c: new ReplayCursor(counting, { plan: lab.store.runs.plan(runId), pathNames: [], engineVersion: ENGINE_VERSION }), decoded: () => n };
  }

  it('sums the whole run from lane tiles, decoding only the chunks at its edges, with exact totals per lane', () => {
    const { c, decoded } = cursor();
    expect(c.chunks.length).toBeGreaterThan(5);
    const wide = lanes(c, 0, c.tEnd + 1, 20);
    expect(decoded()).toBeLessThanOrEqual(2);
    // count every event, decoding everything
    const byLane = new Map<string, number>();
    for (let k = 0; k < c.chunks.length; k++) {
      const cols = c.columns(k);
      for (let j = 0; j < cols.count; j++) {
        const bump = (id: string) => byLane.set(id, (byLane.get(id) ?? 0) + 1);
        bump(`host:${c.scenario.hosts[cols.host[j]!]!.id}`);
        const g = cols.guest[j]!;
        if (g === NO_GUEST) continue;
        bump(`guest:${c.scenario.guests[g]!.id}`);
        bump(`vcpu:${c.scenario.guests[g]!.id}:${cols.vcpu[j]}`);
      }
    }
    for (const lane of wide.lanes) expect(lane.counts.reduce((a, b) => a + b, 0), lane.id).toBe(byLane.get(lane.id) ?? 0);
  });

  it('decodes for a narrow view, where tiles would be coarser than the buckets', () => {
    const { c, decoded } = cursor();
    const t0 = c.tEnd / 2;
    const narrow = lanes(c, t0, t0 + 1e6, 100);
    expect(decoded()).toBeGreaterThan(0);
    expect(narrow.lanes[0]!.counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });
});
