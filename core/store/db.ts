/**
 * Opening a PV Lab database: the native-module guard, recognizing our files, moving aside files
 * that are not ours or are damaged, refusing files from a newer PV Lab, and applying pending
 * migrations in one transaction. One `LabDb` is the process's one writer connection.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, readdirSync, renameSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type BetterSqlite3 from 'better-sqlite3';
import { PvLabError } from '../model/index.ts';

export type Database = BetterSqlite3.Database;
export type Statement = BetterSqlite3.Statement;

/** `PRAGMA application_id` of PV Lab databases: "PVLB". */
export const APPLICATION_ID = 0x50564c42;

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** Where the migrations folder is, from source (core/store) or from the build (dist/core/store). */
export function migrationsDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const up of ['../../migrations', '../../../migrations']) {
    const d = join(here, up);
    if (existsSync(join(d, '0001_lab.sql'))) return d;
  }
  throw new PvLabError('io', 'The database migrations folder is missing from this installation', 'reinstall PV Lab; the folder "migrations" must sit beside "core"');
}

/** The numbered `.sql` files, in order; numbering must start at 1 and have no gaps. */
export function loadMigrations(dir: string = migrationsDir()): Migration[] {
  const files = readdirSync(dir).filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f)).sort();
  return files.map((f, i) => {
    const version = Number(f.slice(0, 4));
    if (version !== i + 1) {
      throw new PvLabError('io', `Migration ${f} is out of sequence (expected number ${String(i + 1).padStart(4, '0')})`, 'number migrations 0001, 0002, … without gaps');
    }
    return { version, name: f, sql: readFileSync(join(dir, f), 'utf8') };
  });
}

let driver: typeof BetterSqlite3 | undefined;

/** better-sqlite3, after checking this runtime can load it (it crashes on Node-API < 10). */
function loadDriver(): typeof BetterSqlite3 {
  if (driver) return driver;
  const napi = Number(process.versions.napi ?? 0);
  if (napi < 10) {
    throw new PvLabError(
      'unsupported-runtime',
      `This Node.js (${process.version}, Node-API ${napi}) cannot load the SQLite driver`,
      'run PV Lab under Node.js 22.14 or newer: `npm run pvlab …` and `npx` use the Node 24 the project installs',
    );
  }
  driver = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
  return driver;
}

export interface OpenOptions {
  migrations?: readonly Migration[];
  /** Move aside and start fresh when the file is not a PV Lab database or is damaged (default true). */
  recover?: boolean;
}

/** What opening found, so the UI and the CLI can tell the person. */
export interface OpenReport {
  file: string;
  created: boolean;
  fromVersion: number;
  toVersion: number;
  /** Where a foreign or damaged file was moved, with the reason. */
  movedAside?: { to: string; reason: string };
}

const SQLITE_HEADER = 'SQLite format 3\0';

function readHeader(file: string): string {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(16);
    const n = readSync(fd, buf, 0, 16, 0);
    return buf.subarray(0, n).toString('latin1');
  } finally {
    closeSync(fd);
  }
}

/** Move a file (and its WAL/SHM companions) to `<file>.<reason>-<n>`, never deleting anything. */
function moveAside(file: string, reason: string): string {
  let n = 1;
  let to = `${file}.${reason}-${n}`;
  while (existsSync(to)) to = `${file}.${reason}-${++n}`;
  renameSync(file, to);
  for (const ext of ['-wal', '-shm']) if (existsSync(file + ext)) renameSync(file + ext, to + ext);
  return to;
}

class Unusable extends Error {
  readonly reason: 'foreign' | 'corrupt';
  constructor(reason: 'foreign' | 'corrupt', message: string) {
    super(message);
    this.reason = reason;
  }
}

function pragmaNumber(db: Database, name: string): number {
  return db.pragma(name, { simple: true }) as number;
}

/** The process's writer connection, with a cache of prepared statements. */
export class LabDb {
  readonly db: Database;
  readonly file: string;
  readonly report: OpenReport;
  private readonly statements = new Map<string, Statement>();

  constructor(db: Database, file: string, report: OpenReport) {
    this.db = db;
    this.file = file;
    this.report = report;
  }

  /** A prepared statement, prepared once per connection. */
  stmt<P extends unknown[] = unknown[], R = unknown>(sql: string): BetterSqlite3.Statement<P, R> {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s as unknown as BetterSqlite3.Statement<P, R>;
  }

  /** Run `fn` in a deferred transaction: a consistent read that does not take the write lock. */
  read<T>(fn: () => T): T {
    return this.db.transaction(fn).deferred();
  }

  /** Run `fn` in an immediate transaction: all of it lands or none of it does. */
  tx<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  close(): void {
    if (!this.db.open) return;
    try {
      this.db.pragma('optimize');
    } finally {
      this.statements.clear();
      this.db.close();
    }
  }
}

function connect(file: string): Database {
  const Driver = loadDriver();
  return new Driver(file, { timeout: 5000 });
}

/** Switch on WAL and foreign keys: only once the file is known to be ours (WAL rewrites the header). */
function configure(db: Database): void {
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = NORMAL');
}

/** Check the file is ours (or empty) and return its schema version. */
function inspect(db: Database): number {
  let appId: number;
  let version: number;
  let tables: number;
  try {
    appId = pragmaNumber(db, 'application_id');
    version = pragmaNumber(db, 'user_version');
    tables = (db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get() as { n: number }).n;
  } catch (e) {
    throw new Unusable('corrupt', (e as Error).message);
  }
  if (appId !== APPLICATION_ID && !(appId === 0 && version === 0 && tables === 0)) {
    throw new Unusable('foreign', appId === 0 ? 'an SQLite database of another program' : `an SQLite database with application id 0x${appId.toString(16)}`);
  }
  return version;
}

function migrate(db: Database, migrations: readonly Migration[], from: number): void {
  const pending = migrations.filter((m) => m.version > from);
  if (pending.length === 0) return;
  const target = pending[pending.length - 1]!.version;
  db.transaction(() => {
    for (const m of pending) db.exec(m.sql);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma(`user_version = ${target}`);
  }).immediate();
  const bad = db.pragma('foreign_key_check') as unknown[];
  if (bad.length > 0) throw new PvLabError('io', 'The migrated database has rows that break its foreign keys', 'report this with the database file attached');
}

/**
 * Open (creating if needed) the database at `file` and bring its schema up to date. A file from a
 * newer PV Lab is refused and left alone; a file that is not ours or is damaged is moved aside and
 * a fresh database takes its place (unless `recover` is false, then it is refused).
 */
export function openLabDb(file: string, opts: OpenOptions = {}): LabDb {
  const migrations = opts.migrations ?? loadMigrations();
  const latest = migrations.length ? migrations[migrations.length - 1]!.version : 0;
  mkdirSync(dirname(file), { recursive: true });
  let movedAside: OpenReport['movedAside'];
  let created = !existsSync(file) || statSync(file).size === 0;

  const attempt = (): { db: Database; version: number } => {
    if (!created && readHeader(file) !== SQLITE_HEADER) {
      throw new Unusable('foreign', 'not an SQLite database');
    }
    let db: Database;
    try {
      db = connect(file);
    } catch (e) {
      throw new Unusable('corrupt', (e as Error).message);
    }
    try {
      const version = inspect(db);
      try {
        configure(db);
      } catch (e) {
        throw new Unusable('corrupt', (e as Error).message);
      }
      return { db, version };
    } catch (e) {
      db.close();
      throw e;
    }
  };

  let opened: { db: Database; version: number };
  try {
    opened = attempt();
  } catch (e) {
    if (!(e instanceof Unusable)) throw e;
    if (opts.recover === false) {
      throw new PvLabError(e.reason === 'foreign' ? 'db-foreign' : 'db-corrupt', `${file} is ${e.reason === 'foreign' ? 'not a PV Lab database' : 'damaged'} (${e.message})`, 'choose another file with --db, or move this one away');
    }
    const to = moveAside(file, e.reason === 'foreign' ? 'not-pvlab' : 'damaged');
    created = true;
    movedAside = { to, reason: e.reason === 'foreign' ? `not a PV Lab database (${e.message})` : `damaged (${e.message})` };
    opened = attempt();
  }
  const { db, version } = opened;
  if (version > latest) {
    db.close();
    throw new PvLabError(
      'db-newer',
      `${file} was written by a newer PV Lab (database schema ${version}; this version knows up to ${latest})`,
      'update PV Lab, or open another database with --db (the file was left untouched)',
    );
  }
  try {
    migrate(db, migrations, version);
  } catch (e) {
    db.close();
    throw e instanceof PvLabError ? e : new PvLabError('io', `Could not update the database schema of ${file}: ${(e as Error).message}`, 'nothing was changed; check the disk has space and the file is writable');
  }
  const report: OpenReport = { file, created, fromVersion: version, toVersion: Math.max(version, latest), ...(movedAside ? { movedAside } : {}) };
  return new LabDb(db, file, report);
}
