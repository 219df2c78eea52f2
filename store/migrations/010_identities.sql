-- The identity registry (§15): who a non-rostered person is, beside the log
-- rather than in it. Records name them by ref and carry a commitment made
-- under salt; erasing a row blanks salt and fields (secure_delete overwrites
-- the freed bytes) and keeps the ref, category and erased time, so that the
-- erasure itself travels to the hub and the facility's peers.
CREATE TABLE identities (
    ref        TEXT PRIMARY KEY,
    category   TEXT NOT NULL,
    salt       BLOB,
    id_number  TEXT NOT NULL DEFAULT '',
    name       TEXT NOT NULL DEFAULT '',
    phone      TEXT NOT NULL DEFAULT '',
    unit       TEXT NOT NULL DEFAULT '',
    visiting   TEXT NOT NULL DEFAULT '',
    plate      TEXT NOT NULL DEFAULT '',
    -- lookup finds the identity again on a later visit (identity.Fields.Key).
    lookup     TEXT NOT NULL DEFAULT '',
    last_seen  TEXT NOT NULL,
    erased     TEXT NOT NULL DEFAULT '',
    -- terminal that made the row; '' for this one.
    terminal   TEXT NOT NULL DEFAULT '',
    -- dirty: changed here since the hub last acknowledged it.
    dirty      INTEGER NOT NULL DEFAULT 1
) STRICT;
CREATE INDEX identities_lookup ON identities (lookup) WHERE lookup <> '';
CREATE INDEX identities_dirty ON identities (ref) WHERE dirty = 1;
CREATE INDEX identities_last_seen ON identities (category, last_seen) WHERE erased = '';
