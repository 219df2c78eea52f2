-- The identity registry of the facilities' terminals (§15), outside the
-- chains: who a record's identity reference names. Erasing blanks the salt
-- and the fields and keeps the reference, category and when; an erased row
-- stays erased whatever a terminal sends for it later.
CREATE TABLE identities (
    facility   TEXT NOT NULL,
    ref        TEXT NOT NULL,
    terminal   TEXT NOT NULL,
    category   TEXT NOT NULL,
    salt       BLOB,
    id_number  TEXT NOT NULL DEFAULT '',
    name       TEXT NOT NULL DEFAULT '',
    phone      TEXT NOT NULL DEFAULT '',
    unit       TEXT NOT NULL DEFAULT '',
    visiting   TEXT NOT NULL DEFAULT '',
    plate      TEXT NOT NULL DEFAULT '',
    last_seen  TEXT NOT NULL,
    erased     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (facility, ref)
) STRICT;
CREATE INDEX identities_last_seen ON identities (last_seen) WHERE erased = '';
