-- The terminal's identity: exactly one row once the terminal is initialised.
CREATE TABLE identity (
    one           INTEGER PRIMARY KEY CHECK (one = 1),
    facility_id   TEXT NOT NULL,
    facility_name TEXT NOT NULL,
    terminal      TEXT NOT NULL,
    home_gate     INTEGER NOT NULL CHECK (home_gate BETWEEN 1 AND 5),
    created_at    TEXT NOT NULL
);

-- The append-only record log (§5). seq is the rowid, so the newest record and
-- any seq range are found without scanning.
CREATE TABLE records (
    seq      INTEGER PRIMARY KEY,
    id       TEXT NOT NULL UNIQUE,
    terminal TEXT NOT NULL,
    facility TEXT NOT NULL,
    kind     TEXT NOT NULL,
    gate     INTEGER NOT NULL,
    guard    TEXT NOT NULL,
    at       TEXT NOT NULL,
    day      TEXT NOT NULL,          -- local date of at, for per-day queries
    body     TEXT NOT NULL,
    prev     TEXT NOT NULL,
    hash     TEXT NOT NULL,
    ref      TEXT NOT NULL DEFAULT '', -- target id of a void / override / incident
    mono_ms  INTEGER NOT NULL DEFAULT 0 -- ms since the process started, to expose clock jumps
) STRICT;

CREATE INDEX records_gate_day ON records (gate, day, seq);
CREATE INDEX records_day_kind ON records (day, kind);
CREATE INDEX records_ref ON records (ref) WHERE ref <> '';

CREATE TRIGGER records_no_update BEFORE UPDATE ON records
BEGIN SELECT RAISE(ABORT, 'records are append-only: UPDATE refused'); END;
CREATE TRIGGER records_no_delete BEFORE DELETE ON records
BEGIN SELECT RAISE(ABORT, 'records are append-only: DELETE refused'); END;

-- Reference data: the roster.
CREATE TABLE people (
    badge      TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    id_number  TEXT NOT NULL DEFAULT '',
    kind       TEXT NOT NULL CHECK (kind IN ('staff', 'detainee')),
    unit       TEXT NOT NULL DEFAULT '',
    assignment TEXT NOT NULL DEFAULT '',
    active     INTEGER NOT NULL DEFAULT 1,
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX people_id_number ON people (id_number) WHERE id_number <> '';
CREATE INDEX people_unit ON people (kind, unit, badge);

CREATE TABLE passes (
    id         TEXT PRIMARY KEY,
    holder     TEXT NOT NULL,
    badge      TEXT NOT NULL DEFAULT '',
    id_number  TEXT NOT NULL DEFAULT '',
    plate      TEXT NOT NULL DEFAULT '',
    valid_from TEXT NOT NULL,
    valid_to   TEXT NOT NULL,
    note       TEXT NOT NULL DEFAULT '',
    updated_at TEXT NOT NULL
) STRICT;
CREATE INDEX passes_badge ON passes (badge) WHERE badge <> '';
CREATE INDEX passes_id_number ON passes (id_number) WHERE id_number <> '';
CREATE INDEX passes_plate ON passes (plate) WHERE plate <> '';

CREATE TABLE guards (
    badge        TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('guard', 'supervisor', 'admin')),
    pin_hash     TEXT NOT NULL,
    failures     INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT NOT NULL DEFAULT '',
    updated_at   TEXT NOT NULL
) STRICT;

-- Small mutable settings (language, fever threshold, …).
CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
