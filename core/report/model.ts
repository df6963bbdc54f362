/**
 * The report model: what ran, what it achieved, why, the figures for its charts and — against a
 * baseline, for N runs or for a sweep — the differences with their explanation in words. Built
 * once (build.ts) from the figures the CLI and the UI show; every format renders this one
 * document, and the JSON format is this document itself (schema in docs/report.schema.json).
 */
import { z } from 'zod';
import { CompareRow, Finding, Lang } from '../contract/index.ts';
import { ReportFormat } from '../contract/files.ts';
import { AddonStatus, CpuSplit, PathClass, Percentiles, RunStatus, RuntimeOutcome, VirtMode, Int, NonNegativeInt } from '../model/index.ts';

export const REPORT_FORMAT_VERSION = 1;
export const ReportLang = Lang;
export type ReportLang = z.infer<typeof ReportLang>;
export const ReportKind = z.enum(['run', 'compare', 'sweep']);
export type ReportKind = z.infer<typeof ReportKind>;

const count = NonNegativeInt;
const figure = z.number();

export const HostFacts = z.object({
  id: z.string(),
  profile: z.string(),
  profileName: z.string(),
  cpu: z.string().describe('CPU model, cores and clock as the profile gives them'),
  arch: z.string(),
  hypervisor: z.string().nullable(),
  hypervisorName: z.string().nullable(),
  utilization: z.number().nullable().describe('share of the host\'s pCPU time that was busy; null without metrics'),
});
export type HostFacts = z.infer<typeof HostFacts>;

export const AddonFacts = z.object({ addon: z.string(), name: z.string(), status: AddonStatus, outcome: RuntimeOutcome, reasons: z.array(z.string()) });
export type AddonFacts = z.infer<typeof AddonFacts>;

export const GuestFacts = z.object({
  id: z.string(),
  host: z.string(),
  os: z.string(),
  vcpus: count,
  memoryMiB: count,
  mode: VirtMode,
  devices: z.object({ nic: z.string().nullable(), disk: z.string().nullable(), clock: z.string() }),
  workload: z.string(),
  addons: z.array(AddonFacts),
});
export type GuestFacts = z.infer<typeof GuestFacts>;

/** What a guest achieved, with the derived figures the compare view uses (exits per unit, PV share). */
export const GuestResult = z.object({
  guest: z.string(),
  unit: z.string(),
  unitsCompleted: count,
  throughputPerSec: figure,
  latencyNs: Percentiles,
  cyclesPerUnit: figure,
  exitsPerUnit: figure,
  pvShare: figure.describe('share of operations that took a PV or passthrough path'),
  availability: figure,
  requestsLost: count,
  status: z.enum(['running', 'done', 'crashed', 'down', 'paused']),
  crashed: z.boolean(),
  cpu: CpuSplit,
});
export type GuestResult = z.infer<typeof GuestResult>;

/** Why a guest got its figures: exits by reason, hypercalls by kind, paths taken, failures and fallbacks. */
export const GuestWhy = z.object({
  guest: z.string(),
  exits: z.array(z.object({ reason: z.string(), count, perUnit: figure })),
  hypercalls: z.array(z.object({ kind: z.string(), count })),
  paths: z.array(z.object({ cls: PathClass, count, share: figure })),
  fallbacks: count,
  failures: count,
  faults: count,
  activePv: z.array(z.string()),
  migrations: z.array(z.object({ to: z.string(), startMs: figure, totalMs: figure, rounds: count, sentMiB: figure, downtimeMs: figure, stopReason: z.string() })),
  outagesMs: z.array(figure),
});
export type GuestWhy = z.infer<typeof GuestWhy>;

export const ResourceRow = z.object({
  id: z.string(), kind: z.string(), host: z.string(), servers: count, served: count, utilization: figure, meanWaitNs: figure, p99WaitNs: figure, maxQueue: count, meanQueue: figure,
});
export type ResourceRow = z.infer<typeof ResourceRow>;

/** Per-window figures for the charts: one value per window and guest. */
export const SeriesData = z.object({
  windowNs: figure,
  tNs: z.array(figure),
  guests: z.array(z.object({ guest: z.string(), unitsPerSec: z.array(figure), exitsPerSec: z.array(figure) })),
});
export type SeriesData = z.infer<typeof SeriesData>;

export const RunSection = z.object({
  id: Int.positive(),
  title: z.string(),
  status: RunStatus,
  scenario: z.object({ id: z.string(), title: z.string(), description: z.string(), durationMs: figure, hash: z.string() }),
  lesson: z.object({ title: z.string(), goal: z.string(), lookAt: z.string(), question: z.string() }).nullable(),
  seed: Int,
  engineVersion: z.string(),
  recorded: z.boolean(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  wallMs: z.number().nullable(),
  simulatedNs: figure,
  eventCount: count,
  eventHash: z.string().nullable(),
  recordingHash: z.string().nullable().describe('the last link of the hash chain over the recorded chunks'),
  branch: z.object({ parentId: Int.nullable(), tNs: figure, change: z.string() }).nullable(),
  tags: z.array(z.string()),
  notes: z.array(z.string()),
  warnings: z.array(z.string()),
  error: z.string().nullable(),
  hosts: z.array(HostFacts),
  guests: z.array(GuestFacts),
  timeline: z.array(z.object({ atMs: figure, text: z.string() })),
  /** Null when the run ended without metrics (it failed before its first figures). */
  results: z.array(GuestResult).nullable(),
  why: z.array(GuestWhy).nullable(),
  resources: z.array(ResourceRow),
  series: SeriesData,
});
export type RunSection = z.infer<typeof RunSection>;

/** Differences of runs against run 0 (the baseline), in figures and in words. */
export const Comparison = z.object({
  baseline: Int.positive(),
  guests: z.array(z.string()),
  /** Per compared run (index ≥ 1): what differs in the setup, in words. */
  setup: z.array(z.object({ run: count, changes: z.array(z.string()) })),
  findings: z.array(Finding.extend({ text: z.string(), why: z.string() })),
  rows: z.array(CompareRow.extend({ label: z.string() })),
});
export type Comparison = z.infer<typeof Comparison>;

export const SweepVariant = z.object({
  runId: Int.positive(),
  values: z.array(z.union([z.string(), z.number(), z.boolean()])),
  status: RunStatus,
  guests: z.array(z.object({ guest: z.string(), throughputPerSec: figure, p99LatencyNs: figure, exitsPerUnit: figure, availability: figure })),
});
export type SweepVariant = z.infer<typeof SweepVariant>;

export const SweepData = z.object({ tag: z.string(), axes: z.array(z.string()), variants: z.array(SweepVariant) });
export type SweepData = z.infer<typeof SweepData>;

export const ReportDoc = z.object({
  format: z.literal('pvlab-report'),
  formatVersion: z.literal(REPORT_FORMAT_VERSION),
  kind: ReportKind,
  lang: ReportLang,
  appVersion: z.string(),
  title: z.string(),
  /** Run reports: [baseline, run] or [run]; comparisons: the runs in order, the first the baseline; sweeps: the variants' runs. */
  runs: z.array(RunSection).min(1),
  /** The index in `runs` of the run a run report is about (0 for comparisons and sweeps). */
  subject: count,
  comparison: Comparison.nullable(),
  sweep: SweepData.nullable(),
});
export type ReportDoc = z.infer<typeof ReportDoc>;

/** The formats a report renders to in core (PDF is printed from the HTML by a browser engine). */
export { ReportFormat };

/** A rendered report: a file name, its type, and its text or (for a zip) its bytes. */
export interface RenderedReport {
  fileName: string;
  mime: string;
  text?: string;
  bytes?: Uint8Array;
}
