/**
 * What a run will cost before it starts: events, wall time, recording size and peak memory,
 * extrapolated from a short probe of the scenario's own start (the first few tens of thousands of
 * events, at most 20 ms of simulated time), so a scenario that validates cannot quietly plan
 * billions of events. Above one threshold a run asks for confirmation; above another it is refused.
 */
import type { Catalog } from '../catalog/catalog.ts';
import { Engine } from '../engine/engine.ts';
import type { RunEstimate, Scenario } from '../model/index.ts';
import { packJson } from './codec.ts';
import { CHECKPOINT_EVERY } from './recorder.ts';

/** Engine speed this estimate assumes: consolidation-8 on the 2-core build machine (npm run bench) runs 2–3 M events/s. */
const EVENTS_PER_SECOND = 2e6;
/** Recorded bytes per event (npm run bench: 2.2 on consolidation-8), plus per-chunk overhead. */
const BYTES_PER_EVENT = 2.4;
/** A queued unit of work: its record in the guest's queue. */
const BYTES_PER_QUEUED_UNIT = 200;
/**
 * Work of a run that grows with its vCPUs, not its events (measured on the build machine with the
 * widest scenario the schema takes, 256 guests × 512 vCPUs: about 5 s for a handful of events):
 * setting up and summing up each vCPU once, and copying and packing its state at every checkpoint
 * (the first, one per CHECKPOINT_EVERY events, the last).
 */
const SETUP_SECONDS_PER_VCPU = 5e-6;
const CHECKPOINT_SECONDS_PER_VCPU = 12e-6;
/** A job (a thread of a closed load beyond the vCPUs, engine/jobs.ts): its record, and its text while a checkpoint is packed. */
const BYTES_PER_JOB = 120 + 170;
/** What a run thread holds besides the model: the engine's code, chunk buffers, the heap's slack. */
const BASE_MEMORY_MIB = 120;

export const LIMITS = {
  confirm: { events: 50e6, wallSeconds: 60, recordingMiB: 500 },
  /** peakMemoryMiB: the run thread's heap limit (RUN_THREAD_HEAP_MIB in core/service/runner.ts) */
  refuse: { events: 2e9, recordingMiB: 8192, peakMemoryMiB: 4096 },
} as const;

const PROBE_EVENTS = 20_000;
const PROBE_MAX_NS = 20e6;

export function estimateRun(scenario: Scenario, catalog: Catalog): RunEstimate {
  const engine = new Engine(scenario, catalog);
  const duration = engine.durationNs;
  let t = Math.min(duration, 50_000);
  for (;;) {
    // a budget, not only a time: a heavy open load can put millions of arrivals in the first 50 µs
    engine.runUntil(t, { maxDispatches: PROBE_EVENTS });
    if (engine.done || engine.eventCount >= PROBE_EVENTS || t >= PROBE_MAX_NS || t >= duration) break;
    t = Math.min(duration, t * 4);
  }
  const probedNs = Math.max(1, engine.now);
  const exact = engine.done;
  const events = exact ? engine.eventCount : Math.ceil((engine.eventCount / probedNs) * duration);
  const backlog = engine.inspect().guests.reduce((a, g) => a + g.queued, 0);
  const backlogAtEnd = exact ? backlog : (backlog / probedNs) * duration;
  const checkpointBytes = packJson(engine.checkpoint()).length;
  const recordingMiB = (events * BYTES_PER_EVENT + (events / CHECKPOINT_EVERY + 1) * checkpointBytes) / 2 ** 20;
  const jobs = engine.guestThreads;
  const peakMemoryMiB = BASE_MEMORY_MIB + (backlogAtEnd * BYTES_PER_QUEUED_UNIT + 4 * checkpointBytes + jobs * BYTES_PER_JOB) / 2 ** 20;
  const vcpus = scenario.guests.reduce((a, g) => a + g.vcpus, 0);
  const checkpoints = Math.ceil(events / CHECKPOINT_EVERY) + 2;
  const wallSeconds = events / EVENTS_PER_SECOND + vcpus * (SETUP_SECONDS_PER_VCPU + checkpoints * CHECKPOINT_SECONDS_PER_VCPU);
  const reasons: string[] = [];
  const r = LIMITS.refuse;
  const c = LIMITS.confirm;
  if (events > r.events) reasons.push(`about ${fmt(events)} events, more than the ${fmt(r.events)} a run may have`);
  if (recordingMiB > r.recordingMiB) reasons.push(`about ${fmt(recordingMiB)} MiB of recording, more than ${fmt(r.recordingMiB)} MiB`);
  if (peakMemoryMiB > r.peakMemoryMiB) reasons.push(`about ${fmt(peakMemoryMiB)} MiB of memory (work queues up faster than it is served), more than a run thread's ${fmt(r.peakMemoryMiB)} MiB`);
  const verdict = reasons.length > 0 ? 'refuse' : events > c.events || wallSeconds > c.wallSeconds || recordingMiB > c.recordingMiB ? 'confirm' : 'ok';
  if (verdict === 'confirm') reasons.push(`about ${fmt(events)} events, ${fmt(wallSeconds)} s and ${fmt(recordingMiB)} MiB of recording`);
  return { events, wallSeconds, recordingMiB, peakMemoryMiB, exact, verdict, reasons };
}

function fmt(x: number): string {
  return x >= 1e9 ? `${(x / 1e9).toFixed(1)} billion` : x >= 1e6 ? `${(x / 1e6).toFixed(1)} million` : x >= 100 ? x.toFixed(0) : x.toFixed(1);
}
