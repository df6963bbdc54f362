/**
 * What a sealed chunk of a recording is, apart from how it is made: the hash chain, the chunk's
 * summary (counts by kind, time tiles, tracked guest state, lane tiles) and the sealed record the
 * store keeps. The store reads these without loading the engine; `ChunkSealer` in recorder.ts makes them.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { Int, NonNegativeInt } from '../model/index.ts';
import { EVENT_KINDS, NO_GUEST } from '../engine/events.ts';
import type { EventColumns } from './codec.ts';
import { TrackerState } from './state.ts';

export const CHAIN_START = '0000000000000000';
/** The hash chain: each link covers the previous link and the chunk's own hash. */
export function chainHash(prev: string, chunkHash: string): string {
  return createHash('sha256').update(`${prev}:${chunkHash}`).digest('hex').slice(0, 16);
}

/** At most this many time tiles per chunk summary. */
export const TILES_PER_CHUNK = 64;
/** At most this many lane tiles per chunk: coarse, since they serve only wide views of the timeline. */
export const LANE_TILES_PER_CHUNK = 16;

/**
 * Events per lane in aligned time tiles of 2^shift ns, for the replay timeline's wide views: per
 * host (`h<host>`) and per guest vCPU (`v<guest>.<vcpu>`), the count in each tile and the kind
 * (index into EVENT_KINDS) with the most events there (-1 for none).
 */
export const LaneTiles = z.object({
  shift: Int.min(0).max(52),
  first: NonNegativeInt,
  counts: z.record(z.string(), z.array(NonNegativeInt)),
  dominant: z.record(z.string(), z.array(Int)),
});
export type LaneTiles = z.infer<typeof LaneTiles>;

/** Lane tiles of one chunk's events. */
export function laneTiles(c: EventColumns, tFirst: number, tLast: number): LaneTiles {
  let shift = 10;
  while (Math.floor(tLast / 2 ** shift) - Math.floor(tFirst / 2 ** shift) + 1 > LANE_TILES_PER_CHUNK) shift++;
  const size = 2 ** shift;
  const first = Math.floor(tFirst / size);
  const n = Math.floor(tLast / size) - first + 1;
  const kinds = EVENT_KINDS.length;
  // counted per event of every recording, so into one flat array: lane = host, or hosts + guest · vcpus + vcpu
  let hostsN = 0;
  let guestsN = 0;
  let vcpusN = 0;
  for (let i = 0; i < c.count; i++) {
    if (c.host[i]! >= hostsN) hostsN = c.host[i]! + 1;
    const g = c.guest[i]!;
    if (g === NO_GUEST) continue;
    if (g >= guestsN) guestsN = g + 1;
    if (c.vcpu[i]! >= vcpusN) vcpusN = c.vcpu[i]! + 1;
  }
  const stride = n * kinds;
  const flat = new Uint32Array((hostsN + guestsN * vcpusN) * stride);
  const t = c.t;
  for (let i = 0; i < c.count; i++) {
    const at = (Math.floor(t[i]! / size) - first) * kinds + c.kind[i]!;
    flat[c.host[i]! * stride + at]!++;
    const g = c.guest[i]!;
    if (g !== NO_GUEST) flat[(hostsN + g * vcpusN + c.vcpu[i]!) * stride + at]!++;
  }
  const perLane: [string, Uint32Array][] = [];
  for (let lane = 0; lane < hostsN + guestsN * vcpusN; lane++) {
    const a = flat.subarray(lane * stride, (lane + 1) * stride);
    if (!a.some((x) => x > 0)) continue;
    const v = lane - hostsN;
    perLane.push([lane < hostsN ? `h${lane}` : `v${Math.floor(v / vcpusN)}.${v % vcpusN}`, a]);
  }
  const counts: Record<string, number[]> = {};
  const dominant: Record<string, number[]> = {};
  for (const [key, a] of perLane) {
    counts[key] = [];
    dominant[key] = [];
    for (let tile = 0; tile < n; tile++) {
      let total = 0;
      let best = -1;
      for (let k = 0; k < kinds; k++) {
        const x = a[tile * kinds + k]!;
        total += x;
        if (x > (best < 0 ? 0 : a[tile * kinds + best]!)) best = k;
      }
      counts[key]!.push(total);
      dominant[key]!.push(best);
    }
  }
  return { shift, first, counts, dominant };
}

export const ChunkSummary = z.object({
  byKind: z.array(NonNegativeInt),
  /**
   * Event counts by kind in aligned time tiles of 2^shift ns: counts[k] covers
   * [(first + k)·2^shift, (first + k + 1)·2^shift). A timeline whose bucket edges fall on a grid
   * at least this coarse is summed from tiles without decoding the chunk.
   */
  tiles: z.object({ shift: Int.min(0).max(52), first: NonNegativeInt, counts: z.array(z.array(NonNegativeInt)) }),
  /** Every guest's tracked state after the chunk's last event. */
  state: TrackerState,
  /** Lane tiles for the replay timeline's wide views (absent in recordings made before them). */
  lanes: LaneTiles.optional(),
});
export type ChunkSummary = z.infer<typeof ChunkSummary>;

export interface SealedChunk {
  seq: number;
  firstEvent: number;
  count: number;
  tFirst: number;
  tLast: number;
  hash: string;
  chain: string;
  summary: ChunkSummary;
  data: Uint8Array;
}

