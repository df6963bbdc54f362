/**
 * The scenario's hosts: id, hardware profile, hypervisor (or bare metal), an optional core count
 * and the hypervisor scheduler's time slice (empty: the hypervisor's default, shown greyed).
 */
import { useTranslation } from 'react-i18next';
import type { Scenario } from '../../../../core/model/index.ts';
import { errorsUnder, removeHost, renameHost, uniqueId } from './draft.ts';
import type { CatalogAll } from './hooks.ts';
import { Field, FieldErrors, NumberInput, EntryOptions } from './ui.tsx';

export interface SectionProps {
  scenario: Scenario;
  catalog: CatalogAll;
  errors: Record<string, string[]>;
  update: (fn: (s: Scenario) => Scenario) => void;
}

export function HostsSection({ scenario: s, catalog, errors, update }: SectionProps) {
  const { t } = useTranslation('scenario');
  const setHost = (i: number, patch: Partial<Scenario['hosts'][number]>) =>
    update((x) => ({ ...x, hosts: x.hosts.map((h, j) => (j === i ? { ...h, ...patch } : h)) }));
  const add = () =>
    update((x) => {
      const last = x.hosts[x.hosts.length - 1];
      const id = uniqueId(`host-${x.hosts.length + 1}`, x.hosts.map((h) => h.id));
      return { ...x, hosts: [...x.hosts, { id, profile: last?.profile ?? catalog.profiles[0]?.id ?? '', hypervisor: last ? last.hypervisor : (catalog.hypervisors[0]?.id ?? null) }] };
    });

  return (
    <section className="panel sc-section" aria-labelledby="sc-hosts">
      <div className="toolbar">
        <h2 id="sc-hosts">{t('hosts')}</h2>
        <span className="sc-spacer" />
        <button type="button" onClick={add}>
          {t('addHost')}
        </button>
      </div>
      <FieldErrors errors={errors['hosts'] ?? []} />
      {s.hosts.map((h, i) => {
        const used = s.guests.filter((g) => g.host === h.id).length;
        const profile = catalog.profiles.find((p) => p.id === h.profile);
        const hypervisor = catalog.hypervisors.find((v) => v.id === h.hypervisor);
        return (
          <div key={i} className="sc-row-card" role="group" aria-label={t('hostLabel', { id: h.id })}>
            <div className="sc-grid sc-grid-host">
              <Field label={t('field.hostId')} errors={errors[`hosts.${i}.id`]}>
                <input value={h.id} onChange={(e) => update((x) => renameHost(x, x.hosts[i]!.id, e.target.value))} />
              </Field>
              <Field label={t('field.profile')} errors={errors[`hosts.${i}.profile`]}>
                <select value={h.profile} onChange={(e) => setHost(i, { profile: e.target.value })}>
                  {!profile && <option value={h.profile}>{t('missing', { id: h.profile })}</option>}
                  <EntryOptions entries={catalog.profiles} />
                </select>
              </Field>
              <Field label={t('field.hypervisor')} errors={errors[`hosts.${i}.hypervisor`]}>
                <select value={h.hypervisor ?? ''} onChange={(e) => setHost(i, { hypervisor: e.target.value || null })}>
                  <option value="">{t('bareMetal')}</option>
                  {catalog.hypervisors.map((v) => (
                    <option key={v.id} value={v.id}>
                      {t('hypervisorOption', { name: v.name, version: v.version })}
                    </option>
                  ))}
                </select>
              </Field>
              <Field label={t('field.cores')} errors={errors[`hosts.${i}.cores`]}>
                <NumberInput value={h.cores} placeholder={profile ? String(profile.cpu.sockets * profile.cpu.coresPerSocket * profile.cpu.threadsPerCore) : undefined} onChange={(v) => setHost(i, { cores: Number.isNaN(v) ? undefined : v })} />
              </Field>
              <Field label={t('field.timeslice')} errors={errors[`hosts.${i}.scheduler.timesliceUs`]} hint={hypervisor ? t('timesliceDefault', { us: hypervisor.scheduler.timesliceUs }) : t('timesliceBareMetal')}>
                <NumberInput
                  value={h.scheduler?.timesliceUs}
                  disabled={!h.hypervisor}
                  title={t('timesliceHint')}
                  placeholder={hypervisor ? String(hypervisor.scheduler.timesliceUs) : undefined}
                  onChange={(v) => setHost(i, { scheduler: Number.isNaN(v) ? undefined : { timesliceUs: v } })}
                />
              </Field>
              <div className="sc-host-end">
                <span className="muted">{t('guestCount', { count: used })}</span>
                <button type="button" disabled={s.hosts.length === 1 || used > 0} onClick={() => update((x) => removeHost(x, h.id))} aria-label={t('removeHostLabel', { id: h.id })}>
                  {t('remove')}
                </button>
              </div>
            </div>
            <FieldErrors errors={errorsUnder(errors, `hosts.${i}`).filter((m) => !['id', 'profile', 'hypervisor', 'cores', 'scheduler.timesliceUs'].some((f) => errors[`hosts.${i}.${f}`]?.includes(m)))} />
          </div>
        );
      })}
    </section>
  );
}
