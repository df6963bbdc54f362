/**
 * One run (`#/runs/ID`): while it runs, its progress and a live chart; when it has ended, its
 * figures per window and its headline metrics per guest; links to replay it and compare it.
 */
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { ExportReport } from '../../components/ExportReport.tsx';
import { ExportBundle } from '../../components/ExportBundle.tsx';
import { useCall, useLab, useLabEvent } from '../../lab.tsx';
import { navigate } from '../../router.ts';
import { useFmt } from './format.ts';
import { Metrics } from './Metrics.tsx';
import { Progress } from './Progress.tsx';
import { RunNotes } from './RunNotes.tsx';
import { SeriesCharts } from './SeriesCharts.tsx';
import { StatusBadge } from './StatusBadge.tsx';

export function RunView({ runId }: { runId: number }) {
  const { t } = useTranslation('runs');
  const f = useFmt();
  const lab = useLab();
  const run = useCall((l) => l.call('runs.get', { runId }), [runId]);
  const { reload } = run;
  const sub = useMemo(() => ({ runId }), [runId]);
  useLabEvent('runs.changed', useCallback(() => reload(), [reload]), sub);
  const [error, setError] = useState<Error | null>(null);
  const others = useCall(
    (l) => (run.data ? l.call('runs.list', { scenarioId: run.data.scenarioId, limit: 20 }) : Promise.resolve(null)),
    [run.data?.scenarioId],
  );
  const [other, setOther] = useState('');

  if (!Number.isInteger(runId) || runId <= 0) return <p role="alert">{t('badId')}</p>;
  if (run.error) return <ErrorBox error={run.error} />;
  const r = run.data;
  if (!r) return <p className="muted">{t('loading')}</p>;

  const remove = async () => {
    if (!window.confirm(t('removeConfirm', { id: r.id }))) return;
    try {
      await lab.call('runs.remove', { runId: r.id });
      navigate('/runs');
    } catch (e) {
      setError(e as Error);
    }
  };
  const candidates = [
    ...(r.parentId !== null ? [{ id: r.parentId, title: t('parent') }] : []),
    ...(others.data?.items ?? []).filter((o) => o.id !== r.id && o.id !== r.parentId && o.status !== 'running').map((o) => ({ id: o.id, title: o.title })),
  ];
  const compareWith = other || String(candidates[0]?.id ?? '');
  const guests = r.scenario.guests.map((g) => g.id);

  return (
    <section className="rn-page">
      <p className="rn-crumbs">
        <a href="#/runs">{t('title')}</a> ›
      </p>
      <h1>
        {r.title} <span className="muted">#{r.id}</span> <StatusBadge status={r.status} />
      </h1>
      <p className="muted">
        {t('summary', { scenario: r.scenarioId, seed: r.seed, engine: r.engineVersion, when: f.when(r.startedAt) })}
        {r.parentId !== null && (
          <>
            {' · '}
            <a href={`#/runs/${r.parentId}`}>{t('branchOf', { id: r.parentId })}</a>
            {r.branch && <> {t('branchAt', { t: f.ns(r.branch.tNs) })}</>}
          </>
        )}
      </p>
      <div className="toolbar">
        {r.recorded ? (
          <a className="rn-button primary" href={`#/replay/${r.id}`}>{t('replay')}</a>
        ) : (
          <span className="muted">{t('notRecorded')}</span>
        )}
        {candidates.length > 0 && (
          <>
            <label>
              {t('compareWith')}{' '}
              <select className="rn-compare-pick" aria-label={t('compareWith')} value={compareWith} onChange={(e) => setOther(e.target.value)}>
                {candidates.map((c) => (
                  <option key={c.id} value={c.id}>#{c.id} {c.title}</option>
                ))}
              </select>
            </label>
            <a className="rn-button" href={`#/compare?runs=${compareWith},${r.id}`}>{t('compareGo')}</a>
          </>
        )}
        <span className="rn-spacer" />
        {r.status !== 'running' && <ExportBundle subject={{ kind: 'run', runId: r.id }} />}
        <button onClick={() => void remove()} disabled={r.status === 'running'}>{t('remove')}</button>
      </div>
      <ErrorBox error={error} />
      {r.status !== 'running' && <ExportReport subject={{ kind: 'run', runId: r.id, baselines: candidates }} />}
      {r.status === 'running' ? (
        <Progress runId={r.id} />
      ) : (
        <>
          {r.error && <div className="error-box" role="alert">{t('endedWith', { error: r.error })}</div>}
          {r.warnings.length > 0 && (
            <ul className="rn-warnings">
              {r.warnings.map((w) => <li key={w}>{w}</li>)}
            </ul>
          )}
          <p>
            {t('finished', { events: f.num(r.eventCount, 0), sim: f.ns(r.simNs), wall: r.wallMs === null ? '–' : f.num(r.wallMs / 1000, 2) })}
          </p>
          {r.metrics ? (
            <>
              <h2>{t('metrics.title')}</h2>
              <Metrics metrics={r.metrics} />
              <h2>{t('chart.title')}</h2>
              <SeriesCharts runId={r.id} guests={guests} />
            </>
          ) : (
            <p className="muted">{t('noMetrics')}</p>
          )}
        </>
      )}
      <RunNotes run={r} onChanged={reload} />
    </section>
  );
}
