/**
 * Vitest global setup: build the renderer once per test run, with Vite, into a folder of this run
 * only (other runs in the same checkout may be building too, and renderer/dist may be someone's
 * `pvlab serve`). The end-to-end harness serves that folder. A renderer that does not build fails
 * the end-to-end tests with the build's error, never the rest of the suite.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildRenderer } from '../../core/serve/renderer.ts';

/** What the setup hands to the tests (read with `inject('pvlabRenderer')`). */
export type ProvidedRenderer = { dir: string; error: null } | { dir: null; error: string };

declare module 'vitest' {
  export interface ProvidedContext {
    pvlabRenderer: ProvidedRenderer;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const dir = mkdtempSync(join(tmpdir(), 'pvlab-renderer-'));
  try {
    await buildRenderer({ outDir: dir });
    project.provide('pvlabRenderer', { dir, error: null });
  } catch (e) {
    project.provide('pvlabRenderer', { dir: null, error: e instanceof Error ? e.message : String(e) });
  }
  return () => rmSync(dir, { recursive: true, force: true });
}
