// The fault trials of issue 10, repeatable: `npm run faults` (options: --kills N, --rounds N, --seed S,
// --only kill|first-use|full-disk|damaged, --keep to keep the files).
//   kill -9      `pvlab run` recording a long scenario is SIGKILLed at a random moment; the database
//                must pass integrity_check, every committed chunk must read back, and the interrupted
//                run must verify as far as it was recorded (`pvlab verify`).
//   first use    several processes open one new database at the same moment; all must succeed.
//   full disk    the database may grow by only a few pages during `pvlab run`; the run must fail
//                cleanly with a plain message and the database stay usable.
//   damaged      truncated files, an overwritten header, random bytes in page 1, a foreign SQLite
//                file: moved aside (never deleted, bytes intact), said at every command until
//                acknowledged, and a fresh database works.
// Prints each trial and the counts (trials, passed, failed with reasons); exits 1 if any failed.
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { builtInCatalog } from '../../core/catalog/index.ts';
import type { Scenario } from '../../core/model/index.ts';
import { APPLICATION_ID, openLabDb } from '../../core/store/index.ts';
import { openLabStore } from '../../core/store/open.ts';
import { decodeChunk } from '../../core/trace/codec.ts';

const { values: args } = parseArgs({
  options: {
    kills: { type: 'string', default: '20' }, rounds: { type: 'string', default: '10' }, seed: { type: 'string' }, only: { type: 'string' }, keep: { type: 'boolean', default: false },
  },
});
const seed = args.seed !== undefined ? Number(args.seed) : Date.now() % 2 ** 31;
const here = (p: string) => new URL(p, import.meta.url).pathname;
const CLI = here('../../core/cli/main.ts');
const OPEN_LAB = here('../helpers/open-lab.ts');
const FULL_DISK = here('./full-disk.ts');
const root = mkdtempSync(join(tmpdir(), 'pvlab-faults-'));

/** A small seeded PRNG (mulberry32), so a run of trials can be repeated with --seed. */
function prng(s: number): () => number {
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(seed);

// ---------------------------------------------------------------------------------------------
// trials and their counts

interface Trial {
  group: string;
  name: string;
  ok: boolean;
  reasons: string[];
  notes: string[];
}
const trials: Trial[] = [];

type Check = { fail: (why: string) => void; note: (s: string) => void };

async function trial(group: string, name: string, fn: (c: Check) => Promise<void>): Promise<void> {
  const t: Trial = { group, name, ok: true, reasons: [], notes: [] };
  const t0 = performance.now();
  try {
    await fn({ fail: (why) => void t.reasons.push(why), note: (s) => void t.notes.push(s) });
  } catch (e) {
    t.reasons.push(`threw: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  }
  t.ok = t.reasons.length === 0;
  trials.push(t);
  const s = ((performance.now() - t0) / 1000).toFixed(1);
  console.log(`  ${t.ok ? 'pass' : 'FAIL'}  ${group}: ${name} (${s} s)${t.notes.length ? ` — ${t.notes.join('; ')}` : ''}`);
  for (const r of t.reasons) console.log(`        ${r.split('\n').join('\n        ')}`);
}

// ---------------------------------------------------------------------------------------------
// processes

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
  ms: number;
}

function start(argv: string[]): { child: ChildProcess; ended: Promise<Ended> } {
  const t0 = performance.now();
  const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, PVLAB_DB: join(root, 'never-used.db') } });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const ended = new Promise<Ended>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, out, err, ms: performance.now() - t0 })));
  return { child, ended };
}

/** `pvlab ARGS` in a child process, killed if it takes longer than `limitMs`. */
async function pvlab(argv: string[], limitMs = 120_000, script = CLI): Promise<Ended> {
  const { child, ended } = start([script, ...argv]);
  const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
  const r = await ended;
  clearTimeout(timer);
  return r;
}

const STACK = /\n\s+at .+:\d+:\d+/;
/** The error line of a crash or an internal error, for the counts. */
const crashLine = (err: string) => (/^.*\b(?:\w*Error|internal error)\b.*$/m.exec(err)?.[0] ?? firstLine(err)).trim().slice(0, 160);
const firstLine = (s: string) => s.trim().split('\n')[0] ?? '';
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

// ---------------------------------------------------------------------------------------------
// scenarios and database checks

const catalog = builtInCatalog();
function scenarioFile(name: string, id: string, durationMs: number): string {
  const s = catalog.scenarios.find((x) => x.id === id)!;
  const file = join(root, `${name}.json`);
  writeFileSync(file, JSON.stringify({ ...s, id: name, durationMs, timeline: s.timeline.filter((a) => a.atMs <= durationMs) } satisfies Scenario));
  return file;
}

/** The file passes SQLite's integrity check, opened without any recovery (nothing is moved aside). */
function integrity(db: string, c: Check): boolean {
  try {
    const lab = openLabDb(db, { recover: false });
    try {
      const r = lab.db.pragma('integrity_check', { simple: true });
      if (r !== 'ok') c.fail(`integrity_check: ${String(r)}`);
      return r === 'ok';
    } finally {
      lab.close();
    }
  } catch (e) {
    c.fail(`the database does not open: ${(e as Error).message}`);
    return false;
  }
}

/** Every run's chunks read back, in order, and add up to the events the run says it recorded; nothing is still "running". */
function chunksReadBack(db: string, c: Check): { runs: number; chunks: number; events: number; interrupted: number[] } {
  const store = openLabStore(db);
  try {
    let chunks = 0;
    let events = 0;
    for (const r of store.runs.list({ limit: 500 }).items) {
      if (r.status === 'running') c.fail(`run #${r.id} is still marked running after its process died`);
      const d = store.runs.get(r.id);
      if (!d.recorded) continue;
      let n = 0;
      let next = 0;
      for (const ch of store.runs.chunkIndex(r.id)) {
        if (ch.firstEvent !== next) c.fail(`run #${r.id}: chunk ${ch.seq} starts at event ${ch.firstEvent}, expected ${next}`);
        const count = decodeChunk(store.runs.chunkData(r.id, ch.seq), ch.tFirst).count;
        if (count !== ch.count) c.fail(`run #${r.id}: chunk ${ch.seq} holds ${count} events, its index says ${ch.count}`);
        next = ch.firstEvent + ch.count;
        n += count;
        chunks++;
      }
      if (n !== d.eventCount) c.fail(`run #${r.id} (${d.status}): its chunks hold ${n} events, the run says ${d.eventCount}`);
      events += n;
    }
    return { runs: store.runs.list({ limit: 500 }).total, chunks, events, interrupted: store.interrupted };
  } finally {
    store.close();
  }
}

/** `pvlab verify RUN`: it must verify as far as it was recorded. */
async function verifies(db: string, runId: number, c: Check): Promise<number> {
  const r = await pvlab(['verify', String(runId), '--json', '--db', db], 300_000);
  if (r.code !== 0) {
    c.fail(`pvlab verify ${runId} exited ${r.code ?? r.signal}: ${firstLine(r.err) || firstLine(r.out)}`);
    return 0;
  }
  const v = JSON.parse(r.out) as { ok: boolean; eventsChecked: number };
  if (!v.ok) c.fail(`pvlab verify ${runId}: not ok: ${r.out.slice(0, 300)}`);
  return v.eventsChecked;
}

const asideFiles = (dir: string) => readdirSync(dir).filter((f) => /\.(damaged|not-pvlab)-\d+$/.test(f));

// ---------------------------------------------------------------------------------------------
// the groups

async function killTrials(n: number): Promise<void> {
  console.log(`kill -9 during a recording (${n} trials)`);
  const dir = join(root, 'kill');
  mkdirSync(dir);
  const db = join(dir, 'lab.db');
  // long enough to be recording whenever it is killed (a confirmation is needed: --yes)
  const long = scenarioFile('long', 'consolidation-8', 120_000);
  for (let i = 1; i <= n; i++) {
    // most kills land while it records; every fifth may land while the process starts or opens the database
    const killAt = Math.round(i % 5 === 0 ? 50 + random() * 1450 : 1500 + random() * 4500);
    await trial('kill -9', `#${i}, killed after ${killAt} ms`, async (c) => {
      const before = existsSync(db) ? chunksReadBack(db, c).runs : 0;
      const { child, ended } = start([CLI, 'run', long, '--db', db, '--yes']);
      await new Promise((r) => setTimeout(r, killAt));
      child.kill('SIGKILL');
      const r = await ended;
      if (r.signal !== 'SIGKILL') c.fail(`the run ended by itself before the kill (exit ${r.code}): ${firstLine(r.err)}`);
      if (!existsSync(db)) {
        c.note('killed before the database was created');
        return;
      }
      if (!integrity(db, c)) return;
      const after = chunksReadBack(db, c);
      if (after.runs === before) {
        c.note('killed before the run started');
        return;
      }
      if (after.interrupted.length !== 1) c.fail(`expected one run marked interrupted at the next open, found ${after.interrupted.length}`);
      for (const id of after.interrupted) {
        const store = openLabStore(db);
        const chunks = store.runs.get(id).chunks;
        store.close();
        const checked = await verifies(db, id, c);
        c.note(`run #${id} interrupted with ${chunks} chunks committed, verified ${checked} events`);
      }
      if (asideFiles(dir).length) c.fail(`files were moved aside: ${asideFiles(dir).join(', ')}`);
    });
  }
}

/** Files of `db` moved aside, with the reason each was given. */
function movedAside(db: string): string[] {
  const notices = join(`${db}.moved-aside.json`);
  return existsSync(notices) ? (JSON.parse(readFileSync(notices, 'utf8')) as { to: string; reason: string }[]).map((n) => `${n.to} (${n.reason})`) : [];
}

async function firstUseTrials(rounds: number): Promise<void> {
  console.log('first use of a new database by several processes at once');
  const dir = join(root, 'first-use');
  mkdirSync(dir);
  // the race is narrow: many rounds
  for (let round = 1; round <= rounds; round++) {
    await trial('first use', `round ${round}: 4 processes open one new database at the same moment`, async (c) => {
      const db = join(dir, `open-${round}.db`);
      const at = String(Date.now() + 1500);
      const results = await Promise.all([1, 2, 3, 4].map(() => pvlab(['at', db, at], 60_000, OPEN_LAB)));
      for (const r of results) if (r.code !== 0) c.fail(`a process failed (${r.code ?? r.signal}): ${firstLine(r.err)}`);
      const migrated = results.filter((r) => r.code === 0 && (JSON.parse(r.out) as { from: number }).from === 0).length;
      if (migrated !== 1) c.fail(`${migrated} processes created the schema; exactly one should`);
      for (const m of movedAside(db)) c.fail(`a healthy new database was moved aside: ${m}`);
      integrity(db, c);
    });
  }
  const tiny = scenarioFile('tiny', 'consolidation-8', 5);
  for (let round = 1; round <= 2; round++) {
    await trial('first use', `round ${round}: 3 \`pvlab run\` on one new database`, async (c) => {
      const db = join(dir, `run-${round}.db`);
      const results = await Promise.all([1, 2, 3].map(() => pvlab(['run', tiny, '--db', db])));
      for (const r of results) if (r.code !== 0) c.fail(`pvlab run exited ${r.code ?? r.signal}: ${firstLine(r.err)}`);
      if (!integrity(db, c)) return;
      const back = chunksReadBack(db, c);
      if (back.runs !== 3) c.fail(`${back.runs} runs recorded; expected 3`);
      for (const m of movedAside(db)) c.fail(`a healthy new database was moved aside: ${m}`);
    });
  }
}

async function fullDiskTrials(): Promise<void> {
  console.log('a full disk during `pvlab run` (the database may grow by only a few pages)');
  const dir = join(root, 'full');
  mkdirSync(dir);
  const tiny = scenarioFile('tiny-full', 'consolidation-8', 5);
  const recording = scenarioFile('recording', 'consolidation-8', 200);
  for (const pages of [0, 4, 16, 64]) {
    await trial('full disk', `${pages} free pages`, async (c) => {
      const db = join(dir, `full-${pages}.db`);
      const first = await pvlab(['run', tiny, '--db', db]);
      if (first.code !== 0) return c.fail(`the set-up run failed: ${firstLine(first.err)}`);
      const r = await pvlab([pages.toString(), 'run', recording, '--db', db], 120_000, FULL_DISK);
      if (r.code === 0) c.note('the run fit');
      else {
        if (r.code !== 1) c.fail(`exit code ${r.code ?? r.signal}; a failed run exits 1`);
        if (STACK.test(r.err) || /internal error/.test(r.err)) c.fail(`a stack trace instead of a plain message: ${crashLine(r.err)}\n${r.err.slice(0, 1200)}`);
        if (!/full/i.test(r.err)) c.fail(`the message does not say the disk is full: ${r.err.trim().slice(0, 300)}`);
        c.note(`said: ${firstLine(r.err).slice(0, 160)}`);
      }
      if (!integrity(db, c)) return;
      const back = chunksReadBack(db, c);
      const store = openLabStore(db);
      const runs = store.runs.list({ limit: 10 }).items;
      store.close();
      const last = runs[0]!;
      if (back.runs >= 2) {
        if (r.code !== 0 && last.status === 'completed') c.fail(`run #${last.id} is marked completed although the command failed`);
        if (last.status !== 'completed') await verifies(db, last.id, c);
      }
      // the database stays usable
      const again = await pvlab(['run', tiny, '--db', db]);
      if (again.code !== 0) c.fail(`a run after the full disk failed: ${firstLine(again.err)}`);
      const list = await pvlab(['runs', '--db', db]);
      if (list.code !== 0 || STACK.test(list.err)) c.fail(`pvlab runs after the full disk: ${firstLine(list.err)}`);
    });
  }
}

async function damagedTrials(): Promise<void> {
  console.log('damaged and foreign database files');
  const dir = join(root, 'damaged');
  mkdirSync(dir);
  const tiny = scenarioFile('tiny-damaged', 'consolidation-8', 20);
  const good = join(dir, 'good.db');
  const made = await pvlab(['run', tiny, '--db', good]);
  if (made.code !== 0 || existsSync(`${good}-wal`)) throw new Error(`could not make a clean database to damage: ${made.err}`);
  const bytes = readFileSync(good);
  const pageSize = bytes.readUInt16BE(16) === 1 ? 65_536 : bytes.readUInt16BE(16);
  const noise = (n: number) => Buffer.from(Array.from({ length: n }, () => Math.floor(random() * 256)));
  const foreign = (name: string, appId: number) => {
    const f = join(dir, `${name}.src`);
    const d = new Database(f);
    d.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes (text) VALUES ('groceries'), ('dentist on friday');");
    d.pragma(`application_id = ${appId}`);
    d.close();
    return readFileSync(f);
  };
  const cases: [string, Buffer][] = [
    ['truncated inside page 1', bytes.subarray(0, 1000)],
    ['truncated to half', bytes.subarray(0, Math.floor(bytes.length / 2))],
    ['truncated at a page boundary', bytes.subarray(0, Math.max(pageSize, Math.floor(bytes.length / pageSize / 2) * pageSize))],
    ['header overwritten', Buffer.concat([noise(100), bytes.subarray(100)])],
    ['random bytes in page 1', Buffer.concat([bytes.subarray(0, 100), noise(pageSize - 100), bytes.subarray(pageSize)])],
    ['a foreign SQLite file', foreign('foreign', 0)],
    ['a foreign SQLite file with its own application id', foreign('foreign-id', 0x12345678)],
  ];
  for (const [name, damaged] of cases) {
    await trial('damaged', name, async (c) => {
      const sub = join(dir, name.replace(/\W+/g, '-'));
      mkdirSync(sub);
      const db = join(sub, 'lab.db');
      writeFileSync(db, damaged);
      const first = await pvlab(['runs', '--db', db]);
      if (STACK.test(first.err) || /internal error/.test(first.err)) c.fail(`a stack trace: ${crashLine(first.err)}\n${first.err.slice(0, 1200)}`);
      const moved = /moved to (\S+?) and a new database/.exec(first.err)?.[1];
      if (first.code !== 0 || !moved) {
        c.fail(`pvlab runs exited ${first.code ?? first.signal} without moving the file aside: ${firstLine(first.err) || firstLine(first.out)}`);
        if (!existsSync(db) || sha(readFileSync(db)) !== sha(damaged)) c.fail('and the file is no longer as it was');
        return;
      }
      c.note(`moved to ${moved.replace(`${sub}/`, '')}: ${/could not be used \((.*)\); it was moved/.exec(first.err)?.[1] ?? ''}`);
      if (!existsSync(moved)) return c.fail(`${moved} does not exist: the file was lost`);
      if (sha(readFileSync(moved)) !== sha(damaged)) c.fail(`${moved} is not the damaged file byte for byte`);
      const fresh = new Database(db, { readonly: true });
      if (Number(fresh.pragma('application_id', { simple: true })) !== APPLICATION_ID) c.fail('the new database is not a PV Lab database');
      fresh.close();
      // said again at the next command, until acknowledged
      const second = await pvlab(['runs', '--db', db]);
      if (!second.err.includes(moved)) c.fail(`the next command does not repeat where the file went: ${firstLine(second.err)}`);
      const ack = await pvlab(['db', 'acknowledge', '--db', db]);
      if (ack.code !== 0) c.fail(`pvlab db acknowledge exited ${ack.code}`);
      const third = await pvlab(['runs', '--db', db]);
      if (third.err.includes(moved)) c.fail('the notice is still repeated after acknowledging it');
      // the fresh database works
      const run = await pvlab(['run', tiny, '--db', db]);
      if (run.code !== 0) c.fail(`a run in the fresh database failed: ${firstLine(run.err)}`);
      if (!existsSync(moved)) c.fail(`${moved} disappeared`);
    });
  }
  // damage the open cannot see (a data page): whatever happens, no stack trace and the file is never deleted
  await trial('damaged', 'random bytes in a data page (not seen at open)', async (c) => {
    const sub = join(dir, 'data-page');
    mkdirSync(sub);
    const db = join(sub, 'lab.db');
    const at = Math.max(2, Math.floor(bytes.length / pageSize) - 2) * pageSize;
    const damaged = Buffer.concat([bytes.subarray(0, at), noise(pageSize), bytes.subarray(at + pageSize)]);
    writeFileSync(db, damaged);
    for (const argv of [['runs'], ['verify', '1'], ['replay', '1'], ['run', tiny]]) {
      const r = await pvlab([...argv, '--db', db]);
      if (STACK.test(r.err) || /internal error/.test(r.err)) c.fail(`pvlab ${argv.join(' ')}: a stack trace: ${crashLine(r.err)}\n${r.err.slice(0, 800)}`);
      c.note(`${argv[0]}: exit ${r.code}${r.err ? `, "${firstLine(r.err).slice(0, 100)}"` : ''}`);
    }
    const kept = [db, ...asideFiles(sub).map((f) => join(sub, f))].some((f) => existsSync(f) && sha(readFileSync(f)) === sha(damaged));
    const moved = asideFiles(sub).length > 0;
    if (!kept && !moved && statSync(db).size < damaged.length) c.fail('the damaged file is gone: neither kept nor moved aside');
  });
}

// ---------------------------------------------------------------------------------------------

const groups: Record<string, () => Promise<void>> = {
  'kill': () => killTrials(Number(args.kills)),
  'first-use': () => firstUseTrials(Number(args.rounds)),
  'full-disk': fullDiskTrials,
  'damaged': damagedTrials,
};
console.log(`PV Lab fault trials (seed ${seed}; repeat with --seed ${seed}) in ${root}`);
try {
  for (const [name, run] of Object.entries(groups)) {
    if (args.only && args.only !== name) continue;
    try {
      await run();
    } catch (e) {
      await trial(name, 'set-up', () => Promise.reject(e));
    }
  }
} finally {
  if (!args.keep) rmSync(root, { recursive: true, force: true });
}

console.log('\ncounts');
const byGroup = new Map<string, Trial[]>();
for (const t of trials) byGroup.set(t.group, [...(byGroup.get(t.group) ?? []), t]);
for (const [group, ts] of byGroup) {
  const failed = ts.filter((t) => !t.ok);
  console.log(`  ${group.padEnd(10)} trials ${String(ts.length).padStart(3)}  passed ${String(ts.length - failed.length).padStart(3)}  failed ${failed.length}`);
  for (const t of failed) console.log(`    ${t.name}: ${t.reasons.map(firstLine).join('; ')}`);
}
const failed = trials.filter((t) => !t.ok).length;
console.log(`  ${'total'.padEnd(10)} trials ${String(trials.length).padStart(3)}  passed ${String(trials.length - failed).padStart(3)}  failed ${failed}`);
process.exitCode = failed > 0 ? 1 : 0;
