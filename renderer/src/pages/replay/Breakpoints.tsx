/** The breakpoint list: add one by kind / reason / guest (or from the selected event), switch off, remove. */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EVENT_KINDS, type EventKind, REASONS, type Reason, type ReplayEvent } from '../../../../core/model/index.ts';
import { type Breakpoint, toggleBreakpoint } from './breakpoints.ts';

export function Breakpoints({ list, onChange, guests, selected }: { list: Breakpoint[]; onChange: (l: Breakpoint[]) => void; guests: readonly string[]; selected: ReplayEvent | null }) {
  const { t } = useTranslation('replay');
  const [kind, setKind] = useState<EventKind | ''>('');
  const [reason, setReason] = useState<Reason | ''>('');
  const [guest, setGuest] = useState('');
  const cond = { kind: kind || null, reason: reason || null, guest: guest === '' ? null : Number(guest) };
  const describe = (b: Omit<Breakpoint, 'id' | 'enabled'>) =>
    [b.kind ? t(`kind.${b.kind}`) : null, b.reason, b.guest !== null ? guests[b.guest] ?? `#${b.guest}` : null].filter(Boolean).join(' · ') || t('bp.any');
  return (
    <div className="panel rp-bps">
      <h2>{t('bp.title')}</h2>
      {list.length === 0 ? (
        <p className="muted">{t('bp.none')}</p>
      ) : (
        <ul className="rp-bp-list">
          {list.map((b) => (
            <li key={b.id}>
              <label>
                <input type="checkbox" checked={b.enabled} onChange={() => onChange(list.map((x) => (x.id === b.id ? { ...x, enabled: !x.enabled } : x)))} /> {describe(b)}
              </label>{' '}
              <button className="rp-x" aria-label={t('bp.remove', { what: describe(b) })} onClick={() => onChange(list.filter((x) => x.id !== b.id))}>×</button>
            </li>
          ))}
        </ul>
      )}
      <div className="toolbar">
        <label>
          {t('filter.kind')}{' '}
          <select aria-label={t('filter.kind')} value={kind} onChange={(e) => setKind(e.target.value as EventKind | '')}>
            <option value="">{t('filter.any')}</option>
            {EVENT_KINDS.map((k) => <option key={k} value={k}>{t(`kind.${k}`)}</option>)}
          </select>
        </label>
        <label>
          {t('filter.reason')}{' '}
          <select aria-label={t('filter.reason')} value={reason} onChange={(e) => setReason(e.target.value as Reason | '')}>
            <option value="">{t('filter.any')}</option>
            {REASONS.filter((r) => r !== 'none').map((r) => <option key={r} value={r}>{r}</option>)}
          </select>
        </label>
        <label>
          {t('filter.guest')}{' '}
          <select aria-label={t('filter.guest')} value={guest} onChange={(e) => setGuest(e.target.value)}>
            <option value="">{t('filter.any')}</option>
            {guests.map((g, i) => <option key={g} value={i}>{g}</option>)}
          </select>
        </label>
        <button onClick={() => onChange(toggleBreakpoint(list.filter((b) => !(b.kind === cond.kind && b.reason === cond.reason && b.guest === cond.guest)), cond))} disabled={!kind && !reason && guest === ''}>
          {t('bp.add')}
        </button>
        {selected && (
          <button onClick={() => onChange(toggleBreakpoint(list, { kind: selected.kind, reason: selected.reason, guest: null }))}>
            {t('bp.toggleSelected', { what: describe({ kind: selected.kind, reason: selected.reason, guest: null }) })}
          </button>
        )}
      </div>
    </div>
  );
}
