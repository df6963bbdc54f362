/**
 * The event stream: every exit, hypercall, interrupt injection, device notification,
 * scheduling decision, fault, fallback and add-on state change. Events are passed as numbers
 * (no allocation per event); names come from the tables below and the run's path table.
 */

import { EVENT_KINDS, type EventKind, REASONS, type Reason } from '../model/events.ts';

export { EVENT_KINDS, type EventKind, REASONS, type Reason };
export const EventKindId = Object.fromEntries(EVENT_KINDS.map((k, i) => [k, i])) as Record<EventKind, number>;
export const ReasonId = Object.fromEntries(REASONS.map((r, i) => [r, i])) as Record<Reason, number>;

/** The guest field of an event about a host rather than a guest. */
export const NO_GUEST = 0xffff;
/** The path field of an event that belongs to no path (scheduling, guest and host events). */
export const NO_PATH = -1;

/** Where an event's numbers go. `path` indexes the run's path table (see Engine.pathNames). */
export interface EventSink {
  event(t: number, host: number, guest: number, vcpu: number, kind: number, reason: number, cycles: number, path: number): void;
}

/** A decoded event, for display and tests. */
export interface SimEvent {
  index: number;
  t: number;
  host: number;
  guest: number;
  vcpu: number;
  kind: EventKind;
  reason: Reason;
  cycles: number;
  path: number;
}

/**
 * A 64-bit FNV-1a-style hash over the event fields, computed with 32-bit integer operations
 * only, so the same stream hashes the same on every platform.
 */
export class StreamHasher implements EventSink {
  private h1 = 0x811c9dc5;
  private h2 = 0x01000193 ^ 0x5bd1e995;
  count = 0;

  private mix(v: number): void {
    // split into two 32-bit halves so values beyond 2^32 (event times) hash exactly
    const lo = v >>> 0;
    // (most fields fit in 32 bits: their high half is 0 without the division)
    const hi = v >= 0 && v < 4294967296 ? 0 : Math.floor(v / 4294967296) >>> 0;
    this.h1 = Math.imul(this.h1 ^ lo, 0x01000193);
    this.h2 = Math.imul(this.h2 ^ lo, 0x5bd1e995);
    this.h1 = Math.imul(this.h1 ^ hi, 0x01000193);
    this.h2 = Math.imul(this.h2 ^ (hi + 0x9e3779b9), 0x5bd1e995);
    this.h2 ^= this.h2 >>> 15;
  }

  event(t: number, host: number, guest: number, vcpu: number, kind: number, reason: number, cycles: number, path: number): void {
    this.count++;
    this.mix(t);
    this.mix(((host & 0xff) << 24) | ((guest & 0xff) << 16) | ((vcpu & 0xff) << 8) | (kind & 0xff));
    this.mix(reason);
    this.mix(cycles);
    this.mix(path);
  }

  digest(): string {
    return (this.h1 >>> 0).toString(16).padStart(8, '0') + (this.h2 >>> 0).toString(16).padStart(8, '0');
  }

  state(): [number, number, number] {
    return [this.h1, this.h2, this.count];
  }

  restore(s: readonly [number, number, number]): void {
    [this.h1, this.h2, this.count] = s;
  }
}

/** Fan one stream out to several sinks. */
export function teeSinks(...sinks: EventSink[]): EventSink {
  return {
    event(t, host, guest, vcpu, kind, reason, cycles, path) {
      for (const s of sinks) s.event(t, host, guest, vcpu, kind, reason, cycles, path);
    },
  };
}
