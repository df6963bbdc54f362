/**
 * Frame time of the replay timeline: the page's own draw function (renderer/src/pages/replay/
 * draw-lanes.ts) in Chromium, on synthetic replay.lanes aggregates the size of a 10-million-event
 * run's — 33 lanes (1 host, 8 guests, 24 vCPUs, as consolidation-8) — at full zoom-out (every
 * bucket busy, ~10 M events over the lanes), mid zoom (a 1 % window: ~100 k events, some empty
 * buckets) and full zoom-in (a 1 µs window: a few events, nearly every bucket empty), at the
 * timeline's usual width and at the service's maximum of 4000 buckets. Figures are wall-clock
 * ms per frame on this machine: the JavaScript draw, and the draw followed by a one-pixel read
 * that makes Chromium rasterize the frame. Printed, never asserted.
 *
 *   npx node bench/frame.ts            (Chromium from CHROMIUM or /usr/bin/chromium)
 */
import { readFileSync } from 'node:fs';
import { stripTypeScriptTypes } from 'node:module';
import { chromium } from 'playwright-core';

const source = readFileSync(new URL('../renderer/src/pages/replay/draw-lanes.ts', import.meta.url), 'utf8');
if (/^import\s(?!type)/m.test(source)) throw new Error('draw-lanes.ts imports a module at run time; the bench loads it alone');
const drawModule = stripTypeScriptTypes(source);

/** Runs in the page: synthetic lanes, then timed frames. Plain JavaScript (the page has no types). */
const PAGE_SCRIPT = `
const { drawLanes, canvasHeight } = window.__lanes;
function prng(seed) { let s = seed >>> 0; return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 4294967296); }
const KINDS = 10;
const kindColors = ['#e11d48', '#10b981', '#f97316', '#06b6d4', '#64748b', '#8b5cf6', '#eab308', '#db2777', '#3b82f6', '#a16207'];
function makeLanes(buckets, eventsInWindow, seed) {
  const rnd = prng(seed);
  const guests = 8, vcpusPer = 3;
  const lanes = [];
  const mk = (kind, label) => { const l = { kind, label, counts: new Array(buckets).fill(0), dominant: new Array(buckets).fill(-1) }; lanes.push(l); return l; };
  const host = mk('host', 'host');
  const rows = [];
  for (let g = 0; g < guests; g++) {
    const gl = mk('guest', 'guest-' + g);
    const vs = [];
    for (let v = 0; v < vcpusPer; v++) vs.push(mk('vcpu', 'vCPU ' + v));
    rows.push({ gl, vs, weight: 0.3 + rnd() * 1.7, kind: Math.floor(rnd() * KINDS) });
  }
  const wsum = rows.reduce((a, r) => a + r.weight, 0);
  const perBucket = eventsInWindow / buckets;
  for (let b = 0; b < buckets; b++) {
    // bursts: some buckets busier than others, and sparse windows leave most buckets empty
    const burst = perBucket < 1 ? (rnd() < perBucket ? 1 : 0) : perBucket * (0.2 + 1.6 * rnd());
    let hostCount = 0;
    rows.forEach((r) => {
      const n = Math.round(burst * r.weight / wsum * (perBucket < 1 ? wsum : 1));
      if (n === 0) return;
      const kind = rnd() < 0.8 ? r.kind : Math.floor(rnd() * KINDS);
      r.gl.counts[b] = n; r.gl.dominant[b] = kind;
      let left = n;
      r.vs.forEach((v, i) => { const c = i === r.vs.length - 1 ? left : Math.floor(left * rnd()); left -= c; if (c > 0) { v.counts[b] = c; v.dominant[b] = kind; } });
      hostCount += n;
    });
    if (hostCount > 0) { host.counts[b] = hostCount; host.dominant[b] = rows[0].kind; }
  }
  return lanes;
}
const style = {
  background: '#f7f7f9', labelBackground: '#ffffff', text: '#1c1d21', muted: '#5d6270', grid: '#d7d9df', cursor: '#2f5fd0', marker: '#9a6200',
  kindColors, font: '12px sans-serif', labelWidth: 150, axisHeight: 22, laneHeight: { host: 20, guest: 18, vcpu: 13 },
};
const fmtTime = (ns) => ns < 1e3 ? ns.toFixed(0) + ' ns' : ns < 1e6 ? (ns / 1e3).toFixed(2) + ' µs' : ns < 1e9 ? (ns / 1e6).toFixed(2) + ' ms' : (ns / 1e9).toFixed(3) + ' s';
window.__bench = (width, buckets, events, spanNs, frames) => {
  const lanes = makeLanes(buckets, events, 7);
  const t0 = 3e9;
  const data = { t0, t1: t0 + spanNs, bucketNs: spanNs / buckets, lanes };
  const height = canvasHeight(lanes, style) + 4;
  const canvas = document.getElementById('c');
  canvas.width = width; canvas.height = height;
  const ctx = canvas.getContext('2d');
  const markers = [{ tNs: t0 + spanNs * 0.3, label: 'a' }, { tNs: t0 + spanNs * 0.7, label: 'b' }];
  const view = { t0, t1: t0 + spanNs, width, height };
  const frame = (i) => drawLanes(ctx, data, view, style, { cursorT: t0 + spanNs * ((i % 100) / 100), markers, fmtTime });
  for (let i = 0; i < 20; i++) frame(i);
  const js = [], flushed = [];
  for (let i = 0; i < frames; i++) { const a = performance.now(); frame(i); js.push(performance.now() - a); }
  for (let i = 0; i < frames; i++) { const a = performance.now(); frame(i); ctx.getImageData(0, 0, 1, 1); flushed.push(performance.now() - a); }
  const stat = (xs) => { const s = [...xs].sort((x, y) => x - y); return { mean: xs.reduce((p, q) => p + q, 0) / xs.length, p50: s[Math.floor(s.length / 2)], p95: s[Math.floor(s.length * 0.95)] }; };
  const busy = lanes.reduce((a, l) => a + l.counts.filter((c) => c > 0).length, 0);
  return { lanes: lanes.length, buckets, busyBuckets: busy, height, js: stat(js), flushed: stat(flushed) };
};
`;

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 1700, height: 900 } });
  await page.setContent(`<!doctype html><canvas id="c"></canvas>`);
  await page.addScriptTag({ type: 'module', content: `${drawModule}\nwindow.__lanes = { drawLanes, canvasHeight };` });
  await page.waitForFunction('window.__lanes !== undefined');
  await page.addScriptTag({ content: PAGE_SCRIPT });

  const RUN_NS = 10e9; // 10 M events over 10 s of simulated time
  const cases: { name: string; spanNs: number; events: number }[] = [
    { name: 'full zoom-out (whole run)', spanNs: RUN_NS, events: 10e6 },
    { name: 'mid (1 % of the run)', spanNs: RUN_NS / 100, events: 10e6 / 100 },
    { name: 'full zoom-in (1 µs)', spanNs: 1000, events: 1 },
  ];
  const widths: { width: number; buckets: number }[] = [{ width: 1100, buckets: 950 }, { width: 4150, buckets: 4000 }];
  console.log('timeline frame time, 10 M-event run, 33 lanes (draw-lanes.ts in Chromium; ms per frame, mean / p50 / p95 of 200 frames)');
  console.log('view                          canvas px  buckets  busy buckets   JS draw                 draw + raster');
  for (const w of widths) {
    for (const c of cases) {
      const r = (await page.evaluate(`window.__bench(${w.width}, ${w.buckets}, ${c.events}, ${c.spanNs}, 200)`)) as {
        lanes: number; buckets: number; busyBuckets: number; height: number; js: { mean: number; p50: number; p95: number }; flushed: { mean: number; p50: number; p95: number };
      };
      const f = (s: { mean: number; p50: number; p95: number }) => `${s.mean.toFixed(2)} / ${s.p50.toFixed(2)} / ${s.p95.toFixed(2)}`.padEnd(24);
      console.log(`${c.name.padEnd(29)} ${`${w.width}×${r.height}`.padStart(9)}  ${String(r.buckets).padStart(7)}  ${String(r.busyBuckets).padStart(12)}   ${f(r.js)}${f(r.flushed)}`);
    }
  }
} finally {
  await browser.close();
}
