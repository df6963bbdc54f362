import type { EventSink } from '../../core/engine/index.ts';

/** A sink that keeps every event as a compact string, for exact comparisons in tests. */
export class CollectSink implements EventSink {
  readonly events: string[] = [];
  readonly times: number[] = [];
  event(t: number, host: number, guest: number, vcpu: number, kind: number, reason: number, cycles: number, path: number): void {
    this.events.push(`${t}|${host}|${guest}|${vcpu}|${kind}|${reason}|${cycles}|${path}`);
    this.times.push(t);
  }
}
