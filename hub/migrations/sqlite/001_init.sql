-- The hub's SQLite schema. Times are RFC 3339 text in UTC with nanoseconds
-- unless said otherwise.

CREATE TABLE facilities (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;

-- A provisioned terminal. The token itself is never stored: only its SHA-256.
-- The chain columns are the hub's running view of the terminal's hash chain,
-- updated in the same transaction as the records they describe.
CREATE TABLE terminals (
    facility      TEXT NOT NULL REFERENCES facilities (id),
    name          TEXT NOT NULL,
    token_hash    BLOB NOT NULL UNIQUE,
    created_at    TEXT NOT NULL,
    revoked_at    TEXT NOT NULL DEFAULT '',
    last_seen     TEXT NOT NULL DEFAULT '',
    last_push     TEXT NOT NULL DEFAULT '',
    clock_skew_ms INTEGER NOT NULL DEFAULT 0,
    pending       INTEGER NOT NULL DEFAULT -1,
    head_seq      INTEGER NOT NULL DEFAULT 0,
    head_hash     TEXT NOT NULL DEFAULT '',
    max_seq       INTEGER NOT NULL DEFAULT 0,
    stored        INTEGER NOT NULL DEFAULT 0,
    break_seq     INTEGER NOT NULL DEFAULT 0,
    break_reason  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (facility, name)
) STRICT;

-- Every record received, exactly once (id is the key). at is kept exactly as
-- hashed (the terminal's offset); day is its local date.
CREATE TABLE records (
    id          TEXT PRIMARY KEY,
    facility    TEXT NOT NULL,
    terminal    TEXT NOT NULL,
    seq         INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    gate        INTEGER NOT NULL,
    guard       TEXT NOT NULL,
    at          TEXT NOT NULL,
    day         TEXT NOT NULL,
    body        TEXT NOT NULL,
    prev        TEXT NOT NULL,
    hash        TEXT NOT NULL,
    received_at TEXT NOT NULL,
    UNIQUE (facility, terminal, seq)
) STRICT;
CREATE INDEX records_day ON records (facility, day, kind);

CREATE TRIGGER records_no_update BEFORE UPDATE ON records
BEGIN SELECT RAISE(ABORT, 'records are append-only: UPDATE refused'); END;
CREATE TRIGGER records_no_delete BEFORE DELETE ON records
BEGIN SELECT RAISE(ABORT, 'records are append-only: DELETE refused'); END;

-- Pushed records that clash with a held one (same id, different content; or a
-- seq already held by another record). Kept for the operator, shown on the
-- dashboard; the same conflicting record is kept once.
CREATE TABLE conflicts (
    n             INTEGER PRIMARY KEY,
    id            TEXT NOT NULL,
    hash          TEXT NOT NULL,
    facility      TEXT NOT NULL,
    terminal      TEXT NOT NULL,
    seq           INTEGER NOT NULL,
    code          TEXT NOT NULL,
    existing_id   TEXT NOT NULL,
    existing_hash TEXT NOT NULL,
    record        TEXT NOT NULL, -- the pushed record as JSON
    received_at   TEXT NOT NULL,
    UNIQUE (id, hash)
) STRICT;

-- The change counter that orders reference data and notices for pull.
CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) STRICT;
INSERT INTO counters (name, value) VALUES ('change', 0);

CREATE TABLE people (
    facility   TEXT NOT NULL REFERENCES facilities (id),
    badge      TEXT NOT NULL,
    name       TEXT NOT NULL,
    id_number  TEXT NOT NULL DEFAULT '',
    kind       TEXT NOT NULL,
    unit       TEXT NOT NULL DEFAULT '',
    assignment TEXT NOT NULL DEFAULT '',
    active     INTEGER NOT NULL DEFAULT 1,
    change     INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (facility, badge)
) STRICT;
CREATE INDEX people_change ON people (facility, change);

CREATE TABLE passes (
    facility   TEXT NOT NULL REFERENCES facilities (id),
    id         TEXT NOT NULL,
    holder     TEXT NOT NULL,
    badge      TEXT NOT NULL DEFAULT '',
    id_number  TEXT NOT NULL DEFAULT '',
    plate      TEXT NOT NULL DEFAULT '',
    valid_from TEXT NOT NULL,
    valid_to   TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    change     INTEGER NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (facility, id)
) STRICT;
CREATE INDEX passes_change ON passes (facility, change);

-- facility '' is a notice for every facility.
CREATE TABLE notices (
    id           TEXT PRIMARY KEY,
    facility     TEXT NOT NULL,
    title        TEXT NOT NULL,
    body         TEXT NOT NULL,
    day          TEXT NOT NULL,
    published_at TEXT NOT NULL,
    change       INTEGER NOT NULL
) STRICT;
CREATE INDEX notices_change ON notices (facility, change);
