/** Verification in a worker thread (see job-worker.ts): resolves with the result, rejects with the typed error. */
import { Worker } from 'node:worker_threads';
import { PvLabError, type PvLabErrorCode, type VerifyResult } from '../model/index.ts';
import type { VerifyJob } from './job-worker.ts';
import type { JobControl } from './jobs.ts';

const workerUrl = new URL(import.meta.url.endsWith('.ts') ? './job-worker.ts' : './job-worker.js', import.meta.url);

type Message =
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; result: VerifyResult }
  | { type: 'error'; code: string; message: string; hint: string; details: string[] };

export function verifyInWorker(job: VerifyJob, ctl: JobControl): Promise<VerifyResult> {
  return new Promise((resolve, reject) => {
    // the thread ends by itself after its one reply (job-worker.ts), never from outside
    const w = new Worker(workerUrl);
    w.on('message', (m: Message) => {
      if (m.type === 'progress') return ctl.progress(m.done, m.total);
      if (m.type === 'done') resolve(m.result);
      else reject(new PvLabError(m.code as PvLabErrorCode, m.message, m.hint, m.details));
    });
    w.on('error', (e) => reject(new PvLabError('internal', `Verification stopped: ${e.message}`, 'try again; report it if it happens again')));
    // (after a reply this changes nothing: a settled promise stays settled)
    w.on('exit', (code) => reject(new PvLabError('internal', `Verification stopped: its thread ended (exit code ${code})`, 'try again; report it if it happens again')));
    w.postMessage(job);
  });
}
