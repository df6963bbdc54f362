/**
 * The events LabService sends: progress and ends of runs and jobs, and changes to the catalog,
 * scenarios and runs, so every window stays current. A listener may subscribe to one run or job.
 */
import { z } from 'zod';
import { Int } from '../model/index.ts';
import { EntryKind, JobId, RunOutcome } from './methods.ts';

const RunId = Int.positive();
export const JobKind = z.enum(['verify', 'branch', 'sweep', 'state']);

export const events = {
  'run.progress': z.object({ runId: RunId, simNs: z.number(), totalNs: z.number(), events: Int }),
  'run.finished': RunOutcome,
  'job.progress': z.object({ jobId: JobId, kind: JobKind, done: z.number(), total: z.number() }),
  'job.finished': z.object({ jobId: JobId, kind: JobKind, ok: z.boolean(), error: z.string().nullable() }),
  'catalog.changed': z.object({ kind: EntryKind, id: z.string() }),
  'scenarios.changed': z.object({ id: z.string() }),
  'runs.changed': z.object({ runId: RunId, change: z.enum(['started', 'finished', 'removed', 'tagged', 'noted']) }),
} as const;
export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<E extends EventName> = z.output<Events[E]>;
export const EVENT_NAMES = Object.keys(events) as EventName[];

/** Narrow a subscription to one run or one job. */
export interface Subscription {
  runId?: number;
  jobId?: string;
}

/** Whether an event's payload belongs to a subscription. */
export function matchesSubscription(payload: unknown, sub: Subscription | undefined): boolean {
  if (!sub) return true;
  const p = payload as { runId?: unknown; jobId?: unknown };
  if (sub.runId !== undefined && p.runId !== sub.runId) return false;
  if (sub.jobId !== undefined && p.jobId !== sub.jobId) return false;
  return true;
}
