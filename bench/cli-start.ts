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
  // the other bundle runs the same pvlab commands (not Node alone): null where there is none
  const otherArgs = (args: string[]) => (other && args[0] === bin ? [other, ...args.slice(1)] : null);
  const ms = COMMANDS.map(() => [] as number[]);
  const otherMs = COMMANDS.map(() => [] as number[]);
  for (let i = -1; i < runs; i++) {
    COMMANDS.forEach(([, args], c) => {
      const theirs = otherArgs(args);
      // in turns, the order swapped every round; round -1 warms up (and fills the compile cache)
      const pair = [() => once(args), ...(theirs ? [() => once(theirs)] : [])];
      const times = (i % 2 ? [...pair].reverse() : pair).map((f) => f());
      if (i % 2) times.reverse();
      if (i < 0) return;
      ms[c]!.push(times[0]!);
      if (times[1] !== undefined) otherMs[c]!.push(times[1]);
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
