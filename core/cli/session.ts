/**
 * What every database-backed command shares: the --db option, opening the lab with a service over
 * it (saying which files were moved aside until acknowledged; Ctrl-C cancels the work), and one
 * progress line.
 */
import { Option } from 'commander';
import type { Catalog } from '../catalog/catalog.ts';
import { bundledFingerprint } from '../catalog/fingerprint.ts';
import type { LabService } from '../service/service.ts';
import { type OpenReport, restoreHint } from '../store/db.ts';
import { defaultDbPath } from '../store/paths.ts';
import type { Io } from './main.ts';

export interface LabCommandsOptions {
  io: Io;
  catalog: () => Catalog | Promise<Catalog>;
  /** The catalog was given by the caller (tests, tools): it replaces the database's catalog. */
  injected: boolean;
}

export interface DbOpts {
  db?: string;
}

export const dbOption = () => new Option('--db <file>', `the lab database (default: $PVLAB_DB, else the desktop app's lab.db)`);

/** Say, at every open until acknowledged, which database files were moved aside and how to bring them back. */
export function warnAboutMoves(io: Io, file: string, report: OpenReport): void {
  for (const n of report.notices) {
    const now = report.movedAside?.to === n.to;
    const when = now ? '' : ` on ${n.at}`;
    io.err(`pvlab: warning: ${file} could not be used${when} (${n.reason}); it was moved to ${n.to} and a new database was created`);
    io.err(`pvlab:   ${restoreHint(file, n)}; \`pvlab db acknowledge\` stops this message`);
  }
  for (const line of report.integrity) io.err(`pvlab: note: the last session ended uncleanly; SQLite's check found: ${line}`);
}

/**
 * Progress of a long command: on a terminal one status line, updated at most four times a second;
 * elsewhere (a log, a pipe) a line every five seconds. Nothing for the first second.
 */
export function progressReporter(io: Io): { report: (text: string) => void; done: () => void } {
  let started = 0;
  let last = 0;
  let shown = false;
  const every = io.status ? 250 : 5000;
  return {
    report(text) {
      const now = Date.now();
      started ||= now;
      if (now - started < 1000 || now - last < every) return;
      last = now;
      shown = true;
      if (io.status) io.status(`  ${text}`);
      else io.err(`  ${text}`);
    },
    done() {
      if (!shown) return;
      if (io.status) io.status('');
      io.err(`  done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    },
  };
}

/** Open the database, run `fn` with a service over it, and close both whatever happens. */
export async function withLab<T>(o: LabCommandsOptions, opts: DbOpts, fn: (svc: LabService) => Promise<T>): Promise<T> {
  const file = opts.db ?? defaultDbPath();
  // the store, the service and what they bring (engine, reports, workers) load only here: listing
  // commands, --help and --version start without them
  const [{ LabStore }, { LabService }] = await Promise.all([import('../store/index.ts'), import('../service/service.ts')]);
  // the built-in catalog's data loads only when the lab does not hold this PV Lab's built-ins yet
  const catalogModule = () => import('../catalog/index.ts');
  const fingerprint = bundledFingerprint() ?? (await catalogModule()).builtInFingerprint();
  const store = LabStore.open(file, { builtIns: { fingerprint, catalog: null } });
  try {
    if (store.builtInsPending) store.seedBuiltIns((await catalogModule()).builtInCatalog());
  } catch (e) {
    store.close();
    throw e;
  }
  warnAboutMoves(o.io, file, store.report);
  const svc = new LabService(store, o.injected ? { catalog: await o.catalog() } : {});
  // Ctrl-C cancels what is running (each run ends with what it recorded, marked cancelled by the
  // user), and what starts after it: a run still being checked or loading the engine when Ctrl-C
  // came is cancelled as it starts
  let interrupted = false;
  const onInterrupt = () => {
    o.io.err('pvlab: cancelling (Ctrl-C again to stop at once)');
    process.off('SIGINT', onInterrupt);
    interrupted = true;
    svc.cancelAll();
  };
  const offStarts = svc.on((name, p) => {
    if (interrupted && name === 'runs.changed' && 'change' in p && p.change === 'started') svc.cancelAll();
  });
  process.on('SIGINT', onInterrupt);
  try {
    return await fn(svc);
  } finally {
    process.off('SIGINT', onInterrupt);
    offStarts();
    svc.close();
    await svc.idle();
    store.close();
  }
}

