/**
 * Steps and paths: what the path builder (paths.ts) produces and the vCPU step loop (vcpu.ts)
 * executes. A step costs cycles of one CPU category and may carry an event; its kind says what
 * else it does, and `detail` holds what that kind needs. Every step object has the same fields
 * in the same order (made in one place, `make`), so the step loop's property reads stay
 * monomorphic whatever the kind.
 */
import { PathClass } from '../model/metrics.ts';

/** The path classes in the order of the model's enum (and of the metrics' `pathCounts`). */
export const PATH_CLASSES: readonly PathClass[] = PathClass.options;
import { type Reason, ReasonId } from './events.ts';

/** CPU accounting categories. */
export const CAT_USER = 0;
export const CAT_KERNEL = 1;
export const CAT_EXIT = 2;
export const CAT_HYP = 3;
export const CAT_BACKEND = 4;
export const CPU_CATEGORIES = 5;

/** `event` of a step that emits none. */
export const NO_EVENT = -1;
/** `backend` of a device with no software backend (passthrough, bare metal). */
export const NO_RESOURCE = -1;

/**
 * Step kinds. Kinds after `Divisible` are special: the step loop lets the time of the work
 * before them pass before it runs one.
 */
export const StepKind = {
  Plain: 0,
  /** Long guest work that a time slice may split. */
  Divisible: 1,
  /** Work under the hypervisor's per-guest MMU lock. */
  MmuLock: 2,
  /** A device notification, suppressed while the backend is busy. */
  Kick: 3,
  /** Hand a request to backend and device. */
  Io: 4,
  /** Take a guest spinlock (or spin for it). */
  LockAcquire: 5,
  LockRelease: 6,
  /** Send IPIs to the guest's other vCPUs (and wait for TLB-flush acks). */
  Ipi: 7,
  /** Sleep until the next timer tick. */
  Halt: 8,
  /** Queue a PV page-table update; flush a batch by hypercall. */
  Batch: 9,
  /** A badly matched add-on breaks the guest. */
  Crash: 10,
} as const;
export type StepKind = (typeof StepKind)[keyof typeof StepKind];

export interface IoSpec {
  kind: 'net-tx' | 'net-rx' | 'disk-read' | 'disk-write';
  /** Backend resource (index), or NO_RESOURCE when the device has no software backend (passthrough, native). */
  backend: number;
  backendCycles: number;
  /** Physical device resource (index) and its service time. */
  device: number;
  deviceNs: number;
  /** The vCPU waits for the completion (disk, receive) or goes on (transmit, within the ring). */
  sync: boolean;
  ringSize: number;
  requestsPerInterrupt: number;
  /** The path the guest runs when the completion interrupt arrives. */
  irqPath: Path;
}

export interface IpiSpec {
  shootdown: boolean;
  pvTlbFlush: boolean;
  /** The sender's pause-loop window while it waits for acks (0: PAUSE does not exit). */
  pleWindowCycles: number;
  sendPerTarget: Step[];
  irqPath: Path;
}

/** How a lock waiter waits. */
export interface SpinSpec {
  /** Spin cycles before a pause-loop exit (0: PAUSE does not exit), from exits.ts. */
  pleWindowCycles: number;
  pvSpinlock: boolean;
  /** What the holder runs to wake a waiter asleep in the hypervisor (PV spinlock). */
  kickSteps: Step[];
}

export interface HaltSpec {
  haltPollNs: number;
  /** Steps run at each tick after the wake-up. */
  tickPath: Path;
}

/** Steps run inline, as plain steps, when a kick is sent or a batch is flushed. */
export interface FlushSpec {
  flush: Step[];
}

interface StepBase<K extends StepKind, D> {
  kind: K;
  cycles: number;
  /** The CPU accounting category its cycles are booked to (CAT_*). */
  category: number;
  /** Event kind id, or NO_EVENT; reason id; cycles reported on the event. */
  event: number;
  reason: number;
  eventCycles: number;
  detail: D;
}

export type PlainStep = StepBase<typeof StepKind.Plain, null>;
export type DivisibleStep = StepBase<typeof StepKind.Divisible, null>;
/** `lock`: resource index of the MMU lock. */
export type MmuLockStep = StepBase<typeof StepKind.MmuLock, { lock: number }>;
/** `backend`: the backend resource notified (NO_RESOURCE: none, always notify). */
export type KickStep = StepBase<typeof StepKind.Kick, FlushSpec & { backend: number }>;
export type IoStep = StepBase<typeof StepKind.Io, IoSpec>;
export type LockAcquireStep = StepBase<typeof StepKind.LockAcquire, SpinSpec>;
export type LockReleaseStep = StepBase<typeof StepKind.LockRelease, null>;
export type IpiStep = StepBase<typeof StepKind.Ipi, IpiSpec>;
export type HaltStep = StepBase<typeof StepKind.Halt, HaltSpec>;
/** `size`: updates per flush. */
export type BatchStep = StepBase<typeof StepKind.Batch, FlushSpec & { size: number }>;
export type CrashStep = StepBase<typeof StepKind.Crash, null>;

export type Step = PlainStep | DivisibleStep | MmuLockStep | KickStep | IoStep | LockAcquireStep | LockReleaseStep | IpiStep | HaltStep | BatchStep | CrashStep;

export interface Path {
  name: string;
  cls: PathClass;
  /** `cls`'s position in PATH_CLASSES, for counting without a string key. */
  classIndex: number;
  steps: Step[];
  /** Only plain steps: the path can run in one go (an interrupt taken mid-batch). */
  plain: boolean;
  /** Plain and without events: repetitions can be batched. */
  quiet: boolean;
  /** Sum of step cycles (exact for quiet paths). */
  cycles: number;
  /** Counts toward path statistics (false for plain compute). */
  counted: boolean;
}

/** The one place step objects are made, so they all have one shape. */
function make<S extends Step>(kind: S['kind'], cycles: number, category: number, event: number, reason: Reason, eventCycles: number, detail: S['detail']): S {
  return { kind, cycles, category, event, reason: ReasonId[reason], eventCycles, detail } as S;
}

export function plainStep(cycles: number, category: number, event = NO_EVENT, reason: Reason = 'none', eventCycles = 0): PlainStep {
  return make<PlainStep>(StepKind.Plain, cycles, category, event, reason, eventCycles, null);
}

/** The same step with another event (kind and reason) on it. */
export function withEvent<S extends Step>(s: S, event: number, reason?: Reason): S {
  return { ...s, event, reason: reason === undefined ? s.reason : ReasonId[reason] };
}

export function divisibleStep(cycles: number, category: number): DivisibleStep {
  return make<DivisibleStep>(StepKind.Divisible, cycles, category, NO_EVENT, 'none', 0, null);
}

export function mmuLockStep(cycles: number, lock: number): MmuLockStep {
  return make<MmuLockStep>(StepKind.MmuLock, cycles, CAT_HYP, NO_EVENT, 'none', 0, { lock });
}

export function kickStep(backend: number, flush: Step[]): KickStep {
  return make<KickStep>(StepKind.Kick, 0, CAT_HYP, NO_EVENT, 'none', 0, { backend, flush });
}

export function ioStep(io: IoSpec): IoStep {
  return make<IoStep>(StepKind.Io, 0, CAT_KERNEL, NO_EVENT, 'none', 0, io);
}

export function lockAcquireStep(cycles: number, spin: SpinSpec): LockAcquireStep {
  return make<LockAcquireStep>(StepKind.LockAcquire, cycles, CAT_KERNEL, NO_EVENT, 'none', 0, spin);
}

export function lockReleaseStep(cycles: number): LockReleaseStep {
  return make<LockReleaseStep>(StepKind.LockRelease, cycles, CAT_KERNEL, NO_EVENT, 'none', 0, null);
}

export function ipiStep(ipi: IpiSpec): IpiStep {
  return make<IpiStep>(StepKind.Ipi, 0, CAT_KERNEL, NO_EVENT, 'none', 0, ipi);
}

export function haltStep(halt: HaltSpec): HaltStep {
  return make<HaltStep>(StepKind.Halt, 0, CAT_KERNEL, NO_EVENT, 'none', 0, halt);
}

export function batchStep(cycles: number, category: number, size: number, flush: Step[]): BatchStep {
  return make<BatchStep>(StepKind.Batch, cycles, category, NO_EVENT, 'none', 0, { size, flush });
}

export function crashStep(event: number, reason: Reason): CrashStep {
  return make<CrashStep>(StepKind.Crash, 0, CAT_KERNEL, event, reason, 0, null);
}

export function makePath(name: string, cls: PathClass, steps: Step[], counted = true): Path {
  const plain = steps.every((s) => s.kind === StepKind.Plain);
  const quiet = plain && steps.every((s) => s.event === NO_EVENT);
  return { name, cls, classIndex: PATH_CLASSES.indexOf(cls), steps, plain, quiet, cycles: steps.reduce((a, s) => a + s.cycles, 0), counted };
}
