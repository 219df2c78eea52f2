-- Each facility's figures per day (§14), recomputed from the records of the
-- (facility, day) pairs a push changed, so that a dashboard page reads one
-- row per facility however many records the hub holds. basis is how many
-- records the figures were computed from: records are append-only, so a
-- larger basis is a later view and a write with a smaller one is dropped
-- (two hub processes racing on one day). Rows are derived and can be
-- rebuilt from the records at any time.
CREATE TABLE day_figures (
    facility    text NOT NULL,
    day         text NOT NULL,
    basis       bigint NOT NULL,
    records     integer NOT NULL,
    screened    integer NOT NULL,
    fevers      integer NOT NULL,
    denials     integer NOT NULL,
    reasons     text NOT NULL,   -- denials by reason code, JSON object
    incidents   integer NOT NULL,
    report      text NOT NULL,   -- the day's report.daily as JSON, '' when none
    computed_at timestamptz NOT NULL,
    PRIMARY KEY (facility, day)
);
CREATE INDEX day_figures_day ON day_figures (day);

-- Failed dashboard sign-ins (§14), kept in the database so that every hub
-- process on it counts the same ones. key is the SHA-256 of the client
-- address and the name typed (which may be a password typed in the wrong
-- field: it is not kept in clear).
CREATE TABLE signin_failures (
    key bytea NOT NULL,
    at  timestamptz NOT NULL
);
CREATE INDEX signin_failures_key ON signin_failures (key, at);
CREATE INDEX signin_failures_at ON signin_failures (at);
