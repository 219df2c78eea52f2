-- The rotation plan (轮岗, §11): each staff member's periods of custody duty,
-- observation, rest and standby, local dates inclusive. Reference data like
-- the roster: imported as CSV or pulled from the hub, replaced, never a
-- record (the records say what happened; the plan says what was planned).
CREATE TABLE rotation (
    badge      TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('custody', 'observation', 'rest', 'standby')),
    start      TEXT NOT NULL,
    end_day    TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (badge, start)
) STRICT;
CREATE INDEX rotation_day ON rotation (start, end_day);

-- A person's status (§11) is folded from the records that name them by
-- badge: passages, readings, incidents, clearances, standby and attendance.
-- This partial expression index finds one person's records without reading
-- the log, however long it is.
CREATE INDEX records_badge ON records (json_extract(body, '$.badge'), seq)
    WHERE kind IN ('passage', 'temperature', 'incident', 'clearance', 'standby.start',
                   'standby.end', 'standby.callup', 'standby.checkin', 'attendance');
