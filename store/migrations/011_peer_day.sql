-- (numbered 013 for an hour on main; IF NOT EXISTS lets a database made then open)
-- The facility's day (the report, the roll-call, F6) reads the peers'
-- records of one day: without an index that starts with the day it scanned
-- every peer record ever pulled. records has (day, kind) since 001.
CREATE INDEX IF NOT EXISTS peer_records_day_kind ON peer_records (day, kind);
