/**
 * Charts as inline SVG, drawn from the report's figures: lines over simulated time, 100 %
 * stacked bars (CPU split, paths taken) and grouped bars (one figure per guest and run). No
 * script, no external font or image: the SVG is plain markup inside the report and prints as
 * vectors. Every label is escaped; long names are shortened on the chart (whole in the tables).
 */
import { clip, escapeHtml as esc } from './escape.ts';

export const PALETTE = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed', '#0891b2', '#be185d', '#4d7c0f', '#475569', '#b45309'];
export const CPU_COLORS: Record<string, string> = {
  guestUser: '#3b82f6', guestKernel: '#93c5fd', exits: '#e11d48', hypervisor: '#f97316', backend: '#8b5cf6', steal: '#eab308', idle: '#cbd5e1',
};
export const PATH_COLORS: Record<string, string> = {
  native: '#64748b', bt: '#a855f7', hw: '#3b82f6', emulated: '#ef4444', pv: '#10b981', passthrough: '#14b8a6',
};

const W = 720;
const FONT = 12;

/** Round axis steps: 1, 2 or 5 × 10^k, about `n` of them up to `max`. */
export function niceTicks(max: number, n = 5): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0, 1];
  const raw = max / n;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const ticks: number[] = [];
  for (let v = 0; v < max + step * 0.999; v += step) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

const f1 = (x: number) => (Math.round(x * 10) / 10).toString();

function frame(title: string, h: number, body: string, desc: string): string {
  return `<figure class="chart"><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${h}" width="100%" role="img" aria-label="${esc(title)}">`
    + `<title>${esc(title)}</title><desc>${esc(desc)}</desc>${body}</svg><figcaption>${esc(title)}</figcaption></figure>`;
}

function legend(items: readonly { label: string; color: string }[], y: number, x0 = 60): { svg: string; height: number } {
  let x = x0;
  let row = 0;
  const parts: string[] = [];
  for (const it of items) {
    const text = clip(it.label, 28);
    const width = 18 + text.length * 6.8 + 16;
    if (x + width > W - 10 && x > x0) {
      x = x0;
      row++;
    }
    const yy = y + row * 18;
    parts.push(`<rect x="${f1(x)}" y="${yy - 9}" width="12" height="12" rx="2" fill="${it.color}"/><text x="${f1(x + 17)}" y="${yy + 1}" font-size="${FONT}">${esc(text)}</text>`);
    x += width;
  }
  return { svg: parts.join(''), height: (row + 1) * 18 };
}

export interface LineSeries { label: string; color: string; values: readonly number[] }

/** Lines over x (simulated ms), y from 0. */
export function lineChart(o: {
  title: string; xLabel: string; x: readonly number[]; series: readonly LineSeries[]; fmtX: (v: number) => string; fmtY: (v: number) => string; empty: string;
  /** Moments to mark with a dashed line and a short label (the timeline's actions); at most 12 are drawn. */
  markers?: readonly { x: number; label: string; title: string }[];
  /** x is a varied value rather than time: the axis spans the values, and each point is drawn. */
  values?: boolean;
}): string {
  const ys = o.series.flatMap((s) => s.values);
  if (o.x.length < 2 || ys.length === 0) return `<p class="muted">${esc(o.empty)}</p>`;
  const lg = legend(o.series, 0);
  const top = 14;
  const plotH = 190;
  const left = 64;
  const right = W - 16;
  const h = top + plotH + 40 + lg.height;
  const ticks = niceTicks(Math.max(...ys));
  const yMax = ticks[ticks.length - 1]!;
  // windows are drawn at their ends; the axis starts where the run did
  const x0 = o.values ? Math.min(...o.x) : Math.min(0, o.x[0]!);
  const x1 = o.values ? Math.max(...o.x) : o.x[o.x.length - 1]!;
  const sx = (v: number) => left + ((v - x0) / (x1 - x0 || 1)) * (right - left);
  const sy = (v: number) => top + plotH - (v / (yMax || 1)) * plotH;
  const parts: string[] = [];
  for (const t of ticks) {
    parts.push(`<line x1="${left}" x2="${right}" y1="${f1(sy(t))}" y2="${f1(sy(t))}" stroke="#e2e8f0"/>`);
    parts.push(`<text x="${left - 6}" y="${f1(sy(t) + 4)}" font-size="${FONT - 1}" text-anchor="end">${esc(o.fmtY(t))}</text>`);
  }
  const xTicks = o.values ? [...new Set(o.x)] : niceTicks(x1 - x0, 6).map((d) => x0 + d).filter((v) => v <= x1 * 1.0001);
  for (const t of xTicks.length > 12 ? niceTicks(x1 - x0, 6).map((d) => x0 + d).filter((v) => v <= x1 * 1.0001) : xTicks) {
    parts.push(`<text x="${f1(sx(t))}" y="${top + plotH + 16}" font-size="${FONT - 1}" text-anchor="middle">${esc(o.fmtX(t))}</text>`);
  }
  parts.push(`<line x1="${left}" x2="${right}" y1="${top + plotH}" y2="${top + plotH}" stroke="#64748b"/>`);
  parts.push(`<text x="${(left + right) / 2}" y="${top + plotH + 32}" font-size="${FONT - 1}" text-anchor="middle" fill="#475569">${esc(o.xLabel)}</text>`);
  for (const m of (o.markers ?? []).filter((m) => m.x >= x0 && m.x <= x1).slice(0, 12)) {
    const x = f1(sx(m.x));
    parts.push(`<g><title>${esc(m.title)}</title><line x1="${x}" x2="${x}" y1="${top}" y2="${top + plotH}" stroke="#64748b" stroke-dasharray="4 3"/>`
      + `<text x="${x}" y="${top - 3}" font-size="${FONT - 2}" text-anchor="middle" fill="#475569">${esc(clip(m.label, 6))}</text></g>`);
  }
  for (const s of o.series) {
    const pts = s.values.map((v, i) => `${f1(sx(o.x[i]!))},${f1(sy(v))}`).join(' ');
    parts.push(`<polyline points="${pts}" fill="none" stroke="${s.color}" stroke-width="2" stroke-linejoin="round"/>`);
    if (o.values) for (const [i, v] of s.values.entries()) parts.push(`<circle cx="${f1(sx(o.x[i]!))}" cy="${f1(sy(v))}" r="3.5" fill="${s.color}"/>`);
  }
  parts.push(`<g transform="translate(0 ${top + plotH + 50})">${lg.svg}</g>`);
  return frame(o.title, h, parts.join(''), o.series.map((s) => s.label).join(', '));
}

export interface StackBar { label: string; parts: readonly { key: string; value: number }[] }

/** One horizontal bar per row, its parts as shares of the row's total (labels inside when they fit). */
export function stackedBars(o: { title: string; bars: readonly StackBar[]; keys: readonly { key: string; label: string; color: string }[]; fmtShare: (v: number) => string; empty: string }): string {
  const bars = o.bars.filter((b) => b.parts.some((p) => p.value > 0));
  if (bars.length === 0) return `<p class="muted">${esc(o.empty)}</p>`;
  const left = 150;
  const right = W - 16;
  const barH = 22;
  const gap = 10;
  const used = o.keys.filter((k) => bars.some((b) => b.parts.some((p) => p.key === k.key && p.value > 0)));
  const lg = legend(used, 0, 12);
  const h = bars.length * (barH + gap) + 16 + lg.height;
  const parts: string[] = [];
  bars.forEach((b, i) => {
    const y = 4 + i * (barH + gap);
    const total = b.parts.reduce((a, p) => a + Math.max(0, p.value), 0) || 1;
    parts.push(`<text x="${left - 8}" y="${y + barH / 2 + 4}" font-size="${FONT}" text-anchor="end">${esc(clip(b.label, 22))}</text>`);
    let x = left;
    for (const k of o.keys) {
      const v = b.parts.find((p) => p.key === k.key)?.value ?? 0;
      if (v <= 0) continue;
      const wdt = (v / total) * (right - left);
      parts.push(`<rect x="${f1(x)}" y="${y}" width="${f1(Math.max(wdt, 0.5))}" height="${barH}" fill="${k.color}"><title>${esc(`${b.label}: ${k.label} ${o.fmtShare(v / total)}`)}</title></rect>`);
      const text = o.fmtShare(v / total);
      if (wdt > text.length * 6.5 + 6) parts.push(`<text x="${f1(x + wdt / 2)}" y="${y + barH / 2 + 4}" font-size="${FONT - 1}" text-anchor="middle" fill="#0f172a">${esc(text)}</text>`);
      x += wdt;
    }
  });
  parts.push(`<g transform="translate(0 ${bars.length * (barH + gap) + 14})">${lg.svg}</g>`);
  return frame(o.title, h, parts.join(''), used.map((k) => k.label).join(', '));
}

/** Horizontal bars: one group per category, one bar per series, values from 0. */
export function groupedBars(o: { title: string; categories: readonly string[]; series: readonly { label: string; color: string; values: readonly (number | null)[] }[]; fmt: (v: number) => string; empty: string }): string {
  const all = o.series.flatMap((s) => s.values.filter((v): v is number => v !== null && Number.isFinite(v)));
  if (o.categories.length === 0 || all.length === 0) return `<p class="muted">${esc(o.empty)}</p>`;
  const left = 170;
  const right = W - 90;
  const barH = o.series.length > 3 ? 12 : 16;
  const groupH = o.series.length * (barH + 2) + 10;
  const max = Math.max(...all, 0) || 1;
  const lg = o.series.length > 1 ? legend(o.series, 0, 12) : { svg: '', height: 0 };
  const h = o.categories.length * groupH + 10 + lg.height;
  const parts: string[] = [];
  o.categories.forEach((c, i) => {
    const y0 = 4 + i * groupH;
    parts.push(`<text x="${left - 8}" y="${y0 + (o.series.length * (barH + 2)) / 2 + 4}" font-size="${FONT}" text-anchor="end">${esc(clip(c, 24))}</text>`);
    o.series.forEach((s, k) => {
      const v = s.values[i];
      if (v === null || v === undefined || !Number.isFinite(v)) return;
      const y = y0 + k * (barH + 2);
      const wdt = (Math.max(0, v) / max) * (right - left);
      parts.push(`<rect x="${left}" y="${y}" width="${f1(Math.max(wdt, 0.5))}" height="${barH}" fill="${s.color}"><title>${esc(`${c} · ${s.label}: ${o.fmt(v)}`)}</title></rect>`);
      parts.push(`<text x="${f1(left + wdt + 4)}" y="${y + barH / 2 + 4}" font-size="${FONT - 1}">${esc(o.fmt(v))}</text>`);
    });
  });
  parts.push(`<line x1="${left}" x2="${left}" y1="0" y2="${o.categories.length * groupH}" stroke="#64748b"/>`);
  if (lg.svg) parts.push(`<g transform="translate(0 ${o.categories.length * groupH + 14})">${lg.svg}</g>`);
  return frame(o.title, h, parts.join(''), o.series.map((s) => s.label).join(', '));
}
