/**
 * Each guest's state at the selected event (replay.state): status, add-ons, events so far by
 * kind, its latest path; and, while paused, the engine's live state re-run from the nearest
 * checkpoint: queues, vCPUs, shared resources and hosts. A new selection cancels the previous
 * live job.
 */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../../../core/contract/index.ts';
import { EVENT_KINDS } from '../../../../core/model/index.ts';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { useLab } from '../../lab.tsx';
import { useFmt } from '../run/format.ts';
import { kindColor } from './kinds.ts';

type State = Output<'replay.state'>;

export function StatePanel({ runId, event, live, pathNames }: { runId: number; event: number; live: boolean; pathNames: readonly string[] }) {
  const { t } = useTranslation('replay');
  const f = useFmt();
  const lab = useLab();
  const [state, setState] = useState<State | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const job = useRef<string | null>(null);
  const lastAsked = useRef(0);
  // answers arrive out of order when the selection moves fast: show the latest asked that has come back
  const asked = useRef(0);
  const shown = useRef(0);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => void (mounted.current = false);
  }, []);

  useEffect(() => {
    // paused: ask once the selection settles; playing: at most a few times a second, so the panel keeps up
    const delay = live ? 250 : Math.max(0, 300 - (performance.now() - lastAsked.current));
    const timer = setTimeout(() => {
      lastAsked.current = performance.now();
      if (job.current) void lab.call('jobs.cancel', { jobId: job.current }).catch(() => undefined);
      const jobId = `state-${runId}-${event}-${Date.now()}`;
      const n = ++asked.current;
      job.current = jobId;
      setBusy(true);
      lab.call('replay.state', { runId, event, live, jobId }).then(
        (s) => {
          if (!mounted.current || n < shown.current) return;
          shown.current = n;
          setState(s);
          setError(null);
        },
        (e: Error) => mounted.current && n >= shown.current && !/cancel/i.test(e.message) && setError(e),
      ).finally(() => {
        if (job.current === jobId) job.current = null;
        if (mounted.current && n === asked.current) setBusy(false);
      });
    }, delay);
    return () => clearTimeout(timer);
  }, [lab, runId, event, live]);

  useEffect(() => () => void (job.current && lab.call('jobs.cancel', { jobId: job.current }).catch(() => undefined)), [lab]);

  return (
    <div className="panel rp-state" aria-busy={busy}>
      <h2>
        {t('state.title')} {state && <span className="muted rp-small">{t('state.at', { index: f.num(state.index, 0), t: f.ns(state.t) })}</span>}
      </h2>
      <ErrorBox error={error} />
      {state && (
        <table className="rp-state-table">
          <thead>
            <tr>
              <th scope="col">{t('state.guest')}</th>
              <th scope="col">{t('state.status')}</th>
              <th scope="col">{t('state.events')}</th>
              <th scope="col">{t('state.addons')}</th>
            </tr>
          </thead>
          <tbody>
            {state.guests.map((g) => (
              <tr key={g.id}>
                <th scope="row">
                  {g.id}
                  {g.path >= 0 && <div className="muted rp-small rp-ellipsis" title={pathNames[g.path]}>{t('state.lastPath', { path: pathNames[g.path] ?? g.path })}</div>}
                </th>
                <td>{t(`guestStatus.${g.status}`)}</td>
                <td>
                  {g.kinds.every((n) => n === 0) && <span className="muted">–</span>}
                  {g.kinds.map((n, k) => n > 0 && (
                    <span key={k} className="rp-chip" title={t(`kind.${EVENT_KINDS[k]!}`)}>
                      <i className="rp-dot" style={{ background: kindColor(EVENT_KINDS[k]!) }} /> {t(`kind.${EVENT_KINDS[k]!}`)} {f.num(n, 0)}
                    </span>
                  ))}
                </td>
                <td>
                  {Object.keys(g.addons).length === 0 && <span className="muted">{t('state.noAddons')}</span>}
                  {Object.entries(g.addons).map(([id, s]) => (
                    <div key={id}><span className="rp-mono">{id}</span> <span className={`badge ${s === 'active' ? 'ok' : s === 'crash' || s === 'install-refused' ? 'bad' : s === 'fallback' || s === 'inactive' ? 'warn' : 'info'}`}>{t(`addon.${s}`)}</span></div>
                  ))}
                  {g.pendingAddon && <div className="muted">{t('state.pending', { addon: g.pendingAddon })}</div>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {state && !state.live && (
        <p className="muted rp-small">{state.liveUnavailable ? t('state.liveUnavailable', { why: state.liveUnavailable }) : live ? '' : t('state.livePaused')}</p>
      )}
      {state?.live && <LiveState live={state.live} />}
    </div>
  );
}

function LiveState({ live }: { live: NonNullable<State['live']> }) {
  const { t } = useTranslation('replay');
  const f = useFmt();
  return (
    <div className="rp-live">
      <h3 className="rp-h3">{t('state.liveTitle')}</h3>
      <table className="rp-state-table">
        <thead>
          <tr>
            <th scope="col">{t('state.guest')}</th>
            <th scope="col">{t('state.host')}</th>
            <th scope="col" className="num">{t('state.queued')}</th>
            <th scope="col" className="num">{t('state.outstandingIo')}</th>
            <th scope="col" className="num">{t('state.unitsDone')}</th>
            <th scope="col">{t('state.vcpus')}</th>
          </tr>
        </thead>
        <tbody>
          {live.guests.map((g) => (
            <tr key={g.id}>
              <th scope="row">{g.id}</th>
              <td className="rp-nowrap">{g.host}</td>
              <td className="num">{f.num(g.queued, 0)}</td>
              <td className="num">{f.num(g.outstandingIo, 0)}</td>
              <td className="num">{f.num(g.unitsDone, 0)}</td>
              <td>{g.vcpus.map((s, i) => <span key={i} className={`rp-vcpu rp-vcpu-${s}`} title={`vCPU ${i}: ${t(`vcpu.${s}`, { defaultValue: s })}`}>{t(`vcpu.${s}`, { defaultValue: s })}</span>)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {live.resources.length > 0 && (
        <ul className="rp-resources" aria-label={t('state.resources')}>
          {live.resources.map((r) => (
            <li key={r.id}>
              <span className="rp-mono rp-ellipsis" title={r.id}>{r.id}</span>
              <meter min={0} max={Math.max(r.servers, r.inSystem, 1)} value={r.inSystem} aria-label={t('state.inSystem', { id: r.id })} />
              <span className="muted">{t('state.occupancy', { n: r.inSystem, count: r.servers })}</span>
            </li>
          ))}
        </ul>
      )}
      <ul className="rp-hosts">
        {live.hosts.map((h) => (
          <li key={h.id}>
            <strong>{h.id}</strong> <span className={`badge ${h.state === 'up' ? 'ok' : h.state === 'failed' ? 'bad' : 'warn'}`}>{t(`hostState.${h.state}`)}</span>{' '}
            <span className="muted">{t('state.pcpus', { n: h.pcpus, running: h.running.length > 0 ? h.running.join(', ') : t('state.nothing') })}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
