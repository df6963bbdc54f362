import { createHash } from 'node:crypto';
import { z } from 'zod';
import { GuestOs, HardwareProfile, HypervisorProfile, PvAddon, PvLabError, Scenario, Workload, formatIssues } from '../model/index.ts';
import { type Catalog, type CatalogKind, KIND_LABEL } from './catalog.ts';
import { bundledFingerprint } from './fingerprint.ts';
import { HARDWARE_PROFILES } from './hardware.ts';
import { HYPERVISORS } from './hypervisors.ts';
import { GUEST_OSES } from './oses.ts';
import { ADDONS } from './addons.ts';
import { WORKLOADS } from './workloads.ts';
import { SCENARIOS } from './scenarios.ts';

export { type Catalog, type CatalogKind, lookup } from './catalog.ts';

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
let fingerprint: string | undefined;

/**
 * A fingerprint of the built-in catalog as shipped: its source entries and the schemas that parse
 * them (their JSON Schema carries the defaults parsing fills in). The store seeds the built-ins
 * again only when it changes, so opening a lab does not validate the whole catalog every time
 * (about 60-100 ms of every command).
 */
export function builtInFingerprint(): string {
  if (fingerprint) return fingerprint;
  // the CLI bundle is built with the fingerprint of the sources it bundles (scripts/build-cli.ts): the
  // JSON Schemas need not be made again at every start (20-70 ms)
  const bundled = bundledFingerprint();
  if (bundled !== null) return (fingerprint = bundled);
  const schemas = [HardwareProfile, HypervisorProfile, GuestOs, PvAddon, Workload, Scenario].map((s) => z.toJSONSchema(s, { io: 'input' }));
  const shipped = [HARDWARE_PROFILES, HYPERVISORS, GUEST_OSES, ADDONS, WORKLOADS, SCENARIOS];
  fingerprint = createHash('sha256').update(JSON.stringify({ schemas, shipped })).digest('hex');
  return fingerprint;
}

/** The built-in catalog, validated once. */
export function builtInCatalog(): Catalog {
  builtIn ??= build();
  return builtIn;
}

