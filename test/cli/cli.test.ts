import { mkdtempSync, readFileSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { jsonSchemas } from '../../core/cli/schemas.ts';
import { runCli } from '../helpers/cli.ts';
import { RunMetrics } from '../../core/model/index.ts';
import type { Catalog } from '../../core/catalog/catalog.ts';
import { fixtureCatalog, scenario } from '../fixtures/catalog.ts';

// runs are recorded: keep them out of the user's lab database
const dbDir = mkdtempSync(join(tmpdir(), 'pvlab-cli-db-'));
process.env.PVLAB_DB = join(dbDir, 'lab.db');

const sc = scenario({
  id: 'fixture-mix',
  durationMs: 20,
  guests: [
    { id: 'nested', host: 'h', os: 'linux', vcpus: 2, memoryMiB: 512, mode: 'hw-nested', workload: { id: 'mix' } },
    { id: 'web', host: 'h', os: 'linux', vcpus: 1, memoryMiB: 512, mode: 'hw-nested', devices: { nic: 'e1000' }, workload: { id: 'web' } },
  ],
});
const catalog = (): Catalog => ({ ...fixtureCatalog(), scenarios: [sc] });

const cli = (...argv: string[]) => runCli(argv, catalog);

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'pvlab-cli-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  rmSync(dbDir, { recursive: true, force: true });
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('pvlab run', () => {
  it('prints a readable summary of a built-in scenario', async () => {
    const r = await cli('run', 'fixture-mix');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/guest\s+host\s+mode\s+units/);
    expect(r.out).toMatch(/nested\s+h\s+hw-nested/);
    expect(r.out).toMatch(/stream hash [0-9a-f]{16}/);
    expect(r.out).toMatch(/web: exits \[MMIO/);
  });

  it('prints metrics JSON that matches the documented schema, and writes --out', async () => {
    const dir = tmp();
    const out = join(dir, 'm.json');
    const r = await cli('run', 'fixture-mix', '--json', '--seed', '9', '--out', out);
    expect(r.code).toBe(0);
    const m = RunMetrics.parse(JSON.parse(r.out));
    expect(m.seed).toBe(9);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(m);
  });

  it('runs a scenario file the same way as the built-in it copies', async () => {
    const dir = tmp();
    const file = join(dir, 'mine.json');
    writeFileSync(file, JSON.stringify(sc));
    const a = JSON.parse((await cli('run', file, '--json')).out) as { eventHash: string };
    const b = JSON.parse((await cli('run', 'fixture-mix', '--json')).out) as { eventHash: string };
    expect(a.eventHash).toBe(b.eventHash);
  });

  it('rejects a bad scenario file with the path and the problem, exit 2, writing nothing', async () => {
    const dir = tmp();
    const file = join(dir, 'bad.json');
    const out = join(dir, 'never.json');
    writeFileSync(file, JSON.stringify({ ...sc, guests: [{ ...sc.guests[0], vcpus: 0 }] }));
    const r = await cli('run', file, '--out', out);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/is not a valid PV Lab scenario/);
    expect(r.err).toMatch(/guests\.0\.vcpus: /);
    expect(existsSync(out)).toBe(false);
  });

  it('says what is wrong with JSON syntax, unknown ids, impossible modes and bad seeds', async () => {
    const dir = tmp();
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{"schemaVersion": 1,');
    expect((await cli('run', file)).err).toMatch(/is not valid JSON/);
    const unknown = await cli('run', 'no-such-scenario');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/Unknown scenario "no-such-scenario"/);
    const bad = join(dir, 'mode.json');
    writeFileSync(bad, JSON.stringify({ ...sc, hosts: [{ id: 'h', profile: 'no-ept', hypervisor: 'test-kvm' }] }));
    const mode = await cli('run', bad);
    expect(mode.code).toBe(2);
    expect(mode.err).toMatch(/guests\.nested\.mode: .*needs nested paging/);
    expect((await cli('run', 'fixture-mix', '--seed', 'x')).code).toBe(2);
  });
});

describe('pvlab catalog, check, schema', () => {
  it('lists each kind, as a table or JSON, and refuses an unknown kind', async () => {
    const r = await cli('catalog', 'profiles');
    expect(r.out).toMatch(/test-host/);
    const j = JSON.parse((await cli('catalog', 'workloads', '--json')).out) as { id: string }[];
    expect(j.map((w) => w.id)).toContain('mix');
    expect((await cli('catalog')).out).toMatch(/scenarios \(1\)/);
    const bad = await cli('catalog', 'gpus');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/use one of: profiles, hypervisors/);
  });

  it('reports devices, drivers and the path of every operation', async () => {
    const r = await cli('check', 'fixture-mix');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/OK — the scenario can run/);
    expect(r.out).toMatch(/nic\s+Intel e1000 \(emulated\)/);
    expect(r.out).toMatch(/pageFault\s+\[hw\] page fault: handled in the guest \(nested paging\)/);
    const j = JSON.parse((await cli('check', 'fixture-mix', '--json')).out) as { ok: boolean; guests: unknown[] };
    expect(j.ok).toBe(true);
    expect(j.guests).toHaveLength(2);
  });

  it('exits 2 from check when the scenario cannot run, listing why', async () => {
    const dir = tmp();
    const bad = join(dir, 'mode.json');
    writeFileSync(bad, JSON.stringify({ ...sc, guests: [{ ...sc.guests[0], mode: 'trap-emulate' }] }));
    const r = await cli('check', bad);
    expect(r.code).toBe(2);
    expect(r.out).toMatch(/error\s+guests\.nested\.mode: x86 is not classically virtualizable/);
  });

  it('writes the JSON Schemas, and the committed copies in docs/ are current', async () => {
    const dir = tmp();
    expect((await cli('schema', '--out', dir)).code).toBe(0);
    for (const [name, schema] of Object.entries(jsonSchemas())) {
      expect(JSON.parse(readFileSync(join(dir, name), 'utf8'))).toEqual(schema);
      const committed = new URL(`../../docs/${name}`, import.meta.url);
      expect(JSON.parse(readFileSync(committed, 'utf8')), `docs/${name} is stale: run npm run schema`).toEqual(schema);
    }
  });

  it('has --help on every command', async () => {
    for (const cmd of ['run', 'runs', 'replay', 'verify', 'branch', 'scenarios', 'catalog', 'check', 'calibrate', 'schema']) {
      const r = await cli(cmd, '--help');
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/Usage: pvlab/);
    }
  });
});
