-- Forks and records above a gap (issue 15); see migrations/sqlite/002.
-- A record enters records only when its link verifies; one whose
-- predecessor the hub does not hold yet waits here until the gap closes,
-- then is linked into records or set aside in conflicts (a second chain).
CREATE TABLE waiting (
    id          text PRIMARY KEY,
    facility    text NOT NULL,
    terminal    text NOT NULL,
    seq         bigint NOT NULL,
    hash        text NOT NULL,
    record      text NOT NULL, -- the pushed record as JSON (U+0000 escaped)
    received_at timestamptz NOT NULL
);
CREATE INDEX waiting_seq ON waiting (facility, terminal, seq);

ALTER TABLE terminals
    ADD COLUMN fork_seq bigint NOT NULL DEFAULT 0,
    ADD COLUMN fork_reason text NOT NULL DEFAULT '';
