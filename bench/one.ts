/**
 * One benchmark in a fresh process, so peak memory is its own. Prints one JSON line.
 *   node bench/one.ts mm1 [customers]
 *   node bench/one.ts scenario <id> [durationMs]
 */
import { Kernel } from '../core/engine/kernel.ts';
import { nextExp, seedRng } from '../core/engine/prng.ts';
import type { Scenario } from '../core/model/index.ts';

function mm1(customers: number) {
  // λ = 0.9, μ = 1 per µs: ρ = 0.9, theoretical mean wait in queue ρ/(μ−λ) = 9 µs
  const k = new Kernel();
  const rng = seedRng(1);
  const ARRIVE = 0;
  const DEPART = 1;
  // waiting customers' arrival times in a ring buffer (the queue never exceeds a few thousand)
  let queue = new Float64Array(1 << 16);
  let head = 0;
  let tail = 0;
  let busy = false;
  let arrived = 0;
  let served = 0;
  let waitSum = 0;
  const service = () => Math.max(1, Math.round(nextExp(rng, 1000)));
  k.at(0, ARRIVE, 0, 0);
  const t0 = performance.now();
  const events = k.run(Infinity, (kind) => {
    if (kind === ARRIVE) {
      arrived++;
      if (arrived < customers) k.after(Math.max(1, Math.round(nextExp(rng, 1000 / 0.9))), ARRIVE, 0, 0);
      if (busy) {
        if (tail - head === queue.length) {
          const bigger = new Float64Array(queue.length * 2);
          for (let i = head; i < tail; i++) bigger[i - head] = queue[i & (queue.length - 1)]!;
          tail -= head;
          head = 0;
          queue = bigger;
        }
        queue[tail++ & (queue.length - 1)] = k.now;
      } else {
        busy = true;
        k.after(service(), DEPART, 0, 0);
      }
    } else {
      served++;
      if (head < tail) {
        waitSum += k.now - queue[head++ & (queue.length - 1)]!;
        k.after(service(), DEPART, 0, 0);
      } else busy = false;
    }
  });
  const s = (performance.now() - t0) / 1000;
  return { bench: 'mm1', customers, events, seconds: s, eventsPerSec: events / s, meanWaitUs: waitSum / served / 1000, theoryMeanWaitUs: 9, peakRssMiB: process.resourceUsage().maxRSS / 1024 };
}

async function scenario(id: string, durationMs?: number) {
  // loaded here so the kernel benchmark measures the kernel alone
  const { Engine } = await import('../core/engine/index.ts');
  const { builtInCatalog, lookup } = await import('../core/catalog/index.ts');
  const catalog = builtInCatalog();
  const base = lookup(catalog, 'scenarios', id) as Scenario;
  const sc: Scenario = durationMs ? { ...base, durationMs } : base;
  const e = new Engine(sc, catalog);
  const heap: number[] = [];
  const t0 = performance.now();
  let next = 0;
  e.runUntil(Infinity, {
    onProgress: ({ simNs, totalNs }) => {
      if (simNs >= next) {
        heap.push(process.memoryUsage().heapUsed / 2 ** 20);
        next += totalNs / 8;
      }
    },
  });
  const s = (performance.now() - t0) / 1000;
  const m = e.metrics();
  return {
    bench: id,
    simulatedMs: m.simulatedNs / 1e6,
    events: m.eventCount,
    seconds: s,
    eventsPerSec: m.eventCount / s,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    heapMiBAlongTheRun: heap.map((h) => Math.round(h)),
  };
}

const [what, a, b] = process.argv.slice(2);
// the kernel benchmark reports a warm run (after one JIT warm-up run) and the cold first run
const result =
  what === 'mm1'
    ? (() => {
        const cold = mm1(Number(a ?? 1_000_000));
        const warm = mm1(Number(a ?? 1_000_000));
        return { ...warm, coldEventsPerSec: cold.eventsPerSec };
      })()
    : await scenario(a!, b ? Number(b) : undefined);
process.stdout.write(`${JSON.stringify(result)}\n`);
