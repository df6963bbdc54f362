/** Start: the lessons as cards, recent scenarios (yours first), recent runs, and a new scenario. */
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBox } from '../components/ErrorBox.tsx';
import { useCall, useLab, useLabEvent } from '../lab.tsx';
import { navigate } from '../router.ts';
import type { Lang } from '../../../core/contract/index.ts';
import { startRun } from '../start-run.ts';

const RECENT = 4;

export function StartPage() {
  const { t, i18n } = useTranslation('start');
  const lab = useLab();
  const lang: Lang = i18n.language === 'sv' ? 'sv' : 'en';
  const lessons = useCall((l) => l.call('lessons.list', { lang }), [lang]);
  const scenarios = useCall((l) => l.call('scenarios.list', { limit: 1000 }), []);
  const runs = useCall((l) => l.call('runs.list', { limit: RECENT }), []);
  const [error, setError] = useState<Error | null>(null);
  const [starting, setStarting] = useState<string | null>(null);
  const reloadScenarios = scenarios.reload;
  const reloadRuns = runs.reload;
  useLabEvent('scenarios.changed', useCallback(() => reloadScenarios(), [reloadScenarios]));
  useLabEvent('runs.changed', useCallback(() => reloadRuns(), [reloadRuns]));

  const run = async (scenarioId: string) => {
    setError(null);
    setStarting(scenarioId);
    try {
      const runId = await startRun(lab, { scenarioId });
      if (runId !== null) navigate(`/runs/${runId}`);
    } catch (e) {
      setError(e as Error);
    } finally {
      setStarting(null);
    }
  };

  const items = scenarios.data?.items ?? [];
  const byRecent = (a: { updatedAt: string }, b: { updatedAt: string }) => b.updatedAt.localeCompare(a.updatedAt);
  const recent = [...items.filter((s) => !s.builtIn).sort(byRecent), ...items.filter((s) => s.builtIn).sort(byRecent)].slice(0, RECENT);

  return (
    <section className="st-page">
      <div className="toolbar">
        <h1>{t('title')}</h1>
        <span className="sc-spacer" />
        <button type="button" className="primary" onClick={() => navigate('/scenarios/new')}>
          {t('newScenario')}
        </button>
      </div>
      <p className="muted">{t('intro')}</p>
      <ErrorBox error={error ?? lessons.error ?? scenarios.error ?? runs.error} />

      <div className="st-recent">
        <div>
          <h2>{t('recentScenarios')}</h2>
          {recent.length === 0 ? (
            <p className="muted">{t('noScenarios')}</p>
          ) : (
            <ul className="st-list">
              {recent.map((s) => (
                <li key={s.id}>
                  <a href={`#/scenarios/${encodeURIComponent(s.id)}`}>{s.title}</a>{' '}
                  <span className={`badge ${s.builtIn ? 'info' : 'ok'}`}>{s.builtIn ? t('common:builtIn') : t('common:yours')}</span>{' '}
                  <span className="muted">{t('shape', { hosts: t('hostsCount', { count: s.hosts }), guests: t('guestsCount', { count: s.guests }) })}</span>
                </li>
              ))}
            </ul>
          )}
          <a href="#/scenarios">{t('allScenarios')}</a>
        </div>
        <div>
          <h2>{t('recentRuns')}</h2>
          {runs.data && runs.data.items.length === 0 ? (
            <p className="muted">{t('noRuns')}</p>
          ) : (
            <ul className="st-list">
              {runs.data?.items.map((r) => (
                <li key={r.id}>
                  <a href={`#/runs/${r.id}`}>{t('runLink', { id: r.id, title: r.title })}</a>{' '}
                  <span className={`badge ${r.status === 'completed' ? 'ok' : r.status === 'running' ? 'info' : 'bad'}`}>{t(`runStatus.${r.status}`)}</span>
                </li>
              ))}
            </ul>
          )}
          <a href="#/runs">{t('allRuns')}</a>
        </div>
      </div>
      <h2>{t('lessons')}</h2>
      {lessons.loading && !lessons.data && <p className="muted">{t('common:loading')}</p>}
      <ol className="cards st-lessons">
        {lessons.data?.lessons.map((l) => (
          <li key={l.id} className="panel st-lesson">
            <h3>
              <span className="st-order">{t('lessonNumber', { n: l.order })}</span> {l.title}
            </h3>
            <p>{l.goal}</p>
            <p className="st-look">
              <strong>{t('lookAt')}</strong> {l.lookAt}
            </p>
            <p className="st-look">
              <strong>{t('question')}</strong> {l.question}
            </p>
            <div className="row st-actions">
              <button type="button" onClick={() => navigate(`/scenarios/${encodeURIComponent(l.id)}`)} aria-label={t('openLessonLabel', { title: l.title })}>
                {t('open')}
              </button>
              <button type="button" className="primary" disabled={starting !== null} onClick={() => void run(l.id)} aria-label={t('runLessonLabel', { title: l.title })}>
                {starting === l.id ? t('starting') : t('run')}
              </button>
            </div>
          </li>
        ))}
      </ol>

    </section>
  );
}
