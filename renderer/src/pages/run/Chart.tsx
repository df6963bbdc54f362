/**
 * A uPlot line or stacked-area chart that follows its container's width and the OS theme. The
 * first data column is x; each further column is one series. Stacked charts draw each series on
 * top of the ones before it (the legend still shows each series' own value).
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { stackColumns } from './figures.ts';

export interface ChartSeries {
  label: string;
  color: string;
}

export interface ChartProps {
  /** Read by screen readers and shown above the chart. */
  title: string;
  xLabel: string;
  yLabel: string;
  series: ChartSeries[];
  /** [x, y1, y2, …], all the same length. */
  data: number[][];
  stacked?: boolean;
  height?: number;
  /** How the legend and axis show a y value. */
  fmtY?: (y: number) => string;
  fmtX?: (x: number) => string;
  /** Draw points only (for sweeps with few x values). */
  points?: boolean;
}

/** Distinct series colours that read on light and dark backgrounds. */
export const PALETTE = ['#3b82f6', '#f97316', '#10b981', '#e11d48', '#8b5cf6', '#eab308', '#06b6d4', '#a16207', '#db2777', '#64748b'];

function themeColors(): { text: string; grid: string } {
  const s = getComputedStyle(document.documentElement);
  return { text: s.getPropertyValue('--muted').trim() || '#666', grid: s.getPropertyValue('--border').trim() || '#ddd' };
}

function useDark(): boolean {
  const q = useMemo(() => window.matchMedia('(prefers-color-scheme: dark)'), []);
  const [dark, setDark] = useState(q.matches);
  useEffect(() => {
    const on = () => setDark(q.matches);
    q.addEventListener('change', on);
    return () => q.removeEventListener('change', on);
  }, [q]);
  return dark;
}

export function Chart({ title, xLabel, yLabel, series, data, stacked = false, height = 220, fmtY, fmtX, points = false }: ChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const dark = useDark();
  const raw = useRef(data);
  raw.current = data;
  const shape = `${series.map((s) => s.label).join('|')}/${stacked}/${dark}/${points}/${xLabel}/${yLabel}`;

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const { text, grid } = themeColors();
    const axis = (label: string, size: number, fmt?: (v: number) => string): uPlot.Axis => ({
      label, stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, labelSize: 18, labelGap: 2,
      ...(fmt ? { values: (_u: uPlot, vals: number[]) => vals.map((v) => (v == null ? '' : fmt(v))) } : {}),
      size,
    });
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height,
      // counts, rates and times start at zero, so heights compare honestly
      scales: { x: { time: false }, y: { range: (_u: uPlot, _min: number, max: number) => [0, max > 0 ? max * 1.08 : 1] } },
      axes: [axis(xLabel, 40, fmtX), axis(yLabel, 78, fmtY)],
      legend: { show: true },
      cursor: { drag: { x: false, y: false } },
      series: [
        { label: xLabel, ...(fmtX ? { value: (_u: uPlot, v: number) => (v == null ? '–' : fmtX(v)) } : {}) },
        ...series.map((s, i): uPlot.Series => ({
          label: s.label,
          stroke: s.color,
          width: 1.5,
          fill: stacked ? `${s.color}55` : undefined,
          points: { show: points || (raw.current[0]?.length ?? 0) <= 24, size: 7 },
          paths: points ? () => null : undefined,
          // the legend shows the series' own value, not the running sum
          value: (_u: uPlot, v: number, _si: number, idx: number | null) => {
            if (v == null || idx == null) return '–';
            const own = raw.current[i + 1]?.[idx] ?? v;
            return fmtY ? fmtY(own) : String(own);
          },
        })),
      ],
      bands: stacked ? series.slice(1).map((s, i) => ({ series: [i + 2, i + 1] as [number, number], fill: `${s.color}55` })) : [],
    };
    if (stacked) opts.series.forEach((s, i) => i > 1 && (s.fill = undefined));
    const u = new uPlot(opts, (stacked ? stackColumns(raw.current) : raw.current) as uPlot.AlignedData, el);
    plot.current = u;
    const ro = new ResizeObserver(() => u.setSize({ width: Math.max(200, el.clientWidth), height }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      u.destroy();
      plot.current = null;
    };
    // the chart is rebuilt when its shape changes; new data only updates it
  }, [shape, height]);

  useEffect(() => {
    plot.current?.setData((stacked ? stackColumns(data) : data) as uPlot.AlignedData);
  }, [data, stacked]);

  return (
    <figure className="rn-chart" aria-label={title}>
      <figcaption>{title}</figcaption>
      <div ref={box} />
    </figure>
  );
}
