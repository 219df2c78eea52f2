-- The rotation plan (轮岗, §11), pulled by terminals like the roster. One row
-- per person: their whole plan as a JSON array of {kind, start, end}, so a
-- replanned rotation replaces the old one whole on every terminal (an empty
-- array clears it).
CREATE TABLE rotation (
    facility   text NOT NULL REFERENCES facilities (id),
    badge      text NOT NULL,
    plan       jsonb NOT NULL,
    change     bigint NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (facility, badge)
);
CREATE INDEX rotation_change ON rotation (facility, change);
