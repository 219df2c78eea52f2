-- REPLACE (INSERT OR REPLACE, REPLACE INTO, an upsert's REPLACE resolution)
-- deletes the row it collides with without firing DELETE triggers, so it
-- could rewrite a saved record. Refuse any insert that collides instead.
CREATE TRIGGER records_no_replace BEFORE INSERT ON records
WHEN EXISTS (SELECT 1 FROM records WHERE seq = NEW.seq OR id = NEW.id)
BEGIN SELECT RAISE(ABORT, 'records are append-only: REPLACE refused'); END;
