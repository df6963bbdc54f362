/**
 * What a replay shows: recorded events, the filter that finds them, each guest's tracked state,
 * the engine's live state at a point, and the outcome of verifying a recording. Schemas only, so
 * the contract and the renderer share them with the trace module that produces them.
 */
import { z } from 'zod';
import { Int, NonNegativeInt } from './common.ts';
import { EVENT_KINDS, REASONS } from './events.ts';

export const ReplayEvent = z.object({
  index: NonNegativeInt,
  t: z.number().nonnegative(),
  host: Int,
  guest: Int,
  vcpu: Int,
  kind: z.enum(EVENT_KINDS),
  reason: z.enum(REASONS),
  cycles: z.number(),
  path: Int,
  pathName: z.string().nullable(),
});
export type ReplayEvent = z.infer<typeof ReplayEvent>;

export const EventFilter = z.object({
  kinds: z.array(z.enum(EVENT_KINDS)).optional(),
  reasons: z.array(z.enum(REASONS)).optional(),
  guest: NonNegativeInt.optional(),
  vcpu: NonNegativeInt.optional(),
  host: NonNegativeInt.optional(),
});
export type EventFilter = z.infer<typeof EventFilter>;

export const GuestStatus = z.enum(['running', 'down', 'crashed', 'done', 'host-failed', 'paused']);
export type GuestStatus = z.infer<typeof GuestStatus>;

export const AddonState = z.enum(['not-installed', 'installing', 'installed', 'active', 'inactive', 'install-refused', 'fallback', 'crash', 'removed']);
export type AddonState = z.infer<typeof AddonState>;

export const TrackedGuest = z.object({
  status: GuestStatus,
  /** Events of this guest so far, by kind (index = EVENT_KINDS). */
  kinds: z.array(NonNegativeInt),
  /** The path of its most recent event that ran one (-1 before any). */
  path: Int,
  addons: z.record(z.string(), AddonState),
  /** The add-on of the timeline action in progress, which its add-on events refer to. */
  pendingAddon: z.string().nullable(),
});
export type TrackedGuest = z.infer<typeof TrackedGuest>;

/** The engine's state at a point, re-run from the nearest checkpoint: queues, vCPUs, hosts. */
export const EngineInspection = z.object({
  tNs: z.number(),
  events: Int,
  guests: z.array(z.object({
    id: z.string(), status: z.string(), queued: Int, outstandingIo: Int, unitsDone: Int, installed: z.array(z.string()),
    host: z.string(), vcpus: z.array(z.string()), vcpuHosts: z.array(z.string()),
  })),
  resources: z.array(z.object({ id: z.string(), kind: z.string(), inSystem: Int, servers: Int })),
  /** Per host: its pCPUs and which vCPUs (guest:index) are on them now. */
  hosts: z.array(z.object({ id: z.string(), pcpus: Int, running: z.array(z.string()), state: z.enum(['up', 'failed', 'maintenance']) })),
});
export type EngineInspection = z.infer<typeof EngineInspection>;

export const Divergence = z.object({
  index: NonNegativeInt,
  t: z.number().nullable(),
  field: z.string(),
  recorded: z.union([z.string(), z.number()]).nullable(),
  now: z.union([z.string(), z.number()]).nullable(),
});
export type Divergence = z.infer<typeof Divergence>;

export const VerifyResult = z.object({
  ok: z.boolean(),
  chunksChecked: NonNegativeInt,
  eventsChecked: NonNegativeInt,
  /** False when the recording stops early (an interrupted run): only what was recorded is compared. */
  wholeRun: z.boolean(),
  divergence: Divergence.nullable(),
});
export type VerifyResult = z.infer<typeof VerifyResult>;

export const SweepValue = z.union([z.string(), z.number(), z.boolean()]);
export type SweepValue = z.infer<typeof SweepValue>;

export const SweepAxis = z.object({ path: z.string().min(1), values: z.array(SweepValue).min(1).max(100) });
export type SweepAxis = z.infer<typeof SweepAxis>;
