-- The dashboard's sign-in (§14): accounts with a role, server-side sessions
-- (only the SHA-256 of the session id is kept, so a copy of the database
-- cannot be used to sign in), and the audit log of who did what.
CREATE TABLE users (
    name          text PRIMARY KEY,
    role          text NOT NULL CHECK (role IN ('viewer', 'operator', 'admin')),
    password_hash bytea NOT NULL,
    created_at    timestamptz NOT NULL
);

CREATE TABLE sessions (
    id_hash    bytea PRIMARY KEY,
    user_name  text NOT NULL REFERENCES users (name) ON DELETE CASCADE,
    csrf       text NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_expires ON sessions (expires_at);

CREATE TABLE audit (
    id        bigserial PRIMARY KEY,
    at        timestamptz NOT NULL,
    user_name text NOT NULL,
    action    text NOT NULL,
    detail    text NOT NULL DEFAULT '',
    remote    text NOT NULL DEFAULT ''
);
