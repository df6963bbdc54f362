/** One colour per event kind (in EVENT_KINDS order), for the timeline, its legend and the event list. */
import { EVENT_KINDS, type EventKind } from '../../../../core/model/index.ts';

const BY_KIND: Record<EventKind, string> = {
  exit: '#e11d48',
  hypercall: '#10b981',
  inject: '#f97316',
  notify: '#06b6d4',
  schedule: '#64748b',
  fault: '#8b5cf6',
  fallback: '#eab308',
  addon: '#db2777',
  guest: '#3b82f6',
  io: '#a16207',
};

export const KIND_COLORS: readonly string[] = EVENT_KINDS.map((k) => BY_KIND[k]);

export function kindColor(k: EventKind): string {
  return BY_KIND[k];
}
