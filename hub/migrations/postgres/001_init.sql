-- The hub's PostgreSQL schema: the same tables as the SQLite one
-- (migrations/sqlite), so that both backends answer alike. Differences, and
-- why:
--   * the hub's own times (created, seen, received, published) are
--     timestamptz, NULL when unset (SQLite keeps '' text); microseconds;
--   * a record's at stays text exactly as hashed, with the terminal's
--     offset, and a pass's validity stays RFC 3339 text, offset and all:
--     what the hub hands back must be what it was given; a record's day
--     (the date part of at) is text too, as a date it would refuse the years
--     RFC 3339 allows and PostgreSQL does not (0000);
--   * body is text, not jsonb: jsonb would reorder keys and the canonical
--     bytes (and so the hash) would be lost;
--   * a record's guard and prev are bytea (UTF-8 bytes): they are the only
--     strings of a record that may hold U+0000 and still pass the hub's
--     checks (the body's canonical JSON escapes it, the id, kind, names and
--     hash cannot hold it), and PostgreSQL text cannot store U+0000. As text,
--     such a record would fail its whole push on every retry where SQLite
--     stores it: the answers must not depend on the backend;
--   * the change counter is a sequence (change_seq); its writers take a
--     transaction-level advisory lock so that values become visible in order.
-- Objects are created unqualified: they land in the first schema of the
-- connection's search_path, so one database can hold several hubs.

CREATE TABLE facilities (
    id         text PRIMARY KEY,
    name       text NOT NULL,
    created_at timestamptz NOT NULL
);

-- The token itself is never stored: only its SHA-256. The chain columns are
-- the hub's running view of the terminal's chain, written in the same
-- transaction as the records they describe, under this row's lock.
CREATE TABLE terminals (
    facility      text NOT NULL REFERENCES facilities (id),
    name          text NOT NULL,
    token_hash    bytea NOT NULL UNIQUE,
    created_at    timestamptz NOT NULL,
    revoked_at    timestamptz,
    last_seen     timestamptz,
    last_push     timestamptz,
    clock_skew_ms bigint NOT NULL DEFAULT 0,
    pending       bigint NOT NULL DEFAULT -1,
    head_seq      bigint NOT NULL DEFAULT 0,
    head_hash     text NOT NULL DEFAULT '',
    max_seq       bigint NOT NULL DEFAULT 0,
    stored        bigint NOT NULL DEFAULT 0,
    break_seq     bigint NOT NULL DEFAULT 0,
    break_reason  text NOT NULL DEFAULT '',
    PRIMARY KEY (facility, name)
);

-- Every record received, exactly once: id is the key, and (facility,
-- terminal, seq) is unique too.
CREATE TABLE records (
    id          text PRIMARY KEY,
    facility    text NOT NULL,
    terminal    text NOT NULL,
    seq         bigint NOT NULL,
    kind        text NOT NULL,
    gate        smallint NOT NULL,
    guard       bytea NOT NULL, -- bytea, as prev: see above
    at          text NOT NULL,
    day         text NOT NULL, -- the local date of at, YYYY-MM-DD (text: at may be any RFC 3339 year)
    body        text NOT NULL,
    prev        bytea NOT NULL,
    hash        text NOT NULL,
    received_at timestamptz NOT NULL,
    UNIQUE (facility, terminal, seq)
);
CREATE INDEX records_day ON records (facility, day, kind);

CREATE FUNCTION records_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'records are append-only: % refused', TG_OP;
END $$;
CREATE TRIGGER records_no_update BEFORE UPDATE OR DELETE ON records
    FOR EACH ROW EXECUTE FUNCTION records_append_only();
CREATE TRIGGER records_no_truncate BEFORE TRUNCATE ON records
    FOR EACH STATEMENT EXECUTE FUNCTION records_append_only();

-- Pushed records that clash with a held one, kept for the operator; the same
-- conflicting record (id and hash) is kept once.
CREATE TABLE conflicts (
    n             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id            text NOT NULL,
    hash          text NOT NULL,
    facility      text NOT NULL,
    terminal      text NOT NULL,
    seq           bigint NOT NULL,
    code          text NOT NULL,
    existing_id   text NOT NULL,
    existing_hash text NOT NULL,
    record        text NOT NULL, -- the pushed record as JSON
    received_at   timestamptz NOT NULL,
    UNIQUE (id, hash)
);

-- The change counter that orders reference data and notices for pull.
CREATE SEQUENCE change_seq AS bigint MINVALUE 1 START 1;

CREATE TABLE people (
    facility   text NOT NULL REFERENCES facilities (id),
    badge      text NOT NULL,
    name       text NOT NULL,
    id_number  text NOT NULL DEFAULT '',
    kind       text NOT NULL,
    unit       text NOT NULL DEFAULT '',
    assignment text NOT NULL DEFAULT '',
    active     boolean NOT NULL DEFAULT true,
    change     bigint NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (facility, badge)
);
CREATE INDEX people_change ON people (facility, change);

CREATE TABLE passes (
    facility   text NOT NULL REFERENCES facilities (id),
    id         text NOT NULL,
    holder     text NOT NULL,
    badge      text NOT NULL DEFAULT '',
    id_number  text NOT NULL DEFAULT '',
    plate      text NOT NULL DEFAULT '',
    valid_from text NOT NULL,
    valid_to   text NOT NULL,
    note       text NOT NULL DEFAULT '',
    change     bigint NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (facility, id)
);
CREATE INDEX passes_change ON passes (facility, change);

-- facility '' is a notice for every facility.
CREATE TABLE notices (
    id           text PRIMARY KEY,
    facility     text NOT NULL,
    title        text NOT NULL,
    body         text NOT NULL,
    day          text NOT NULL,
    published_at timestamptz NOT NULL,
    change       bigint NOT NULL
);
CREATE INDEX notices_change ON notices (facility, change);
