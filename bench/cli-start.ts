/**
 * How long the installed `pvlab` (the bundle of scripts/build-cli.ts, package.json "bin") takes for
 * listing commands, as a whole process from spawn to exit: Node's own start (`node -e 0`) for
 * reference, then each command on a lab database with the built-ins seeded and one recorded run.
 * The commands take turns, after one unmeasured run each (which also fills Node's compile cache);
 * medians and minimum of `runs` processes each. Builds the bundle into dist/core/cli when missing.
 * Usage: node bench/cli-start.ts [runs]   (prints one line per command)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from './overhead.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'dist', 'core', 'cli', 'pvlab.js');
const runs = Number(process.argv[2] ?? 15);
if (!existsSync(bin)) execFileSync(process.execPath, [join(root, 'scripts', 'build-cli.ts')], { stdio: 'ignore' });

const dir = mkdtempSync(join(tmpdir(), 'pvlab-cli-start-'));
const env = { ...process.env, PVLAB_DB: join(dir, 'lab.db') };
const COMMANDS: [string, string[]][] = [
  ['node -e 0 (Node alone)', ['-e', '0']],
  ['pvlab --version', [bin, '--version']],
  ['pvlab catalog scenarios', [bin, 'catalog', 'scenarios']],
  ['pvlab runs', [bin, 'runs']],
  ['pvlab lessons', [bin, 'lessons']],
];

const once = (args: string[]): number => {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { env, stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${r.status}`);
  return performance.now() - t;
};

try {
  // a lab as a person has one: the built-ins seeded and a recorded run
  execFileSync(process.execPath, [bin, 'run', 'nanobench-divzero'], { env, stdio: 'ignore' });
  const ms = COMMANDS.map(([, args]) => (once(args), [] as number[]));
  for (let i = 0; i < runs; i++) COMMANDS.forEach(([, args], c) => ms[c]!.push(once(args)));
  console.log(`CLI start, whole process (${runs} runs each, taking turns): median, fastest`);
  COMMANDS.forEach(([name], c) => console.log(`  ${name.padEnd(26)} ${median(ms[c]!).toFixed(0).padStart(5)} ms ${Math.min(...ms[c]!).toFixed(0).padStart(5)} ms`));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
