/**
 * The lab's database: one writer connection and its repositories. Opening seeds the built-in
 * catalog and scenarios and marks runs whose recording process is gone as interrupted.
 */
import { type Catalog, builtInCatalog, builtInFingerprint } from '../catalog/index.ts';
import { CatalogRepo } from './catalog-repo.ts';
import { type LabDb, type OpenOptions, type OpenReport, openLabDb } from './db.ts';
import { RunsRepo } from './runs-repo.ts';
import { ScenarioRepo } from './scenario-repo.ts';

export { defaultDbPath, DB_ENV_VAR } from './paths.ts';
export { RunsRepo, RunFilter } from './runs-repo.ts';
export { openLabDb, loadMigrations, APPLICATION_ID, acknowledgeNotices, pendingNotices, restoreHint, storeFailure, type LabDb, type OpenReport, type MovedAside } from './db.ts';

export class LabStore {
  readonly lab: LabDb;
  readonly catalog: CatalogRepo;
  readonly scenarios: ScenarioRepo;
  readonly runs: RunsRepo;
  /** Runs found interrupted when the store opened. */
  readonly interrupted: number[];

  private constructor(lab: LabDb) {
    this.lab = lab;
    this.catalog = new CatalogRepo(lab);
    this.scenarios = new ScenarioRepo(lab);
    this.runs = new RunsRepo(lab);
    this.seedBuiltIns();
    this.interrupted = this.runs.markInterrupted();
  }

  /** Bring the built-in entries and scenarios up to this PV Lab's, unless the file already has them. */
  private seedBuiltIns(): void {
    const shipped = builtInFingerprint();
    const seeded = () => this.lab.stmt<[string], { value: string }>('SELECT value FROM lab_meta WHERE key = ?').get('builtins')?.value;
    if (seeded() === shipped) return;
    // validated before the write lock is taken: several processes opening a new lab at once wait
    // for each other only for the writes
    const catalog = builtInCatalog();
    this.lab.tx(() => {
      if (seeded() === shipped) return; // another process seeded it meanwhile
      this.catalog.seedBuiltIns(catalog);
      this.scenarios.seedBuiltIns(catalog);
      this.lab.stmt('INSERT INTO lab_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run('builtins', shipped);
    });
  }

  static open(file: string, opts: OpenOptions = {}): LabStore {
    const lab = openLabDb(file, opts);
    try {
      return new LabStore(lab);
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
