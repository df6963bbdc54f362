import { z } from 'zod';
import { Cycles, Id, NonNegative, PositiveInt, Prose, ShortText, Sources } from './common.ts';

const count = PositiveInt.max(1e6);
/**
 * Share of a compute operation's cycles spent in guest-kernel code (the kernel work a unit does
 * beyond its listed operations: copying and freeing a process, scheduling, file-system code);
 * under binary translation that share runs translated. Absent: 0, all user code.
 */
const KernelShare = z.number().min(0).max(1).describe('share of these cycles spent in guest-kernel code, run translated under binary translation (0: all user code)');
/** Present PTEs of an address space that a fork copies or an exit zaps: at most 2^20 (4 GiB of 4 KiB pages). */
const Ptes = PositiveInt.max(2 ** 20).describe('present PTEs of the address space (copied and write-protected by fork, zapped by exec and exit)');
/** Pages a forked child touches before it exits or execs, each a hidden shadow fault under shadow paging. */
const PageTouches = NonNegative.max(2 ** 20).describe('pages the child touches after fork, each a hidden fault that fills its empty shadow table under shadow paging');
/** Bytes of one request or packet: at most 1 GiB. */
const Bytes = PositiveInt.max(2 ** 30);

/**
 * Share of a workload's reads served from the guest's page cache: a hit is a lookup and a copy in
 * the guest kernel, with no device request and no exit. Applied per unit: round(count × share) of
 * a unit's reads hit (so a share that count × share makes whole is exact); absent: 0, every read
 * goes to the device (O_DIRECT).
 */
const PageCacheHitRate = z.number().min(0).max(1).describe('share of the reads served from the guest page cache (0: every read goes to the device, as with O_DIRECT)');
/**
 * Requests a vCPU keeps in flight (libaio / io_uring queue depth, a writer that does not fsync):
 * the vCPU blocks only when that many are outstanding (or the device's ring is full); absent: 1,
 * a synchronous request the vCPU waits for.
 */
const IoDepth = PositiveInt.max(65_536).describe('I/O requests the vCPU keeps in flight before it waits (1: synchronous)');

/** One entry of a workload's operation mix: what a unit of work does, in order. */
export const Operation = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('compute'), cycles: z.number().positive().max(1e12), tlbMissesPerKcycle: NonNegative.max(1000).default(0), kernelShare: KernelShare.optional() }),
  z.strictObject({ op: z.literal('syscall'), count }),
  z.strictObject({ op: z.literal('callRet'), count }),
  z.strictObject({ op: z.literal('pageFault'), count }),
  z.strictObject({ op: z.literal('divFault'), count }),
  /** A privileged instruction (cli, hlt, a CR write) attempted in user mode: #GP, which the guest kernel turns into a signal. */
  z.strictObject({ op: z.literal('privOp'), count }),
  z.strictObject({ op: z.literal('pteWrite'), count }),
  z.strictObject({ op: z.literal('addressSpaceSwitch'), count }),
  /** fork(): the parent's present PTEs are copied into the child and its writable ones write-protected (copy-on-write); the child then runs. */
  z.strictObject({ op: z.literal('fork'), count, ptes: Ptes, childTouches: PageTouches }),
  /** execve(): the old address space is torn down (its PTEs zapped); the new image's faults are pageFault operations of their own. */
  z.strictObject({ op: z.literal('exec'), count, ptes: Ptes }),
  /** exit(): exit_mmap zaps every PTE of the process's address space. */
  z.strictObject({ op: z.literal('exit'), count, ptes: Ptes }),
  z.strictObject({ op: z.literal('portIo'), count }),
  z.strictObject({ op: z.literal('mmio'), count }),
  z.strictObject({ op: z.literal('cpuid'), count }),
  z.strictObject({ op: z.literal('crWrite'), count }),
  z.strictObject({ op: z.literal('cr8Write'), count }),
  z.strictObject({ op: z.literal('clockRead'), count }),
  z.strictObject({ op: z.literal('timerProgram'), count }),
  z.strictObject({ op: z.literal('ipi'), count, tlbShootdown: z.boolean().default(false) }),
  z.strictObject({ op: z.literal('spinlock'), count, holdCycles: Cycles.positive() }),
  z.strictObject({ op: z.literal('hypercall'), count, privileged: z.boolean().default(false) }),
  z.strictObject({ op: z.literal('netSend'), count, bytes: Bytes.optional(), bytesParam: ShortText.optional() }),
  z.strictObject({ op: z.literal('netRecv'), count, bytes: Bytes.optional(), bytesParam: ShortText.optional() }),
  z.strictObject({ op: z.literal('diskRead'), count, bytes: Bytes, pageCacheHitRate: PageCacheHitRate.optional(), ioDepth: IoDepth.optional() }),
  z.strictObject({ op: z.literal('diskWrite'), count, bytes: Bytes, ioDepth: IoDepth.optional() }),
  z.strictObject({ op: z.literal('balloon'), count, pages: PositiveInt.max(2 ** 30) }),
  z.strictObject({ op: z.literal('idle'), ticks: PositiveInt.max(1e6).describe('timer ticks the vCPU sleeps through, doing the OS\'s tick work') }),
]);
export type Operation = z.infer<typeof Operation>;
export type OpName = Operation['op'];

export const Demand = z.discriminatedUnion('kind', [
  /** Each of `concurrency` threads runs units back to back (spread over the vCPUs). */
  z.strictObject({ kind: z.literal('closed'), concurrency: PositiveInt.max(100_000) }),
  /** Units arrive as a Poisson stream and queue for the guest's vCPUs. */
  /** At most 10 million units a second for one guest (a busy key-value server does a few million). */
  z.strictObject({ kind: z.literal('open'), ratePerSec: z.number().positive().max(1e7) }),
]);
export type Demand = z.infer<typeof Demand>;

export const WorkloadParam = z.strictObject({
  default: z.number(),
  min: z.number(),
  max: z.number(),
  description: Prose,
});

/**
 * How the workload writes memory, which drives pre-copy live migration. Writes land on pages of a
 * hot set, rewritten over and over (Clark et al., NSDI 2005: the writable working set), or on the
 * rest of the guest's memory. Rates count page writes (4 KiB pages written per second, in MiB/s);
 * dirty logging counts a page once however often it is written, so a round dirties at most the
 * hot set plus the cold pages it reaches (see migration.ts).
 */
export const WorkloadMemory = z.strictObject({
  hotSetMiB: NonNegative.max(2 ** 24).describe('pages the workload rewrites over and over (its writable working set), MiB'),
  hotWriteMiBPerSec: NonNegative.max(1e6).describe('page writes into the hot set, MiB of 4 KiB pages per second'),
  coldWriteMiBPerSec: NonNegative.max(1e6).describe('page writes spread over the rest of the guest\'s memory, MiB of 4 KiB pages per second'),
});
export type WorkloadMemory = z.infer<typeof WorkloadMemory>;

export const Workload = z.strictObject({
  id: Id,
  name: z.string().min(1).max(200),
  description: Prose,
  builtIn: z.boolean().default(false),
  /** What one unit of work is ("page fault", "fork + waitpid", "HTTP request"). */
  unit: ShortText,
  ops: z.array(Operation).min(1),
  demand: Demand,
  /** Stop after this many units per guest; absent: run for the scenario's duration. */
  units: PositiveInt.max(1e9).optional(),
  params: z.record(ShortText, WorkloadParam).default({}),
  memory: WorkloadMemory,
  sources: Sources,
});
export type Workload = z.infer<typeof Workload>;

/**
 * Memory as stored before engine 0.5.0: one writable working set and one dirty rate, all writes
 * within the set. Read as a hot set written at that rate with no cold writes (what the old model
 * computed); custom workloads and the catalog snapshot of every recorded run were written so.
 */
function upgradeMemory(input: unknown): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  const entry = input as Record<string, unknown>;
  const m = entry.memory;
  if (typeof m !== 'object' || m === null || !('writableWorkingSetMiB' in m) || !('dirtyMiBPerSec' in m)) return input;
  const { writableWorkingSetMiB, dirtyMiBPerSec, ...rest } = m as Record<string, unknown>;
  return { ...entry, memory: { ...rest, hotSetMiB: writableWorkingSetMiB, hotWriteMiBPerSec: dirtyMiBPerSec, coldWriteMiBPerSec: 0 } };
}

/** A workload as stored by an earlier version: its old memory fields become the hot set, then it is checked as a workload. */
export const StoredWorkload = z.preprocess(upgradeMemory, Workload);

