/**
 * Pieces both catalog repositories share: paging and search, the errors they raise, and syncing
 * built-in rows with what this version ships.
 */
import { type CatalogKind, KIND_LABEL } from '../catalog/catalog.ts';
import { PvLabError } from '../model/index.ts';

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

export { parseJsonText } from '../model/json.ts';

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
