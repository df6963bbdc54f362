/**
 * The lab's database: one writer connection and its repositories. Opening seeds the built-in
 * catalog and scenarios when the lab's are not the ones given (by their fingerprint) and marks runs
 * whose recording process is gone as interrupted. The built-ins come from the opener (`openLabStore` in
 * open.ts gives the shipped ones), so this module does not load the catalog's data: the CLI
 * loads it only for a lab that needs seeding.
 */
import type { Catalog } from '../catalog/catalog.ts';
import { CatalogRepo } from './catalog-repo.ts';
import { type LabDb, type OpenOptions, type OpenReport, openLabDb } from './db.ts';
import { RunsRepo } from './runs-repo.ts';
import { ScenarioRepo } from './scenario-repo.ts';

export { defaultDbPath, DB_ENV_VAR } from './paths.ts';
export { RunsRepo, RunFilter } from './runs-repo.ts';
export { openLabDb, loadMigrations, APPLICATION_ID, acknowledgeNotices, pendingNotices, restoreHint, storeFailure, type LabDb, type OpenReport, type MovedAside } from './db.ts';

/** The built-in entries and scenarios a lab should hold, known by their fingerprint. */
export interface BuiltIns {
  fingerprint: string;
  /** The catalog to seed; null: the opener loads it when `builtInsPending` says it must, then calls `seedBuiltIns`. */
  catalog: (() => Catalog) | null;
}

export interface StoreOptions extends OpenOptions {
  builtIns: BuiltIns;
}

export class LabStore {
  readonly lab: LabDb;
  readonly catalog: CatalogRepo;
  readonly scenarios: ScenarioRepo;
  readonly runs: RunsRepo;
  /** Runs found interrupted when the store opened. */
  readonly interrupted: number[];
  private readonly builtInsFingerprint: string;

  private constructor(lab: LabDb, builtIns: BuiltIns) {
    this.lab = lab;
    this.catalog = new CatalogRepo(lab);
    this.scenarios = new ScenarioRepo(lab);
    this.runs = new RunsRepo(lab);
    this.builtInsFingerprint = builtIns.fingerprint;
    if (builtIns.catalog && this.builtInsPending) this.seedBuiltIns(builtIns.catalog());
    this.interrupted = this.runs.markInterrupted();
  }

  private seededFingerprint(): string | undefined {
    return this.lab.stmt<[string], { value: string }>('SELECT value FROM lab_meta WHERE key = ?').get('builtins')?.value;
  }

  /** Whether the lab's built-ins are not the ones it was opened with: `seedBuiltIns` brings them up to date. */
  get builtInsPending(): boolean {
    return this.seededFingerprint() !== this.builtInsFingerprint;
  }

  /**
   * Bring the built-in entries and scenarios up to `catalog` (the one whose fingerprint the store
   * was opened with), unless the file already has them. `catalog` is validated before the write
   * lock is taken: several processes opening a new lab at once wait for each other only for the writes.
   */
  seedBuiltIns(catalog: Catalog): void {
    const shipped = this.builtInsFingerprint;
    this.lab.tx(() => {
      if (this.seededFingerprint() === shipped) return; // another process seeded it meanwhile
      this.catalog.seedBuiltIns(catalog);
      this.scenarios.seedBuiltIns(catalog);
      this.lab.stmt('INSERT INTO lab_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run('builtins', shipped);
    });
  }

  static open(file: string, opts: StoreOptions): LabStore {
    const lab = openLabDb(file, opts);
    try {
      return new LabStore(lab, opts.builtIns);
    } catch (e) {
      lab.close();
      throw e;
    }
  }

  get report(): OpenReport {
    return this.lab.report;
  }

  /** Everything a scenario can refer to: built-ins and the user's entries. */
  fullCatalog(): Catalog {
    return this.catalog.catalog();
  }

  close(): void {
    this.lab.close();
  }
}
