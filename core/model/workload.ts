import { z } from 'zod';
import { Id, NonNegative, PositiveInt, Sources } from './common.ts';

const count = PositiveInt;

/** One entry of a workload's operation mix: what a unit of work does, in order. */
export const Operation = z.discriminatedUnion('op', [
  z.object({ op: z.literal('compute'), cycles: z.number().positive(), tlbMissesPerKcycle: NonNegative.default(0) }),
  z.object({ op: z.literal('syscall'), count }),
  z.object({ op: z.literal('callRet'), count }),
  z.object({ op: z.literal('pageFault'), count }),
  z.object({ op: z.literal('divFault'), count }),
  /** A privileged instruction (cli, hlt, a CR write) attempted in user mode: #GP, which the guest kernel turns into a signal. */
  z.object({ op: z.literal('privOp'), count }),
  z.object({ op: z.literal('pteWrite'), count }),
  z.object({ op: z.literal('addressSpaceSwitch'), count }),
  z.object({ op: z.literal('portIo'), count }),
  z.object({ op: z.literal('mmio'), count }),
  z.object({ op: z.literal('cpuid'), count }),
  z.object({ op: z.literal('crWrite'), count }),
  z.object({ op: z.literal('cr8Write'), count }),
  z.object({ op: z.literal('clockRead'), count }),
  z.object({ op: z.literal('timerProgram'), count }),
  z.object({ op: z.literal('ipi'), count, tlbShootdown: z.boolean().default(false) }),
  z.object({ op: z.literal('spinlock'), count, holdCycles: z.number().positive() }),
  z.object({ op: z.literal('hypercall'), count, privileged: z.boolean().default(false) }),
  z.object({ op: z.literal('netSend'), count, bytes: PositiveInt.optional(), bytesParam: z.string().optional() }),
  z.object({ op: z.literal('netRecv'), count, bytes: PositiveInt.optional(), bytesParam: z.string().optional() }),
  z.object({ op: z.literal('diskRead'), count, bytes: PositiveInt }),
  z.object({ op: z.literal('diskWrite'), count, bytes: PositiveInt }),
  z.object({ op: z.literal('balloon'), count, pages: PositiveInt }),
  z.object({ op: z.literal('idle'), ticks: PositiveInt.describe('timer ticks the vCPU sleeps through, doing the OS\'s tick work') }),
]);
export type Operation = z.infer<typeof Operation>;
export type OpName = Operation['op'];

export const Demand = z.discriminatedUnion('kind', [
  /** Each of `concurrency` threads runs units back to back (spread over the vCPUs). */
  z.object({ kind: z.literal('closed'), concurrency: PositiveInt }),
  /** Units arrive as a Poisson stream and queue for the guest's vCPUs. */
  z.object({ kind: z.literal('open'), ratePerSec: z.number().positive() }),
]);
export type Demand = z.infer<typeof Demand>;

export const WorkloadParam = z.object({
  default: z.number(),
  min: z.number(),
  max: z.number(),
  description: z.string(),
});

export const Workload = z.object({
  id: Id,
  name: z.string().min(1),
  description: z.string(),
  builtIn: z.boolean().default(false),
  /** What one unit of work is ("page fault", "fork + waitpid", "HTTP request"). */
  unit: z.string(),
  ops: z.array(Operation).min(1),
  demand: Demand,
  /** Stop after this many units per guest; absent: run for the scenario's duration. */
  units: PositiveInt.optional(),
  params: z.record(z.string(), WorkloadParam).default({}),
  /** Writable working set and how fast it is dirtied: drives pre-copy migration. */
  memory: z.object({
    writableWorkingSetMiB: NonNegative,
    dirtyMiBPerSec: NonNegative,
  }),
  sources: Sources,
});
export type Workload = z.infer<typeof Workload>;

