// Scenario files, as people write and break them: the built-in scenarios and lessons with fields
// of the wrong type, huge, negative or NaN numbers, long strings, unknown keys, missing fields, a
// BOM, control characters, truncated or not JSON at all. Reading a file gives the scenario or an
// invalid-input error naming the file; the service's import agrees and a refused import writes
// nothing; `pvlab check` exits 0 or 2 without a stack trace, as the service's check says; and what
// the check lets run starts, runs briefly and ends when cancelled.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../core/cli/scenario-ref.ts';
import { main } from '../../core/cli/main.ts';
import type { Output } from '../../core/contract/index.ts';
import { PvLabError, Scenario } from '../../core/model/index.ts';
import { fileBytes, textCorruption } from './arbitraries.ts';
import { TRANSPORTS, asJson, casesFor, fcParams, show, timeoutFor } from './harness.ts';
import { type FuzzLab, checkThenStart, exercise, fuzzLab, scenarioDoc } from './lab-fixture.ts';

let f: FuzzLab;
beforeAll(async () => void (f = await fuzzLab('scenario-files')), 120_000);
afterAll(() => {
  f.tally.report();
  f.done();
});

type Expected = { ok: true; scenario: Scenario } | { ok: false; why: string };

/** What the file should give, worked out independently: UTF-8, one leading BOM allowed, JSON, the schema. */
function expectedOf(bytes: Buffer): Expected {
  let text = bytes.toString('utf8');
  if (text.startsWith('\ufeff')) text = text.slice(1);
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { ok: false, why: `not JSON: ${(e as Error).message}` };
  }
  const r = Scenario.safeParse(doc);
  return r.success ? { ok: true, scenario: r.data } : { ok: false, why: r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).slice(0, 3).join('; ') };
}

/** `pvlab check FILE` in this process: exit code and what it wrote. */
async function pvlabCheck(file: string, db: string): Promise<{ code: number; err: string }> {
  let err = '';
  const exitCode = process.exitCode;
  const code = await main(['check', file, '--db', db], { out: () => undefined, err: (s) => void (err += `${s}\n`), isTTY: false });
  process.exitCode = exitCode;
  return { code, err };
}

const cases = casesFor(0.15, 70);

describe('scenario files, fuzzed', () => {
  it(`read, import, check and start agree, and end in a scenario or a typed error (${cases} cases)`, async () => {
    const file = join(f.lab.dir, 'case.json');
    const cliDb = join(f.lab.dir, 'cli.db');
    await fc.assert(
      fc.asyncProperty(
        scenarioDoc(3), textCorruption, fc.constantFrom(...TRANSPORTS),
        fc.record({ replace: fc.boolean(), confirm: fc.boolean(), record: fc.boolean(), cli: fc.integer({ min: 0, max: 15 }) }),
        async (doc, corruption, transport, o) => {
          f.tally.case();
          const bytes = fileBytes(doc, corruption);
          writeFileSync(file, bytes);
          const expected = expectedOf(bytes);
          const what = `${corruption.kind} file of ${show(doc)}`;

          // read the way `pvlab run FILE` and `pvlab check FILE` do
          let loaded: Scenario | PvLabError;
          try {
            loaded = loadScenarioFile(file);
          } catch (e) {
            if (!(e instanceof PvLabError)) throw e;
            loaded = e;
          }
          if (expected.ok) expect(loaded, what).toEqual(expected.scenario);
          else {
            expect(loaded, `${what}: should be refused (${expected.why})`).toBeInstanceOf(PvLabError);
            expect((loaded as PvLabError).code, what).toBe('invalid-input');
            expect((loaded as PvLabError).message, `${what}: the message names the file`).toContain(file);
          }

          // the service's import agrees (and writes nothing when it refuses: checked by exercise)
          const imported = await exercise(f, transport, 'scenarios.import', { json: bytes.toString('utf8'), source: 'case.json', replace: o.replace });
          if (!expected.ok) expect(imported.ok ? 'imported' : imported.error.code, what).toBe('invalid-input');
          else if (imported.ok) expect(asJson(imported.value), what).toEqual(asJson(expected.scenario));
          else expect(imported.error.code, `${what}: a valid file refused: ${imported.error.message}`).toMatch(/^(read-only|conflict|invalid-input)$/);

          if (!expected.ok) return;
          // what the check lets run starts; a short one may run to its end (up to 1 s), a long one is cancelled at once
          const short = expected.scenario.durationMs <= 2;
          const verdict = await checkThenStart(f, transport, expected.scenario, { confirm: o.confirm, record: o.record, letRunMs: short ? 1000 : 0 });

          // and `pvlab check` says the same with its exit code, in plain words
          if (o.cli === 0) {
            const r = await pvlabCheck(file, cliDb);
            expect(r.err, what).not.toMatch(/internal error|\n\s+at .+:\d+:\d+/);
            expect(r.code, `${what}: pvlab check after the service said "${verdict}": ${r.err}`).toBe(verdict === 'ok' || verdict === 'confirm' ? 0 : 2);
          }
        },
      ),
      fcParams(cases),
    );
  }, timeoutFor(cases, 1500));

  it('reads a scenario file whole with a BOM and refuses it with two', async () => {
    const s = (await exercise(f, 'clone', 'scenarios.export', { id: 'consolidation-8' })) as { ok: true; value: Output<'scenarios.export'> };
    const file = join(f.lab.dir, 'bom.json');
    writeFileSync(file, `\ufeff${s.value.json}`);
    expect(loadScenarioFile(file).id).toBe('consolidation-8');
    writeFileSync(file, `\ufeff\ufeff${s.value.json}`);
    expect(() => loadScenarioFile(file)).toThrow(/not valid JSON/);
  });
});
