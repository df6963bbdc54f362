/**
 * The timeline and the end of the run. Each timeline action fires at its time and goes to the
 * subsystem it concerns (hosts, live migration, demand, guest lifecycle); actions that take time
 * come back in later phases. The run ends at the scenario's duration, or earlier when every
 * guest is done or nothing can run any more.
 */
import { PvLabError } from '../model/index.ts';
import { setLoad } from './demand.ts';
import type { EventTable } from './dispatch.ts';
import { hostFailure, hostIndex, hostRepair, hostUsable, maintenance } from './hosts.ts';
import { changeAddon, setDevice } from './lifecycle.ts';
import { startMigration } from './live-migration.ts';
import type { Sim } from './sim.ts';
import { chargeSpinsToNow } from './spin.ts';

/** Kernel event: timeline action `a` reaches phase `b` (PHASE_*). */
export const EV_ACTION = 5;
/** Kernel event: the run ends. */
export const EV_END = 6;

/** An action starts. */
export const PHASE_BEGIN = 0;
/** Its timed step is over: an add-on is installed or removed, a maintenance window has passed. */
export const PHASE_APPLIED = 1;
/** The guest has rebooted after the change. */
export const PHASE_BOOTED = 2;

export function registerTimelineEvents(table: EventTable): void {
  table.register(EV_ACTION, 'timeline-action', (sim, i, phase) => action(sim, i, phase));
  table.register(EV_END, 'end', (sim) => {
    chargeSpinsToNow(sim);
    sim.state.stopped = true;
    sim.kernel.halt();
  });
}

/** At the start: every timeline action at its time, then the end of the run. */
export function scheduleTimeline(sim: Sim): void {
  sim.scenario.timeline.forEach((a, i) => sim.kernel.at(Math.round(a.atMs * 1e6), EV_ACTION, i, PHASE_BEGIN));
  sim.kernel.at(sim.durationNs, EV_END, 0, 0);
}

/** Schedule timeline action `i` at its time (for a branch whose action was added after its checkpoint). */
export function scheduleAction(sim: Sim, i: number): void {
  const a = sim.scenario.timeline[i];
  if (!a) throw new PvLabError('invalid-input', `The scenario has no timeline action #${i}`, 'add the action to the scenario first');
  const t = Math.round(a.atMs * 1e6);
  if (t < sim.kernel.now) throw new PvLabError('invalid-input', `Timeline action #${i} at ${a.atMs} ms is before the engine's time`, 'schedule actions at or after the current time');
  sim.kernel.at(t, EV_ACTION, i, PHASE_BEGIN);
}

function action(sim: Sim, i: number, phase: number): void {
  const a = sim.scenario.timeline[i]!;
  if (a.action === 'host-failure') return hostFailure(sim, a.host);
  if (a.action === 'host-repair') return hostRepair(sim, a.host);
  if (a.action === 'host-maintenance') return maintenance(sim, i, phase);
  const g = sim.setup.guests.findIndex((x) => x.spec.id === a.guest);
  if (a.action === 'migrate') return void startMigration(sim, g, hostIndex(sim, a.to), -1);
  if (sim.state.guests[g]!.status === 'crashed' || !hostUsable(sim, sim.guestSetup(g).host)) return;
  if (a.action === 'set-device') return setDevice(sim, i, a, g, phase);
  if (a.action === 'set-load') return setLoad(sim, g, a.demand);
  return changeAddon(sim, i, a, g, phase);
}
