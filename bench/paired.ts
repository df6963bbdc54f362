/**
 * Two checkouts of the engine in one process, run in turns: events per second of each run and the
 * paired ratio B/A (median and quartiles). On a shared machine whose speed drifts from minute to
 * minute, runs that follow each other within a second are the comparison that holds.
 *   node bench/paired.ts DIR_A DIR_B [scenario] [durationMs|default] [pairs]
 * e.g. `git worktree add /tmp/old 9bd0a5e` and compare /tmp/old with this checkout (`.`).
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dirA, dirB, id = 'consolidation-8', ms = '600', pairs = '25'] = process.argv.slice(2);
if (!dirA || !dirB) {
  console.error('usage: node bench/paired.ts DIR_A DIR_B [scenario] [durationMs|default] [pairs]');
  process.exit(2);
}

interface Sim {
  eventCount: number;
  eventHash: string;
  runUntil(t: number): boolean;
}

/** A function that runs the scenario once on `dir`'s engine and returns its events per second. */
async function engineOf(dir: string): Promise<{ run: () => number; hash: string }> {
  const root = pathToFileURL(`${resolve(dir)}/`).href;
  const { Engine } = (await import(`${root}core/engine/index.ts`)) as { Engine: new (s: object, c: object) => Sim };
  const { builtInCatalog, lookup } = (await import(`${root}core/catalog/index.ts`)) as { builtInCatalog: () => object; lookup: (c: object, kind: string, id: string) => object };
  const catalog = builtInCatalog();
  const scenario = { ...lookup(catalog, 'scenarios', id), ...(ms === 'default' ? {} : { durationMs: Number(ms) }) };
  let hash = '';
  const run = () => {
    const e = new Engine(scenario, catalog);
    const t0 = performance.now();
    e.runUntil(Infinity);
    const s = (performance.now() - t0) / 1000;
    hash = e.eventHash;
    return e.eventCount / s;
  };
  return { run, get hash() { return hash; } };
}

const a = await engineOf(dirA);
const b = await engineOf(dirB);
// warm both up
for (let i = 0; i < 3; i++) {
  a.run();
  b.run();
}
const rateA: number[] = [];
const rateB: number[] = [];
const ratio: number[] = [];
for (let i = 0; i < Number(pairs); i++) {
  // alternate which goes first, so neither always runs on the warmer or the quieter side
  let x: number;
  let y: number;
  if (i % 2 === 0) {
    x = a.run();
    y = b.run();
  } else {
    y = b.run();
    x = a.run();
  }
  rateA.push(x);
  rateB.push(y);
  ratio.push(y / x);
}
const at = (v: number[], q: number) => [...v].sort((p, r) => p - r)[Math.min(v.length - 1, Math.floor(v.length * q))]!;
const m = (v: number[]) => (at(v, 0.5) / 1e6).toFixed(2);
console.log(`${id}${ms === 'default' ? '' : ` (${ms} ms)`}: A ${dirA} ${m(rateA)} M events/s (hash ${a.hash}); B ${dirB} ${m(rateB)} M events/s (hash ${b.hash})`);
console.log(`B/A paired over ${pairs} pairs: median ${at(ratio, 0.5).toFixed(3)}, quartiles ${at(ratio, 0.25).toFixed(3)}–${at(ratio, 0.75).toFixed(3)}`);
