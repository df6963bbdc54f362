/**
 * Figures the run pages derive from what the service returns: time left from progress samples,
 * stacked chart columns, exits per unit and each part's share of a guest's CPU time.
 */
import type { CpuSplit, GuestMetrics } from '../../../../core/model/index.ts';

export interface ProgressSample {
  /** performance.now() when the progress report arrived. */
  wall: number;
  simNs: number;
  events: number;
}

/** Seconds of wall time left at the rate of the samples of the last few seconds, or null before there is a rate. */
export function etaSeconds(samples: readonly ProgressSample[], totalNs: number, windowMs = 5000): number | null {
  const last = samples[samples.length - 1];
  if (!last) return null;
  const first = samples.find((s) => s.wall >= last.wall - windowMs) ?? samples[0]!;
  const dSim = last.simNs - first.simNs;
  const dWall = last.wall - first.wall;
  if (dSim <= 0 || dWall <= 0) return null;
  return ((totalNs - last.simNs) / dSim) * (dWall / 1000);
}

/** Running sums of the series columns, so each is drawn on top of the previous. */
export function stackColumns(data: readonly number[][]): number[][] {
  const [x, ...ys] = data;
  const out: number[][] = [x ? [...x] : []];
  let acc = (x ?? []).map(() => 0);
  for (const y of ys) {
    acc = acc.map((a, i) => a + (y[i] ?? 0));
    out.push(acc);
  }
  return out;
}

const PARTS: (keyof CpuSplit)[] = ['guestUser', 'guestKernel', 'exits', 'hypervisor', 'backend', 'steal', 'idle'];

/** Exits per completed unit (all exits when nothing completed), as the compare view counts them. */
export function exitsPerUnit(g: GuestMetrics): number {
  const exits = Object.values(g.exitsByReason).reduce((a, b) => a + b, 0);
  return g.unitsCompleted > 0 ? exits / g.unitsCompleted : exits;
}

/** Each part's share of all CPU time the guest was given (idle included). */
export function cpuShares(cpu: CpuSplit): { part: keyof CpuSplit; share: number }[] {
  const total = PARTS.reduce((a, p) => a + cpu[p], 0);
  return PARTS.map((part) => ({ part, share: total > 0 ? cpu[part] / total : 0 }));
}
