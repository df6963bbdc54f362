/**
 * A worker thread for verification, so re-simulating a long run never stalls the service's thread
 * (and so the window or the browser's other calls). It reads the recording through its own
 * read-only connection to the lab database and reports progress; the parent cancels it through a
 * shared flag.
 */
import { parentPort } from 'node:worker_threads';
import { PvLabError } from '../model/index.ts';
import { openReadOnly } from '../store/db.ts';
import { RunsRepo } from '../store/runs-repo.ts';
import { verifyRecording } from '../trace/verify.ts';

export interface VerifyJob {
  file: string;
  runId: number;
  complete: boolean;
  cancel: SharedArrayBuffer;
}

const port = parentPort;
if (!port) throw new Error('core/service/job-worker.ts runs only as a worker thread');

port.on('message', (job: VerifyJob) => {
  const flag = new Int32Array(job.cancel);
  const lab = openReadOnly(job.file);
  // one job per thread: the connection is closed before the result goes, and then the thread ends
  // by itself (ending it from outside while SQLite closes could take the process down)
  let reply: Record<string, unknown>;
  try {
    const runs = new RunsRepo(lab);
    const plan = runs.plan(job.runId);
    const d = runs.get(job.runId);
    const result = verifyRecording(plan, { engineVersion: plan.engineVersion, branch: d.branch, complete: job.complete }, runs.source(job.runId), {
      cancelled: () => Atomics.load(flag, 0) === 1,
      progress: (done, total) => port.postMessage({ type: 'progress', done, total }),
    });
    reply = { type: 'done', result };
  } catch (e) {
    const err = e instanceof PvLabError ? e : new PvLabError('internal', `Verification failed: ${(e as Error).message}`, 'report this with the run attached');
    reply = { type: 'error', code: err.code, message: err.message, hint: err.hint, details: [...err.details] };
  } finally {
    lab.db.close();
  }
  port.postMessage(reply);
  port.close();
});
