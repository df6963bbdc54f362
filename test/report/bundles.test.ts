// Bundles between two fresh labs: a scenario bundle runs to the same events elsewhere; a run
// bundle arrives with identical chunks and hashes, replays and verifies; a bundle changed
// anywhere — a byte, a chunk, the scenario, the manifest — is refused with the reason, and a
// refused or failed import leaves nothing behind.
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabClient } from '../../core/contract/index.ts';
import type { HardwareProfile } from '../../core/model/index.ts';
import { readZip, writeZip } from '../../core/report/zip.ts';
import { inProcessClient } from '../../core/service/transport.ts';
import { tempLab } from '../helpers/lab.ts';
import { type Lab, pvScenario, record } from './fixture.ts';

const LIMITS = { maxEntries: 100_000, maxEntryBytes: 1e8, maxTotalBytes: 1e9 };
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

/** A bundle's files, changed by `edit`, zipped again with a manifest that matches (or not). */
function rezip(bundle: Uint8Array, edit: (files: Map<string, Uint8Array>) => void, fixManifest: boolean): Uint8Array {
  const files = new Map(readZip(bundle, LIMITS).map((e) => [e.name, e.data]));
  edit(files);
  if (fixManifest) {
    const m = JSON.parse(new TextDecoder().decode(files.get('manifest.json'))) as { files: { name: string; bytes: number; sha256: string }[] };
    m.files = m.files.filter((f) => files.has(f.name)).map((f) => ({ ...f, bytes: files.get(f.name)!.length, sha256: sha(files.get(f.name)!) }));
    files.set('manifest.json', new TextEncoder().encode(JSON.stringify(m)));
  }
  return writeZip([...files].map(([name, data]) => ({ name, data })));
}

const json = (files: Map<string, Uint8Array>, name: string) => JSON.parse(new TextDecoder().decode(files.get(name))) as Record<string, unknown>;
const put = (files: Map<string, Uint8Array>, name: string, v: unknown) => files.set(name, new TextEncoder().encode(JSON.stringify(v)));

describe('bundles', () => {
  let a: Lab;
  let b: Lab;
  let apiA: LabClient;
  let apiB: LabClient;
  let runA: number;
  let bundle: Uint8Array;
  beforeAll(async () => {
    a = tempLab();
    b = tempLab();
    apiA = inProcessClient(a.svc);
    apiB = inProcessClient(b.svc);
    // a scenario of the person's own, with a catalog entry of their own: the bundle must carry it
    const profile = (await apiA.call('catalog.get', { kind: 'profiles', id: pvScenario().hosts[0]!.profile })) as HardwareProfile;
    await apiA.call('catalog.create', { kind: 'profiles', entry: { ...profile, id: 'my-server', name: 'My server', builtIn: false } });
    const s = pvScenario(40);
    await apiA.call('scenarios.create', { scenario: { ...s, id: 'mine', title: 'Mine', hosts: s.hosts.map((h) => ({ ...h, profile: 'my-server' })) } });
    const { runId } = await apiA.call('runs.start', { scenarioId: 'mine' });
    await apiA.call('runs.wait', { runId });
    runA = runId;
    await apiA.call('runs.tag', { runId, tag: 'homework' });
    await apiA.call('runs.note', { runId, text: 'my note' });
    const f = await apiA.call('bundles.exportRun', { runId });
    bundle = new Uint8Array(Buffer.from(f.encoding === 'base64' ? f.base64 : '', 'base64'));
  });
  afterAll(() => {
    a.done();
    b.done();
  });

  it('carries a scenario and its catalog entries to another lab, where the same seed gives the same events', async () => {
    const f = await apiA.call('bundles.exportScenario', { id: 'mine' });
    expect(f).toMatchObject({ encoding: 'text', fileName: 'mine.pvscenario' });
    const text = f.encoding === 'text' ? f.text : '';
    const r = await apiB.call('bundles.importScenario', { text });
    expect(r.scenario.id).toBe('mine');
    expect(r.catalogAdded).toEqual(['profiles/my-server']);
    expect(r.warnings).toEqual([]);
    const { runId } = await apiB.call('runs.start', { scenarioId: 'mine' });
    const there = await apiB.call('runs.wait', { runId });
    const here = await apiA.call('runs.get', { runId: runA });
    expect(there.metrics!.eventHash).toBe(here.eventHash);
    expect(there.eventCount).toBe(here.eventCount);
    // importing it again changes nothing; a changed copy needs replace
    expect((await apiB.call('bundles.importScenario', { text })).catalogAdded).toEqual([]);
    await apiB.call('scenarios.update', { id: 'mine', scenario: { ...r.scenario, title: 'Changed here' } });
    await expect(apiB.call('bundles.importScenario', { text })).rejects.toMatchObject({ code: 'conflict' });
    expect((await apiB.call('bundles.importScenario', { text, replace: true })).replaced).toEqual(['scenarios/mine']);
  });

  it('refuses a scenario bundle whose scenario or catalog was changed, and a plain scenario file', async () => {
    const f = await apiA.call('bundles.exportScenario', { id: 'mine' });
    const doc = JSON.parse(f.encoding === 'text' ? f.text : '') as { scenario: { seed: number }; catalog: { profiles: { cores?: number; name: string }[] } };
    const seed = structuredClone(doc);
    seed.scenario.seed += 1;
    await expect(apiB.call('bundles.importScenario', { text: JSON.stringify(seed) })).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringMatching(/scenario does not match its hash/) });
    const cat = structuredClone(doc);
    cat.catalog.profiles[0]!.name = 'Renamed';
    await expect(apiB.call('bundles.importScenario', { text: JSON.stringify(cat) })).rejects.toMatchObject({ message: expect.stringMatching(/catalog entries do not match/) });
    await expect(apiB.call('bundles.importScenario', { text: JSON.stringify(doc.scenario) })).rejects.toMatchObject({ message: 'This is a scenario file, not a scenario bundle' });
    await expect(apiB.call('bundles.importScenario', { text: 'not json' })).rejects.toMatchObject({ code: 'invalid-input' });
  });

  it('moves a recorded run whole: the same chunks and hashes, and it replays and verifies in the other lab', async () => {
    const before = (await apiB.call('runs.list', {})).total;
    const r = await apiB.call('bundles.importRun', { base64: b64(bundle) });
    expect((await apiB.call('runs.list', {})).total).toBe(before + 1);
    const src = await apiA.call('runs.get', { runId: runA });
    const dst = await apiB.call('runs.get', { runId: r.runId });
    for (const k of ['eventHash', 'chainHash', 'scenarioHash', 'eventCount', 'seed', 'engineVersion', 'chunks', 'checkpoints', 'bytes', 'title', 'status', 'metrics', 'tags'] as const) expect(dst[k], k).toEqual(src[k]);
    expect(dst.notes.map((n) => n.text)).toEqual(['my note']);
    expect(dst.parentId).toBeNull();
    expect(await apiB.call('runs.series', { runId: r.runId })).toEqual(await apiA.call('runs.series', { runId: runA }));
    const evA = await apiA.call('replay.events', { runId: runA, event: 1000, after: 50 });
    const evB = await apiB.call('replay.events', { runId: r.runId, event: 1000, after: 50 });
    expect(evB.events).toEqual(evA.events);
    expect(await apiB.call('replay.verify', { runId: r.runId })).toMatchObject({ ok: true, wholeRun: true, eventsChecked: src.eventCount });
    // and the imported run reports like the original
    const repA = await apiA.call('reports.run', { runId: runA, format: 'json', lang: 'en' });
    const repB = await apiB.call('reports.run', { runId: r.runId, format: 'json', lang: 'en' });
    const strip = (t: string) => t.replace(new RegExp(`"id": (${runA}|${r.runId}),`, 'g'), '"id": 0,');
    expect(strip(repB.encoding === 'text' ? repB.text : '')).toBe(strip(repA.encoding === 'text' ? repA.text : ''));
  });

  it('moves a branch with its branch point, and it verifies without its parent', async () => {
    const br = await apiA.call('replay.branch', { runId: runA, tNs: 5e6, change: { change: 'host-failure', host: pvScenario().hosts[1]!.id } });
    await apiA.call('runs.wait', { runId: br.runId });
    const f = await apiA.call('bundles.exportRun', { runId: br.runId });
    const r = await apiB.call('bundles.importRun', { base64: f.encoding === 'base64' ? f.base64 : '' });
    const d = await apiB.call('runs.get', { runId: r.runId });
    expect(d.branch).toMatchObject({ parentId: null, eventIndex: br.eventIndex });
    expect(await apiB.call('replay.verify', { runId: r.runId })).toMatchObject({ ok: true });
  });

  const refused = async (bytes: Uint8Array, reason: RegExp) => {
    const before = (await apiB.call('runs.list', {})).total;
    await expect(apiB.call('bundles.importRun', { base64: b64(bytes) })).rejects.toMatchObject({ code: 'invalid-input', message: reason });
    expect((await apiB.call('runs.list', {})).total).toBe(before);
  };

  it('refuses a bundle with a flipped byte (its CRC)', async () => {
    const bad = bundle.slice();
    bad[Math.floor(bad.length / 2)]! ^= 0x40;
    await refused(bad, /CRC|damaged|not where/);
  });

  it('refuses a chunk changed under a manifest that was not updated', async () => {
    await refused(rezip(bundle, (f) => { const c = f.get('chunks/000001.bin')!.slice(); c[c.length - 1]! ^= 1; f.set('chunks/000001.bin', c); }, false), /chunks\/000001\.bin does not match its SHA-256/);
  });

  it('refuses a chunk changed with the manifest updated to match: its events fail their hash', async () => {
    const other = rezip(bundle, (f) => f.set('chunks/000001.bin', f.get('chunks/000002.bin')!), true);
    await refused(other, /chunks\/000001\.bin/);
  });

  it('refuses a changed scenario, a dropped chunk, an extra file and a run.json that disagrees with the manifest', async () => {
    await refused(rezip(bundle, (f) => { const r = json(f, 'run.json'); put(f, 'run.json', { ...r, seed: 7 === r.seed ? 8 : 7, scenario: { ...(r.scenario as object), seed: 99 } }); }, true), /scenario does not match its hash/);
    await refused(rezip(bundle, (f) => { f.delete('chunks/000002.bin'); }, true), /chunks\/000002\.bin is missing/);
    await refused(rezip(bundle, (f) => { f.set('extra.txt', new Uint8Array([1])); }, false), /extra\.txt is not listed/);
    await refused(rezip(bundle, (f) => { const r = json(f, 'run.json'); put(f, 'run.json', { ...r, eventCount: 5 }); }, true), /disagree/);
    await refused(rezip(bundle, (f) => { const r = json(f, 'run.json'); put(f, 'run.json', { ...r, status: 'running' }); }, true), /schema/);
    await refused(new Uint8Array([1, 2, 3]), /too short/);
  });

  it('writes nothing when the import fails half-way', async () => {
    const before = (await apiB.call('runs.list', {})).total;
    b.store.lab.db.exec("CREATE TEMP TRIGGER fail_import BEFORE INSERT ON checkpoints BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    try {
      await expect(apiB.call('bundles.importRun', { base64: b64(bundle) })).rejects.toThrow();
    } finally {
      b.store.lab.db.exec('DROP TRIGGER fail_import');
    }
    expect((await apiB.call('runs.list', {})).total).toBe(before);
    const orphans = b.store.lab.db.prepare('SELECT count(*) AS n FROM chunks WHERE run_id NOT IN (SELECT id FROM runs)').get() as { n: number };
    expect(orphans.n).toBe(0);
  });

  it('exports to a path and imports from one, for the command line', async () => {
    const file = join(a.dir, 'run.pvrun.zip');
    const f = await apiA.call('bundles.exportRun', { runId: runA, to: file });
    expect(f).toMatchObject({ encoding: 'file', path: file, bytes: bundle.length });
    writeFileSync(join(a.dir, 'not-a-bundle.zip'), 'hello');
    await expect(apiB.call('bundles.importRun', { from: join(a.dir, 'not-a-bundle.zip') })).rejects.toMatchObject({ code: 'invalid-input' });
    expect((await apiB.call('bundles.importRun', { from: file })).eventCount).toBe((await apiA.call('runs.get', { runId: runA })).eventCount);
    await expect(apiB.call('bundles.importRun', { from: 'relative.zip' })).rejects.toMatchObject({ code: 'invalid-input' });
  });

  it('refuses to bundle a run without a recording', async () => {
    const { runId } = await apiA.call('runs.start', { scenario: pvScenario(2), record: false });
    await apiA.call('runs.wait', { runId });
    await expect(apiA.call('bundles.exportRun', { runId })).rejects.toMatchObject({ code: 'invalid-input' });
    void record;
  });
});
