import { z } from 'zod';
import { Int, NonNegativeInt } from './common.ts';
import { VirtMode } from './hypervisor.ts';

const ns = z.number().nonnegative();

/** Where CPU time went, in nanoseconds of pCPU time. */
export const CpuSplit = z.object({
  guestUser: ns,
  guestKernel: ns,
  exits: ns.describe('hardware VM exit and entry transitions and BT/PV trap transitions'),
  hypervisor: ns.describe('hypervisor handlers, emulation, scheduling, halt polling'),
  backend: ns.describe('device backends: vhost, QEMU device model, dom0 netback/blkback'),
  idle: ns,
  steal: ns.describe('time a runnable vCPU waited for a physical CPU'),
});
export type CpuSplit = z.infer<typeof CpuSplit>;

export const Percentiles = z.object({
  count: NonNegativeInt,
  mean: ns,
  p50: ns,
  p90: ns,
  p99: ns,
  p999: ns,
  max: ns,
});
export type Percentiles = z.infer<typeof Percentiles>;

export const PathClass = z.enum(['native', 'bt', 'hw', 'emulated', 'pv', 'passthrough']);
export type PathClass = z.infer<typeof PathClass>;

export const GuestMetrics = z.object({
  guest: z.string(),
  host: z.string(),
  mode: VirtMode,
  unit: z.string(),
  unitsCompleted: NonNegativeInt,
  throughputPerSec: ns.describe('units completed per simulated second while the guest ran'),
  latencyNs: Percentiles.describe('per unit: from arrival (open demand) or start (closed demand) to completion'),
  cyclesPerUnit: ns.describe('host cycles the guest consumed per completed unit, all categories but idle and steal'),
  cpu: CpuSplit,
  exitsByReason: z.record(z.string(), Int),
  hypercallsByKind: z.record(z.string(), Int),
  pathCounts: z.record(PathClass, Int).describe('operations by the kind of path they took'),
  fallbacks: NonNegativeInt,
  failures: NonNegativeInt,
  faults: NonNegativeInt,
  crashed: z.boolean(),
  status: z.enum(['running', 'done', 'crashed', 'down', 'paused']),
  activePv: z.array(z.string()).describe('PV components active at the end of the run'),
  service: z.object({
    availability: z.number().min(0).max(1).describe('share of the run the guest was up (reboots, migration downtime, failures count as down)'),
    outagesMs: z.array(z.number().nonnegative()).describe('each time it was down, in order'),
    requestsLost: NonNegativeInt.describe('queued and in-progress units lost to crashes, shutdowns and failures'),
    migrations: z.array(z.object({
      to: z.string(),
      startMs: z.number().nonnegative(),
      totalMs: z.number().nonnegative(),
      rounds: Int.positive(),
      sentMiB: z.number().nonnegative(),
      downtimeMs: z.number().nonnegative(),
      stopReason: z.enum(['downtime-met', 'small-remainder', 'max-rounds', 'data-limit']),
    })),
  }),
});
export type GuestMetrics = z.infer<typeof GuestMetrics>;

export const HostMetrics = z.object({
  host: z.string(),
  profile: z.string(),
  hypervisor: z.string().nullable(),
  pcpus: Int.positive(),
  cpu: CpuSplit,
  utilization: z.number().min(0).max(1),
});
export type HostMetrics = z.infer<typeof HostMetrics>;

export const ResourceMetrics = z.object({
  id: z.string(),
  kind: z.enum(['backend', 'nic', 'disk', 'lock']),
  host: z.string(),
  servers: Int.positive(),
  served: NonNegativeInt,
  utilization: z.number().min(0).max(1),
  meanWaitNs: ns,
  waitNs: Percentiles,
  maxQueue: NonNegativeInt,
  meanQueue: ns,
});
export type ResourceMetrics = z.infer<typeof ResourceMetrics>;

export const RunMetrics = z.object({
  scenarioId: z.string(),
  seed: Int,
  engineVersion: z.string(),
  simulatedNs: ns,
  eventCount: NonNegativeInt,
  eventHash: z.string().regex(/^[0-9a-f]{16}$/),
  workloadsFinished: z.boolean().describe('every guest had a finite workload and finished it before the time limit (the run\'s own status is in `pvlab runs`)'),
  guests: z.array(GuestMetrics),
  hosts: z.array(HostMetrics),
  resources: z.array(ResourceMetrics),
  eventsByKind: z.record(z.string(), Int),
  service: z.object({
    availability: z.number().min(0).max(1).describe('mean over guests'),
    requestsLost: NonNegativeInt,
    migrations: NonNegativeInt,
    migrationDowntimeMs: z.array(z.number().nonnegative()),
  }),
});
export type RunMetrics = z.infer<typeof RunMetrics>;

/** Figures per window of simulated time, sampled while the run ran. */
export const SeriesPoint = z.object({
  tNs: z.number().nonnegative(),
  guests: z.array(z.object({
    guest: z.string(),
    units: z.number().nonnegative().describe('units completed in this window'),
    exits: z.number().nonnegative().describe('exits in this window'),
    cpu: z.object({ guest: z.number(), exits: z.number(), hypervisor: z.number(), backend: z.number(), steal: z.number() }).describe('ns of CPU time in this window'),
  })),
});
export type SeriesPoint = z.infer<typeof SeriesPoint>;
