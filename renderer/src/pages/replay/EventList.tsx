/**
 * The recorded events as a virtualized list (only the visible rows exist), read a page at a
 * time: by number when unfiltered, through replay.list's `next` when filtered by kind, reason
 * or guest. Clicking a row (or ↑/↓ in the list) selects that event.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EventFilter, ReplayEvent } from '../../../../core/model/index.ts';
import { ErrorBox } from '../../components/ErrorBox.tsx';
import { useLab } from '../../lab.tsx';
import { useFmt } from '../run/format.ts';
import { EventFilterBar } from './EventFilterBar.tsx';
import { kindColor } from './kinds.ts';
import { type EventPages, PAGE_EVENTS } from './useEvents.ts';

const ROW = 26;

export function isPlain(f: EventFilter): boolean {
  return !f.kinds && !f.reasons && f.guest === undefined && f.vcpu === undefined && f.host === undefined;
}

/** Pages of a filtered list, fetched one after another as the list scrolls. */
function useFiltered(runId: number, filter: EventFilter) {
  const lab = useLab();
  const [state, setState] = useState<{ items: ReplayEvent[]; next: number | null; loading: boolean; error: Error | null }>({ items: [], next: 0, loading: false, error: null });
  const key = JSON.stringify(filter);
  const gen = useRef(0);
  useEffect(() => {
    gen.current++;
    setState({ items: [], next: isPlain(filter) ? null : 0, loading: false, error: null });
  }, [key, runId]);
  const more = () => {
    if (state.loading || state.next === null || isPlain(filter)) return;
    const g = gen.current;
    setState((s) => ({ ...s, loading: true }));
    lab.call('replay.list', { runId, from: state.next, limit: PAGE_EVENTS, filter }).then(
      (r) => g === gen.current && setState((s) => ({ items: [...s.items, ...r.events], next: r.next, loading: false, error: null })),
      (e: Error) => g === gen.current && setState((s) => ({ ...s, loading: false, error: e })),
    );
  };
  return { ...state, more };
}

export interface EventListProps {
  runId: number;
  total: number;
  pages: EventPages;
  selected: number;
  onSelect: (index: number) => void;
  filter: EventFilter;
  onFilter: (f: EventFilter) => void;
  guests: readonly string[];
  hosts: readonly string[];
}

export function EventList({ runId, total, pages, selected, onSelect, filter, onFilter, guests, hosts }: EventListProps) {
  const { t } = useTranslation('replay');
  const f = useFmt();
  const plain = isPlain(filter);
  const filtered = useFiltered(runId, filter);
  const count = plain ? total : filtered.items.length + (filtered.next !== null ? 1 : 0);
  const scroller = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({ count, getScrollElement: () => scroller.current, estimateSize: () => ROW, overscan: 12 });
  const rows = v.getVirtualItems();
  const first = rows[0]?.index ?? 0;
  const last = rows[rows.length - 1]?.index ?? 0;
  const [error, setError] = useState<Error | null>(null);

  useEffect(() => {
    if (plain) {
      for (let i = first; i <= last + PAGE_EVENTS - 1 && i < total; i += PAGE_EVENTS) pages.load(i).catch(setError);
      if (last < total) pages.load(last).catch(setError);
    } else if (last >= filtered.items.length - 1) filtered.more();
  }, [plain, first, last, total, filtered.items.length, filtered.next]);

  const rowOf = (i: number): ReplayEvent | undefined => (plain ? pages.get(i) : filtered.items[i]);
  const position = plain ? selected : filtered.items.findIndex((e) => e.index === selected);
  useEffect(() => {
    if (position >= 0) v.scrollToIndex(position, { align: 'center' });
  }, [position]);

  const onKey = (e: KeyboardEvent) => {
    const d = e.key === 'ArrowDown' ? 1 : e.key === 'ArrowUp' ? -1 : 0;
    if (!d) return;
    e.preventDefault();
    e.stopPropagation();
    const at = Math.max(0, Math.min(count - 1, (position < 0 ? first : position) + d));
    const ev = rowOf(at);
    if (ev) onSelect(ev.index);
  };

  const who = (e: ReplayEvent) => (e.guest < guests.length ? `${guests[e.guest]} · ${e.vcpu >= 0 ? e.vcpu : '–'}` : t('list.host', { host: hosts[e.host] ?? e.host }));

  return (
    <div className="rp-list panel">
      <EventFilterBar filter={filter} onFilter={onFilter} guests={guests} />
      <div className="rp-row rp-head" aria-hidden="true">
        <span className="num">#</span>
        <span className="num">{t('list.time')}</span>
        <span>{t('list.where')}</span>
        <span>{t('list.kind')}</span>
        <span>{t('list.reason')}</span>
        <span className="num">{t('list.cycles')}</span>
      </div>
      <div ref={scroller} className="rp-scroll" tabIndex={0} role="listbox" aria-label={t('list.label', { count: plain ? total : filtered.items.length })} aria-activedescendant={position >= 0 ? `rp-ev-${selected}` : undefined} onKeyDown={onKey}>
        <div style={{ height: v.getTotalSize(), position: 'relative' }}>
          {rows.map((r) => {
            const e = rowOf(r.index);
            const style = { position: 'absolute' as const, top: 0, left: 0, right: 0, height: ROW, transform: `translateY(${r.start}px)` };
            if (!e) return <div key={r.key} style={style} className="rp-row muted">{!plain && filtered.next === null ? '' : t('list.loading')}</div>;
            const sel = e.index === selected;
            return (
              <div key={r.key} id={`rp-ev-${e.index}`} role="option" aria-selected={sel} style={style} className={`rp-row${sel ? ' rp-sel' : ''}`} onClick={() => onSelect(e.index)} title={e.pathName ?? undefined}>
                <span className="num">{e.index}</span>
                <span className="num">{f.ns(e.t)}</span>
                <span className="rp-ellipsis">{who(e)}</span>
                <span><i className="rp-dot" style={{ background: kindColor(e.kind) }} /> {t(`kind.${e.kind}`)}</span>
                <span className="rp-mono rp-ellipsis">{e.reason}</span>
                <span className="num">{e.cycles > 0 ? f.num(e.cycles, 0) : '–'}</span>
              </div>
            );
          })}
        </div>
      </div>
      <p className="muted rp-list-foot" aria-live="polite">
        {plain ? t('list.all', { n: f.num(total, 0) }) : filtered.next === null ? t('list.matches', { n: f.num(filtered.items.length, 0) }) : t('list.matchesSoFar', { n: f.num(filtered.items.length, 0) })}
      </p>
      <ErrorBox error={error ?? filtered.error} />
    </div>
  );
}
