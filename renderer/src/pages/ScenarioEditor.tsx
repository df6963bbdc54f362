/**
 * The scenario editor (#/scenarios/ID, #/scenarios/new): basics, hosts, guests (the New Guest
 * wizard, the PV add-on installer), the timeline; save with per-field errors, import/export, a
 * live compatibility preview, and Run.
 */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GuestSpec, Scenario } from '../../../core/model/index.ts';
import { ErrorBox } from '../components/ErrorBox.tsx';
import { ExportBundle } from '../components/ExportBundle.tsx';
import { useCall, useLab } from '../lab.tsx';
import { navigate } from '../router.ts';
import { AddonInstaller } from './scenario/AddonInstaller.tsx';
import { fieldErrors, newScenario, scenarioKey, uniqueId } from './scenario/draft.ts';
import { downloadText, ImportButton } from './scenario/files.tsx';
import { GuestsSection } from './scenario/GuestsSection.tsx';
import { GuestWizard } from './scenario/GuestWizard.tsx';
import { type CatalogAll, useCatalog, useDebouncedCheck } from './scenario/hooks.ts';
import { HostsSection } from './scenario/HostsSection.tsx';
import { Preview } from './scenario/Preview.tsx';
import { TimelineSection } from './scenario/TimelineSection.tsx';
import { Field, NumberInput } from './scenario/ui.tsx';
import { startRun } from '../start-run.ts';

type Origin = 'new' | 'yours' | 'builtIn';

/** A notice that outlives the editor of a new scenario, which is replaced by the saved one's (its route changes). */
let flash: string | null = null;

export function ScenarioEditor({ id }: { id: string }) {
  const { t } = useTranslation('scenario');
  const { catalog, error: catalogError } = useCatalog();
  const list = useCall((l) => l.call('scenarios.list', { limit: 1000 }), []);
  const loaded = useCall((l) => (id === 'new' ? Promise.resolve(null) : l.call('scenarios.get', { id })), [id]);
  const error = catalogError ?? list.error ?? loaded.error;
  if (error) return (<section><h1>{t('editorTitle')}</h1><ErrorBox error={error} /><a href="#/scenarios">{t('backToList')}</a></section>);
  if (!catalog || !list.data || loaded.loading) return <p className="muted">{t('common:loading')}</p>;
  const taken = list.data.items.map((s) => s.id);
  const builtIn = list.data.items.find((s) => s.id === id)?.builtIn ?? false;
  const initial = loaded.data ?? newScenario(catalog, taken);
  return <EditorBody initial={initial} origin={id === 'new' ? 'new' : builtIn ? 'builtIn' : 'yours'} catalog={catalog} taken={taken} />;
}

function EditorBody({ initial, origin: initialOrigin, catalog, taken }: { initial: Scenario; origin: Origin; catalog: CatalogAll; taken: string[] }) {
  const { t } = useTranslation('scenario');
  const lab = useLab();
  const [draft, setDraft] = useState(initial);
  const [origin, setOrigin] = useState(initialOrigin);
  const [savedKey, setSavedKey] = useState(initialOrigin === 'new' ? '' : scenarioKey(initial));
  const [copyId, setCopyId] = useState(() => uniqueId(`${initial.id}-copy`, taken));
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [error, setError] = useState<Error | null>(null);
  const [notice, setNotice] = useState<string | null>(() => {
    const f = flash;
    flash = null;
    return f;
  });
  const [busy, setBusy] = useState(false);
  const [wizard, setWizard] = useState(false);
  const [addonGuest, setAddonGuest] = useState<string | null>(null);
  const check = useDebouncedCheck(draft.guests.length > 0 ? draft : null);
  const dirty = scenarioKey(draft) !== savedKey;

  const update = (fn: (s: Scenario) => Scenario) => {
    setDraft((s) => fn(s));
    setNotice(null);
  };

  /** Save the draft (or `next`): update your own, create a new one or your copy of a built-in. */
  const save = async (next: Scenario = draft): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      const saved = origin === 'yours'
        ? await lab.call('scenarios.update', { id: next.id, scenario: next })
        : await lab.call('scenarios.create', { scenario: origin === 'builtIn' ? { ...next, id: copyId } : next });
      setDraft(saved);
      setSavedKey(scenarioKey(saved));
      setErrors({});
      setNotice(t('saved', { id: saved.id }));
      if (origin !== 'yours') {
        flash = t('saved', { id: saved.id });
        setOrigin('yours');
        navigate(`/scenarios/${encodeURIComponent(saved.id)}`);
      }
      return true;
    } catch (e) {
      const fields = (e as { fields?: { path: string; message: string }[] }).fields;
      setErrors(fieldErrors(fields, 'scenario.'));
      if (origin === 'builtIn') {
        const idErr = fieldErrors(fields, 'scenario.')['id'];
        if (idErr) setErrors((x) => ({ ...x, copyId: idErr }));
      }
      setError(e as Error);
      return false;
    } finally {
      setBusy(false);
    }
  };

  const run = async () => {
    setError(null);
    setBusy(true);
    try {
      const stored = origin !== 'new' && !dirty;
      const runId = await startRun(lab, stored ? { scenarioId: draft.id } : { scenario: draft });
      if (runId !== null) navigate(`/runs/${runId}`);
    } catch (e) {
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };

  const exportFile = async () => {
    const text = origin !== 'new' && !dirty ? (await lab.call('scenarios.export', { id: draft.id })).json : `${JSON.stringify(draft, null, 2)}\n`;
    await downloadText(`${draft.id}.json`, text, t('exportTitle'));
  };

  const addGuest = (g: GuestSpec) => {
    update((s) => ({ ...s, guests: [...s.guests, g] }));
    setWizard(false);
  };
  const errorCount = Object.keys(errors).length;

  /** An imported scenario opens in the editor; one that replaced the scenario open here shows its stored content. */
  const showImported = (s: Scenario) => {
    if (s.id !== draft.id) return navigate(`/scenarios/${encodeURIComponent(s.id)}`);
    setDraft(s);
    setSavedKey(scenarioKey(s));
    setOrigin('yours');
    setErrors({});
  };

  return (
    <section className="sc-editor">
      <div className="toolbar sc-editor-bar">
        <a href="#/scenarios">{t('backToList')}</a>
        <h1 className="sc-editor-title">{draft.title || t('untitled')}</h1>
        <span className={`badge ${origin === 'builtIn' ? 'info' : dirty ? 'warn' : 'ok'}`}>
          {origin === 'builtIn' ? t('common:builtIn') : origin === 'new' ? t('unsaved') : dirty ? t('changed') : t('savedBadge')}
        </span>
        <span className="sc-spacer" />
        <ImportButton onImported={showImported} onError={setError} />
        <button type="button" onClick={() => void exportFile().catch(setError)}>
          {t('export')}
        </button>
        {origin !== 'new' && !dirty && <ExportBundle subject={{ kind: 'scenario', id: draft.id }} />}
        <button type="button" onClick={() => void save()} disabled={busy}>
          {origin === 'builtIn' ? t('saveCopy') : t('common:save')}
        </button>
        <button type="button" className="primary" onClick={() => void run()} disabled={busy || draft.guests.length === 0}>
          {t('run')}
        </button>
      </div>
      <div aria-live="polite">{notice && <p className="sc-notice">{notice}</p>}</div>
      {errorCount > 0 ? (
        <div className="error-box" role="alert">
          <strong>{error?.message}</strong>
          <p>{t('fixFields', { count: errorCount })}</p>
        </div>
      ) : (
        <ErrorBox error={error} />
      )}
      <div className="sc-columns">
        <div className="sc-main">
          <section className="panel sc-section" aria-labelledby="sc-basics">
            <h2 id="sc-basics">{t('basics')}</h2>
            {origin === 'builtIn' && <p className="muted">{t('builtInNote')}</p>}
            <div className="sc-grid sc-basics">
              {origin === 'builtIn' ? (
                <Field label={t('field.copyId')} errors={errors['copyId']} hint={t('idHint')}>
                  <input value={copyId} onChange={(e) => setCopyId(e.target.value)} />
                </Field>
              ) : (
                <Field label={t('field.id')} errors={errors['id']} hint={origin === 'new' ? t('idHint') : t('idFixed')}>
                  <input value={draft.id} readOnly={origin === 'yours'} onChange={(e) => update((s) => ({ ...s, id: e.target.value }))} />
                </Field>
              )}
              <Field label={t('field.title')} errors={errors['title']}>
                <input value={draft.title} onChange={(e) => update((s) => ({ ...s, title: e.target.value }))} />
              </Field>
              <Field label={t('field.durationMs')} errors={errors['durationMs']} hint={t('durationHint')}>
                <NumberInput value={draft.durationMs} onChange={(v) => update((s) => ({ ...s, durationMs: v }))} />
              </Field>
              <Field label={t('field.seed')} errors={errors['seed']} hint={t('seedHint')}>
                <NumberInput value={draft.seed} onChange={(v) => update((s) => ({ ...s, seed: v }))} />
              </Field>
              <Field label={t('field.description')} errors={errors['description']} wide>
                <textarea rows={2} value={draft.description} onChange={(e) => update((s) => ({ ...s, description: e.target.value }))} />
              </Field>
            </div>
          </section>
          <HostsSection scenario={draft} catalog={catalog} errors={errors} update={update} />
          <GuestsSection scenario={draft} catalog={catalog} errors={errors} update={update} report={check.result?.report ?? null} onNewGuest={() => setWizard(true)} onAddons={setAddonGuest} />
          <TimelineSection scenario={draft} catalog={catalog} errors={errors} update={update} report={check.result?.report ?? null} />
        </div>
        <aside className="sc-side" aria-label={t('preview.title')}>
          <Preview scenario={draft} check={check} catalog={catalog} />
        </aside>
      </div>
      {wizard && <GuestWizard scenario={draft} catalog={catalog} onFinish={addGuest} onClose={() => setWizard(false)} />}
      {addonGuest && draft.guests.some((g) => g.id === addonGuest) && (
        <AddonInstaller
          scenario={draft}
          guestId={addonGuest}
          catalog={catalog}
          onApply={save}
          onClose={() => setAddonGuest(null)}
        />
      )}
    </section>
  );
}
