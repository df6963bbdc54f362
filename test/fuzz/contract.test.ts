// Every method of the contract, called with inputs generated from its input schema, with valid
// inputs mutated, and with junk, over the app's transports (structured clone, raw, JSON as over
// `pvlab serve`): each call ends in a value of its output schema or a typed error, within a time
// and memory bound, never a crash or a hang, and a refused call writes nothing.
import { isAbsolute, join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { type Input, METHODS, type Method, contract } from '../../core/contract/index.ts';
import { ENTRY_KINDS } from '../../core/store/catalog-repo.ts';
import { builtIn } from '../helpers/lab.ts';
import { type Hook, fromSchema, junkValue, mutated } from './arbitraries.ts';
import { TRANSPORTS, casesFor, fcParams, timeoutFor } from './harness.ts';
import { type FuzzLab, USER_SCENARIO, catalog, exercise, fuzzLab, scenarioDoc, userEntry } from './lab-fixture.ts';

let f: FuzzLab;
beforeAll(async () => void (f = await fuzzLab('contract')), 120_000);
afterAll(() => {
  f.tally.report();
  f.done();
});

/** Valid inputs of each method, over the set-up's runs and entries: mutations of these reach past validation. */
type Seeds = { [M in Method]: (l: FuzzLab) => Input<M>[] };
const tiny = (id: string) => builtIn(id, 1);
const SEEDS: Seeds = {
  'catalog.list': () => [{ kind: 'profiles' }, { kind: 'addons', search: 'virtio', limit: 5, offset: 2 }, { kind: 'oses', builtIn: false }],
  'catalog.get': () => [{ kind: 'oses', id: 'linux-6' }, { kind: 'workloads', id: userEntry('workloads') }],
  'catalog.all': () => [{}],
  'catalog.create': () => ENTRY_KINDS.map((kind) => ({ kind, entry: { ...catalog[kind][1]!, id: `fuzz-new-${kind}` } }) as Input<'catalog.create'>),
  'catalog.update': () => ENTRY_KINDS.map((kind) => ({ kind, id: userEntry(kind), entry: { ...catalog[kind][2]!, id: userEntry(kind) } }) as Input<'catalog.update'>),
  'catalog.duplicate': () => [{ kind: 'hypervisors', id: 'kvm-qemu', newId: 'fuzz-kvm-copy' }],
  'catalog.remove': () => [{ kind: 'addons', id: userEntry('addons') }, { kind: 'profiles', id: 'xeon-gold-6142' }],
  'scenarios.list': () => [{}, { search: 'lab', builtIn: true, limit: 3 }],
  'scenarios.get': () => [{ id: 'consolidation-8' }, { id: USER_SCENARIO }],
  'scenarios.create': () => [{ scenario: { ...tiny('consolidation-8'), id: 'fuzz-created' } }],
  'scenarios.update': () => [{ id: USER_SCENARIO, scenario: { ...tiny('lab-nic-paths'), id: USER_SCENARIO } }],
  'scenarios.remove': () => [{ id: USER_SCENARIO }, { id: 'consolidation-8' }],
  'scenarios.import': () => [{ json: JSON.stringify({ ...tiny('lab-clock-sources'), id: 'fuzz-imported' }), source: 'fuzz.json', replace: true }],
  'scenarios.export': () => [{ id: 'lab-nested-paging' }],
  'scenarios.check': () => [{ id: 'consolidation-8' }, { scenario: tiny('lab-pv-spinlocks'), estimate: false }],
  'lessons.list': () => [{ lang: 'sv' }, {}],
  'calibration.run': () => [{}],
  'runs.start': () => [{ scenario: tiny('consolidation-8'), record: false }, { scenarioId: 'forkwait-bt-vs-vtx', confirm: true, title: 'cancelled at once' }],
  'runs.sweep': () => [{ scenario: tiny('lab-nic-paths'), vary: [{ path: 'durationMs', values: [1, 2] }], record: false, jobId: 'fuzz-sweep' }],
  'runs.cancel': (l) => [{ runId: l.runs.recorded }],
  'runs.wait': (l) => [{ runId: l.runs.plain }],
  'runs.list': (l) => [{}, { status: 'completed', limit: 2 }, { parentId: l.runs.recorded, search: 'consolidation' }],
  'runs.get': (l) => [{ runId: l.runs.recorded }],
  'runs.remove': () => [{ runId: 9999 }],
  'runs.tag': (l) => [{ runId: l.runs.plain, tag: 'fuzz' }, { runId: l.runs.plain, tag: 'fuzz', remove: true }],
  'runs.note': (l) => [{ runId: l.runs.addons, text: 'a note' }],
  'runs.compare': (l) => [{ a: l.runs.recorded, b: l.runs.plain }],
  'runs.compareMany': (l) => [{ runIds: [l.runs.recorded, l.runs.plain, l.runs.addons] }],
  'runs.series': (l) => [{ runId: l.runs.recorded }],
  'replay.open': (l) => [{ runId: l.runs.recorded }],
  'replay.events': (l) => [{ runId: l.runs.recorded, event: 100, before: 5, after: 5 }, { runId: l.runs.addons, tNs: l.tEnd / 2 }],
  'replay.list': (l) => [{ runId: l.runs.recorded, from: 10, limit: 50, filter: { kinds: ['exit'], guest: 1 } }],
  'replay.find': (l) => [{ runId: l.runs.recorded, from: -1, filter: { kinds: ['hypercall'] } }, { runId: l.runs.recorded, from: 500, filter: {}, direction: -1 }],
  'replay.state': (l) => [{ runId: l.runs.recorded, event: 1000, live: true, jobId: 'fuzz-state' }, { runId: l.runs.addons, event: 0, live: false }],
  'replay.timeline': (l) => [{ runId: l.runs.recorded, t0: 0, t1: l.tEnd, buckets: 50, by: 'guest' }],
  'replay.lanes': (l) => [{ runId: l.runs.recorded, t0: 0, t1: l.tEnd, buckets: 100 }],
  'replay.markers': (l) => [{ runId: l.runs.addons }],
  'replay.verify': (l) => [{ runId: l.runs.recorded, jobId: 'fuzz-verify' }],
  'replay.branch': (l) => [
    { runId: l.runs.recorded, tNs: l.tEnd / 3, change: { change: 'set-device', guest: 'web', device: 'nic', model: 'virtio-net' } },
    { runId: l.runs.addons, tNs: 1e6, change: { change: 'install-addon', guest: 'wrong-hypervisor', addon: 'xen-win-pv-9.0' } },
  ],
  'lab.status': () => [{}],
  'lab.acknowledge': () => [{}],
  'reports.run': (l) => [{ runId: l.runs.recorded, format: 'md' }, { runId: l.runs.addons, baseline: l.runs.recorded, format: 'html', lang: 'sv' }],
  'reports.compare': (l) => [{ runIds: [l.runs.recorded, l.runs.plain], format: 'csv' }, { runIds: [l.runs.addons, l.runs.recorded, l.runs.plain], format: 'json' }],
  'reports.sweep': () => [{ tag: 'sweep-1', format: 'md' }],
  'bundles.exportScenario': () => [{ id: USER_SCENARIO }, { id: 'lab-planned-maintenance' }],
  'bundles.importScenario': (l) => [{ text: l.files.scenarioBundle, replace: true }],
  'bundles.exportRun': (l) => [{ runId: l.runs.plain }, { runId: l.runs.recorded, to: join(l.lab.dir, 'out.pvrun.zip') }],
  'bundles.importRun': (l) => [{ base64: l.files.runBundle }, { from: l.files.runBundleFile }],
  'lab.backup': (l) => [{ to: join(l.lab.dir, 'backup.db') }],
  'lab.restore': (l) => [{ from: l.files.backup }],
  'jobs.cancel': () => [{ jobId: 'fuzz-verify' }],
};

/** Steer generated values towards what exists, so that more calls get past "not found". */
function hooks(l: FuzzLab): Hook {
  const runIds = fc.constantFrom(l.runs.recorded, l.runs.plain, l.runs.addons, 9999);
  const entryIds = ENTRY_KINDS.flatMap((k) => [catalog[k][0]!.id, userEntry(k)]);
  const scenarioIds = [...catalog.scenarios.map((s) => s.id), USER_SCENARIO];
  const guests = ['web', 'db', 'game', 'current', 'wrong-hypervisor', 'foreign-nic'];
  const times = fc.constantFrom(0, 1, 1e6, l.tEnd / 2, l.tEnd, l.tEnd * 10);
  const byKey: Record<string, fc.Arbitrary<unknown>> = {
    runId: runIds, a: runIds, b: runIds, runIds, parentId: runIds,
    scenarioId: fc.constantFrom(...scenarioIds),
    id: fc.constantFrom(...scenarioIds, ...entryIds),
    newId: fc.constantFrom('fuzz-copy', 'kvm-qemu'),
    guest: fc.constantFrom(...guests), host: fc.constantFrom('host', 'kvm', 'xen'),
    addon: fc.constantFrom(...catalog.addons.map((a) => a.id)),
    // (not scaled up: a later case may replay the run, and a case has seconds, not minutes)
    scenario: scenarioDoc(2, false),
    json: scenarioDoc(2, false).map((d) => JSON.stringify(d, (_, v: unknown) => (typeof v === 'bigint' ? Number(v) : v)) ?? ''),
    tNs: times, t0: times, t1: times,
    event: fc.constantFrom(0, 1, 100, 5000, 10 ** 7),
    jobId: fc.constantFrom('job-a', 'job-b'),
    path: fc.constantFrom('durationMs', 'hosts.0.cores', 'guests.web.vcpus', 'guests.*.devices.nic', 'migration.maxDowntimeMs', 'seed', 'guests.9.id', 'title.x'),
    values: fc.constantFrom(1, 2, 'virtio-net', true, 1e9),
    tag: fc.constantFrom('baseline', 'sweep-1', 'sweep-4', 'x'.repeat(65)),
    text: fc.constantFrom(l.files.scenarioBundle, l.files.scenarioBundle.replace('"id"', '"ID"'), l.files.scenarioBundle.slice(0, 200)),
    base64: fc.constantFrom(l.files.runBundle, l.files.runBundle.slice(0, 1000), 'UEsDBA==', '!!!'),
    // `to` is a host (migrate) or a path (backups, bundles); `from` an event number or a path
    to: fc.oneof(fc.constantFrom('host', 'kvm', 'xen'), paths(l)), from: fc.oneof(fc.constantFrom(-1, 0, 100, 10 ** 7), paths(l)),
  };
  return (key) => (key !== undefined && Object.hasOwn(byKey, key) ? byKey[key] : undefined);
}

/** Paths for backups and bundles: in the lab's folder, missing folders, the lab itself, a folder, a relative one. */
const paths = (l: FuzzLab) =>
  fc.constantFrom(
    join(l.lab.dir, 'backup-1.db'), join(l.lab.dir, 'bundle-1.pvrun.zip'), l.files.backup, l.files.runBundleFile, l.lab.file, l.lab.dir,
    join(l.lab.dir, 'missing', 'x.db'), join(l.lab.dir, 'nul\0.db'), 'relative.db', join(l.lab.dir, 'case.json'),
  );

/** Expensive methods (calibration reruns every measurement) get fewer cases. */
const CAPS: Partial<Record<Method, number>> = { 'calibration.run': 3 };

describe('every contract method, fuzzed', () => {
  it('has valid seed inputs for every method', () => {
    for (const m of METHODS) for (const input of SEEDS[m](f)) contract[m].input.parse(input);
  });

  for (const method of METHODS) {
    const cases = Math.min(casesFor(0.6 / METHODS.length, 3), CAPS[method] ?? Infinity);
    it(`${method}: a value or a typed error, bounded, no write when refused (${cases} cases)`, async () => {
      const schema = fromSchema(contract[method].input, hooks(f));
      const input = fc.oneof(
        { weight: 3, arbitrary: mutated(fc.constantFrom(...SEEDS[method](f)), 2) },
        { weight: 3, arbitrary: schema },
        { weight: 1, arbitrary: mutated(schema, 2) },
        { weight: 1, arbitrary: junkValue },
      );
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...TRANSPORTS), input, async (transport, value) => {
          f.tally.case();
          await exercise(f, transport, method, tame(method, value));
        }),
        fcParams(cases),
      );
    }, timeoutFor(cases, 3000));
  }
});

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Sweeps of more variants than this are cut down (see below). */
const SWEEP_VARIANTS = 16;

/**
 * Inputs that would be valid but cost more than a fuzz case may: the set-up's runs are not removed,
 * and a sweep keeps at most SWEEP_VARIANTS variants (each variant is a run).
 */
function tame(method: Method, value: unknown): unknown {
  if (method === 'runs.remove' && isRecord(value) && Object.values(f.runs).includes(value.runId as number)) return { ...value, runId: 9999 };
  // backups and bundles are written and read only inside the lab's temp folder (the fuzz may run as root)
  if (isRecord(value) && (typeof value.to === 'string' || typeof value.from === 'string')) {
    const inside = (p: unknown) => (typeof p !== 'string' || !isAbsolute(p) || p.startsWith(`${f.lab.dir}/`) || p === f.lab.dir ? p : join(f.lab.dir, 'elsewhere', p.replace(/[^\w.-]/g, '_').slice(0, 200)));
    return { ...value, ...('to' in value ? { to: inside(value.to) } : {}), ...('from' in value ? { from: inside(value.from) } : {}) };
  }
  if (method !== 'runs.sweep' || !isRecord(value) || !Array.isArray(value.vary)) return value;
  let budget = SWEEP_VARIANTS;
  const vary = value.vary.map((axis: unknown) => {
    if (!isRecord(axis) || !Array.isArray(axis.values) || axis.values.length > 100) return axis;
    const keep = Math.max(1, Math.min(axis.values.length, Math.floor(budget)));
    budget /= keep;
    return { ...axis, values: axis.values.slice(0, keep) };
  });
  return { ...value, vary };
}
