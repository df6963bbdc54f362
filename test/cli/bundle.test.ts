// The installed `pvlab` is a bundle (scripts/build-cli.ts, package.json "bin"): build it the same way
// into test-results/ and run it as a process, so a bundle that cannot start, misses a chunk, or
// cannot find its worker thread, package.json or migrations fails here. (No timings are asserted:
// `npm run bench` prints the start-up time.)
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinAsConst, lazyImports } from '../../scripts/lazy-builtins.ts';

const root = new URL('../..', import.meta.url).pathname;
// two folders below the root, like dist/core/cli: the bundle finds package.json and migrations/ from there
const out = join(root, 'test-results', 'cli-bundle');
const dbDir = mkdtempSync(join(tmpdir(), 'pvlab-bundle-'));
const db = join(dbDir, 'lab.db');

const pvlab = (...args: string[]) => {
  const r = spawnSync(process.execPath, [join(out, 'pvlab.js'), ...args], { encoding: 'utf8', env: { ...process.env, PVLAB_DB: db }, timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

beforeAll(() => {
  rmSync(out, { recursive: true, force: true });
  execFileSync(process.execPath, [join(root, 'scripts', 'build-cli.ts'), out], { stdio: 'pipe' });
}, 60_000);
afterAll(() => rmSync(dbDir, { recursive: true, force: true }));

describe('the bundled pvlab (package.json "bin")', () => {
  it('is what package.json installs, with the worker threads beside it', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin: { pvlab: string } };
    expect(pkg.bin.pvlab).toBe('dist/core/cli/pvlab.js');
    for (const f of ['pvlab.js', 'worker.js', 'replay-worker.js', 'job-worker.js']) expect(existsSync(join(out, f)), f).toBe(true);
    expect(readFileSync(join(out, 'pvlab.js'), 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
  });

  it('holds the fingerprint of the built-in catalog it bundles (a lab opened from the sources is not seeded again)', async () => {
    const { builtInFingerprint } = await import('../../core/catalog/index.ts');
    const chunks = readdirSync(out).filter((f) => f.endsWith('.js')).map((f) => readFileSync(join(out, f), 'utf8'));
    expect(chunks.some((text) => text.includes(`"${builtInFingerprint()}"`))).toBe(true);
  });

  it('prints its version from package.json', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
    expect(pvlab('--version')).toMatchObject({ code: 0, out: `${pkg.version}\n` });
  });

  it('lists the scenarios, the lessons and the runs of a new lab', () => {
    const scenarios = pvlab('catalog', 'scenarios');
    expect(scenarios.err).toBe('');
    expect(scenarios.code).toBe(0);
    expect(scenarios.out).toMatch(/^id\s+title\s+hosts\s+guests\n/);
    expect(scenarios.out).toContain('consolidation-8');
    const lessons = pvlab('lessons', '--json');
    expect(lessons.code, lessons.err).toBe(0);
    expect((JSON.parse(lessons.out) as unknown[]).length).toBeGreaterThan(5);
    expect(pvlab('runs')).toMatchObject({ code: 0, out: expect.stringContaining('no runs yet') as unknown });
  });

  it('runs a scenario in its worker thread and records it', () => {
    const run = pvlab('run', 'nanobench-pgfault', '--json');
    expect(run.code, run.err).toBe(0);
    expect(JSON.parse(run.out)).toMatchObject({ scenarioId: 'nanobench-pgfault', eventCount: expect.any(Number) as unknown });
    expect(pvlab('runs').out).toMatch(/#1\s+completed\s+nanobench-pgfault/);
  });
});

describe("the bundle's lazy built-ins (scripts/lazy-builtins.ts)", () => {
  it('loads a module on first use, and leaves imports of other values as they are', () => {
    expect(lazyImports("import { parentPort } from 'node:worker_threads';")).toBeNull();
    expect(lazyImports("import { join } from 'node:path';")).toBeNull();
    const named = lazyImports("import { type Hash, createHash as hash } from 'node:crypto';\nhash('sha256');")!;
    expect(named).not.toMatch(/^import /m);
    expect(named).toContain("function hash(...args) { const f = process.getBuiltinModule('node:crypto').createHash;");
    expect(lazyImports("import * as zlib from 'node:zlib';")).toContain("const zlib = __pvlabLazy('node:zlib');");
  });
});

describe("the bundle's built-ins without ES facades (scripts/lazy-builtins.ts)", () => {
  it('takes every form of import of a built-in from process.getBuiltinModule, and nothing else', () => {
    expect(builtinAsConst('import fs from "node:fs";')).toBe('const fs = process.getBuiltinModule("node:fs");');
    expect(builtinAsConst('import * as zlib from "node:zlib";')).toBe('const zlib = process.getBuiltinModule("node:zlib");');
    expect(builtinAsConst('import { join, resolve as res } from "node:path";')).toBe('const { join, resolve: res } = process.getBuiltinModule("node:path");');
    expect(builtinAsConst('import path, { dirname } from "node:path";')).toBe('const path = process.getBuiltinModule("node:path"); const { dirname } = path;');
    expect(builtinAsConst('import process$1 from "node:process";')).toBe('const process$1 = process.getBuiltinModule("node:process");');
    expect(builtinAsConst('import { readFile } from "node:fs/promises";')).toBe('const { readFile } = process.getBuiltinModule("node:fs/promises");');
    expect(builtinAsConst('import { x } from "./pvlab-model-abc.js";')).toBeNull();
    expect(builtinAsConst('import Database from "better-sqlite3";')).toBeNull();
  });

  it('leaves no ES import of a built-in in the bundle', () => {
    const files = readdirSync(out).filter((n) => n.endsWith('.js'));
    expect(files).toContain('pvlab.js');
    for (const f of files) expect(readFileSync(join(out, f), 'utf8'), f).not.toMatch(/^import [^\n]* from "node:/m);
  });
});
