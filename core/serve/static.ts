/**
 * The files of the built renderer: find the file a URL path names inside the folder (never
 * outside it, whatever the path or a symbolic link says) and its content type.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

export function contentType(file: string): string {
  return TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

export type Found =
  | { ok: true; file: string; body: Buffer; type: string; isIndex: boolean }
  | { ok: false; status: 400 | 403 | 404; reason: string };

const inside = (root: string, p: string) => p === root || p.startsWith(root.endsWith(sep) ? root : root + sep);

/** The file `pathname` (a URL path, still percent-encoded) names in `root`; `/` is index.html. */
export async function findStatic(root: string, pathname: string): Promise<Found> {
  let path: string;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    return { ok: false, status: 400, reason: 'The path is not valid percent-encoding.' };
  }
  if (path.includes('\0') || path.includes('\\')) return { ok: false, status: 400, reason: 'The path has characters a file name may not have.' };
  if (path === '/' || path === '') path = '/index.html';
  const base = resolve(root);
  const full = resolve(base, `.${path.startsWith('/') ? path : `/${path}`}`);
  if (!inside(base, full)) return { ok: false, status: 403, reason: 'That path is outside the app.' };
  let real: string;
  try {
    real = await realpath(full);
    if (!inside(await realpath(base), real)) return { ok: false, status: 403, reason: 'That path is outside the app.' };
    if (!(await stat(real)).isFile()) return { ok: false, status: 404, reason: 'There is no such file.' };
  } catch {
    return { ok: false, status: 404, reason: 'There is no such file.' };
  }
  const body = await readFile(real);
  return { ok: true, file: real, body, type: contentType(real), isIndex: full === resolve(base, 'index.html') };
}
