/**
 * Which file an app:// URL path names inside the renderer build, or why it names none. Pure (no
 * file system, no Electron) so every traversal trick can be tested; the protocol handler adds the
 * one check that needs the disk (a symlink pointing out of the folder).
 */
import * as path from 'node:path';

export type AssetPath =
  | { ok: true; file: string }
  | { ok: false; status: 400 | 403 | 404; reason: string };

/** The page the window opens; also what `app://pvlab/` serves. */
export const INDEX_FILE = 'index.html';

/**
 * Map a URL pathname (still percent-encoded, as `new URL(...).pathname` gives it) to a file under
 * `root`. Refuses anything that could name a file outside `root` once decoded: `..` and `.` segments
 * (plain or encoded), backslashes (a separator on Windows), drive letters and colons, NUL bytes.
 * `pathApi` lets tests check the Windows rules on any machine.
 */
export function resolveAssetPath(root: string, pathname: string, pathApi: path.PlatformPath = path): AssetPath {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { ok: false, status: 400, reason: 'the path is not valid percent-encoding' };
  }
  // Decoding is done once: a second round would turn %252e into %2e into '.', so '%' is refused too.
  if (/[\\:\0%]/.test(decoded)) return { ok: false, status: 403, reason: 'the path holds a backslash, colon, NUL or percent sign' };
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.')) return { ok: false, status: 403, reason: 'the path climbs out of the renderer folder' };
  if (segments.length === 0) segments.push(INDEX_FILE);
  const base = pathApi.resolve(root);
  const file = pathApi.resolve(base, ...segments);
  // Belt and braces: whatever the rules above missed, the resolved file must still sit under root.
  if (!isInside(base, file, pathApi)) return { ok: false, status: 403, reason: 'the path resolves outside the renderer folder' };
  return { ok: true, file };
}

/** Whether `child` is `parent` itself or lies under it (both absolute and normalized). */
export function isInside(parent: string, child: string, pathApi: path.PlatformPath = path): boolean {
  const rel = pathApi.relative(parent, child);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${pathApi.sep}`) && !pathApi.isAbsolute(rel));
}
