/**
 * Built-in micro-workloads: the nanobenchmarks of Adams & Agesen (ASPLOS 2006, §6.3), a
 * privileged instruction in user mode, a clock-read loop and idle guests. Each is one operation
 * in a loop; what it costs is the point.
 */
import type { z } from 'zod';
import type { Workload } from '../model/index.ts';
import { AA06 } from './workload-sources.ts';

const AA06_NB = `${AA06}, §6.3 nanobenchmarks: each times a loop of one virtualization-sensitive operation (syscall round trip, in from port 0x80, cr8 write, call/ret, true page fault, divide fault, guest PTE write)`;
const NB_UNITS = 'estimate: enough repetitions for a stable cycles-per-operation average while the run fits the 1 s nanobench scenarios (100,000 × 15,826 cycles, the slowest row — in under VT-x, REFERENCES.md §A — ≈0.42 s at 3.8 GHz)';
const NB_DEMAND = `${AA06_NB}: one loop on one CPU`;
const RHEL_CLOCKS = 'Red Hat Enterprise Linux for Real Time 7 reference guide, "Hardware clocks" (REFERENCES.md §E): a test program reads CLOCK_MONOTONIC 10 M times in a loop — TSC 0.567 s, HPET 12.257 s, ACPI PM 25.524 s';
/** Memory of a loop that writes almost nothing: the same for every micro-benchmark. */
const LOOP_MEMORY = 'estimate: a one-operation loop rewrites a handful of variables on one stack or data page (a hot set of ≈16 KiB, rewritten on every iteration: 100 MiB/s of page writes or more, all of it dirty in any round either way); the rest of the guest is left alone but for the kernel\'s background bookkeeping (≈0.1 MiB/s)';
const LOOP_MEMORY_VALUES = { hotSetMiB: 0.016, hotWriteMiBPerSec: 100, coldWriteMiBPerSec: 0.1 };
const IDLE_OP = 'one timer tick per unit: an idle guest halts until the next tick and does the tick\'s work (the tick rate and clock reads per tick come from the guest OS profile); repeated for the scenario\'s duration';

function nanobench(id: string, op: 'syscall' | 'portIo' | 'cr8Write' | 'callRet' | 'pageFault' | 'divFault' | 'pteWrite' | 'privOp', name: string, what: string, units: number): z.input<typeof Workload> {
  return {
    id,
    name,
    description: `Nanobenchmark of Adams & Agesen (ASPLOS 2006, §6.3): ${what}, repeated in a tight loop. Cycles per unit are cycles per operation.`,
    unit: what,
    ops: [{ op, count: 1 }],
    demand: { kind: 'closed', concurrency: 1 },
    units,
    memory: LOOP_MEMORY_VALUES,
    sources: {
      'ops.0.count': `${AA06_NB}: one operation per iteration (the calibration divides total cycles by units)`,
      units: units === 100_000 ? NB_UNITS : 'estimate: call/ret costs only 11–51 cycles (REFERENCES.md §A), so 1,000,000 repetitions keep the run-time share of the loop set-up negligible and still take ≈13 ms at 3.8 GHz',
      demand: NB_DEMAND,
      memory: LOOP_MEMORY,
    },
  };
}

const TIME_BEGIN_PERIOD = 'Microsoft Learn, timeBeginPeriod (timeapi.h): an application requests a minimum timer resolution in milliseconds; multimedia playback, browsers and games ask for 1 ms';
/** Windows: the timer resolution an application raises with timeBeginPeriod, and on how many vCPUs its threads wait. */
const WINDOWS_TIMER_PARAMS: z.input<typeof Workload>['params'] = {
  timerPeriodMs: {
    default: 15.625,
    min: 1,
    max: 15.625,
    description: 'timer resolution an application requests with timeBeginPeriod, in ms (1 for media playback, browsers and games); 15.625, the default, requests nothing finer than the OS tick',
  },
  timerVcpus: {
    default: 1,
    min: 1,
    max: 512,
    description: 'vCPUs the requesting application\'s threads wait on; where the OS applies the resolution per process, only these take the faster tick',
  },
};
const WINDOWS_TIMER_SOURCES = {
  'params.timerPeriodMs': `${TIME_BEGIN_PERIOD}; default 15.625 ms, the default clock interval of 64 interrupts a second (Microsoft, "Timers, Timer Resolution, and Development of Efficient Code", 2010), i.e. no application raises it; min 1 ms, the finest timeBeginPeriod takes (uPeriod is in whole milliseconds; timeGetDevCaps reports wPeriodMin 1); max 15.625 ms: a coarser request changes nothing`,
  'params.timerVcpus': 'estimate: one, a media player\'s or game\'s single timing thread (a render or audio loop) waiting on one vCPU at a time',
};

function idle(id: string, name: string, osName: string, memory: z.input<typeof Workload>['memory'], memorySource: string): z.input<typeof Workload> {
  return {
    id,
    name,
    description: `A ${osName} guest with nothing to do: it halts until each timer tick, handles the tick and halts again. The tick rate comes from the guest OS${osName === 'Linux' ? ' (dynticks idle or a periodic tick)' : ''}.`,
    unit: 'timer tick',
    ops: [{ op: 'idle', ticks: 1 }],
    demand: { kind: 'closed', concurrency: 1 },
    memory,
    ...(osName === 'Windows' ? { params: WINDOWS_TIMER_PARAMS } : {}),
    sources: {
      'ops.0': IDLE_OP,
      demand: 'an OS idles every CPU: the engine runs the idle loop on every vCPU, each taking its own ticks (the concurrency does not limit it)',
      memory: memorySource,
      ...(osName === 'Windows' ? WINDOWS_TIMER_SOURCES : {}),
    },
  };
}

export const MICRO_WORKLOADS: z.input<typeof Workload>[] = [
  nanobench('nb-syscall', 'syscall', 'Nanobenchmark: syscall', 'a system call round trip', 100_000),
  nanobench('nb-in', 'portIo', 'Nanobenchmark: in', 'an in from I/O port 0x80', 100_000),
  nanobench('nb-cr8wr', 'cr8Write', 'Nanobenchmark: cr8wr', 'a write to CR8 (the task-priority register)', 100_000),
  nanobench('nb-callret', 'callRet', 'Nanobenchmark: call/ret', 'a call and return', 1_000_000),
  nanobench('nb-pgfault', 'pageFault', 'Nanobenchmark: pgfault', 'a true page fault', 100_000),
  nanobench('nb-divzero', 'divFault', 'Nanobenchmark: divzero', 'a divide-by-zero fault (a fault with no MMU work)', 100_000),
  nanobench('nb-ptemod', 'pteWrite', 'Nanobenchmark: ptemod', 'a write to a guest page-table entry', 100_000),
  {
    ...nanobench('user-privop', 'privOp', 'User-mode privileged instruction', 'a privileged instruction attempted in user mode (#GP, caught by the kernel)', 100_000),
    description: 'A user program executes a privileged instruction (cli, hlt or a control-register write) in a loop and catches the resulting SIGSEGV. The CPU raises #GP whatever the virtualization mode: the hypervisor stays out of the guest\'s reach, and the guest kernel sees a fault.',
    sources: {
      'ops.0.count': 'definition: one privileged-instruction attempt per unit; Intel SDM Vol. 3A §2.8 and §6.15: privileged instructions at CPL > 0 raise #GP(0)',
      units: 'estimate: 100,000 attempts, as many as the Adams & Agesen nanobenchmarks repeat their operations (REFERENCES.md §A), so the loop set-up is negligible',
      demand: 'one loop on one CPU, as in the nanobenchmarks',
      memory: LOOP_MEMORY,
    },
  },

  idle('idle-linux', 'Idle Linux guest', 'Linux', { hotSetMiB: 4, hotWriteMiBPerSec: 0.2, coldWriteMiBPerSec: 0.01 },
    'estimate: an idle Linux guest rewrites only kernel timer and statistics structures and the occasional daemon\'s data (a hot set of ≈4 MiB written at ≈0.2 MiB/s); log lines reach fresh pages at ≈10 KiB/s'),
  idle('idle-windows', 'Idle Windows guest', 'Windows', { hotSetMiB: 48, hotWriteMiBPerSec: 2, coldWriteMiBPerSec: 0.1 },
    'estimate: an idle Windows guest keeps background services, telemetry and the superfetch/sysmain cache busy (a hot set of ≈48 MiB written at ≈2 MiB/s), more than an idle Linux guest; event logs and prefetch files reach fresh pages at ≈0.1 MiB/s'),

  {
    id: 'clock-read',
    name: 'Clock reads (clock_gettime loop)',
    description: 'A loop of clock_gettime(CLOCK_MONOTONIC) calls, as in the Red Hat real-time guide\'s comparison of clock sources. What a read costs depends on the guest\'s clock source: TSC, HPET, ACPI PM timer or a PV clock.',
    unit: 'clock_gettime(CLOCK_MONOTONIC)',
    ops: [{ op: 'clockRead', count: 1 }],
    demand: { kind: 'closed', concurrency: 1 },
    units: 1_000_000,
    memory: LOOP_MEMORY_VALUES,
    sources: {
      'ops.0': `${RHEL_CLOCKS}: one read per iteration`,
      units: `${RHEL_CLOCKS}; 1 M reads here instead of 10 M keep runs short — the comparison is per read`,
      demand: `${RHEL_CLOCKS}: a single-threaded loop`,
      memory: LOOP_MEMORY,
    },
  },
];
