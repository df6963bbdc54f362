/**
 * Every method of LabService: its input and output schema. Transports validate inputs against
 * these on the receiving side; clients may validate outputs.
 */
import { z } from 'zod';
import { BranchChange, EVENT_KINDS, EngineInspection, EventFilter, GuestOs, HardwareProfile, HypervisorProfile, PvAddon, ReplayEvent, RunDetail, RunMetrics, RunEstimate, RunNote, RunStatus, RunSummary, Scenario, ScenarioCheck, SeriesPoint, SweepAxis, SweepValue, TrackedGuest, VerifyResult, Workload, Int, NonNegativeInt } from '../model/index.ts';
import { ExportedFile, LocalPath, MAX_INLINE_BUNDLE_BASE64, ReportFormat } from './files.ts';

const RunId = Int.positive();
/** A simulated time in ns: bounded well above the longest run (one hour, 3.6e12 ns) so a window's ends stay finite. */
const SimNs = z.number().min(0).max(1e13);
/** A window of simulated time, end after start. */
const Window = { t0: SimNs, t1: SimNs.positive() };
const endAfterStart = (w: { t0: number; t1: number }) => w.t1 > w.t0;
const windowOrder = { message: 't1 must be after t0', path: ['t1'] };
/** A job (verify, branch, sweep, live replay state) named by its caller, so it can follow progress and cancel. */
export const JobId = z.string().min(1).max(64);
const Page = { limit: Int.min(1).max(1000).default(100), offset: Int.min(0).default(0) };
export const EntryKind = z.enum(['profiles', 'hypervisors', 'oses', 'addons', 'workloads']);
export type EntryKind = z.infer<typeof EntryKind>;
export const CatalogEntry = z.union([HardwareProfile, HypervisorProfile, GuestOs, PvAddon, Workload]);
export type CatalogEntry = z.infer<typeof CatalogEntry>;
/** A catalog entry together with its kind, validated against that kind's schema. */
export const TypedEntry = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('profiles'), entry: HardwareProfile }),
  z.object({ kind: z.literal('hypervisors'), entry: HypervisorProfile }),
  z.object({ kind: z.literal('oses'), entry: GuestOs }),
  z.object({ kind: z.literal('addons'), entry: PvAddon }),
  z.object({ kind: z.literal('workloads'), entry: Workload }),
]);
const Ok = z.object({ ok: z.literal(true) });
export const Lang = z.enum(['en', 'sv']);
export type Lang = z.infer<typeof Lang>;

export const RunOutcome = z.object({
  runId: RunId,
  status: RunStatus.exclude(['running']),
  metrics: RunMetrics.nullable(),
  eventCount: NonNegativeInt,
  wallMs: z.number().nonnegative(),
  error: z.string().nullable(),
});
export type RunOutcome = z.infer<typeof RunOutcome>;

const Metric = z.object({ name: z.string(), a: z.number(), b: z.number(), ratio: z.number().nullable() });

/** One row of a comparison of N runs: a figure, its group, and its value in each run (null where a run lacks it). */
export const CompareRow = z.object({
  group: z.enum(['work', 'cpu', 'exits', 'paths', 'resources', 'service']),
  name: z.string(),
  unit: z.string(),
  values: z.array(z.number().nullable()),
});
export type CompareRow = z.infer<typeof CompareRow>;

/** A difference worth saying in words; the UI phrases it from its message catalog. */
export const Finding = z.object({
  id: z.enum(['faster', 'slower', 'fewer-exits', 'more-exits', 'more-pv', 'less-pv', 'more-steal', 'less-steal', 'busier-resource', 'less-available', 'same']),
  run: NonNegativeInt.describe('index of the run in the comparison (against run 0, the baseline)'),
  guest: z.string().nullable(),
  figure: z.number(),
  detail: z.string(),
});
export type Finding = z.infer<typeof Finding>;

export const Lesson = z.object({ id: z.string(), order: Int, title: z.string(), goal: z.string(), lookAt: z.string(), question: z.string() });
export type Lesson = z.infer<typeof Lesson>;

/** A lane of the replay timeline: one host, guest or vCPU, with its events counted per bucket. */
export const Lane = z.object({
  id: z.string(),
  kind: z.enum(['host', 'guest', 'vcpu']),
  label: z.string(),
  host: Int,
  guest: Int.nullable(),
  vcpu: Int.nullable(),
  counts: z.array(NonNegativeInt),
  /** The kind (index into EVENT_KINDS) with the most events in each bucket, -1 for none. */
  dominant: z.array(Int),
});
export type Lane = z.infer<typeof Lane>;

/** Something the timeline marks: an action of the scenario's timeline and when it took effect. */
export const Marker = z.object({
  tNs: z.number().nonnegative(),
  action: z.string(),
  label: z.string(),
  guest: z.string().nullable(),
  host: z.string().nullable(),
});
export type Marker = z.infer<typeof Marker>;


/**
 * An object whose properties are built when first read, then kept: every method's schemas take
 * milliseconds to build at start, and a command or a call needs one or two of them.
 */
function builtOnRead<D extends Record<string, () => unknown>>(defs: D): { readonly [K in keyof D]: ReturnType<D[K]> } {
  const built = {} as { [K in keyof D]: ReturnType<D[K]> };
  for (const key of Object.keys(defs) as (keyof D & string)[]) {
    Object.defineProperty(built, key, {
      enumerable: true,
      configurable: true,
      get: () => {
        const value = defs[key]!() as ReturnType<D[typeof key]>;
        Object.defineProperty(built, key, { value, enumerable: true });
        return value;
      },
    });
  }
  return built;
}

export const contract = builtOnRead({
  // catalog ------------------------------------------------------------------------------------
  'catalog.list': () => ({
    input: z.object({ kind: EntryKind, search: z.string().max(200).optional(), builtIn: z.boolean().optional(), ...Page }),
    output: z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), builtIn: z.boolean() })), total: Int }),
  }),
  'catalog.get': () => ({ input: z.object({ kind: EntryKind, id: z.string() }), output: CatalogEntry }),
  /** Every entry of every kind, for forms that offer choices (profiles, hypervisors, OSes, add-ons, workloads). */
  'catalog.all': () => ({
    input: z.object({}),
    output: z.object({
      profiles: z.array(HardwareProfile), hypervisors: z.array(HypervisorProfile), oses: z.array(GuestOs), addons: z.array(PvAddon), workloads: z.array(Workload),
      builtIn: z.record(z.string(), z.boolean()).describe('kind/id → whether the entry is built in (read-only)'),
    }),
  }),
  'catalog.create': () => ({ input: TypedEntry, output: CatalogEntry }),
  'catalog.update': () => ({ input: z.intersection(TypedEntry, z.object({ id: z.string() })), output: CatalogEntry }),
  'catalog.duplicate': () => ({ input: z.object({ kind: EntryKind, id: z.string(), newId: z.string() }), output: CatalogEntry }),
  'catalog.remove': () => ({ input: z.object({ kind: EntryKind, id: z.string() }), output: Ok }),
  // scenarios ----------------------------------------------------------------------------------
  'scenarios.list': () => ({
    input: z.object({ search: z.string().max(200).optional(), builtIn: z.boolean().optional(), ...Page }),
    output: z.object({
      items: z.array(z.object({ id: z.string(), title: z.string(), builtIn: z.boolean(), hosts: Int, guests: Int, updatedAt: z.string() })),
      total: Int,
    }),
  }),
  'scenarios.get': () => ({ input: z.object({ id: z.string() }), output: Scenario }),
  'scenarios.create': () => ({ input: z.object({ scenario: Scenario }), output: Scenario }),
  'scenarios.update': () => ({ input: z.object({ id: z.string(), scenario: Scenario }), output: Scenario }),
  'scenarios.remove': () => ({ input: z.object({ id: z.string() }), output: Ok }),
  /** Import a scenario file; with `runnable`, one that cannot run (see scenarios.check) is refused with the reasons instead of stored for editing. */
  'scenarios.import': () => ({
    input: z.object({ json: z.string().max(5_000_000), source: z.string().max(500).default('scenario file'), replace: z.boolean().default(false), runnable: z.boolean().default(false) }),
    output: Scenario,
  }),
  'scenarios.export': () => ({ input: z.object({ id: z.string() }), output: z.object({ json: z.string() }) }),
  /** Compatibility preview: what each guest's devices and add-ons will do, before running. A stored scenario by id, or one given whole. */
  'scenarios.check': () => ({
    input: z.object({ id: z.string().optional(), scenario: Scenario.optional(), estimate: z.boolean().default(true).describe('also estimate what a run costs (a short probe run)') }),
    output: z.object({ ok: z.boolean(), problems: z.array(z.string()), report: ScenarioCheck, estimate: RunEstimate.nullable().describe('what a run will cost; null when the scenario cannot run') }),
  }),
  /** The curriculum, in one language. */
  'lessons.list': () => ({ input: z.object({ lang: Lang.default('en') }), output: z.object({ lessons: z.array(Lesson) }) }),
  /** The published measurements the engine reproduces (REFERENCES.md). */
  'calibration.run': () => ({
    input: z.object({}),
    output: z.object({
      ok: z.boolean(),
      measurements: z.array(z.object({ benchmark: z.string(), mode: z.string(), cyclesPerOp: z.number(), ratioToNative: z.number().nullable(), published: z.string() })),
      checks: z.array(z.object({ section: z.enum(['A', 'B', 'C']), name: z.string(), value: z.number(), min: z.number(), max: z.number(), target: z.string(), ok: z.boolean() })),
    }),
  }),
  // runs ---------------------------------------------------------------------------------------
  'runs.start': () => ({
    input: z.object({
      scenarioId: z.string().optional(), scenario: Scenario.optional(), seed: Int.min(0).max(0xffffffff).optional(), record: z.boolean().default(true), title: z.string().max(200).optional(),
      /** The person agreed to a run whose estimate asks for confirmation (see scenarios.check). */
      confirm: z.boolean().default(false),
    }),
    output: z.object({ runId: RunId }),
  }),
  /** Run every combination of the varied fields (on as many threads as there are cores); resolves when all have ended or the job is cancelled. */
  'runs.sweep': () => ({
    input: z.object({
      scenarioId: z.string().optional(), scenario: Scenario.optional(), vary: z.array(SweepAxis).min(1).max(8),
      seed: Int.min(0).max(0xffffffff).optional(), record: z.boolean().default(true), concurrency: Int.min(1).max(64).optional(),
      jobId: JobId.optional(), confirm: z.boolean().default(false),
    }),
    output: z.object({
      tag: z.string(),
      cancelled: z.boolean(),
      rows: z.array(z.object({
        runId: RunId,
        assignments: z.array(z.object({ path: z.string(), value: SweepValue })),
        status: z.string(),
        guests: z.array(z.object({ guest: z.string(), throughputPerSec: z.number(), p99LatencyNs: z.number(), exitsPerUnit: z.number(), availability: z.number() })),
      })),
    }),
  }),
  'runs.cancel': () => ({ input: z.object({ runId: RunId }), output: Ok }),
  'runs.wait': () => ({ input: z.object({ runId: RunId }), output: RunOutcome }),
  'runs.list': () => ({
    input: z.object({ scenarioId: z.string().optional(), status: RunStatus.optional(), tag: z.string().optional(), search: z.string().max(200).optional(), parentId: RunId.optional(), limit: Int.min(1).max(500).default(50), offset: Int.min(0).default(0) }),
    output: z.object({ items: z.array(RunSummary), total: Int }),
  }),
  'runs.get': () => ({ input: z.object({ runId: RunId }), output: RunDetail }),
  'runs.remove': () => ({ input: z.object({ runId: RunId }), output: Ok }),
  'runs.tag': () => ({ input: z.object({ runId: RunId, tag: z.string(), remove: z.boolean().default(false) }), output: Ok }),
  'runs.note': () => ({ input: z.object({ runId: RunId, text: z.string().max(10_000) }), output: RunNote }),
  'runs.compare': () => ({
    input: z.object({ a: RunId, b: RunId }),
    output: z.object({ a: RunSummary, b: RunSummary, metrics: z.array(Metric) }),
  }),
  /** N runs side by side (the first is the baseline): CPU split, exits by reason, PV vs emulated paths, resources, service; and the differences worth saying. */
  'runs.compareMany': () => ({
    input: z.object({ runIds: z.array(RunId).min(2).max(8) }),
    output: z.object({ runs: z.array(RunSummary), guests: z.array(z.string()), rows: z.array(CompareRow), findings: z.array(Finding) }),
  }),
  /** Figures per window of simulated time, sampled while the run ran. */
  'runs.series': () => ({ input: z.object({ runId: RunId }), output: z.object({ windowNs: z.number(), points: z.array(SeriesPoint) }) }),
  // replay -------------------------------------------------------------------------------------
  'replay.open': () => ({
    input: z.object({ runId: RunId }),
    output: z.object({
      runId: RunId, total: Int, tEnd: z.number(), chunks: Int, pathNames: z.array(z.string()),
      guests: z.array(z.string()), hosts: z.array(z.string()), vcpus: z.array(Int).describe('vCPUs per guest'),
      kinds: z.array(z.enum(EVENT_KINDS)),
    }),
  }),
  /** Events around a point: an event number or the first event at or after a time. */
  'replay.events': () => ({
    input: z.object({ runId: RunId, event: Int.min(0).optional(), tNs: SimNs.optional(), before: Int.min(0).max(1000).default(0), after: Int.min(0).max(1000).default(20) }),
    output: z.object({ at: Int, events: z.array(ReplayEvent) }),
  }),
  /** A page of the events matching a filter, from event `from` on; `next` continues the list (null at the end). */
  'replay.list': () => ({
    input: z.object({ runId: RunId, from: Int.min(0).default(0), limit: Int.min(1).max(1000).default(200), filter: EventFilter.default({}) }),
    output: z.object({ events: z.array(ReplayEvent), next: Int.nullable() }),
  }),
  'replay.find': () => ({
    input: z.object({ runId: RunId, from: Int.min(-1), filter: EventFilter, direction: z.union([z.literal(1), z.literal(-1)]).default(1) }),
    output: z.object({ event: ReplayEvent.nullable() }),
  }),
  'replay.state': () => ({
    input: z.object({ runId: RunId, event: Int.min(0), live: z.boolean().default(true), jobId: JobId.optional() }),
    output: z.object({ index: Int, t: z.number(), guests: z.array(TrackedGuest.extend({ id: z.string() })), live: EngineInspection.nullable(), liveUnavailable: z.string().nullable() }),
  }),
  'replay.timeline': () => ({
    input: z.object({ runId: RunId, ...Window, buckets: Int.min(1).max(10000), by: z.enum(['kind', 'guest']).default('kind'), filter: EventFilter.default({}) }).refine(endAfterStart, windowOrder),
    output: z.object({ t0: z.number(), t1: z.number(), bucketNs: z.number(), series: z.record(z.string(), z.array(z.number())) }),
  }),
  /** Lanes per host, guest and vCPU over a window, for the replay timeline. */
  'replay.lanes': () => ({
    input: z.object({ runId: RunId, ...Window, buckets: Int.min(1).max(4000) }).refine(endAfterStart, windowOrder),
    output: z.object({ t0: z.number(), t1: z.number(), bucketNs: z.number(), lanes: z.array(Lane) }),
  }),
  /** The scenario's timeline actions (installs, migrations, failures, load changes) and when each took effect. */
  'replay.markers': () => ({ input: z.object({ runId: RunId }), output: z.object({ markers: z.array(Marker) }) }),
  'replay.verify': () => ({ input: z.object({ runId: RunId, jobId: JobId.optional() }), output: VerifyResult }),
  'replay.branch': () => ({
    input: z.object({ runId: RunId, tNs: SimNs, change: BranchChange, title: z.string().max(200).optional(), jobId: JobId.optional() }),
    output: z.object({ runId: RunId, eventIndex: Int, tNs: z.number() }),
  }),
  // the lab database -----------------------------------------------------------------------------
  /** Which database is open, files moved aside and not yet acknowledged, and what a check after an unclean end found. */
  'lab.status': () => ({
    input: z.object({}),
    output: z.object({
      file: z.string(),
      notices: z.array(z.object({ to: z.string(), reason: z.string(), at: z.string(), restore: z.string() })),
      integrity: z.array(z.string()),
    }),
  }),
  /** The person has read the notices about moved files: stop repeating them. */
  'lab.acknowledge': () => ({ input: z.object({}), output: z.object({ acknowledged: Int }) }),
  // reports, bundles and backups (core/service/files.ts) -----------------------------------------
  /** A run's report; with a baseline, the differences against it. CSV comes as a zip of tables (base64). */
  'reports.run': () => ({ input: z.object({ runId: RunId, baseline: RunId.optional(), format: ReportFormat, lang: Lang.default('en') }), output: ExportedFile }),
  /** N runs side by side, the first the baseline. */
  'reports.compare': () => ({ input: z.object({ runIds: z.array(RunId).min(2).max(8), format: ReportFormat, lang: Lang.default('en') }), output: ExportedFile }),
  /** The runs of a sweep (tag sweep-N) with their varied values, figures and charts. */
  'reports.sweep': () => ({ input: z.object({ tag: z.string().regex(/^sweep-\d+$/, 'a sweep tag looks like sweep-12'), format: ReportFormat, lang: Lang.default('en') }), output: ExportedFile }),
  /** A stored scenario with the catalog entries it uses and a manifest of hashes: it runs the same on another machine. */
  'bundles.exportScenario': () => ({ input: z.object({ id: z.string() }), output: ExportedFile }),
  'bundles.importScenario': () => ({
    input: z.object({ text: z.string().max(5_000_000), replace: z.boolean().default(false).describe('replace a stored scenario or user catalog entry with the same id') }),
    output: z.object({ scenario: Scenario, catalogAdded: z.array(z.string()), replaced: z.array(z.string()), warnings: z.array(z.string()) }),
  }),
  /** A recorded run whole (scenario as run, catalog snapshot, chunks, checkpoints, manifest) as a zip; to a path when `to` is given. */
  'bundles.exportRun': () => ({ input: z.object({ runId: RunId, to: LocalPath.optional() }), output: ExportedFile }),
  /** Import a run bundle (base64 bytes, or a path): every hash is checked and a tampered bundle refused with the reason; nothing is written unless all of it is. */
  'bundles.importRun': () => ({
    input: z.object({ base64: z.string().max(MAX_INLINE_BUNDLE_BASE64).optional(), from: LocalPath.optional() }),
    output: z.object({ runId: RunId, title: z.string(), eventCount: NonNegativeInt, chunks: NonNegativeInt, checkpoints: NonNegativeInt, warnings: z.array(z.string()) }),
  }),
  /** Copy the whole lab database to a new file (SQLite online backup: consistent while the lab is in use). */
  'lab.backup': () => ({ input: z.object({ to: LocalPath }), output: z.object({ file: z.string(), bytes: NonNegativeInt }) }),
  /** Replace the lab with a backup: checked and brought up to date in a copy first; the current database is kept aside. */
  'lab.restore': () => ({ input: z.object({ from: LocalPath }), output: z.object({ restoredFrom: z.string(), keptAside: z.string(), runs: NonNegativeInt, scenarios: NonNegativeInt }) }),
  // jobs ---------------------------------------------------------------------------------------
  /** Cancel a verify, branch, sweep or live-state job by the id its caller gave it. */
  'jobs.cancel': () => ({ input: z.object({ jobId: JobId }), output: z.object({ cancelled: z.boolean() }) }),
});

export type Contract = typeof contract;
export type Method = keyof Contract;
export type Input<M extends Method> = z.input<Contract[M]['input']>;
export type Output<M extends Method> = z.output<Contract[M]['output']>;
export const METHODS = Object.keys(contract) as Method[];
export const isMethod = (m: string): m is Method => Object.hasOwn(contract, m);
