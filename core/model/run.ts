import { z } from 'zod';
import { Id, Int, NonNegativeInt } from './common.ts';
import { Demand } from './workload.ts';
import { DeviceModel } from './hypervisor.ts';
import { Scenario as ScenarioRef } from './scenario.ts';
import { RunMetrics as MetricsRef } from './metrics.ts';

/** 'cancelled': stopped by the person; 'interrupted': its process ended before it finished. */
export const RunStatus = z.enum(['running', 'completed', 'cancelled', 'interrupted', 'failed']);
export type RunStatus = z.infer<typeof RunStatus>;

/** The one change a branch makes at its branch point. */
export const BranchChange = z.discriminatedUnion('change', [
  z.object({ change: z.literal('install-addon'), guest: Id, addon: Id }),
  z.object({ change: z.literal('remove-addon'), guest: Id, addon: Id }),
  z.object({ change: z.literal('set-load'), guest: Id, demand: Demand }),
  z.object({ change: z.literal('set-device'), guest: Id, device: z.enum(['nic', 'disk', 'clock']), model: DeviceModel }),
  z.object({ change: z.literal('host-failure'), host: Id }),
  z.object({ change: z.literal('migrate'), guest: Id, to: Id }),
]);
export type BranchChange = z.infer<typeof BranchChange>;

/** How a branch relates to its parent. */
export const BranchInfo = z.object({
  parentId: Int.positive().nullable(),
  /** Events [0, eventIndex) are the parent's; the change happens at simulated time tNs. */
  eventIndex: NonNegativeInt,
  tNs: NonNegativeInt,
  change: BranchChange,
  /** Index of the branch's action in its scenario's timeline (the parent's scenario is the same without it). */
  actionIndex: NonNegativeInt,
});
export type BranchInfo = z.infer<typeof BranchInfo>;

export const RunSummary = z.object({
  id: Int.positive(),
  scenarioId: z.string(),
  title: z.string(),
  status: RunStatus,
  seed: Int,
  engineVersion: z.string(),
  recorded: z.boolean(),
  parentId: Int.positive().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  wallMs: z.number().nullable(),
  simNs: z.number().nonnegative(),
  eventCount: NonNegativeInt,
  tags: z.array(z.string()),
});
export type RunSummary = z.infer<typeof RunSummary>;

export const RunNote = z.object({ id: Int, text: z.string(), createdAt: z.string() });
export type RunNote = z.infer<typeof RunNote>;

export const Tag = z.string().trim().min(1).max(64);

export const RunDetail = RunSummary.extend({
  scenario: ScenarioRef,
  scenarioHash: z.string(),
  eventHash: z.string().nullable(),
  chainHash: z.string().nullable(),
  metrics: MetricsRef.nullable(),
  pathNames: z.array(z.string()),
  warnings: z.array(z.string()),
  error: z.string().nullable(),
  branch: BranchInfo.nullable(),
  notes: z.array(RunNote),
  chunks: NonNegativeInt,
  checkpoints: NonNegativeInt,
  bytes: NonNegativeInt.describe('bytes of recorded chunks'),
});
export type RunDetail = z.infer<typeof RunDetail>;
