/**
 * Run bundles: one recorded run, whole, as a zip — the scenario as run with the catalog entries
 * it used, its figures, every recording chunk and checkpoint, and a manifest with the SHA-256 of
 * each file. Import checks everything before writing anything: the manifest's hashes, the
 * scenario's hash, each chunk's event hash and the hash chain up to the run's recording hash, the
 * event counts and times. A bundle changed anywhere is refused, and the reason names the file.
 */
import { createHash } from 'node:crypto';
import * as zlib from 'node:zlib';
import { z } from 'zod';
import { ENGINE_VERSION } from '../engine/version.ts';
import { BranchInfo, PvLabError, RunMetrics, RunStatus, Scenario, SeriesPoint, parseJsonText } from '../model/index.ts';
import { readZip, writeZip, type ZipEntry } from '../report/zip.ts';
import type { LabStore } from '../store/index.ts';
import { type ImportedRun, insertImportedRun } from '../store/run-import.ts';
import { CHUNK_EVENTS, CHUNK_FORMAT, decodeChunk, hashColumns } from '../trace/codec.ts';
import { CatalogSnapshot, canonicalScenario } from '../trace/plan.ts';
import { RUN_BUNDLE_EXT } from '../contract/files.ts';
import { CHAIN_START, ChunkSummary, chainHash } from '../trace/chunk.ts';

export const RUN_BUNDLE_FORMAT = 'pvlab-run-bundle';
export const RUN_BUNDLE_VERSION = 1;
/** What an import reads at most. */
export const RUN_BUNDLE_LIMITS = { maxEntries: 200_000, maxEntryBytes: 64 * 2 ** 20, maxTotalBytes: 4 * 2 ** 30 - 1 };
/** A chunk's columns decompressed are at most this large (20 bytes and two escapes per event). */
const MAX_RAW_CHUNK = 8 + 36 * CHUNK_EVENTS;

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const Hex64 = z.string().regex(/^[0-9a-f]{64}$/);

const Manifest = z.strictObject({
  format: z.literal(RUN_BUNDLE_FORMAT),
  formatVersion: z.literal(RUN_BUNDLE_VERSION),
  appVersion: z.string().max(64),
  engineVersion: z.string().max(64),
  chunkFormat: z.number().int(),
  createdAt: z.string().max(64),
  run: z.strictObject({ title: z.string().max(500), eventCount: z.number().int().nonnegative(), scenarioHash: Hex64, recordingHash: z.string().nullable() }),
  files: z.array(z.strictObject({ name: z.string().max(200), bytes: z.number().int().nonnegative(), sha256: Hex64 })).max(RUN_BUNDLE_LIMITS.maxEntries),
});

const RunFile = z.strictObject({
  title: z.string().min(1).max(500),
  scenario: Scenario,
  scenarioHash: Hex64,
  catalog: CatalogSnapshot,
  seed: z.number().int().min(0).max(0xffffffff),
  engineVersion: z.string().max(64),
  status: RunStatus.exclude(['running']),
  recorded: z.boolean(),
  branch: BranchInfo.nullable(),
  startedAt: z.string().max(64),
  finishedAt: z.string().max(64).nullable(),
  wallMs: z.number().nonnegative().nullable(),
  simNs: z.number().nonnegative(),
  eventCount: z.number().int().nonnegative(),
  eventHash: z.string().max(64).nullable(),
  chainHash: z.string().max(64).nullable(),
  pathNames: z.array(z.string().max(500)).max(1_000_000),
  metrics: RunMetrics.nullable(),
  warnings: z.array(z.string().max(10_000)).max(10_000),
  error: z.string().max(100_000).nullable(),
  series: z.object({ windowNs: z.number().nonnegative(), points: z.array(SeriesPoint).max(100_000) }).nullable(),
  tags: z.array(z.string().trim().min(1).max(64)).max(1000),
  notes: z.array(z.strictObject({ text: z.string().min(1).max(10_000), createdAt: z.string().max(64) })).max(10_000),
});

const ChunkRow = z.strictObject({
  seq: z.number().int().nonnegative(), firstEvent: z.number().int().nonnegative(), count: z.number().int().min(1).max(CHUNK_EVENTS),
  tFirst: z.number().nonnegative(), tLast: z.number().nonnegative(), hash: z.string().regex(/^[0-9a-f]{16}$/), chain: z.string().regex(/^[0-9a-f]{16}$/), summary: ChunkSummary,
});
const CheckpointRow = z.strictObject({ eventIndex: z.number().int().nonnegative(), t: z.number().nonnegative() });

const chunkName = (seq: number) => `chunks/${String(seq).padStart(6, '0')}.bin`;
const checkpointName = (eventIndex: number) => `checkpoints/${eventIndex}.bin`;
const json = (v: unknown) => new TextEncoder().encode(`${JSON.stringify(v)}\n`);

/** The run as a bundle. */
export function exportRunBundle(store: LabStore, runId: number, appVersion: string): { fileName: string; bytes: Uint8Array } {
  const runs = store.runs;
  const d = runs.get(runId);
  if (d.status === 'running') throw new PvLabError('conflict', `Run #${runId} is still running`, 'export it when it has finished');
  if (!d.recorded) throw new PvLabError('invalid-input', `Run #${runId} was not recorded`, 're-run its scenario with recording on; a bundle carries the recording');
  const plan = runs.plan(runId);
  const series = runs.series(runId);
  const index = runs.chunkIndex(runId);
  const cps = runs.checkpointIndex(runId);
  const run: z.input<typeof RunFile> = {
    title: d.title, scenario: plan.scenario, scenarioHash: d.scenarioHash, catalog: plan.catalog, seed: d.seed, engineVersion: d.engineVersion, status: d.status as Exclude<RunStatus, 'running'>,
    recorded: d.recorded, branch: d.branch, startedAt: d.startedAt, finishedAt: d.finishedAt, wallMs: d.wallMs, simNs: d.simNs, eventCount: d.eventCount, eventHash: d.eventHash,
    chainHash: d.chainHash, pathNames: d.pathNames, metrics: d.metrics, warnings: d.warnings, error: d.error, series: series.points.length ? series : null, tags: d.tags,
    notes: d.notes.map((n) => ({ text: n.text, createdAt: n.createdAt })),
  };
  const files: ZipEntry[] = [
    { name: 'run.json', data: json(run) },
    { name: 'chunks.json', data: json(index.map(({ bytes: _bytes, ...c }) => c)) },
    { name: 'checkpoints.json', data: json(cps) },
    ...index.map((c) => ({ name: chunkName(c.seq), data: runs.chunkData(runId, c.seq) })),
    ...cps.map((c) => ({ name: checkpointName(c.eventIndex), data: runs.checkpointData(runId, c.eventIndex) })),
  ];
  const manifest: z.input<typeof Manifest> = {
    format: RUN_BUNDLE_FORMAT, formatVersion: RUN_BUNDLE_VERSION, appVersion, engineVersion: d.engineVersion, chunkFormat: CHUNK_FORMAT, createdAt: new Date().toISOString(),
    run: { title: d.title, eventCount: d.eventCount, scenarioHash: d.scenarioHash, recordingHash: d.chainHash },
    files: files.map((f) => ({ name: f.name, bytes: f.data.length, sha256: sha256(f.data) })),
  };
  return { fileName: `pvlab-run-${runId}${RUN_BUNDLE_EXT}`, bytes: writeZip([{ name: 'manifest.json', data: json(manifest) }, ...files]) };
}

const tampered = (why: string) => new PvLabError('invalid-input', `The run bundle was changed or damaged: ${why}`, 'export the run again from the lab that recorded it; nothing was imported');

function parseFile<T>(schema: z.ZodType<T>, data: Uint8Array | undefined, name: string): T {
  if (!data) throw tampered(`${name} is missing`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    throw tampered(`${name} is not UTF-8 text`);
  }
  const r = schema.safeParse(parseJsonText(text, name));
  if (!r.success) throw tampered(`${name} does not match its schema (${r.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')})`);
  return r.data;
}

/** A chunk blob's events, decompressed within a bound first (a crafted blob cannot expand without limit). */
function chunkEvents(blob: Uint8Array, tFirst: number, name: string) {
  if (blob.length < 2 || blob[0] !== CHUNK_FORMAT) throw tampered(`${name} is not a chunk of format ${CHUNK_FORMAT}`);
  try {
    const body = blob.subarray(2);
    if (blob[1] === 1) zlib.zstdDecompressSync(body, { maxOutputLength: MAX_RAW_CHUNK });
    else if (blob[1] === 2) zlib.inflateRawSync(body, { maxOutputLength: MAX_RAW_CHUNK });
    else throw new Error(`unknown compression ${blob[1]}`);
    return decodeChunk(blob, tFirst);
  } catch (e) {
    throw tampered(`${name} cannot be decoded (${(e as Error).message})`);
  }
}

/** Check a bundle whole and return the run it holds, ready to write. */
export function readRunBundle(bytes: Uint8Array): { run: ImportedRun; warnings: string[] } {
  const entries = readZip(bytes, RUN_BUNDLE_LIMITS, 'The run bundle');
  const files = new Map(entries.map((e) => [e.name, e.data]));
  const manifest = parseFile(Manifest, files.get('manifest.json'), 'manifest.json');
  const listed = new Set(manifest.files.map((f) => f.name));
  for (const f of manifest.files) {
    const data = files.get(f.name);
    if (!data) throw tampered(`${f.name} is listed in the manifest but missing`);
    if (data.length !== f.bytes || sha256(data) !== f.sha256) throw tampered(`${f.name} does not match its SHA-256 in the manifest`);
  }
  for (const name of files.keys()) if (name !== 'manifest.json' && !listed.has(name)) throw tampered(`${name} is not listed in the manifest`);
  const run = parseFile(RunFile, files.get('run.json'), 'run.json');
  const index = parseFile(z.array(ChunkRow).max(RUN_BUNDLE_LIMITS.maxEntries), files.get('chunks.json'), 'chunks.json');
  const cps = parseFile(z.array(CheckpointRow).max(RUN_BUNDLE_LIMITS.maxEntries), files.get('checkpoints.json'), 'checkpoints.json');
  const { hash } = canonicalScenario(run.scenario);
  if (hash !== run.scenarioHash || hash !== manifest.run.scenarioHash) throw tampered('the scenario does not match its hash');
  if (run.eventCount !== manifest.run.eventCount || run.chainHash !== manifest.run.recordingHash) throw tampered('run.json and the manifest disagree about the recording');
  // every chunk: in order, its events decoded and hashed, each link of the chain recomputed
  let chain = CHAIN_START;
  let next = 0;
  let tPrev = 0;
  const chunks: ImportedRun['chunks'] = [];
  index.forEach((c, k) => {
    const name = chunkName(c.seq);
    if (c.seq !== k) throw tampered(`chunk ${k} is missing or out of order`);
    if (c.firstEvent !== next) throw tampered(`${name} starts at event ${c.firstEvent}, not ${next}`);
    if (c.tFirst < tPrev || c.tLast < c.tFirst) throw tampered(`${name} goes back in time`);
    tPrev = c.tLast;
    const data = files.get(name);
    if (!data) throw tampered(`${name} is missing`);
    const events = chunkEvents(data, c.tFirst, name);
    if (events.count !== c.count) throw tampered(`${name} holds ${events.count} events, not ${c.count}`);
    if (hashColumns(events) !== c.hash) throw tampered(`the events of ${name} do not match their hash`);
    if (events.t[events.count - 1] !== c.tLast) throw tampered(`${name} ends at another time than its index says`);
    chain = chainHash(chain, c.hash);
    if (chain !== c.chain) throw tampered(`the hash chain breaks at ${name}`);
    next += c.count;
    chunks.push({ ...c, data });
  });
  if (next !== run.eventCount) throw tampered(`the chunks hold ${next} events; the run says ${run.eventCount}`);
  if (run.chainHash !== null && index.length > 0 && chain !== run.chainHash) throw tampered('the last link of the hash chain is not the run\'s recording hash');
  let last = -1;
  const checkpoints = cps.map((c) => {
    if (c.eventIndex <= last || c.eventIndex > run.eventCount) throw tampered(`checkpoint at event ${c.eventIndex} is out of order or past the end`);
    last = c.eventIndex;
    const data = files.get(checkpointName(c.eventIndex));
    if (!data) throw tampered(`${checkpointName(c.eventIndex)} is missing`);
    return { ...c, data };
  });
  const warnings = run.engineVersion === ENGINE_VERSION ? [] : [`recorded by engine ${run.engineVersion}; this PV Lab has ${ENGINE_VERSION}: it can be viewed and compared, not verified`];
  const { scenarioHash: _s, ...rest } = run;
  return { run: { ...rest, chunks, checkpoints }, warnings };
}

/** Import a bundle: checked whole, then written in one transaction. */
export function importRunBundle(store: LabStore, bytes: Uint8Array): { runId: number; title: string; eventCount: number; chunks: number; checkpoints: number; warnings: string[] } {
  const { run, warnings } = readRunBundle(bytes);
  const runId = insertImportedRun(store.lab, run);
  return { runId, title: run.title, eventCount: run.eventCount, chunks: run.chunks.length, checkpoints: run.checkpoints.length, warnings };
}
