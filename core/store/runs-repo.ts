/**
 * Runs and their recordings: the run rows, event chunks, checkpoints, tags and notes. Chunks are
 * written one transaction per batch as they are sealed, so whatever was committed before a crash
 * stays readable; a run whose recording process is gone is marked interrupted on the next open.
 */
import { z } from 'zod';
import { BranchInfo, PvLabError, RunMetrics, type RunDetail, type RunNote, RunStatus, type RunSummary, Scenario, SeriesPoint, Tag, Int } from '../model/index.ts';
import { CatalogSnapshot, type RunPlan, canonicalScenario, parseStored } from '../trace/plan.ts';
import { ChunkSummary, type SealedChunk } from '../trace/chunk.ts';
import type { CheckpointEntry, ChunkIndexEntry, RecordingSource } from '../trace/cursor.ts';
import { ENGINE_VERSION } from '../engine/version.ts';
import type { LabDb } from './db.ts';

const now = () => new Date().toISOString();

interface RunRow {
  id: number;
  scenario_id: string;
  title: string;
  scenario_json: string;
  scenario_hash: string;
  catalog_json: string;
  seed: number;
  engine_version: string;
  status: string;
  recorded: number;
  parent_id: number | null;
  branch_json: string | null;
  started_at: string;
  finished_at: string | null;
  wall_ms: number | null;
  sim_ns: number;
  event_count: number;
  event_hash: string | null;
  chain_hash: string | null;
  path_names: string;
  metrics_json: string | null;
  warnings_json: string;
  error: string | null;
  owner_pid: number | null;
  tags: string | null;
}

export const RunFilter = z.object({
  scenarioId: z.string().optional(),
  status: RunStatus.optional(),
  tag: z.string().optional(),
  /** Matches the title or scenario id. */
  search: z.string().optional(),
  parentId: Int.positive().optional(),
  limit: Int.min(1).max(500).default(50),
  offset: Int.min(0).default(0),
});
export type RunFilter = z.input<typeof RunFilter>;

export interface NewRun {
  plan: RunPlan;
  recorded: boolean;
  title?: string;
  branch?: BranchInfo;
}

export interface RunEnd {
  status: Exclude<RunStatus, 'running'>;
  wallMs: number;
  simNs: number;
  eventCount: number;
  eventHash?: string;
  chainHash?: string;
  metrics?: RunMetrics;
  warnings?: readonly string[];
  error?: string;
}

const SELECT_RUN = `SELECT r.*, (SELECT group_concat(tag, char(31)) FROM (SELECT tag FROM run_tags t WHERE t.run_id = r.id ORDER BY tag)) AS tags FROM runs r`;

const RunSeries = z.object({ windowNs: z.number().nonnegative(), points: z.array(SeriesPoint) });

const noRun = (id: number) => new PvLabError('not-found', `There is no run #${id}`, 'list the runs with `pvlab runs` and use one of their numbers');

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class RunsRepo {
  private readonly lab: LabDb;

  constructor(lab: LabDb) {
    this.lab = lab;
  }

  /** The database file the runs are in (for messages). */
  get file(): string {
    return this.lab.file;
  }

  /** Mark runs left "running" by a process that no longer exists as interrupted. Returns their ids. */
  markInterrupted(): number[] {
    const rows = this.lab.stmt<[], { id: number; owner_pid: number | null }>("SELECT id, owner_pid FROM runs WHERE status = 'running'").all();
    const dead = rows.filter((r) => r.owner_pid === null || (r.owner_pid !== process.pid && !isAlive(r.owner_pid))).map((r) => r.id);
    this.lab.tx(() => {
      for (const id of dead) this.interrupt(id, 'the recording process ended before the run finished');
    });
    return dead;
  }

  /** End a running run early (interrupted, or failed on an error), keeping its committed chunks and their count. */
  interrupt(id: number, why: string, status: 'interrupted' | 'failed' = 'interrupted', wallMs: number | null = null): void {
    const agg = this.lab
      .stmt<[number], { n: number | null; t: number | null }>('SELECT sum(event_count) AS n, max(t_last) AS t FROM chunks WHERE run_id = ?')
      .get(id)!;
    const chain = this.lab.stmt<[number], { chain: string }>('SELECT chain FROM chunks WHERE run_id = ? ORDER BY seq DESC LIMIT 1').get(id);
    this.lab
      .stmt("UPDATE runs SET status = ?, finished_at = coalesce(finished_at, ?), wall_ms = coalesce(?, wall_ms), event_count = ?, sim_ns = max(sim_ns, ?), chain_hash = ?, error = ?, owner_pid = NULL WHERE id = ? AND status = 'running'")
      .run(status, now(), wallMs, agg.n ?? 0, agg.t ?? 0, chain?.chain ?? null, why, id);
  }

  create(r: NewRun): number {
    const { json, hash } = canonicalScenario(r.plan.scenario);
    const res = this.lab
      .stmt(
        `INSERT INTO runs (scenario_id, title, scenario_json, scenario_hash, catalog_json, seed, engine_version, status, recorded, parent_id, branch_json, started_at, owner_pid)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, ?, ?, ?)`,
      )
      .run(
        r.plan.scenario.id, r.title ?? r.plan.scenario.title, json, hash, JSON.stringify(CatalogSnapshot.parse(r.plan.catalog)), r.plan.seed, ENGINE_VERSION,
        r.recorded ? 1 : 0, r.branch?.parentId ?? null, r.branch ? JSON.stringify(BranchInfo.parse(r.branch)) : null, now(), process.pid,
      );
    return Number(res.lastInsertRowid);
  }

  /** Write sealed chunks in one transaction. */
  appendChunks(runId: number, chunks: readonly SealedChunk[]): void {
    const ins = this.lab.stmt(
      'INSERT INTO chunks (run_id, seq, first_event, event_count, t_first, t_last, hash, chain, summary, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.lab.tx(() => {
      for (const c of chunks) ins.run(runId, c.seq, c.firstEvent, c.count, c.tFirst, c.tLast, c.hash, c.chain, JSON.stringify(c.summary), c.data);
      const last = chunks[chunks.length - 1];
      if (last) this.lab.stmt('UPDATE runs SET event_count = ?, sim_ns = max(sim_ns, ?) WHERE id = ?').run(last.firstEvent + last.count, last.tLast, runId);
    });
  }

  /** A branch's start: the parent's first `chunks` chunks and its checkpoints before `eventIndex`, copied as they are. */
  copyRecording(parentId: number, runId: number, chunks: number, eventIndex: number, pathNames: readonly string[]): void {
    this.lab.tx(() => {
      this.lab
        .stmt('INSERT INTO chunks (run_id, seq, first_event, event_count, t_first, t_last, hash, chain, summary, data) SELECT ?, seq, first_event, event_count, t_first, t_last, hash, chain, summary, data FROM chunks WHERE run_id = ? AND seq < ?')
        .run(runId, parentId, chunks);
      this.lab.stmt('INSERT INTO checkpoints (run_id, event_index, t, data) SELECT ?, event_index, t, data FROM checkpoints WHERE run_id = ? AND event_index < ?').run(runId, parentId, eventIndex);
      this.lab.stmt('UPDATE runs SET path_names = ? WHERE id = ?').run(JSON.stringify(pathNames), runId);
    });
  }

  appendCheckpoint(runId: number, eventIndex: number, t: number, data: Uint8Array): void {
    this.lab.stmt('INSERT OR REPLACE INTO checkpoints (run_id, event_index, t, data) VALUES (?, ?, ?, ?)').run(runId, eventIndex, t, data);
  }

  /** Per-window figures of a run (see trace/series.ts), written when it ends. */
  setSeries(runId: number, series: { windowNs: number; points: SeriesPoint[] }): void {
    this.lab.stmt('UPDATE runs SET series_json = ? WHERE id = ?').run(JSON.stringify(series), runId);
  }

  series(runId: number): { windowNs: number; points: SeriesPoint[] } {
    const row = this.lab.stmt<[number], { series_json: string | null }>('SELECT series_json FROM runs WHERE id = ?').get(runId);
    if (!row) throw noRun(runId);
    if (row.series_json === null) return { windowNs: 0, points: [] };
    return parseStored(RunSeries, row.series_json, `series of run #${runId}`);
  }

  setPathNames(runId: number, names: readonly string[]): void {
    this.lab.stmt('UPDATE runs SET path_names = ? WHERE id = ?').run(JSON.stringify(names), runId);
  }

  finish(runId: number, end: RunEnd): void {
    this.lab
      .stmt(
        `UPDATE runs SET status = ?, finished_at = ?, wall_ms = ?, sim_ns = ?, event_count = ?, event_hash = ?, chain_hash = ?, metrics_json = ?,
         warnings_json = ?, error = ?, owner_pid = NULL WHERE id = ?`,
      )
      .run(
        end.status, now(), end.wallMs, end.simNs, end.eventCount, end.eventHash ?? null, end.chainHash ?? null,
        end.metrics ? JSON.stringify(RunMetrics.parse(end.metrics)) : null, JSON.stringify(end.warnings ?? []), end.error ?? null, runId,
      );
  }

  private row(id: number): RunRow {
    const row = this.lab.stmt<[number], RunRow>(`${SELECT_RUN} WHERE r.id = ?`).get(id);
    if (!row) throw noRun(id);
    return row;
  }

  private summary(r: RunRow): RunSummary {
    return {
      id: r.id,
      scenarioId: r.scenario_id,
      title: r.title,
      status: RunStatus.parse(r.status),
      seed: r.seed,
      engineVersion: r.engine_version,
      recorded: r.recorded === 1,
      parentId: r.parent_id,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
      wallMs: r.wall_ms,
      simNs: r.sim_ns,
      eventCount: r.event_count,
      tags: r.tags ? r.tags.split('\u001f') : [],
    };
  }

  list(filter: RunFilter = {}): { items: RunSummary[]; total: number } {
    const f = RunFilter.parse(filter);
    const where: string[] = [];
    const args: (string | number)[] = [];
    const add = (sql: string, ...a: (string | number)[]) => {
      where.push(sql);
      args.push(...a);
    };
    if (f.scenarioId) add('r.scenario_id = ?', f.scenarioId);
    if (f.status) add('r.status = ?', f.status);
    if (f.parentId) add('r.parent_id = ?', f.parentId);
    if (f.tag) add('EXISTS (SELECT 1 FROM run_tags t WHERE t.run_id = r.id AND t.tag = ?)', f.tag);
    if (f.search) {
      const like = `%${f.search.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
      add("(r.title LIKE ? ESCAPE '\\' OR r.scenario_id LIKE ? ESCAPE '\\')", like, like);
    }
    const w = where.length ? ` WHERE ${where.join(' AND ')}` : '';
    const total = this.lab.stmt<(string | number)[], { n: number }>(`SELECT count(*) AS n FROM runs r${w}`).get(...args)!.n;
    const rows = this.lab.stmt<(string | number)[], RunRow>(`${SELECT_RUN}${w} ORDER BY r.id DESC LIMIT ? OFFSET ?`).all(...args, f.limit, f.offset);
    return { items: rows.map((r) => this.summary(r)), total };
  }

  get(id: number): RunDetail {
    const r = this.row(id);
    const counts = this.lab
      .stmt<[number, number], { chunks: number; bytes: number | null; checkpoints: number }>(
        'SELECT count(*) AS chunks, sum(length(data)) AS bytes, (SELECT count(*) FROM checkpoints WHERE run_id = ?) AS checkpoints FROM chunks WHERE run_id = ?',
      )
      .get(id, id)!;
    return {
      ...this.summary(r),
      scenario: parseStored(Scenario, r.scenario_json, `scenario of run #${id}`),
      scenarioHash: r.scenario_hash,
      eventHash: r.event_hash,
      chainHash: r.chain_hash,
      metrics: r.metrics_json === null ? null : parseStored(RunMetrics, r.metrics_json, `metrics of run #${id}`),
      pathNames: parseStored(z.array(z.string()), r.path_names, `path table of run #${id}`),
      warnings: parseStored(z.array(z.string()), r.warnings_json, `warnings of run #${id}`),
      error: r.error,
      branch: r.branch_json === null ? null : parseStored(BranchInfo, r.branch_json, `branch of run #${id}`),
      notes: this.notes(id),
      chunks: counts.chunks,
      checkpoints: counts.checkpoints,
      bytes: counts.bytes ?? 0,
    };
  }

  /** Where a run's recording stands, read cheaply (a replay checks it on every call). */
  progress(id: number): { status: RunStatus; eventCount: number; pathNames: string[] } {
    const r = this.lab.stmt<[number], { status: string; event_count: number; path_names: string }>('SELECT status, event_count, path_names FROM runs WHERE id = ?').get(id);
    if (!r) throw noRun(id);
    return { status: RunStatus.parse(r.status), eventCount: r.event_count, pathNames: parseStored(z.array(z.string()), r.path_names, `path table of run #${id}`) };
  }

  /** The frozen inputs of a run: scenario as run, its catalog entries and the seed. */
  plan(id: number): RunPlan & { engineVersion: string } {
    const r = this.row(id);
    return {
      scenario: parseStored(Scenario, r.scenario_json, `scenario of run #${id}`),
      catalog: parseStored(CatalogSnapshot, r.catalog_json, `catalog of run #${id}`),
      seed: r.seed,
      engineVersion: r.engine_version,
    };
  }

  remove(id: number): void {
    this.row(id);
    const r = this.lab.stmt<[number], { status: string; owner_pid: number | null }>('SELECT status, owner_pid FROM runs WHERE id = ?').get(id)!;
    if (r.status === 'running' && r.owner_pid !== null && isAlive(r.owner_pid)) {
      throw new PvLabError('conflict', `Run #${id} is still running`, 'cancel it first, then delete it');
    }
    this.lab.tx(() => this.lab.stmt('DELETE FROM runs WHERE id = ?').run(id));
  }

  addTag(id: number, tag: string): void {
    this.row(id);
    const t = Tag.safeParse(tag);
    if (!t.success) throw new PvLabError('invalid-input', `"${tag}" is not a usable tag`, 'use 1 to 64 characters');
    this.lab.stmt('INSERT OR IGNORE INTO run_tags (run_id, tag) VALUES (?, ?)').run(id, t.data);
  }

  removeTag(id: number, tag: string): void {
    this.row(id);
    this.lab.stmt('DELETE FROM run_tags WHERE run_id = ? AND tag = ?').run(id, tag);
  }

  addNote(id: number, text: string): RunNote {
    this.row(id);
    const t = text.trim();
    if (t.length === 0 || t.length > 10000) throw new PvLabError('invalid-input', 'A note must have between 1 and 10 000 characters', 'write something, or shorten it');
    const createdAt = now();
    const res = this.lab.stmt('INSERT INTO run_notes (run_id, text, created_at) VALUES (?, ?, ?)').run(id, t, createdAt);
    return { id: Number(res.lastInsertRowid), text: t, createdAt };
  }

  removeNote(noteId: number): void {
    const res = this.lab.stmt('DELETE FROM run_notes WHERE id = ?').run(noteId);
    if (res.changes === 0) throw new PvLabError('not-found', `There is no note #${noteId}`, 'show the run to see its notes and their numbers');
  }

  notes(id: number): RunNote[] {
    return this.lab
      .stmt<[number], { id: number; text: string; created_at: string }>('SELECT id, text, created_at FROM run_notes WHERE run_id = ? ORDER BY id')
      .all(id)
      .map((n) => ({ id: n.id, text: n.text, createdAt: n.created_at }));
  }

  /** A run's recording, for a replay cursor. */
  source(runId: number): RecordingSource {
    return {
      chunkIndex: () => this.chunkIndex(runId),
      chunkData: (seq) => this.chunkData(runId, seq),
      checkpointIndex: () => this.checkpointIndex(runId),
      checkpointData: (i) => this.checkpointData(runId, i),
    };
  }

  chunkIndex(runId: number): ChunkIndexEntry[] {
    return this.lab
      .stmt<[number], { seq: number; first_event: number; event_count: number; t_first: number; t_last: number; hash: string; chain: string; summary: string; bytes: number }>(
        'SELECT seq, first_event, event_count, t_first, t_last, hash, chain, summary, length(data) AS bytes FROM chunks WHERE run_id = ? ORDER BY seq',
      )
      .all(runId)
      .map((c) => ({
        seq: c.seq, firstEvent: c.first_event, count: c.event_count, tFirst: c.t_first, tLast: c.t_last, hash: c.hash, chain: c.chain,
        summary: parseStored(ChunkSummary, c.summary, `chunk ${c.seq} summary of run #${runId}`), bytes: c.bytes,
      }));
  }

  chunkData(runId: number, seq: number): Uint8Array {
    const row = this.lab.stmt<[number, number], { data: Uint8Array }>('SELECT data FROM chunks WHERE run_id = ? AND seq = ?').get(runId, seq);
    if (!row) throw new PvLabError('not-found', `Run #${runId} has no chunk ${seq}`, 'the recording ends earlier; seek within its event count');
    return row.data;
  }

  checkpointIndex(runId: number): CheckpointEntry[] {
    return this.lab
      .stmt<[number], { event_index: number; t: number }>('SELECT event_index, t FROM checkpoints WHERE run_id = ? ORDER BY event_index')
      .all(runId)
      .map((c) => ({ eventIndex: c.event_index, t: c.t }));
  }

  checkpointData(runId: number, eventIndex: number): Uint8Array {
    const row = this.lab.stmt<[number, number], { data: Uint8Array }>('SELECT data FROM checkpoints WHERE run_id = ? AND event_index = ?').get(runId, eventIndex);
    if (!row) throw new PvLabError('not-found', `Run #${runId} has no checkpoint at event ${eventIndex}`, 'use one of the checkpoints the run lists');
    return row.data;
  }
}
