/**
 * What the replay page draws: lanes of event counts per host, guest and vCPU over a time window
 * (one pass over the chunks in the window), the scenario's timeline actions as markers, and
 * filtered pages of the event list.
 */
import { EVENT_KINDS, PvLabError, type EventFilter, type ReplayEvent, type TimelineAction } from '../model/index.ts';
import type { ReplayCursor } from './cursor.ts';
import { NO_GUEST } from '../engine/events.ts';
import type { LaneTiles } from './chunk.ts';

export interface LaneOut {
  id: string;
  kind: 'host' | 'guest' | 'vcpu';
  label: string;
  host: number;
  guest: number | null;
  vcpu: number | null;
  counts: number[];
  dominant: number[];
}

const KINDS = EVENT_KINDS.length;
/** Counters one lanes answer may use (lanes × buckets × kinds, 4 bytes each: 128 MiB). */
const MAX_LANE_CELLS = 32 * 2 ** 20;

/**
 * Lanes over [t0, t1) in `buckets` equal slices: each host, then each guest followed by its vCPUs.
 * An event counts in its host's lane, its guest's lane and its vCPU's lane. Wide views are summed
 * from the chunks' lane tiles (a tile's events go to the bucket its start falls in, and its
 * dominant kind stands for them); narrow views and chunks at the window's edges are decoded.
 */
export function lanes(cursor: ReplayCursor, t0: number, t1: number, buckets: number): { t0: number; t1: number; bucketNs: number; lanes: LaneOut[] } {
  const s = cursor.scenario;
  const laneCount = s.hosts.length + s.guests.reduce((a, g) => a + 1 + g.vcpus, 0);
  if (laneCount * buckets * KINDS > MAX_LANE_CELLS) {
    const most = Math.floor(MAX_LANE_CELLS / (laneCount * KINDS));
    throw new PvLabError(
      'too-large',
      `This run has ${laneCount} timeline lanes (hosts, guests and vCPUs): ${buckets} buckets each are more than one answer may count`,
      most >= 1 ? `ask for at most ${most} buckets` : 'this run has too many vCPUs for a lanes view; use replay.timeline by guest instead',
    );
  }
  const width = (t1 - t0) / buckets;
  const out: LaneOut[] = [];
  const hostLane: number[] = [];
  s.hosts.forEach((h, hi) => {
    hostLane[hi] = out.length;
    out.push({ id: `host:${h.id}`, kind: 'host', label: h.id, host: hi, guest: null, vcpu: null, counts: [], dominant: [] });
  });
  const guestLane: number[] = [];
  const vcpuLane: number[][] = [];
  s.guests.forEach((g, gi) => {
    const hi = s.hosts.findIndex((h) => h.id === g.host);
    guestLane[gi] = out.length;
    out.push({ id: `guest:${g.id}`, kind: 'guest', label: g.id, host: hi, guest: gi, vcpu: null, counts: [], dominant: [] });
    vcpuLane[gi] = [];
    for (let v = 0; v < g.vcpus; v++) {
      vcpuLane[gi]![v] = out.length;
      out.push({ id: `vcpu:${g.id}:${v}`, kind: 'vcpu', label: `${g.id} vCPU ${v}`, host: hi, guest: gi, vcpu: v, counts: [], dominant: [] });
    }
  });
  // counts per lane, bucket and kind in one flat array
  const perKind = new Uint32Array(out.length * buckets * KINDS);
  const add = (lane: number | undefined, b: number, kind: number) => {
    if (lane !== undefined) perKind[(lane * buckets + b) * KINDS + kind]!++;
  };
  // lane tiles fully inside the window, when they are at most half a bucket wide: no decoding
  const fromTiles = (tiles: LaneTiles): boolean => {
    const size = 2 ** tiles.shift;
    if (size * 2 > width) return false;
    const lastTile = tiles.first + Math.max(0, ...Object.values(tiles.counts).map((a) => a.length)) - 1;
    if (tiles.first * size < t0 || (lastTile + 1) * size > t1) return false;
    for (const [key, counts] of Object.entries(tiles.counts)) {
      const dominant = tiles.dominant[key]!;
      const targets = key.startsWith('h') ? [hostLane[Number(key.slice(1))]] : laneOfVcpu(key.slice(1));
      counts.forEach((n, j) => {
        if (n === 0) return;
        const b = Math.min(buckets - 1, Math.floor(((tiles.first + j) * size - t0) / width));
        for (const lane of targets) if (lane !== undefined) perKind[(lane * buckets + b) * KINDS + dominant[j]!]! += n;
      });
    }
    return true;
  };
  const laneOfVcpu = (gv: string): (number | undefined)[] => {
    const [g, v] = gv.split('.').map(Number) as [number, number];
    return [guestLane[g], vcpuLane[g]?.[v]];
  };
  cursor.chunks.forEach((e, k) => {
    if (e.tLast < t0 || e.tFirst >= t1) return;
    if (e.summary.lanes && fromTiles(e.summary.lanes)) return;
    const c = cursor.columns(k);
    for (let j = 0; j < c.count; j++) {
      const t = c.t[j]!;
      if (t < t0 || t >= t1) continue;
      const b = Math.min(buckets - 1, Math.floor((t - t0) / width));
      const kind = c.kind[j]!;
      add(hostLane[c.host[j]!], b, kind);
      const g = c.guest[j]!;
      if (g === NO_GUEST) continue;
      add(guestLane[g], b, kind);
      add(vcpuLane[g]?.[c.vcpu[j]!], b, kind);
    }
  });
  out.forEach((lane, li) => {
    lane.counts = new Array<number>(buckets);
    lane.dominant = new Array<number>(buckets);
    for (let b = 0; b < buckets; b++) {
      let total = 0;
      let best = -1;
      let bestCount = 0;
      const base = (li * buckets + b) * KINDS;
      for (let k = 0; k < KINDS; k++) {
        const n = perKind[base + k]!;
        total += n;
        if (n > bestCount) {
          best = k;
          bestCount = n;
        }
      }
      lane.counts[b] = total;
      lane.dominant[b] = best;
    }
  });
  return { t0, t1, bucketNs: width, lanes: out };
}

function actionLabel(a: TimelineAction): { label: string; guest: string | null; host: string | null } {
  switch (a.action) {
    case 'install-addon': return { label: `install ${a.addon}`, guest: a.guest, host: null };
    case 'remove-addon': return { label: `remove ${a.addon}`, guest: a.guest, host: null };
    case 'set-load': return { label: 'load change', guest: a.guest, host: null };
    case 'set-device': return { label: `${a.device} → ${a.model}`, guest: a.guest, host: null };
    case 'host-failure': return { label: `host ${a.host} fails`, guest: null, host: a.host };
    case 'host-repair': return { label: `host ${a.host} repaired`, guest: null, host: a.host };
    case 'host-maintenance': return { label: `host ${a.host} maintenance`, guest: null, host: a.host };
    case 'migrate': return { label: `migrate to ${a.to}`, guest: a.guest, host: null };
  }
}

/** Reasons that mark a moment worth seeing on the timeline even when no action asked for it. */
const MOMENTS = ['crash', 'migrate_done', 'ha_restart', 'no_target', 'reboot'] as const;

export function markers(cursor: ReplayCursor): { tNs: number; action: string; label: string; guest: string | null; host: string | null }[] {
  const s = cursor.scenario;
  const out: { tNs: number; action: string; label: string; guest: string | null; host: string | null }[] = s.timeline.map((a) => ({ tNs: a.atMs * 1e6, action: a.action, ...actionLabel(a) }));
  if (cursor.total === 0) return out;
  let from = -1;
  for (let n = 0; n < 200; n++) {
    const e = cursor.find({ reasons: [...MOMENTS] }, 1, from);
    if (!e) break;
    from = e.index;
    out.push({ tNs: e.t, action: e.reason, label: e.reason.replace('_', ' '), guest: s.guests[e.guest]?.id ?? null, host: s.hosts[e.host]?.id ?? null });
  }
  return out.sort((a, b) => a.tNs - b.tNs);
}

/** Up to `limit` events matching `filter` from event `from` on, and where the next page starts. */
export function listEvents(cursor: ReplayCursor, from: number, limit: number, filter: EventFilter): { events: ReplayEvent[]; next: number | null } {
  if (cursor.total === 0 || from >= cursor.total) return { events: [], next: null };
  const plain = !filter.kinds && !filter.reasons && filter.guest === undefined && filter.vcpu === undefined && filter.host === undefined;
  if (plain) {
    const events = cursor.range(from, limit);
    const next = from + events.length;
    return { events, next: next < cursor.total ? next : null };
  }
  const events: ReplayEvent[] = [];
  let at = from - 1;
  while (events.length < limit) {
    const e = cursor.find(filter, 1, at);
    if (!e) return { events, next: null };
    events.push(e);
    at = e.index;
  }
  return { events, next: at + 1 < cursor.total ? at + 1 : null };
}
