import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtInCatalog } from '../../core/catalog/index.ts';
import type { Scenario } from '../../core/model/index.ts';
import { LabService } from '../../core/service/service.ts';
import { type LabStore } from '../../core/store/index.ts';
import { openLabStore } from '../../core/store/open.ts';

/** A fresh database in a temp folder with a service over it; `done()` closes and removes it. */
export function tempLab(opts: { inline?: boolean } = {}): { dir: string; file: string; store: LabStore; svc: LabService; done: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'pvlab-test-'));
  const file = join(dir, 'lab.db');
  const store = openLabStore(file);
  const svc = new LabService(store, { inline: opts.inline ?? true });
  return {
    dir, file, store, svc,
    done: () => {
      svc.close();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A built-in scenario with another duration. */
export function builtIn(id: string, durationMs?: number): Scenario {
  const s = builtInCatalog().scenarios.find((x) => x.id === id);
  if (!s) throw new Error(`no built-in scenario ${id}`);
  return durationMs === undefined ? s : { ...s, durationMs };
}
