-- Erasures travel to the posts in the facility feed (§15): an erased row
-- gets a tombstone number, increasing with each erasure at this hub, and a
-- post asks for the tombstones after the last it applied. Rows erased before
-- this migration get the first number, so every post hears of them once.
ALTER TABLE identities ADD COLUMN tomb INTEGER NOT NULL DEFAULT 0;
UPDATE identities SET tomb = 1 WHERE erased <> '';
CREATE INDEX identities_tomb ON identities (facility, tomb, ref) WHERE tomb > 0;
