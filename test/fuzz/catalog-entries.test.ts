// Catalog entries — hardware profiles, hypervisors, guest OSes, PV add-ons, workloads — made from
// the built-ins with fields of the wrong type, edge numbers, long strings, unknown keys, missing
// fields, or handed over as another kind. `catalog.create` and `catalog.update` accept exactly what
// the entry's schema accepts (under an id not taken) and store it as given; a refused call writes
// nothing. An accepted entry put into a scenario gets through the check, and a run of it starts and
// ends when cancelled, whatever numbers it holds.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TypedEntry } from '../../core/contract/index.ts';
import type { Scenario } from '../../core/model/index.ts';
import { ENTRY_KINDS, type EntryKind } from '../../core/store/catalog-repo.ts';
import { builtIn } from '../helpers/lab.ts';
import { mutate, mutation } from './arbitraries.ts';
import { TRANSPORTS, asJson, asSent, casesFor, fcParams, show, timeoutFor } from './harness.ts';
import { type FuzzLab, catalog, checkThenStart, exercise, fuzzLab, userEntry } from './lab-fixture.ts';

let f: FuzzLab;
beforeAll(async () => void (f = await fuzzLab('catalog-entries')), 120_000);
afterAll(() => {
  f.tally.report();
  f.done();
});

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Mutations that often keep an entry valid: numbers at their edges (huge, tiny, zero), which the engine must survive. */
const numberEdges = fc.array(mutation.map((m) => ({ ...m, kind: 'number-edge' as const })), { minLength: 1, maxLength: 4 });

/** A built-in entry of `kind`, under a fresh id (or its own), with up to three mutations, or edge numbers. */
const entryOf = (kind: EntryKind) =>
  fc
    .tuple(
      fc.constantFrom(...(catalog[kind] as readonly unknown[])),
      fc.oneof({ weight: 5, arbitrary: fc.integer({ min: 1, max: 1e9 }) }, { weight: 1, arbitrary: fc.constant(null) }),
      fc.oneof(fc.constant([]), fc.array(mutation, { minLength: 1, maxLength: 3 }), numberEdges),
    )
    .map(([e, n, ms]) => ms.reduce<unknown>((acc, m) => mutate(acc, m), n === null ? e : { ...(e as object), id: `fuzz-e${n}` }));

/** A scenario that uses the entry: consolidation-8 (short, or whole and cancelled at once) with the entry in its first host or guest. */
function scenarioUsing(kind: EntryKind, id: string, short: boolean): Scenario {
  const s = builtIn('consolidation-8', short ? 2 : undefined);
  const [host, ...hosts] = s.hosts;
  const [web, ...guests] = s.guests;
  switch (kind) {
    case 'profiles': return { ...s, hosts: [{ ...host!, profile: id }, ...hosts] };
    case 'hypervisors': return { ...s, hosts: [{ ...host!, hypervisor: id }, ...hosts] };
    case 'oses': return { ...s, guests: [{ ...web!, os: id }, ...guests] };
    case 'addons': return { ...s, guests: [{ ...web!, addons: [id] }, ...guests] };
    case 'workloads': return { ...s, guests: [{ ...web!, workload: { ...web!.workload, id } }, ...guests] };
  }
}

const taken = new Set<string>();
const cases = casesFor(0.25, 50);

describe('catalog entries, fuzzed', () => {
  it(`create and update accept what the schema accepts, store it as given, and what uses it runs (${cases} cases)`, async () => {
    for (const kind of ENTRY_KINDS) for (const e of [...catalog[kind], { id: userEntry(kind) }]) taken.add(`${kind}/${e.id}`);
    const kindPair = fc.tuple(fc.constantFrom(...ENTRY_KINDS), fc.constantFrom(...ENTRY_KINDS)).chain(([kind, from]) =>
      fc.tuple(fc.constant(kind), fc.oneof({ weight: 4, arbitrary: entryOf(kind) }, { weight: 1, arbitrary: entryOf(from) })),
    );
    await fc.assert(
      fc.asyncProperty(
        kindPair, fc.constantFrom(...TRANSPORTS),
        fc.record({ update: fc.integer({ min: 0, max: 2 }), idForm: fc.integer({ min: 0, max: 5 }), use: fc.boolean(), short: fc.boolean(), confirm: fc.boolean() }),
        async ([kind, entry], transport, o) => {
          f.tally.case();
          if (o.update === 0) {
            // update the user entry of this kind; the entry's id is its own (most), left out, or another
            const id = userEntry(kind);
            const body = !isRecord(entry) ? entry : o.idForm === 0 ? (({ id: _, ...rest }) => rest)(entry) : o.idForm === 1 ? entry : { ...entry, id };
            const input = { kind, id, entry: body };
            const valid = TypedEntry.safeParse(asSent(transport, { kind, entry: body }));
            const out = await exercise(f, transport, 'catalog.update', input);
            const what = `update ${kind} ${show(body)}`;
            if (!valid.success) expect(out.ok ? 'updated' : out.error.code, what).toBe('invalid-input');
            else if (valid.data.entry.id !== id) expect(out.ok ? 'updated' : out.error.code, what).toMatch(/invalid-input|conflict/);
            else {
              expect(out.ok, `${what}: a valid update refused: ${out.ok ? '' : out.error.message}`).toBe(true);
              const back = await exercise(f, 'clone', 'catalog.get', { kind, id });
              expect(back.ok && asJson(back.value), what).toEqual(asJson({ ...valid.data.entry, builtIn: false }));
            }
            return;
          }
          const valid = TypedEntry.safeParse(asSent(transport, { kind, entry }));
          const out = await exercise(f, transport, 'catalog.create', { kind, entry });
          const what = `create ${kind} ${show(entry)}`;
          if (!valid.success) {
            expect(out.ok ? 'created' : out.error.code, what).toBe('invalid-input');
            return;
          }
          const key = `${kind}/${valid.data.entry.id}`;
          if (taken.has(key)) {
            expect(out.ok ? 'created' : out.error.code, `${what}: the id is taken`).toBe('conflict');
            return;
          }
          expect(out.ok, `${what}: a valid entry refused: ${out.ok ? '' : out.error.message}`).toBe(true);
          taken.add(key);
          const created = { ...valid.data.entry, builtIn: false };
          expect(out.ok && asJson(out.value), what).toEqual(asJson(created));
          // every text and list of an entry is bounded: no entry the schema takes is larger than this
          expect(JSON.stringify(created).length, what).toBeLessThan(2_000_000);
          if (!o.use) return;
          // a scenario that uses it: checked, started, ended
          await checkThenStart(f, transport, scenarioUsing(kind, created.id, o.short), { confirm: o.confirm, record: false, letRunMs: o.short ? 1000 : 0 });
          // no stored scenario uses it: it can be removed
          const removed = await exercise(f, transport, 'catalog.remove', { kind, id: created.id });
          expect(removed.ok, `remove ${key}`).toBe(true);
          taken.delete(key);
        },
      ),
      fcParams(cases),
    );
  }, timeoutFor(cases, 1500));
});
