/**
 * Replay (`#/replay/ID`): a recorded run event by event. The timeline shows where events are;
 * the list shows them one by one; the selected event's path is drawn across the layers and the
 * guests' state at that moment is beside it. Play, step, find, breakpoints, verify and branch.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../../core/contract/index.ts';
import type { EventFilter, RunDetail } from '../../../core/model/index.ts';
import { ErrorBox } from '../components/ErrorBox.tsx';
import { ExportReport } from '../components/ExportReport.tsx';
import { useCall, useLab } from '../lab.tsx';
import type { Route } from '../router.ts';
import { useFmt } from './run/format.ts';
import { Branch } from './replay/Branch.tsx';
import { Breakpoints } from './replay/Breakpoints.tsx';
import { type Breakpoint, breakpointFilter, nearest, toggleBreakpoint } from './replay/breakpoints.ts';
import { Controls } from './replay/Controls.tsx';
import { EventList } from './replay/EventList.tsx';
import { markerText } from './replay/markers.ts';
import { PathDiagram } from './replay/PathDiagram.tsx';
import { StatePanel } from './replay/StatePanel.tsx';
import { Timeline } from './replay/Timeline.tsx';
import { Verify } from './replay/Verify.tsx';
import { useEventPages } from './replay/useEvents.ts';
import { type PlayStop, usePlayer } from './replay/usePlayer.ts';

type Opened = Output<'replay.open'>;

export function ReplayPage({ route }: { route: Route }) {
  const { t } = useTranslation('replay');
  const runId = Number(route.args[0]);
  const open = useCall((l) => l.call('replay.open', { runId }), [runId]);
  const run = useCall((l) => l.call('runs.get', { runId }), [runId]);
  if (!Number.isInteger(runId) || runId <= 0) return <p role="alert">{t('badId')}</p>;
  const error = open.error ?? run.error;
  if (error) return (<section><h1>{t('title', { id: runId })}</h1><ErrorBox error={error} /></section>);
  if (!open.data || !run.data) return <p className="muted">{t('loading')}</p>;
  return <ReplayView key={runId} meta={open.data} run={run.data} initial={Number(route.query.get('event') ?? 0)} />;
}

/** Keys typed into a form control are the control's, not shortcuts. */
function typing(target: EventTarget | null): boolean {
  return target instanceof HTMLInputElement || target instanceof HTMLSelectElement || target instanceof HTMLTextAreaElement;
}

function ReplayView({ meta, run, initial }: { meta: Opened; run: RunDetail; initial: number }) {
  const { t } = useTranslation('replay');
  const f = useFmt();
  const lab = useLab();
  const runId = meta.runId;
  const total = meta.total;
  const pages = useEventPages(runId, total);
  const [selected, setSelected] = useState(() => Math.max(0, Math.min(total - 1, Number.isInteger(initial) ? initial : 0)));
  const [filter, setFilter] = useState<EventFilter>({});
  const [breakpoints, setBreakpoints] = useState<Breakpoint[]>([]);
  const [message, setMessage] = useState('');
  const [error, setError] = useState<Error | null>(null);
  const markersCall = useCall((l) => l.call('replay.markers', { runId }), [runId]);
  const select = useCallback((i: number) => setSelected(Math.max(0, Math.min(total - 1, i))), [total]);

  const onStop = useCallback(
    (s: PlayStop) => setMessage(s.why === 'end' ? t('msg.end') : t('msg.breakpoint', { index: f.num(s.event.index, 0), kind: t(`kind.${s.event.kind}`), reason: s.event.reason })),
    [t, f.lang],
  );
  const player = usePlayer({ total, pages, breakpoints, selected, select, onStop });
  const { playing, setPlaying } = player;

  useEffect(() => {
    if (total > 0) pages.load(selected).catch(setError);
  }, [selected, pages, total]);
  const event = total > 0 ? (pages.get(selected) ?? null) : null;

  const find = useCallback(
    async (direction: 1 | -1) => {
      setPlaying(false);
      try {
        const r = await lab.call('replay.find', { runId, from: selected, filter, direction });
        if (r.event) {
          select(r.event.index);
          setMessage(t('msg.found', { index: f.num(r.event.index, 0) }));
        } else setMessage(direction === 1 ? t('msg.noMatchAhead') : t('msg.noMatchBehind'));
      } catch (e) {
        setError(e as Error);
      }
    },
    [lab, runId, selected, filter, select, t, f.lang],
  );

  const continueToBreakpoint = useCallback(async () => {
    setPlaying(false);
    const active = breakpoints.filter((b) => b.enabled);
    if (active.length === 0) return setMessage(t('msg.noBreakpoints'));
    try {
      const found = await Promise.all(active.map((b) => lab.call('replay.find', { runId, from: selected, filter: breakpointFilter(b), direction: 1 }).then((r) => r.event)));
      const hit = nearest(found, 1);
      if (hit) {
        select(hit.index);
        setMessage(t('msg.breakpoint', { index: f.num(hit.index, 0), kind: t(`kind.${hit.kind}`), reason: hit.reason }));
      } else setMessage(t('msg.noBreakpointAhead'));
    } catch (e) {
      setError(e as Error);
    }
  }, [breakpoints, lab, runId, selected, select, t, f.lang, setPlaying]);

  const toggleOnSelected = useCallback(() => {
    if (!event) return;
    const had = breakpoints.some((b) => b.kind === event.kind && b.reason === event.reason && b.guest === null);
    setBreakpoints(toggleBreakpoint(breakpoints, { kind: event.kind, reason: event.reason, guest: null }));
    setMessage(t(had ? 'msg.bpRemoved' : 'msg.bpAdded', { kind: t(`kind.${event.kind}`), reason: event.reason }));
  }, [event, breakpoints, t]);

  const pickTime = useCallback(
    async (tNs: number) => {
      try {
        const r = await lab.call('replay.events', { runId, tNs: Math.max(0, tNs), before: 0, after: 0 });
        select(r.at);
      } catch (e) {
        setError(e as Error);
      }
    },
    [lab, runId, select],
  );

  // shortcuts (help: the ? button)
  const keys = useRef<(e: KeyboardEvent) => void>(() => undefined);
  keys.current = (e: KeyboardEvent) => {
    if (typing(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
    const onButton = e.target instanceof HTMLButtonElement;
    const step = e.shiftKey ? 100 : 1;
    const actions: Record<string, () => void> = {
      ' ': () => setPlaying(!playing),
      ArrowRight: () => (setPlaying(false), select(selected + step)),
      ArrowLeft: () => (setPlaying(false), select(selected - step)),
      Home: () => select(0),
      End: () => select(total - 1),
      n: () => void find(1),
      N: () => void find(-1),
      b: () => toggleOnSelected(),
      c: () => void continueToBreakpoint(),
    };
    const act = actions[e.key];
    if (!act || (onButton && (e.key === ' ' || e.key === 'Enter'))) return;
    e.preventDefault();
    act();
  };
  useEffect(() => {
    const on = (e: KeyboardEvent) => keys.current(e);
    document.addEventListener('keydown', on);
    return () => document.removeEventListener('keydown', on);
  }, []);

  const markers = useMemo(() => (markersCall.data?.markers ?? []).map((m) => ({ tNs: m.tNs, label: markerText(m, run.scenario, t) })), [markersCall.data, run.scenario, t]);
  const guestIdx = event && event.guest < meta.guests.length ? event.guest : -1;
  const guestSpec = guestIdx >= 0 ? run.scenario.guests[guestIdx] : undefined;

  if (total === 0) {
    return (
      <section className="rp-page">
        <h1>{t('title', { id: runId })}</h1>
        <p className="muted">{t('empty')}</p>
      </section>
    );
  }
  return (
    <section className="rp-page">
      <p className="rn-crumbs">
        <a href="#/runs">{t('runs:title')}</a> › <a href={`#/runs/${runId}`}>{run.title}</a> ›
      </p>
      <h1>
        {t('title', { id: runId })} <span className="muted rp-small">{t('subtitle', { events: f.num(total, 0), t: f.ns(meta.tEnd) })}</span>
      </h1>
      <Controls
        playing={playing}
        onPlay={() => setPlaying(!playing)}
        speed={player.speed}
        onSpeed={player.setSpeed}
        onStep={(d) => (setPlaying(false), select(selected + d))}
        onFind={(d) => void find(d)}
        onContinue={() => void continueToBreakpoint()}
        selected={selected}
        total={total}
        at={event?.t ?? null}
        onGo={select}
      />
      <p className="rp-message" role="status" aria-live="polite">{message}</p>
      <ErrorBox error={error} />
      <Timeline runId={runId} tEnd={meta.tEnd} cursorT={event?.t ?? null} markers={markers} onPick={(tNs) => void pickTime(tNs)} />
      {markers.length > 0 && (
        <ul className="rp-markers" aria-label={t('markers')}>
          {markers.map((m, i) => (
            <li key={i}>
              <button className="rp-link" onClick={() => void pickTime(m.tNs)}>{f.ns(m.tNs)}: {m.label}</button>
            </li>
          ))}
        </ul>
      )}
      <div className="rp-grid">
        <EventList runId={runId} total={total} pages={pages} selected={selected} onSelect={(i) => (setPlaying(false), select(i))} filter={filter} onFilter={setFilter} guests={meta.guests} hosts={meta.hosts} />
        <div className="rp-side">
          <PathDiagram event={event} mode={guestSpec?.mode ?? null} guest={guestSpec?.id ?? null} />
          <StatePanel runId={runId} event={selected} live={!playing} pathNames={meta.pathNames} />
        </div>
      </div>
      <div className="rp-tools">
        <Breakpoints list={breakpoints} onChange={setBreakpoints} guests={meta.guests} selected={event} />
        <Verify runId={runId} onGo={select} />
        <Branch runId={runId} scenario={run.scenario} tNs={event?.t ?? null} eventIndex={selected} />
      </div>
      <ExportReport subject={{ kind: 'run', runId }} />
    </section>
  );
}
