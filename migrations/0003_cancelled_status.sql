-- A run stopped by the person (Ctrl-C, the Cancel button) is 'cancelled', apart from 'interrupted'
-- (its process ended before it finished). SQLite cannot change a CHECK constraint in place: the
-- runs table is rebuilt (https://sqlite.org/lang_altertable.html, "Making Other Kinds Of Table
-- Schema Changes"). The store applies migrations with foreign keys off and checks them after.
CREATE TABLE runs_new (
  id             INTEGER PRIMARY KEY,
  scenario_id    TEXT NOT NULL,
  title          TEXT NOT NULL,
  scenario_json  TEXT NOT NULL CHECK (json_valid(scenario_json)),
  scenario_hash  TEXT NOT NULL,
  -- the catalog entries the scenario uses, as they were, so replay and verify never depend on later edits
  catalog_json   TEXT NOT NULL CHECK (json_valid(catalog_json)),
  seed           INTEGER NOT NULL,
  engine_version TEXT NOT NULL,
  status         TEXT NOT NULL CHECK (status IN ('running', 'completed', 'cancelled', 'interrupted', 'failed')),
  recorded       INTEGER NOT NULL CHECK (recorded IN (0, 1)),
  parent_id      INTEGER REFERENCES runs (id) ON DELETE SET NULL,
  branch_json    TEXT CHECK (branch_json IS NULL OR json_valid(branch_json)),
  started_at     TEXT NOT NULL,
  finished_at    TEXT,
  wall_ms        REAL,
  sim_ns         INTEGER NOT NULL DEFAULT 0,
  event_count    INTEGER NOT NULL DEFAULT 0,
  event_hash     TEXT,
  chain_hash     TEXT,
  path_names     TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(path_names)),
  metrics_json   TEXT CHECK (metrics_json IS NULL OR json_valid(metrics_json)),
  warnings_json  TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(warnings_json)),
  error          TEXT,
  -- the process recording a running run; a running run whose process is gone was interrupted
  owner_pid      INTEGER,
  series_json    TEXT CHECK (series_json IS NULL OR json_valid(series_json))
);
INSERT INTO runs_new
  SELECT id, scenario_id, title, scenario_json, scenario_hash, catalog_json, seed, engine_version,
         CASE WHEN status = 'interrupted' AND error = 'cancelled by the user' THEN 'cancelled' ELSE status END,
         recorded, parent_id, branch_json, started_at, finished_at, wall_ms, sim_ns, event_count, event_hash,
         chain_hash, path_names, metrics_json, warnings_json, error, owner_pid, series_json
  FROM runs;
DROP TABLE runs;
ALTER TABLE runs_new RENAME TO runs;
CREATE INDEX runs_by_scenario ON runs (scenario_id, id);
CREATE INDEX runs_by_status ON runs (status, id);
CREATE INDEX runs_by_parent ON runs (parent_id) WHERE parent_id IS NOT NULL;
-- The run metrics' "completed" said whether every finite workload finished, which read as the run's
-- status (a run stopped at its time limit is completed with "completed": false): it is renamed.
UPDATE runs SET metrics_json = json_set(json_remove(metrics_json, '$.completed'), '$.workloadsFinished',
    json(CASE WHEN json_extract(metrics_json, '$.completed') THEN 'true' ELSE 'false' END))
  WHERE metrics_json IS NOT NULL AND json_type(metrics_json, '$.completed') IS NOT NULL;
