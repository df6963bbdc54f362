// Catalog entries in the database: seeding the built-ins, keeping them read-only, the person's
// own entries, references from scenarios, listing, and the Catalog the engine runs against.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Catalog, builtInCatalog } from '../../core/catalog/index.ts';
import { runScenario } from '../../core/engine/index.ts';
import type { Scenario } from '../../core/model/index.ts';
import { CatalogRepo, ENTRY_KINDS, type EntryKind } from '../../core/store/catalog-repo.ts';
import { type LabDb, openLabDb } from '../../core/store/db.ts';
import { ScenarioRepo } from '../../core/store/scenario-repo.ts';
import { caught } from '../helpers/errors.ts';
import { shortened } from '../helpers/scenarios.ts';

const builtIn = builtInCatalog();
const shippedCount = ENTRY_KINDS.reduce((n, k) => n + builtIn[k].length, 0);

let dir: string;
let lab: LabDb;
let repo: CatalogRepo;
let scenarios: ScenarioRepo;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'pvlab-catalog-'));
  lab = openLabDb(join(dir, 'lab.db'));
  repo = new CatalogRepo(lab);
  scenarios = new ScenarioRepo(lab);
  repo.seedBuiltIns(builtIn);
  scenarios.seedBuiltIns(builtIn);
});
afterEach(() => {
  lab.close();
  rmSync(dir, { recursive: true, force: true });
});

const tableRows = (): unknown[] => lab.db.prepare('SELECT * FROM catalog_entries ORDER BY kind, id').all();
const totalChanges = (): number => (lab.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
const byId = (xs: readonly { id: string }[]): { id: string }[] => [...xs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
const scenario = (id: string): Scenario => builtIn.scenarios.find((s) => s.id === id)!;
const userIds = (kind: EntryKind): string[] => repo.list(kind, { builtIn: false }).items.map((e) => e.id);

describe('seeding built-ins', () => {
  it('writes every built-in entry of every kind, marked built-in', () => {
    const other = openLabDb(join(dir, 'other.db'));
    const report = new CatalogRepo(other).seedBuiltIns(builtIn);
    other.close();
    expect(report).toEqual({ inserted: shippedCount, updated: 0, deleted: 0, unchanged: 0, shadowed: [] });
    for (const kind of ENTRY_KINDS) {
      const page = repo.list(kind, { builtIn: true, limit: 1000 });
      expect(page.total, kind).toBe(builtIn[kind].length);
      expect(page.items.map((e) => e.id).sort(), kind).toEqual(builtIn[kind].map((e) => e.id).sort());
      expect(page.items.every((e) => e.builtIn)).toBe(true);
      expect(repo.list(kind).total).toBe(builtIn[kind].length);
    }
  });

  it('writes nothing when the shipped catalog has not changed', () => {
    const rows = tableRows();
    const changes = totalChanges();
    expect(repo.seedBuiltIns(builtIn)).toEqual({ inserted: 0, updated: 0, deleted: 0, unchanged: shippedCount, shadowed: [] });
    expect(totalChanges()).toBe(changes);
    expect(tableRows()).toEqual(rows);
  });

  it('updates changed built-ins and deletes dropped ones, leaving user entries alone', () => {
    repo.duplicate('profiles', 'xeon-e5-2450', 'my-host');
    const mine = lab.db.prepare("SELECT * FROM catalog_entries WHERE id = 'my-host'").get();
    const [first, ...rest] = builtIn.profiles;
    const dropped = rest.pop()!;
    const next: Catalog = { ...builtIn, profiles: [{ ...first!, name: 'Renamed host' }, ...rest] };
    expect(repo.seedBuiltIns(next)).toEqual({ inserted: 0, updated: 1, deleted: 1, unchanged: shippedCount - 2, shadowed: [] });
    expect(repo.get('profiles', first!.id).name).toBe('Renamed host');
    expect(caught(() => repo.get('profiles', dropped.id)).code).toBe('not-found');
    expect(lab.db.prepare("SELECT * FROM catalog_entries WHERE id = 'my-host'").get()).toEqual(mine);
  });

  it('keeps a user entry whose id a newer PV Lab ships as a built-in, and reports it', () => {
    repo.duplicate('workloads', 'forkwait', 'my-load');
    const shipped = { ...builtIn.workloads[0]!, id: 'my-load', name: 'Shipped later' };
    const report = repo.seedBuiltIns({ ...builtIn, workloads: [...builtIn.workloads, shipped] });
    expect(report.shadowed).toEqual(['workloads/my-load']);
    expect(report.inserted).toBe(0);
    expect(repo.get('workloads', 'my-load')).toMatchObject({ builtIn: false, name: `${builtIn.workloads.find((w) => w.id === 'forkwait')!.name} (copy)` });
  });
});

describe('reading entries', () => {
  it('returns each built-in exactly as shipped', () => {
    for (const kind of ENTRY_KINDS) {
      for (const e of builtIn[kind]) expect(repo.get(kind, e.id)).toEqual(e);
    }
  });

  it('names the close ids when an id is unknown', () => {
    const err = caught(() => repo.get('profiles', 'xeon'));
    expect(err.code).toBe('not-found');
    expect(err.message).toBe('Unknown hardware profile "xeon"');
    expect(err.hint).toContain('xeon-e5-2450');
  });

  it('refuses an unknown kind', () => {
    expect(caught(() => repo.list('gizmos' as EntryKind)).code).toBe('invalid-input');
    expect(caught(() => repo.create('gizmos' as EntryKind, {})).hint).toContain('profiles, hypervisors, oses, addons, workloads');
  });
});

describe("the person's own entries", () => {
  it('create, get, list, update and remove round-trip, with builtIn always false', () => {
    const { builtIn: _b, ...os } = builtIn.oses[0]!;
    const created = repo.create('oses', { ...os, id: 'my-linux', name: 'My Linux', builtIn: true });
    expect(created).toEqual({ ...os, id: 'my-linux', name: 'My Linux', builtIn: false });
    expect(repo.get('oses', 'my-linux')).toEqual(created);
    expect(repo.list('oses', { builtIn: false })).toEqual({ items: [{ id: 'my-linux', name: 'My Linux', builtIn: false }], total: 1 });

    const updated = repo.update('oses', 'my-linux', { ...created, name: 'My Linux 2', bootSeconds: 3 });
    expect(repo.get('oses', 'my-linux')).toEqual(updated);
    expect(updated).toMatchObject({ name: 'My Linux 2', bootSeconds: 3, builtIn: false });
    const { id: _id, ...withoutId } = updated;
    expect(repo.update('oses', 'my-linux', { ...withoutId, name: 'My Linux 3' }).id).toBe('my-linux');
    expect(repo.list('oses', { builtIn: false }).items[0]?.name).toBe('My Linux 3');

    repo.remove('oses', 'my-linux');
    expect(caught(() => repo.get('oses', 'my-linux')).code).toBe('not-found');
    expect(userIds('oses')).toEqual([]);
  });

  it('duplicate copies any entry as a user entry under the new id', () => {
    const original = builtIn.addons[0]!;
    const copy = repo.duplicate('addons', original.id, 'my-addon');
    expect(copy).toEqual({ ...original, id: 'my-addon', name: `${original.name} (copy)`, builtIn: false });
    expect(repo.get('addons', 'my-addon')).toEqual(copy);
    expect(repo.duplicate('addons', 'my-addon', 'my-addon-2').name).toBe(`${original.name} (copy) (copy)`);
  });

  it('built-ins are read-only: update and remove are refused and change nothing', () => {
    const rows = tableRows();
    const p = builtIn.profiles[0]!;
    const upd = caught(() => repo.update('profiles', p.id, { ...p, name: 'Mine now' }));
    expect(upd.code).toBe('read-only');
    expect(upd.hint).toMatch(/duplicate/);
    expect(caught(() => repo.remove('profiles', p.id)).code).toBe('read-only');
    expect(tableRows()).toEqual(rows);
  });

  it('invalid input is refused naming the field, and the table is unchanged', () => {
    const p = builtIn.profiles[0]!;
    repo.duplicate('profiles', p.id, 'my-host');
    const rows = tableRows();
    const bad = caught(() => repo.create('profiles', { ...p, id: 'bad-host', cpu: { ...p.cpu, clockGhz: -1 } }));
    expect(bad.code).toBe('invalid-input');
    expect(bad.message).toBe('The hardware profile "bad-host" is not valid');
    expect(bad.details.join('\n')).toMatch(/^cpu\.clockGhz: /m);
    expect(caught(() => repo.create('profiles', { ...p, id: 'Not An Id' })).details.join('\n')).toMatch(/^id: use lower-case/m);
    expect(caught(() => repo.create('workloads', 42)).code).toBe('invalid-input');
    const upd = caught(() => repo.update('profiles', 'my-host', { ...p, id: 'my-host', memory: { ...p.memory, pageWalkLevels: 9 } }));
    expect(upd.details.join('\n')).toMatch(/^memory\.pageWalkLevels: /m);
    expect(tableRows()).toEqual(rows);
  });

  it('an update cannot change the id', () => {
    const copy = repo.duplicate('hypervisors', 'xen', 'my-xen');
    const err = caught(() => repo.update('hypervisors', 'my-xen', { ...copy, id: 'other-xen' }));
    expect(err.code).toBe('invalid-input');
    expect(err.message).toContain('"other-xen"');
    expect(caught(() => repo.update('hypervisors', 'nobody', copy)).code).toBe('not-found');
  });

  it('an id already used, built-in or not, is a conflict', () => {
    const w = builtIn.workloads[0]!;
    expect(caught(() => repo.create('workloads', w)).code).toBe('conflict');
    repo.duplicate('workloads', w.id, 'mine');
    const rows = tableRows();
    expect(caught(() => repo.create('workloads', { ...w, id: 'mine' })).code).toBe('conflict');
    expect(caught(() => repo.duplicate('workloads', w.id, 'mine')).code).toBe('conflict');
    expect(tableRows()).toEqual(rows);
  });
});

describe('removing an entry a scenario uses', () => {
  const base = scenario('io-emulated-vs-pv');
  const g0 = base.guests[0]!;
  const refs: [EntryKind, string, string, (s: Scenario) => Scenario][] = [
    ['profiles', 'hosts[].profile', base.hosts[0]!.profile, (s) => ({ ...s, hosts: s.hosts.map((h, i) => (i === 0 ? { ...h, profile: 'my-x' } : h)) })],
    ['hypervisors', 'hosts[].hypervisor', base.hosts[0]!.hypervisor!, (s) => ({ ...s, hosts: s.hosts.map((h, i) => (i === 0 ? { ...h, hypervisor: 'my-x' } : h)) })],
    ['oses', 'guests[].os', g0.os, (s) => ({ ...s, guests: s.guests.map((g, i) => (i === 0 ? { ...g, os: 'my-x' } : g)) })],
    ['addons', 'guests[].addons', builtIn.addons[0]!.id, (s) => ({ ...s, guests: s.guests.map((g, i) => (i === 0 ? { ...g, addons: ['my-x'] } : g)) })],
    ['addons', 'timeline[].addon', builtIn.addons[0]!.id, (s) => ({ ...s, timeline: [{ action: 'install-addon', atMs: 1, guest: g0.id, addon: 'my-x' }] })],
    ['workloads', 'guests[].workload.id', g0.workload.id, (s) => ({ ...s, guests: s.guests.map((g, i) => (i === 0 ? { ...g, workload: { ...g.workload, id: 'my-x' } } : g)) })],
  ];
  for (const [kind, via, source, refer] of refs) {
    it(`is refused while a scenario refers to it through ${via}, naming the scenario`, () => {
      repo.duplicate(kind, source, 'my-x');
      scenarios.create({ ...refer(base), id: 'uses-my-x' });
      scenarios.create({ ...base, id: 'does-not-use' });
      const err = caught(() => repo.remove(kind, 'my-x'));
      expect(err.code).toBe('conflict');
      expect(err.message).toContain('"uses-my-x"');
      expect(err.message).not.toContain('does-not-use');
      expect(userIds(kind)).toEqual(['my-x']);
      scenarios.remove('uses-my-x');
      repo.remove(kind, 'my-x');
      expect(userIds(kind)).toEqual([]);
    });
  }
});

describe('listing', () => {
  it('search matches the id or the name, case-insensitively, and takes wildcards literally', () => {
    const page = repo.list('profiles', { search: 'XEON' });
    const expected = builtIn.profiles.filter((p) => `${p.id}\n${p.name}`.toLowerCase().includes('xeon'));
    expect(page.total).toBe(expected.length);
    expect(page.items.map((e) => e.id).sort()).toEqual(expected.map((p) => p.id).sort());
    expect(expected.length).toBeGreaterThan(1);
    expect(repo.list('profiles', { search: 'e5-2450' }).items.map((e) => e.id)).toEqual(['xeon-e5-2450']);
    expect(repo.list('workloads', { search: '%' }).total).toBe(builtIn.workloads.filter((w) => w.name.includes('%')).length);
    expect(repo.list('workloads', { search: '_' }).total).toBe(builtIn.workloads.filter((w) => w.name.includes('_')).length);
    expect(repo.list('workloads', { search: '   ' }).total).toBe(builtIn.workloads.length);
  });

  it('pages cover the whole list once, in name order, with a constant total', () => {
    const all = repo.list('workloads', { limit: 1000 });
    expect(all.items.map((e) => e.name)).toEqual([...all.items.map((e) => e.name)].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    const paged = [];
    for (let offset = 0; offset < all.total; offset += 3) {
      const page = repo.list('workloads', { limit: 3, offset });
      expect(page.total).toBe(all.total);
      expect(page.items.length).toBeLessThanOrEqual(3);
      paged.push(...page.items);
    }
    expect(paged).toEqual(all.items);
    expect(repo.list('workloads', { offset: all.total }).items).toEqual([]);
  });

  it('filters built-ins from user entries', () => {
    repo.duplicate('oses', builtIn.oses[0]!.id, 'my-os');
    expect(repo.list('oses', { builtIn: false }).items.map((e) => e.id)).toEqual(['my-os']);
    expect(repo.list('oses', { builtIn: true }).total).toBe(builtIn.oses.length);
    expect(repo.list('oses').total).toBe(builtIn.oses.length + 1);
  });

  it('refuses a page size or offset that is not a sensible whole number', () => {
    for (const opts of [{ limit: 0 }, { limit: 1.5 }, { limit: 100_000 }, { offset: -1 }, { offset: 0.5 }]) {
      expect(caught(() => repo.list('profiles', opts)).code, JSON.stringify(opts)).toBe('invalid-input');
    }
  });
});

describe('the Catalog for the engine', () => {
  it('holds the built-ins, the user entries and every stored scenario', () => {
    const cat = repo.catalog();
    for (const kind of [...ENTRY_KINDS, 'scenarios'] as const) expect(byId(cat[kind]), kind).toEqual(byId(builtIn[kind]));
    const copy = repo.duplicate('profiles', 'xeon-e5-2450', 'my-host');
    const mine = scenarios.create({ ...scenario('consolidation-8'), id: 'my-scenario' });
    const next = repo.catalog();
    expect(next.profiles).toContainEqual(copy);
    expect(next.profiles).toHaveLength(builtIn.profiles.length + 1);
    expect(next.scenarios).toContainEqual(mine);
  });

  it('runs every built-in scenario to the same event hash as the built-in catalog', () => {
    const cat = repo.catalog();
    for (const s of builtIn.scenarios) {
      const short = shortened(s, 20);
      const expected = runScenario(short, builtIn).metrics;
      const actual = runScenario(short, cat).metrics;
      expect(actual.eventHash, s.id).toBe(expected.eventHash);
      expect(actual.eventCount, s.id).toBe(expected.eventCount);
    }
  });

  it("runs the person's entries: a copy behaves like its original, an edited copy does not", () => {
    const s = { ...scenario('nanobench-pgfault'), durationMs: 5 };
    const expected = runScenario(s, builtIn).metrics;
    expect(expected.eventCount).toBeGreaterThan(1000);
    const wl = repo.duplicate('workloads', s.guests[0]!.workload.id, 'my-pgfault');
    const mine = { ...s, guests: s.guests.map((g) => ({ ...g, workload: { ...g.workload, id: 'my-pgfault' } })) };
    expect(runScenario(mine, repo.catalog()).metrics.eventHash).toBe(expected.eventHash);
    repo.update('workloads', 'my-pgfault', { ...wl, ops: [{ op: 'divFault', count: 1 }] });
    expect(runScenario(mine, repo.catalog()).metrics.eventHash).not.toBe(expected.eventHash);
  });
});
