/**
 * Hash routes, so the same build works from app:// and from `pvlab serve`:
 * #/start, #/hardware, #/scenarios, #/scenarios/ID, #/runs, #/runs/ID, #/replay/ID, #/compare?runs=1,2, #/settings.
 */
import { useEffect, useState } from 'react';

export interface Route {
  page: string;
  /** Path segments after the page. */
  args: string[];
  query: URLSearchParams;
}

export function parseRoute(hash: string): Route {
  const [path = '', q = ''] = hash.replace(/^#\/?/, '').split('?');
  const [page = 'start', ...args] = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { page, args, query: new URLSearchParams(q) };
}

export function navigate(path: string): void {
  location.hash = path.startsWith('#') ? path : `#${path}`;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const on = () => setRoute(parseRoute(location.hash));
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}
