/**
 * Compare (`#/compare?runs=1,2,3`): runs side by side, the first as the baseline, with what
 * changed said in sentences; the results of sweeps as charts.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBox } from '../components/ErrorBox.tsx';
import { ExportReport } from '../components/ExportReport.tsx';
import { useCall } from '../lab.tsx';
import { type Route, navigate } from '../router.ts';
import { CompareTable } from './compare/CompareTable.tsx';
import { Findings } from './compare/Findings.tsx';
import { parseRunIds } from './compare/labels.ts';
import { SweepForm, TaggedSweep } from './compare/Sweep.tsx';
import { useFmt } from './run/format.ts';
import { MAX_COMPARE } from './Runs.tsx';

export function ComparePage({ route }: { route: Route }) {
  const { t } = useTranslation('compare');
  const ids = parseRunIds(route.query.get('runs'));
  const sweepTag = route.query.get('sweep');
  return (
    <section className="cmp-page">
      <h1>{t('title')}</h1>
      {ids.length >= 2 ? <Comparison ids={ids.slice(0, MAX_COMPARE)} /> : <Picker initial={ids} />}
      {ids.length > MAX_COMPARE && <p className="muted">{t('tooMany', { max: MAX_COMPARE })}</p>}
      {sweepTag && /^sweep-\d+$/.test(sweepTag) && (
        <>
          <TaggedSweep tag={sweepTag} />
          <ExportReport subject={{ kind: 'sweep', tag: sweepTag }} />
        </>
      )}
      <details className="cmp-sweep-form">
        <summary>{t('sweep.open')}</summary>
        <SweepForm />
      </details>
    </section>
  );
}

function Picker({ initial }: { initial: number[] }) {
  const { t } = useTranslation('compare');
  const f = useFmt();
  const runs = useCall((l) => l.call('runs.list', { limit: 50 }), []);
  const [picked, setPicked] = useState<number[]>(initial);
  const items = (runs.data?.items ?? []).filter((r) => r.status !== 'running');
  return (
    <div className="panel">
      <p>{t('pickHint')}</p>
      <ErrorBox error={runs.error} />
      <ul className="cmp-pick">
        {items.map((r) => (
          <li key={r.id}>
            <label>
              <input type="checkbox" checked={picked.includes(r.id)} onChange={() => setPicked((p) => (p.includes(r.id) ? p.filter((x) => x !== r.id) : [...p, r.id]))} /> #{r.id} {r.title}{' '}
              <span className="muted">· {r.scenarioId} · {f.when(r.startedAt)}</span>
            </label>
          </li>
        ))}
      </ul>
      {runs.data && items.length === 0 && <p className="muted">{t('noRuns')}</p>}
      <button className="primary" disabled={picked.length < 2 || picked.length > MAX_COMPARE} onClick={() => navigate(`/compare?runs=${picked.join(',')}`)}>
        {t('compareN', { count: picked.length })}
      </button>
    </div>
  );
}

function Comparison({ ids }: { ids: number[] }) {
  const { t } = useTranslation('compare');
  const f = useFmt();
  const key = ids.join(',');
  const cmp = useCall((l) => l.call('runs.compareMany', { runIds: ids }), [key]);
  if (cmp.error) return <ErrorBox error={cmp.error} />;
  const d = cmp.data;
  if (!d) return <p className="muted">{t('loading')}</p>;
  const tags = [...new Set(d.runs.flatMap((r) => r.tags.filter((x) => /^sweep-\d+$/.test(x))))];
  const setBaseline = (id: number) => navigate(`/compare?runs=${[id, ...ids.filter((x) => x !== id)].join(',')}`);
  return (
    <>
      <div className="cmp-runs">
        {d.runs.map((r, i) => (
          <div key={r.id} className={`panel cmp-run${i === 0 ? ' cmp-base' : ''}`}>
            <div>
              <a href={`#/runs/${r.id}`}>#{r.id}</a> <strong>{r.title}</strong>
            </div>
            <div className="muted">{r.scenarioId} · {f.when(r.startedAt)} · {t('events', { n: f.num(r.eventCount, 0) })}</div>
            <div className="row">
              {i === 0 ? <span className="badge info">{t('baseline')}</span> : <button onClick={() => setBaseline(r.id)}>{t('makeBaseline')}</button>}
              <a href={`#/replay/${r.id}`}>{t('replay')}</a>
            </div>
          </div>
        ))}
      </div>
      <ExportReport subject={{ kind: 'compare', runIds: d.runs.map((r) => r.id) }} />
      {d.runs.some((r) => r.status !== 'completed') && <p className="muted">{t('notAllCompleted')}</p>}
      <h2>{t('findingsTitle')}</h2>
      <Findings runs={d.runs} rows={d.rows} findings={d.findings} />
      <h2>{t('tableTitle')}</h2>
      <CompareTable runs={d.runs} guests={d.guests} rows={d.rows} />
      {tags.map((tag) => <TaggedSweep key={tag} tag={tag} />)}
    </>
  );
}
