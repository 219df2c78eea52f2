-- Erasures travel to the posts in the facility feed (§15): an erased row
-- gets a tombstone number, increasing with each erasure at this hub, and a
-- post asks for the tombstones after the last it applied. Rows erased before
-- this migration get the first number, so every post hears of them once.
ALTER TABLE identities ADD COLUMN tomb BIGINT NOT NULL DEFAULT 0;
UPDATE identities SET tomb = 1 WHERE erased <> '';
CREATE INDEX identities_tomb ON identities (facility, tomb, ref) WHERE tomb > 0;

-- A facility's retention (§15) as the hub publishes it in the feed: the
-- posts apply the stricter of their own setting and this. 0 leaves a
-- category to the posts.
CREATE TABLE facility_retention (
    facility     TEXT PRIMARY KEY,
    visitor_days INTEGER NOT NULL DEFAULT 0,
    vehicle_days INTEGER NOT NULL DEFAULT 0,
    health_days  INTEGER NOT NULL DEFAULT 0
);
