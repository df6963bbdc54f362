/** The service's side of the replay thread (replay-worker.ts): started on first use, one request at a time in order. */
import { Worker } from 'node:worker_threads';
import { PvLabError, type PvLabErrorCode } from '../model/index.ts';
import type { BranchPoint } from '../trace/branch-point.ts';
import type { StateAtCursor } from '../trace/cursor.ts';
import type { RunPlan } from '../trace/plan.ts';

const workerUrl = new URL(import.meta.url.endsWith('.ts') ? './replay-worker.ts' : './replay-worker.js', import.meta.url);

type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: { code: string; message: string; hint: string; details: string[] } };

export class ReplayThread {
  private worker: Worker | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  private send<T>(msg: Record<string, unknown>, transfer: ArrayBuffer[] = []): Promise<T> {
    const w = (this.worker ??= this.start());
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      w.postMessage({ ...msg, id }, transfer);
    });
  }

  private start(): Worker {
    const w = new Worker(workerUrl);
    w.unref();
    w.on('message', (r: Reply) => {
      const p = this.pending.get(r.id);
      if (!p) return;
      this.pending.delete(r.id);
      if (r.ok) p.resolve(r.value);
      else p.reject(new PvLabError(r.error.code as PvLabErrorCode, r.error.message, r.error.hint, r.error.details));
    });
    const fail = (why: string) => {
      // a thread that was closed ends on its own later: nothing of the current one is its
      if (this.worker !== w) return;
      this.worker = null;
      for (const [id, p] of this.pending) {
        this.pending.delete(id);
        p.reject(new PvLabError('internal', `The replay thread stopped: ${why}`, 'try again; report it if it happens again'));
      }
    };
    w.on('error', (e) => fail(e.message));
    w.on('exit', (code) => fail(`exit code ${code}`));
    return w;
  }

  state(file: string, runId: number, event: number, eventCount: number): Promise<StateAtCursor> {
    return this.send({ type: 'state', file, runId, event, eventCount });
  }

  branchPoint(plan: RunPlan, checkpoint: Uint8Array, tNs: number): Promise<BranchPoint> {
    const copy = checkpoint.slice();
    return this.send({ type: 'branch-point', plan, checkpoint: copy, tNs }, [copy.buffer as ArrayBuffer]);
  }

  /** The thread closes its connection and ends by itself (it is unref'd: it keeps no process alive). */
  close(): void {
    this.worker?.postMessage({ type: 'close', id: 0 });
    this.worker = null;
  }
}
