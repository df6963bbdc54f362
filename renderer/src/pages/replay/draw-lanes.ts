/**
 * Draw the replay timeline: lanes of per-bucket event counts (replay.lanes) for the visible
 * window, coloured by each bucket's dominant event kind with intensity on a log scale of the
 * count, a time axis, the scenario's markers and the cursor at the selected event. A pure
 * function of (lanes, viewport, 2-D context): no DOM, no React, so the frame-time bench can
 * time exactly what the page draws. Work is bounded by pixels, not events or buckets: the
 * lanes are painted straight into one pixel buffer (buckets narrower than a pixel merge), then
 * the axis, labels, markers and cursor are drawn over it.
 */

/** The part of CanvasRenderingContext2D the timeline uses (a real context satisfies it). */
export interface Canvas2D {
  fillStyle: unknown;
  strokeStyle: unknown;
  lineWidth: number;
  font: string;
  textBaseline: unknown;
  textAlign: unknown;
  fillRect(x: number, y: number, w: number, h: number): void;
  clearRect(x: number, y: number, w: number, h: number): void;
  beginPath(): void;
  rect(x: number, y: number, w: number, h: number): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  fill(): void;
  stroke(): void;
  createImageData(width: number, height: number): PixelImage;
  putImageData(image: PixelImage, x: number, y: number): void;
  save(): void;
  restore(): void;
  clip(): void;
  setLineDash(segments: number[]): void;
  fillText(text: string, x: number, y: number): void;
  measureText(text: string): { width: number };
}

export interface LaneData {
  kind: 'host' | 'guest' | 'vcpu';
  label: string;
  counts: ArrayLike<number>;
  /** Kind index per bucket (into the palette), -1 for none. */
  dominant: ArrayLike<number>;
}

export interface LanesData {
  t0: number;
  t1: number;
  bucketNs: number;
  lanes: readonly LaneData[];
}

/** The visible window in simulated time and the canvas size in CSS pixels. */
export interface Viewport {
  t0: number;
  t1: number;
  width: number;
  height: number;
  /** Device pixels per CSS pixel (the context is scaled by it; pixels are painted at it). Default 1. */
  pixelRatio?: number;
}

export interface DrawStyle {
  background: string;
  labelBackground: string;
  text: string;
  muted: string;
  grid: string;
  cursor: string;
  marker: string;
  /** One colour per event kind, as #rrggbb. */
  kindColors: readonly string[];
  font: string;
  labelWidth: number;
  axisHeight: number;
  laneHeight: Record<LaneData['kind'], number>;
}

export interface DrawExtras {
  cursorT: number | null;
  markers: readonly { tNs: number; label: string }[];
  fmtTime: (ns: number) => string;
}

/** Intensity steps: counts are binned on a log scale into this many alphas. */
export const LEVELS = 8;

export interface LaneRow {
  y: number;
  h: number;
}

/** Where each lane sits (CSS px from the top), below the time axis. */
export function laneRows(lanes: readonly Pick<LaneData, 'kind'>[], style: Pick<DrawStyle, 'axisHeight' | 'laneHeight'>): LaneRow[] {
  let y = style.axisHeight;
  return lanes.map((l) => {
    const h = style.laneHeight[l.kind];
    const row = { y, h };
    y += h;
    return row;
  });
}

/** Canvas height for these lanes. */
export function canvasHeight(lanes: readonly Pick<LaneData, 'kind'>[], style: Pick<DrawStyle, 'axisHeight' | 'laneHeight'>): number {
  return lanes.reduce((a, l) => a + style.laneHeight[l.kind], style.axisHeight) + 1;
}

/** Round tick spacing (1, 2 or 5 × 10^k ns) giving about `target` ticks over `span`. */
export function tickStep(span: number, target: number): number {
  const raw = span / Math.max(1, target);
  const p = 10 ** Math.floor(Math.log10(Math.max(raw, 1e-9)));
  for (const m of [1, 2, 5, 10]) if (m * p >= raw) return Math.max(1, m * p);
  return Math.max(1, 10 * p);
}

/** An RGBA pixel buffer (ImageData satisfies it). */
export interface PixelImage {
  readonly data: Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function parseColor(css: string): [number, number, number] {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(css.trim());
  if (hex) {
    const h = hex[1]!.length === 3 ? hex[1]!.replace(/./g, (c) => c + c) : hex[1]!;
    const n = Number.parseInt(h, 16);
    return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
  }
  const rgb = /rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)/i.exec(css);
  return rgb ? [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])] : [255, 255, 255];
}

function pack(r: number, g: number, b: number): number {
  return LITTLE_ENDIAN ? ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0 : ((r << 24) | (g << 16) | (b << 8) | 255) >>> 0;
}

/** Opaque pixel colours per (kind, level): the kind's colour over the background at the level's alpha. */
function palette(style: DrawStyle): Uint32Array {
  const bg = parseColor(style.background);
  const out = new Uint32Array(style.kindColors.length * LEVELS);
  style.kindColors.forEach((c, k) => {
    const fg = parseColor(c);
    for (let l = 0; l < LEVELS; l++) {
      const a = 0.25 + (0.75 * (l + 1)) / LEVELS;
      out[k * LEVELS + l] = pack(...(fg.map((v, i) => Math.round(bg[i]! * (1 - a) + v * a)) as [number, number, number]));
    }
  });
  return out;
}

/** A pixel buffer per context and size, reused across frames (drawing allocates nothing per bucket). */
const scratch = new WeakMap<object, PixelImage>();

/**
 * Paint the lanes into pixels (device pixels of the plot area below the axis): per lane, buckets
 * map to pixel columns (buckets narrower than a pixel merge into one column that keeps the sum
 * and the dominant kind of its busiest bucket), the lane's first row is filled column by column,
 * and its other rows are copies of it. Work is bounded by pixels, whatever the bucket count.
 */
function paintLanes(ctx: Canvas2D, data: LanesData, view: Viewport, style: DrawStyle, rows: readonly LaneRow[], dpr: number): void {
  const x0 = Math.round(style.labelWidth * dpr);
  const y0 = Math.round(style.axisHeight * dpr);
  const pw = Math.round(view.width * dpr) - x0;
  const ph = Math.round(view.height * dpr) - y0;
  if (pw <= 0 || ph <= 0) return;
  let img = scratch.get(ctx);
  if (!img || img.width !== pw || img.height !== ph) scratch.set(ctx, (img = ctx.createImageData(pw, ph)));
  const buf = new Uint32Array(img.data.buffer, img.data.byteOffset, pw * ph);
  const [br, bgc, bb] = parseColor(style.background);
  buf.fill(pack(br, bgc, bb));
  const colors = palette(style);
  const kinds = style.kindColors.length;
  const maxByKind: Record<LaneData['kind'], number> = { host: 1, guest: 1, vcpu: 1 };
  for (const l of data.lanes) {
    let m = maxByKind[l.kind];
    for (let b = 0; b < l.counts.length; b++) if (l.counts[b]! > m) m = l.counts[b]!;
    maxByKind[l.kind] = m;
  }
  const pxPerNs = ((view.width - style.labelWidth) * dpr) / Math.max(1e-9, view.t1 - view.t0);
  const bucketPx = data.bucketNs * pxPerNs;
  data.lanes.forEach((lane, li) => {
    const row = rows[li]!;
    const top = Math.round((row.y + 1) * dpr) - y0;
    const bottom = Math.min(ph, Math.round((row.y + row.h - 1) * dpr) - y0);
    if (bottom <= top || top < 0) return;
    const scale = LEVELS / Math.log1p(maxByKind[lane.kind]);
    const base = top * pw;
    const counts = lane.counts;
    const dom = lane.dominant;
    let colX = -1;
    let colEnd = 0;
    let colCount = 0;
    let colBest = 0;
    let colKind = -1;
    const paint = () => {
      if (colX < 0 || colKind < 0 || colKind >= kinds) return;
      const level = Math.min(LEVELS - 1, Math.floor(Math.log1p(colCount) * scale));
      const color = colors[colKind * LEVELS + level]!;
      // most columns are a pixel or two wide: a plain loop beats fill()'s call
      for (let x = base + colX, end = base + colEnd; x < end; x++) buf[x] = color;
    };
    const first = (data.t0 - view.t0) * pxPerNs;
    for (let b = 0; b < counts.length; b++) {
      const c = counts[b]!;
      if (c === 0) continue;
      const left = first + b * bucketPx;
      const right = left + bucketPx;
      if (right <= 0 || left >= pw) continue;
      const a = Math.max(0, Math.floor(left));
      const z = Math.min(pw, Math.max(a + 1, Math.round(right)));
      if (a === colX) {
        colCount += c;
        if (c > colBest) {
          colBest = c;
          colKind = dom[b]!;
        }
        if (z > colEnd) colEnd = z;
        continue;
      }
      paint();
      colX = a;
      colEnd = z;
      colCount = c;
      colBest = c;
      colKind = dom[b]!;
    }
    paint();
    for (let y = top + 1; y < bottom; y++) buf.copyWithin(y * pw, base, base + pw);
  });
  ctx.putImageData(img, x0, y0);
}

/** Draw one frame. The context is in CSS pixels (the caller scales for devicePixelRatio). */
export function drawLanes(ctx: Canvas2D, data: LanesData | null, view: Viewport, style: DrawStyle, extras: DrawExtras): void {
  const { width, height } = view;
  const plotLeft = style.labelWidth;
  const plotRight = width;
  const plotW = Math.max(1, plotRight - plotLeft);
  const span = Math.max(1e-9, view.t1 - view.t0);
  const pxPerNs = plotW / span;
  const xOf = (t: number) => plotLeft + (t - view.t0) * pxPerNs;
  ctx.fillStyle = style.background;
  ctx.fillRect(0, 0, width, height);
  const lanes = data?.lanes ?? [];
  const rows = laneRows(lanes, style);

  // time axis and grid
  ctx.font = style.font;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'left';
  const step = tickStep(span, Math.max(2, Math.floor(plotW / 110)));
  ctx.fillStyle = style.muted;
  let lastRight = -Infinity;
  for (let t = Math.ceil(view.t0 / step) * step; t <= view.t1; t += step) {
    const x = xOf(t) + 3;
    const label = extras.fmtTime(t);
    const w = ctx.measureText(label).width;
    if (x < lastRight + 8 || x + w > plotRight) continue;
    ctx.fillText(label, x, style.axisHeight / 2);
    lastRight = x + w;
  }

  if (data && lanes.length > 0) paintLanes(ctx, data, view, style, rows, view.pixelRatio ?? 1);

  // time grid over the lanes
  ctx.strokeStyle = style.grid;
  ctx.lineWidth = 1;
  ctx.beginPath();
  for (let t = Math.ceil(view.t0 / step) * step; t <= view.t1; t += step) {
    const x = Math.round(xOf(t)) + 0.5;
    ctx.moveTo(x, style.axisHeight - 4);
    ctx.lineTo(x, height);
  }
  ctx.stroke();

  // lane separators and labels
  ctx.fillStyle = style.labelBackground;
  ctx.fillRect(0, 0, plotLeft, height);
  ctx.strokeStyle = style.grid;
  ctx.beginPath();
  lanes.forEach((lane, li) => {
    const row = rows[li]!;
    const groupStart = li === 0 || lanes[li - 1]!.kind !== lane.kind || lane.kind === 'guest';
    if (groupStart) {
      ctx.moveTo(0, row.y + 0.5);
      ctx.lineTo(width, row.y + 0.5);
    }
  });
  ctx.moveTo(plotLeft + 0.5, 0);
  ctx.lineTo(plotLeft + 0.5, height);
  ctx.stroke();
  lanes.forEach((lane, li) => {
    const row = rows[li]!;
    ctx.fillStyle = lane.kind === 'vcpu' ? style.muted : style.text;
    const indent = lane.kind === 'host' ? 6 : lane.kind === 'guest' ? 12 : 22;
    let label = lane.label;
    const room = plotLeft - indent - 4;
    while (label.length > 1 && ctx.measureText(label).width > room) label = `${label.slice(0, -2)}…`;
    ctx.fillText(label, indent, row.y + row.h / 2);
  });

  // markers, then the cursor on top
  ctx.save();
  ctx.beginPath();
  ctx.rect(plotLeft, 0, plotW, height);
  ctx.clip();
  ctx.strokeStyle = style.marker;
  ctx.fillStyle = style.marker;
  ctx.setLineDash([4, 3]);
  ctx.beginPath();
  for (const m of extras.markers) {
    const x = Math.round(xOf(m.tNs)) + 0.5;
    if (x < plotLeft || x > plotRight) continue;
    ctx.moveTo(x, 2);
    ctx.lineTo(x, height);
  }
  ctx.stroke();
  ctx.setLineDash([]);
  for (const m of extras.markers) {
    const x = xOf(m.tNs);
    if (x < plotLeft - 4 || x > plotRight + 4) continue;
    ctx.beginPath();
    ctx.moveTo(x - 5, 0);
    ctx.lineTo(x + 5, 0);
    ctx.lineTo(x, 7);
    ctx.fill();
  }
  if (extras.cursorT !== null) {
    const x = Math.round(xOf(extras.cursorT)) + 0.5;
    if (x >= plotLeft && x <= plotRight) {
      ctx.strokeStyle = style.cursor;
      ctx.lineWidth = 2;
      ctx.beginPath();
      ctx.moveTo(x, 0);
      ctx.lineTo(x, height);
      ctx.stroke();
    }
  }
  ctx.restore();
}

/** What is under a point of the canvas: the lane, the bucket's count and dominant kind, the time. */
export function hitTest(data: LanesData | null, view: Viewport, style: DrawStyle, x: number, y: number): { lane: number; count: number; kind: number; tNs: number } | null {
  if (!data || x < style.labelWidth) return null;
  const t = view.t0 + ((x - style.labelWidth) / Math.max(1, view.width - style.labelWidth)) * (view.t1 - view.t0);
  const rows = laneRows(data.lanes, style);
  const lane = rows.findIndex((r) => y >= r.y && y < r.y + r.h);
  if (lane < 0) return { lane: -1, count: 0, kind: -1, tNs: t };
  const b = Math.floor((t - data.t0) / data.bucketNs);
  const l = data.lanes[lane]!;
  if (b < 0 || b >= l.counts.length) return { lane, count: 0, kind: -1, tNs: t };
  return { lane, count: l.counts[b]!, kind: l.dominant[b]!, tNs: t };
}
