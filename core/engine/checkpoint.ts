/**
 * Checkpoint and restore. A checkpoint is the state as plain data, with the kernel's queue and
 * the hash folded in; restoring copies it back and rebuilds the derived tables (path slots,
 * resource lookups) by replaying the recorded table builds in order, so every slot and resource
 * gets the number it had and the restored engine emits exactly the uninterrupted run's events.
 */
import { Kernel } from './kernel.ts';
import { buildTable } from './path-tables.ts';
import { setupScenario } from './setup.ts';
import type { Sim } from './sim.ts';
import type { EngineState } from './state.ts';

/** The whole state now, as a copy. */
export function captureState(sim: Sim): EngineState {
  const live = sim.state;
  live.kernel = sim.kernel.snapshot();
  live.hash = sim.hasher.state();
  return structuredClone(live);
}

/** Replace `sim`'s state with (a copy of) `state` and rebuild what is derived from it. */
export function restoreState(sim: Sim, state: EngineState): void {
  sim.early = null;
  sim.backendCounts = null;
  const restored = structuredClone(state);
  sim.state = restored;
  sim.kernel = Kernel.restore(restored.kernel);
  if (restored.stopped) sim.kernel.halt();
  sim.hasher.restore(restored.hash);
  // rebuild derived tables in the order they were built
  sim.paths.clear();
  sim.resourceIndex.clear();
  sim.setup = setupScenario(sim.scenario, sim.catalog);
  // (each build sees its guest's versions up to its own, as the original build did)
  const builds = restored.tableBuilds;
  const versions = restored.guests.map((guestState) => guestState.versions);
  const built = restored.guests.map(() => 0);
  restored.tableBuilds = [];
  for (const gi of builds) {
    const n = ++built[gi]!;
    restored.guests[gi]!.versions = versions[gi]!.slice(0, n);
    buildTable(sim, gi);
  }
  restored.guests.forEach((guestState, gi) => {
    guestState.versions = versions[gi]!;
  });
}
