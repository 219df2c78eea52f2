-- Sync with the hub (§7). Records stay append-only: what the hub answered is
-- kept beside them, never written into them.

-- One row: how far the push has gone and where the pull cursor stands.
-- pushed_seq: every record with seq <= pushed_seq has had the hub's answer
-- (stored, duplicate, or parked below). Records are pushed in seq order, so a
-- cursor is enough and the count of pending records is MAX(seq) - pushed_seq.
-- pull_cursor: the hub's change counter up to which reference data and
-- notices have been applied here.
CREATE TABLE sync_state (
    one         INTEGER PRIMARY KEY CHECK (one = 1),
    pushed_seq  INTEGER NOT NULL DEFAULT 0,
    pull_cursor INTEGER NOT NULL DEFAULT 0,
    last_ok     TEXT NOT NULL DEFAULT ''    -- RFC 3339 time of the last complete sync
) STRICT;
INSERT INTO sync_state (one) VALUES (1);

-- Records the hub refused (rejected) or holds differently (conflict). They are
-- parked with the reason so a guard or the operator can see them, and the push
-- moves past them: one bad record never blocks the others.
CREATE TABLE sync_parked (
    seq       INTEGER PRIMARY KEY,          -- the record's seq in records
    id        TEXT NOT NULL,
    status    TEXT NOT NULL CHECK (status IN ('rejected', 'conflict')),
    code      TEXT NOT NULL,
    reason    TEXT NOT NULL,
    parked_at TEXT NOT NULL
) STRICT;

-- The hub this terminal syncs with (gatepost join): one row when joined.
-- The CA certificate is kept as PEM text, not as a path, so that moving or
-- deleting the file after join cannot break sync.
CREATE TABLE sync_hub (
    one       INTEGER PRIMARY KEY CHECK (one = 1),
    url       TEXT NOT NULL,
    token     TEXT NOT NULL,
    ca_pem    TEXT NOT NULL DEFAULT '',
    joined_at TEXT NOT NULL
) STRICT;

-- Daily instructions (§3 日部署) published at the hub and pulled here.
-- day is the date a notice is for (YYYY-MM-DD).
CREATE TABLE notices (
    id           TEXT PRIMARY KEY,
    title        TEXT NOT NULL,
    body         TEXT NOT NULL,
    day          TEXT NOT NULL,
    published_at TEXT NOT NULL
) STRICT;
CREATE INDEX notices_day ON notices (day);
