/**
 * Run threads: the worker threads runs execute in, each with a heap limit, and a pool that keeps
 * one started ahead. Apart from runner.ts so the service can hold a pool without loading the engine.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/**
 * A run thread, with a heap limit: a run that outgrows it (the estimate should have refused it)
 * ends that thread alone, and the run is marked failed with the reason.
 */
export const RUN_THREAD_HEAP_MIB = 4096;
export const newRunThread = () => new Worker(workerUrl, { resourceLimits: { maxOldGenerationSizeMb: RUN_THREAD_HEAP_MIB } });

const workerUrl = new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url);

/**
 * Run threads, with one started ahead of time: loading the engine into a fresh thread takes a few
 * hundred milliseconds, which a person starting a run should not wait for.
 */
export class WorkerPool {
  private spares: Worker[] = [];
  /** Threads kept between runs: one per core (a sweep runs that many at once). */
  private readonly keep = availableParallelism();

  /** Start a spare thread now if there is none (at service start, and after each run). */
  warm(): void {
    if (this.spares.length > 0) return;
    this.keep1(newRunThread());
  }

  take(): Worker {
    const w = this.spares.pop() ?? newRunThread();
    w.ref();
    w.removeAllListeners('error');
    return w;
  }

  /** Hand back a thread that finished a run cleanly: its compiled engine code makes the next run faster. */
  give(w: Worker): void {
    if (this.spares.length >= this.keep) void w.terminate();
    else this.keep1(w);
  }

  private keep1(w: Worker): void {
    this.spares.push(w);
    w.unref();
    w.on('error', () => (this.spares = this.spares.filter((x) => x !== w)));
  }

  close(): void {
    for (const w of this.spares) void w.terminate();
    this.spares = [];
  }
}

