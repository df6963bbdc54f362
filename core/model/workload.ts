import { z } from 'zod';
import { Cycles, Id, NonNegative, PositiveInt, Prose, ShortText, Sources } from './common.ts';

const count = PositiveInt.max(1e6);
/** Bytes of one request or packet: at most 1 GiB. */
const Bytes = PositiveInt.max(2 ** 30);

/** One entry of a workload's operation mix: what a unit of work does, in order. */
export const Operation = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('compute'), cycles: z.number().positive().max(1e12), tlbMissesPerKcycle: NonNegative.max(1000).default(0) }),
  z.strictObject({ op: z.literal('syscall'), count }),
  z.strictObject({ op: z.literal('callRet'), count }),
  z.strictObject({ op: z.literal('pageFault'), count }),
  z.strictObject({ op: z.literal('divFault'), count }),
  /** A privileged instruction (cli, hlt, a CR write) attempted in user mode: #GP, which the guest kernel turns into a signal. */
  z.strictObject({ op: z.literal('privOp'), count }),
  z.strictObject({ op: z.literal('pteWrite'), count }),
  z.strictObject({ op: z.literal('addressSpaceSwitch'), count }),
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
  z.strictObject({ op: z.literal('diskRead'), count, bytes: Bytes }),
  z.strictObject({ op: z.literal('diskWrite'), count, bytes: Bytes }),
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
  /** Writable working set and how fast it is dirtied: drives pre-copy migration. */
  memory: z.strictObject({
    writableWorkingSetMiB: NonNegative.max(2 ** 24),
    dirtyMiBPerSec: NonNegative.max(1e6),
  }),
  sources: Sources,
});
export type Workload = z.infer<typeof Workload>;

