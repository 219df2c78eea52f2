-- Facility hubs that relay (§12). On the bureau's hub: the relays, each with
-- its own token, allowed to push the records of any terminal of its
-- facility. On a facility hub: how far each of its terminals' records has
-- been relayed upstream, and the cursor of what it pulled from upstream.
CREATE TABLE relays (
    facility   text NOT NULL REFERENCES facilities (id),
    name       text NOT NULL,
    token_hash bytea NOT NULL UNIQUE,
    created_at timestamptz NOT NULL,
    revoked_at timestamptz,
    last_seen  timestamptz,
    pending    bigint NOT NULL DEFAULT -1,
    version    text NOT NULL DEFAULT '',
    PRIMARY KEY (facility, name)
);

CREATE TABLE relay_cursors (
    name  text PRIMARY KEY,
    value bigint NOT NULL
);
