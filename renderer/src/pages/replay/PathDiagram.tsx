/**
 * The selected event's operation drawn across the layers — guest user, guest kernel, hypervisor,
 * backend, hardware — with the stop that is this event and the cycles it carries, and the layers
 * the operation skips (a PV ring or a passthrough VF going around the hypervisor). Cycles are
 * recorded per event, so other hops are drawn without numbers.
 */
import { useTranslation } from 'react-i18next';
import type { ReplayEvent, VirtMode } from '../../../../core/model/index.ts';
import { useFmt } from '../run/format.ts';
import { LAYERS, type Route, routeOf } from './path-layers.ts';

const ROW_H = 32;
const LABEL_W = 104;
const COL_W = 92;
const NODE_W = 84;
const NODE_H = 22;
const TOP = 6;

function nodeX(i: number): number {
  return LABEL_W + 14 + i * COL_W;
}

function rowY(layer: (typeof LAYERS)[number]): number {
  return TOP + LAYERS.indexOf(layer) * ROW_H;
}

export function PathDiagram({ event, mode, guest }: { event: ReplayEvent | null; mode: VirtMode | null; guest: string | null }) {
  const { t } = useTranslation('replay');
  const f = useFmt();
  if (!event) return <div className="panel rp-path"><h2>{t('path.title')}</h2><p className="muted">{t('path.none')}</p></div>;
  const m: VirtMode = mode ?? 'hw-nested';
  const route: Route = routeOf(event, m);
  const { stops } = route;
  const width = nodeX(stops.length) + 4;
  const height = TOP + LAYERS.length * ROW_H + 4;
  const center = (i: number) => ({ x: nodeX(i) + NODE_W / 2, y: rowY(stops[i]!.layer) + NODE_H / 2 + 4 });
  const mainIdx = stops.map((s, i) => (s.side ? -1 : i)).filter((i) => i >= 0);
  const cycles = event.cycles > 0 ? t('path.cycles', { n: f.num(event.cycles, 0) }) : t('path.noCycles');
  const bare = m === 'native';
  // a layer the data goes around but a notification passes through (a PV ring's kick)
  const notifyOnly = new Set(stops.filter((s) => s.side).map((s) => s.layer));

  const edges: { from: number; to: number; side: boolean }[] = [];
  for (let k = 1; k < mainIdx.length; k++) edges.push({ from: mainIdx[k - 1]!, to: mainIdx[k]!, side: false });
  stops.forEach((s, i) => {
    if (!s.side) return;
    const before = [...mainIdx].reverse().find((j) => j < i);
    if (before !== undefined) edges.push({ from: before, to: i, side: true });
  });

  return (
    <div className="panel rp-path">
      <h2>{t('path.title')}</h2>
      <p className="rp-path-name">
        <span className={`badge rp-via rp-via-${route.via}`}>{t(`via.${route.via}`)}</span>{' '}
        <span className="rp-mono">{event.pathName ?? t('path.noPath', { kind: t(`kind.${event.kind}`) })}</span>
        {guest && <span className="muted"> · {guest} ({t(`mode.${m}`)})</span>}
      </p>
      <svg className="rp-path-svg" viewBox={`0 0 ${width} ${height}`} style={{ maxWidth: `${width}px` }} role="img" aria-label={t('path.aria', { stops: stops.map((s) => `${t(`layer.${s.layer}`)}: ${t(`hop.${s.what}`)}`).join(' → ') })}>
        <defs>
          <marker id="rp-arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" markerUnits="userSpaceOnUse" orient="auto-start-reverse">
            <path d="M0,0 L8,4 L0,8 z" className="rp-arrow" />
          </marker>
        </defs>
        {LAYERS.map((l) => {
          const skipped = route.skips.includes(l);
          const absent = bare && (l === 'hypervisor' || l === 'backend');
          return (
            <g key={l} className={`rp-layer${skipped ? ' rp-skipped' : ''}${absent ? ' rp-absent' : ''}`}>
              <rect x={0} y={rowY(l)} width={width} height={ROW_H - 2} rx={4} />
              <text x={8} y={rowY(l) + ROW_H / 2 + 1} dominantBaseline="middle">{t(`layer.${l}`)}</text>
              {(skipped || absent) && (
                <text x={width - 8} y={rowY(l) + ROW_H / 2 + 1} dominantBaseline="middle" textAnchor="end" className="rp-skip-label">
                  {absent ? t('path.absent') : notifyOnly.has(l) ? t('path.notifyOnly') : t('path.skipped')}
                </text>
              )}
            </g>
          );
        })}
        {edges.map((e) => {
          const a = center(e.from);
          const b = center(e.to);
          const hot = e.to === route.event;
          return (
            <line key={`${e.from}-${e.to}`} x1={a.x + NODE_W / 2 - 4} y1={a.y} x2={b.x - NODE_W / 2 + 2} y2={b.y}
              className={`rp-edge${e.side ? ' rp-edge-side' : ''}${hot ? ' rp-edge-hot' : ''}`} markerEnd="url(#rp-arrow)" />
          );
        })}
        {stops.map((s, i) => {
          const c = center(i);
          const hot = i === route.event;
          return (
            <g key={i} className={`rp-node${hot ? ' rp-node-hot' : ''}${s.side ? ' rp-node-side' : ''}`}>
              <rect x={c.x - NODE_W / 2} y={c.y - NODE_H / 2} width={NODE_W} height={NODE_H} rx={5} />
              <text x={c.x} y={c.y + 1} textAnchor="middle" dominantBaseline="middle">{t(`hop.${s.what}`)}</text>
              {hot && <text x={c.x} y={c.y - NODE_H / 2 - 3} textAnchor="middle" className="rp-cycles">{cycles}</text>}
            </g>
          );
        })}
      </svg>
      <p className="muted rp-small">
        {route.event >= 0 ? t('path.thisEvent', { kind: t(`kind.${event.kind}`), reason: event.reason, cycles }) : t('path.eventOffRoute')}{' '}
        {route.skips.length > 0 && t('path.skipsNote', { layers: route.skips.map((l) => t(`layer.${l}`)).join(', ') })}{' '}
        {t('path.cyclesNote')}
      </p>
    </div>
  );
}
