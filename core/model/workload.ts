import { z } from 'zod';
import { Id, NonNegative, PositiveInt, Sources } from './common.ts';

const count = PositiveInt.max(1e6);

/** One entry of a workload's operation mix: what a unit of work does, in order. */
export const Operation = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('compute'), cycles: z.number().positive(), tlbMissesPerKcycle: NonNegative.default(0) }),
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
  z.strictObject({ op: z.literal('spinlock'), count, holdCycles: z.number().positive() }),
  z.strictObject({ op: z.literal('hypercall'), count, privileged: z.boolean().default(false) }),
  z.strictObject({ op: z.literal('netSend'), count, bytes: PositiveInt.optional(), bytesParam: z.string().optional() }),
  z.strictObject({ op: z.literal('netRecv'), count, bytes: PositiveInt.optional(), bytesParam: z.string().optional() }),
  z.strictObject({ op: z.literal('diskRead'), count, bytes: PositiveInt }),
  z.strictObject({ op: z.literal('diskWrite'), count, bytes: PositiveInt }),
  z.strictObject({ op: z.literal('balloon'), count, pages: PositiveInt }),
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
  description: z.string(),
});

export const Workload = z.strictObject({
  id: Id,
  name: z.string().min(1).max(200),
  description: z.string(),
  builtIn: z.boolean().default(false),
  /** What one unit of work is ("page fault", "fork + waitpid", "HTTP request"). */
  unit: z.string(),
  ops: z.array(Operation).min(1),
  demand: Demand,
  /** Stop after this many units per guest; absent: run for the scenario's duration. */
  units: PositiveInt.max(1e9).optional(),
  params: z.record(z.string(), WorkloadParam).default({}),
  /** Writable working set and how fast it is dirtied: drives pre-copy migration. */
  memory: z.strictObject({
    writableWorkingSetMiB: NonNegative,
    dirtyMiBPerSec: NonNegative,
  }),
  sources: Sources,
});
export type Workload = z.infer<typeof Workload>;

