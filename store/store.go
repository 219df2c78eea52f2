// Package store is the terminal's local SQLite database: the append-only
// record log with its hash chain, the reference data the gates read, and the
// queries the screens need.
//
// One writer connection serialises appends (seq and prev are taken inside the
// same immediate transaction that inserts), while a small pool of read-only
// connections serves the screens, so a long read never blocks a save.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"gatepost/internal/sqlitedb"

	"gatepost/record"
)

//go:embed migrations/*.sql
var migrations embed.FS

// ErrNotInitialised is returned by Identity on a database that has no terminal yet.
var ErrNotInitialised = errors.New("terminal not initialised")

// Store is an open terminal database. It is safe for concurrent use.
type Store struct {
	path    string
	w       *sql.DB // exactly one connection: the writer
	r       *sql.DB // read-only pool
	started time.Time
	ident   atomic.Pointer[Identity] // cached once known; identity never changes
}

// Identity is who this terminal is.
type Identity struct {
	FacilityID   string
	FacilityName string
	Terminal     string
	HomeGate     int
	CreatedAt    time.Time
}

// Open opens (creating if needed, with mode 0600) the database at path and
// brings its schema up to date.
func Open(path string) (*Store, error) {
	w, r, err := sqlitedb.Open(context.Background(), path, sqlitedb.Options{
		Migrations: migrations, Glob: "migrations/*.sql", Readers: 4, BusyTimeout: 5000,
	})
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	return &Store{path: path, w: w, r: r, started: time.Now()}, nil
}

// Path is the database file.
func (s *Store) Path() string { return s.path }

// Close closes both pools.
func (s *Store) Close() error {
	return errors.Join(s.r.Close(), s.w.Close())
}

// SchemaVersion is the number of migrations applied.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := s.r.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v)
	return v, err
}

// Init records the terminal's identity. It fails if one is already set.
func (s *Store) Init(ctx context.Context, id Identity) error {
	if id.FacilityID == "" || id.FacilityName == "" || id.Terminal == "" {
		return errors.New("facility id, facility name and terminal name are required")
	}
	if id.HomeGate < 1 || id.HomeGate > record.MaxGate {
		return fmt.Errorf("home gate %d: must be 1–%d", id.HomeGate, record.MaxGate)
	}
	if id.CreatedAt.IsZero() {
		id.CreatedAt = time.Now()
	}
	_, err := s.w.ExecContext(ctx, `INSERT INTO identity (one, facility_id, facility_name, terminal, home_gate, created_at)
		VALUES (1, ?, ?, ?, ?, ?)`, id.FacilityID, id.FacilityName, id.Terminal, id.HomeGate, id.CreatedAt.Format(time.RFC3339))
	if err != nil {
		if strings.Contains(err.Error(), "UNIQUE") {
			return errors.New("terminal already initialised")
		}
		return fmt.Errorf("store: %w", err)
	}
	return nil
}

// Identity returns the terminal's identity, or ErrNotInitialised.
func (s *Store) Identity(ctx context.Context) (Identity, error) {
	if p := s.ident.Load(); p != nil {
		return *p, nil
	}
	var id Identity
	var created string
	err := s.w.QueryRowContext(ctx, `SELECT facility_id, facility_name, terminal, home_gate, created_at FROM identity`).
		Scan(&id.FacilityID, &id.FacilityName, &id.Terminal, &id.HomeGate, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return id, ErrNotInitialised
	}
	if err != nil {
		return id, fmt.Errorf("store: %w", err)
	}
	id.CreatedAt, _ = time.Parse(time.RFC3339, created)
	s.ident.Store(&id)
	return id, nil
}

// Setting returns a setting's value, or "" when unset.
func (s *Store) Setting(ctx context.Context, key string) (string, error) {
	var v string
	err := s.r.QueryRowContext(ctx, `SELECT value FROM settings WHERE key = ?`, key).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	return v, err
}

// SetSetting stores a setting.
func (s *Store) SetSetting(ctx context.Context, key, value string) error {
	_, err := s.w.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	return err
}
