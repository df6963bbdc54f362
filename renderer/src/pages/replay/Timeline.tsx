/**
 * The replay timeline: a canvas of lanes per host, guest and vCPU drawn from replay.lanes
 * aggregates of the visible window (one fetch per view, one bucket per pixel, whatever the
 * run's length), zoomed with the wheel or buttons, panned by dragging or the arrow keys, with
 * the scenario's markers and a cursor at the selected event. A click selects the first event at
 * or after that moment.
 */
import { type KeyboardEvent, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../../../core/contract/index.ts';
import { EVENT_KINDS } from '../../../../core/model/index.ts';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { useLab } from '../../lab.tsx';
import { useFmt } from '../run/format.ts';
import { type DrawStyle, type LanesData, canvasHeight, drawLanes, hitTest } from './draw-lanes.ts';
import { KIND_COLORS } from './kinds.ts';
import { type Span, bucketsFor, follow, fullSpan, panBy, timeAt, zoomAt } from './viewport.ts';

type Lanes = Output<'replay.lanes'>;

export interface TimelineMarker {
  tNs: number;
  label: string;
}

const LABEL_WIDTH = 150;

function styleFromCss(): DrawStyle {
  const css = getComputedStyle(document.documentElement);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    background: v('--bg', '#f7f7f9'),
    labelBackground: v('--panel', '#fff'),
    text: v('--text', '#1c1d21'),
    muted: v('--muted', '#5d6270'),
    grid: v('--border', '#d7d9df'),
    cursor: v('--accent', '#2f5fd0'),
    marker: v('--warn', '#9a6200'),
    kindColors: KIND_COLORS,
    font: `12px ${v('--font', 'system-ui, sans-serif')}`,
    labelWidth: LABEL_WIDTH,
    axisHeight: 22,
    laneHeight: { host: 20, guest: 18, vcpu: 13 },
  };
}

export function Timeline({ runId, tEnd, cursorT, markers, onPick }: { runId: number; tEnd: number; cursorT: number | null; markers: readonly TimelineMarker[]; onPick: (tNs: number) => void }) {
  const { t } = useTranslation('replay');
  const f = useFmt();
  const lab = useLab();
  const canvas = useRef<HTMLCanvasElement>(null);
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(800);
  const [span, setSpan] = useState<Span>(() => fullSpan(tEnd));
  const [data, setData] = useState<Lanes | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [showVcpus, setShowVcpus] = useState(true);
  const [hover, setHover] = useState<string>('');
  const [dark, setDark] = useState(() => window.matchMedia('(prefers-color-scheme: dark)').matches);
  const drag = useRef<{ x: number; span: Span; moved: boolean } | null>(null);
  const plotW = Math.max(1, width - LABEL_WIDTH);

  useEffect(() => {
    const q = window.matchMedia('(prefers-color-scheme: dark)');
    const on = () => setDark(q.matches);
    q.addEventListener('change', on);
    return () => q.removeEventListener('change', on);
  }, []);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(Math.max(300, Math.floor(el.clientWidth))));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // one fetch per view, a moment after the view stops changing
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      lab.call('replay.lanes', { runId, t0: span.t0, t1: span.t1, buckets: bucketsFor(plotW) }).then(
        (d) => live && (setData(d), setError(null)),
        (e: Error) => live && setError(e),
      );
    }, 60);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [lab, runId, span, plotW]);

  // keep the cursor in view when the selection moves
  useEffect(() => {
    if (cursorT !== null && !drag.current) setSpan((s) => follow(s, cursorT, tEnd));
  }, [cursorT, tEnd]);

  const visible: LanesData | null = useMemo(() => {
    if (!data) return null;
    const lanes = data.lanes
      .filter((l) => showVcpus || l.kind !== 'vcpu')
      .map((l) => ({ ...l, label: l.kind === 'vcpu' ? t('lane.vcpu', { n: l.vcpu ?? 0 }) : l.label }));
    return { ...data, lanes };
  }, [data, showVcpus, t]);
  const style = useMemo(() => styleFromCss(), [dark]);
  const height = canvasHeight(visible?.lanes ?? [], style) + 4;

  useEffect(() => {
    const c = canvas.current;
    if (!c) return;
    const raf = requestAnimationFrame(() => {
      const dpr = window.devicePixelRatio || 1;
      c.width = Math.round(width * dpr);
      c.height = Math.round(height * dpr);
      const ctx = c.getContext('2d');
      if (!ctx) return;
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      drawLanes(ctx, visible, { t0: span.t0, t1: span.t1, width, height, pixelRatio: dpr }, style, { cursorT, markers, fmtTime: f.ns });
    });
    return () => cancelAnimationFrame(raf);
  }, [visible, span, width, height, style, cursorT, markers, f.lang]);

  // the wheel zooms around the pointer (a non-passive listener, so the page does not scroll)
  useEffect(() => {
    const c = canvas.current;
    if (!c) return;
    const onWheel = (e: WheelEvent) => {
      e.preventDefault();
      const x = e.offsetX - LABEL_WIDTH;
      setSpan((s) => zoomAt(s, Math.exp(e.deltaY * 0.002), timeAt(s, Math.max(0, x), plotW), tEnd));
    };
    c.addEventListener('wheel', onWheel, { passive: false });
    return () => c.removeEventListener('wheel', onWheel);
  }, [plotW, tEnd]);

  const zoom = (factor: number) => setSpan((s) => zoomAt(s, factor, cursorT !== null && cursorT >= s.t0 && cursorT <= s.t1 ? cursorT : (s.t0 + s.t1) / 2, tEnd));
  const pan = (share: number) => setSpan((s) => panBy(s, share, tEnd));
  const onKey = (e: KeyboardEvent) => {
    const handled: Record<string, () => void> = {
      ArrowLeft: () => pan(-0.1), ArrowRight: () => pan(0.1), ArrowUp: () => zoom(0.8), ArrowDown: () => zoom(1.25),
      '+': () => zoom(0.8), '=': () => zoom(0.8), '-': () => zoom(1.25), '0': () => setSpan(fullSpan(tEnd)),
    };
    const h = handled[e.key];
    if (h) {
      e.preventDefault();
      e.stopPropagation();
      h();
    }
  };

  const describe = (x: number, y: number) => {
    const hit = hitTest(visible, { t0: span.t0, t1: span.t1, width, height }, style, x, y);
    if (!hit || !visible) return '';
    const lane = visible.lanes[hit.lane];
    const at = t('hover.at', { t: f.ns(hit.tNs) });
    if (!lane) return at;
    if (hit.count === 0) return `${at} · ${lane.label} · ${t('hover.none')}`;
    return `${at} · ${lane.label} · ${t('hover.events', { n: f.num(hit.count, 0), kind: t(`kind.${EVENT_KINDS[hit.kind] ?? 'exit'}`) })}`;
  };

  return (
    <div className="rp-timeline panel">
      <div className="toolbar rp-tl-tools">
        <button onClick={() => zoom(0.5)} aria-label={t('tl.zoomIn')} title={t('tl.zoomIn')}>+</button>
        <button onClick={() => zoom(2)} aria-label={t('tl.zoomOut')} title={t('tl.zoomOut')}>−</button>
        <button onClick={() => setSpan(fullSpan(tEnd))}>{t('tl.all')}</button>
        <button onClick={() => pan(-0.5)} aria-label={t('tl.earlier')} title={t('tl.earlier')}>◀</button>
        <button onClick={() => pan(0.5)} aria-label={t('tl.later')} title={t('tl.later')}>▶</button>
        <label>
          <input type="checkbox" checked={showVcpus} onChange={(e) => setShowVcpus(e.target.checked)} /> {t('tl.vcpus')}
        </label>
        <span className="muted rp-tl-span">{t('tl.window', { from: f.ns(span.t0), to: f.ns(span.t1), width: f.ns(span.t1 - span.t0) })}</span>
      </div>
      <div ref={box} className="rp-tl-canvas">
        <canvas
          ref={canvas}
          style={{ width: `${width}px`, height: `${height}px` }}
          tabIndex={0}
          role="img"
          aria-label={t('tl.label', { from: f.ns(span.t0), to: f.ns(span.t1) })}
          onKeyDown={onKey}
          onPointerDown={(e) => {
            e.currentTarget.setPointerCapture(e.pointerId);
            drag.current = { x: e.nativeEvent.offsetX, span, moved: false };
          }}
          onPointerMove={(e) => {
            const d = drag.current;
            const x = e.nativeEvent.offsetX;
            if (d) {
              const dx = x - d.x;
              if (Math.abs(dx) > 3) d.moved = true;
              if (d.moved) setSpan(panBy(d.span, -dx / plotW, tEnd));
            } else setHover(describe(x, e.nativeEvent.offsetY));
          }}
          onPointerUp={(e) => {
            const d = drag.current;
            drag.current = null;
            const x = e.nativeEvent.offsetX - LABEL_WIDTH;
            if (d && !d.moved && x >= 0) onPick(timeAt(span, x, plotW));
          }}
          onPointerLeave={() => setHover('')}
        />
      </div>
      <div className="rp-tl-foot">
        <ul className="rp-legend" aria-label={t('tl.legend')}>
          {EVENT_KINDS.map((k, i) => (
            <li key={k}>
              <i style={{ background: KIND_COLORS[i] }} /> {t(`kind.${k}`)}
            </li>
          ))}
          <li className="muted">{t('tl.intensity')}</li>
        </ul>
        <span className="muted rp-hover" aria-live="off">{hover}</span>
      </div>
      <ErrorBox error={error} />
    </div>
  );
}
