package hub

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// Relay is a facility hub provisioned on the bureau's hub (§12): its token
// may push the records of any terminal of its facility, and pulls the
// facility's reference data and notices, as one terminal would.
type Relay struct {
	TerminalKey // the facility and the relay's name
	CreatedAt   time.Time
	RevokedAt   time.Time
	LastSeen    time.Time
	// Pending is how many records the relay said it still had to forward
	// at LastSeen; -1 when it never said: how far behind it is.
	Pending int64
	Version string
}

// Revoked reports whether the relay's token has been revoked.
func (r Relay) Revoked() bool { return !r.RevokedAt.IsZero() }

// RelayStorage is what relaying needs of a storage, on both sides: the
// bureau's relays, and a facility hub's cursors of what it relayed.
type RelayStorage interface {
	AddRelay(ctx context.Context, key TerminalKey, tokenHash []byte, at time.Time) error
	RelayByToken(ctx context.Context, tokenHash []byte) (Relay, error)
	Relays(ctx context.Context) ([]Relay, error)
	TouchRelay(ctx context.Context, key TerminalKey, at time.Time, pending int64, version string) error
	// RevokeRelay makes the relay's token worthless from now on (a leaked
	// token can push for every terminal of its facility); ErrNotFound for
	// an unknown relay.
	RevokeRelay(ctx context.Context, key TerminalKey, at time.Time) error
	// RelayCursor and SetRelayCursor keep a facility hub's cursors: per
	// terminal, the seq up to which its records were answered upstream;
	// and the upstream change cursor.
	RelayCursor(ctx context.Context, name string) (int64, error)
	SetRelayCursor(ctx context.Context, name string, v int64) error
	// LowerRelayCursor sets the cursor to v where it is above v or not
	// set: SetRelayCursor only moves a cursor forward, and a bureau
	// restored from a backup needs one moved back.
	LowerRelayCursor(ctx context.Context, name string, v int64) error
}

// AddRelay implements RelayStorage.
func (s *SQLite) AddRelay(ctx context.Context, key TerminalKey, tokenHash []byte, at time.Time) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := facilityExists(ctx, tx, key.Facility); err != nil {
			return err
		}
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM relays WHERE facility = ? AND name = ?`,
			key.Facility, key.Name).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return fmt.Errorf("relay %s: %w", key, ErrExists)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO relays (facility, name, token_hash, created_at) VALUES (?, ?, ?, ?)`,
			key.Facility, key.Name, tokenHash, fmtTime(at))
		return err
	})
}

const relayCols = `facility, name, created_at, revoked_at, last_seen, pending, version`

func scanSQLiteRelay(sc interface{ Scan(...any) error }) (Relay, error) {
	var r Relay
	var created, revoked, seen string
	err := sc.Scan(&r.Facility, &r.Name, &created, &revoked, &seen, &r.Pending, &r.Version)
	r.CreatedAt, r.RevokedAt, r.LastSeen = parseTime(created), parseTime(revoked), parseTime(seen)
	return r, err
}

// RelayByToken implements RelayStorage.
func (s *SQLite) RelayByToken(ctx context.Context, tokenHash []byte) (Relay, error) {
	r, err := scanSQLiteRelay(s.r.QueryRowContext(ctx, `SELECT `+relayCols+` FROM relays WHERE token_hash = ?`, tokenHash))
	if errors.Is(err, sql.ErrNoRows) {
		return r, ErrNotFound
	}
	return r, err
}

// Relays implements RelayStorage.
func (s *SQLite) Relays(ctx context.Context) ([]Relay, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+relayCols+` FROM relays ORDER BY facility, name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Relay
	for rows.Next() {
		r, err := scanSQLiteRelay(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// TouchRelay implements RelayStorage.
func (s *SQLite) TouchRelay(ctx context.Context, key TerminalKey, at time.Time, pending int64, version string) error {
	_, err := s.w.ExecContext(ctx, `UPDATE relays SET last_seen = ?, pending = CASE WHEN ? >= 0 THEN ? ELSE pending END,
		version = CASE WHEN ? <> '' THEN ? ELSE version END WHERE facility = ? AND name = ?`,
		fmtTime(at), pending, pending, version, version, key.Facility, key.Name)
	return err
}

// RevokeRelay implements RelayStorage.
func (s *SQLite) RevokeRelay(ctx context.Context, key TerminalKey, at time.Time) error {
	res, err := s.w.ExecContext(ctx, `UPDATE relays SET revoked_at = ? WHERE facility = ? AND name = ? AND revoked_at = ''`,
		fmtTime(at), key.Facility, key.Name)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("relay %s: %w", key, ErrNotFound)
	}
	return nil
}

// RelayCursor implements RelayStorage.
func (s *SQLite) RelayCursor(ctx context.Context, name string) (int64, error) {
	var v int64
	err := s.r.QueryRowContext(ctx, `SELECT value FROM relay_cursors WHERE name = ?`, name).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return v, err
}

// SetRelayCursor implements RelayStorage.
func (s *SQLite) SetRelayCursor(ctx context.Context, name string, v int64) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO relay_cursors (name, value) VALUES (?, ?)
		ON CONFLICT (name) DO UPDATE SET value = MAX(value, excluded.value)`, name, v)
	return err
}

// LowerRelayCursor implements RelayStorage.
func (s *SQLite) LowerRelayCursor(ctx context.Context, name string, v int64) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO relay_cursors (name, value) VALUES (?, ?)
		ON CONFLICT (name) DO UPDATE SET value = MIN(value, excluded.value)`, name, v)
	return err
}

// AddRelay implements RelayStorage.
func (s *Postgres) AddRelay(ctx context.Context, key TerminalKey, tokenHash []byte, at time.Time) error {
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		if err := pgFacilityExists(ctx, tx, key.Facility); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO relays (facility, name, token_hash, created_at) VALUES ($1, $2, $3, $4)`,
			key.Facility, key.Name, tokenHash, at)
		return err
	})
	if pgCode(err) == pgUniqueViolation {
		return fmt.Errorf("relay %s: %w", key, ErrExists)
	}
	return err
}

func scanPGRelay(row pgx.Row) (Relay, error) {
	var r Relay
	var revoked, seen *time.Time
	err := row.Scan(&r.Facility, &r.Name, &r.CreatedAt, &revoked, &seen, &r.Pending, &r.Version)
	r.CreatedAt = r.CreatedAt.UTC()
	r.RevokedAt, r.LastSeen = fromPG(revoked), fromPG(seen)
	return r, err
}

// RelayByToken implements RelayStorage.
func (s *Postgres) RelayByToken(ctx context.Context, tokenHash []byte) (Relay, error) {
	r, err := scanPGRelay(s.pool.QueryRow(ctx, `SELECT `+relayCols+` FROM relays WHERE token_hash = $1`, tokenHash))
	if errors.Is(err, pgx.ErrNoRows) {
		return r, ErrNotFound
	}
	return r, err
}

// Relays implements RelayStorage.
func (s *Postgres) Relays(ctx context.Context) ([]Relay, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+relayCols+` FROM relays ORDER BY facility, name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Relay
	for rows.Next() {
		r, err := scanPGRelay(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// TouchRelay implements RelayStorage.
func (s *Postgres) TouchRelay(ctx context.Context, key TerminalKey, at time.Time, pending int64, version string) error {
	_, err := s.pool.Exec(ctx, `UPDATE relays SET last_seen = $1, pending = CASE WHEN $2::bigint >= 0 THEN $2::bigint ELSE pending END,
		version = CASE WHEN $3::text <> '' THEN $3::text ELSE version END WHERE facility = $4 AND name = $5`,
		at, pending, version, key.Facility, key.Name)
	return err
}

// RevokeRelay implements RelayStorage.
func (s *Postgres) RevokeRelay(ctx context.Context, key TerminalKey, at time.Time) error {
	tag, err := s.pool.Exec(ctx, `UPDATE relays SET revoked_at = $1 WHERE facility = $2 AND name = $3 AND revoked_at IS NULL`,
		at, key.Facility, key.Name)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("relay %s: %w", key, ErrNotFound)
	}
	return nil
}

// RelayCursor implements RelayStorage.
func (s *Postgres) RelayCursor(ctx context.Context, name string) (int64, error) {
	var v int64
	err := s.pool.QueryRow(ctx, `SELECT value FROM relay_cursors WHERE name = $1`, name).Scan(&v)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil
	}
	return v, err
}

// SetRelayCursor implements RelayStorage.
func (s *Postgres) SetRelayCursor(ctx context.Context, name string, v int64) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO relay_cursors (name, value) VALUES ($1, $2)
		ON CONFLICT (name) DO UPDATE SET value = GREATEST(relay_cursors.value, excluded.value)`, name, v)
	return err
}

// LowerRelayCursor implements RelayStorage.
func (s *Postgres) LowerRelayCursor(ctx context.Context, name string, v int64) error {
	_, err := s.pool.Exec(ctx, `INSERT INTO relay_cursors (name, value) VALUES ($1, $2)
		ON CONFLICT (name) DO UPDATE SET value = LEAST(relay_cursors.value, excluded.value)`, name, v)
	return err
}
