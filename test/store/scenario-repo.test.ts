// Scenarios in the database: seeding the built-ins, keeping them read-only, the person's own
// scenarios, listing, and JSON import/export.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { builtInCatalog } from '../../core/catalog/index.ts';
import { Scenario } from '../../core/model/index.ts';
import { type LabDb, openLabDb } from '../../core/store/db.ts';
import { ScenarioRepo } from '../../core/store/scenario-repo.ts';
import { caught } from '../helpers/errors.ts';

const builtIn = builtInCatalog();
const shipped = builtIn.scenarios;

let dir: string;
let lab: LabDb;
let repo: ScenarioRepo;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pvlab-scenarios-'));
  lab = openLabDb(join(dir, 'lab.db'));
  repo = new ScenarioRepo(lab);
  repo.seedBuiltIns(builtIn);
});
afterEach(() => {
  lab.close();
  rmSync(dir, { recursive: true, force: true });
});

const tableRows = (): unknown[] => lab.db.prepare('SELECT * FROM scenarios ORDER BY id').all();
const totalChanges = (): number => (lab.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
const timestamps = (id: string) => lab.db.prepare('SELECT created_at AS createdAt, updated_at AS updatedAt FROM scenarios WHERE id = ?').get(id) as { createdAt: string; updatedAt: string };
const base = shipped.find((s) => s.id === 'io-emulated-vs-pv')!;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe('seeding built-ins', () => {
  it('writes every built-in scenario, marked built-in, and nothing more when reseeded', () => {
    const other = openLabDb(join(dir, 'other.db'));
    expect(new ScenarioRepo(other).seedBuiltIns(builtIn)).toEqual({ inserted: shipped.length, updated: 0, deleted: 0, unchanged: 0, shadowed: [] });
    other.close();
    const page = repo.list({ builtIn: true, limit: 1000 });
    expect(page.total).toBe(shipped.length);
    expect(page.items.map((s) => s.id).sort()).toEqual(shipped.map((s) => s.id).sort());

    const rows = tableRows();
    const changes = totalChanges();
    expect(repo.seedBuiltIns(builtIn)).toEqual({ inserted: 0, updated: 0, deleted: 0, unchanged: shipped.length, shadowed: [] });
    expect(totalChanges()).toBe(changes);
    expect(tableRows()).toEqual(rows);
  });

  it("updates changed built-ins, deletes dropped ones, and leaves the person's scenarios alone", () => {
    repo.create({ ...base, id: 'mine' });
    const mine = lab.db.prepare("SELECT * FROM scenarios WHERE id = 'mine'").get();
    const [first, ...rest] = shipped;
    const dropped = rest.pop()!;
    const report = repo.seedBuiltIns({ ...builtIn, scenarios: [{ ...first!, title: 'Retitled' }, ...rest] });
    expect(report).toEqual({ inserted: 0, updated: 1, deleted: 1, unchanged: shipped.length - 2, shadowed: [] });
    expect(repo.get(first!.id).title).toBe('Retitled');
    expect(caught(() => repo.get(dropped.id)).code).toBe('not-found');
    expect(lab.db.prepare("SELECT * FROM scenarios WHERE id = 'mine'").get()).toEqual(mine);
  });

  it('keeps a scenario of the person whose id is shipped later as a built-in, and reports it', () => {
    repo.create({ ...base, id: 'mine', title: 'My own' });
    const report = repo.seedBuiltIns({ ...builtIn, scenarios: [...shipped, { ...base, id: 'mine', title: 'Shipped' }] });
    expect(report.shadowed).toEqual(['mine']);
    expect(repo.get('mine').title).toBe('My own');
    expect(repo.list({ builtIn: false }).items.map((s) => s.id)).toEqual(['mine']);
  });
});

describe('reading', () => {
  it('returns each built-in exactly as shipped and summarizes it', () => {
    const { items } = repo.list({ limit: 1000 });
    for (const s of shipped) {
      expect(repo.get(s.id)).toEqual(s);
      const summary = items.find((i) => i.id === s.id);
      expect(summary).toMatchObject({ id: s.id, title: s.title, builtIn: true, hosts: s.hosts.length, guests: s.guests.length });
      expect(summary?.updatedAt).toMatch(ISO);
    }
  });

  it('names the close ids when an id is unknown', () => {
    const err = caught(() => repo.get('nanobench-pgfalt'));
    expect(err.code).toBe('not-found');
    expect(err.message).toBe('Unknown scenario "nanobench-pgfalt"');
    expect(err.hint).toContain('(close: nanobench-pgfault, ');
    expect(caught(() => repo.get('nanobench')).hint).toContain('nanobench-callret');
  });
});

describe("the person's scenarios", () => {
  it('create, get, list, update and remove round-trip, keeping the creation time', () => {
    const created = repo.create({ ...base, id: 'mine', title: 'My I/O test' });
    expect(repo.get('mine')).toEqual(created);
    expect(repo.list({ builtIn: false }).items).toEqual([
      { id: 'mine', title: 'My I/O test', builtIn: false, hosts: base.hosts.length, guests: base.guests.length, updatedAt: timestamps('mine').updatedAt },
    ]);
    const { createdAt } = timestamps('mine');
    expect(createdAt).toMatch(ISO);

    const updated = repo.update('mine', { ...created, title: 'Renamed', guests: created.guests.slice(0, 1) });
    expect(repo.get('mine')).toEqual(updated);
    expect(repo.list({ builtIn: false }).items[0]).toMatchObject({ title: 'Renamed', guests: 1 });
    expect(timestamps('mine').createdAt).toBe(createdAt);
    expect(timestamps('mine').updatedAt >= createdAt).toBe(true);
    const { id: _id, ...withoutId } = updated;
    expect(repo.update('mine', { ...withoutId, durationMs: 7 }).durationMs).toBe(7);

    repo.remove('mine');
    expect(caught(() => repo.get('mine')).code).toBe('not-found');
    expect(repo.list({ builtIn: false }).total).toBe(0);
  });

  it('fills in defaults the input leaves out', () => {
    const { description: _d, seed: _s, timeline: _t, ...bare } = base;
    const created = repo.create({ ...bare, id: 'bare', guests: base.guests.map(({ addons: _a, disabled: _x, privileged: _p, ...g }) => g) });
    expect(created).toMatchObject({ description: '', seed: 1, timeline: [] });
    expect(created.guests.every((g) => g.addons.length === 0 && g.privileged === false)).toBe(true);
  });

  it('duplicate copies any scenario as the person’s own', () => {
    const copy = repo.duplicate(base.id, 'my-copy');
    expect(copy).toEqual({ ...base, id: 'my-copy', title: `${base.title} (copy)` });
    expect(repo.list({ builtIn: false }).items.map((s) => s.id)).toEqual(['my-copy']);
  });

  it('built-ins are read-only: update and remove are refused and change nothing', () => {
    const rows = tableRows();
    const upd = caught(() => repo.update(base.id, { ...base, title: 'Mine now' }));
    expect(upd.code).toBe('read-only');
    expect(upd.hint).toMatch(/duplicate/);
    expect(caught(() => repo.remove(base.id)).code).toBe('read-only');
    expect(tableRows()).toEqual(rows);
  });

  it('invalid input is refused naming the field, and the table is unchanged', () => {
    repo.create({ ...base, id: 'mine' });
    const rows = tableRows();
    const bad = caught(() => repo.create({ ...base, id: 'bad', guests: base.guests.map((g, i) => (i === 1 ? { ...g, vcpus: 0 } : g)) }));
    expect(bad.code).toBe('invalid-input');
    expect(bad.message).toBe('Scenario "bad" is not a valid PV Lab scenario');
    expect(bad.details.join('\n')).toMatch(/^guests\.1\.vcpus: /m);
    expect(caught(() => repo.create({ ...base, id: 'bad', durationMs: -5 })).details.join('\n')).toMatch(/^durationMs: /m);
    expect(caught(() => repo.create('a scenario')).code).toBe('invalid-input');
    const upd = caught(() => repo.update('mine', { ...base, id: 'mine', hosts: [] }));
    expect(upd.details.join('\n')).toMatch(/^hosts: /m);
    expect(tableRows()).toEqual(rows);
  });

  it('an update cannot change the id, nor reach a scenario that is not stored', () => {
    repo.create({ ...base, id: 'mine' });
    const err = caught(() => repo.update('mine', { ...base, id: 'yours' }));
    expect(err.code).toBe('invalid-input');
    expect(err.message).toContain('"yours"');
    expect(caught(() => repo.update('nobody', base)).code).toBe('not-found');
    expect(caught(() => repo.remove('nobody')).code).toBe('not-found');
  });

  it('an id already used, built-in or not, is a conflict', () => {
    expect(caught(() => repo.create(base)).code).toBe('conflict');
    repo.create({ ...base, id: 'mine' });
    const rows = tableRows();
    expect(caught(() => repo.create({ ...base, id: 'mine' })).code).toBe('conflict');
    expect(caught(() => repo.duplicate(base.id, 'mine')).code).toBe('conflict');
    expect(tableRows()).toEqual(rows);
  });
});

describe('listing', () => {
  it('search matches the id or the title, case-insensitively', () => {
    const expected = shipped.filter((s) => `${s.id}\n${s.title}`.toLowerCase().includes('nanobench'));
    const page = repo.list({ search: 'NanoBench' });
    expect(page.total).toBe(expected.length);
    expect(page.items.map((s) => s.id).sort()).toEqual(expected.map((s) => s.id).sort());
    expect(repo.list({ search: 'consolidation-8' }).items.map((s) => s.id)).toEqual(['consolidation-8']);
    expect(repo.list({ search: '%' }).total).toBe(shipped.filter((s) => s.title.includes('%')).length);
  });

  it('pages cover the whole list once, in title order, with a constant total', () => {
    for (let i = 0; i < 7; i++) repo.create({ ...base, id: `mine-${i}`, title: `Mine ${i}` });
    const all = repo.list({ limit: 1000 });
    expect(all.total).toBe(shipped.length + 7);
    const paged = [];
    for (let offset = 0; offset < all.total; offset += 4) {
      const page = repo.list({ limit: 4, offset });
      expect(page.total).toBe(all.total);
      paged.push(...page.items);
    }
    expect(paged).toEqual(all.items);
    expect(repo.list({ builtIn: false, limit: 3, offset: 6 }).items.map((s) => s.id)).toEqual(['mine-6']);
    expect(caught(() => repo.list({ limit: 0 })).code).toBe('invalid-input');
  });
});

describe('JSON import and export', () => {
  it('exports pretty JSON in the schema’s key order that imports back to the same scenario and text', () => {
    const text = repo.exportJson(base.id);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "schemaVersion": 1,\n  "id": "io-emulated-vs-pv",');
    const doc = JSON.parse(text) as Record<string, unknown>;
    expect(Object.keys(doc)).toEqual(Object.keys(Scenario.shape).filter((k) => k in doc)); // optional settings appear only when set
    expect(doc).toEqual(base);

    const mine = text.replace('"id": "io-emulated-vs-pv"', '"id": "my-io"');
    expect(repo.importJson(mine, 'my-io.json')).toEqual({ scenario: { ...base, id: 'my-io' }, replaced: false });
    expect(repo.exportJson('my-io')).toBe(mine);
    expect(repo.list({ builtIn: false }).items.map((s) => s.id)).toEqual(['my-io']);
  });

  it('fills in defaults of a minimal file', () => {
    const minimal = { schemaVersion: 1, id: 'tiny', title: 'Tiny', durationMs: 10, hosts: [{ id: 'h', profile: 'xeon-e5-2450', hypervisor: 'kvm-qemu' }], guests: [{ id: 'g', host: 'h', os: 'linux-6', vcpus: 1, memoryMiB: 512, mode: 'hw-nested', workload: { id: 'specint' } }] };
    repo.importJson(JSON.stringify(minimal), 'tiny.json');
    const exported = JSON.parse(repo.exportJson('tiny')) as Scenario;
    expect(exported).toMatchObject({ description: '', seed: 1, timeline: [] });
    expect(exported.guests[0]).toMatchObject({ devices: {}, addons: [], disabled: [], privileged: false, workload: { id: 'specint', params: {} } });
  });

  it('an id already stored is a conflict unless replacing; a built-in is never replaced', () => {
    repo.importJson(JSON.stringify({ ...base, id: 'mine' }), 'mine.json');
    const rows = tableRows();
    const again = JSON.stringify({ ...base, id: 'mine', title: 'Second version' });
    const err = caught(() => repo.importJson(again, 'mine.json'));
    expect(err.code).toBe('conflict');
    expect(err.message).toContain('"mine"');
    expect(tableRows()).toEqual(rows);
    expect(repo.importJson(again, 'mine.json', { replace: true }).replaced).toBe(true);
    expect(repo.get('mine').title).toBe('Second version');

    const builtInRows = tableRows();
    const ro = caught(() => repo.importJson(JSON.stringify({ ...base, title: 'Hijacked' }), 'evil.json', { replace: true }));
    expect(ro.code).toBe('read-only');
    expect(ro.message).toContain('evil.json');
    expect(tableRows()).toEqual(builtInRows);
  });

  it('refuses a file that is not JSON or not a scenario, naming the file and the field, and stores nothing', () => {
    const rows = tableRows();
    const notJson = caught(() => repo.importJson('{ "id": "half', 'broken.json'));
    expect(notJson.code).toBe('invalid-input');
    expect(notJson.message).toMatch(/^broken\.json is not valid JSON/);
    const notScenario = caught(() => repo.importJson(JSON.stringify({ ...base, id: 'x', hosts: undefined }), 'nohosts.json'));
    expect(notScenario.message).toBe('nohosts.json is not a valid PV Lab scenario');
    expect(notScenario.details.join('\n')).toMatch(/^hosts: /m);
    expect(tableRows()).toEqual(rows);
  });
});
