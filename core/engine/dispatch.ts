/**
 * The dispatch table: each subsystem registers the kernel event kinds it owns, with a name and a
 * handler, and the kernel's events go to their owner (gem5's "each component owns its events").
 * Kinds are small integers because they are stored in the queue and so in checkpoints: a kind
 * keeps its number for as long as checkpoints of this engine version exist.
 */
import type { Sim } from './sim.ts';

/** Handles one kernel event `(a, b)`; what `a` and `b` hold is documented where the kind is declared. */
export type EventHandler = (sim: Sim, a: number, b: number) => void;

export class EventTable {
  private readonly handlers: EventHandler[] = [];
  private readonly names: string[] = [];

  /** Claim kind `kind` for `handler`; two subsystems claiming one number is a programming error. */
  register(kind: number, name: string, handler: EventHandler): void {
    if (!Number.isInteger(kind) || kind < 0) throw new Error(`internal: event kind ${kind} (${name}) is not a small non-negative integer`);
    if (this.handlers[kind]) throw new Error(`internal: event kind ${kind} is claimed by both ${this.names[kind]} and ${name}`);
    this.handlers[kind] = handler;
    this.names[kind] = name;
  }

  /** The registered kinds by number, for documentation and error messages. */
  kindNames(): readonly string[] {
    return this.names;
  }

  /** The kernel's dispatch callback for `sim`: made once per engine, not per event. */
  dispatcher(sim: Sim): (kind: number, a: number, b: number) => void {
    const handlers = this.handlers;
    for (let k = 0; k < handlers.length; k++) {
      if (!handlers[k]) throw new Error(`internal: event kind ${k} has no handler (kinds are numbered without gaps)`);
    }
    return (kind, a, b) => handlers[kind]!(sim, a, b);
  }
}
