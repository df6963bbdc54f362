/**
 * Whether a build output is older than its sources, by modification time: `npm start` rebuilds the
 * desktop shell and the pages with it, and `pvlab serve` the pages, in a checkout that changed.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';

/** The newest modification time of the files under `dirs` whose names match `pattern`, skipping `skip` folders. */
export function newestSource(dirs: readonly string[], pattern: RegExp, skip: ReadonlySet<string> = new Set(['node_modules', 'dist'])): number {
  let newest = 0;
  const walk = (dir: string) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!skip.has(entry.name)) walk(full);
      } else if (entry.isFile() && pattern.test(entry.name)) {
        newest = Math.max(newest, statSync(full).mtimeMs);
      }
    }
  };
  for (const d of dirs) walk(d);
  return newest;
}

/** Whether `output` is missing or older than the newest matching file under `sources`. */
export function isStale(output: string, sources: readonly string[], pattern: RegExp): boolean {
  if (!existsSync(output)) return true;
  return newestSource(sources, pattern) > statSync(output).mtimeMs;
}
