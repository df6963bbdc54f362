/**
 * What guards `pvlab serve`: a random token made at each start (in the printed URL's query, then
 * in a cookie the page's assets carry), the Host header (against DNS rebinding) and the Origin
 * header (against other sites' pages), and the security headers of every response.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A fresh token: 24 random bytes, base64url. */
export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Compare two strings in constant time (of their hashes, so the length leaks nothing either). */
export function sameToken(given: string, expected: string): boolean {
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

/** Cookies ignore ports, so each server names its own: two servers on one machine do not clash. */
export function cookieName(port: number): string {
  return `pvlab_token_${port}`;
}

export function tokenCookie(port: number, token: string): string {
  return `${cookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

/** The value of one cookie of a request, if it is there. */
export function readCookie(req: IncomingMessage, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return undefined;
}

export type Verdict = { ok: true; fromQuery: boolean } | { ok: false; status: 401 | 403; reason: string };

/**
 * Check a request (a page, an asset or a WebSocket upgrade): the Host must name this server on
 * loopback, an Origin (when sent) must be this server, and the token must come in the query or
 * in this server's cookie.
 */
export function checkRequest(req: IncomingMessage, url: URL, port: number, token: string): Verdict {
  const hosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  const host = req.headers.host;
  if (host === undefined || !hosts.includes(host)) {
    return { ok: false, status: 403, reason: `This server answers only to http://127.0.0.1:${port}/ (the Host header was ${host === undefined ? 'missing' : `"${host}"`}).` };
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !hosts.some((h) => origin === `http://${h}`)) {
    return { ok: false, status: 403, reason: 'Requests from other sites are refused.' };
  }
  const fromQuery = url.searchParams.get('token');
  if (fromQuery !== null && sameToken(fromQuery, token)) return { ok: true, fromQuery: true };
  const fromCookie = readCookie(req, cookieName(port));
  if (fromCookie !== undefined && sameToken(fromCookie, token)) return { ok: true, fromQuery: false };
  return {
    ok: false,
    status: 401,
    reason: 'PV Lab needs the token of this server: open the whole URL that `pvlab serve` printed (it ends in ?token=…). A restarted server has a new token.',
  };
}

/** The Content-Security-Policy of every response. */
export function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers sent with every response. */
export function securityHeaders(port: number): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(port),
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    // the page URL carries the token: never send it on
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
  };
}
