/**
 * Recording and replay figures for a run of about ten million events: what recording costs
 * (bench/overhead.ts: through the service, recorded versus unrecorded, and the engine in this
 * thread with and without the recorder's parts), bytes per event on disk, the time to open the run
 * for replay, and seek latency to random events.
 * Usage: node --expose-gc bench/recording.ts [durationMs] [rounds]   (prints one JSON object)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtInCatalog } from '../core/catalog/index.ts';
import { LabService } from '../core/service/service.ts';
import { openLabStore } from '../core/store/open.ts';
import { inThreadRounds, serviceRounds } from './overhead.ts';

const durationMs = Number(process.argv[2] ?? 14_000);
const rounds = Number(process.argv[3] ?? 4);
const cat = builtInCatalog();
const scenario = { ...cat.scenarios.find((s) => s.id === 'consolidation-8')!, durationMs };
const dir = mkdtempSync(join(tmpdir(), 'pvlab-bench-'));
const file = join(dir, 'lab.db');

try {
  // the engine in this thread first (it also warms the engine's code), then through the service
  const inThread = inThreadRounds(scenario, cat, rounds);
  let store = openLabStore(file);
  // as in the desktop app: the service starts a run thread when it starts, before anyone clicks Run
  let svc = new LabService(store, { warm: true });
  const viaService = await serviceRounds(svc, scenario, rounds, inThread.hash);
  const runId = viaService.runId;
  let t = 0;
  const detail = store.runs.get(runId);
  svc.close();
  store.close();

  // open in a fresh store, as the app does when a person picks the run
  store = openLabStore(file);
  svc = new LabService(store);
  t = performance.now();
  const opened = await svc.call('replay.open', { runId });
  await svc.call('replay.events', { runId, event: 0, after: 0 });
  const openMs = performance.now() - t;

  const lat: number[] = [];
  let x = 12345;
  // heap after a forced collection, after 200 and after 2000 seeks: flat when chunks are streamed
  const gc = (globalThis as { gc?: () => void }).gc;
  const heap: number[] = [];
  for (let i = 0; i < 2000; i++) {
    if ((i === 200 || i === 1999) && gc) {
      gc();
      heap.push(process.memoryUsage().heapUsed / 2 ** 20);
    }
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const ev = x % opened.total;
    const s = performance.now();
    await svc.call('replay.events', { runId, event: ev, before: 0, after: 0 });
    lat.push(performance.now() - s);
  }
  lat.sort((a, b) => a - b);
  const q = (p: number) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))]!;
  t = performance.now();
  await svc.call('replay.timeline', { runId, t0: 0, t1: opened.tEnd + 1, buckets: 1200 });
  const timelineMs = performance.now() - t;
  // the replay page's lanes (host, guest, vCPU) at its usual width: whole run, 1 % of it, 1 µs
  const lanesMs: number[] = [];
  for (const [t0, t1] of [[0, opened.tEnd + 1], [opened.tEnd * 0.5, opened.tEnd * 0.51], [opened.tEnd * 0.5, opened.tEnd * 0.5 + 1000]] as const) {
    t = performance.now();
    await svc.call('replay.lanes', { runId, t0, t1, buckets: 950 });
    lanesMs.push(performance.now() - t);
  }
  store.close();
  console.log(JSON.stringify({
    events: detail.eventCount,
    chunks: detail.chunks,
    checkpoints: detail.checkpoints,
    rounds,
    viaService: { ...viaService, runId: undefined },
    inThread: { ...inThread, hash: undefined },
    bytesPerEvent: detail.bytes / detail.eventCount,
    openMs,
    seekP50Ms: q(0.5),
    seekP99Ms: q(0.99),
    seekHeapMiB: heap,
    fullTimelineMs: timelineMs,
    lanesMs,
  }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
