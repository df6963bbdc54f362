/**
 * A child process for the crash test: records a very long run into the database given as
 * argument, printing the number of committed chunks as they land, until it is killed.
 */
import { builtInCatalog } from '../../core/catalog/index.ts';
import { startRun } from '../../core/service/runner.ts';
import { openLabStore } from '../../core/store/open.ts';
import { catalogFor } from '../../core/trace/plan.ts';

const file = process.argv[2];
if (!file) throw new Error('usage: record-forever.ts DB');
const store = openLabStore(file);
const cat = builtInCatalog();
const scenario = { ...cat.scenarios.find((s) => s.id === 'consolidation-8')!, durationMs: 3_600_000 };
const handle = startRun(store.runs, {
  plan: { scenario, catalog: catalogFor(scenario, cat), seed: scenario.seed },
  onProgress: () => {
    const n = store.runs.chunkIndex(handle.runId).length;
    process.stdout.write(`chunks ${n}\n`);
  },
});
await handle.done;
