// Opening a lab seeds the built-in entries and scenarios only when the file was last seeded by a
// different built-in catalog (its fingerprint in lab_meta): otherwise every command would validate
// the whole catalog again.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { builtInCatalog, builtInFingerprint } from '../../core/catalog/index.ts';
import { LabStore } from '../../core/store/index.ts';
import { openLabStore } from '../../core/store/open.ts';

const dir = mkdtempSync(join(tmpdir(), 'pvlab-seed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const titleOf = (store: LabStore, id: string) => (store.lab.db.prepare('SELECT title FROM scenarios WHERE id = ?').get(id) as { title: string }).title;

describe('seeding the built-ins', () => {
  it('records the fingerprint it seeded, skips seeding while it matches, and seeds again when it differs', () => {
    const file = join(dir, 'lab.db');
    let store = openLabStore(file);
    const shipped = titleOf(store, 'consolidation-8');
    expect(store.lab.db.prepare("SELECT value FROM lab_meta WHERE key = 'builtins'").get()).toEqual({ value: builtInFingerprint() });
    // a row changed behind PV Lab's back stays changed while the fingerprint matches: nothing was compared
    store.lab.db.prepare("UPDATE scenarios SET title = 'changed', json = json_set(json, '$.title', 'changed') WHERE id = 'consolidation-8'").run();
    store.close();
    store = openLabStore(file);
    expect(titleOf(store, 'consolidation-8')).toBe('changed');
    // a file seeded by another PV Lab is brought up to this one's built-ins
    store.lab.db.prepare("UPDATE lab_meta SET value = 'another build' WHERE key = 'builtins'").run();
    store.close();
    store = openLabStore(file);
    expect(titleOf(store, 'consolidation-8')).toBe(shipped);
    expect(store.lab.db.prepare("SELECT value FROM lab_meta WHERE key = 'builtins'").get()).toEqual({ value: builtInFingerprint() });
    store.close();
  });

  it('is a stable hash of the shipped entries and their schemas', () => {
    expect(builtInFingerprint()).toMatch(/^[0-9a-f]{64}$/);
    expect(builtInFingerprint()).toBe(builtInFingerprint());
  });

  it('can be left to the opener, which loads the catalog only for a lab that needs it (the CLI)', () => {
    const file = join(dir, 'deferred.db');
    const builtIns = { fingerprint: builtInFingerprint(), catalog: null };
    let store = LabStore.open(file, { builtIns });
    expect(store.builtInsPending).toBe(true);
    expect(store.lab.db.prepare('SELECT count(*) AS n FROM scenarios').get()).toEqual({ n: 0 });
    store.seedBuiltIns(builtInCatalog());
    expect(store.builtInsPending).toBe(false);
    expect(titleOf(store, 'consolidation-8')).toBe(builtInCatalog().scenarios.find((x) => x.id === 'consolidation-8')!.title);
    store.close();
    // opened again with the same built-ins, nothing is pending and nothing needs the catalog
    store = LabStore.open(file, { builtIns });
    expect(store.builtInsPending).toBe(false);
    store.close();
    // another PV Lab's built-ins are pending again
    store = LabStore.open(file, { builtIns: { fingerprint: 'another build', catalog: null } });
    expect(store.builtInsPending).toBe(true);
    store.close();
  });
});
