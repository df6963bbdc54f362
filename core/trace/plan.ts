/**
 * What a run is made from, frozen: the scenario exactly as run (canonical JSON and its hash),
 * the catalog entries it uses, and the seed. Replay, verify and branch use this, never the
 * live catalog, so editing a profile later does not change what a recorded run means.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Catalog } from '../catalog/index.ts';
import { GuestOs, HypervisorProfile, PvAddon, PvLabError, Scenario, StoredHardwareProfile, StoredWorkload, formatIssues } from '../model/index.ts';

export const CatalogSnapshot = z.object({
  profiles: z.array(StoredHardwareProfile),
  hypervisors: z.array(HypervisorProfile),
  oses: z.array(GuestOs),
  addons: z.array(PvAddon),
  workloads: z.array(StoredWorkload),
});
export type CatalogSnapshot = z.infer<typeof CatalogSnapshot>;

export interface RunPlan {
  scenario: Scenario;
  catalog: CatalogSnapshot;
  seed: number;
}

/** The entries of `catalog` that `scenario` refers to (unknown ids are left for the engine to report). */
export function catalogFor(scenario: Scenario, catalog: Catalog): CatalogSnapshot {
  const pick = <T extends { id: string }>(list: readonly T[], ids: Iterable<string | null>) => {
    const want = new Set(ids);
    return list.filter((e) => want.has(e.id));
  };
  const addonIds = [
    ...scenario.guests.flatMap((g) => g.addons),
    ...scenario.timeline.flatMap((a) => (a.action === 'install-addon' || a.action === 'remove-addon' ? [a.addon] : [])),
  ];
  return {
    profiles: pick(catalog.profiles, scenario.hosts.map((h) => h.profile)),
    hypervisors: pick(catalog.hypervisors, scenario.hosts.map((h) => h.hypervisor)),
    oses: pick(catalog.oses, scenario.guests.map((g) => g.os)),
    addons: pick(catalog.addons, addonIds),
    workloads: pick(catalog.workloads, scenario.guests.map((g) => g.workload.id)),
  };
}

/** A snapshot as a Catalog the engine can run against. */
export function snapshotCatalog(s: CatalogSnapshot, scenario: Scenario): Catalog {
  return { ...s, scenarios: [scenario] };
}

/** The scenario as canonical JSON (the schema's key order, defaults filled) and its SHA-256. */
export function canonicalScenario(scenario: Scenario): { json: string; hash: string } {
  const json = JSON.stringify(Scenario.parse(scenario));
  return { json, hash: createHash('sha256').update(json).digest('hex') };
}

/** Parse a stored JSON column with its schema; a mismatch is a damaged row, named. */
export function parseStored<T>(schema: z.ZodType<T>, text: string, what: string): T {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    throw new PvLabError('db-corrupt', `The stored ${what} is not valid JSON (${(e as Error).message})`, 'the row is damaged; delete the run and re-run its scenario');
  }
  const r = schema.safeParse(value);
  if (!r.success) throw new PvLabError('db-corrupt', `The stored ${what} does not match its schema`, 'the row was written by another PV Lab version or is damaged; delete it and re-run', formatIssues(r.error.issues));
  return r.data;
}
