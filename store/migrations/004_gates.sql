-- Gates 2–5 read records by kind across days: the standby stints still open,
-- supplies received but not yet stored, meal samples still held, the last
-- day an attendance list was set. This index lets those reads touch only the
-- records of those kinds, however large the log grows.
CREATE INDEX records_kind_day ON records (kind, day, seq);
