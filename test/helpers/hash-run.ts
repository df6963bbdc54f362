// Child-process helper for the determinism test: runs a fixture scenario, prints its hash.
import { Engine } from '../../core/engine/index.ts';
import { fixtureCatalog, scenario } from '../fixtures/catalog.ts';
import { determinismScenario } from './scenarios.ts';

const e = new Engine(determinismScenario(scenario), fixtureCatalog());
e.runUntil(Infinity);
process.stdout.write(`${JSON.stringify({ hash: e.eventHash, count: e.eventCount })}\n`);
