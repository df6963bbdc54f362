/** The event list's filter: one kind, one reason and one guest (each optional). "n" finds the next match. */
import { useTranslation } from 'react-i18next';
import { EVENT_KINDS, type EventFilter, type EventKind, REASONS, type Reason } from '../../../../core/model/index.ts';

export function EventFilterBar({ filter, onFilter, guests }: { filter: EventFilter; onFilter: (f: EventFilter) => void; guests: readonly string[] }) {
  const { t } = useTranslation('replay');
  const set = (patch: Partial<Record<'kinds' | 'reasons' | 'guest', unknown>>) => {
    const next: EventFilter = { ...filter };
    for (const [k, v] of Object.entries(patch)) {
      if (v === undefined) delete next[k as keyof EventFilter];
      else Object.assign(next, { [k]: v });
    }
    onFilter(next);
  };
  const kind = filter.kinds?.[0] ?? '';
  const reason = filter.reasons?.[0] ?? '';
  return (
    <div className="toolbar rp-filter" role="group" aria-label={t('filter.label')}>
      <label>
        {t('filter.kind')}{' '}
        <select aria-label={t('filter.kind')} value={kind} onChange={(e) => set({ kinds: e.target.value ? [e.target.value as EventKind] : undefined })}>
          <option value="">{t('filter.any')}</option>
          {EVENT_KINDS.map((k) => (
            <option key={k} value={k}>{t(`kind.${k}`)}</option>
          ))}
        </select>
      </label>
      <label>
        {t('filter.reason')}{' '}
        <select aria-label={t('filter.reason')} value={reason} onChange={(e) => set({ reasons: e.target.value ? [e.target.value as Reason] : undefined })}>
          <option value="">{t('filter.any')}</option>
          {REASONS.filter((r) => r !== 'none').map((r) => (
            <option key={r} value={r}>{r}</option>
          ))}
        </select>
      </label>
      <label>
        {t('filter.guest')}{' '}
        <select aria-label={t('filter.guest')} value={filter.guest ?? ''} onChange={(e) => set({ guest: e.target.value === '' ? undefined : Number(e.target.value) })}>
          <option value="">{t('filter.any')}</option>
          {guests.map((g, i) => (
            <option key={g} value={i}>{g}</option>
          ))}
        </select>
      </label>
      <button onClick={() => onFilter({})} disabled={!kind && !reason && filter.guest === undefined}>{t('filter.clear')}</button>
    </div>
  );
}
