import { existsSync, readFileSync } from 'node:fs';
import { type Scenario, PvLabError, parseJsonText, parseScenario } from '../model/index.ts';
import { type Catalog, lookup } from '../catalog/catalog.ts';

/** A scenario named on the command line: a JSON file path, or a built-in id. */
export function loadScenarioRef(ref: string, catalog: Catalog): Scenario {
  return isScenarioFile(ref) ? loadScenarioFile(ref) : (lookup(catalog, 'scenarios', ref) as Scenario);
}

/** Whether a command-line scenario reference names a file rather than an id. */
export function isScenarioFile(ref: string): boolean {
  return ref.endsWith('.json') || ref.includes('/') || ref.includes('\\') || existsSync(ref);
}

/** Read and validate a scenario file. */
export function loadScenarioFile(ref: string): Scenario {
  let text: string;
  try {
    text = readFileSync(ref, 'utf8');
  } catch (e) {
    throw new PvLabError('not-found', `Cannot read ${ref}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, 'check the path, or give a built-in scenario id (`pvlab catalog scenarios`)');
  }
  return parseScenario(parseJsonText(text, ref), ref);
}
