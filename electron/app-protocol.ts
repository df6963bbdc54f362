/**
 * The app:// protocol: the window loads the renderer build from here rather than from file:// (which
 * would give every file read access to the disk and an opaque origin) or from a local server (which
 * other programs on the machine could reach). Only files under the renderer folder are served, each
 * with a strict Content-Security-Policy. The handler takes a fetch Request and returns a Response, so
 * tests run it without Electron.
 */
import { promises as fsp } from 'node:fs';
import type { CustomScheme } from 'electron';
import { isInside, resolveAssetPath } from './asset-path.ts';
import { contentType } from '../core/serve/static.ts';

export const APP_SCHEME = 'app';
export const APP_HOST = 'pvlab';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/index.html`;

/** Whether a URL is one of our own pages (the renderer served over app://pvlab). Origins of custom
 * schemes are opaque to WHATWG URL, so scheme and host are compared instead.. */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}

/** Only our own files, no eval, no plugins, no <base> rewriting, never framed; inline styles for React's style props. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Registered before `ready`. `standard` gives app://pvlab a real origin (relative URLs, storage),
 * `secure` treats it like https; Vite's `<script type="module" crossorigin>` is fetched in CORS mode,
 * which Chromium allows only for schemes marked `corsEnabled`.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true },
};

/** The same content types `pvlab serve` sends (one table, core/serve/static.ts). */
export const contentTypeOf = contentType;

/** Headers every answer carries, errors included, so no response from app:// escapes the policy. */
function baseHeaders(contentType: string): Headers {
  return new Headers({
    'Content-Type': contentType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-cache',
  });
}

function refuse(status: number, reason: string): Response {
  return new Response(`${status}: ${reason}\n`, { status, headers: baseHeaders('text/plain; charset=utf-8') });
}

/** The handler for `protocol.handle('app', …)`, serving files under `root` (the renderer build folder). */
export function assetResponder(root: string): (request: Request) => Promise<Response> {
  let realRoot: string | null = null;
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'only GET and HEAD');
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return refuse(400, 'not a URL');
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return refuse(404, `only ${APP_ORIGIN} is served`);
    const asset = resolveAssetPath(root, url.pathname);
    if (!asset.ok) return refuse(asset.status, asset.reason);
    let real: string;
    try {
      realRoot ??= await fsp.realpath(root);
      real = await fsp.realpath(asset.file);
    } catch {
      return refuse(404, 'no such file in the renderer build');
    }
    // The path check is lexical; a symlink inside the build folder could still point anywhere.
    if (!isInside(realRoot, real)) return refuse(403, 'the file links outside the renderer folder');
    try {
      const stat = await fsp.stat(real);
      if (!stat.isFile()) return refuse(404, 'not a file');
      const body = request.method === 'HEAD' ? null : new Uint8Array(await fsp.readFile(real));
      const headers = baseHeaders(contentTypeOf(real));
      headers.set('Content-Length', String(stat.size));
      return new Response(body, { status: 200, headers });
    } catch {
      return refuse(404, 'the file could not be read');
    }
  };
}
