/**
 * Demand: how work reaches a guest. An open workload receives Poisson arrivals from the engine's
 * PRNG into a queue its vCPUs serve; a closed workload runs `concurrency` threads back to back,
 * each starting its next unit as soon as the last one is done, up to the workload's unit limit.
 */
import type { Demand, Scenario } from '../model/index.ts';
import type { EventTable } from './dispatch.ts';
import { nextExp } from './prng.ts';
import { jobsHaveWork, resizeJobs } from './jobs.ts';
import { idleLoop } from './setup.ts';
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

/**
 * Whether vCPU `v` of a closed-loop guest takes units: one vCPU per thread of the workload's
 * concurrency; an idle workload's loop runs on every vCPU, as an OS idles every CPU (each takes
 * its own timer ticks).
 */
export function takesUnits(sim: Sim, v: VcpuState): boolean {
  return v.index < sim.state.guests[v.guest]!.concurrency || idleLoop(sim.guestSetup(v.guest).ops);
}

/** Whether vCPU `v` has something to run: an interrupt, a unit in progress, a queued request or a unit to start. */
export function hasWork(sim: Sim, v: VcpuState): boolean {
  const guestState = sim.state.guests[v.guest]!;
  if (guestState.status !== 'running') return false;
  if (v.inUnit || v.pendingIrqs.length > 0) return true;
  const jobs = guestState.jobs.length > 0;
  if (jobs && jobsHaveWork(sim, v)) return true;
  if (guestState.demandKind === 'open') return guestState.queuedArrivals.length > 0;
  if (jobs || !takesUnits(sim, v)) return false;
  return guestState.unitsStarted < unitLimit(sim, v.guest);
}

/** The first arrival of every open-loop guest (at the start of the run). */
export function scheduleFirstArrivals(sim: Sim): void {
  const state = sim.state;
  for (let gi = 0; gi < state.guests.length; gi++) {
    const guestState = state.guests[gi]!;
    if (guestState.demandKind === 'open') sim.kernel.at(Math.round(nextExp(state.rng, 1e9 / guestState.ratePerSec)), EV_ARRIVAL, gi, 0);
  }
}

function scheduleNextArrival(sim: Sim, g: number): void {
  const rate = sim.state.guests[g]!.ratePerSec;
  sim.kernel.after(Math.max(1, Math.round(nextExp(sim.state.rng, 1e9 / rate))), EV_ARRIVAL, g, 0);
}

function arrival(sim: Sim, g: number): void {
  const state = sim.state;
  const guestState = state.guests[g]!;
  if (guestState.status === 'running' && guestState.demandKind === 'open') {
    guestState.queuedArrivals.push(sim.kernel.now);
    const base = sim.firstVcpu[g]!;
    const n = sim.guestVcpuCount[g]!;
    for (let i = 0; i < n; i++) {
      if (state.vcpus[base + i]!.status === 'halted') {
        makeReady(sim, base + i);
        break;
      }
    }
  }
  if (guestState.demandKind === 'open' && guestState.ratePerSec > 0) scheduleNextArrival(sim, g);
}

/** A timeline `set-load`: the new demand applies now; halted vCPUs with work wake. */
export function setLoad(sim: Sim, g: number, demand: Demand): void {
  const state = sim.state;
  const guestState = state.guests[g]!;
  guestState.demandKind = demand.kind;
  if (demand.kind === 'open') guestState.ratePerSec = demand.ratePerSec;
  else guestState.concurrency = demand.concurrency;
  resizeJobs(sim, g, demand);
  const base = sim.firstVcpu[g]!;
  const n = sim.guestVcpuCount[g]!;
  for (let k = 0; k < n; k++) if (state.vcpus[base + k]!.status === 'halted' && hasWork(sim, state.vcpus[base + k]!)) makeReady(sim, base + k);
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
