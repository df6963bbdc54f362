/**
 * Scenarios in the database: the built-ins, written at open from core/catalog and read-only, and
 * the person's own, created, edited, imported and exported as JSON files. Also the pieces both
 * repositories share: paging, not-found errors, and syncing built-in rows.
 */
import { type Catalog, type CatalogKind, KIND_LABEL } from '../catalog/catalog.ts';
import { builtInCatalog } from '../catalog/index.ts';
import { PvLabError, type Scenario, parseScenario } from '../model/index.ts';
import type { LabDb } from './db.ts';

export interface ListOptions {
  /** Case-insensitive text to find in the id or the name/title. */
  search?: string;
  /** Only built-ins (true) or only the person's own entries (false). */
  builtIn?: boolean;
  limit?: number;
  offset?: number;
}

export interface ListPage<T> {
  items: T[];
  /** Matching entries in all pages. */
  total: number;
}

export const MAX_PAGE_SIZE = 1000;

/** What seeding the built-ins did. `shadowed`: shipped ids not written because a user entry has them. */
export interface SeedReport {
  inserted: number;
  updated: number;
  deleted: number;
  unchanged: number;
  shadowed: string[];
}

/** Named parameters of a list query: `@builtIn`, `@like`, `@limit`, `@offset`. */
export interface ListParams {
  builtIn: number | null;
  like: string | null;
  limit: number;
  offset: number;
}

export function listParams({ search, builtIn, limit = 100, offset = 0 }: ListOptions): ListParams {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new PvLabError('invalid-input', `A page size (limit) of ${limit} is not allowed`, `ask for 1 to ${MAX_PAGE_SIZE} items and page through the rest with offset`);
  }
  if (!Number.isInteger(offset) || offset < 0) {
    throw new PvLabError('invalid-input', `A page offset of ${offset} is not allowed`, 'use a whole number from 0 up');
  }
  const text = search?.trim();
  // Searched text is literal: escape LIKE's wildcards (the queries say ESCAPE '\').
  const like = text ? `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  return { builtIn: builtIn === undefined ? null : Number(builtIn), like, limit, offset };
}

/** The WHERE condition of a list query over `builtin`, `id` and the `nameColumn`, with `ListParams` bound. */
export function filterSql(nameColumn: 'name' | 'title'): string {
  return `(@builtIn IS NULL OR builtin = @builtIn) AND (@like IS NULL OR id LIKE @like ESCAPE '\\' OR ${nameColumn} LIKE @like ESCAPE '\\')`;
}

/** "Unknown … "id"", with the ids closest to the one asked for: containing it, else sharing the longest prefix. */
export function notFound(kind: CatalogKind, id: string, ids: readonly string[]): PvLabError {
  const prefix = (x: string): number => {
    let i = 0;
    while (i < x.length && x[i] === id[i]) i++;
    return i;
  };
  const near = ids
    .map((x) => ({ x, score: x.includes(id) || id.includes(x) ? Infinity : prefix(x) }))
    .filter((c) => c.score >= 3)
    .sort((a, b) => b.score - a.score || (a.x < b.x ? -1 : 1))
    .slice(0, 5)
    .map((c) => c.x);
  return new PvLabError(
    'not-found',
    `Unknown ${KIND_LABEL[kind]} "${id}"`,
    `use one of the ids that \`pvlab catalog ${kind}\` lists${near.length ? ` (close: ${near.join(', ')})` : ''}`,
  );
}

export function readOnly(kind: CatalogKind, id: string, action: 'changed' | 'removed'): PvLabError {
  const hint = action === 'removed' ? 'built-ins ship with PV Lab; only entries you made can be removed' : 'duplicate it under a new id and edit the copy';
  return new PvLabError('read-only', `The built-in ${KIND_LABEL[kind]} "${id}" cannot be ${action}`, hint);
}

/** A stored document that no longer passes its schema: the database was edited outside PV Lab. */
export function storedInvalid(kind: CatalogKind, id: string, details: readonly string[]): PvLabError {
  return new PvLabError('db-corrupt', `The stored ${KIND_LABEL[kind]} "${id}" is not valid`, 'restore the database from a backup, or remove the entry and create it again', details);
}

export function parseJsonText(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new PvLabError('invalid-input', `${what} is not valid JSON (${(e as Error).message})`, 'check the file is a JSON document, e.g. one written by "export"');
  }
}

export function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** The input with `id` filled in when it has none, so an update may leave it out. */
export function withId(input: unknown, id: string): unknown {
  return isObject(input) && !('id' in input) ? { id, ...input } : input;
}

export function idMismatch(kind: CatalogKind, given: string, id: string): PvLabError {
  return new PvLabError('invalid-input', `The ${KIND_LABEL[kind]} has id "${given}" but "${id}" is being updated`, 'an id cannot change: duplicate or create it under the new id, then remove the old one');
}

export const now = (): string => new Date().toISOString();

export interface ShippedRow {
  id: string;
  /** JSON.stringify of the shipped document as it is: equal to the stored text means nothing to do. */
  raw: string;
  /** The validated row to write (only called for rows that differ). */
  validate(): { title: string; json: string };
}

export interface StoredRow {
  id: string;
  builtin: number;
  json: string;
}

export interface RowWriter {
  insert(id: string, title: string, json: string, at: string): void;
  update(id: string, title: string, json: string, at: string): void;
  remove(id: string): void;
}

/** Bring the built-in rows of one table (or kind) in line with what ships; user rows are never touched. */
export function syncBuiltIns(shipped: readonly ShippedRow[], stored: readonly StoredRow[], write: RowWriter, report: SeedReport, label = (id: string) => id): void {
  const byId = new Map(stored.map((r) => [r.id, r]));
  const at = now();
  for (const s of shipped) {
    const row = byId.get(s.id);
    if (row && !row.builtin) {
      report.shadowed.push(label(s.id));
      continue;
    }
    if (row?.json === s.raw) {
      report.unchanged++;
      continue;
    }
    const { title, json } = s.validate();
    if (!row) {
      write.insert(s.id, title, json, at);
      report.inserted++;
    } else if (row.json === json) {
      report.unchanged++;
    } else {
      write.update(s.id, title, json, at);
      report.updated++;
    }
  }
  const ids = new Set(shipped.map((s) => s.id));
  for (const r of stored) {
    if (r.builtin && !ids.has(r.id)) {
      write.remove(r.id);
      report.deleted++;
    }
  }
}

export const emptySeedReport = (): SeedReport => ({ inserted: 0, updated: 0, deleted: 0, unchanged: 0, shadowed: [] });

export interface ScenarioSummary {
  id: string;
  title: string;
  builtIn: boolean;
  /** Number of hosts and guests. */
  hosts: number;
  guests: number;
  updatedAt: string;
}

export interface ImportResult {
  scenario: Scenario;
  /** A stored scenario of the same id was replaced. */
  replaced: boolean;
}

interface ScenarioRow {
  id: string;
  builtin: number;
  json: string;
}

interface SummaryRow {
  id: string;
  title: string;
  builtin: number;
  hosts: number;
  guests: number;
  updated_at: string;
}

const WHERE = filterSql('title');
const INSERT = 'INSERT INTO scenarios (id, builtin, title, json, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)';
const UPDATE = 'UPDATE scenarios SET title = ?, json = ?, updated_at = ? WHERE id = ?';

const describeInput = (input: unknown): string => (isObject(input) && typeof input.id === 'string' ? `Scenario "${input.id}"` : 'The scenario');

export class ScenarioRepo {
  private readonly lab: LabDb;

  constructor(lab: LabDb) {
    this.lab = lab;
  }

  /** Write the shipped scenarios that are new or changed and delete the ones no longer shipped, in one transaction. */
  seedBuiltIns(catalog: Catalog = builtInCatalog()): SeedReport {
    return this.lab.tx(() => {
      const report = emptySeedReport();
      const shipped = catalog.scenarios.map((s): ShippedRow => ({
        id: s.id,
        raw: JSON.stringify(s),
        validate: () => {
          const v = parseScenario(s, `Built-in scenario "${s.id}"`);
          return { title: v.title, json: JSON.stringify(v) };
        },
      }));
      const stored = this.lab.stmt<[], StoredRow>('SELECT id, builtin, json FROM scenarios').all();
      syncBuiltIns(shipped, stored, {
        insert: (id, title, json, at) => this.lab.stmt(INSERT).run(id, 1, title, json, at, at),
        update: (id, title, json, at) => this.lab.stmt(UPDATE).run(title, json, at, id),
        remove: (id) => this.lab.stmt('DELETE FROM scenarios WHERE id = ?').run(id),
      }, report);
      return report;
    });
  }

  list(opts: ListOptions = {}): ListPage<ScenarioSummary> {
    const p = listParams(opts);
    const rows = this.lab
      .stmt<[ListParams], SummaryRow>(
        `SELECT id, title, builtin, json_array_length(json, '$.hosts') AS hosts, json_array_length(json, '$.guests') AS guests, updated_at
         FROM scenarios WHERE ${WHERE} ORDER BY title COLLATE NOCASE, id LIMIT @limit OFFSET @offset`,
      )
      .all(p);
    const { total } = this.lab.stmt<[ListParams], { total: number }>(`SELECT count(*) AS total FROM scenarios WHERE ${WHERE}`).get(p)!;
    return {
      items: rows.map((r) => ({ id: r.id, title: r.title, builtIn: r.builtin === 1, hosts: r.hosts, guests: r.guests, updatedAt: r.updated_at })),
      total,
    };
  }

  get(id: string): Scenario {
    return this.parseRow(this.row(id));
  }

  /** Every stored scenario, built-in and the person's own, ordered by id. */
  all(): Scenario[] {
    return this.lab.stmt<[], ScenarioRow>('SELECT id, builtin, json FROM scenarios ORDER BY id').all().map((r) => this.parseRow(r));
  }

  create(input: unknown): Scenario {
    const s = parseScenario(input, describeInput(input));
    return this.lab.tx(() => {
      const existing = this.lab.stmt<[string], { builtin: number }>('SELECT builtin FROM scenarios WHERE id = ?').get(s.id);
      if (existing) {
        throw new PvLabError('conflict', `A ${existing.builtin ? 'built-in ' : ''}scenario with id "${s.id}" already exists`, existing.builtin ? 'choose another id' : 'choose another id, or update the stored scenario');
      }
      const at = now();
      this.lab.stmt(INSERT).run(s.id, 0, s.title, JSON.stringify(s), at, at);
      return s;
    });
  }

  update(id: string, input: unknown): Scenario {
    return this.lab.tx(() => {
      const row = this.row(id);
      if (row.builtin) throw readOnly('scenarios', id, 'changed');
      const s = parseScenario(withId(input, id), `Scenario "${id}"`);
      if (s.id !== id) throw idMismatch('scenarios', s.id, id);
      this.lab.stmt(UPDATE).run(s.title, JSON.stringify(s), now(), id);
      return s;
    });
  }

  /** Copy a scenario (built-in or not) as the person's own, under `newId`. */
  duplicate(id: string, newId: string): Scenario {
    const s = this.get(id);
    return this.create({ ...s, id: newId, title: `${s.title} (copy)` });
  }

  remove(id: string): void {
    this.lab.tx(() => {
      if (this.row(id).builtin) throw readOnly('scenarios', id, 'removed');
      this.lab.stmt('DELETE FROM scenarios WHERE id = ?').run(id);
    });
  }

  /**
   * Store a scenario file's contents. A scenario with the same id is a conflict unless `replace`;
   * a built-in is never replaced. `source` names the file in messages.
   */
  importJson(text: string, source: string, { replace = false }: { replace?: boolean } = {}): ImportResult {
    const s = parseScenario(parseJsonText(text, source), source);
    return this.lab.tx(() => {
      const existing = this.lab.stmt<[string], { builtin: number }>('SELECT builtin FROM scenarios WHERE id = ?').get(s.id);
      if (existing?.builtin) {
        throw new PvLabError('read-only', `${source} has the id of the built-in scenario "${s.id}", which cannot be replaced`, 'change "id" in the file');
      }
      if (existing && !replace) {
        throw new PvLabError('conflict', `A scenario with id "${s.id}" is already stored`, 'choose to replace it, or change "id" in the file');
      }
      if (existing) this.lab.stmt(UPDATE).run(s.title, JSON.stringify(s), now(), s.id);
      else {
        const at = now();
        this.lab.stmt(INSERT).run(s.id, 0, s.title, JSON.stringify(s), at, at);
      }
      return { scenario: s, replaced: existing !== undefined };
    });
  }

  /** The scenario as a JSON file: two-space indented, keys in the schema's order, defaults filled in. */
  exportJson(id: string): string {
    return `${JSON.stringify(this.get(id), null, 2)}\n`;
  }

  private row(id: string): ScenarioRow {
    const row = this.lab.stmt<[string], ScenarioRow>('SELECT id, builtin, json FROM scenarios WHERE id = ?').get(id);
    if (!row) throw notFound('scenarios', id, this.lab.stmt<[], { id: string }>('SELECT id FROM scenarios ORDER BY id').all().map((r) => r.id));
    return row;
  }

  private parseRow(row: ScenarioRow): Scenario {
    try {
      return parseScenario(JSON.parse(row.json), `Stored scenario "${row.id}"`);
    } catch (e) {
      throw storedInvalid('scenarios', row.id, e instanceof PvLabError ? e.details : [(e as Error).message]);
    }
  }
}
