/**
 * Scenarios (#/scenarios): the list with search, import and new; #/scenarios/ID and
 * #/scenarios/new open the editor.
 */
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBox } from '../components/ErrorBox.tsx';
import { ImportBundle } from '../components/ImportBundle.tsx';
import { useCall, useLab, useLabEvent } from '../lab.tsx';
import { type Route, navigate } from '../router.ts';
import { ScenarioEditor } from './ScenarioEditor.tsx';
import { downloadText, ImportButton } from './scenario/files.tsx';
import { startRun } from '../start-run.ts';

export function ScenariosPage({ route }: { route: Route }) {
  const id = route.args[0];
  if (id) return <ScenarioEditor key={id} id={id} />;
  return <ScenarioList />;
}

function ScenarioList() {
  const { t } = useTranslation('scenario');
  const lab = useLab();
  const [search, setSearch] = useState('');
  const list = useCall((l) => l.call('scenarios.list', { search: search.trim() || undefined, limit: 1000 }), [search]);
  const reload = list.reload;
  useLabEvent('scenarios.changed', useCallback(() => reload(), [reload]));
  const [error, setError] = useState<Error | null>(null);
  const [confirm, setConfirm] = useState<string | null>(null);
  const items = [...(list.data?.items ?? [])].sort((a, b) => Number(a.builtIn) - Number(b.builtIn));

  const act = async (fn: () => Promise<void>) => {
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(e as Error);
    }
  };
  const run = (id: string) => act(async () => {
    const runId = await startRun(lab, { scenarioId: id });
    if (runId !== null) navigate(`/runs/${runId}`);
  });
  const exportOne = (id: string) => act(async () => downloadText(`${id}.json`, (await lab.call('scenarios.export', { id })).json, t('exportTitle')));
  const remove = (id: string) => act(async () => {
    await lab.call('scenarios.remove', { id });
    setConfirm(null);
  });

  return (
    <section className="sc-page">
      <div className="toolbar">
        <h1>{t('listTitle')}</h1>
        <span className="sc-spacer" />
        <ImportButton onImported={(s) => navigate(`/scenarios/${encodeURIComponent(s.id)}`)} onError={setError} />
        <ImportBundle onError={setError} />
        <button type="button" className="primary" onClick={() => navigate('/scenarios/new')}>
          {t('new')}
        </button>
      </div>
      <input type="search" className="sc-search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder={t('searchPlaceholder')} aria-label={t('search')} />
      <ErrorBox error={error ?? list.error} />
      <table className="sc-table">
        <thead>
          <tr>
            <th scope="col">{t('col.title')}</th>
            <th scope="col">{t('col.id')}</th>
            <th scope="col" className="num">{t('col.hosts')}</th>
            <th scope="col" className="num">{t('col.guests')}</th>
            <th scope="col">{t('col.origin')}</th>
            <th scope="col">{t('col.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((s) => (
            <tr key={s.id}>
              <td>
                <a href={`#/scenarios/${encodeURIComponent(s.id)}`}>{s.title}</a>
              </td>
              <td>
                <code>{s.id}</code>
              </td>
              <td className="num">{s.hosts}</td>
              <td className="num">{s.guests}</td>
              <td>
                <span className={`badge ${s.builtIn ? 'info' : 'ok'}`}>{s.builtIn ? t('common:builtIn') : t('common:yours')}</span>
              </td>
              <td>
                <div className="row">
                  <button type="button" onClick={() => void run(s.id)} aria-label={t('runLabel', { title: s.title })}>
                    {t('run')}
                  </button>
                  <button type="button" onClick={() => void exportOne(s.id)} aria-label={t('exportLabel', { title: s.title })}>
                    {t('export')}
                  </button>
                  {!s.builtIn &&
                    (confirm === s.id ? (
                      <>
                        <button type="button" className="primary" onClick={() => void remove(s.id)} aria-label={t('confirmDeleteLabel', { title: s.title })}>
                          {t('confirmDelete')}
                        </button>
                        <button type="button" onClick={() => setConfirm(null)}>
                          {t('common:cancel')}
                        </button>
                      </>
                    ) : (
                      <button type="button" onClick={() => setConfirm(s.id)} aria-label={t('deleteLabel', { title: s.title })}>
                        {t('common:delete')}
                      </button>
                    ))}
                </div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.data && items.length === 0 && <p className="muted">{t('noMatch')}</p>}
    </section>
  );
}
