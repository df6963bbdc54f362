/**
 * The one contract between LabService and its callers (the desktop UI over IPC, the browser over
 * a loopback WebSocket, the CLI and tests in-process): every method's input and output schema and
 * every event's schema. Transports validate inputs against it on the receiving side.
 */
import { z } from 'zod';
import {
  BranchChange, GuestOs, HardwareProfile, HypervisorProfile, PvAddon, RunDetail, RunMetrics, RunNote, RunStatus, RunSummary, Scenario, Workload,
} from '../model/index.ts';
import { EventFilter, ReplayEvent } from '../trace/cursor.ts';
import { TrackedGuest } from '../trace/state.ts';
import { VerifyResult } from '../trace/verify.ts';
import { SweepAxis, SweepValue } from './sweep.ts';

const RunId = z.number().int().positive();
const Page = { limit: z.number().int().min(1).max(1000).default(100), offset: z.number().int().min(0).default(0) };
export const EntryKind = z.enum(['profiles', 'hypervisors', 'oses', 'addons', 'workloads']);
export type EntryKind = z.infer<typeof EntryKind>;
const CatalogEntry = z.union([HardwareProfile, HypervisorProfile, GuestOs, PvAddon, Workload]);
const Ok = z.object({ ok: z.literal(true) });

const GuestState = TrackedGuest.extend({ id: z.string() });
const Inspection = z.object({
  tNs: z.number(),
  events: z.number().int(),
  guests: z.array(z.object({
    id: z.string(), status: z.string(), queued: z.number().int(), outstandingIo: z.number().int(), unitsDone: z.number().int(), installed: z.array(z.string()),
    host: z.string(), vcpus: z.array(z.string()), vcpuHosts: z.array(z.string()),
  })),
  resources: z.array(z.object({ id: z.string(), kind: z.string(), inSystem: z.number().int(), servers: z.number().int() })),
  hosts: z.array(z.object({ id: z.string(), pcpus: z.number().int(), running: z.array(z.string()), state: z.enum(['up', 'failed', 'maintenance']) })),
});

export const RunOutcome = z.object({
  runId: RunId,
  status: RunStatus.exclude(['running']),
  metrics: RunMetrics.nullable(),
  eventCount: z.number().int().nonnegative(),
  wallMs: z.number().nonnegative(),
  error: z.string().nullable(),
});

const Metric = z.object({ name: z.string(), a: z.number(), b: z.number(), ratio: z.number().nullable() });

export const contract = {
  // catalog ------------------------------------------------------------------------------------
  'catalog.list': {
    input: z.object({ kind: EntryKind, search: z.string().optional(), builtIn: z.boolean().optional(), ...Page }),
    output: z.object({ items: z.array(z.object({ id: z.string(), name: z.string(), builtIn: z.boolean() })), total: z.number().int() }),
  },
  'catalog.get': { input: z.object({ kind: EntryKind, id: z.string() }), output: CatalogEntry },
  'catalog.create': { input: z.object({ kind: EntryKind, entry: z.unknown() }), output: CatalogEntry },
  'catalog.update': { input: z.object({ kind: EntryKind, id: z.string(), entry: z.unknown() }), output: CatalogEntry },
  'catalog.duplicate': { input: z.object({ kind: EntryKind, id: z.string(), newId: z.string() }), output: CatalogEntry },
  'catalog.remove': { input: z.object({ kind: EntryKind, id: z.string() }), output: Ok },
  // scenarios ----------------------------------------------------------------------------------
  'scenarios.list': {
    input: z.object({ search: z.string().optional(), builtIn: z.boolean().optional(), ...Page }),
    output: z.object({
      items: z.array(z.object({ id: z.string(), title: z.string(), builtIn: z.boolean(), hosts: z.number().int(), guests: z.number().int(), updatedAt: z.string() })),
      total: z.number().int(),
    }),
  },
  'scenarios.get': { input: z.object({ id: z.string() }), output: Scenario },
  'scenarios.create': { input: z.object({ scenario: z.unknown() }), output: Scenario },
  'scenarios.update': { input: z.object({ id: z.string(), scenario: z.unknown() }), output: Scenario },
  'scenarios.remove': { input: z.object({ id: z.string() }), output: Ok },
  'scenarios.import': { input: z.object({ json: z.string(), source: z.string().default('scenario file'), replace: z.boolean().default(false) }), output: Scenario },
  'scenarios.export': { input: z.object({ id: z.string() }), output: z.object({ json: z.string() }) },
  /** Compatibility preview: what each guest's devices and add-ons will do, before running. */
  'scenarios.check': {
    input: z.object({ scenario: z.unknown() }),
    output: z.object({ ok: z.boolean(), problems: z.array(z.string()), report: z.unknown() }),
  },
  // runs ---------------------------------------------------------------------------------------
  'runs.start': {
    input: z.object({ scenarioId: z.string().optional(), scenario: z.unknown().optional(), seed: z.number().int().min(0).max(0xffffffff).optional(), record: z.boolean().default(true), title: z.string().optional() }),
    output: z.object({ runId: RunId }),
  },
  /** Run every combination of the varied fields (on as many threads as there are cores); resolves when all have ended. */
  'runs.sweep': {
    input: z.object({
      scenarioId: z.string().optional(), scenario: z.unknown().optional(), vary: z.array(SweepAxis).min(1).max(8),
      seed: z.number().int().min(0).max(0xffffffff).optional(), record: z.boolean().default(true), concurrency: z.number().int().min(1).max(64).optional(),
    }),
    output: z.object({
      tag: z.string(),
      rows: z.array(z.object({
        runId: RunId,
        assignments: z.array(z.object({ path: z.string(), value: SweepValue })),
        status: z.string(),
        guests: z.array(z.object({ guest: z.string(), throughputPerSec: z.number(), p99LatencyNs: z.number(), exitsPerUnit: z.number(), availability: z.number() })),
      })),
    }),
  },
  'runs.cancel': { input: z.object({ runId: RunId }), output: Ok },
  'runs.wait': { input: z.object({ runId: RunId }), output: RunOutcome },
  'runs.list': {
    input: z.object({ scenarioId: z.string().optional(), status: RunStatus.optional(), tag: z.string().optional(), search: z.string().optional(), parentId: RunId.optional(), limit: z.number().int().min(1).max(500).default(50), offset: z.number().int().min(0).default(0) }),
    output: z.object({ items: z.array(RunSummary), total: z.number().int() }),
  },
  'runs.get': { input: z.object({ runId: RunId }), output: RunDetail },
  'runs.remove': { input: z.object({ runId: RunId }), output: Ok },
  'runs.tag': { input: z.object({ runId: RunId, tag: z.string(), remove: z.boolean().default(false) }), output: Ok },
  'runs.note': { input: z.object({ runId: RunId, text: z.string() }), output: RunNote },
  'runs.compare': {
    input: z.object({ a: RunId, b: RunId }),
    output: z.object({ a: RunSummary, b: RunSummary, metrics: z.array(Metric) }),
  },
  // replay -------------------------------------------------------------------------------------
  'replay.open': {
    input: z.object({ runId: RunId }),
    output: z.object({ runId: RunId, total: z.number().int(), tEnd: z.number(), chunks: z.number().int(), pathNames: z.array(z.string()), guests: z.array(z.string()), hosts: z.array(z.string()) }),
  },
  /** Events around a point: an event number or the first event at or after a time. */
  'replay.events': {
    input: z.object({ runId: RunId, event: z.number().int().min(0).optional(), tNs: z.number().min(0).optional(), before: z.number().int().min(0).max(1000).default(0), after: z.number().int().min(0).max(1000).default(20) }),
    output: z.object({ at: z.number().int(), events: z.array(ReplayEvent) }),
  },
  'replay.find': {
    input: z.object({ runId: RunId, from: z.number().int().min(-1), filter: EventFilter, direction: z.union([z.literal(1), z.literal(-1)]).default(1) }),
    output: z.object({ event: ReplayEvent.nullable() }),
  },
  'replay.state': {
    input: z.object({ runId: RunId, event: z.number().int().min(0), live: z.boolean().default(true) }),
    output: z.object({ index: z.number().int(), t: z.number(), guests: z.array(GuestState), live: Inspection.nullable(), liveUnavailable: z.string().nullable() }),
  },
  'replay.timeline': {
    input: z.object({ runId: RunId, t0: z.number().min(0), t1: z.number().positive(), buckets: z.number().int().min(1).max(10000), by: z.enum(['kind', 'guest']).default('kind'), filter: EventFilter.default({}) }),
    output: z.object({ t0: z.number(), t1: z.number(), bucketNs: z.number(), series: z.record(z.string(), z.array(z.number())) }),
  },
  'replay.verify': { input: z.object({ runId: RunId }), output: VerifyResult },
  'replay.branch': {
    input: z.object({ runId: RunId, tNs: z.number().min(0), change: BranchChange, title: z.string().optional() }),
    output: z.object({ runId: RunId, eventIndex: z.number().int(), tNs: z.number() }),
  },
} as const;

export type Contract = typeof contract;
export type Method = keyof Contract;
export type Input<M extends Method> = z.input<Contract[M]['input']>;
export type Output<M extends Method> = z.output<Contract[M]['output']>;

export const events = {
  'run.progress': z.object({ runId: RunId, simNs: z.number(), totalNs: z.number(), events: z.number().int() }),
  'run.finished': RunOutcome,
} as const;
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;
