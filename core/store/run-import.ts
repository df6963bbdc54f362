/**
 * Writing an imported run: its row, chunks, checkpoints, tags and notes in one transaction, so a
 * bundle that fails half-way leaves nothing behind. The caller has checked every hash; this
 * writes what it is given, as a new run with no parent in this lab.
 */
import { type BranchInfo, type RunMetrics, type RunStatus, type Scenario, type SeriesPoint } from '../model/index.ts';
import { type CatalogSnapshot, canonicalScenario } from '../trace/plan.ts';
import type { ChunkSummary } from '../trace/chunk.ts';
import type { LabDb } from './db.ts';

export interface ImportedRun {
  title: string;
  scenario: Scenario;
  catalog: CatalogSnapshot;
  seed: number;
  engineVersion: string;
  status: Exclude<RunStatus, 'running'>;
  recorded: boolean;
  branch: BranchInfo | null;
  startedAt: string;
  finishedAt: string | null;
  wallMs: number | null;
  simNs: number;
  eventCount: number;
  eventHash: string | null;
  chainHash: string | null;
  pathNames: string[];
  metrics: RunMetrics | null;
  warnings: string[];
  error: string | null;
  series: { windowNs: number; points: SeriesPoint[] } | null;
  tags: string[];
  notes: { text: string; createdAt: string }[];
  chunks: { seq: number; firstEvent: number; count: number; tFirst: number; tLast: number; hash: string; chain: string; summary: ChunkSummary; data: Uint8Array }[];
  checkpoints: { eventIndex: number; t: number; data: Uint8Array }[];
}

/** Insert the run and its recording; returns the new run id. */
export function insertImportedRun(lab: LabDb, r: ImportedRun): number {
  const { json, hash } = canonicalScenario(r.scenario);
  return lab.tx(() => {
    const res = lab.stmt(
      `INSERT INTO runs (scenario_id, title, scenario_json, scenario_hash, catalog_json, seed, engine_version, status, recorded, parent_id, branch_json,
         started_at, finished_at, wall_ms, sim_ns, event_count, event_hash, chain_hash, path_names, metrics_json, warnings_json, error, owner_pid, series_json)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)`,
    ).run(
      r.scenario.id, r.title, json, hash, JSON.stringify(r.catalog), r.seed, r.engineVersion, r.status, r.recorded ? 1 : 0,
      r.branch ? JSON.stringify({ ...r.branch, parentId: null }) : null, r.startedAt, r.finishedAt, r.wallMs, r.simNs, r.eventCount, r.eventHash, r.chainHash,
      JSON.stringify(r.pathNames), r.metrics ? JSON.stringify(r.metrics) : null, JSON.stringify(r.warnings), r.error, r.series ? JSON.stringify(r.series) : null,
    );
    const id = Number(res.lastInsertRowid);
    const chunk = lab.stmt('INSERT INTO chunks (run_id, seq, first_event, event_count, t_first, t_last, hash, chain, summary, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    for (const c of r.chunks) chunk.run(id, c.seq, c.firstEvent, c.count, c.tFirst, c.tLast, c.hash, c.chain, JSON.stringify(c.summary), c.data);
    const cp = lab.stmt('INSERT INTO checkpoints (run_id, event_index, t, data) VALUES (?, ?, ?, ?)');
    for (const c of r.checkpoints) cp.run(id, c.eventIndex, c.t, c.data);
    const tag = lab.stmt('INSERT OR IGNORE INTO run_tags (run_id, tag) VALUES (?, ?)');
    for (const t of r.tags) tag.run(id, t);
    const note = lab.stmt('INSERT INTO run_notes (run_id, text, created_at) VALUES (?, ?, ?)');
    for (const n of r.notes) note.run(id, n.text, n.createdAt);
    return id;
  });
}
