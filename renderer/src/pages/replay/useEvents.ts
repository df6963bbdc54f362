/**
 * Recorded events by number, fetched a page at a time (replay.list) and kept while the page is
 * open, so stepping, playing and the unfiltered list read the same pages. `version` changes
 * whenever a page arrives.
 */
import { useCallback, useMemo, useRef, useState } from 'react';
import type { ReplayEvent } from '../../../../core/model/index.ts';
import { useLab } from '../../lab.tsx';

export const PAGE_EVENTS = 200;
/** Pages kept at most (the oldest used are dropped beyond this). */
const KEEP_PAGES = 400;

export interface EventPages {
  get(index: number): ReplayEvent | undefined;
  /** Fetch the page holding `index` (once, however often asked). */
  load(index: number): Promise<void>;
  version: number;
}

export function useEventPages(runId: number, total: number): EventPages {
  const lab = useLab();
  const pages = useRef(new Map<number, ReplayEvent[]>());
  const inFlight = useRef(new Map<number, Promise<void>>());
  const [version, setVersion] = useState(0);

  const load = useCallback(
    (index: number): Promise<void> => {
      const page = Math.floor(index / PAGE_EVENTS);
      if (index < 0 || index >= total || pages.current.has(page)) return Promise.resolve();
      const pending = inFlight.current.get(page);
      if (pending) return pending;
      const p = lab.call('replay.list', { runId, from: page * PAGE_EVENTS, limit: PAGE_EVENTS }).then(
        (r) => {
          inFlight.current.delete(page);
          pages.current.set(page, r.events);
          if (pages.current.size > KEEP_PAGES) pages.current.delete(pages.current.keys().next().value!);
          setVersion((v) => v + 1);
        },
        (e: unknown) => {
          inFlight.current.delete(page);
          throw e;
        },
      );
      inFlight.current.set(page, p);
      return p;
    },
    [lab, runId, total],
  );

  const get = useCallback((index: number) => {
    const page = pages.current.get(Math.floor(index / PAGE_EVENTS));
    return page?.[index % PAGE_EVENTS];
  }, []);

  return useMemo(() => ({ get, load, version }), [get, load, version]);
}
