/**
 * Recording a run. The engine side (`drive`) runs the engine in time slices, fills fixed-size
 * event columns and takes periodic checkpoints; the store side (`ChunkSealer`) encodes each full
 * column set, hashes it, extends the hash chain and summarizes it. The two sides can live in
 * different threads: columns are plain typed arrays that transfer without copying.
 */
import type { Catalog } from '../catalog/index.ts';
import type { Engine } from '../engine/engine.ts';
import { EVENT_KINDS, type EventSink } from '../engine/events.ts';
import { setupScenario } from '../engine/setup.ts';
import type { Scenario } from '../model/index.ts';
import { CHUNK_EVENTS, type EventColumns, encodeChunk, newColumns, packJson, pushEvent } from './codec.ts';
import { CHAIN_START, type SealedChunk, TILES_PER_CHUNK, chainHash, laneTiles } from './chunk.ts';
import { SERIES_WINDOWS, type Sample, sampleOf } from './series.ts';
import { type AddonAction, type AddonState, GuestTracker, type TrackerState, initialTracker } from './state.ts';

/** Events between checkpoints (a seek or a state query re-simulates at most this many). */
export const CHECKPOINT_EVERY = 250_000;

/** What the tracker needs from a scenario: each guest's add-ons at the start and the timeline's add-on actions. */
export function trackerSetup(scenario: Scenario, catalog: Catalog): { initial: TrackerState; actions: AddonAction[] } {
  const setup = setupScenario(scenario, catalog);
  const initial = initialTracker(
    scenario.guests.map((_, gi) => Object.fromEntries((setup.guests[gi]?.addons ?? []).map((a) => [a.addon, a.outcome as AddonState]))),
  );
  const guestIndex = new Map(scenario.guests.map((g, i) => [g.id, i]));
  const actions = scenario.timeline.flatMap((a): AddonAction[] =>
    a.action !== 'install-addon' && a.action !== 'remove-addon' ? [] : [{ guest: guestIndex.get(a.guest) ?? -1, tNs: Math.round(a.atMs * 1e6), addon: a.addon, install: a.action === 'install-addon' }],
  );
  return { initial, actions };
}

/** Turns full column sets into stored chunks, in order. */
export class ChunkSealer {
  private seq: number;
  private nextEvent: number;
  chain: string;
  readonly tracker: GuestTracker;

  constructor(tracker: GuestTracker, start: { seq: number; firstEvent: number; chain: string } = { seq: 0, firstEvent: 0, chain: CHAIN_START }) {
    this.tracker = tracker;
    this.seq = start.seq;
    this.nextEvent = start.firstEvent;
    this.chain = start.chain;
  }

  get eventCount(): number {
    return this.nextEvent;
  }

  seal(c: EventColumns): SealedChunk {
    const tFirst = c.t[0]!;
    const tLast = c.t[c.count - 1]!;
    let shift = 10;
    while (Math.floor(tLast / 2 ** shift) - Math.floor(tFirst / 2 ** shift) + 1 > TILES_PER_CHUNK) shift++;
    const size = 2 ** shift;
    const first = Math.floor(tFirst / size);
    const counts = Array.from({ length: Math.floor(tLast / size) - first + 1 }, () => new Array<number>(EVENT_KINDS.length).fill(0));
    const byKind = new Array<number>(EVENT_KINDS.length).fill(0);
    for (let i = 0; i < c.count; i++) {
      const kind = c.kind[i]!;
      byKind[kind]!++;
      counts[Math.floor(c.t[i]! / size) - first]![kind]!++;
    }
    this.tracker.apply(c);
    const { data, hash } = encodeChunk(c);
    this.chain = chainHash(this.chain, hash);
    const sealed: SealedChunk = {
      seq: this.seq++,
      firstEvent: this.nextEvent,
      count: c.count,
      tFirst,
      tLast,
      hash,
      chain: this.chain,
      summary: { byKind, tiles: { shift, first, counts }, state: structuredClone(this.tracker.state), lanes: laneTiles(c, tFirst, tLast) },
      data,
    };
    this.nextEvent += c.count;
    return sealed;
  }
}

/** The engine side's output. */
export interface DriveOutput {
  /** A full (or the final, partial) set of columns; ownership passes to the receiver. */
  columns(c: EventColumns): void;
  checkpoint(eventIndex: number, t: number, data: Uint8Array): void;
  paths(names: readonly string[]): void;
  progress?(p: { simNs: number; totalNs: number; events: number }): void;
  /** The engine's cumulative figures, about SERIES_WINDOWS times a run (see series.ts). */
  sample?(s: Sample): void;
}

/** Kernel dispatches between two looks at the cancel flag: tens of milliseconds at the slowest. */
export const CANCEL_CHECK_DISPATCHES = 65_536;

export interface DriveOptions {
  /**
   * Checked every `CANCEL_CHECK_DISPATCHES` kernel dispatches (tens of milliseconds of work at most,
   * whatever the scenario); when it returns true the run stops where it is.
   */
  cancelled?: () => boolean;
  /** Dispatches between looks at `cancelled` (default `CANCEL_CHECK_DISPATCHES`; tests use fewer). */
  cancelCheckEvery?: number;
  checkpointEvery?: number;
  /** Events already in the first, partial chunk (when continuing from a checkpoint). */
  carry?: EventColumns;
  /**
   * False for a run that is not recorded: no event columns and no checkpoints are made (nobody
   * would keep them); path names, progress and samples still go out. Default true.
   */
  record?: boolean;
}

/**
 * Run `engine` to its end (or until cancelled), streaming columns, path names and checkpoints
 * into `out`. Returns whether it was cancelled.
 */
export function drive(engine: Engine, out: DriveOutput, opts: DriveOptions = {}): { cancelled: boolean } {
  const every = opts.checkpointEvery ?? CHECKPOINT_EVERY;
  const record = opts.record ?? true;
  let cols = opts.carry ?? newColumns(CHUNK_EVENTS);
  let sentPaths = -1;
  const sendPaths = () => {
    if (engine.pathNames.length !== sentPaths) {
      sentPaths = engine.pathNames.length;
      out.paths([...engine.pathNames]);
    }
  };
  const sink: EventSink = {
    event(t, host, guest, vcpu, kind, reason, cycles, path) {
      pushEvent(cols, t, host, guest, vcpu, kind, reason, cycles, path);
      if (cols.count === CHUNK_EVENTS) {
        sendPaths();
        out.columns(cols);
        cols = newColumns(CHUNK_EVENTS);
      }
    },
  };
  const slice = Math.max(1000, Math.ceil(engine.durationNs / 2000));
  let lastCheckpoint = engine.eventCount;
  let cancelled = false;
  sendPaths();
  if (record) out.checkpoint(engine.eventCount, engine.now, packJson(engine.checkpoint()));
  const sampleEvery = Math.max(slice, Math.ceil(engine.durationNs / SERIES_WINDOWS));
  let nextSample = engine.now;
  const sample = () => {
    if (!out.sample) return;
    out.sample(sampleOf(engine.metrics()));
    nextSample = engine.now + sampleEvery;
  };
  sample();
  const runOpts = { ...(record ? { sink } : {}), maxDispatches: opts.cancelCheckEvery ?? CANCEL_CHECK_DISPATCHES };
  while (!engine.done && !cancelled) {
    // a slice is a fixed share of simulated time; how much work it holds depends on the scenario,
    // so it runs in bounded pieces with the cancel flag looked at between them (the pieces end
    // between dispatches: the events are the same as one call to the slice's end)
    const end = engine.now + slice;
    do {
      if (opts.cancelled?.()) cancelled = true;
      else engine.runUntil(end, runOpts);
    } while (!cancelled && engine.stoppedByBudget);
    if (cancelled) break;
    out.progress?.({ simNs: engine.now, totalNs: engine.durationNs, events: engine.eventCount });
    if (engine.now >= nextSample || engine.done) sample();
    if (record && !engine.done && engine.eventCount - lastCheckpoint >= every) {
      lastCheckpoint = engine.eventCount;
      sendPaths();
      out.checkpoint(engine.eventCount, engine.now, packJson(engine.checkpoint()));
    }
  }
  sendPaths();
  if (record && cols.count > 0) out.columns(cols);
  return { cancelled };
}

