/**
 * The catalog and compatibility checks, as the scenario and hardware pages use them: the catalog
 * kept current through `catalog.changed`, a debounced check of the scenario being edited, and
 * cached checks of trial scenarios (the wizard's options, the installer's add-ons, the matrix).
 */
import { useEffect, useRef, useState } from 'react';
import type { LabClient, Output } from '../../../../core/contract/index.ts';
import type { Scenario } from '../../../../core/model/index.ts';
import { useCall, useLab, useLabEvent } from '../../lab.tsx';
import { scenarioKey } from './draft.ts';

export type CatalogAll = Output<'catalog.all'>;
export type CheckResult = Output<'scenarios.check'>;

const cache = new Map<string, Promise<CheckResult>>();
const CACHE_LIMIT = 3000;
const MAX_PARALLEL = 6;
let running = 0;
const waiting: (() => void)[] = [];

async function slot<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= MAX_PARALLEL) await new Promise<void>((r) => waiting.push(r));
  running++;
  try {
    return await fn();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

/** A check of a scenario, remembered by its JSON until the catalog changes; with `estimate`, also what a run will cost. */
export function checkCached(lab: LabClient, scenario: Scenario, estimate = false): Promise<CheckResult> {
  const key = `${estimate ? 'e' : 'c'}:${scenarioKey(scenario)}`;
  let p = cache.get(key);
  if (!p) {
    p = slot(() => lab.call('scenarios.check', { scenario, estimate }));
    p.catch(() => cache.delete(key));
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(key, p);
  }
  return p;
}

export function clearCheckCache(): void {
  cache.clear();
}

/** Every catalog entry, reloaded when any entry changes. */
export function useCatalog(): { catalog: CatalogAll | null; error: Error | null; reload: () => void } {
  const call = useCall((lab) => lab.call('catalog.all', {}), []);
  const reload = useRef(call.reload);
  reload.current = call.reload;
  const [onChange] = useState(() => () => {
    clearCheckCache();
    reload.current();
  });
  useLabEvent('catalog.changed', onChange);
  return { catalog: call.data, error: call.error, reload: call.reload };
}

/** The check of the scenario being edited, `delay` ms after its last change. */
export function useDebouncedCheck(scenario: Scenario | null, delay = 350): { result: CheckResult | null; error: Error | null; pending: boolean } {
  const lab = useLab();
  const [state, setState] = useState<{ result: CheckResult | null; error: Error | null; pending: boolean }>({ result: null, error: null, pending: false });
  const key = scenario ? scenarioKey(scenario) : '';
  useEffect(() => {
    if (!scenario) {
      setState({ result: null, error: null, pending: false });
      return;
    }
    let live = true;
    setState((s) => ({ ...s, pending: true }));
    const timer = setTimeout(() => {
      checkCached(lab, scenario, true).then(
        (result) => live && setState({ result, error: null, pending: false }),
        (error: Error) => live && setState({ result: null, error, pending: false }),
      );
    }, delay);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // the key stands for the scenario
  }, [lab, key, delay]);
  return state;
}

/** Checks of several trial scenarios, keyed by the caller's names; results arrive as they finish. */
export function useTrialChecks(trials: Record<string, Scenario>): Record<string, CheckResult | Error | undefined> {
  const lab = useLab();
  const [results, setResults] = useState<Record<string, CheckResult | Error | undefined>>({});
  const key = JSON.stringify(Object.entries(trials).map(([k, s]) => [k, scenarioKey(s)]));
  useEffect(() => {
    let live = true;
    setResults({});
    for (const [name, s] of Object.entries(trials)) {
      checkCached(lab, s).then(
        (r) => live && setResults((prev) => ({ ...prev, [name]: r })),
        (e: Error) => live && setResults((prev) => ({ ...prev, [name]: e })),
      );
    }
    return () => void (live = false);
    // the key stands for the trials
  }, [lab, key]);
  return results;
}
