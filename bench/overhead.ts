/**
 * What recording a run costs, measured so that it can be trusted on a shared, noisy machine: one
 * warm process, the variants alternating round after round (each round in the other order than the
 * last), medians, and the ratio of each round's pair. Used by bench/recording.ts.
 *
 * Through the service (as the app runs it: the engine in a reused worker thread, this thread sealing
 * and writing what it sends), recorded versus unrecorded. Recording adds the worker's event columns
 * and checkpoints (an unrecorded run makes neither) and this thread's sealing (encode, hash,
 * summaries) and SQLite writes, which run beside the engine on another core, so the CPU time of
 * this thread is reported too.
 *
 * In this thread, without the service, the parts one by one: the engine alone (no sink), with a
 * sink that drops every event, with the recorder's sink (columns, checkpoints, samples: what the
 * worker does), and with the chunks also sealed here, the sealing timed on its own.
 */
import type { Catalog } from '../core/catalog/index.ts';
import { Engine } from '../core/engine/engine.ts';
import type { Scenario } from '../core/model/index.ts';
import type { LabService } from '../core/service/service.ts';
import type { EventColumns } from '../core/trace/codec.ts';
import { ChunkSealer, type DriveOutput, drive, trackerSetup } from '../core/trace/recorder.ts';
import { GuestTracker } from '../core/trace/state.ts';

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Median, minimum and maximum, rounded for printing. */
export interface Spread {
  median: number;
  min: number;
  max: number;
}
export const spread = (xs: readonly number[]): Spread => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs) });

const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;
/** CPU time of this thread, and of the whole process (every thread: the run's worker too). */
const threadCpuMs = () => cpuMs(process.threadCpuUsage());
const processCpuMs = () => cpuMs(process.cpuUsage());

/** Recorded and unrecorded runs through the service, alternating; the recorded run ids are returned for replay figures. */
export async function serviceRounds(svc: LabService, scenario: Scenario, rounds: number, expectHash: string) {
  const ms = { recorded: [] as number[], unrecorded: [] as number[] };
  const cpu = { recorded: [] as number[], unrecorded: [] as number[] };
  const allCpu = { recorded: [] as number[], unrecorded: [] as number[] };
  const ratios: number[] = [];
  const cpuRatios: number[] = [];
  let runId = 0;
  const one = async (record: boolean) => {
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the spare run thread is ready
    const c0 = threadCpuMs();
    const p0 = processCpuMs();
    const t0 = performance.now();
    const started = await svc.call('runs.start', { scenario, record });
    const out = await svc.call('runs.wait', { runId: started.runId });
    const wall = performance.now() - t0;
    if (out.metrics?.eventHash !== expectHash) throw new Error('a run through the service differs from the bare run');
    const key = record ? 'recorded' : 'unrecorded';
    ms[key].push(wall);
    cpu[key].push(threadCpuMs() - c0);
    allCpu[key].push(processCpuMs() - p0);
    if (record) runId = started.runId;
  };
  for (let round = 0; round < rounds; round++) {
    for (const record of round % 2 === 0 ? [false, true] : [true, false]) await one(record);
    ratios.push(ms.recorded[round]! / ms.unrecorded[round]!);
    cpuRatios.push(allCpu.recorded[round]! / allCpu.unrecorded[round]!);
  }
  return {
    recordedMs: spread(ms.recorded),
    unrecordedMs: spread(ms.unrecorded),
    ratio: spread(ratios),
    processCpuMs: { recorded: spread(allCpu.recorded), unrecorded: spread(allCpu.unrecorded) },
    cpuRatio: spread(cpuRatios),
    thisThreadCpuMs: { recorded: spread(cpu.recorded), unrecorded: spread(cpu.unrecorded) },
    runId,
  };
}

type Variant = 'noSink' | 'nullSink' | 'recorderSink' | 'sealed';
const VARIANTS: Variant[] = ['noSink', 'nullSink', 'recorderSink', 'sealed'];

/** One run of the engine in this thread the given way; returns the wall time, the sealing's share, and the event hash. */
function inThread(scenario: Scenario, catalog: Catalog, v: Variant): { ms: number; cpuMs: number; sealCpuMs: number; hash: string } {
  const engine = new Engine(scenario, catalog);
  let sealCpuMs = 0;
  const c0 = threadCpuMs();
  const t0 = performance.now();
  if (v === 'noSink') engine.runUntil(Infinity);
  else if (v === 'nullSink') engine.runUntil(Infinity, { sink: { event() {} } });
  else {
    let sealer: ChunkSealer | undefined;
    if (v === 'sealed') {
      const { initial, actions } = trackerSetup(scenario, catalog);
      sealer = new ChunkSealer(new GuestTracker(initial, actions));
    }
    const out: DriveOutput = {
      columns: (c: EventColumns) => {
        if (!sealer) return;
        const s = threadCpuMs();
        sealer.seal(c);
        sealCpuMs += threadCpuMs() - s;
      },
      checkpoint: () => {},
      paths: () => {},
      sample: () => {},
    };
    drive(engine, out);
  }
  return { ms: performance.now() - t0, cpuMs: threadCpuMs() - c0, sealCpuMs, hash: engine.eventHash };
}

/**
 * The engine in this thread four ways, alternating (the order rotates each round). This thread's CPU
 * time is the figure to compare (other work on the machine stretches the wall time, not it).
 */
export function inThreadRounds(scenario: Scenario, catalog: Catalog, rounds: number) {
  const none = (): Record<Variant, number[]> => ({ noSink: [], nullSink: [], recorderSink: [], sealed: [] });
  const ms = none();
  const cpu = none();
  const vsNullSink = none();
  const sealCpuMs: number[] = [];
  let hash = '';
  for (let round = 0; round < rounds; round++) {
    const order = VARIANTS.map((_, i) => VARIANTS[(i + round) % VARIANTS.length]!);
    for (const v of order) {
      const r = inThread(scenario, catalog, v);
      if (hash && r.hash !== hash) throw new Error(`the ${v} run differs from the others`);
      hash = r.hash;
      ms[v].push(r.ms);
      cpu[v].push(r.cpuMs);
      if (v === 'sealed') sealCpuMs.push(r.sealCpuMs);
    }
    for (const v of VARIANTS) vsNullSink[v].push(cpu[v][round]! / cpu.nullSink[round]!);
  }
  const each = (x: Record<Variant, number[]>) => Object.fromEntries(VARIANTS.map((v) => [v, spread(x[v])])) as Record<Variant, Spread>;
  return { ms: each(ms), cpuMs: each(cpu), cpuVsNullSink: each(vsNullSink), sealCpuMs: spread(sealCpuMs), hash };
}
