PRAGMA application_id = 1347832898;

PRAGMA user_version = 4;

CREATE INDEX run_notes_by_run ON run_notes (run_id, id);

CREATE INDEX run_tags_by_tag ON run_tags (tag, run_id);

CREATE INDEX runs_by_parent ON runs (parent_id) WHERE parent_id IS NOT NULL;

CREATE INDEX runs_by_scenario ON runs (scenario_id, id);

CREATE INDEX runs_by_status ON runs (status, id);

-- index sqlite_autoindex_checkpoints_1 on checkpoints (automatic)

-- index sqlite_autoindex_chunks_1 on chunks (automatic)

CREATE TABLE catalog_entries (
  kind       TEXT NOT NULL CHECK (kind IN ('profiles', 'hypervisors', 'oses', 'addons', 'workloads')),
  id         TEXT NOT NULL,
  builtin    INTEGER NOT NULL CHECK (builtin IN (0, 1)),
  name       TEXT NOT NULL,
  json       TEXT NOT NULL CHECK (json_valid(json)),
  updated_at TEXT NOT NULL,
  PRIMARY KEY (kind, id)
) WITHOUT ROWID;

CREATE TABLE checkpoints (
  run_id      INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  event_index INTEGER NOT NULL,
  t           INTEGER NOT NULL,
  data        BLOB NOT NULL,
  PRIMARY KEY (run_id, event_index)
);

CREATE TABLE chunks (
  run_id      INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  seq         INTEGER NOT NULL,
  first_event INTEGER NOT NULL,
  event_count INTEGER NOT NULL CHECK (event_count > 0),
  t_first     INTEGER NOT NULL,
  t_last      INTEGER NOT NULL,
  hash        TEXT NOT NULL,
  chain       TEXT NOT NULL,
  summary     TEXT NOT NULL CHECK (json_valid(summary)),
  data        BLOB NOT NULL,
  PRIMARY KEY (run_id, seq)
);

CREATE TABLE lab_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE run_notes (
  id         INTEGER PRIMARY KEY,
  run_id     INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  text       TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 10000),
  created_at TEXT NOT NULL
);

CREATE TABLE run_tags (
  run_id INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
  tag    TEXT NOT NULL CHECK (length(tag) BETWEEN 1 AND 64),
  PRIMARY KEY (run_id, tag)
) WITHOUT ROWID;

CREATE TABLE "runs" (
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

CREATE TABLE scenarios (
  id         TEXT PRIMARY KEY,
  builtin    INTEGER NOT NULL CHECK (builtin IN (0, 1)),
  title      TEXT NOT NULL,
  json       TEXT NOT NULL CHECK (json_valid(json)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
) WITHOUT ROWID;
