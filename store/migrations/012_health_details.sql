-- Health details tied to a person (§15): the answers to the epidemic
-- profile's questions at the main gate and the symptoms answer of a reading,
-- kept beside the log as identities are. A record names a row by ref and
-- carries a commitment made under salt; erasing a row blanks salt and detail
-- (secure_delete overwrites the freed bytes) and keeps ref, at and erased.
-- at is the record's time, RFC 3339 UTC: retention counts from the epidemic
-- profile's end, and a row made before a switch-off old enough is erased.
-- The rows stay on the terminal that recorded them: the rules and the
-- report read figures from the records, not these.
CREATE TABLE health_details (
    ref    TEXT PRIMARY KEY,
    salt   BLOB,
    detail TEXT NOT NULL DEFAULT '',
    at     TEXT NOT NULL,
    erased TEXT NOT NULL DEFAULT ''
);
CREATE INDEX health_details_at ON health_details (at) WHERE erased = '';

-- The facility feed's tombstone cursor (§15): the last identity erasure at
-- the hub this terminal applied ("N:REF", hub/wire.Tomb).
CREATE TABLE feed_erasures (
    id     INTEGER PRIMARY KEY CHECK (id = 1),
    cursor TEXT NOT NULL
);

-- The facility's retention as the hub publishes it in the feed (days per
-- category, identity.Category): the purge applies the stricter of this and
-- the terminal's own retention.* settings.
CREATE TABLE hub_retention (
    category TEXT PRIMARY KEY,
    days     INTEGER NOT NULL
);
