/**
 * Breakpoints of a replay: conditions on an event's kind, reason and guest (each optional, all
 * that are set must hold). Playing stops at an event that meets any enabled breakpoint;
 * "continue" asks the service for the nearest such event ahead.
 */
import type { EventFilter, EventKind, Reason, ReplayEvent } from '../../../../core/model/index.ts';

export interface Breakpoint {
  id: string;
  kind: EventKind | null;
  reason: Reason | null;
  guest: number | null;
  enabled: boolean;
}

export function matchesBreakpoint(b: Breakpoint, e: Pick<ReplayEvent, 'kind' | 'reason' | 'guest'>): boolean {
  return b.enabled && (b.kind === null || b.kind === e.kind) && (b.reason === null || b.reason === e.reason) && (b.guest === null || b.guest === e.guest);
}

/** The first enabled breakpoint an event meets, if any. */
export function hitBreakpoint(list: readonly Breakpoint[], e: Pick<ReplayEvent, 'kind' | 'reason' | 'guest'>): Breakpoint | null {
  return list.find((b) => matchesBreakpoint(b, e)) ?? null;
}

/** The filter the service searches with for one breakpoint. */
export function breakpointFilter(b: Breakpoint): EventFilter {
  return { ...(b.kind ? { kinds: [b.kind] } : {}), ...(b.reason ? { reasons: [b.reason] } : {}), ...(b.guest !== null ? { guest: b.guest } : {}) };
}

export function sameCondition(a: Omit<Breakpoint, 'id' | 'enabled'>, b: Omit<Breakpoint, 'id' | 'enabled'>): boolean {
  return a.kind === b.kind && a.reason === b.reason && a.guest === b.guest;
}

/** Add a breakpoint on this condition, or remove the one that has it (the `b` key). */
export function toggleBreakpoint(list: readonly Breakpoint[], cond: Omit<Breakpoint, 'id' | 'enabled'>): Breakpoint[] {
  if (list.some((b) => sameCondition(b, cond))) return list.filter((b) => !sameCondition(b, cond));
  return [...list, { ...cond, id: `${cond.kind ?? '*'}/${cond.reason ?? '*'}/${cond.guest ?? '*'}`, enabled: true }];
}

/** The nearest of several found events in a direction (null when none was found). */
export function nearest<T extends { index: number }>(found: readonly (T | null)[], direction: 1 | -1): T | null {
  let best: T | null = null;
  for (const e of found) if (e && (!best || (direction === 1 ? e.index < best.index : e.index > best.index))) best = e;
  return best;
}
