-- How many times in a row a badge has been locked for wrong PINs: each
-- further lock lasts twice as long as the one before (auth.LockDuration).
-- A right PIN, or a new PIN from an import, sets it back to 0.
ALTER TABLE guards ADD COLUMN lockouts INTEGER NOT NULL DEFAULT 0;
