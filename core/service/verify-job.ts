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
    const w = new Worker(workerUrl);
    const end = () => void w.terminate();
    w.on('message', (m: Message) => {
      if (m.type === 'progress') return ctl.progress(m.done, m.total);
      end();
      if (m.type === 'done') resolve(m.result);
      else reject(new PvLabError(m.code as PvLabErrorCode, m.message, m.hint, m.details));
    });
    w.on('error', (e) => (end(), reject(new PvLabError('internal', `Verification stopped: ${e.message}`, 'try again; report it if it happens again'))));
    w.postMessage(job);
  });
}
