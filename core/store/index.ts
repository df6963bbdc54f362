/**
 * The lab's database: one writer connection and its repositories. Opening seeds the built-in
 * catalog and scenarios and marks runs whose recording process is gone as interrupted.
 */
import type { Catalog } from '../catalog/index.ts';
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
    this.catalog.seedBuiltIns();
    this.scenarios.seedBuiltIns();
    this.interrupted = this.runs.markInterrupted();
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
