// The schema a fresh database gets, pinned by a committed snapshot, and the migrations that have
// shipped, pinned by their sha256. Adding migration NNNN: add its line to migrations.sha256 and
// replace schema.snapshot.sql with the text a failing run prints; never edit either by hand
// for a migration that has already shipped.
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { type Database, loadMigrations, openLabDb } from '../../core/store/db.ts';

const here = fileURLToPath(new URL('.', import.meta.url));

/** sqlite_schema ordered by type and name, with the pragmas that identify the file; internal statistics tables left out. */
function normalizedSchema(db: Database): string {
  const rows = db
    .prepare("SELECT type, name, tbl_name AS tbl, sql FROM sqlite_schema WHERE name NOT LIKE 'sqlite_stat%' ORDER BY type, name")
    .all() as { type: string; name: string; tbl: string; sql: string | null }[];
  const pragmas = [`PRAGMA application_id = ${String(db.pragma('application_id', { simple: true }))};`, `PRAGMA user_version = ${String(db.pragma('user_version', { simple: true }))};`];
  const objects = rows.map((r) => (r.sql === null ? `-- ${r.type} ${r.name} on ${r.tbl} (automatic)` : `${r.sql.split('\n').map((l) => l.trimEnd()).join('\n')};`));
  return `${[...pragmas, ...objects].join('\n\n')}\n`;
}

// Line endings are normalized so a CRLF checkout hashes like the committed file.
const sha256 = (text: string): string => createHash('sha256').update(text.replace(/\r\n/g, '\n')).digest('hex');

const dir = mkdtempSync(join(tmpdir(), 'pvlab-schema-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('database schema', () => {
  it('a fresh database has exactly the committed schema (test/store/schema.snapshot.sql)', () => {
    const lab = openLabDb(join(dir, 'fresh.db'));
    const actual = normalizedSchema(lab.db);
    lab.close();
    const expected = readFileSync(join(here, 'schema.snapshot.sql'), 'utf8');
    expect(actual, `the schema of a fresh database changed; if a new migration intends it, replace test/store/schema.snapshot.sql with:\n${actual}`).toBe(expected);
  });

  const shipped = readFileSync(join(here, 'migrations.sha256'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => {
      const [hash = '', name = ''] = l.trim().split(/\s+/);
      return { hash, name };
    });
  const migrations = loadMigrations();

  it('lists at least the first migration as shipped', () => {
    expect(shipped.map((s) => s.name)).toContain('0001_lab.sql');
  });

  for (const { hash, name } of shipped) {
    it(`shipped migration ${name} is unchanged`, () => {
      const m = migrations.find((x) => x.name === name);
      expect(m, `${name} has shipped and is gone or renamed: never edit an applied migration; add a new numbered one`).toBeDefined();
      expect(sha256(m!.sql), `${name} has shipped and its contents changed: never edit an applied migration; add a new numbered one`).toBe(hash);
    });
  }

  it('every migration is recorded in test/store/migrations.sha256', () => {
    const listed = new Set(shipped.map((s) => s.name));
    const missing = migrations.filter((m) => !listed.has(m.name)).map((m) => `${sha256(m.sql)}  ${m.name}`);
    expect(missing, `add these lines to test/store/migrations.sha256 (and update schema.snapshot.sql):\n${missing.join('\n')}`).toEqual([]);
  });
});
