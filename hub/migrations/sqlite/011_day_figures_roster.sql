-- The roster a day's coverage is counted against (as of the day's end, with
-- the facility's admissions and releases), kept with the day's figures; -1
-- for a row computed before it was kept, recomputed when a page reads it.
ALTER TABLE day_figures ADD COLUMN roster INTEGER NOT NULL DEFAULT -1;
