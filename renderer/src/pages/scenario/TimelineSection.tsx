/** The scenario's timeline: one row per action (install or remove an add-on, change load or device, host failure, repair, maintenance, migration). */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEVICE_INFO, DeviceModel, type ScenarioCheck, type TimelineAction } from '../../../../core/model/index.ts';
import { ACTION_KINDS, type ActionKind, newAction } from './draft.ts';
import type { SectionProps } from './HostsSection.tsx';
import { Field, FieldErrors, NumberInput, EntryOptions } from './ui.tsx';

const CLASS_OF = { nic: 'net', disk: 'disk', clock: 'clock' } as const;

export function TimelineSection({ scenario: s, catalog, errors, update, report }: SectionProps & { report: ScenarioCheck | null }) {
  const { t } = useTranslation('scenario');
  const [kind, setKind] = useState<ActionKind>('install-addon');
  const kindId = useId();
  const set = (i: number, a: TimelineAction) => update((x) => ({ ...x, timeline: x.timeline.map((b, j) => (j === i ? a : b)) }));
  const remove = (i: number) => update((x) => ({ ...x, timeline: x.timeline.filter((_, j) => j !== i) }));
  const add = () =>
    update((x) => {
      // an add-on for the first guest's OS comes first
      const family = catalog.oses.find((o) => o.id === x.guests[0]?.os)?.family;
      const addons = [...catalog.addons].sort((a, b) => Number(b.requires.osFamily === family) - Number(a.requires.osFamily === family));
      return { ...x, timeline: [...x.timeline, newAction(kind, x, addons.map((a) => a.id))] };
    });

  const guestSelect = (i: number, a: Extract<TimelineAction, { guest: string }>) => (
    <Field label={t('field.guest')} errors={errors[`timeline.${i}.guest`]}>
      <select value={a.guest} onChange={(e) => set(i, { ...a, guest: e.target.value })}>
        {!s.guests.some((g) => g.id === a.guest) && <option value={a.guest}>{t('missing', { id: a.guest || '—' })}</option>}
        {s.guests.map((g) => (
          <option key={g.id} value={g.id}>
            {g.id}
          </option>
        ))}
      </select>
    </Field>
  );
  const hostSelect = (i: number, value: string, onChange: (v: string) => void, label: string, path: string) => (
    <Field label={label} errors={errors[`timeline.${i}.${path}`]}>
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        {!s.hosts.some((h) => h.id === value) && <option value={value}>{t('missing', { id: value || '—' })}</option>}
        <EntryOptions entries={s.hosts} />
      </select>
    </Field>
  );

  const fields = (a: TimelineAction, i: number) => {
    switch (a.action) {
      case 'install-addon':
      case 'remove-addon':
        return (
          <>
            {guestSelect(i, a)}
            <Field label={t('field.addon')} errors={errors[`timeline.${i}.addon`]} wide>
              <select value={a.addon} onChange={(e) => set(i, { ...a, addon: e.target.value })}>
                {catalog.addons.map((x) => (
                  <option key={x.id} value={x.id}>
                    {t('addonOption', { name: x.name, version: x.version })}
                  </option>
                ))}
              </select>
            </Field>
          </>
        );
      case 'set-load':
        return (
          <>
            {guestSelect(i, a)}
            <Field label={t('field.demandKind')} errors={errors[`timeline.${i}.demand.kind`]}>
              <select
                value={a.demand.kind}
                onChange={(e) => set(i, { ...a, demand: e.target.value === 'open' ? { kind: 'open', ratePerSec: 100 } : { kind: 'closed', concurrency: 2 } })}
              >
                <option value="closed">{t('demand.closed')}</option>
                <option value="open">{t('demand.open')}</option>
              </select>
            </Field>
            {a.demand.kind === 'closed' ? (
              <Field label={t('field.concurrency')} errors={errors[`timeline.${i}.demand.concurrency`]}>
                <NumberInput value={a.demand.concurrency} onChange={(v) => set(i, { ...a, demand: { kind: 'closed', concurrency: v } })} />
              </Field>
            ) : (
              <Field label={t('field.ratePerSec')} errors={errors[`timeline.${i}.demand.ratePerSec`]}>
                <NumberInput value={a.demand.ratePerSec} onChange={(v) => set(i, { ...a, demand: { kind: 'open', ratePerSec: v } })} />
              </Field>
            )}
          </>
        );
      case 'set-device':
        return (
          <>
            {guestSelect(i, a)}
            <Field label={t('field.device')} errors={errors[`timeline.${i}.device`]}>
              <select
                value={a.device}
                onChange={(e) => {
                  const device = e.target.value as 'nic' | 'disk' | 'clock';
                  const model = DeviceModel.options.find((m) => DEVICE_INFO[m].class === CLASS_OF[device])!;
                  set(i, { ...a, device, model });
                }}
              >
                {(['nic', 'disk', 'clock'] as const).map((d) => (
                  <option key={d} value={d}>
                    {t(`field.${d}`)}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t('field.model')} errors={errors[`timeline.${i}.model`]}>
              <select value={a.model} onChange={(e) => set(i, { ...a, model: e.target.value as DeviceModel })}>
                {DeviceModel.options.filter((m) => DEVICE_INFO[m].class === CLASS_OF[a.device]).map((m) => (
                  <option key={m} value={m}>
                    {t(`device.${m}.label`)}
                  </option>
                ))}
              </select>
            </Field>
          </>
        );
      case 'host-failure':
      case 'host-repair':
        return hostSelect(i, a.host, (host) => set(i, { ...a, host }), t('field.host'), 'host');
      case 'host-maintenance':
        return (
          <>
            {hostSelect(i, a.host, (host) => set(i, { ...a, host }), t('field.host'), 'host')}
            <Field label={t('field.maintenanceMs')} errors={errors[`timeline.${i}.durationMs`]}>
              <NumberInput value={a.durationMs} onChange={(v) => set(i, { ...a, durationMs: v })} />
            </Field>
          </>
        );
      case 'migrate':
        return (
          <>
            {guestSelect(i, a)}
            {hostSelect(i, a.to, (to) => set(i, { ...a, to }), t('field.to'), 'to')}
          </>
        );
    }
  };

  return (
    <section className="panel sc-section" aria-labelledby="sc-timeline">
      <div className="toolbar">
        <h2 id="sc-timeline">{t('timeline')}</h2>
        <span className="sc-spacer" />
        <label htmlFor={kindId}>{t('actionKind')}</label>
        <select id={kindId} value={kind} onChange={(e) => setKind(e.target.value as ActionKind)}>
            {ACTION_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`action.${k}`)}
              </option>
            ))}
        </select>
        <button type="button" onClick={add}>
          {t('addAction')}
        </button>
      </div>
      {s.timeline.length === 0 && <p className="muted">{t('noActions')}</p>}
      {s.timeline.map((a, i) => {
        const problems = (report?.problems ?? []).filter((p) => p.where.startsWith(`timeline.${i}.`)).map((p) => p.message);
        return (
          <div key={i} className="sc-row-card" role="group" aria-label={t('actionLabel', { n: i + 1, action: t(`action.${a.action}`) })}>
            <div className="sc-grid sc-grid-action">
              <div className="sc-action-name">
                <strong>{t(`action.${a.action}`)}</strong>
                <div className="muted">{t(`actionWhat.${a.action}`)}</div>
              </div>
              <Field label={t('field.atMs')} errors={errors[`timeline.${i}.atMs`]}>
                <NumberInput value={a.atMs} onChange={(v) => set(i, { ...a, atMs: v })} />
              </Field>
              {fields(a, i)}
              <button type="button" className="sc-remove" onClick={() => remove(i)} aria-label={t('removeActionLabel', { n: i + 1 })}>
                {t('remove')}
              </button>
            </div>
            <FieldErrors errors={[...(errors[`timeline.${i}`] ?? []), ...problems]} />
          </div>
        );
      })}
    </section>
  );
}
