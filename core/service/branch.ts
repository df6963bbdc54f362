/**
 * Branch from here: a new run that starts from the parent's state at a moment, with one change
 * made then. Events before the branch point are the parent's (its whole chunks are copied, the
 * partial one becomes the carry); the rest is simulated from the branch point.
 */
import type { Catalog } from '../catalog/index.ts';
import { checkScenario } from '../engine/check.ts';
import { type BranchChange, PvLabError, type Scenario, type TimelineAction } from '../model/index.ts';
import type { RunsRepo } from '../store/runs-repo.ts';
import { branchPoint } from '../trace/branch-point.ts';
import { CHUNK_EVENTS, decodeChunk, headOf, newColumns } from '../trace/codec.ts';
import { catalogFor, snapshotCatalog } from '../trace/plan.ts';
import { CHAIN_START } from '../trace/chunk.ts';
import type { ReplayThread } from './replay-thread.ts';
import { type RunHandle, type RunProgress, startRun } from './runner.ts';
import type { WorkerPool } from './run-threads.ts';

export interface BranchDeps {
  runs: RunsRepo;
  /** Today's catalog, for an add-on the change installs that the parent did not know. */
  catalog: Catalog;
  parseScenario: (input: unknown) => Scenario;
  inline: boolean;
  pool: WorkerPool;
  replayThread: ReplayThread;
  onProgress: (p: RunProgress) => void;
}

/** Start a run from the parent's last checkpoint at or before `tRequested`, with one change at that moment. */
export async function startBranch(deps: BranchDeps, parentId: number, tRequested: number, change: BranchChange, title?: string): Promise<{ handle: RunHandle; eventIndex: number; tNs: number }> {
    const runs = deps.runs;
    const tNs = Math.floor(tRequested);
    const parent = runs.get(parentId);
    if (!parent.recorded) throw new PvLabError('invalid-input', `Run #${parentId} was not recorded`, 're-run it with recording on, then branch from it');
    if (parent.status === 'running') throw new PvLabError('conflict', `Run #${parentId} is still running`, 'branch from it when it has finished');
    const plan = runs.plan(parentId);
    const cps = runs.checkpointIndex(parentId).filter((c) => c.t <= tNs);
    const cp = cps[cps.length - 1];
    if (!cp) throw new PvLabError('not-found', `Run #${parentId} has no checkpoint at or before ${tNs} ns`, 'branch at a later time');
    // the branch's scenario: the parent's plus the change as a timeline action at the branch time
    const scenario = deps.parseScenario({ ...plan.scenario, timeline: [...plan.scenario.timeline, changeAction(change, tNs / 1e6)] });
    // the entries the parent ran with, plus today's add-ons for one the change installs
    const added = deps.catalog.addons.filter((a) => !plan.catalog.addons.some((x) => x.id === a.id));
    const known = snapshotCatalog({ ...plan.catalog, addons: [...plan.catalog.addons, ...added] }, scenario);
    // a new device must work where the guest runs: check the scenario as it will be after the change
    const after = change.change === 'set-device'
      ? { ...scenario, guests: scenario.guests.map((g) => (g.id === change.guest ? { ...g, devices: { ...g.devices, [change.device]: change.model } } : g)) }
      : scenario;
    const check = checkScenario(after, known);
    if (!check.ok) throw new PvLabError('incompatible', 'The change cannot be applied to this run', 'pick a guest, host, add-on or device that exists and fits', check.problems.map((p) => `${p.where}: ${p.message}`));
    const catalog = catalogFor(scenario, known);
    const actionIndex = scenario.timeline.length - 1;
    // the branch point: the parent's state at tNs, re-simulated from its last checkpoint before it
    const branchPlan = { ...plan, scenario, catalog };
    const parentCheckpoint = runs.checkpointData(parentId, cp.eventIndex);
    const point = deps.inline ? branchPoint(branchPlan, parentCheckpoint, tNs) : await deps.replayThread.branchPoint(branchPlan, parentCheckpoint, tNs);
    const at = { eventIndex: point.eventIndex, t: point.t };
    if (at.eventIndex > parent.eventCount) throw new PvLabError('invalid-input', `${tNs} ns is after the end of run #${parentId}'s recording`, 'branch at a time within the run');
    // copy the parent's whole chunks before the branch point; the partial one becomes the carry
    const index = runs.chunkIndex(parentId);
    const whole = index.filter((c) => c.firstEvent + c.count <= at.eventIndex);
    const partial = index.find((c) => c.firstEvent < at.eventIndex && c.firstEvent + c.count > at.eventIndex);
    const carry = partial
      ? headOf(decodeChunk(runs.chunkData(parentId, partial.seq), partial.tFirst), at.eventIndex - partial.firstEvent)
      : newColumns(CHUNK_EVENTS);
    const lastWhole = whole[whole.length - 1];
    const info = { parentId, eventIndex: at.eventIndex, tNs: at.t, change, actionIndex };
    const handle = startRun(runs, {
      plan: { scenario, catalog, seed: plan.seed },
      title: title ?? `${parent.title} — branch at ${(at.t / 1e6).toFixed(3)} ms: ${describeChange(change)}`,
      inline: deps.inline,
      pool: deps.pool,
      branch: {
        info,
        start: { checkpoint: point.checkpoint, actionIndex, carry },
        seq: whole.length,
        firstEvent: lastWhole ? lastWhole.firstEvent + lastWhole.count : 0,
        chain: lastWhole ? lastWhole.chain : CHAIN_START,
        ...(lastWhole ? { tracker: lastWhole.summary.state } : {}),
      },
      prepare: (id) => runs.copyRecording(parentId, id, whole.length, at.eventIndex, parent.pathNames),
      onProgress: deps.onProgress,
    });
    return { handle, eventIndex: at.eventIndex, tNs: at.t };
}

export function describeChange(c: BranchChange): string {
  switch (c.change) {
    case 'install-addon': return `install ${c.addon} on ${c.guest}`;
    case 'remove-addon': return `remove ${c.addon} from ${c.guest}`;
    case 'set-load': return `set ${c.guest}'s load`;
    case 'set-device': return `give ${c.guest} a ${c.model} ${c.device}`;
    case 'host-failure': return `host ${c.host} fails`;
    case 'migrate': return `migrate ${c.guest} to ${c.to}`;
  }
}

/** A branch's change as the timeline action that makes it at `atMs`. */
export function changeAction(c: BranchChange, atMs: number): TimelineAction {
  switch (c.change) {
    case 'install-addon':
    case 'remove-addon': return { action: c.change, atMs, guest: c.guest, addon: c.addon };
    case 'set-load': return { action: 'set-load', atMs, guest: c.guest, demand: c.demand };
    case 'set-device': return { action: 'set-device', atMs, guest: c.guest, device: c.device, model: c.model };
    case 'host-failure': return { action: 'host-failure', atMs, host: c.host };
    case 'migrate': return { action: 'migrate', atMs, guest: c.guest, to: c.to };
  }
}
