/**
 * Whole-lab backup and restore. A backup is SQLite's online backup of the open database into a
 * new file (consistent while the lab is in use), written under a temporary name and renamed. A
 * restore never touches the lab until the backup has been copied, opened as a PV Lab database
 * (a foreign, damaged or newer file is refused), migrated to this version and checked; then the
 * current database is copied aside and the checked copy replaces its contents in one SQLite
 * transaction — readers see the old lab or the new one, never a mixture, and every open
 * connection (the service's, a CLI's) stays valid.
 */
import { closeSync, existsSync, openSync, readSync, realpathSync, renameSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { PvLabError } from '../model/index.ts';
import { APPLICATION_ID, type LabDb, loadMigrations, openLabDb } from './db.ts';

/** Backups larger than this are refused on restore (a lab with a few hundred long recorded runs is a few GiB). */
export const MAX_RESTORE_BYTES = 64 * 2 ** 30;

const driver = () => createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;

function sameFile(a: string, b: string): boolean {
  try {
    return realpathSync(a) === realpathSync(b);
  } catch {
    return resolve(a) === resolve(b);
  }
}

function removeWithCompanions(file: string): void {
  for (const f of [file, `${file}-wal`, `${file}-shm`, `${file}-journal`]) rmSync(f, { force: true });
}

/** A name beside `file` that does not exist yet. */
function freeName(file: string, tag: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  let n = 0;
  let name = `${file}.${tag}-${stamp}`;
  while (existsSync(name)) name = `${file}.${tag}-${stamp}-${++n}`;
  return name;
}

/** Copy the open lab to `to`, a file that must not exist yet. */
export async function backupLab(lab: LabDb, to: string): Promise<{ file: string; bytes: number }> {
  const file = resolve(to);
  if (sameFile(file, lab.file)) throw new PvLabError('invalid-input', 'A backup cannot replace the lab database it copies', 'choose another file name');
  if (existsSync(file)) throw new PvLabError('conflict', `${file} already exists`, 'choose a new file name (a backup never overwrites a file)');
  if (!existsSync(dirname(file))) throw new PvLabError('not-found', `The folder ${dirname(file)} does not exist`, 'create it first, or choose another place');
  const tmp = `${file}.${process.pid}.partial`;
  try {
    await lab.db.backup(tmp);
    renameSync(tmp, file);
  } catch (e) {
    removeWithCompanions(tmp);
    throw new PvLabError('io', `Could not write the backup ${file}: ${(e as Error).message}`, 'check that the disk has space and the folder can be written');
  }
  return { file, bytes: statSync(file).size };
}

const notBackup = (from: string, why: string) => new PvLabError('invalid-input', `${from} is not a PV Lab backup: ${why}`, 'choose a file written by `pvlab backup` or the app\'s Back up command; the lab was left as it was');

/** Check the file looks like one of ours before SQLite reads it. */
function precheck(from: string): void {
  let st;
  try {
    st = statSync(from);
  } catch {
    throw new PvLabError('not-found', `There is no file ${from}`, 'check the path of the backup');
  }
  if (!st.isFile()) throw notBackup(from, 'it is not a regular file');
  if (st.size > MAX_RESTORE_BYTES) throw new PvLabError('too-large', `${from} is larger than ${MAX_RESTORE_BYTES / 2 ** 30} GiB`, 'check that you chose the right file');
  const fd = openSync(from, 'r');
  try {
    const head = Buffer.alloc(16);
    readSync(fd, head, 0, 16, 0);
    if (head.toString('latin1') !== 'SQLite format 3\0') throw notBackup(from, 'it is not an SQLite database');
  } finally {
    closeSync(fd);
  }
}

export interface RestoreResult {
  restoredFrom: string;
  keptAside: string;
  runs: number;
  scenarios: number;
}

/**
 * Replace the open lab's contents with the backup at `from`. `after` runs on the live connection
 * once the new contents are in (re-seed built-ins, mark stale runs).
 */
export async function restoreLab(lab: LabDb, from: string, after: () => void = () => {}): Promise<RestoreResult> {
  const source = resolve(from);
  if (sameFile(source, lab.file)) throw new PvLabError('invalid-input', 'A lab cannot be restored from its own database file', 'choose a backup file');
  precheck(source);
  const latest = loadMigrations().at(-1)?.version ?? 0;
  const copy = freeName(lab.file, 'restoring');
  const Driver = driver();
  try {
    // 1. a copy of the backup, read through SQLite (so a WAL beside it is included), never the original
    let src: BetterSqlite3.Database;
    try {
      src = new Driver(source, { readonly: true, fileMustExist: true });
    } catch (e) {
      throw notBackup(source, (e as Error).message);
    }
    try {
      const appId = src.pragma('application_id', { simple: true }) as number;
      const version = src.pragma('user_version', { simple: true }) as number;
      if (appId !== APPLICATION_ID) throw notBackup(source, 'it is an SQLite database of another program');
      if (version > latest) throw new PvLabError('db-newer', `${source} was written by a newer PV Lab (database schema ${version}; this version knows up to ${latest})`, 'update PV Lab, then restore it; the lab was left as it was');
      await src.backup(copy);
    } catch (e) {
      if (e instanceof PvLabError) throw e;
      throw notBackup(source, (e as Error).message);
    } finally {
      src.close();
    }
    // 2. the copy opened as a lab: refused if damaged, migrated to this version, then checked whole
    let counts: { runs: number; scenarios: number };
    const checked = openLabDb(copy, { recover: false });
    try {
      const problems = (checked.db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).filter((l) => l !== 'ok');
      if (problems.length) throw notBackup(source, `SQLite's integrity check found: ${problems.slice(0, 3).join('; ')}`);
      if ((checked.db.pragma('foreign_key_check') as unknown[]).length) throw notBackup(source, 'rows refer to rows that are missing');
      counts = checked.db.prepare('SELECT (SELECT count(*) FROM runs) AS runs, (SELECT count(*) FROM scenarios) AS scenarios').get() as { runs: number; scenarios: number };
    } finally {
      checked.close();
    }
    // 3. the current lab kept aside, whole
    const keptAside = freeName(lab.file, 'before-restore');
    try {
      await lab.db.backup(keptAside);
    } catch (e) {
      removeWithCompanions(keptAside);
      throw new PvLabError('io', `Could not keep the current lab aside (${(e as Error).message}); nothing was restored`, 'check that the disk has space');
    }
    // 4. the checked copy replaces the lab's pages in one transaction, all pages in one step
    const ready = new Driver(copy, { readonly: true, fileMustExist: true });
    try {
      await ready.backup(lab.file, { progress: () => 0x7fffffff });
    } catch (e) {
      throw new PvLabError('io', `Could not restore into ${lab.file} (${(e as Error).message}); the lab was left as it was`, `close other programs using the lab and try again; the current lab is also kept at ${keptAside}`);
    } finally {
      ready.close();
    }
    after();
    return { restoredFrom: source, keptAside, ...counts };
  } finally {
    removeWithCompanions(copy);
  }
}
