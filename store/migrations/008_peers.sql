-- The facility feed (§12): records of the other terminals of this facility,
-- pulled from the hub, kept apart from this terminal's own log — never in
-- its chain, never pushed again — each peer's chain verified as it arrives.
CREATE TABLE peer_records (
    terminal TEXT NOT NULL,
    seq      INTEGER NOT NULL,
    id       TEXT NOT NULL UNIQUE,
    facility TEXT NOT NULL,
    kind     TEXT NOT NULL,
    gate     INTEGER NOT NULL,
    guard    TEXT NOT NULL,
    at       TEXT NOT NULL,
    day      TEXT NOT NULL,
    body     TEXT NOT NULL,
    prev     TEXT NOT NULL,
    hash     TEXT NOT NULL,
    ref      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (terminal, seq)
) STRICT;
CREATE INDEX peer_records_kind_day ON peer_records (kind, day);
CREATE INDEX peer_records_gate_day ON peer_records (gate, day);
CREATE INDEX peer_records_ref ON peer_records (ref) WHERE ref <> '';
CREATE INDEX peer_records_badge ON peer_records (json_extract(body, '$.badge'))
    WHERE kind IN ('passage', 'temperature', 'incident', 'clearance', 'standby.start',
                   'standby.end', 'standby.callup', 'standby.checkin', 'attendance');

CREATE TRIGGER peer_records_no_update BEFORE UPDATE ON peer_records
BEGIN SELECT RAISE(ABORT, 'peer records are append-only: UPDATE refused'); END;
CREATE TRIGGER peer_records_no_delete BEFORE DELETE ON peer_records
BEGIN SELECT RAISE(ABORT, 'peer records are append-only: DELETE refused'); END;

-- Each peer: how far its verified chain reaches here, what the hub last said
-- of it, and the first record refused (a chain that did not verify: shown,
-- and nothing after it is taken until it is resolved).
CREATE TABLE peers (
    terminal       TEXT PRIMARY KEY,
    head_seq       INTEGER NOT NULL DEFAULT 0,
    head_hash      TEXT NOT NULL DEFAULT '',
    hub_head_seq   INTEGER NOT NULL DEFAULT 0,
    last_push      TEXT NOT NULL DEFAULT '',
    refused_seq    INTEGER NOT NULL DEFAULT 0,
    refused_reason TEXT NOT NULL DEFAULT '',
    pulled_at      TEXT NOT NULL DEFAULT ''
) STRICT;
