// `npm run fuzz`: the fuzz suite (test/fuzz) with FUZZ_RUNS cases in all (default 11,000, so at least
// 10,000 after the per-method caps), then the outcome counts of every file added up. A failure is
// printed by vitest with fast-check's seed; repeat it with FUZZ_SEED=<seed> npm run fuzz.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

interface FileReport {
  name: string;
  cases: number;
  calls: number;
  outcomes: Record<string, number>;
  slowest: { ms: number; what: string };
}

const runs = process.env.FUZZ_RUNS ?? '11000';
const report = mkdtempSync(join(tmpdir(), 'pvlab-fuzz-report-'));
const vitest = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs');
const root = new URL('../..', import.meta.url).pathname;

const t0 = performance.now();
const code = await new Promise<number>((resolve) => {
  const child = spawn(process.execPath, [vitest, 'run', '--config', 'test/vitest.config.ts', 'test/fuzz', ...process.argv.slice(2)], {
    cwd: root, stdio: 'inherit', env: { ...process.env, FUZZ_RUNS: runs, FUZZ_REPORT: report },
  });
  child.on('close', (c, signal) => resolve(c ?? (signal ? 1 : 0)));
});

const files = readdirSync(report).map((f) => JSON.parse(readFileSync(join(report, f), 'utf8')) as FileReport);
rmSync(report, { recursive: true, force: true });
const total = { cases: 0, calls: 0, outcomes: new Map<string, number>() };
for (const r of files) {
  total.cases += r.cases;
  total.calls += r.calls;
  for (const [k, n] of Object.entries(r.outcomes)) total.outcomes.set(k, (total.outcomes.get(k) ?? 0) + n);
}
const minutes = ((performance.now() - t0) / 60_000).toFixed(1);
console.log(`\nfuzz: ${total.cases} cases (${files.map((r) => `${r.name} ${r.cases}`).join(', ')}), ${total.calls} calls, ${minutes} min, FUZZ_RUNS=${runs}`);
const valid = total.outcomes.get('valid result') ?? 0;
const typed = [...total.outcomes].filter(([k]) => k.startsWith('typed error: ')).sort((a, b) => b[1] - a[1]);
console.log(`  valid results ${valid}`);
console.log(`  typed errors  ${typed.reduce((a, [, n]) => a + n, 0)}: ${typed.map(([k, n]) => `${k.slice('typed error: '.length)} ${n}`).join(', ')}`);
for (const [k, n] of [...total.outcomes].filter(([k]) => k !== 'valid result' && !k.startsWith('typed error: ')).sort((a, b) => b[1] - a[1])) {
  console.log(`  ${k}: ${n}`);
}
for (const r of files) console.log(`  slowest call in ${r.name}: ${r.slowest.ms.toFixed(0)} ms (${r.slowest.what.slice(0, 120)})`);
if (Number(runs) >= 10_000 && total.cases < 10_000) {
  console.log(`fuzz: only ${total.cases} cases ran (a file failed early?); npm run fuzz runs at least 10,000`);
  process.exitCode = 1;
}
process.exitCode ||= code;
