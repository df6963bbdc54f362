/**
 * The replay cursor over a recorded run. It reads the chunk index once (a few bytes per 32 768
 * events) and decodes chunks on demand, keeping a handful in memory, so opening and seeking cost
 * the same for a short run and a ten-million-event one.
 */
import { EVENT_KINDS, type EventKind, REASONS, type Reason } from '../engine/events.ts';
import { ENGINE_VERSION, type Engine, type EngineInspection } from '../engine/engine.ts';
import { EventFilter, PvLabError, ReplayEvent } from '../model/index.ts';
import { type EventColumns, decodeChunk } from './codec.ts';
import { engineFor } from './execute.ts';
import type { RunPlan } from './plan.ts';
import type { SealedChunk } from './chunk.ts';
import { trackerSetup } from './recorder.ts';
import { snapshotCatalog } from './plan.ts';
import { GuestTracker, type TrackedGuest } from './state.ts';

/** A chunk's index row: everything but its events, and their size on disk. */
export type ChunkIndexEntry = Omit<SealedChunk, 'data'> & { bytes: number };

export interface CheckpointEntry {
  eventIndex: number;
  t: number;
}

/** Where a cursor reads a recording from (the store implements it). */
export interface RecordingSource {
  chunkIndex(): ChunkIndexEntry[];
  chunkData(seq: number): Uint8Array;
  checkpointIndex(): CheckpointEntry[];
  checkpointData(eventIndex: number): Uint8Array;
}

export { ReplayEvent, EventFilter };

/** A filter with kinds and reasons as their numbers, tested against one decoded event. */
interface Matcher {
  kinds: number[] | undefined;
  test(c: EventColumns, j: number): boolean;
}

function matcher(f: EventFilter): Matcher {
  const kinds = f.kinds?.map((k) => EVENT_KINDS.indexOf(k));
  const reasons = f.reasons?.map((r) => REASONS.indexOf(r));
  return {
    kinds,
    test: (c, j) =>
      (!kinds || kinds.includes(c.kind[j]!)) &&
      (!reasons || reasons.includes(c.reason[j]!)) &&
      (f.guest === undefined || c.guest[j] === f.guest) &&
      (f.vcpu === undefined || c.vcpu[j] === f.vcpu) &&
      (f.host === undefined || c.host[j] === f.host),
  };
}

/** Per-pixel buckets of a time window: counts per series (event kinds, or guests). */
export interface Aggregate {
  t0: number;
  t1: number;
  bucketNs: number;
  series: Record<string, number[]>;
}

export interface GuestAtCursor extends TrackedGuest {
  id: string;
}

export interface StateAtCursor {
  index: number;
  t: number;
  guests: GuestAtCursor[];
  /** Queue depths and vCPU states from the engine re-run from the nearest checkpoint; null with the reason when it cannot be. */
  live: EngineInspection | null;
  liveUnavailable: string | null;
}

const CACHE = 6;

export class ReplayCursor {
  readonly total: number;
  readonly tEnd: number;
  private readonly src: RecordingSource;
  private readonly index: ChunkIndexEntry[];
  private readonly plan: RunPlan;
  private readonly pathNames: readonly string[];
  private readonly engineVersion: string;
  private readonly cache = new Map<number, EventColumns>();
  private pos = 0;
  /** The engine last used for live state, kept so stepping forward does not restore again. */
  private live: Engine | null = null;
  /** Read once, on the first state query. */
  private tracking: ReturnType<typeof trackerSetup> | undefined;
  private checkpoints: CheckpointEntry[] | undefined;

  constructor(src: RecordingSource, meta: { plan: RunPlan; pathNames: readonly string[]; engineVersion: string }) {
    this.src = src;
    this.index = src.chunkIndex();
    this.plan = meta.plan;
    this.pathNames = meta.pathNames;
    this.engineVersion = meta.engineVersion;
    const last = this.index[this.index.length - 1];
    this.total = last ? last.firstEvent + last.count : 0;
    this.tEnd = last ? last.tLast : 0;
  }

  get scenario(): RunPlan['scenario'] {
    return this.plan.scenario;
  }

  get paths(): readonly string[] {
    return this.pathNames;
  }

  get position(): number {
    return this.pos;
  }

  get chunks(): readonly ChunkIndexEntry[] {
    return this.index;
  }

  private requireEvents(): void {
    if (this.total === 0) throw new PvLabError('not-found', 'This run has no recorded events', 'record the run (without --no-record) to replay it');
  }

  private chunkOf(i: number): number {
    // chunks hold fixed counts except the last, so a binary search on firstEvent is exact
    let lo = 0;
    let hi = this.index.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.index[mid]!.firstEvent <= i) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Decoded events of chunk `k` (cached). */
  columns(k: number): EventColumns {
    let c = this.cache.get(k);
    if (c) {
      this.cache.delete(k);
      this.cache.set(k, c);
      return c;
    }
    const e = this.index[k]!;
    // reuse the least recently used chunk's arrays: seeking allocates nothing once the cache is full
    let spare: EventColumns | undefined;
    if (this.cache.size >= CACHE) {
      const oldest = this.cache.keys().next().value!;
      spare = this.cache.get(oldest);
      this.cache.delete(oldest);
    }
    c = decodeChunk(this.src.chunkData(e.seq), e.tFirst, spare);
    if (c.count !== e.count) throw new PvLabError('db-corrupt', `Chunk ${e.seq} holds ${c.count} events; its index says ${e.count}`, 'verify the run and re-run its scenario');
    this.cache.set(k, c);
    return c;
  }

  event(i: number = this.pos): ReplayEvent {
    this.requireEvents();
    if (!Number.isInteger(i) || i < 0 || i >= this.total) {
      throw new PvLabError('invalid-input', `Event ${i} is outside this run (0 to ${this.total - 1})`, 'pick an event number within the run');
    }
    const k = this.chunkOf(i);
    const c = this.columns(k);
    const j = i - this.index[k]!.firstEvent;
    const path = c.path[j]!;
    return {
      index: i, t: c.t[j]!, host: c.host[j]!, guest: c.guest[j]!, vcpu: c.vcpu[j]!,
      kind: EVENT_KINDS[c.kind[j]!] as EventKind, reason: REASONS[c.reason[j]!] as Reason, cycles: c.cycles[j]!, path,
      pathName: path >= 0 ? (this.pathNames[path] ?? `path #${path}`) : null,
    };
  }

  seek(i: number): ReplayEvent {
    const e = this.event(Math.max(0, Math.min(this.total - 1, Math.floor(i))));
    this.pos = e.index;
    return e;
  }

  /** The first event at or after time `t` (the last event when `t` is past the end). */
  seekTime(t: number): ReplayEvent {
    this.requireEvents();
    let k = this.index.findIndex((e) => e.tLast >= t);
    if (k < 0) return this.seek(this.total - 1);
    const c = this.columns(k);
    let lo = 0;
    let hi = c.count - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (c.t[mid]! >= t) hi = mid;
      else lo = mid + 1;
    }
    k = this.index[k]!.firstEvent + lo;
    return this.seek(k);
  }

  step(n = 1): ReplayEvent {
    return this.seek(this.pos + n);
  }

  /** Move to the next (or, with `dir` -1, previous) event matching `filter`; null when there is none. */
  find(filter: EventFilter, dir: 1 | -1 = 1, from: number = this.pos): ReplayEvent | null {
    this.requireEvents();
    const m = matcher(filter);
    let i = from + dir;
    while (i >= 0 && i < this.total) {
      const k = this.chunkOf(i);
      const e = this.index[k]!;
      if (m.kinds && m.kinds.every((x) => (e.summary.byKind[x] ?? 0) === 0)) {
        i = dir > 0 ? e.firstEvent + e.count : e.firstEvent - 1;
        continue;
      }
      const c = this.columns(k);
      for (let j = i - e.firstEvent; j >= 0 && j < c.count; j += dir) {
        if (!m.test(c, j)) continue;
        return this.seek(e.firstEvent + j);
      }
      i = dir > 0 ? e.firstEvent + e.count : e.firstEvent - 1;
    }
    return null;
  }

  /** Events [from, from + count). */
  range(from: number, count: number): ReplayEvent[] {
    const out: ReplayEvent[] = [];
    const end = Math.min(this.total, from + count);
    for (let i = Math.max(0, from); i < end; i++) out.push(this.event(i));
    return out;
  }

  /** Each guest's tracked state after event `i` (default: the cursor), plus the engine's live state when it can be rebuilt. */
  stateAt(i: number = this.pos, live = true): StateAtCursor {
    const e = this.event(i);
    const k = this.chunkOf(i);
    this.tracking ??= trackerSetup(this.plan.scenario, snapshotCatalog(this.plan.catalog, this.plan.scenario));
    const { initial, actions } = this.tracking;
    const before = k > 0 ? this.index[k - 1]!.summary.state : initial;
    const tracker = new GuestTracker(before, actions);
    tracker.apply(this.columns(k), 0, i - this.index[k]!.firstEvent + 1);
    const guests = tracker.state.guests.map((g, gi) => ({ id: this.plan.scenario.guests[gi]?.id ?? `guest ${gi}`, ...g }));
    let inspection: EngineInspection | null = null;
    let why: string | null = null;
    if (!live) why = 'not requested';
    else if (this.engineVersion !== ENGINE_VERSION) why = `recorded by engine ${this.engineVersion}; this is engine ${ENGINE_VERSION}, so its state cannot be rebuilt (the events above are as recorded)`;
    else {
      this.checkpoints ??= this.src.checkpointIndex();
      const cps = this.checkpoints.filter((c) => c.eventIndex <= i);
      const cp = cps[cps.length - 1];
      if (!cp) why = 'the run has no checkpoint before this event';
      else {
        // stepping forward continues the engine already here; anything else restores the nearest checkpoint
        const live = this.live;
        const reuse = live !== null && live.now <= e.t && live.eventCount >= cp.eventIndex;
        try {
          const engine = reuse ? live : engineFor(this.plan, this.src.checkpointData(cp.eventIndex));
          engine.runUntil(e.t);
          this.live = engine;
          inspection = engine.inspect();
        } catch (err) {
          if (!(err instanceof PvLabError) || err.code !== 'checkpoint-mismatch') throw err;
          why = err.message;
        }
      }
    }
    return { index: i, t: e.t, guests, live: inspection, liveUnavailable: why };
  }

  /**
   * Counts of events in about `buckets` equal slices of [t0, t1), by kind or by guest. The edges
   * are snapped to a power-of-two grid a quarter of a bucket or finer (the reply gives the edges
   * used, so every count is exact for its slice): chunks whose summary tiles fit that grid are
   * summed from their tiles, the others are decoded one at a time.
   */
  aggregate(t0: number, t1: number, buckets: number, by: 'kind' | 'guest' = 'kind', filter: EventFilter = {}): Aggregate {
    if (!(t1 > t0) || buckets < 1 || buckets > 10000 || !Number.isInteger(buckets)) {
      throw new PvLabError('invalid-input', 'A timeline window needs t1 > t0 and 1 to 10 000 buckets', 'pass the visible time range and the width in pixels');
    }
    const want = Math.max(1, (t1 - t0) / buckets); // at least 1 ns: a tiny window would give 0-wide buckets
    const gridShift = Math.max(0, Math.floor(Math.log2(want)) - 2);
    const grid = 2 ** gridShift;
    const start = Math.floor(t0 / grid) * grid;
    const width = Math.ceil(want / grid) * grid;
    const n = Math.ceil((t1 - start) / width);
    const end = start + n * width;
    const names = by === 'kind' ? [...EVENT_KINDS] : this.plan.scenario.guests.map((g) => g.id);
    const series = names.map(() => new Array<number>(n).fill(0));
    const m = matcher(filter);
    const kinds = m.kinds;
    const plain = by === 'kind' && filter.reasons === undefined && filter.guest === undefined && filter.vcpu === undefined && filter.host === undefined;
    const bucketOf = (t: number) => Math.floor((t - start) / width);
    this.index.forEach((e, k) => {
      if (e.tLast < start || e.tFirst >= end) return;
      const tiles = e.summary.tiles;
      if (plain && tiles.shift <= gridShift) {
        const size = 2 ** tiles.shift;
        tiles.counts.forEach((counts, j) => {
          const t = (tiles.first + j) * size;
          if (t < start || t >= end) return;
          const b = bucketOf(t);
          counts.forEach((c, kind) => {
            if (c > 0 && (!kinds || kinds.includes(kind))) series[kind]![b]! += c;
          });
        });
        return;
      }
      const c = this.columns(k);
      for (let j = 0; j < c.count; j++) {
        const t = c.t[j]!;
        if (t < start || t >= end || !m.test(c, j)) continue;
        const s = series[by === 'kind' ? c.kind[j]! : c.guest[j]!];
        if (s) s[bucketOf(t)]!++;
      }
    });
    return { t0: start, t1: end, bucketNs: width, series: Object.fromEntries(names.map((name, i) => [name, series[i]!])) };
  }
}
