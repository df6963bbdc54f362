/**
 * Demand: how work reaches a guest. An open workload receives Poisson arrivals from the engine's
 * PRNG into a queue its vCPUs serve; a closed workload runs `concurrency` threads back to back,
 * each starting its next unit as soon as the last one is done, up to the workload's unit limit.
 */
import type { Demand, Scenario } from '../model/index.ts';
import type { EventTable } from './dispatch.ts';
import { nextExp } from './prng.ts';
import { makeReady } from './scheduler.ts';
import type { Sim } from './sim.ts';
import { type VcpuState } from './state.ts';

/** Kernel event: a request arrives at open-loop guest `a`. */
export const EV_ARRIVAL = 4;

export function registerDemandEvents(table: EventTable): void {
  table.register(EV_ARRIVAL, 'arrival', (sim, g) => arrival(sim, g));
}

/** Units of work the guest does in the whole run (Infinity: as many as time allows). */
export function unitLimit(sim: Sim, g: number): number {
  const guestSetup = sim.guestSetup(g);
  return guestSetup.spec.workload.units ?? guestSetup.workload.units ?? Infinity;
}

/** Whether vCPU `v` has something to run: an interrupt, a unit in progress, a queued request or a unit to start. */
export function hasWork(sim: Sim, v: VcpuState): boolean {
  const gs = sim.state.guests[v.guest]!;
  if (gs.status !== 'running') return false;
  if (v.inUnit || v.pendingIrqs.length > 0) return true;
  if (gs.demandKind === 'open') return gs.queuedArrivals.length > 0;
  if (v.index >= gs.concurrency) return false;
  return gs.unitsStarted < unitLimit(sim, v.guest);
}

/** The first arrival of every open-loop guest (at the start of the run). */
export function scheduleFirstArrivals(sim: Sim): void {
  const st = sim.state;
  for (let gi = 0; gi < st.guests.length; gi++) {
    const gs = st.guests[gi]!;
    if (gs.demandKind === 'open') sim.kernel.at(Math.round(nextExp(st.rng, 1e9 / gs.ratePerSec)), EV_ARRIVAL, gi, 0);
  }
}

function scheduleNextArrival(sim: Sim, g: number): void {
  const rate = sim.state.guests[g]!.ratePerSec;
  sim.kernel.after(Math.max(1, Math.round(nextExp(sim.state.rng, 1e9 / rate))), EV_ARRIVAL, g, 0);
}

function arrival(sim: Sim, g: number): void {
  const st = sim.state;
  const gs = st.guests[g]!;
  if (gs.status === 'running' && gs.demandKind === 'open') {
    gs.queuedArrivals.push(sim.kernel.now);
    const base = sim.firstVcpu[g]!;
    const n = sim.guestSetup(g).spec.vcpus;
    for (let i = 0; i < n; i++) {
      if (st.vcpus[base + i]!.status === 'halted') {
        makeReady(sim, base + i);
        break;
      }
    }
  }
  if (gs.demandKind === 'open' && gs.ratePerSec > 0) scheduleNextArrival(sim, g);
}

/** A timeline `set-load`: the new demand applies now; halted vCPUs with work wake. */
export function setLoad(sim: Sim, g: number, demand: Demand): void {
  const st = sim.state;
  const gs = st.guests[g]!;
  gs.demandKind = demand.kind;
  if (demand.kind === 'open') gs.ratePerSec = demand.ratePerSec;
  else gs.concurrency = demand.concurrency;
  const base = sim.firstVcpu[g]!;
  const n = sim.guestSetup(g).spec.vcpus;
  for (let k = 0; k < n; k++) if (st.vcpus[base + k]!.status === 'halted' && hasWork(sim, st.vcpus[base + k]!)) makeReady(sim, base + k);
  if (demand.kind === 'open') scheduleNextArrival(sim, g);
}

/**
 * Whether a scenario draws from the PRNG at all: only open-loop arrivals do (the guest's own
 * demand, its workload's default, or a load change on the timeline). Without them the seed
 * changes nothing.
 */
export function usesRandomness(scenario: Scenario, workloads: readonly { id: string; demand: Demand }[]): boolean {
  const open = (d: Demand | undefined) => d?.kind === 'open';
  return (
    scenario.guests.some((g) => open(g.workload.demand ?? workloads.find((w) => w.id === g.workload.id)?.demand)) ||
    scenario.timeline.some((a) => a.action === 'set-load' && open(a.demand))
  );
}
