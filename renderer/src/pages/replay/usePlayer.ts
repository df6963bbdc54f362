/**
 * Playing a replay: advance the selection at `speed` events a second (on animation frames),
 * reading events from the shared pages and fetching ahead, and stop at the end of the run or at
 * an event that meets an enabled breakpoint.
 */
import { useEffect, useRef, useState } from 'react';
import type { ReplayEvent } from '../../../../core/model/index.ts';
import { type Breakpoint, hitBreakpoint } from './breakpoints.ts';
import { type EventPages, PAGE_EVENTS } from './useEvents.ts';

export type PlayStop = { why: 'end' } | { why: 'breakpoint'; event: ReplayEvent; breakpoint: Breakpoint };

export function usePlayer(opts: { total: number; pages: EventPages; breakpoints: readonly Breakpoint[]; selected: number; select: (i: number) => void; onStop: (s: PlayStop) => void }) {
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState(10);
  const latest = useRef(opts);
  latest.current = opts;
  // where playing is: ahead of `selected` until React has rendered the last step
  const pos = useRef(opts.selected);
  useEffect(() => {
    pos.current = opts.selected;
  }, [opts.selected]);
  const { get, load } = opts.pages;

  useEffect(() => {
    if (!playing) return;
    let raf = 0;
    let last = performance.now();
    let carry = 0;
    const tick = (now: number) => {
      const { total, breakpoints, select, onStop } = latest.current;
      const selected = pos.current;
      carry += ((now - last) * speed) / 1000;
      last = now;
      let steps = Math.floor(carry);
      carry -= steps;
      let i = selected;
      let stop: PlayStop | null = null;
      while (steps > 0) {
        if (i + 1 >= total) {
          stop = { why: 'end' };
          break;
        }
        const e = get(i + 1);
        if (!e) {
          // wait for the page; do not bank the time meanwhile
          void load(i + 1).catch(() => setPlaying(false));
          carry = 0;
          break;
        }
        i++;
        steps--;
        const hit = hitBreakpoint(breakpoints, e);
        if (hit) {
          stop = { why: 'breakpoint', event: e, breakpoint: hit };
          break;
        }
      }
      for (let ahead = 1; ahead <= 3; ahead++) if (i + ahead * PAGE_EVENTS < total) void load(i + ahead * PAGE_EVENTS).catch(() => undefined);
      if (i !== selected) {
        pos.current = i;
        select(i);
      }
      if (stop) {
        setPlaying(false);
        onStop(stop);
        return;
      }
      raf = requestAnimationFrame(tick);
    };
    raf = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(raf);
  }, [playing, speed, get, load]);

  return { playing, setPlaying, speed, setSpeed };
}
