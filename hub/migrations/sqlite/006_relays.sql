-- Facility hubs that relay (§12). On the bureau's hub: the relays, each with
-- its own token, allowed to push the records of any terminal of its
-- facility. On a facility hub: how far each of its terminals' records has
-- been relayed upstream, and the cursor of what it pulled from upstream.
CREATE TABLE relays (
    facility   TEXT NOT NULL REFERENCES facilities (id),
    name       TEXT NOT NULL,
    token_hash BLOB NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT NOT NULL DEFAULT '',
    last_seen  TEXT NOT NULL DEFAULT '',
    pending    INTEGER NOT NULL DEFAULT -1,
    version    TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (facility, name)
) STRICT;

CREATE TABLE relay_cursors (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
) STRICT;
