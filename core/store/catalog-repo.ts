/**
 * Catalog entries in the database — hardware profiles, hypervisors, guest OSes, PV add-ons and
 * workloads: the built-ins, written at open from core/catalog and read-only, and the person's
 * own. `catalog()` assembles what the engine runs against.
 */
import type { z } from 'zod';
import { type Catalog, type CatalogKind, KIND_LABEL } from '../catalog/catalog.ts';
import { GuestOs, HypervisorProfile, PvAddon, PvLabError, type Scenario, StoredHardwareProfile, StoredWorkload, formatIssues, invalidInput } from '../model/index.ts';
import type { LabDb } from './db.ts';
import {
  type ListOptions, type ListPage, type ListParams, type SeedReport, type ShippedRow, type StoredRow,
  emptySeedReport, filterSql, idMismatch, isObject, listParams, notFound, now, readOnly, storedInvalid, syncBuiltIns, withId,
} from './repo.ts';
import { ScenarioRepo } from './scenario-repo.ts';

/** The zod schema of each kind of catalog entry: every document is checked against it on write and on read. */
export const ENTRY_SCHEMAS = {
  profiles: StoredHardwareProfile,
  hypervisors: HypervisorProfile,
  oses: GuestOs,
  addons: PvAddon,
  workloads: StoredWorkload,
} as const satisfies Record<Exclude<CatalogKind, 'scenarios'>, z.ZodType>;

export type EntryKind = keyof typeof ENTRY_SCHEMAS;
export const ENTRY_KINDS = Object.keys(ENTRY_SCHEMAS) as EntryKind[];
export type CatalogEntry<K extends EntryKind> = Catalog[K][number];

export function isEntryKind(kind: string): kind is EntryKind {
  return Object.hasOwn(ENTRY_SCHEMAS, kind);
}

export interface EntrySummary {
  id: string;
  name: string;
  builtIn: boolean;
}

/** The catalog ids a scenario refers to, by kind. */
export function scenarioReferences(s: Scenario): Record<EntryKind, Set<string>> {
  return {
    profiles: new Set(s.hosts.map((h) => h.profile)),
    hypervisors: new Set(s.hosts.flatMap((h) => (h.hypervisor === null ? [] : [h.hypervisor]))),
    oses: new Set(s.guests.map((g) => g.os)),
    addons: new Set([...s.guests.flatMap((g) => g.addons), ...s.timeline.flatMap((a) => ('addon' in a ? [a.addon] : []))]),
    workloads: new Set(s.guests.map((g) => g.workload.id)),
  };
}

function parseEntry<K extends EntryKind>(kind: K, input: unknown, what: string): CatalogEntry<K> {
  const r = ENTRY_SCHEMAS[kind].safeParse(input);
  if (!r.success) throw invalidInput(`${what} is not valid`, r.error.issues);
  return r.data as CatalogEntry<K>;
}

/** The input as a user entry: `builtIn` is never the caller's to set. */
const asUserEntry = (input: unknown): unknown => (isObject(input) ? { ...input, builtIn: false } : input);

const describeInput = (kind: EntryKind, input: unknown): string =>
  `The ${KIND_LABEL[kind]}${isObject(input) && typeof input.id === 'string' ? ` "${input.id}"` : ''}`;

interface EntryRow {
  id: string;
  builtin: number;
  json: string;
}

const INSERT = 'INSERT INTO catalog_entries (kind, id, builtin, name, json, updated_at) VALUES (?, ?, ?, ?, ?, ?)';
const UPDATE = 'UPDATE catalog_entries SET name = ?, json = ?, updated_at = ? WHERE kind = ? AND id = ?';
const DELETE = 'DELETE FROM catalog_entries WHERE kind = ? AND id = ?';
const WHERE = `kind = @kind AND ${filterSql('name')}`;

export class CatalogRepo {
  private readonly lab: LabDb;
  private readonly scenarios: ScenarioRepo;

  constructor(lab: LabDb) {
    this.lab = lab;
    this.scenarios = new ScenarioRepo(lab);
  }

  /** Write the shipped entries that are new or changed and delete the ones no longer shipped, in one transaction. */
  seedBuiltIns(catalog: Catalog): SeedReport {
    return this.lab.tx(() => {
      const report = emptySeedReport();
      for (const kind of ENTRY_KINDS) {
        const shipped = (catalog[kind] as readonly CatalogEntry<EntryKind>[]).map((e): ShippedRow => {
          const doc = { ...e, builtIn: true };
          return {
            id: e.id,
            raw: JSON.stringify(doc),
            validate: () => {
              const v = parseEntry(kind, doc, `Built-in ${KIND_LABEL[kind]} "${e.id}"`);
              return { title: v.name, json: JSON.stringify(v) };
            },
          };
        });
        const stored = this.lab.stmt<[EntryKind], StoredRow>('SELECT id, builtin, json FROM catalog_entries WHERE kind = ?').all(kind);
        syncBuiltIns(shipped, stored, {
          insert: (id, name, json, at) => this.lab.stmt(INSERT).run(kind, id, 1, name, json, at),
          update: (id, name, json, at) => this.lab.stmt(UPDATE).run(name, json, at, kind, id),
          remove: (id) => this.lab.stmt(DELETE).run(kind, id),
        }, report, (id) => `${kind}/${id}`);
      }
      return report;
    });
  }

  list(kind: EntryKind, opts: ListOptions = {}): ListPage<EntrySummary> {
    checkKind(kind);
    const p = { kind, ...listParams(opts) };
    const rows = this.lab
      .stmt<[ListParams & { kind: EntryKind }], { id: string; name: string; builtin: number }>(
        `SELECT id, name, builtin FROM catalog_entries WHERE ${WHERE} ORDER BY name COLLATE NOCASE, id LIMIT @limit OFFSET @offset`,
      )
      .all(p);
    const { total } = this.lab.stmt<[ListParams & { kind: EntryKind }], { total: number }>(`SELECT count(*) AS total FROM catalog_entries WHERE ${WHERE}`).get(p)!;
    return { items: rows.map((r) => ({ id: r.id, name: r.name, builtIn: r.builtin === 1 })), total };
  }

  get<K extends EntryKind>(kind: K, id: string): CatalogEntry<K> {
    checkKind(kind);
    return this.parseRow(kind, this.row(kind, id));
  }

  /** Every entry of a kind, built-ins first, each ordered by id. */
  entries<K extends EntryKind>(kind: K): CatalogEntry<K>[] {
    checkKind(kind);
    return this.lab
      .stmt<[EntryKind], EntryRow>('SELECT id, builtin, json FROM catalog_entries WHERE kind = ? ORDER BY builtin DESC, id')
      .all(kind)
      .map((r) => this.parseRow(kind, r));
  }

  /** Store a new user entry; its `builtIn` is always false. */
  create<K extends EntryKind>(kind: K, input: unknown): CatalogEntry<K> {
    checkKind(kind);
    const e = parseEntry(kind, asUserEntry(input), describeInput(kind, input));
    return this.lab.tx(() => {
      const existing = this.lab.stmt<[EntryKind, string], { builtin: number }>('SELECT builtin FROM catalog_entries WHERE kind = ? AND id = ?').get(kind, e.id);
      if (existing) {
        throw new PvLabError(
          'conflict',
          `A ${existing.builtin ? 'built-in ' : ''}${KIND_LABEL[kind]} with id "${e.id}" already exists`,
          existing.builtin ? 'choose another id' : 'choose another id, or update the stored entry',
        );
      }
      this.lab.stmt(INSERT).run(kind, e.id, 0, e.name, JSON.stringify(e), now());
      return e;
    });
  }

  /** Replace a user entry; `input` may leave out `id`, and must not change it. */
  update<K extends EntryKind>(kind: K, id: string, input: unknown): CatalogEntry<K> {
    checkKind(kind);
    return this.lab.tx(() => {
      if (this.row(kind, id).builtin) throw readOnly(kind, id, 'changed');
      const e = parseEntry(kind, asUserEntry(withId(input, id)), `The ${KIND_LABEL[kind]} "${id}"`);
      if (e.id !== id) throw idMismatch(kind, e.id, id);
      this.lab.stmt(UPDATE).run(e.name, JSON.stringify(e), now(), kind, id);
      return e;
    });
  }

  /** Delete a user entry no stored scenario refers to. */
  remove(kind: EntryKind, id: string): void {
    checkKind(kind);
    this.lab.tx(() => {
      if (this.row(kind, id).builtin) throw readOnly(kind, id, 'removed');
      const users = this.scenarios.all().filter((s) => scenarioReferences(s)[kind].has(id)).map((s) => s.id);
      if (users.length > 0) {
        throw new PvLabError(
          'conflict',
          `The ${KIND_LABEL[kind]} "${id}" is used by ${users.length === 1 ? 'scenario' : 'scenarios'} ${users.map((u) => `"${u}"`).join(', ')}`,
          'change those scenarios to use another entry, or remove them, then remove this one',
        );
      }
      this.lab.stmt(DELETE).run(kind, id);
    });
  }

  /** Copy an entry (built-in or not) as the person's own, under `newId`. */
  duplicate<K extends EntryKind>(kind: K, id: string, newId: string): CatalogEntry<K> {
    const e = this.get(kind, id);
    return this.create(kind, { ...e, id: newId, name: `${e.name} (copy)` });
  }

  /** Everything the engine can refer to: built-in and user entries and every stored scenario, read at one moment. */
  catalog(): Catalog {
    return this.lab.read(() => ({
      profiles: this.entries('profiles'),
      hypervisors: this.entries('hypervisors'),
      oses: this.entries('oses'),
      addons: this.entries('addons'),
      workloads: this.entries('workloads'),
      scenarios: this.scenarios.all(),
    }));
  }

  private row(kind: EntryKind, id: string): EntryRow {
    const row = this.lab.stmt<[EntryKind, string], EntryRow>('SELECT id, builtin, json FROM catalog_entries WHERE kind = ? AND id = ?').get(kind, id);
    if (!row) throw notFound(kind, id, this.lab.stmt<[EntryKind], { id: string }>('SELECT id FROM catalog_entries WHERE kind = ? ORDER BY id').all(kind).map((r) => r.id));
    return row;
  }

  private parseRow<K extends EntryKind>(kind: K, row: EntryRow): CatalogEntry<K> {
    const r = ENTRY_SCHEMAS[kind].safeParse(JSON.parse(row.json));
    if (!r.success) throw storedInvalid(kind, row.id, formatIssues(r.error.issues));
    return { ...r.data, builtIn: row.builtin === 1 } as CatalogEntry<K>;
  }
}

function checkKind(kind: string): void {
  if (!isEntryKind(kind)) throw new PvLabError('invalid-input', `Unknown catalog kind "${kind}"`, `use one of: ${ENTRY_KINDS.join(', ')}`);
}
