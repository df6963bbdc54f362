/**
 * Hardware library (#/hardware, #/hardware/ID): the host profiles with search; a profile's
 * feature passport; duplicate a built-in into your own profile, edit and delete your own.
 */
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HardwareProfile } from '../../../core/model/index.ts';
import { hostCores } from '../../../core/model/index.ts';
import { ErrorBox } from '../components/ErrorBox.tsx';
import { useLab } from '../lab.tsx';
import { type Route, navigate } from '../router.ts';
import { profileMatches } from './hardware-passport.ts';
import { HardwareForm } from './HardwareForm.tsx';
import { HardwarePassport } from './HardwarePassport.tsx';
import { uniqueId } from './scenario/draft.ts';
import { useCatalog } from './scenario/hooks.ts';
import { Badge, Field } from './scenario/ui.tsx';

export function HardwarePage({ route }: { route: Route }) {
  const { t } = useTranslation('hardware');
  const { catalog, error: loadError } = useCatalog();
  const [search, setSearch] = useState('');
  const profiles = useMemo(() => [...(catalog?.profiles ?? [])].sort((a, b) => a.year - b.year || a.name.localeCompare(b.name)), [catalog]);
  const shown = profiles.filter((p) => profileMatches(p, search));
  const selectedId = route.args[0] ?? profiles[0]?.id;
  const selected = profiles.find((p) => p.id === selectedId) ?? null;
  const builtIn = (id: string) => catalog?.builtIn[`profiles/${id}`] ?? false;

  return (
    <section className="hw-page">
      <h1>{t('title')}</h1>
      <p className="muted">{t('intro')}</p>
      <ErrorBox error={loadError} />
      <div className="hw-layout">
        <nav className="hw-list panel" aria-label={t('listLabel')}>
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder={t('searchPlaceholder')} aria-label={t('search')} />
          <p className="muted hw-count" aria-live="polite">
            {t('count', { count: shown.length })}
          </p>
          <ul>
            {shown.map((p) => (
              <li key={p.id}>
                <a href={`#/hardware/${encodeURIComponent(p.id)}`} aria-current={p.id === selected?.id ? 'true' : undefined}>
                  <span className="hw-name">{p.name}</span>
                  <span className="row muted">
                    {p.year} · {p.arch} <Badge tone={builtIn(p.id) ? 'info' : 'ok'}>{builtIn(p.id) ? t('common:builtIn') : t('common:yours')}</Badge>
                  </span>
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <div className="hw-detail">
          {selected ? <ProfileDetail key={selected.id} profile={selected} builtIn={builtIn(selected.id)} takenIds={profiles.map((p) => p.id)} /> : catalog && <p>{t('none')}</p>}
        </div>
      </div>
    </section>
  );
}

function ProfileDetail({ profile: p, builtIn, takenIds }: { profile: HardwareProfile; builtIn: boolean; takenIds: string[] }) {
  const { t } = useTranslation('hardware');
  const lab = useLab();
  const [mode, setMode] = useState<'view' | 'edit' | 'duplicate' | 'delete'>('view');
  const [newId, setNewId] = useState(() => uniqueId(`${p.id}-mine`, takenIds));
  const [error, setError] = useState<Error | null>(null);
  const [idErrors, setIdErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  const duplicate = async () => {
    setBusy(true);
    setError(null);
    setIdErrors([]);
    try {
      const copy = await lab.call('catalog.duplicate', { kind: 'profiles', id: p.id, newId });
      navigate(`/hardware/${encodeURIComponent(copy.id)}`);
    } catch (e) {
      const fields = (e as { fields?: { path: string; message: string }[] }).fields ?? [];
      setIdErrors(fields.map((f) => f.message));
      setError(e as Error);
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    setBusy(true);
    setError(null);
    try {
      await lab.call('catalog.remove', { kind: 'profiles', id: p.id });
      navigate('/hardware');
    } catch (e) {
      setError(e as Error);
      setMode('view');
    } finally {
      setBusy(false);
    }
  };

  if (mode === 'edit') return <HardwareForm profile={p} onDone={() => setMode('view')} />;
  const cores = hostCores(p);
  return (
    <article className="panel">
      <div className="toolbar">
        <h2 className="hw-title">{p.name}</h2>
        <Badge tone={builtIn ? 'info' : 'ok'}>{builtIn ? t('common:builtIn') : t('common:yours')}</Badge>
        <span className="sc-spacer" />
        <button type="button" onClick={() => setMode(mode === 'duplicate' ? 'view' : 'duplicate')} aria-expanded={mode === 'duplicate'}>
          {t('duplicate')}
        </button>
        {!builtIn && (
          <>
            <button type="button" onClick={() => setMode('edit')}>
              {t('edit')}
            </button>
            <button type="button" onClick={() => setMode('delete')}>
              {t('common:delete')}
            </button>
          </>
        )}
      </div>
      {builtIn && <p className="muted">{t('builtInNote')}</p>}
      {mode === 'duplicate' && (
        <form
          className="row hw-inline"
          onSubmit={(e) => {
            e.preventDefault();
            void duplicate();
          }}
        >
          <Field label={t('newId')} errors={idErrors} hint={t('idHint')}>
            <input value={newId} onChange={(e) => setNewId(e.target.value)} autoFocus />
          </Field>
          <button type="submit" className="primary" disabled={busy}>
            {t('makeCopy')}
          </button>
          <button type="button" onClick={() => setMode('view')}>
            {t('common:cancel')}
          </button>
        </form>
      )}
      {mode === 'delete' && (
        <div className="row hw-inline" role="alertdialog" aria-label={t('confirmDeleteLabel')}>
          <span>{t('confirmDelete', { name: p.name })}</span>
          <button type="button" className="primary" onClick={() => void remove()} disabled={busy} autoFocus>
            {t('common:delete')}
          </button>
          <button type="button" onClick={() => setMode('view')}>
            {t('common:cancel')}
          </button>
        </div>
      )}
      <ErrorBox error={error} />
      <dl className="hw-facts">
        <dt>{t('fact.id')}</dt>
        <dd>
          <code>{p.id}</code>
        </dd>
        <dt>{t('fact.cpu')}</dt>
        <dd>{t('cpuLine', { vendor: p.cpu.vendor, model: p.cpu.model, generation: p.cpu.generation, ghz: p.cpu.clockGhz, year: p.year })}</dd>
        <dt>{t('fact.cores')}</dt>
        <dd>{t('coresLine', { count: cores, sockets: p.cpu.sockets, perSocket: p.cpu.coresPerSocket, threads: p.cpu.threadsPerCore })}</dd>
        <dt>{t('fact.arch')}</dt>
        <dd>{p.arch}</dd>
        <dt>{t('fact.assist')}</dt>
        <dd>{t(`assist.${p.virt.assist}`)}</dd>
        <dt>{t('fact.exit')}</dt>
        <dd>{p.virt.vmExitCycles > 0 ? t('exitLine', { exit: p.virt.vmExitCycles, entry: p.virt.vmEntryCycles }) : t('noExits', { trap: p.virt.trapCycles })}</dd>
        <dt>{t('fact.memory')}</dt>
        <dd>{t('memoryLine', { size: p.memory.sizeGiB, latency: p.memory.latencyNs, levels: p.memory.pageWalkLevels })}</dd>
        <dt>{t('fact.nic')}</dt>
        <dd>{t('nicLine', { vendor: p.nic.vendor, model: p.nic.model, gbps: p.nic.gbps, driver: p.nic.driver })}</dd>
        <dt>{t('fact.storage')}</dt>
        <dd>{t('storageLine', { kind: t(`storageKind.${p.storage.kind}`), model: p.storage.model, iops: p.storage.iops, latency: p.storage.latencyUs })}</dd>
      </dl>
      <HardwarePassport profile={p} />
    </article>
  );
}
