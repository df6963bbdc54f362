/**
 * The engine side of a recorded run, the same in a worker thread and in-process: build (or
 * restore) the engine from the frozen plan and drive it, streaming into `out`.
 */
import { Engine, type EngineCheckpoint } from '../engine/engine.ts';
import type { RunMetrics } from '../model/index.ts';
import type { EventColumns } from './codec.ts';
import { type RunPlan, snapshotCatalog } from './plan.ts';
import { type DriveOutput, drive } from './recorder.ts';
import { unpackJson } from './codec.ts';

/** Where a branch starts: the parent's checkpoint, the action to schedule, and the parent's events of the partial chunk. */
export interface BranchStart {
  checkpoint: Uint8Array;
  actionIndex: number;
  carry: EventColumns;
}

export interface ExecuteResult {
  cancelled: boolean;
  metrics: RunMetrics;
  warnings: string[];
  eventHash: string;
  eventCount: number;
  simNs: number;
}

export function engineFor(plan: RunPlan, checkpoint?: Uint8Array): Engine {
  const catalog = snapshotCatalog(plan.catalog, plan.scenario);
  if (!checkpoint) return new Engine(plan.scenario, catalog, plan.seed);
  return Engine.restore(plan.scenario, catalog, unpackJson(checkpoint) as EngineCheckpoint);
}

export function execute(plan: RunPlan, out: DriveOutput, opts: { cancelled?: () => boolean; start?: BranchStart; checkpointEvery?: number; record?: boolean } = {}): ExecuteResult {
  const engine = engineFor(plan, opts.start?.checkpoint);
  if (opts.start) engine.scheduleAction(opts.start.actionIndex);
  const r = drive(engine, out, {
    ...(opts.cancelled ? { cancelled: opts.cancelled } : {}),
    ...(opts.start ? { carry: opts.start.carry } : {}),
    ...(opts.checkpointEvery ? { checkpointEvery: opts.checkpointEvery } : {}),
    ...(opts.record === false ? { record: false } : {}),
  });
  return { cancelled: r.cancelled, metrics: engine.metrics(), warnings: engine.warnings(), eventHash: engine.eventHash, eventCount: engine.eventCount, simNs: engine.now };
}
