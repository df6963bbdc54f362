-- Facts about the lab file itself, by key. 'builtins': the fingerprint of the built-in catalog
-- the file was last seeded with (core/catalog builtInFingerprint); a lab opened by the same PV
-- Lab skips validating and comparing every built-in entry again.
CREATE TABLE lab_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
