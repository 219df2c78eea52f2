-- The identity registry of the facilities' terminals (§15), outside the
-- chains: who a record's identity reference names. Erasing blanks the salt
-- and the fields and keeps the reference, category and when; an erased row
-- stays erased whatever a terminal sends for it later.
CREATE TABLE identities (
    facility   text NOT NULL,
    ref        text NOT NULL,
    terminal   text NOT NULL,
    category   text NOT NULL,
    salt       bytea,
    id_number  text NOT NULL DEFAULT '',
    name       text NOT NULL DEFAULT '',
    phone      text NOT NULL DEFAULT '',
    unit       text NOT NULL DEFAULT '',
    visiting   text NOT NULL DEFAULT '',
    plate      text NOT NULL DEFAULT '',
    last_seen  text NOT NULL,
    erased     text NOT NULL DEFAULT '',
    PRIMARY KEY (facility, ref)
);
CREATE INDEX identities_last_seen ON identities (last_seen) WHERE erased = '';
