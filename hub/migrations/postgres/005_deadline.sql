-- Each facility's deadline for its daily report (§14): the local time of
-- the day the report covers, "HH:MM", by which the hub must have received
-- it for it to count as on time.
ALTER TABLE facilities ADD COLUMN deadline text NOT NULL DEFAULT '16:00';
