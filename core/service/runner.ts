/**
 * Starting runs: a run row, the engine in a worker thread (or in-process for tests and tools),
 * and the recording written as it arrives: the worker sends filled columns, this side seals them
 * into chunks and commits each in its own transaction. Cancel stops the engine within
 * `CANCEL_CHECK_DISPATCHES` dispatches (recorder.ts) and leaves the run cancelled with every chunk
 * so far readable.
 */
import { PvLabError, type BranchInfo, type RunMetrics, type RunStatus } from '../model/index.ts';
import { storeFailure } from '../store/db.ts';
import type { RunsRepo } from '../store/runs-repo.ts';
import { type EventColumns, columnBuffers } from '../trace/codec.ts';
import { type BranchStart, type ExecuteResult, execute } from '../trace/execute.ts';
import type { RunPlan } from '../trace/plan.ts';
import { ChunkSealer, type DriveOutput, trackerSetup } from '../trace/recorder.ts';
import { GuestTracker, type TrackerState } from '../trace/state.ts';
import { snapshotCatalog } from '../trace/plan.ts';
import { type Sample, windows } from '../trace/series.ts';
import { RUN_THREAD_HEAP_MIB, type WorkerPool, newRunThread } from './run-threads.ts';

/** The error text of a run the user cancelled. */
export const CANCELLED_BY_USER = 'cancelled by the user';

export interface RunProgress {
  runId: number;
  simNs: number;
  totalNs: number;
  events: number;
}

export interface RunOutcome {
  runId: number;
  status: Exclude<RunStatus, 'running'>;
  metrics: RunMetrics | null;
  eventCount: number;
  wallMs: number;
  error: string | null;
}

export interface RunHandle {
  runId: number;
  done: Promise<RunOutcome>;
  cancel(): void;
}

/** Where a branch continues from, prepared by the service from the parent's recording. */
export interface BranchPlan {
  info: BranchInfo;
  start: BranchStart;
  /** Sealer position after the copied chunks, and the tracker state there (absent: the run's start). */
  seq: number;
  firstEvent: number;
  chain: string;
  tracker?: TrackerState;
}

export interface StartOptions {
  plan: RunPlan;
  recorded?: boolean;
  title?: string;
  branch?: BranchPlan;
  /** Run the engine in a worker thread (default) or in this thread. */
  inline?: boolean;
  /** Where worker threads come from (default: a new one for this run). */
  pool?: WorkerPool;
  onProgress?: (p: RunProgress) => void;
  /** Rows to write before the engine starts (a branch's copied chunks), inside the run's first transaction. */
  prepare?: (runId: number) => void;
}

/** The recording side: seals columns into chunks and writes them. */
class RecordingWriter implements DriveOutput {
  private readonly sealer: ChunkSealer;
  private readonly runs: RunsRepo;
  private readonly runId: number;
  private readonly record: boolean;
  readonly progress: DriveOutput['progress'];

  constructor(runs: RunsRepo, runId: number, plan: RunPlan, record: boolean, progress: DriveOutput['progress'], branch?: BranchPlan) {
    this.runs = runs;
    this.runId = runId;
    this.record = record;
    this.progress = progress;
    const { initial, actions } = trackerSetup(plan.scenario, snapshotCatalog(plan.catalog, plan.scenario));
    this.sealer = new ChunkSealer(
      new GuestTracker(branch?.tracker ?? initial, actions),
      branch ? { seq: branch.seq, firstEvent: branch.firstEvent, chain: branch.chain } : undefined,
    );
  }

  /** Cumulative samples of the run so far (see trace/series.ts), written with the run's end. */
  readonly samples: Sample[] = [];

  get chain(): string {
    return this.sealer.chain;
  }

  sample(s: Sample): void {
    this.samples.push(s);
  }

  columns(c: EventColumns): void {
    if (this.record) this.runs.appendChunks(this.runId, [this.sealer.seal(c)]);
  }

  checkpoint(eventIndex: number, t: number, data: Uint8Array): void {
    if (this.record) this.runs.appendCheckpoint(this.runId, eventIndex, t, data);
  }

  /** The path table grows as add-ons change paths; it is written before any chunk that uses it. */
  paths(names: readonly string[]): void {
    this.runs.setPathNames(this.runId, names);
  }
}

type WorkerMessage =
  | { type: 'columns'; c: EventColumns }
  | { type: 'checkpoint'; eventIndex: number; t: number; data: Uint8Array }
  | { type: 'paths'; names: string[] }
  | { type: 'progress'; simNs: number; totalNs: number; events: number }
  | { type: 'sample'; s: Sample }
  | { type: 'done'; result: ExecuteResult }
  | { type: 'error'; code: string; message: string; hint: string; details: string[] };

export interface WorkerStart {
  plan: RunPlan;
  /** False: the run is not recorded, so the worker makes no event columns or checkpoints. */
  record: boolean;
  start?: BranchStart;
  cancel: SharedArrayBuffer;
}

/** Start a run; the returned promise settles when it has completed, failed or been cancelled. */
export function startRun(runs: RunsRepo, opts: StartOptions): RunHandle {
  const recorded = opts.recorded ?? true;
  const runId = runs.create({ plan: opts.plan, recorded, ...(opts.title ? { title: opts.title } : {}), ...(opts.branch ? { branch: opts.branch.info } : {}) });
  opts.prepare?.(runId);
  const t0 = performance.now();
  const progress = (p: { simNs: number; totalNs: number; events: number }) => opts.onProgress?.({ runId, ...p });
  const writer = new RecordingWriter(runs, runId, opts.plan, recorded, progress, opts.branch);
  const cancelFlag = new Int32Array(new SharedArrayBuffer(4));

  const fail = (error: unknown, wallMs: number): RunOutcome => {
    const cause = storeFailure(error, runs.file) ?? error;
    let message = cause instanceof PvLabError ? cause.describe() : String((cause as Error | null)?.message ?? cause);
    try {
      runs.interrupt(runId, message, 'failed', wallMs);
    } catch (e) {
      // the database cannot take even the failure (a full disk): say so; the next open marks the run interrupted
      const why = storeFailure(e, runs.file);
      message = `${message}. The run could not be marked failed in the lab either${why ? `: ${why.describe()}` : ''}`;
    }
    return { runId, status: 'failed', metrics: null, eventCount: 0, wallMs, error: message };
  };
  const settle = (result: ExecuteResult | null, error: PvLabError | Error | null): RunOutcome => {
    const wallMs = performance.now() - t0;
    if (error || !result) return fail(error, wallMs);
    const status = result.cancelled ? 'cancelled' : 'completed';
    try {
      runs.setSeries(runId, windows(writer.samples));
      runs.finish(runId, {
        status, wallMs, simNs: result.simNs, eventCount: result.eventCount, eventHash: result.eventHash, chainHash: writer.chain,
        metrics: result.metrics, warnings: result.warnings, ...(result.cancelled ? { error: CANCELLED_BY_USER } : {}),
      });
    } catch (e) {
      // a database that cannot take the figures (a full disk) says why; figures that cannot be stored
      // at all (a catalog entry so large that they overflow) end the run as failed, with the reason
      return fail(storeFailure(e, runs.file) ?? new PvLabError('too-large', `The run's figures could not be stored: ${(e as Error).message.split('\n')[0]}`, 'use realistic costs in the catalog entries the scenario uses'), wallMs);
    }
    return { runId, status, metrics: result.metrics, eventCount: result.eventCount, wallMs, error: result.cancelled ? CANCELLED_BY_USER : null };
  };

  let done: Promise<RunOutcome>;
  if (opts.inline) {
    done = new Promise((resolve) => {
      let result: ExecuteResult | null = null;
      let error: Error | null = null;
      try {
        result = execute(opts.plan, writer, { cancelled: () => Atomics.load(cancelFlag, 0) === 1, record: recorded, ...(opts.branch ? { start: opts.branch.start } : {}) });
      } catch (e) {
        error = e as Error;
      }
      resolve(settle(result, error));
    });
  } else {
    const worker = opts.pool ? opts.pool.take() : newRunThread();
    const start: WorkerStart = { plan: opts.plan, cancel: cancelFlag.buffer as SharedArrayBuffer, record: recorded, ...(opts.branch ? { start: opts.branch.start } : {}) };
    done = new Promise((resolve) => {
      let finished = false;
      const finish = (r: ExecuteResult | null, e: Error | null) => {
        if (finished) return;
        finished = true;
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        // a thread that ended its run cleanly is reused; any other is stopped
        if (opts.pool && r && !e) opts.pool.give(worker);
        else void worker.terminate();
        resolve(settle(r, e));
      };
      const onError = (e: Error) =>
        finish(null, (e as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? new PvLabError('too-large', `The run needed more than ${RUN_THREAD_HEAP_MIB} MiB of memory and was stopped`, 'shorten the run or lower its load; nothing else was affected')
          : e);
      const onExit = (code: number) => finish(null, new Error(`the run's worker thread exited (code ${code})`));
      const onMessage = (m: WorkerMessage) => {
        try {
          switch (m.type) {
            case 'columns': return writer.columns(m.c);
            case 'checkpoint': return writer.checkpoint(m.eventIndex, m.t, m.data);
            case 'paths': return writer.paths(m.names);
            case 'progress': return progress(m);
            case 'sample': return writer.sample(m.s);
            case 'done': return finish(m.result, null);
            case 'error': return finish(null, new PvLabError(m.code as PvLabError['code'], m.message, m.hint, m.details));
          }
        } catch (e) {
          Atomics.store(cancelFlag, 0, 1);
          finish(null, e as Error);
        }
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage(start, opts.branch ? columnBuffers(opts.branch.start.carry) : []);
    });
  }
  return { runId, done, cancel: () => Atomics.store(cancelFlag, 0, 1) };
}
