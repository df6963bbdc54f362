/**
 * Sweeps as charts: the runs of a sweep (tagged sweep-N) with one figure per guest against the
 * varied value, and a form that starts a sweep (runs.sweep) with progress.
 */
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Output } from '../../../../core/contract/index.ts';
import { headlineFigures } from '../../../../core/model/index.ts';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { useCall, useLab } from '../../lab.tsx';
import { Chart, PALETTE } from '../run/Chart.tsx';
import { useFmt } from '../run/format.ts';
import { newJobId, useJobProgress } from '../replay/useJob.ts';
import { assignmentsOf, parseValue } from './labels.ts';

type SweepRow = Output<'runs.sweep'>['rows'][number];
type Figure = 'throughputPerSec' | 'p99LatencyNs' | 'exitsPerUnit' | 'availability';
const FIGURES: Figure[] = ['throughputPerSec', 'p99LatencyNs', 'exitsPerUnit', 'availability'];

export function SweepChart({ rows }: { rows: SweepRow[] }) {
  const { t } = useTranslation('compare');
  const f = useFmt();
  const [figure, setFigure] = useState<Figure>('throughputPerSec');
  const done = rows.filter((r) => r.guests.length > 0);
  if (done.length === 0) return <p className="muted">{t('sweep.noResults')}</p>;
  const numeric = done.every((r) => r.assignments.length === 1 && typeof r.assignments[0]!.value === 'number');
  const sorted = numeric ? [...done].sort((a, b) => (a.assignments[0]!.value as number) - (b.assignments[0]!.value as number)) : done;
  const guests = [...new Set(sorted.flatMap((r) => r.guests.map((g) => g.guest)))];
  const x = sorted.map((r, i) => (numeric ? (r.assignments[0]!.value as number) : i + 1));
  const data = [x, ...guests.map((g) => sorted.map((r) => { const v = r.guests.find((q) => q.guest === g)?.[figure]; return v === undefined ? 0 : figure === 'availability' ? v * 100 : v; }))];
  const fmtY = (y: number) => (figure === 'p99LatencyNs' ? f.ns(y) : figure === 'availability' ? `${f.num(y, 1)} %` : f.num(y, 2));
  const xLabel = numeric ? sorted[0]!.assignments[0]!.path : t('sweep.variant');
  return (
    <div className="cmp-sweep-chart">
      <label>
        {t('sweep.figure')}{' '}
        <select aria-label={t('sweep.figure')} value={figure} onChange={(e) => setFigure(e.target.value as Figure)}>
          {FIGURES.map((k) => <option key={k} value={k}>{t(`sweep.fig.${k}`)}</option>)}
        </select>
      </label>
      <Chart
        title={t('sweep.chartTitle', { figure: t(`sweep.fig.${figure}`), x: xLabel })}
        xLabel={xLabel}
        yLabel={t(`sweep.fig.${figure}`)}
        series={guests.map((g, i) => ({ label: g, color: PALETTE[i % PALETTE.length]! }))}
        data={data}
        fmtY={fmtY}
        fmtX={(v) => f.num(v, 2)}
        points={!numeric}
      />
      {!numeric && (
        <ol className="cmp-variants">
          {sorted.map((r) => (
            <li key={r.runId}><a href={`#/runs/${r.runId}`}>#{r.runId}</a> {r.assignments.map((a) => `${a.path} = ${String(a.value)}`).join(', ')}</li>
          ))}
        </ol>
      )}
    </div>
  );
}

/** The runs of a sweep tag, read back as sweep rows. */
export function TaggedSweep({ tag }: { tag: string }) {
  const { t } = useTranslation('compare');
  const rows = useCall(async (lab) => {
    const list = await lab.call('runs.list', { tag, limit: 256 });
    const details = await Promise.all(list.items.filter((r) => r.status !== 'running').map((r) => lab.call('runs.get', { runId: r.id })));
    return details.map((d): SweepRow => ({
      runId: d.id,
      assignments: assignmentsOf(d.title),
      status: d.status,
      guests: (d.metrics?.guests ?? []).map(headlineFigures),
    }));
  }, [tag]);
  return (
    <section className="panel cmp-sweep">
      <h2>{t('sweep.tagged', { tag })}</h2>
      <ErrorBox error={rows.error} />
      {rows.data ? <SweepChart rows={rows.data} /> : <p className="muted">{t('loading')}</p>}
    </section>
  );
}

/** Start a sweep of one field of a stored scenario over a list of values. */
export function SweepForm() {
  const { t } = useTranslation('compare');
  const lab = useLab();
  const scenarios = useCall((l) => l.call('scenarios.list', { limit: 1000 }), []);
  const [scenarioId, setScenarioId] = useState('');
  const [path, setPath] = useState('');
  const [values, setValues] = useState('');
  const [jobId, setJobId] = useState<string | null>(null);
  const [result, setResult] = useState<Output<'runs.sweep'> | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const progress = useJobProgress(jobId);
  const id = scenarioId || scenarios.data?.items[0]?.id || '';
  const list = values.split(',').map((v) => v.trim()).filter(Boolean);

  const start = useCallback(async () => {
    const job = newJobId('sweep', 0);
    setJobId(job);
    setError(null);
    setResult(null);
    try {
      setResult(await lab.call('runs.sweep', { scenarioId: id, vary: [{ path: path.trim(), values: list.map(parseValue) }], jobId: job }));
    } catch (e) {
      setError(e as Error);
    } finally {
      setJobId(null);
    }
  }, [lab, id, path, list]);

  return (
    <section className="panel cmp-sweep">
      <h2>{t('sweep.title')}</h2>
      <p className="muted">{t('sweep.what')}</p>
      <form className="toolbar" onSubmit={(e) => (e.preventDefault(), void start())}>
        <label>
          {t('sweep.scenario')}{' '}
          <select aria-label={t('sweep.scenario')} value={id} onChange={(e) => setScenarioId(e.target.value)}>
            {(scenarios.data?.items ?? []).map((s) => <option key={s.id} value={s.id}>{s.id}</option>)}
          </select>
        </label>
        <label>
          {t('sweep.path')}{' '}
          <input aria-label={t('sweep.path')} value={path} onChange={(e) => setPath(e.target.value)} placeholder="guests.*.workload.params.mtu" className="cmp-path" />
        </label>
        <label>
          {t('sweep.values')}{' '}
          <input aria-label={t('sweep.values')} value={values} onChange={(e) => setValues(e.target.value)} placeholder="1500, 9000" />
        </label>
        <button type="submit" className="primary" disabled={!id || !path.trim() || list.length === 0 || jobId !== null}>{t('sweep.start')}</button>
        {jobId && (
          <>
            <progress max={progress?.total || 1} value={progress?.done ?? 0} aria-label={t('sweep.progress')} />
            <span className="muted">{progress ? t('sweep.done', { done: progress.done, total: progress.total }) : t('sweep.starting')}</span>
            <button type="button" onClick={() => void lab.call('jobs.cancel', { jobId })}>{t('common:cancel')}</button>
          </>
        )}
      </form>
      <ErrorBox error={error ?? scenarios.error} />
      {result && (
        <>
          <p>
            {t('sweep.finished', { tag: result.tag, n: result.rows.length })}{result.cancelled && ` ${t('sweep.cancelled')}`}{' '}
            {result.rows.length >= 2 && <a href={`#/compare?runs=${result.rows.slice(0, 8).map((r) => r.runId).join(',')}`}>{t('sweep.compareRuns')}</a>}
          </p>
          <SweepChart rows={result.rows} />
        </>
      )}
    </section>
  );
}
