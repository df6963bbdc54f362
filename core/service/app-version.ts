/** The PV Lab version, from package.json (beside core/ in the sources, two folders up in the build). */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function readVersion(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const up of ['../..', '../../..']) {
    const file = join(here, up, 'package.json');
    if (!existsSync(file)) continue;
    try {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'pvlab' && typeof pkg.version === 'string') return pkg.version;
    } catch {
      // an unreadable package.json: fall through to the next candidate
    }
  }
  return '0.0.0';
}

export const APP_VERSION = readVersion();
