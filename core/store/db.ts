/**
 * Opening a PV Lab database: the native-module guard, recognizing our files, moving aside files
 * that are not ours or are damaged, refusing files from a newer PV Lab, and applying pending
 * migrations in one transaction. One `LabDb` is the process's one writer connection.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
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
  try {
    driver = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
  } catch (e) {
    throw new PvLabError('unsupported-runtime', `The SQLite driver cannot be loaded here (${(e as Error).message.split('\n')[0]})`, 'reinstall with `npm ci` under Node.js 22.14 or newer; `npm run pvlab …` uses the Node 24 the project installs');
  }
  return driver;
}

export interface OpenOptions {
  migrations?: readonly Migration[];
  /** Move aside and start fresh when the file is not a PV Lab database or is damaged (default true). */
  recover?: boolean;
}

/** A database file moved aside, until the person acknowledges it. */
export interface MovedAside {
  to: string;
  reason: string;
  at: string;
}

/** What opening found, so the UI and the CLI can tell the person. */
export interface OpenReport {
  file: string;
  created: boolean;
  fromVersion: number;
  toVersion: number;
  /** Where a foreign or damaged file was moved this time, with the reason. */
  movedAside?: { to: string; reason: string };
  /** Every move not yet acknowledged (this one and earlier ones): said at every open until acknowledged. */
  notices: MovedAside[];
  /** Problems `PRAGMA quick_check` found after an unclean end that do not make the file unusable (free pages). */
  integrity: string[];
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

/** Where the moves of `file` are remembered until acknowledged: beside it, so they survive the fresh database. */
const noticesFile = (file: string) => `${file}.moved-aside.json`;

export function pendingNotices(file: string): MovedAside[] {
  try {
    const parsed: unknown = JSON.parse(readFileSync(noticesFile(file), 'utf8'));
    return Array.isArray(parsed) ? parsed.filter((n): n is MovedAside => typeof n?.to === 'string' && typeof n?.reason === 'string' && typeof n?.at === 'string') : [];
  } catch {
    return [];
  }
}

function rememberMove(file: string, move: MovedAside): void {
  try {
    writeFileSync(noticesFile(file), `${JSON.stringify([...pendingNotices(file), move], null, 2)}\n`);
  } catch {
    // the move itself is reported on this open; remembering it is best effort
  }
}

/** The person has read the notices: stop repeating them. */
export function acknowledgeNotices(file: string): number {
  const n = pendingNotices(file).length;
  rmSync(noticesFile(file), { force: true });
  return n;
}

/** How to bring a moved file back, in words. */
export function restoreHint(file: string, move: MovedAside): string {
  return `to bring it back, close PV Lab, move ${file} away and rename ${move.to} to ${file}`;
}

export class Unusable extends Error {
  readonly reason: 'foreign' | 'corrupt';
  constructor(reason: 'foreign' | 'corrupt', message: string) {
    super(message);
    this.reason = reason;
  }
}

function pragmaNumber(db: Database, name: string): number {
  return db.pragma(name, { simple: true }) as number;
}

/** SQLite's answer when a file is damaged or not a database at all: only these justify moving a file aside. */
const DAMAGE = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB']);

/**
 * Turn a failure to open or configure `file` into either damage (the file may be moved aside) or a
 * typed error that names the cause and leaves the file alone.
 */
export function classify(e: unknown, file: string, otherwise?: (message: string) => PvLabError): Unusable | PvLabError {
  if (e instanceof Unusable || e instanceof PvLabError) return e;
  const code = String((e as { code?: unknown }).code ?? '');
  const message = e instanceof Error ? e.message : String(e);
  if (DAMAGE.has(code) || code.startsWith('SQLITE_CORRUPT')) return new Unusable('corrupt', message);
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') {
    return new PvLabError('io', `The disk holding ${file} is full`, 'free some disk space and try again; the database was left as it is');
  }
  if (code.startsWith('SQLITE_READONLY') || code === 'SQLITE_PERM' || code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new PvLabError('read-only', `${file} cannot be written: the file or its folder is read-only`, 'make the file and its folder writable, or choose another database with --db; the file was left as it is');
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new PvLabError('conflict', `${file} is locked by another program`, 'close the other program (or PV Lab window) using it and try again');
  }
  if (code.startsWith('SQLITE_CANTOPEN') || code === 'ENOTDIR' || code === 'ENOENT') {
    return new PvLabError('io', `Cannot open ${file} (${message})`, 'check that the folder exists and can be written, or choose another database with --db');
  }
  return otherwise ? otherwise(message) : new PvLabError('io', `Cannot use ${file}: ${message}`, 'check the disk and the file; the database was left as it is');
}

/**
 * A failure of the database met while working with it (after it opened): a typed error that names
 * the cause and the fix, or undefined when `e` did not come from SQLite or the file system (a bug,
 * left for the caller to report as one).
 */
export function storeFailure(e: unknown, file: string): PvLabError | undefined {
  if (e instanceof PvLabError) return e;
  const code = String((e as { code?: unknown } | null)?.code ?? '');
  if (!/^(SQLITE_|E[A-Z]+$)/.test(code)) return undefined;
  const found = classify(e, file);
  if (found instanceof PvLabError) return found;
  return new PvLabError(
    'db-corrupt',
    `${file} is damaged (${found.message})`,
    'close PV Lab and restore a backup with `pvlab restore FILE`, or move the file away: PV Lab starts a fresh lab and keeps the damaged file aside at its next start',
  );
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

/**
 * Switch on WAL: only once the file is known to be ours (WAL rewrites the header). Foreign keys are
 * switched on after the migrations: a migration that rebuilds a table must not cascade its drop.
 */
function configure(db: Database): void {
  // already WAL (every PV Lab database after its first open): no write, so read-only files open too
  if (String(db.pragma('journal_mode', { simple: true })) !== 'wal') db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // better-sqlite3 switches them on by default
  db.pragma('foreign_keys = OFF');
}

/**
 * Check the file is ours (or empty) and return its schema version. The three facts are read in one
 * transaction: another process may be migrating a new database at this moment, and reading them
 * one by one could see its tables but not yet its application id (and move a healthy file aside).
 */
function inspect(db: Database, file: string): number {
  let facts: { appId: number; version: number; tables: number };
  try {
    facts = db.transaction(() => ({
      appId: pragmaNumber(db, 'application_id'),
      version: pragmaNumber(db, 'user_version'),
      tables: (db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE type = 'table'").get() as { n: number }).n,
    })).deferred();
  } catch (e) {
    throw classify(e, file);
  }
  const { appId, version, tables } = facts;
  if (appId !== APPLICATION_ID && !(appId === 0 && version === 0 && tables === 0)) {
    throw new Unusable('foreign', appId === 0 ? 'an SQLite database of another program' : `an SQLite database with application id 0x${appId.toString(16)}`);
  }
  return version;
}

/**
 * Apply the pending migrations in one exclusive transaction. The version is read again inside it:
 * when several processes open a new database at once, the first migrates and the others find the
 * schema already there.
 */
function migrate(db: Database, migrations: readonly Migration[]): number {
  let from = 0;
  db.transaction(() => {
    from = pragmaNumber(db, 'user_version');
    const pending = migrations.filter((m) => m.version > from);
    if (pending.length === 0) return;
    for (const m of pending) db.exec(m.sql);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma(`user_version = ${pending[pending.length - 1]!.version}`);
  }).exclusive();
  const bad = db.pragma('foreign_key_check') as unknown[];
  if (bad.length > 0) throw new PvLabError('io', 'The migrated database has rows that break its foreign keys', 'report this with the database file attached');
  db.pragma('foreign_keys = ON');
  return from;
}

/** Lines of `PRAGMA quick_check` that only concern free pages: worth reporting, no reason to move the file. */
const FREE_PAGE_PROBLEM = /never used|freelist|free-?page/i;

/**
 * Open (creating if needed) the database at `file` and bring its schema up to date. A file from a
 * newer PV Lab is refused and left alone. Only a file proven not to be ours (header, application
 * id) or that SQLite itself finds damaged is moved aside — never deleted — and a fresh database
 * takes its place (unless `recover` is false, then it is refused); every other failure (a full
 * disk, a read-only file or folder, a folder given as the file, a runtime that cannot load the
 * driver) is an error that names the cause and leaves the file as it is.
 */
export function openLabDb(file: string, opts: OpenOptions = {}): LabDb {
  const migrations = opts.migrations ?? loadMigrations();
  const latest = migrations.length ? migrations[migrations.length - 1]!.version : 0;
  if (existsSync(file) && statSync(file).isDirectory()) {
    throw new PvLabError('invalid-input', `${file} is a folder, not a database file`, 'give the path of a file (it is created if missing), e.g. --db lab.db');
  }
  try {
    mkdirSync(dirname(file), { recursive: true });
  } catch (e) {
    throw classify(e, file);
  }
  loadDriver();
  let movedAside: OpenReport['movedAside'];
  let created = !existsSync(file) || statSync(file).size === 0;
  // a WAL left behind means the last session did not close cleanly: check the file before use
  const unclean = !created && existsSync(`${file}-wal`) && statSync(`${file}-wal`).size > 0;
  const integrity: string[] = [];

  const attempt = (): Database => {
    if (!created && readHeader(file) !== SQLITE_HEADER) throw new Unusable('foreign', 'not an SQLite database');
    let db: Database;
    try {
      db = connect(file);
    } catch (e) {
      throw classify(e, file);
    }
    try {
      const version = inspect(db, file);
      if (version > latest) {
        throw new PvLabError(
          'db-newer',
          `${file} was written by a newer PV Lab (database schema ${version}; this version knows up to ${latest})`,
          'update PV Lab, or open another database with --db (the file was left untouched)',
        );
      }
      if (unclean && !created) {
        const lines = (db.pragma('quick_check') as { quick_check: string }[]).map((r) => r.quick_check).filter((l) => l !== 'ok');
        const serious = lines.filter((l) => !FREE_PAGE_PROBLEM.test(l));
        if (serious.length > 0) throw new Unusable('corrupt', `quick_check: ${serious.slice(0, 3).join('; ')}`);
        integrity.push(...lines);
      }
      configure(db);
      return db;
    } catch (e) {
      db.close();
      throw classify(e, file);
    }
  };

  let db: Database;
  try {
    db = attempt();
  } catch (e) {
    if (!(e instanceof Unusable)) throw e;
    if (opts.recover === false) {
      throw new PvLabError(e.reason === 'foreign' ? 'db-foreign' : 'db-corrupt', `${file} is ${e.reason === 'foreign' ? 'not a PV Lab database' : 'damaged'} (${e.message})`, 'choose another file with --db, or move this one away');
    }
    const to = moveAside(file, e.reason === 'foreign' ? 'not-pvlab' : 'damaged');
    created = true;
    movedAside = { to, reason: e.reason === 'foreign' ? `not a PV Lab database (${e.message})` : `damaged (${e.message})` };
    rememberMove(file, { ...movedAside, at: new Date().toISOString() });
    db = attempt();
  }
  let fromVersion: number;
  try {
    fromVersion = migrate(db, migrations);
  } catch (e) {
    db.close();
    const schemaError = (message: string) => new PvLabError('io', `Could not update the database schema of ${file}: ${message}`, 'nothing was changed; check the disk has space and the file is writable');
    const err = classify(e, file, schemaError);
    throw err instanceof PvLabError ? err : schemaError(err.message);
  }
  const report: OpenReport = {
    file, created, fromVersion, toVersion: Math.max(fromVersion, latest), ...(movedAside ? { movedAside } : {}), notices: pendingNotices(file), integrity,
  };
  return new LabDb(db, file, report);
}

/**
 * A read-only connection to an existing lab database, for worker threads that read recordings
 * (verification, replay) beside the process's one writer. It migrates and moves nothing.
 */
export function openReadOnly(file: string): LabDb {
  const Driver = loadDriver();
  const db = new Driver(file, { readonly: true, fileMustExist: true });
  return new LabDb(db, file, { file, created: false, fromVersion: 0, toVersion: 0, notices: [], integrity: [] });
}
