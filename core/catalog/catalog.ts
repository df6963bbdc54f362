import type { GuestOs, HardwareProfile, HypervisorProfile, PvAddon, Scenario, Workload } from '../model/index.ts';
import { PvLabError } from '../model/index.ts';

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

export const KIND_LABEL: Record<CatalogKind, string> = {
  profiles: 'hardware profile',
  hypervisors: 'hypervisor',
  oses: 'guest OS',
  addons: 'PV add-on',
  workloads: 'workload',
  scenarios: 'scenario',
};

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
