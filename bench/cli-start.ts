/**
 * How long the installed `pvlab` (the bundle of scripts/build-cli.ts, package.json "bin") takes for
 * listing commands, as a whole process from spawn to exit: Node's own start (`node -e 0`) for
 * reference, then each command on a lab database with the built-ins seeded and one recorded run.
 * The commands take turns, after one unmeasured run each (which also fills Node's compile cache);
 * medians and minimum of `runs` processes each. Builds the bundle into dist/core/cli when missing.
 * With a second bundle (another checkout's dist/core/cli/pvlab.js, e.g. from `git worktree add`),
 * each command of both bundles takes turns and the ratio this/other is printed too.
 * Usage: node bench/cli-start.ts [runs] [OTHER_PVLAB_JS]   (prints one line per command)
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
const other = process.argv[3];
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
  // the other bundle runs the same commands (Node alone stays as it is)
  const otherArgs = (args: string[]) => (args[0] === bin && other ? [other, ...args.slice(1)] : args);
  const ms = COMMANDS.map(([, args]) => (once(args), [] as number[]));
  const otherMs = COMMANDS.map(([, args]) => (other ? once(otherArgs(args)) : 0, [] as number[]));
  for (let i = 0; i < runs; i++) {
    COMMANDS.forEach(([, args], c) => {
      // in turns, the order swapped every round
      const pair = [() => ms[c]!.push(once(args)), () => other && args[0] === bin && otherMs[c]!.push(once(otherArgs(args)))];
      if (i % 2) pair.reverse();
      for (const f of pair) f();
    });
  }
  const fmt = (xs: number[]) => `${median(xs).toFixed(0).padStart(5)} ms ${Math.min(...xs).toFixed(0).padStart(5)} ms`;
  console.log(`CLI start, whole process (${runs} runs each, taking turns): median, fastest${other ? `; then ${other}, and this / that` : ''}`);
  COMMANDS.forEach(([name], c) => {
    const vs = otherMs[c]!.length > 0 ? `   |${fmt(otherMs[c]!)}   ${(median(ms[c]!) / median(otherMs[c]!)).toFixed(2)}` : '';
    console.log(`  ${name.padEnd(26)} ${fmt(ms[c]!)}${vs}`);
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}
