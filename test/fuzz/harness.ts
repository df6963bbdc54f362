/**
 * What every fuzz case must end in: a value that matches the method's output schema, or a typed
 * error (a PvLabError with a known code other than 'internal'), within a time and memory bound,
 * with nothing written to the database when the call was refused. Also: how many cases a property
 * runs (a bounded set in `npm test`, FUZZ_RUNS in all for `npm run fuzz`) and the tally of outcomes.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type fc from 'fast-check';
import { expect } from 'vitest';
import { type Method, contract, fromErrorPayload } from '../../core/contract/index.ts';
import { PvLabError, type PvLabErrorCode } from '../../core/model/index.ts';
import { inProcessClient, serve } from '../../core/service/transport.ts';
import type { LabService } from '../../core/service/service.ts';
import type { Database } from '../../core/store/db.ts';

// ---------------------------------------------------------------------------------------------
// how many cases

/** FUZZ_RUNS: the number of cases the whole suite runs (`npm run fuzz`); unset: the bounded set of `npm test`. */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? '') || 0;

/** Cases for one property: its share of FUZZ_RUNS, or `bounded` in `npm test`. */
export function casesFor(share: number, bounded: number): number {
  return FUZZ_RUNS > 0 ? Math.max(bounded, Math.ceil(FUZZ_RUNS * share)) : bounded;
}

/**
 * fast-check settings: FUZZ_SEED replays a run. A failure is reported with its seed, path and a
 * bounded rendering of the input (fast-check's own printing overflows the stack on deeply nested junk).
 */
export function fcParams<T>(numRuns: number): fc.Parameters<T> {
  const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
  return {
    numRuns, endOnFailure: FUZZ_RUNS > 0, ...(seed !== undefined ? { seed } : {}),
    reporter(r) {
      if (!r.failed) return;
      const cause = r.errorInstance instanceof Error ? r.errorInstance : new Error(String(r.errorInstance));
      const error = new Error(`Property failed after ${r.numRuns} cases (FUZZ_SEED=${r.seed}, path ${r.counterexamplePath}, shrunk ${r.numShrinks} times)\ninput: ${show(r.counterexample, 3000)}\n${cause.message}`, { cause });
      error.stack = `${error.message}\n${cause.stack ?? ''}`;
      throw error;
    },
  };
}

/** A test's time limit for `cases` cases of at most `perCaseMs` each on average. */
export const timeoutFor = (cases: number, perCaseMs: number) => 60_000 + cases * perCaseMs;

// ---------------------------------------------------------------------------------------------
// bounds

/** No single call may take longer than this (a probe of the scenario, a short verify, a cancelled run). */
export const CALL_MS = Number(process.env.FUZZ_CALL_MS ?? '') || 20_000;
/** The test process's heap after a case: far above what the suite needs, far below a machine's memory. */
export const HEAP_MIB = 1536;
export const RSS_MIB = 4096;

/** `p`, or a failure naming `what` when it takes longer than `ms`: a hang. */
export async function within<T>(what: string, ms: number, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`hang: ${what} did not end within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

export function expectMemoryBounded(what: string): void {
  const m = process.memoryUsage();
  expect(m.heapUsed / 2 ** 20, `${what}: heap after the case`).toBeLessThan(HEAP_MIB);
  expect(m.rss / 2 ** 20, `${what}: resident memory after the case`).toBeLessThan(RSS_MIB);
}

/** Crashes that happen beside a call (a rejected promise nobody awaited, a throw in an event handler). */
const stray: unknown[] = [];
const collect = (e: unknown) => void stray.push(e);
/** Collect stray errors until the returned function is called (vitest still sees and reports them too). */
export function watchStrayErrors(): () => void {
  process.on('unhandledRejection', collect);
  process.on('uncaughtException', collect);
  return () => {
    process.off('unhandledRejection', collect);
    process.off('uncaughtException', collect);
  };
}
export async function expectNoStrayErrors(what: string): Promise<void> {
  await new Promise((r) => setImmediate(r));
  const seen = stray.splice(0);
  expect(seen.map((e) => (e instanceof Error ? (e.stack ?? e.message) : String(e))), `${what}: errors outside the call`).toEqual([]);
}

// ---------------------------------------------------------------------------------------------
// no write on a refused call

/**
 * The content of every table, hashed. Recomputed only when this connection changed rows or another
 * connection committed since the last time (total_changes, data_version), so it is cheap per case.
 */
export class DbFingerprint {
  private readonly connection: () => Database;
  private key = '';
  private hash = '';

  constructor(connection: () => Database) {
    this.connection = connection;
  }

  private get db(): Database {
    return this.connection();
  }

  take(): string {
    const key = `${String(this.db.prepare('SELECT total_changes()').pluck().get())}/${String(this.db.pragma('data_version', { simple: true }))}`;
    if (key === this.key) return this.hash;
    const h = createHash('sha256');
    const tables = this.db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
    for (const t of tables) {
      h.update(`\u0001${t}`);
      for (const row of this.db.prepare(`SELECT * FROM "${t}"`).raw().iterate() as Iterable<unknown[]>) {
        h.update('\u0002');
        for (const v of row) {
          if (Buffer.isBuffer(v)) h.update(v);
          else h.update(`${typeof v}:${String(v)}\u0003`);
        }
      }
    }
    this.key = key;
    this.hash = h.digest('hex');
    return this.hash;
  }

  /** Row counts per table, to say what a refused call wrote. */
  counts(): Record<string, number> {
    const tables = this.db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
    return Object.fromEntries(tables.map((t) => [t, this.db.prepare(`SELECT count(*) FROM "${t}"`).pluck().get() as number]));
  }
}

// ---------------------------------------------------------------------------------------------
// calls and outcomes

/** Every code a PvLabError may carry: a code outside this list (a raw SQLite or Node code) is a bug. */
const CODES: Record<PvLabErrorCode, true> = {
  'invalid-input': true, 'not-found': true, incompatible: true, 'unsupported-mode': true, 'checkpoint-mismatch': true, io: true, 'unsupported-runtime': true,
  'db-newer': true, 'db-foreign': true, 'db-corrupt': true, 'read-only': true, conflict: true, cancelled: true, 'too-large': true, 'needs-confirmation': true,
  'version-mismatch': true, internal: true,
};

/** The ways a call crosses to the service: as the app's IPC does (structured clone), raw, or as JSON over `pvlab serve`'s WebSocket. */
export const TRANSPORTS = ['clone', 'raw', 'json'] as const;
export type Transport = (typeof TRANSPORTS)[number];

export type Outcome = { ok: true; value: unknown } | { ok: false; error: PvLabError };

const jsonable = (x: unknown): boolean => {
  try {
    JSON.stringify(x);
    return true;
  } catch {
    return false;
  }
};

/** Whether a value can be sent as a structured clone at all (a list nested thousands deep overflows the stack while cloning). */
function cloneable(x: unknown): boolean {
  try {
    structuredClone(x);
    return true;
  } catch {
    return false;
  }
}

/** The input as the service receives it over `transport` (JSON turns NaN and Infinity into null, drops undefined). */
export function asSent(transport: Transport, input: unknown): unknown {
  return transport === 'json' && jsonable(input) ? JSON.parse(JSON.stringify({ input }) ?? '{}').input : input;
}

/** Call `method` with `input` over `transport`; a crash (anything but a value or a PvLabError) throws. */
export async function callVia(svc: LabService, transport: Transport, method: Method, input: unknown): Promise<Outcome> {
  if (transport === 'clone' && cloneable(input)) {
    try {
      return { ok: true, value: await inProcessClient(svc).call(method, input as never) };
    } catch (e) {
      if (e instanceof PvLabError) return { ok: false, error: e };
      throw e;
    }
  }
  const wire = transport === 'json' && jsonable(input);
  const request = wire ? JSON.parse(JSON.stringify({ method, input }) ?? '{}') : { method, input };
  const reply = await serve(svc, request);
  const back = wire ? JSON.parse(JSON.stringify(reply)) as typeof reply : reply;
  if (back.ok) return { ok: true, value: back.value };
  return { ok: false, error: fromErrorPayload(back.error) };
}

/** The outcome is a value of the method's output schema, or a typed error a person can act on. */
export function expectWellFormed(method: Method, out: Outcome, what: string): void {
  if (out.ok) {
    const r = contract[method].output.safeParse(out.value);
    expect(r.success, `${what}: the reply does not match the output schema: ${r.success ? '' : r.error.message}`).toBe(true);
    return;
  }
  const e = out.error;
  expect(Object.hasOwn(CODES, e.code), `${what}: unknown error code ${e.code}: ${e.message}`).toBe(true);
  expect(e.code, `${what}: internal error: ${e.message}`).not.toBe('internal');
  expect(e.message.length, `${what}: an error without a message`).toBeGreaterThan(0);
  expect(typeof e.hint, `${what}: an error without a hint`).toBe('string');
}

/** A value as it is stored and sent as JSON (-0 is 0, undefined fields are gone): for comparing what came back with what went in. */
export const asJson = (x: unknown): unknown => JSON.parse(JSON.stringify(x) ?? 'null');

/** Describe an input for a failure message without serializing megabytes: stops once `max` characters are written. */
export function show(x: unknown, max = 600): string {
  let out = '';
  const put = (s: string) => {
    out += s;
    return out.length < max;
  };
  const walk = (v: unknown, depth: number): boolean => {
    if (depth > 20) return put('…');
    if (typeof v === 'string') return put(JSON.stringify(v.length > 80 ? `${v.slice(0, 40)}…(${v.length} chars)` : v));
    if (typeof v === 'bigint') return put(`${v}n`);
    if (typeof v === 'number') return put(Number.isFinite(v) ? (Object.is(v, -0) ? '-0' : String(v)) : String(v));
    if (v === null || typeof v !== 'object') return put(String(v));
    if (Array.isArray(v)) {
      if (!put('[')) return false;
      for (let i = 0; i < v.length; i++) if ((i > 0 && !put(',')) || !walk(v[i], depth + 1)) return false;
      return put(']');
    }
    if (!put('{')) return false;
    let first = true;
    for (const k of Object.keys(v)) {
      if ((!first && !put(',')) || !put(`${JSON.stringify(k)}:`) || !walk((v as Record<string, unknown>)[k], depth + 1)) return false;
      first = false;
    }
    return put('}');
  };
  walk(x, 0);
  return out.length > max ? `${out.slice(0, max)}…` : out;
}

// ---------------------------------------------------------------------------------------------
// the tally

/** Outcome counts of one fuzz file, printed at its end and, with FUZZ_REPORT set, written for `npm run fuzz` to add up. */
export class Tally {
  readonly name: string;
  cases = 0;
  calls = 0;
  readonly outcomes = new Map<string, number>();
  slowest = { ms: 0, what: '' };

  constructor(name: string) {
    this.name = name;
  }

  case(): void {
    this.cases++;
  }

  add(what: string, out: Outcome | string, ms = 0): void {
    this.calls++;
    const key = typeof out === 'string' ? out : out.ok ? 'valid result' : `typed error: ${out.error.code}`;
    this.outcomes.set(key, (this.outcomes.get(key) ?? 0) + 1);
    if (ms > this.slowest.ms) this.slowest = { ms, what };
  }

  report(): void {
    const lines = [...this.outcomes].sort((a, b) => b[1] - a[1]).map(([k, n]) => `    ${String(n).padStart(6)}  ${k}`);
    console.log(`fuzz ${this.name}: ${this.cases} cases, ${this.calls} calls, slowest call ${this.slowest.ms.toFixed(0)} ms (${this.slowest.what})\n${lines.join('\n')}`);
    const dir = process.env.FUZZ_REPORT;
    if (!dir) return;
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${this.name}.json`), JSON.stringify({ name: this.name, cases: this.cases, calls: this.calls, outcomes: Object.fromEntries(this.outcomes), slowest: this.slowest }));
  }
}

/** Time a call and check its bounds; returns the outcome and how long it took. */
export async function boundedCall(svc: LabService, transport: Transport, method: Method, input: unknown): Promise<{ out: Outcome; ms: number }> {
  const t0 = performance.now();
  const what = `${method} ${show(input, 400)}`;
  const out = await within(what, CALL_MS, callVia(svc, transport, method, input));
  const ms = performance.now() - t0;
  // a call that blocks the thread outruns the timer above without it firing: check the clock too
  expect(ms, `hang: ${what} took ${ms.toFixed(0)} ms`).toBeLessThan(CALL_MS);
  return { out, ms };
}
