import type { Percentiles } from '../model/index.ts';

/**
 * A log-linear histogram of non-negative integers (nanoseconds): 32 sub-buckets per power of
 * two, so any percentile is within ~3 % of the true value. Fixed memory, plain data.
 */
const SUB = 32;
const SUB_BITS = 5;
const BUCKETS = 64 * SUB;

export interface HistogramState {
  counts: number[];
  total: number;
  sum: number;
  max: number;
}

export function newHistogram(): HistogramState {
  return { counts: new Array<number>(BUCKETS).fill(0), total: 0, sum: 0, max: 0 };
}

function bucketOf(v: number): number {
  if (v < SUB) return v;
  if (v < 4294967296) {
    // the common case, in 32-bit integer operations (the same buckets as below)
    const shift = 31 - Math.clz32(v) - SUB_BITS;
    return (shift + 1) * SUB + (v >>> shift) - SUB;
  }
  // exponent of the highest set bit, exactly, for integers up to 2^53
  let e = 0;
  let x = v;
  while (x >= 4294967296) {
    x = Math.floor(x / 4294967296);
    e += 32;
  }
  e += 31 - Math.clz32(x);
  const shift = e - SUB_BITS;
  const mantissa = Math.floor(v / 2 ** shift) - SUB; // 0..SUB-1
  return (shift + 1) * SUB + mantissa;
}

/** Lower bound of a bucket's values. */
function bucketLow(b: number): number {
  if (b < SUB) return b;
  const shift = Math.floor(b / SUB) - 1;
  return (SUB + (b % SUB)) * 2 ** shift;
}

export function record(h: HistogramState, value: number, count = 1): void {
  const v = Math.max(0, Math.round(value));
  h.counts[bucketOf(v)]! += count;
  h.total += count;
  h.sum += v * count;
  if (v > h.max) h.max = v;
}

export function percentile(h: HistogramState, q: number): number {
  if (h.total === 0) return 0;
  const rank = Math.max(1, Math.ceil(q * h.total));
  let seen = 0;
  for (let b = 0; b < BUCKETS; b++) {
    seen += h.counts[b]!;
    if (seen >= rank) {
      const lo = bucketLow(b);
      const hi = b + 1 < BUCKETS ? bucketLow(b + 1) : lo;
      return Math.min(h.max, Math.floor((lo + Math.max(lo, hi - 1)) / 2));
    }
  }
  return h.max;
}

export function summarize(h: HistogramState): Percentiles {
  return {
    count: h.total,
    mean: h.total ? h.sum / h.total : 0,
    p50: percentile(h, 0.5),
    p90: percentile(h, 0.9),
    p99: percentile(h, 0.99),
    p999: percentile(h, 0.999),
    max: h.max,
  };
}
