-- A person's status reads the records naming their badge by kind and by day
-- (a fever bar or a standby stint at any age, but readings and crossings of
-- the last days only): one index on (badge, day) for every record that names
-- a badge serves both, where 007's and 008's served only the whole history.
DROP INDEX records_badge;
CREATE INDEX records_badge_day ON records (json_extract(body, '$.badge'), day)
    WHERE json_extract(body, '$.badge') IS NOT NULL;
DROP INDEX peer_records_badge;
CREATE INDEX peer_records_badge_day ON peer_records (json_extract(body, '$.badge'), day)
    WHERE json_extract(body, '$.badge') IS NOT NULL;
