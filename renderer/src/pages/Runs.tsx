/**
 * Runs: every recorded run with its status, scenario, events and when it started; pick two or
 * more to compare. `#/runs/ID` shows one run (progress while it runs, charts and metrics after).
 */
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventPayload, Input } from '../../../core/contract/index.ts';
import type { RunStatus } from '../../../core/model/index.ts';
import { ErrorBox } from '../components/ErrorBox.tsx';
import { ImportBundle } from '../components/ImportBundle.tsx';
import { useCall, useLabEvent } from '../lab.tsx';
import { type Route, navigate } from '../router.ts';
import { useFmt } from './run/format.ts';
import { NewRun } from './run/NewRun.tsx';
import { RunView } from './run/RunView.tsx';
import { StatusBadge } from './run/StatusBadge.tsx';

const PAGE = 25;
const STATUSES: RunStatus[] = ['running', 'completed', 'cancelled', 'interrupted', 'failed'];
/** How many runs a comparison takes (runs.compareMany). */
export const MAX_COMPARE = 8;

export function RunsPage({ route }: { route: Route }) {
  const id = Number(route.args[0]);
  if (route.args[0] !== undefined) return <RunView key={id} runId={id} />;
  return <RunsList />;
}

function RunsList() {
  const { t } = useTranslation('runs');
  const f = useFmt();
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<RunStatus | ''>('');
  const [offset, setOffset] = useState(0);
  const [picked, setPicked] = useState<number[]>([]);
  const [progress, setProgress] = useState<Record<number, number>>({});
  const [importError, setImportError] = useState<Error | null>(null);
  const query: Input<'runs.list'> = { limit: PAGE, offset, ...(search ? { search } : {}), ...(status ? { status } : {}) };
  const list = useCall((lab) => lab.call('runs.list', query), [search, status, offset]);
  const { reload } = list;
  useLabEvent('runs.changed', useCallback(() => reload(), [reload]));
  useLabEvent(
    'run.progress',
    useCallback((p: EventPayload<'run.progress'>) => setProgress((m) => ({ ...m, [p.runId]: p.totalNs > 0 ? p.simNs / p.totalNs : 0 })), []),
  );
  const items = list.data?.items ?? [];
  const total = list.data?.total ?? 0;
  const toggle = (runId: number) => setPicked((p) => (p.includes(runId) ? p.filter((x) => x !== runId) : [...p, runId]));
  const canCompare = picked.length >= 2 && picked.length <= MAX_COMPARE;

  return (
    <section className="rn-page">
      <h1>{t('title')}</h1>
      <NewRun />
      <div className="toolbar">
        <label>
          {t('search')}{' '}
          <input aria-label={t('search')} type="search" value={search} onChange={(e) => (setSearch(e.target.value), setOffset(0))} placeholder={t('searchHint')} />
        </label>
        <label>
          {t('status')}{' '}
          <select aria-label={t('status')} value={status} onChange={(e) => (setStatus(e.target.value as RunStatus | ''), setOffset(0))}>
            <option value="">{t('anyStatus')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`statusName.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <ImportBundle onError={setImportError} />
        <span className="rn-spacer" />
        <span className="muted" aria-live="polite">
          {t('picked', { count: picked.length })}
        </span>
        {picked.length > 0 && <button onClick={() => setPicked([])}>{t('clearPicked')}</button>}
        <button className="primary" disabled={!canCompare} onClick={() => navigate(`/compare?runs=${picked.join(',')}`)} title={t('compareHint', { max: MAX_COMPARE })}>
          {t('compare', { count: picked.length })}
        </button>
      </div>
      <ErrorBox error={importError ?? list.error} />
      {list.data && items.length === 0 ? (
        <p className="muted">{search || status ? t('noneMatch') : t('none')}</p>
      ) : (
        <table className="rn-table">
          <thead>
            <tr>
              <th scope="col"><span className="rn-sr">{t('pick')}</span></th>
              <th scope="col" className="num">#</th>
              <th scope="col">{t('run')}</th>
              <th scope="col">{t('scenario')}</th>
              <th scope="col">{t('status')}</th>
              <th scope="col" className="num">{t('events')}</th>
              <th scope="col" className="num">{t('simulated')}</th>
              <th scope="col">{t('started')}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <tr key={r.id} className={picked.includes(r.id) ? 'rn-picked' : undefined}>
                <td>
                  <input type="checkbox" checked={picked.includes(r.id)} onChange={() => toggle(r.id)} aria-label={t('pickRun', { id: r.id, title: r.title })} />
                </td>
                <td className="num">{r.id}</td>
                <td>
                  <a href={`#/runs/${r.id}`}>{r.title}</a>
                  {r.parentId !== null && <span className="muted"> · {t('branchOf', { id: r.parentId })}</span>}
                  {r.tags.map((tag) => (
                    <span key={tag} className="badge info rn-tag">{tag}</span>
                  ))}
                </td>
                <td className="rn-mono">{r.scenarioId}</td>
                <td>
                  <StatusBadge status={r.status} />
                  {r.status === 'running' && progress[r.id] !== undefined && <span className="muted"> {f.pct(progress[r.id]!, 0)}</span>}
                </td>
                <td className="num">{f.num(r.eventCount, 0)}</td>
                <td className="num">{f.ns(r.simNs)}</td>
                <td className="rn-nowrap">{f.when(r.startedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {total > PAGE && (
        <div className="toolbar">
          <button disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>{t('prev')}</button>
          <span className="muted">{t('pageOf', { from: offset + 1, to: Math.min(total, offset + PAGE), total })}</span>
          <button disabled={offset + PAGE >= total} onClick={() => setOffset(offset + PAGE)}>{t('next')}</button>
        </div>
      )}
    </section>
  );
}
