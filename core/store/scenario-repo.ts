/**
 * Scenarios in the database: the built-ins, written at open from core/catalog and read-only, and
 * the person's own, created, edited, imported and exported as JSON files.
 */
import type { Catalog } from '../catalog/catalog.ts';
import { Lesson, PvLabError, type Scenario, formatIssues, parseScenario } from '../model/index.ts';
import type { LabDb } from './db.ts';
import {
  type ListOptions, type ListPage, type SeedReport, type ShippedRow, type StoredRow, type ListParams, emptySeedReport, filterSql, idMismatch, isObject, listParams, notFound, now, readOnly, storedInvalid, syncBuiltIns, withId, parseJsonText,
} from './repo.ts';

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
  seedBuiltIns(catalog: Catalog): SeedReport {
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

  /**
   * The lessons of the stored scenarios (the curriculum), by scenario id. Only each scenario's
   * `lesson` is read and checked against its schema, not the whole scenario around it.
   */
  lessons(): { id: string; lesson: Lesson }[] {
    return this.lab
      .stmt<[], { id: string; lesson: string }>("SELECT id, json_extract(json, '$.lesson') AS lesson FROM scenarios WHERE json_type(json, '$.lesson') = 'object' ORDER BY id")
      .all()
      .map((r) => {
        const p = Lesson.safeParse(JSON.parse(r.lesson));
        if (!p.success) throw storedInvalid('scenarios', r.id, formatIssues(p.error.issues));
        return { id: r.id, lesson: p.data };
      });
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
