/** A guest's NIC interrupt coalescing (ethtool -C), for the NICs its own driver programs: bare metal's and an SR-IOV VF. */
import { useTranslation } from 'react-i18next';
import type { GuestSpec, NicCoalescing } from '../../../../core/model/index.ts';
import { Field, NumberInput } from './ui.tsx';

/** The interval a person starts from when switching coalescing to an interval: the drivers' default, 50 µs. */
const DEFAULT_INTERVAL_US = 50;

export function NicCoalescingField({ guest: g, errors, onChange }: { guest: GuestSpec; errors: readonly string[]; onChange: (c: NicCoalescing | undefined) => void }) {
  const { t } = useTranslation('scenario');
  // emulated and PV NICs coalesce as their device model does: the setting would change nothing there
  if (g.mode !== 'native' && g.devices.nic !== 'sriov-vf') return null;
  const c = g.devices.nicCoalescing;
  return (
    <>
      <Field label={t('field.nicCoalescing')} errors={errors} hint={t('nicCoalescingHint')}>
        <select value={c?.mode ?? ''} onChange={(e) => onChange(e.target.value === 'off' ? { mode: 'off' } : e.target.value === 'interval' ? { mode: 'interval', intervalUs: DEFAULT_INTERVAL_US } : undefined)}>
          <option value="">{t('nicCoalescing.default')}</option>
          <option value="off">{t('nicCoalescing.off')}</option>
          <option value="interval">{t('nicCoalescing.interval')}</option>
        </select>
      </Field>
      {c?.mode === 'interval' && (
        <Field label={t('field.nicCoalescingUs')} errors={errors}>
          <NumberInput value={c.intervalUs} min={2} max={1022} step={1} onChange={(v) => onChange({ mode: 'interval', intervalUs: v })} />
        </Field>
      )}
    </>
  );
}
