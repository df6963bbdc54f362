-- Figures per window of simulated time (units, exits, CPU split per guest), sampled while a run
-- ran, for the run page's live charts and the replay page's charts.
ALTER TABLE runs ADD COLUMN series_json TEXT CHECK (series_json IS NULL OR json_valid(series_json));
