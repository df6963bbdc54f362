/** The scenario's guests: a card each with its set-up, an inline editor, the add-on installer, and New guest (the wizard). */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEVICE_INFO, type DeviceModel, DeviceModel as DeviceModelSchema, type GuestSpec, HvFlag, type ScenarioCheck, VirtMode } from '../../../../core/model/index.ts';
import { errorsUnder, problemsOf, removeGuest } from './draft.ts';
import type { SectionProps } from './HostsSection.tsx';
import { Badge, Field, FieldErrors, NumberInput, StatusBadge, EntryOptions } from './ui.tsx';
import { NicCoalescingField } from './NicCoalescingField.tsx';

type Props = SectionProps & { report: ScenarioCheck | null; onNewGuest: () => void; onAddons: (guestId: string) => void };

export function GuestsSection({ scenario: s, catalog, errors, update, report, onNewGuest, onAddons }: Props) {
  const { t } = useTranslation('scenario');
  const [editing, setEditing] = useState<string | null>(null);
  return (
    <section className="panel sc-section" aria-labelledby="sc-guests">
      <div className="toolbar">
        <h2 id="sc-guests">{t('guests')}</h2>
        <span className="sc-spacer" />
        <button type="button" className="primary" onClick={onNewGuest}>
          {t('newGuest')}
        </button>
      </div>
      <FieldErrors errors={errors['guests'] ?? []} />
      {s.guests.length === 0 && <p className="muted">{t('noGuests')}</p>}
      {s.guests.map((g, i) => {
        const os = catalog.oses.find((o) => o.id === g.os);
        const w = catalog.workloads.find((x) => x.id === g.workload.id);
        const rep = report?.guests.find((r) => r.guest === g.id);
        const problems = report ? problemsOf(report.problems, g.id) : [];
        return (
          <div key={i} className="sc-row-card" role="group" aria-label={t('guestLabel', { id: g.id })}>
            <div className="sc-guest-head">
              <strong>{g.id}</strong>
              <span>{t('guestSummary', { os: os?.name ?? g.os, host: g.host })}</span>
              {problems.length > 0 ? <Badge tone="bad">{t('problems', { count: problems.length })}</Badge> : rep && <Badge tone="ok">{t('ready')}</Badge>}
            </div>
            <div className="muted">
              {t('guestDetail', { mode: t(`mode.${g.mode}`), vcpus: g.vcpus, memory: g.memoryMiB, workload: w?.name ?? g.workload.id })}
            </div>
            <div className="row sc-guest-addons">
              <span>{t('addonsLabel')}</span>
              {g.addons.length === 0 && <span className="muted">{t('common:none')}</span>}
              {g.addons.map((a) => {
                const res = rep?.addons.find((x) => x.addon === a);
                return (
                  <span key={a} className="row">
                    <code>{a}</code>
                    {res && <StatusBadge status={res.status} />}
                  </span>
                );
              })}
            </div>
            {editing !== g.id && <FieldErrors errors={errorsUnder(errors, `guests.${i}`)} />}
            <div className="row">
              <button type="button" onClick={() => setEditing(editing === g.id ? null : g.id)} aria-expanded={editing === g.id} aria-label={t('editGuestLabel', { id: g.id })}>
                {t('edit')}
              </button>
              <button type="button" onClick={() => onAddons(g.id)} aria-label={t('addonsButtonLabel', { id: g.id })}>
                {t('addonsButton')}
              </button>
              <button type="button" onClick={() => update((x) => removeGuest(x, g.id))} aria-label={t('removeGuestLabel', { id: g.id })}>
                {t('remove')}
              </button>
            </div>
            {editing === g.id && (
              <GuestForm guest={g} index={i} {...{ scenario: s, catalog, errors, update }} problems={report?.problems ?? []} />
            )}
          </div>
        );
      })}
    </section>
  );
}

const CLASS_OF = { nic: 'net', disk: 'disk', clock: 'clock' } as const;

function GuestForm({ guest: g, index: i, scenario: s, catalog, errors, update, problems }: SectionProps & { guest: GuestSpec; index: number; problems: ScenarioCheck['problems'] }) {
  const { t } = useTranslation('scenario');
  const set = (patch: Partial<GuestSpec>) => update((x) => ({ ...x, guests: x.guests.map((y, j) => (j === i ? { ...y, ...patch } : y)) }));
  const err = (f: string) => [...(errors[`guests.${i}.${f}`] ?? []), ...problemsOf(problems, g.id, f)];
  const host = s.hosts.find((h) => h.id === g.host);
  const hv = catalog.hypervisors.find((v) => v.id === host?.hypervisor);
  const offered = (cls: 'nic' | 'disk' | 'clock'): DeviceModel[] =>
    DeviceModelSchema.options.filter((m) => DEVICE_INFO[m].class === CLASS_OF[cls] && (m === 'tsc' || !hv || hv.devices[m] !== undefined || g.devices[cls] === m));
  const workload = catalog.workloads.find((w) => w.id === g.workload.id);
  return (
    <div className="sc-grid sc-guest-form">
      <Field label={t('field.host')} errors={err('host')}>
        <select value={g.host} onChange={(e) => set({ host: e.target.value })}>
          <EntryOptions entries={s.hosts} />
        </select>
      </Field>
      <Field label={t('field.os')} errors={err('os')} wide>
        <select value={g.os} onChange={(e) => set({ os: e.target.value })}>
          <EntryOptions entries={catalog.oses} />
        </select>
      </Field>
      <Field label={t('field.vcpus')} errors={err('vcpus')}>
        <NumberInput value={g.vcpus} onChange={(v) => set({ vcpus: v })} />
      </Field>
      <Field label={t('field.memoryMiB')} errors={err('memoryMiB')}>
        <NumberInput value={g.memoryMiB} onChange={(v) => set({ memoryMiB: v })} />
      </Field>
      <Field label={t('field.mode')} errors={err('mode')} wide>
        <select value={g.mode} onChange={(e) => set({ mode: e.target.value as GuestSpec['mode'] })}>
          {VirtMode.options.map((m) => (
            <option key={m} value={m}>
              {t(`mode.${m}`)}
            </option>
          ))}
        </select>
      </Field>
      {(['nic', 'disk', 'clock'] as const).map((cls) => (
        <Field key={cls} label={t(`field.${cls}`)} errors={err(`devices.${cls}`)}>
          <select value={g.devices[cls] ?? ''} onChange={(e) => set({ devices: { ...g.devices, [cls]: (e.target.value || undefined) as DeviceModel | undefined } })}>
            <option value="">{t('automatic')}</option>
            {offered(cls).map((m) => (
              <option key={m} value={m}>
                {t(`device.${m}.label`)}
              </option>
            ))}
          </select>
        </Field>
      ))}
      <Field label={t('field.nicBackend')} errors={err('devices.nicBackend')}>
        <select value={g.devices.nicBackend ?? ''} onChange={(e) => set({ devices: { ...g.devices, nicBackend: (e.target.value || undefined) as 'vhost' | 'userspace' | undefined } })}>
          <option value="">{t('automatic')}</option>
          <option value="vhost">{t('backend.vhost')}</option>
          <option value="userspace">{t('backend.userspace')}</option>
        </select>
      </Field>
      <NicCoalescingField guest={g} errors={err('devices.nicCoalescing')} onChange={(nicCoalescing) => set({ devices: { ...g.devices, nicCoalescing } })} />
      <Field label={t('field.workload')} errors={err('workload.id')} wide>
        <select value={g.workload.id} onChange={(e) => set({ workload: { id: e.target.value, params: {} } })}>
          {catalog.workloads.map((w) => (
            <option key={w.id} value={w.id}>
              {w.name}
            </option>
          ))}
        </select>
      </Field>
      {workload &&
        Object.entries(workload.params).map(([k, p]) => (
          <Field key={k} label={t('param', { name: k })} errors={err(`workload.params.${k}`)} hint={t('paramHint', { min: p.min, max: p.max, description: p.description })}>
            <NumberInput value={g.workload.params[k] ?? p.default} onChange={(v) => set({ workload: { ...g.workload, params: { ...g.workload.params, [k]: v } } })} />
          </Field>
        ))}
      <Field label={t('field.privileged')} errors={err('privileged')}>
        <input type="checkbox" checked={g.privileged} onChange={(e) => set({ privileged: e.target.checked })} />
      </Field>
      {hv?.family === 'kvm' && (catalog.oses.find((o) => o.id === g.os)?.family === 'windows' || (g.hvFlags?.length ?? 0) > 0) && <HvFlagsField flags={g.hvFlags ?? []} errors={err('hvFlags')} onChange={(hvFlags) => set({ hvFlags: hvFlags.length > 0 ? hvFlags : undefined })} />}
    </div>
  );
}

/**
 * QEMU's hv-* flags for a Windows guest of a KVM host: the Hyper-V enlightenments Windows uses
 * (shown for another OS only while it has some set, so they can be taken off).
 */
function HvFlagsField({ flags, errors, onChange }: { flags: readonly HvFlag[]; errors: readonly string[]; onChange: (flags: HvFlag[]) => void }) {
  const { t } = useTranslation('scenario');
  return (
    <fieldset className={`sc-field sc-checklist${errors.length > 0 ? ' sc-invalid' : ''}`}>
      <legend className="sc-label">{t('field.hvFlags')}</legend>
      {HvFlag.options.map((f) => (
        <label key={f} className="row">
          <input type="checkbox" checked={flags.includes(f)} onChange={(e) => onChange(HvFlag.options.filter((x) => (x === f ? e.target.checked : flags.includes(x))))} />
          <code>{f}</code>
          <span>{t(`hvFlag.${f}`)}</span>
        </label>
      ))}
      <span className="muted sc-hint">{t('hvFlagsHint')}</span>
      <FieldErrors errors={errors} />
    </fieldset>
  );
}
