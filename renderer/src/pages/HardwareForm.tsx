/** Edit a user hardware profile; the service validates and each message appears under its field. */
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type HardwareProfile, HardwareAssist, HostFeature, Storage } from '../../../core/model/index.ts';
import { ErrorBox } from '../components/ErrorBox.tsx';
import { useLab } from '../lab.tsx';
import { fieldErrors, errorsUnder, numberField } from './scenario/draft.ts';
import { Field, FieldErrors } from './scenario/ui.tsx';

type Kind = 'text' | 'number' | 'bool' | { options: readonly string[]; labels: string };
const FIELDS: { section: string; fields: [path: string, kind: Kind][] }[] = [
  { section: 'general', fields: [['name', 'text'], ['year', 'number']] },
  {
    section: 'cpu',
    fields: [
      ['cpu.vendor', 'text'], ['cpu.model', 'text'], ['cpu.generation', 'text'], ['cpu.sockets', 'number'],
      ['cpu.coresPerSocket', 'number'], ['cpu.threadsPerCore', 'number'], ['cpu.clockGhz', 'number'],
    ],
  },
  {
    section: 'virt',
    fields: [['virt.assist', { options: HardwareAssist.options, labels: 'assist' }], ['virt.vmExitCycles', 'number'], ['virt.vmEntryCycles', 'number'], ['virt.trapCycles', 'number']],
  },
  { section: 'memory', fields: [['memory.sizeGiB', 'number'], ['memory.latencyNs', 'number'], ['memory.pageWalkLevels', 'number'], ['memory.walkCacheHitRate', 'number'], ['memory.privateCacheKiB', 'number']] },
  { section: 'nic', fields: [['nic.vendor', 'text'], ['nic.model', 'text'], ['nic.driver', 'text'], ['nic.gbps', 'number'], ['nic.sriov', 'bool'], ['nic.maxVfs', 'number']] },
  {
    section: 'storage',
    fields: [['storage.kind', { options: Storage.shape.kind.options, labels: 'storageKind' }], ['storage.model', 'text'], ['storage.iops', 'number'], ['storage.latencyUs', 'number'], ['storage.mbps', 'number']],
  },
];

type Tree = Record<string, unknown>;
function getPath(o: Tree, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Tree)[k] : undefined), o);
}
function setPath(o: Tree, path: string, value: unknown): void {
  const keys = path.split('.');
  let at = o;
  for (const k of keys.slice(0, -1)) at = at[k] as Tree;
  at[keys[keys.length - 1]!] = value;
}

export function HardwareForm({ profile, onDone }: { profile: HardwareProfile; onDone: () => void }) {
  const { t } = useTranslation('hardware');
  const lab = useLab();
  const [values, setValues] = useState<Record<string, string | boolean>>(() => {
    const v: Record<string, string | boolean> = {};
    for (const s of FIELDS) for (const [path, kind] of s.fields) v[path] = kind === 'bool' ? Boolean(getPath(profile, path)) : String(getPath(profile, path) ?? '');
    return v;
  });
  const [features, setFeatures] = useState<string[]>(profile.virt.features);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [error, setError] = useState<Error | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [errors]);

  const save = async () => {
    const entry = structuredClone(profile) as unknown as Tree;
    for (const s of FIELDS) {
      for (const [path, kind] of s.fields) {
        const v = values[path]!;
        setPath(entry, path, kind === 'number' ? numberField(String(v)) : v);
      }
    }
    setPath(entry, 'virt.features', features);
    setBusy(true);
    setError(null);
    try {
      await lab.call('catalog.update', { kind: 'profiles', id: profile.id, entry: entry as unknown as HardwareProfile });
      setErrors({});
      onDone();
    } catch (e) {
      setErrors(fieldErrors((e as { fields?: { path: string; message: string }[] }).fields, 'entry.'));
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };

  const errorCount = Object.keys(errors).length;
  return (
    <form
      ref={form}
      className="panel hw-form"
      aria-label={t('editTitle', { name: profile.name })}
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <h2>{t('editTitle', { name: profile.name })}</h2>
      {errorCount > 0 ? <p className="field-error" role="alert">{t('fixFields', { count: errorCount })}</p> : <ErrorBox error={error} />}
      {FIELDS.map((s) => (
        <fieldset key={s.section} className="hw-fieldset">
          <legend>{t(`section.${s.section}`)}</legend>
          {s.fields.map(([path, kind]) => (
            <Field key={path} label={t(`form.${path}`)} errors={errors[path]} wide={path === 'name'}>
              {kind === 'bool' ? (
                <input type="checkbox" checked={values[path] === true} onChange={(e) => setValues({ ...values, [path]: e.target.checked })} />
              ) : typeof kind === 'object' ? (
                <select value={String(values[path])} onChange={(e) => setValues({ ...values, [path]: e.target.value })}>
                  {kind.options.map((o) => (
                    <option key={o} value={o}>
                      {t(`${kind.labels}.${o}`)}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  type={kind === 'number' ? 'number' : 'text'}
                  step="any"
                  inputMode={kind === 'number' ? 'decimal' : undefined}
                  value={String(values[path])}
                  onChange={(e) => setValues({ ...values, [path]: e.target.value })}
                  aria-invalid={errors[path] ? true : undefined}
                />
              )}
            </Field>
          ))}
          {s.section === 'virt' && (
            <fieldset className="hw-checks">
              <legend>{t('form.virt.features')}</legend>
              {HostFeature.options.map((f) => (
                <label key={f} className="row">
                  <input
                    type="checkbox"
                    checked={features.includes(f)}
                    onChange={(e) => setFeatures(e.target.checked ? [...features, f] : features.filter((x) => x !== f))}
                  />
                  {t(`feature.${f}.name`)}
                </label>
              ))}
              <FieldErrors errors={errorsUnder(errors, 'virt.features')} />
            </fieldset>
          )}
        </fieldset>
      ))}
      <FieldErrors errors={Object.entries(errors).filter(([p]) => !FIELDS.some((s) => s.fields.some(([f]) => f === p)) && !p.startsWith('virt.features')).flatMap(([p, m]) => m.map((x) => `${p}: ${x}`))} />
      <div className="toolbar">
        <button type="submit" className="primary" disabled={busy}>
          {t('common:save')}
        </button>
        <button type="button" onClick={onDone}>
          {t('common:cancel')}
        </button>
      </div>
    </form>
  );
}
