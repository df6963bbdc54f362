/**
 * Where the built renderer is, and building it with Vite when it is not there yet (a checkout
 * that never ran the build). Vite is a development dependency: it is loaded only to build.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PvLabError } from '../model/index.ts';
import { isStale } from './stale.ts';

/** The folder holding `renderer/` (the repository, or an installed package), searched upwards from this file. */
export function projectRoot(from: string = dirname(fileURLToPath(import.meta.url))): string | null {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'renderer', 'vite.config.ts')) || existsSync(join(dir, 'renderer', 'dist', 'index.html'))) return dir;
    const up = dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

export interface RendererPaths {
  /** renderer/ (its Vite config is `vite.config.ts` there) */
  source: string;
  /** renderer/dist */
  dist: string;
}

export function rendererPaths(root: string | null = projectRoot()): RendererPaths {
  if (root === null) throw new PvLabError('not-found', 'The PV Lab renderer was not found next to this program', 'run pvlab serve from a PV Lab checkout or package, or pass --static <dir> with a built renderer');
  return { source: join(root, 'renderer'), dist: join(root, 'renderer', 'dist') };
}

/** Build the renderer with Vite into `outDir` (default renderer/dist); Vite's own output goes nowhere but warnings. */
export async function buildRenderer(opts: { paths?: RendererPaths; outDir?: string } = {}): Promise<string> {
  const paths = opts.paths ?? rendererPaths();
  const configFile = join(paths.source, 'vite.config.ts');
  if (!existsSync(configFile)) throw new PvLabError('not-found', `There is no renderer to build at ${paths.source}`, 'pass --static <dir> with a built renderer');
  let vite: typeof import('vite');
  try {
    vite = await import('vite');
  } catch {
    throw new PvLabError('not-found', 'Vite is needed to build the renderer but is not installed', 'run `npm ci` in the PV Lab checkout, or pass --static <dir> with a built renderer');
  }
  const outDir = opts.outDir ?? paths.dist;
  // a production bundle whatever NODE_ENV says (vitest sets "test", which would bundle React's development build)
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await vite.build({ configFile, mode: 'production', logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  } catch (e) {
    throw new PvLabError('internal', `The renderer did not build: ${e instanceof Error ? e.message : String(e)}`, 'fix the error in renderer/ (try `npx vite build renderer`)');
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  if (!existsSync(join(outDir, 'index.html'))) throw new PvLabError('internal', `The renderer build wrote no index.html into ${outDir}`, 'check renderer/vite.config.ts');
  return outDir;
}

/** What the pages are built from: the renderer and the parts of the core it bundles. */
export const RENDERER_SOURCE_PATTERN = /\.(tsx?|css|html|json|svg)$/;
export function rendererSources(paths: RendererPaths): string[] {
  const core = join(paths.source, '..', 'core');
  return [paths.source, join(core, 'contract'), join(core, 'model')];
}

/**
 * Whether renderer/dist is missing or older than its sources in a checkout (a page built before an
 * update refuses the new service's replies as not matching the contract). A package has no
 * sources beside its renderer: never stale.
 */
export function rendererIsStale(paths: RendererPaths): boolean {
  if (!existsSync(join(paths.source, 'vite.config.ts'))) return false;
  return isStale(join(paths.dist, 'index.html'), rendererSources(paths), RENDERER_SOURCE_PATTERN);
}

/** The built renderer, building it first if it is missing or older than its sources in a checkout. */
export async function ensureRenderer(log: (s: string) => void, paths: RendererPaths = rendererPaths()): Promise<string> {
  const built = existsSync(join(paths.dist, 'index.html'));
  if (built && !rendererIsStale(paths)) return paths.dist;
  log(built ? 'pvlab: rebuilding the renderer (its sources changed since renderer/dist was built)…' : 'pvlab: building the renderer once (renderer/dist is missing)…');
  return buildRenderer({ paths });
}
