/**
 * What a replay shows about each guest at the cursor, derived from the events alone: counts by
 * event kind, lifecycle status, the path it last ran and the state of each add-on. The tracker
 * runs over the recorded stream; its state at each chunk's end is stored in the chunk summary,
 * so the state at any event costs one chunk scan.
 */
import { z } from 'zod';
import { EVENT_KINDS, EventKindId, REASONS, ReasonId } from '../engine/events.ts';
import { AddonState, GuestStatus, TrackedGuest } from '../model/index.ts';
import type { EventColumns } from './codec.ts';

export { GuestStatus, AddonState, TrackedGuest };

export const TrackerState = z.object({ guests: z.array(TrackedGuest) });
export type TrackerState = z.infer<typeof TrackerState>;

/** One timeline add-on action, as the tracker needs it. */
export interface AddonAction {
  guest: number;
  tNs: number;
  addon: string;
  install: boolean;
}

const ADDON_REASON_STATE: Partial<Record<(typeof REASONS)[number], AddonState>> = {
  installing: 'installing',
  installed: 'installed',
  active: 'active',
  inactive: 'inactive',
  install_refused: 'install-refused',
  removed: 'removed',
};

export function initialTracker(initialAddons: readonly Record<string, AddonState>[]): TrackerState {
  return {
    guests: initialAddons.map((addons) => ({
      status: 'running',
      kinds: new Array<number>(EVENT_KINDS.length).fill(0),
      path: -1,
      addons: { ...addons },
      pendingAddon: null,
    })),
  };
}

export class GuestTracker {
  state: TrackerState;
  private readonly actions: readonly AddonAction[];

  constructor(state: TrackerState, actions: readonly AddonAction[]) {
    this.state = structuredClone(state);
    this.actions = actions;
  }

  /** Apply events [from, to) of a chunk. */
  apply(c: EventColumns, from = 0, to = c.count): void {
    const guests = this.state.guests;
    for (let i = from; i < to; i++) {
      const g = guests[c.guest[i]!];
      if (!g) continue;
      const kind = c.kind[i]!;
      g.kinds[kind] = (g.kinds[kind] ?? 0) + 1;
      if (c.path[i]! >= 0) g.path = c.path[i]!;
      const reason = c.reason[i]!;
      if (kind === EventKindId.guest) {
        if (reason === ReasonId.boot) g.status = 'running';
        else if (reason === ReasonId.reboot) g.status = 'down';
        else if (reason === ReasonId.done) g.status = 'done';
        else if (reason === ReasonId.crash) g.status = 'crashed';
        else if (reason === ReasonId.host_failure) g.status = 'host-failed';
        else if (reason === ReasonId.migrate_stop_copy) g.status = 'paused';
        else if (reason === ReasonId.migrate_done || (reason === ReasonId.migrate_refused && g.status === 'paused')) g.status = 'running';
      } else if (reason === ReasonId.crash) {
        g.status = 'crashed';
      } else if (kind === EventKindId.fallback && reason === ReasonId.pv_call_failed) {
        for (const [id, s] of Object.entries(g.addons)) if (s === 'active') g.addons[id] = 'fallback';
      } else if (kind === EventKindId.addon) {
        this.addonEvent(c.guest[i]!, c.t[i]!, reason);
      }
    }
  }

  private addonEvent(gi: number, t: number, reason: number): void {
    const g = this.state.guests[gi]!;
    const name = REASONS[reason]!;
    if (name === 'installing' || (name === 'removed' && g.pendingAddon === null)) {
      const a = this.actions.find((x) => x.guest === gi && x.tNs === t && x.install === (name === 'installing'));
      g.pendingAddon = a ? a.addon : null;
    }
    const state = ADDON_REASON_STATE[name];
    if (g.pendingAddon !== null && state) {
      g.addons[g.pendingAddon] = state;
      if (state !== 'installing' && state !== 'installed') g.pendingAddon = null;
    }
  }
}
