package hub

import (
	"context"
	"net/url"
	"strings"
)

// IsPostgresDSN reports whether db names a PostgreSQL database (a
// postgres:// or postgresql:// URL) rather than a SQLite file.
func IsPostgresDSN(db string) bool {
	l := strings.ToLower(db)
	return strings.HasPrefix(l, "postgres://") || strings.HasPrefix(l, "postgresql://")
}

// OpenStorage opens the hub's storage named by db, the value of every hub
// command's --db: a postgres:// or postgresql:// URL selects PostgreSQL
// (OpenPostgres), anything else is the path of a SQLite file (OpenSQLite).
// Either way the schema is brought up to date.
func OpenStorage(ctx context.Context, db string) (Storage, error) {
	if IsPostgresDSN(db) {
		return OpenPostgres(ctx, db)
	}
	return OpenSQLite(db)
}

// OpenStorageExisting is OpenStorage for a hub that must exist already: a
// SQLite file that is not there is an error (ErrMissing), not a new hub.
// (A PostgreSQL database must exist in any case.)
func OpenStorageExisting(ctx context.Context, db string) (Storage, error) {
	if IsPostgresDSN(db) {
		return OpenPostgres(ctx, db)
	}
	return OpenSQLiteExisting(db)
}

// RedactDSN is db fit for a log line or an error message: a PostgreSQL URL
// loses its password; a path is returned as it is.
func RedactDSN(db string) string {
	if !IsPostgresDSN(db) {
		return db
	}
	u, err := url.Parse(db)
	if err != nil {
		return "postgres://…" // unparsable: show nothing of it
	}
	return u.Redacted()
}
