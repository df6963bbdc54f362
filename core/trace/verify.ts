/**
 * Verify: re-simulate a recorded run from its frozen plan and compare chunk hashes. On the first
 * mismatch, decode the recorded chunk and name the first event and field that differ.
 */
import { Engine, ENGINE_VERSION } from '../engine/engine.ts';
import { EVENT_KINDS, REASONS, type EventSink } from '../engine/events.ts';
import { type BranchInfo, Divergence, PvLabError, Scenario, VerifyResult } from '../model/index.ts';
import { CHUNK_EVENTS, COLUMN_FIELDS, type EventColumns, decodeChunk, hashColumns, newColumns, pushEvent } from './codec.ts';
import type { RecordingSource } from './cursor.ts';
import { type RunPlan, snapshotCatalog } from './plan.ts';
import { CANCEL_CHECK_DISPATCHES } from './recorder.ts';

export { Divergence, VerifyResult };

function display(field: (typeof COLUMN_FIELDS)[number], v: number): string | number {
  if (field === 'kind') return EVENT_KINDS[v] ?? v;
  if (field === 'reason') return REASONS[v] ?? v;
  return v;
}

/** The first event where two chunks differ (they hash differently, so there is one, or a count difference). */
export function firstDifference(rec: EventColumns, now: EventColumns, firstEvent: number): Divergence {
  const n = Math.min(rec.count, now.count);
  for (let i = 0; i < n; i++) {
    for (const f of COLUMN_FIELDS) {
      const a = rec[f][i]!;
      const b = now[f][i]!;
      if (a !== b) return { index: firstEvent + i, t: rec.t[i]!, field: f, recorded: display(f, a), now: display(f, b) };
    }
  }
  const longer = rec.count > now.count ? rec : now;
  return {
    index: firstEvent + n,
    t: longer.t[n] ?? null,
    field: 'event',
    recorded: rec.count > n ? 'an event' : 'no event (the recording ends here)',
    now: now.count > n ? 'an event' : 'no event (the re-simulation ends here)',
  };
}

/** The scenario a branch's parent ran: the branch's scenario without the branch's own action. */
export function parentScenario(scenario: Scenario, branch: BranchInfo): Scenario {
  return { ...scenario, timeline: scenario.timeline.filter((_, i) => i !== branch.actionIndex) };
}

/** Progress (simulated ns done of total) and a cancel check, every `CANCEL_CHECK_DISPATCHES` dispatches of re-simulation. */
export interface VerifyHooks {
  progress?: (doneNs: number, totalNs: number) => void;
  cancelled?: () => boolean;
}

export function verifyRecording(
  plan: RunPlan,
  meta: { engineVersion: string; branch: BranchInfo | null; complete: boolean },
  src: RecordingSource,
  hooks: VerifyHooks = {},
): VerifyResult {
  if (meta.engineVersion !== ENGINE_VERSION) {
    throw new PvLabError(
      'version-mismatch',
      `This run was recorded by engine ${meta.engineVersion}; this PV Lab has engine ${ENGINE_VERSION}, which may legitimately produce other events`,
      'view and compare the run as recorded, or re-run its scenario with this version and compare the two runs',
    );
  }
  const index = src.chunkIndex();
  const catalog = snapshotCatalog(plan.catalog, plan.scenario);
  // a branch re-runs its parent's scenario to the branch point, then its own from there
  const first = meta.branch ? parentScenario(plan.scenario, meta.branch) : plan.scenario;
  let engine = new Engine(first, snapshotCatalog(plan.catalog, first), plan.seed);
  let cols = newColumns(CHUNK_EVENTS);
  let k = 0;
  let divergence: Divergence | null = null;
  let checked = 0;
  const compare = (c: EventColumns) => {
    if (divergence) return;
    const e = index[k];
    if (!e) {
      if (meta.complete) divergence = firstDifference(newColumns(0), c, k * CHUNK_EVENTS);
      return;
    }
    // an interrupted recording's last chunk may be partial: compare the events it has
    if (!meta.complete && k === index.length - 1 && e.count < c.count) c.count = e.count;
    if (e.count !== c.count || e.hash !== hashColumns(c)) {
      divergence = firstDifference(decodeChunk(src.chunkData(e.seq), e.tFirst), c, e.firstEvent);
      return;
    }
    checked += c.count;
    k++;
  };
  const sink: EventSink = {
    event(t, host, guest, vcpu, kind, reason, cycles, path) {
      pushEvent(cols, t, host, guest, vcpu, kind, reason, cycles, path);
      if (cols.count === CHUNK_EVENTS) {
        compare(cols);
        cols = newColumns(CHUNK_EVENTS);
      }
    },
  };
  const slice = Math.max(1000, Math.ceil(engine.durationNs / 500));
  const runTo = (limit: number) => {
    while (!engine.done && engine.now < limit && !divergence && (meta.complete || k < index.length)) {
      if (hooks.cancelled?.()) throw new PvLabError('cancelled', 'Verification was cancelled', 'start it again to verify the whole run');
      engine.runUntil(Math.min(limit, engine.now + slice), { sink, maxDispatches: CANCEL_CHECK_DISPATCHES });
      hooks.progress?.(engine.now, engine.durationNs);
    }
  };
  if (meta.branch) {
    runTo(meta.branch.tNs);
    if (!divergence && engine.eventCount !== meta.branch.eventIndex) {
      divergence = { index: Math.min(engine.eventCount, meta.branch.eventIndex), t: meta.branch.tNs, field: 'branch point', recorded: meta.branch.eventIndex, now: engine.eventCount };
    }
    if (!divergence) {
      engine = Engine.restore(plan.scenario, catalog, engine.checkpoint());
      engine.scheduleAction(meta.branch.actionIndex);
    }
  }
  runTo(Infinity);
  if (!divergence && cols.count > 0 && (meta.complete || k < index.length)) compare(cols);
  if (!divergence && meta.complete && k < index.length) {
    const e = index[k]!;
    divergence = firstDifference(decodeChunk(src.chunkData(e.seq), e.tFirst), newColumns(0), e.firstEvent);
  }
  return { ok: divergence === null, chunksChecked: k, eventsChecked: checked, wholeRun: meta.complete, divergence };
}
