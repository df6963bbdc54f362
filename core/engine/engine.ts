/**
 * The PV Lab engine: vCPUs executing their workloads' operation paths on hosts' physical CPUs,
 * sharing backends, devices and locks that queue. This file is the public face: it builds the
 * simulation context (sim.ts), starts the run, drives the kernel and answers questions about the
 * run. The model lives in the subsystems, each of which registers the kernel event kinds it owns:
 *
 *   scheduler.ts     pCPU scheduling and steal time
 *   vcpu.ts          the vCPU step loop                                EV_RUN
 *   spin.ts          spinning, pause-loop exits, PV spinlocks          EV_SPIN
 *   interrupts.ts    interrupts, IPIs, TLB-flush acks, timer ticks     EV_TICK, EV_ACK
 *   io.ts            I/O requests through backends and devices         EV_IO
 *   resources.ts     shared queues (backends, NIC, disk, MMU lock)
 *   path-tables.ts   per-guest path tables and their versions
 *   demand.ts        open and closed load                              EV_ARRIVAL
 *   jobs.ts          a closed workload's threads beyond its vCPUs
 *   lifecycle.ts     boot, crash, add-on install/remove, device swap   EV_BOOT
 *   hosts.ts         host failure, HA, repair, maintenance             EV_HA
 *   live-migration.ts  pre-copy rounds and stop-and-copy               EV_MIGRATE
 *   timeline.ts      timeline actions and the end of the run           EV_ACTION, EV_END
 *   checkpoint.ts, metrics.ts, inspect.ts   state out and back in
 */
import type { Catalog } from '../catalog/catalog.ts';
import { type EngineInspection, type RunMetrics, type Scenario, PvLabError } from '../model/index.ts';
import { captureState, restoreState } from './checkpoint.ts';
import { hasWork, registerDemandEvents, scheduleFirstArrivals } from './demand.ts';
import { EventTable } from './dispatch.ts';
import type { EventSink } from './events.ts';
import { registerHostEvents } from './hosts.ts';
import { inspectState } from './inspect.ts';
import { registerInterruptEvents } from './interrupts.ts';
import { registerIoEvents } from './io.ts';
import { registerLifecycleEvents } from './lifecycle.ts';
import { registerMigrationEvents } from './live-migration.ts';
import { runMetrics } from './metrics.ts';
import { buildTable } from './path-tables.ts';
import { makeReady } from './scheduler.ts';
import { setupScenario } from './setup.ts';
import { Sim } from './sim.ts';
import { registerSpinEvents } from './spin.ts';
import { type EngineState, initialState } from './state.ts';
import { registerTimelineEvents, scheduleAction, scheduleTimeline } from './timeline.ts';
import { registerVcpuEvents } from './vcpu.ts';

import { ENGINE_VERSION } from './version.ts';

export { ENGINE_VERSION };

/** Every kernel event kind, registered by the subsystem that owns it. */
const EVENTS = new EventTable();
registerVcpuEvents(EVENTS);
registerSpinEvents(EVENTS);
registerInterruptEvents(EVENTS);
registerIoEvents(EVENTS);
registerDemandEvents(EVENTS);
registerTimelineEvents(EVENTS);
registerMigrationEvents(EVENTS);
registerHostEvents(EVENTS);
registerLifecycleEvents(EVENTS);

/** The kernel event kinds by number, as their owners registered them (the numbers are stored in checkpoints). */
export function kernelEventKinds(): readonly string[] {
  return EVENTS.kindNames();
}

export type { EngineInspection, EngineState };

/** A checkpoint: the engine's whole state plus what it was made from. */
/**
 * The layout of a checkpoint's state. It changes when state fields are renamed or regrouped even
 * though the events do not (2: the subsystem restructuring; 3: exits and hypercalls counted in
 * arrays by reason id); a checkpoint of another layout is
 * refused rather than restored wrongly.
 */
export const CHECKPOINT_FORMAT = 3;

export interface EngineCheckpoint {
  engineVersion: string;
  /** Absent in checkpoints of layout 1. */
  format?: number;
  scenarioId: string;
  seed: number;
  state: EngineState;
}

export interface RunOptions {
  seed?: number;
  sink?: EventSink;
  onProgress?: (p: { simNs: number; totalNs: number; events: number }) => void;
  /** Stop after this many dispatches in this call even before `untilNs` (a probe's budget); `now` tells how far it got. */
  maxDispatches?: number;
}

export interface RunResult {
  metrics: RunMetrics;
  pathNames: string[];
  warnings: string[];
}

/** Dispatches between progress reports and liveness checks. */
const SLICE_EVENTS = 65536;

export class Engine {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly durationNs: number;
  private readonly sim: Sim;
  private readonly dispatch: (kind: number, a: number, b: number) => void;

  constructor(scenario: Scenario, catalog: Catalog, seed?: number) {
    this.scenario = scenario;
    this.seed = seed ?? scenario.seed;
    const setup = setupScenario(scenario, catalog);
    if (setup.problems.length > 0) {
      throw new PvLabError(
        'incompatible',
        `Scenario "${scenario.id}" cannot run`,
        'fix the fields named below; `pvlab check` shows the full compatibility report',
        setup.problems.map((p) => `${p.where}: ${p.message}`),
      );
    }
    const sim = new Sim(scenario, catalog, this.seed, setup, initialState(setup, this.seed));
    this.sim = sim;
    this.durationNs = sim.durationNs;
    this.dispatch = EVENTS.dispatcher(sim);
    // start: every vCPU with work becomes runnable; open-loop guests get their first arrival
    const vcpus = sim.state.vcpus;
    for (let vi = 0; vi < vcpus.length; vi++) if (hasWork(sim, vcpus[vi]!)) makeReady(sim, vi);
    scheduleFirstArrivals(sim);
    scheduleTimeline(sim);
    for (const g of setup.guests) buildTable(sim, g.index);
  }

  /** True when the last `runUntil` stopped at its `maxDispatches` budget, before `untilNs`. */
  stoppedByBudget = false;
  /** Full kernel slices in a row that ended at the same simulated time (the no-progress guard). */
  private stillSlices = 0;
  private stillAt = -1;

  /** Run until simulated time `untilNs` (or the end of the scenario). Returns true when the run is over. */
  runUntil(untilNs: number, opts: RunOptions = {}): boolean {
    const sim = this.sim;
    sim.sink = opts.sink;
    // events emitted while the engine was being built (the first scheduling decisions) go to the first sink
    if (sim.early && opts.sink) for (const e of sim.early.splice(0)) opts.sink.event(e[0], e[1], e[2], e[3], e[4], e[5], e[6], e[7]);
    sim.early = null;
    const limit = Math.min(untilNs, this.durationNs);
    let left = opts.maxDispatches ?? Infinity;
    while (!sim.state.stopped && left > 0) {
      const slice = Math.min(SLICE_EVENTS, left);
      const n = sim.kernel.run(limit, this.dispatch, slice);
      left -= n;
      opts.onProgress?.({ simNs: sim.kernel.now, totalNs: this.durationNs, events: sim.hasher.count });
      if (n < slice) break;
      // ten million dispatches without simulated time moving is a model bug, not a workload (counted
      // across calls: a caller may run a slice in pieces of one kernel slice each)
      this.stillSlices = sim.kernel.now === this.stillAt ? this.stillSlices + 1 : 0;
      this.stillAt = sim.kernel.now;
      if (this.stillSlices > 150) {
        throw new PvLabError('internal', `The engine made no progress at ${sim.kernel.now} ns of scenario "${this.scenario.id}"`, 'report this with the scenario file attached; a shorter run or another mode may avoid it meanwhile');
      }
    }
    this.stoppedByBudget = left === 0;
    return this.done;
  }

  /** The most jobs (threads of closed loads beyond the vCPUs) the run's guests can hold together. */
  get guestThreads(): number {
    return this.sim.setup.guestThreads;
  }

  get now(): number {
    return this.sim.kernel.now;
  }

  get done(): boolean {
    return this.sim.state.stopped || this.sim.kernel.now >= this.durationNs;
  }

  /** Schedule timeline action `i` at its time (for a branch whose action was added after its checkpoint). */
  scheduleAction(i: number): void {
    scheduleAction(this.sim, i);
  }

  checkpoint(): EngineCheckpoint {
    return { engineVersion: ENGINE_VERSION, format: CHECKPOINT_FORMAT, scenarioId: this.scenario.id, seed: this.seed, state: captureState(this.sim) };
  }

  static restore(scenario: Scenario, catalog: Catalog, cp: EngineCheckpoint): Engine {
    if (cp.engineVersion !== ENGINE_VERSION) {
      throw new PvLabError('checkpoint-mismatch', `The checkpoint was written by engine ${cp.engineVersion}; this is engine ${ENGINE_VERSION}`, 'replay the recorded events instead, or re-run the scenario with this engine');
    }
    if ((cp.format ?? 1) !== CHECKPOINT_FORMAT) {
      throw new PvLabError('checkpoint-mismatch', `The checkpoint was written in state layout ${cp.format ?? 1}; this engine reads layout ${CHECKPOINT_FORMAT}`, 'replay and compare the recorded events as they are; verify re-simulates from the start and still works, or re-run the scenario to branch from it');
    }
    if (cp.scenarioId !== scenario.id) {
      throw new PvLabError('checkpoint-mismatch', `The checkpoint belongs to scenario "${cp.scenarioId}", not "${scenario.id}"`, 'restore it with the scenario it was taken from');
    }
    const e = new Engine(scenario, catalog, cp.seed);
    restoreState(e.sim, cp.state);
    return e;
  }

  /** Live state for a replay's inspector: queue depths, vCPU states and shared-resource occupancy now. */
  inspect(): EngineInspection {
    return inspectState(this.sim);
  }

  get pathNames(): readonly string[] {
    return this.sim.state.pathNames;
  }

  get eventCount(): number {
    return this.sim.hasher.count;
  }

  get eventHash(): string {
    return this.sim.hasher.digest();
  }

  metrics(): RunMetrics {
    return runMetrics(this.sim, ENGINE_VERSION);
  }

  warnings(): string[] {
    return [...this.sim.setup.guests.flatMap((g) => g.warnings), ...this.sim.state.notes];
  }
}

/** Run a scenario from start to end. */
export function runScenario(scenario: Scenario, catalog: Catalog, opts: RunOptions = {}): RunResult {
  const e = new Engine(scenario, catalog, opts.seed);
  e.runUntil(Infinity, opts);
  return { metrics: e.metrics(), pathNames: [...e.pathNames], warnings: e.warnings() };
}
