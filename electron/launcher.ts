/**
 * What `npm start` needs to decide before it launches anything: whether the Electron binary is on
 * this machine (without triggering the electron package's download, which `require('electron')`
 * does). Whether a build output is older than its sources is core/serve/stale.ts's. Plain Node, no Electron.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

export type ElectronBinary = { ok: true; path: string } | { ok: false; why: string };

/**
 * Find the Electron executable the way the electron package's index.js does (path.txt names it
 * under dist/, ELECTRON_OVERRIDE_DIST_PATH wins), but report a missing binary instead of downloading it.
 */
export function findElectronBinary(resolve: (id: string) => string, env: NodeJS.ProcessEnv = process.env): ElectronBinary {
  let entry: string;
  try {
    entry = resolve('electron');
  } catch {
    return { ok: false, why: 'the electron package is not installed (run npm install)' };
  }
  const dir = path.dirname(entry);
  const pathFile = path.join(dir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const bin = path.join(override, relative || 'electron');
    return existsSync(bin) ? { ok: true, path: bin } : { ok: false, why: `ELECTRON_OVERRIDE_DIST_PATH names ${bin}, which does not exist` };
  }
  const fix = `on a machine with network access, run "node ${path.join(dir, 'install.js')}" to download it`;
  if (!relative) return { ok: false, why: `the Electron binary was never downloaded (there is no ${pathFile}); ${fix}` };
  const bin = path.join(dir, 'dist', relative);
  return existsSync(bin) ? { ok: true, path: bin } : { ok: false, why: `the Electron binary ${bin} is missing; ${fix}` };
}
