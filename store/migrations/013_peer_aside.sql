-- Peer records that verified (their hash, their link) but could not be kept
-- in peer_records: a body SQLite's JSON functions refuse — nested deeper
-- than they read, which a hub older than its bound on nesting stored and
-- served. Each is set aside here with why and the record as served, for a
-- person to see; its peer's chain goes on past it, so one such record never
-- stops the feed.
CREATE TABLE peer_aside (
    terminal TEXT NOT NULL,
    seq      INTEGER NOT NULL,
    id       TEXT NOT NULL,
    hash     TEXT NOT NULL,
    reason   TEXT NOT NULL,
    record   TEXT NOT NULL,
    set_at   TEXT NOT NULL,
    PRIMARY KEY (terminal, seq)
) STRICT;
