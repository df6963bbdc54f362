/**
 * Opening a lab with the built-ins this PV Lab ships: what the app, `pvlab serve`, tests and tools
 * use. (The CLI opens through `LabStore.open` itself and loads the catalog only when the lab needs
 * seeding: core/cli/session.ts.)
 */
import { builtInCatalog, builtInFingerprint } from '../catalog/index.ts';
import type { OpenOptions } from './db.ts';
import { LabStore } from './index.ts';

export function openLabStore(file: string, opts: OpenOptions = {}): LabStore {
  return LabStore.open(file, { ...opts, builtIns: { fingerprint: builtInFingerprint(), catalog: builtInCatalog } });
}
