-- Forks and records above a gap (issue 15).
--
-- A record enters records only when its link verifies: its predecessor is
-- held and prev is that record's hash. So records holds, per terminal, one
-- linked chain 1..head_seq.
--
-- A record whose predecessor the hub does not hold yet waits here until the
-- gap below it closes; it is then linked into records, or, if it does not
-- link, set aside in conflicts as part of a second chain. Rows leave this
-- table only into one of those two: nothing pushed is ever dropped.
CREATE TABLE waiting (
    id          TEXT PRIMARY KEY,
    facility    TEXT NOT NULL,
    terminal    TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    hash        TEXT NOT NULL,
    record      TEXT NOT NULL, -- the pushed record as JSON
    received_at TEXT NOT NULL
) STRICT;
CREATE INDEX waiting_seq ON waiting (facility, terminal, seq);

-- The first seq at which a second chain of the terminal was seen (a cloned
-- disk, a restored PC pushing beside the original); 0 while there is none.
-- The second chain's records are in conflicts.
ALTER TABLE terminals ADD COLUMN fork_seq INTEGER NOT NULL DEFAULT 0;
ALTER TABLE terminals ADD COLUMN fork_reason TEXT NOT NULL DEFAULT '';
