/** The engine at a branch point: the parent's checkpoint before it, re-simulated up to the moment. */
import { packJson } from './codec.ts';
import { engineFor } from './execute.ts';
import type { RunPlan } from './plan.ts';

export interface BranchPoint {
  eventIndex: number;
  t: number;
  /** The engine's state there, packed as recordings store checkpoints. */
  checkpoint: Uint8Array;
}

export function branchPoint(plan: RunPlan, parentCheckpoint: Uint8Array, tNs: number): BranchPoint {
  const engine = engineFor(plan, parentCheckpoint);
  engine.runUntil(tNs);
  return { eventIndex: engine.eventCount, t: engine.now, checkpoint: packJson(engine.checkpoint()) };
}
