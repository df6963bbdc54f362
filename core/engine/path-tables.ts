/**
 * Per-guest path tables. Each guest has one table per version of its configuration (add-ons,
 * devices, host): the compiled path of each workload operation. A new version is built when the
 * timeline installs or removes an add-on, changes a device, or the guest moves to another host;
 * a unit in progress keeps the version it started with. Paths are registered in slots that events
 * name through the run's path-name table; builds are recorded in order so a restore rebuilds
 * exactly the same slots.
 */
import type { PathClass, Scenario } from '../model/index.ts';
import { PathBuilder } from './paths.ts';
import { ioDepthOf, isPageCacheHit, pageCacheHitPath, splitPageCacheReads, withIoDepth } from './guest-io.ts';
import { type Path, StepKind } from './steps.ts';
import { mayRunJobs } from './jobs.ts';
import { resourceRefs } from './resources.ts';
import { guestEnv, setupScenario } from './setup.ts';
import type { Sim } from './sim.ts';
import { type DeviceOverrides, type GuestState, currentVersion } from './state.ts';

/** Whether a whole unit of work runs without events (so many can run in one go), and its cycles. */
export interface UnitShape {
  quiet: boolean;
  cycles: number;
}

export class PathTables {
  /** Path objects by slot; the same name may carry guest-specific costs, so objects are kept per (guest, table). */
  readonly byId: Path[] = [];
  /** The path-name id (index into the run's path names) of each slot. */
  readonly slotName: number[] = [];
  /** tables[guest][version][opIndex] = slot of the operation's path. */
  tables: number[][][] = [];
  /** unitQuiet[guest][version]: see UnitShape. */
  unitQuiet: UnitShape[][] = [];
  /** jobSwitch[guest][version]: slot of the address-space switch a job switch costs (jobs.ts), or NO_SLOT. */
  jobSwitch: number[][] = [];
  private readonly nameIds = new Map<string, number>();
  private readonly irqSlots = new Map<Path, number>();

  /** Forget every table (before a restore rebuilds them). */
  clear(): void {
    this.nameIds.clear();
    this.byId.length = 0;
    this.slotName.length = 0;
    this.tables = [];
    this.unitQuiet = [];
    this.jobSwitch = [];
    this.irqSlots.clear();
  }

  /** The name id of `p` in the run's path-name table (`names`, `classes` are state). */
  internName(p: Path, names: string[], classes: PathClass[]): number {
    let id = this.nameIds.get(p.name);
    if (id === undefined) {
      id = names.indexOf(p.name);
      if (id < 0) {
        id = names.length;
        names.push(p.name);
        classes.push(p.cls);
      }
      this.nameIds.set(p.name, id);
    }
    return id;
  }

  /** Register a path object in a new slot. */
  addPath(p: Path, names: string[], classes: PathClass[]): number {
    const id = this.internName(p, names, classes);
    const slot = this.byId.length;
    this.byId.push(p);
    this.slotName.push(id);
    return slot;
  }

  /** The slot of an interrupt path (one per path object, made on first use). */
  irqSlot(p: Path, names: string[], classes: PathClass[]): number {
    let slot = this.irqSlots.get(p);
    if (slot === undefined) {
      slot = this.addPath(p, names, classes);
      this.irqSlots.set(p, slot);
    }
    return slot;
  }
}

/** `jobSwitch` of a table whose jobs never switch. */
export const NO_SLOT = -1;

/** The slot of interrupt path `p` in `sim`'s tables. */
export function irqSlot(sim: Sim, p: Path): number {
  return sim.paths.irqSlot(p, sim.state.pathNames, sim.state.pathClasses);
}

/** Build the path table for a guest's current configuration (a new version after each change). */
export function buildTable(sim: Sim, gi: number): void {
  const state = sim.state;
  state.tableBuilds.push(gi);
  const guestState = state.guests[gi]!;
  const version = guestState.versions.length - 1;
  let g = sim.guestSetup(gi);
  if (version > 0) {
    const installedAll = state.guests.map((x, i) => (i === gi ? x.versions[version]!.addons : currentVersion(x).addons));
    const s = setupScenario(effectiveScenario(sim, gi, version), sim.catalog, installedAll);
    g = s.guests[gi]!;
    sim.setup.guests[gi] = g;
  }
  // the guest's page cache serves a share of its reads: hits and misses become operations of their own
  const ops = splitPageCacheReads(g.ops);
  if (ops.length !== g.ops.length) {
    g = { ...g, ops };
    sim.setup.guests[gi] = g;
  }
  const builder = new PathBuilder(guestEnv(sim.hostSetup(g.host), g, resourceRefs(sim, g)));
  const mode = g.spec.mode;
  const paths = ops.map((op) => (isPageCacheHit(op) ? pageCacheHitPath(op.bytes, mode) : withIoDepth(builder.op(op), ioDepthOf(op))));
  const t = sim.paths;
  (t.tables[gi] ??= [])[version] = paths.map((p) => t.addPath(p, state.pathNames, state.pathClasses));
  // interrupt paths get their slots now, in a fixed order, so checkpoints can name them
  for (const p of paths) {
    for (const s of p.steps) {
      if (s.kind === StepKind.Io || s.kind === StepKind.Ipi) irqSlot(sim, s.detail.irqPath);
      else if (s.kind === StepKind.Halt) irqSlot(sim, s.detail.tickPath);
    }
  }
  // a guest with more threads than vCPUs switches jobs when one blocks on a synchronous request
  const blocks = paths.some((p) => p.steps.some((s) => s.kind === StepKind.Io && s.detail.sync));
  (t.jobSwitch[gi] ??= [])[version] = blocks && mayRunJobs(sim, gi) ? t.addPath(builder.op({ op: 'addressSpaceSwitch', count: 1 }), state.pathNames, state.pathClasses) : NO_SLOT;
  const allQuiet = paths.every((p) => p.quiet);
  const cycles = g.ops.reduce((a, op, i) => a + (op.op === 'compute' ? paths[i]!.cycles : paths[i]!.cycles * ('count' in op ? op.count : 1)), 0);
  (t.unitQuiet[gi] ??= [])[version] = { quiet: allQuiet && g.ops.every((op) => op.op !== 'idle'), cycles };
}

/** The scenario with the devices and hosts the timeline has changed so far (guest `gi` at `version`, the others at their latest). */
export function effectiveScenario(sim: Sim, gi: number, version: number): Scenario {
  const state = sim.state;
  const scenario = sim.scenario;
  const at = (x: GuestState, i: number) => x.versions[i === gi ? version : x.versions.length - 1]!;
  const changed = state.guests.map((x, i) => at(x, i).devices);
  const placed = state.guests.map((x, i) => at(x, i).host);
  if (changed.every((d) => Object.keys(d).length === 0) && placed.every((h, i) => h === scenario.guests[i]!.host)) return scenario;
  return { ...scenario, guests: scenario.guests.map((g, i) => ({ ...g, host: placed[i]!, devices: { ...g.devices, ...changed[i] } })) };
}

/** A new path-table version for guest `g` with its add-ons, devices and host as given (the latest where omitted). */
export function newVersion(sim: Sim, g: number, change: { addons?: string[]; devices?: DeviceOverrides; host?: string }): void {
  const guestState = sim.state.guests[g]!;
  const last = currentVersion(guestState);
  guestState.versions.push({ addons: change.addons ?? [...last.addons], devices: change.devices ?? { ...last.devices }, host: change.host ?? last.host });
  buildTable(sim, g);
}
