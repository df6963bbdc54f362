/**
 * Where the PV Lab database lives by default: the folder Electron's `app.getPath('userData')`
 * gives an app named "PV Lab", so the CLI and the desktop app share one database.
 */
import { homedir } from 'node:os';
import { posix, win32 } from 'node:path';

/** Environment variable naming the database file; it wins over the default location. */
export const DB_ENV_VAR = 'PVLAB_DB';
export const APP_NAME = 'PV Lab';
export const DB_FILE_NAME = 'lab.db';

/** Electron's `userData` folder for PV Lab: `appData` (per platform) joined with the app name. */
export function userDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = homedir()): string {
  if (platform === 'win32') {
    // Electron asks Windows for FOLDERID_RoamingAppData, which %APPDATA% names.
    return win32.join(env.APPDATA || win32.join(home, 'AppData', 'Roaming'), APP_NAME);
  }
  if (platform === 'darwin') return posix.join(home, 'Library', 'Application Support', APP_NAME);
  // Linux and the other Unixes: the XDG config folder, as Chromium's GetXDGDirectory finds it.
  return posix.join(env.XDG_CONFIG_HOME || posix.join(home, '.config'), APP_NAME);
}

/** The database file: `$PVLAB_DB` when set, else `lab.db` in PV Lab's `userData` folder. */
export function defaultDbPath(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = homedir()): string {
  const override = env[DB_ENV_VAR];
  if (override) return override;
  return (platform === 'win32' ? win32 : posix).join(userDataDir(env, platform, home), DB_FILE_NAME);
}
