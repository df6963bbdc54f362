import { z } from 'zod';
import {
  GuestOs,
  HardwareProfile,
  HypervisorProfile,
  PvAddon,
  PvLabError,
  Scenario,
  Workload,
  formatIssues,
} from '../model/index.ts';
import { HARDWARE_PROFILES } from './hardware.ts';
import { HYPERVISORS } from './hypervisors.ts';
import { GUEST_OSES } from './oses.ts';
import { ADDONS } from './addons.ts';
import { WORKLOADS } from './workloads.ts';
import { SCENARIOS } from './scenarios.ts';

/** Everything a scenario can refer to by id. Built-ins come from this folder; the store adds user entries. */
export interface Catalog {
  readonly profiles: readonly HardwareProfile[];
  readonly hypervisors: readonly HypervisorProfile[];
  readonly oses: readonly GuestOs[];
  readonly addons: readonly PvAddon[];
  readonly workloads: readonly Workload[];
  readonly scenarios: readonly Scenario[];
}

export type CatalogKind = 'profiles' | 'hypervisors' | 'oses' | 'addons' | 'workloads' | 'scenarios';

const KIND_LABEL: Record<CatalogKind, string> = {
  profiles: 'hardware profile',
  hypervisors: 'hypervisor',
  oses: 'guest OS',
  addons: 'PV add-on',
  workloads: 'workload',
  scenarios: 'scenario',
};

function parseAll<T>(kind: CatalogKind, schema: z.ZodType<T>, entries: readonly unknown[]): T[] {
  const seen = new Set<string>();
  return entries.map((e, i) => {
    const r = schema.safeParse(e);
    if (!r.success) {
      throw new PvLabError('invalid-input', `Built-in ${KIND_LABEL[kind]} #${i} is invalid`, 'fix the entry in core/catalog', formatIssues(r.error.issues));
    }
    const id = (r.data as { id: string }).id;
    if (seen.has(id)) throw new PvLabError('invalid-input', `Built-in ${KIND_LABEL[kind]} id "${id}" is used twice`, 'give each entry its own id');
    seen.add(id);
    return r.data;
  });
}

function build(): Catalog {
  const mark = <T extends object>(xs: readonly T[]) => xs.map((x) => ({ ...x, builtIn: true }));
  return {
    profiles: parseAll('profiles', HardwareProfile, mark(HARDWARE_PROFILES)),
    hypervisors: parseAll('hypervisors', HypervisorProfile, mark(HYPERVISORS)),
    oses: parseAll('oses', GuestOs, mark(GUEST_OSES)),
    addons: parseAll('addons', PvAddon, mark(ADDONS)),
    workloads: parseAll('workloads', Workload, mark(WORKLOADS)),
    scenarios: parseAll('scenarios', Scenario, SCENARIOS),
  };
}

let builtIn: Catalog | undefined;

/** The built-in catalog, validated once. */
export function builtInCatalog(): Catalog {
  builtIn ??= build();
  return builtIn;
}

/** Look up an entry by id, with an error that lists what exists. */
export function lookup<K extends CatalogKind>(catalog: Catalog, kind: K, id: string): Catalog[K][number] {
  const list = catalog[kind] as readonly { id: string }[];
  const hit = list.find((e) => e.id === id);
  if (!hit) {
    const near = list.map((e) => e.id).filter((x) => x.startsWith(id.slice(0, 3)));
    throw new PvLabError(
      'not-found',
      `Unknown ${KIND_LABEL[kind]} "${id}"`,
      `use one of the ids that \`pvlab catalog ${kind}\` lists${near.length ? ` (close: ${near.slice(0, 5).join(', ')})` : ''}`,
    );
  }
  return hit as Catalog[K][number];
}
