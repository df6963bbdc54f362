/**
 * Figures the run pages derive from what the service returns: time left from progress samples,
 * stacked chart columns, exits per unit and each part's share of a guest's CPU time.
 */
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

// exits per unit and CPU shares are defined once, for every view, in core/model/derived.ts
export { cpuShares, exitsPerUnit } from '../../../../core/model/index.ts';
