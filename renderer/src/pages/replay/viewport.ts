/**
 * The visible window of the replay timeline: a span of simulated time inside [0, tEnd], zoomed
 * around a point and panned, never narrower than `MIN_SPAN_NS` nor wider than the run.
 */

export interface Span {
  t0: number;
  t1: number;
}

/** Narrowest window: a microsecond (events have integer-nanosecond times). */
export const MIN_SPAN_NS = 1000;
/** The service draws at most this many buckets per lane (replay.lanes). */
export const MAX_BUCKETS = 4000;

/** The whole run; a run that ends at 0 still gets a window of MIN_SPAN_NS. */
export function fullSpan(tEnd: number): Span {
  return { t0: 0, t1: Math.max(tEnd, MIN_SPAN_NS) };
}

/** Keep a window inside the run and at least MIN_SPAN_NS wide, preserving its width where possible. */
export function clampSpan(s: Span, tEnd: number): Span {
  const full = fullSpan(tEnd);
  let width = Math.min(Math.max(s.t1 - s.t0, MIN_SPAN_NS), full.t1 - full.t0);
  if (!Number.isFinite(width)) width = full.t1 - full.t0;
  let t0 = Number.isFinite(s.t0) ? s.t0 : 0;
  t0 = Math.min(Math.max(t0, full.t0), full.t1 - width);
  return { t0, t1: t0 + width };
}

/** Zoom by `factor` (< 1 zooms in) keeping simulated time `anchor` at the same place on screen. */
export function zoomAt(s: Span, factor: number, anchor: number, tEnd: number): Span {
  const a = Math.min(Math.max(anchor, s.t0), s.t1);
  const width = (s.t1 - s.t0) * factor;
  const share = s.t1 > s.t0 ? (a - s.t0) / (s.t1 - s.t0) : 0.5;
  const clampedWidth = Math.min(Math.max(width, MIN_SPAN_NS), fullSpan(tEnd).t1);
  return clampSpan({ t0: a - share * clampedWidth, t1: a - share * clampedWidth + clampedWidth }, tEnd);
}

/** Move the window by a share of its width (negative: earlier). */
export function panBy(s: Span, share: number, tEnd: number): Span {
  const d = (s.t1 - s.t0) * share;
  return clampSpan({ t0: s.t0 + d, t1: s.t1 + d }, tEnd);
}

/** Centre the window on `t` if it lies outside the middle 80 % of it (to follow a cursor). */
export function follow(s: Span, t: number, tEnd: number): Span {
  const w = s.t1 - s.t0;
  if (t >= s.t0 + 0.1 * w && t <= s.t1 - 0.1 * w) return s;
  return clampSpan({ t0: t - w / 2, t1: t + w / 2 }, tEnd);
}

/** Buckets to ask for: one per CSS pixel of the plot, within what the service draws. */
export function bucketsFor(plotWidthPx: number): number {
  return Math.max(1, Math.min(MAX_BUCKETS, Math.floor(plotWidthPx)));
}

/** Simulated time at x (CSS px from the plot's left edge). */
export function timeAt(s: Span, x: number, plotWidthPx: number): number {
  return s.t0 + (x / Math.max(1, plotWidthPx)) * (s.t1 - s.t0);
}
