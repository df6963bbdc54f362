/** Follow a named job's progress (job.progress) while it runs; a fresh id per start. */
import { useCallback, useMemo, useState } from 'react';
import type { EventPayload } from '../../../../core/contract/index.ts';
import { useLabEvent } from '../../lab.tsx';

export function useJobProgress(jobId: string | null): { done: number; total: number } | null {
  const [progress, setProgress] = useState<{ id: string; done: number; total: number } | null>(null);
  const sub = useMemo(() => (jobId ? { jobId } : { jobId: '-' }), [jobId]);
  useLabEvent('job.progress', useCallback((p: EventPayload<'job.progress'>) => setProgress({ id: p.jobId, done: p.done, total: p.total }), []), sub);
  return progress && progress.id === jobId ? progress : null;
}

export function newJobId(what: string, runId: number): string {
  return `${what}-${runId}-${Date.now().toString(36)}`;
}
