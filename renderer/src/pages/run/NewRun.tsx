/** Start a run of a stored scenario from the Runs page, then open it. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { useCall, useLab } from '../../lab.tsx';
import { navigate } from '../../router.ts';
import { startRun } from '../../start-run.ts';

export function NewRun() {
  const { t } = useTranslation('runs');
  const lab = useLab();
  const scenarios = useCall((l) => l.call('scenarios.list', { limit: 1000 }), []);
  const [choice, setChoice] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | null>(null);
  const items = scenarios.data?.items ?? [];
  const id = choice || items[0]?.id || '';

  const start = async () => {
    setBusy(true);
    setError(null);
    try {
      const runId = await startRun(lab, { scenarioId: id });
      if (runId !== null) navigate(`/runs/${runId}`);
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="panel rn-new">
      <div className="row">
        <label htmlFor="rn-new-scenario">{t('new.scenario')}</label>
        <select id="rn-new-scenario" value={id} onChange={(e) => setChoice(e.target.value)} disabled={items.length === 0}>
          {items.map((s) => (
            <option key={s.id} value={s.id}>
              {s.title} ({s.id})
            </option>
          ))}
        </select>
        <button className="primary" onClick={() => void start()} disabled={!id || busy}>
          {busy ? t('new.starting') : t('new.start')}
        </button>
      </div>
      <ErrorBox error={error ?? scenarios.error} />
    </div>
  );
}
