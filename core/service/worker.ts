/**
 * A worker thread that runs scenarios, one at a time: for each start message it runs the engine
 * from the frozen plan and posts columns, checkpoints, path names and progress back; the parent
 * records them, and may hand the thread another run afterwards.
 */
import { parentPort } from 'node:worker_threads';
import { PvLabError } from '../model/index.ts';
import { execute } from '../trace/execute.ts';
import { columnBuffers } from '../trace/codec.ts';
import type { WorkerStart } from './runner.ts';

const port = parentPort;
if (!port) throw new Error('core/service/worker.ts runs only as a worker thread');

port.on('message', (msg: WorkerStart) => {
  const flag = new Int32Array(msg.cancel);
  let lastProgress = 0;
  try {
    const result = execute(
      msg.plan,
      {
        columns: (c) => port.postMessage({ type: 'columns', c }, columnBuffers(c)),
        checkpoint: (eventIndex, t, data) => port.postMessage({ type: 'checkpoint', eventIndex, t, data }, [data.buffer as ArrayBuffer]),
        paths: (names) => port.postMessage({ type: 'paths', names }),
        sample: (sample) => port.postMessage({ type: 'sample', s: sample }),
        progress: (p) => {
          // at most ~20 progress messages a second of engine time
          const now = performance.now();
          if (now - lastProgress < 50) return;
          lastProgress = now;
          port.postMessage({ type: 'progress', ...p });
        },
      },
      { cancelled: () => Atomics.load(flag, 0) === 1, record: msg.record, ...(msg.start ? { start: msg.start } : {}) },
    );
    port.postMessage({ type: 'done', result });
  } catch (e) {
    const err = e instanceof PvLabError ? e : new PvLabError('io', `The run failed: ${(e as Error).message}`, 'report this with the scenario file attached');
    port.postMessage({ type: 'error', code: err.code, message: err.message, hint: err.hint, details: [...err.details] });
  }
});
