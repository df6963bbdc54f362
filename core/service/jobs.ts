/**
 * Jobs: long service calls (verify, branch, sweep, live replay state) that a caller names with a
 * job id so it can follow their progress (`job.progress`, `job.finished`) and cancel them
 * (`jobs.cancel`). A job without an id still runs; it just cannot be followed or cancelled.
 */
import type { EventName, EventPayload } from '../contract/index.ts';
import { PvLabError } from '../model/index.ts';

type Kind = EventPayload<'job.progress'>['kind'];

export interface JobControl {
  /** Report progress (throttled to a few messages a second of real time). */
  progress(done: number, total: number): void;
  cancelled(): boolean;
  /** Set when the job is cancelled; shared with worker threads. */
  readonly flag: Int32Array;
  /** Called on cancel (for jobs that stop other work, such as a sweep's runs). */
  onCancel(fn: () => void): void;
}

export class Jobs {
  private readonly active = new Map<string, { flag: Int32Array; cancels: (() => void)[] }>();
  private readonly emit: <E extends EventName>(name: E, payload: EventPayload<E>) => void;

  constructor(emit: <E extends EventName>(name: E, payload: EventPayload<E>) => void) {
    this.emit = emit;
  }

  async run<T>(jobId: string | undefined, kind: Kind, fn: (ctl: JobControl) => T | Promise<T>): Promise<T> {
    if (jobId !== undefined && this.active.has(jobId)) throw new PvLabError('conflict', `A job named "${jobId}" is already running`, 'give each job its own id');
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const cancels: (() => void)[] = [];
    if (jobId !== undefined) this.active.set(jobId, { flag, cancels });
    let last = 0;
    const ctl: JobControl = {
      progress: (done, total) => {
        const now = performance.now();
        if (jobId === undefined || (now - last < 100 && done < total)) return;
        last = now;
        this.emit('job.progress', { jobId, kind, done, total });
      },
      cancelled: () => Atomics.load(flag, 0) === 1,
      flag,
      onCancel: (f) => void cancels.push(f),
    };
    try {
      const out = await fn(ctl);
      if (jobId !== undefined) this.emit('job.finished', { jobId, kind, ok: true, error: null });
      return out;
    } catch (e) {
      if (jobId !== undefined) this.emit('job.finished', { jobId, kind, ok: false, error: e instanceof Error ? e.message : String(e) });
      throw e;
    } finally {
      if (jobId !== undefined) this.active.delete(jobId);
    }
  }

  cancelAll(): void {
    for (const id of [...this.active.keys()]) this.cancel(id);
  }

  cancel(jobId: string): boolean {
    const j = this.active.get(jobId);
    if (!j) return false;
    Atomics.store(j.flag, 0, 1);
    for (const f of j.cancels) f();
    return true;
  }
}
