/**
 * `npm run bench`: engine throughput and memory. Each benchmark runs in its own process.
 * Figures are wall-clock measurements of this machine; they are printed, never asserted.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const one = fileURLToPath(new URL('./one.ts', import.meta.url));
const runs: string[][] = [
  ['mm1', '1000000'],
  ['scenario', 'nanobench-pgfault'],
  ['scenario', 'consolidation-8'],
  ['scenario', 'consolidation-8', '800'],
  ['scenario', 'io-emulated-vs-pv'],
];

const fmt = (x: number) => (x >= 1e6 ? `${(x / 1e6).toFixed(2)} M` : x >= 1e3 ? `${(x / 1e3).toFixed(1)} k` : x.toFixed(0));
console.log('benchmark                     simulated    events      wall s   events/s    peak RSS   heap along the run (MiB)');
for (const args of runs) {
  const out = execFileSync(process.execPath, [one, ...args], { encoding: 'utf8' });
  const r = JSON.parse(out) as Record<string, number | string | number[]>;
  const name = args[0] === 'mm1' ? `M/M/1 kernel, ${fmt(Number(args[1]))} customers` : `${args[1]}${args[2] ? ` (${args[2]} ms)` : ''}`;
  const sim = 'simulatedMs' in r ? `${Number(r.simulatedMs).toFixed(0)} ms` : '-';
  const extra = 'meanWaitUs' in r ? `warm run; cold ${fmt(Number(r.coldEventsPerSec))}/s; mean wait ${Number(r.meanWaitUs).toFixed(2)} µs (theory 9)` : (r.heapMiBAlongTheRun as number[]).join(' ');
  console.log(
    `${name.padEnd(29)} ${sim.padStart(9)} ${fmt(Number(r.events)).padStart(9)} ${Number(r.seconds).toFixed(2).padStart(9)} ${fmt(Number(r.eventsPerSec)).padStart(10)} ${`${Number(r.peakRssMiB).toFixed(0)} MiB`.padStart(10)}   ${extra}`,
  );
}

// recording and replay of a ~10 M-event run (the persistent-lab targets: ≤ 1.05× recorded vs
// unrecorded, ≤ 8 bytes per event, open ≤ 200 ms, seek p99 ≤ 20 ms); what is measured how: bench/overhead.ts
type Spread = { median: number; min: number; max: number };
type Rec = Record<string, number> & {
  seekHeapMiB: number[]; lanesMs: number[];
  viaService: { recordedMs: Spread; unrecordedMs: Spread; ratio: Spread; cpuRatio: Spread; processCpuMs: Record<'recorded' | 'unrecorded', Spread>; thisThreadCpuMs: Record<'recorded' | 'unrecorded', Spread> };
  inThread: { ms: Record<string, Spread>; cpuMs: Record<string, Spread>; cpuVsNullSink: Record<string, Spread>; sealCpuMs: Spread };
};
const rec = JSON.parse(execFileSync(process.execPath, ['--expose-gc', fileURLToPath(new URL('./recording.ts', import.meta.url))], { encoding: 'utf8' })) as Rec;
const s = (x: Spread, d = 2, k = 1) => `${(x.median / k).toFixed(d)} (${(x.min / k).toFixed(d)}–${(x.max / k).toFixed(d)})`;
const v = rec.viaService;
console.log('');
console.log(`recording: consolidation-8, ${fmt(rec.events!)} events in ${rec.chunks} chunks, ${rec.checkpoints} checkpoints; medians (min–max) of ${rec.rounds} alternating rounds`);
console.log(`  through the service (the engine in a reused worker thread): unrecorded ${s(v.unrecordedMs, 2, 1000)} s, recorded ${s(v.recordedMs, 2, 1000)} s, paired ratio ${s(v.ratio)}×`);
console.log(`    CPU of the whole process: unrecorded ${s(v.processCpuMs.unrecorded, 2, 1000)} s, recorded ${s(v.processCpuMs.recorded, 2, 1000)} s, paired ratio ${s(v.cpuRatio)}×; of the thread that seals and writes ${s(v.thisThreadCpuMs.unrecorded, 2, 1000)} vs ${s(v.thisThreadCpuMs.recorded, 2, 1000)} s`);
console.log('  the engine in this thread, CPU s (wall s), and CPU against a sink that drops every event:');
for (const [k, name] of [['noSink', 'no sink'], ['nullSink', 'a sink that drops events'], ['recorderSink', "the recorder's sink (columns, checkpoints)"], ['sealed', 'and every chunk sealed here']] as const) {
  console.log(`    ${name.padEnd(44)} ${s(rec.inThread.cpuMs[k]!, 2, 1000)} (${s(rec.inThread.ms[k]!, 2, 1000)})  ${s(rec.inThread.cpuVsNullSink[k]!)}×`);
}
console.log(`    sealing alone (encode, hash, summaries): ${s(rec.inThread.sealCpuMs, 2, 1000)} CPU s`);
console.log(`  on disk ${rec.bytesPerEvent!.toFixed(2)} bytes per event`);
console.log(`  replay: open ${rec.openMs!.toFixed(0)} ms, seek to a random event p50 ${rec.seekP50Ms!.toFixed(2)} ms, p99 ${rec.seekP99Ms!.toFixed(2)} ms (2000 seeks; heap after 200 and 2000 seeks ${rec.seekHeapMiB.map((h) => h.toFixed(0)).join(' and ')} MiB), whole-run timeline at 1200 px ${rec.fullTimelineMs!.toFixed(0)} ms`);
console.log(`  replay lanes (host, guest, vCPU) at 950 px: whole run ${rec.lanesMs[0]!.toFixed(0)} ms, 1 % of it ${rec.lanesMs[1]!.toFixed(0)} ms, 1 µs ${rec.lanesMs[2]!.toFixed(0)} ms`);

// the installed CLI's start (the bundle; the aim is ≤ 150 ms for listing commands)
console.log('');
console.log(execFileSync(process.execPath, [fileURLToPath(new URL('./cli-start.ts', import.meta.url))], { encoding: 'utf8' }).trimEnd());

// the desktop lab in a browser: timeline drawing and cold start (need Debian's Chromium and the built renderer)
if (existsSync('/usr/bin/chromium') || process.env.CHROMIUM) {
  const here = (f: string) => fileURLToPath(new URL(f, import.meta.url));
  if (!existsSync(here('../renderer/dist/index.html'))) execFileSync(process.execPath, [here('../node_modules/vite/bin/vite.js'), 'build', here('../renderer')], { stdio: 'ignore' });
  console.log('');
  console.log(execFileSync(process.execPath, ['--no-warnings', here('./frame.ts')], { encoding: 'utf8' }).trimEnd());
  console.log('');
  console.log(execFileSync(process.execPath, [here('./first-paint.ts'), '5'], { encoding: 'utf8' }).trimEnd());
} else {
  console.log('\n(timeline frame time and first paint skipped: no Chromium at /usr/bin/chromium; apt-get install chromium)');
}
