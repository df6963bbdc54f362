/**
 * Scenario bundles: a stored scenario with the catalog entries it uses (hardware, hypervisors,
 * OSes, add-ons, workloads, exactly as they are here) and a manifest with their hashes. Imported
 * on another machine, the scenario runs against the same entries, so the same seed gives the same
 * events. Import is checked whole, then written in one transaction.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { EntryKind } from '../contract/index.ts';
import { SCENARIO_BUNDLE_EXT } from '../contract/files.ts';
import { ENGINE_VERSION } from '../engine/version.ts';
import { PvLabError, Scenario, parseJsonText } from '../model/index.ts';
import type { LabStore } from '../store/index.ts';
import { CatalogSnapshot, canonicalScenario, catalogFor } from '../trace/plan.ts';

export const SCENARIO_BUNDLE_FORMAT = 'pvlab-scenario-bundle';
const KINDS = ['profiles', 'hypervisors', 'oses', 'addons', 'workloads'] as const satisfies readonly EntryKind[];

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const ScenarioBundle = z.strictObject({
  manifest: z.strictObject({
    format: z.literal(SCENARIO_BUNDLE_FORMAT),
    formatVersion: z.literal(1),
    appVersion: z.string().max(64),
    engineVersion: z.string().max(64),
    createdAt: z.string().max(64),
    hashes: z.strictObject({ scenario: Hex64, catalog: Hex64 }),
  }),
  scenario: Scenario,
  catalog: CatalogSnapshot,
});

const catalogHash = (c: CatalogSnapshot) => createHash('sha256').update(JSON.stringify(CatalogSnapshot.parse(c))).digest('hex');
/** An entry's content without its built-in flag, for comparing a bundle's entry with the lab's. */
const content = (e: object) => JSON.stringify({ ...e, builtIn: false });

/** The entry `get` returns, or null when there is none. */
function existing<T>(get: () => T): T | null {
  try {
    return get();
  } catch (e) {
    if (e instanceof PvLabError && e.code === 'not-found') return null;
    throw e;
  }
}

export function exportScenarioBundle(store: LabStore, id: string, appVersion: string): { fileName: string; text: string } {
  const scenario = store.scenarios.get(id);
  const catalog = catalogFor(scenario, store.fullCatalog());
  const bundle: z.input<typeof ScenarioBundle> = {
    manifest: {
      format: SCENARIO_BUNDLE_FORMAT, formatVersion: 1, appVersion, engineVersion: ENGINE_VERSION, createdAt: new Date().toISOString(),
      hashes: { scenario: canonicalScenario(scenario).hash, catalog: catalogHash(catalog) },
    },
    scenario,
    catalog,
  };
  return { fileName: `${id.replace(/[^A-Za-z0-9._-]/g, '_')}${SCENARIO_BUNDLE_EXT}`, text: `${JSON.stringify(bundle, null, 2)}\n` };
}

const tampered = (why: string) => new PvLabError('invalid-input', `The scenario bundle was changed or damaged: ${why}`, 'export it again from the lab it came from; nothing was imported');

export interface ScenarioImport {
  scenario: Scenario;
  catalogAdded: string[];
  replaced: string[];
  warnings: string[];
}

export function importScenarioBundle(store: LabStore, text: string, replace: boolean): ScenarioImport {
  const raw = parseJsonText(text, 'The scenario bundle');
  const r = ScenarioBundle.safeParse(raw);
  if (!r.success) {
    const looksLikeScenario = typeof raw === 'object' && raw !== null && 'schemaVersion' in raw && !('manifest' in raw);
    throw new PvLabError('invalid-input', looksLikeScenario ? 'This is a scenario file, not a scenario bundle' : 'The file is not a PV Lab scenario bundle',
      looksLikeScenario ? 'import it as a scenario (pvlab scenarios import, or Import in the Scenarios page)' : 'use a file written by bundle export',
      r.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  const b = r.data;
  if (canonicalScenario(b.scenario).hash !== b.manifest.hashes.scenario) throw tampered('the scenario does not match its hash in the manifest');
  if (catalogHash(b.catalog) !== b.manifest.hashes.catalog) throw tampered('the catalog entries do not match their hash in the manifest');
  const warnings = b.manifest.engineVersion === ENGINE_VERSION ? [] : [`made with engine ${b.manifest.engineVersion}; this PV Lab has ${ENGINE_VERSION}, whose runs of it may differ`];
  const catalogAdded: string[] = [];
  const replaced: string[] = [];
  // all or nothing: the repositories' own transactions nest in this one as savepoints
  store.lab.tx(() => {
    for (const kind of KINDS) {
      for (const entry of b.catalog[kind]) {
        const here = existing(() => store.catalog.get(kind, entry.id));
        if (!here) {
          store.catalog.create(kind, entry);
          catalogAdded.push(`${kind}/${entry.id}`);
          continue;
        }
        if (content(here) === content(entry)) continue;
        if (here.builtIn) {
          throw new PvLabError('conflict', `The bundle's ${kind} entry "${entry.id}" differs from this lab's built-in one (the bundle was made with PV Lab ${b.manifest.appVersion})`, 'use the same PV Lab version as the lab that exported it; nothing was imported');
        }
        if (!replace) throw new PvLabError('conflict', `This lab has its own ${kind} entry "${entry.id}", and the bundle's differs`, 'import with replace to use the bundle\'s entry, or rename yours first; nothing was imported');
        store.catalog.update(kind, entry.id, entry);
        replaced.push(`${kind}/${entry.id}`);
      }
    }
    const s = b.scenario;
    const stored = store.scenarios.list({ search: s.id, limit: 1000 }).items.find((x) => x.id === s.id);
    if (!stored) store.scenarios.create(s);
    else if (canonicalScenario(store.scenarios.get(s.id)).hash !== canonicalScenario(s).hash) {
      if (stored.builtIn) throw new PvLabError('read-only', `The bundle's scenario "${s.id}" differs from this lab's built-in one`, 'use the same PV Lab version as the lab that exported it; nothing was imported');
      if (!replace) throw new PvLabError('conflict', `A scenario with id "${s.id}" is already stored and differs from the bundle's`, 'import with replace, or rename the stored one first; nothing was imported');
      store.scenarios.update(s.id, s);
      replaced.push(`scenarios/${s.id}`);
    }
  });
  return { scenario: store.scenarios.get(b.scenario.id), catalogAdded, replaced, warnings };
}
