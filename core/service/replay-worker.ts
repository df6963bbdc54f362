/**
 * The replay thread: rebuilding an engine's live state at an event (replay.state) and preparing a
 * branch point both re-simulate up to a checkpoint interval of events, so they run here rather than
 * on the service's thread. The thread keeps its replay cursors between calls, so stepping forward
 * continues the engine it already has. It reads recordings through its own read-only connection.
 */
import { parentPort } from 'node:worker_threads';
import { PvLabError } from '../model/index.ts';
import { openReadOnly } from '../store/db.ts';
import { RunsRepo } from '../store/runs-repo.ts';
import { branchPoint } from '../trace/branch-point.ts';
import { ReplayCursor } from '../trace/cursor.ts';
import type { RunPlan } from '../trace/plan.ts';

export type ReplayRequest =
  | { id: number; type: 'state'; file: string; runId: number; event: number; eventCount: number }
  | { id: number; type: 'branch-point'; plan: RunPlan; checkpoint: Uint8Array; tNs: number }
  | { id: number; type: 'close' };

const port = parentPort;
if (!port) throw new Error('core/service/replay-worker.ts runs only as a worker thread');

let runs: { file: string; repo: RunsRepo; close: () => void } | null = null;
const cursors = new Map<number, ReplayCursor>();

function repo(file: string): RunsRepo {
  if (runs?.file !== file) {
    runs?.close();
    const lab = openReadOnly(file);
    runs = { file, repo: new RunsRepo(lab), close: () => lab.db.close() };
    cursors.clear();
  }
  return runs.repo;
}

function cursor(file: string, runId: number, eventCount: number): ReplayCursor {
  const c = cursors.get(runId);
  if (c && c.total === eventCount) return c;
  const r = repo(file);
  const plan = r.plan(runId);
  const fresh = new ReplayCursor(r.source(runId), { plan, pathNames: r.progress(runId).pathNames, engineVersion: plan.engineVersion });
  cursors.set(runId, fresh);
  if (cursors.size > 4) cursors.delete(cursors.keys().next().value!);
  return fresh;
}

port.on('message', (req: ReplayRequest) => {
  if (req.type === 'close') {
    // the service is closing: close the connection here, then let the thread end by itself
    // (ending it from outside while SQLite works could take the process down)
    cursors.clear();
    runs?.close();
    runs = null;
    port.close();
    return;
  }
  try {
    if (req.type === 'state') {
      port.postMessage({ id: req.id, ok: true, value: cursor(req.file, req.runId, req.eventCount).stateAt(req.event, true) });
    } else {
      const point = branchPoint(req.plan, req.checkpoint, req.tNs);
      port.postMessage({ id: req.id, ok: true, value: point }, [point.checkpoint.buffer as ArrayBuffer]);
    }
  } catch (e) {
    const err = e instanceof PvLabError ? e : new PvLabError('internal', `Replay failed: ${(e as Error).message}`, 'report this with the run attached');
    port.postMessage({ id: req.id, ok: false, error: { code: err.code, message: err.message, hint: err.hint, details: [...err.details] } });
  }
});
