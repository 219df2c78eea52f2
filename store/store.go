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
	"io/fs"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"gatepost/internal/sqlitedb"

	"gatepost/record"
)

//go:embed migrations/*.sql
var migrations embed.FS

// ErrNotInitialised is returned by Identity on a database that has no terminal yet.
var ErrNotInitialised = errors.New("terminal not initialised")

// ErrMissing is returned (wrapped) by OpenExisting when there is no
// database file; ErrEmptyFile by either Open for a file of zero bytes.
var (
	ErrMissing   = sqlitedb.ErrMissing
	ErrEmptyFile = sqlitedb.ErrEmptyFile
)

// DamagedError is a database that failed SQLite's consistency check.
type DamagedError = sqlitedb.DamagedError

// Store is an open terminal database. It is safe for concurrent use.
type Store struct {
	path    string
	w       *sql.DB // exactly one connection: the writer
	r       *sql.DB // read-only pool
	started time.Time
	ident   atomic.Pointer[Identity] // cached once known; identity never changes

	// The quick_check started at open: every write waits for it, and none
	// happens on a database it found damaged.
	checked  chan struct{} // closed when the check is done
	checkErr error         // its result, read after checked is closed
	kick     chan struct{} // closed to start the check before checkDelay
	kickOnce sync.Once
	stop     context.CancelFunc
	fixed    []string // files whose mode was narrowed at open

	// The reads every crossing's status makes, prepared once on the read
	// pool (see prepared).
	statusOwn, statusPeers, rotationOf, closedHealth prepared
	personMoves                                      prepared // PersonAt's, for every detainee typed at a gate
	lastSeq                                          prepared // LastSeq's, read with every push
}

// checkDelay is how long after Open the quick_check starts unless a write
// (or Checked) asks for it first: the first screen's queries come first,
// and the check then runs beside the sign-in.
const checkDelay = 300 * time.Millisecond

// Identity is who this terminal is.
type Identity struct {
	FacilityID   string
	FacilityName string
	Terminal     string
	HomeGate     int
	CreatedAt    time.Time
}

// Open opens (creating if needed, with mode 0600) the database at path and
// brings its schema up to date. The files' modes are narrowed to 0600 if
// they were wider (see ModeFixes), and a zero-length file is refused.
//
// Open also starts PRAGMA quick_check on a read connection. It reads the
// whole file (about half a second for a million records), so it runs after
// the first screen rather than before it (checkDelay, or at once when a
// write or Checked asks); every write waits for it, and fails with a
// *DamagedError when the check found the database damaged.
func Open(path string) (*Store, error) { return open(path, false) }

// OpenExisting is Open for commands that only read: a missing database is
// an error (ErrMissing) instead of being created.
func OpenExisting(path string) (*Store, error) { return open(path, true) }

func open(path string, mustExist bool) (*Store, error) {
	if err := refuseOldFormat(path); err != nil {
		return nil, err
	}
	s := &Store{path: path, started: time.Now(), checked: make(chan struct{}), kick: make(chan struct{})}
	w, r, err := sqlitedb.Open(context.Background(), path, sqlitedb.Options{
		Migrations: migrations, Glob: "migrations/*.sql", Readers: 4, BusyTimeout: 5000,
		MustExist: mustExist,
		ModeFixed: func(p string, was fs.FileMode) {
			s.fixed = append(s.fixed, fmt.Sprintf("%s was mode %04o, now 0600", p, was))
		},
	})
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	s.w, s.r = w, r
	// The writer waits for the lock by polling it itself (see begin), so
	// SQLite's own wait is cut to a millisecond. The pool holds exactly one
	// connection, so this reaches it; a replacement connection would fall
	// back to the DSN's 5 s, which is slower to notice a free lock but as
	// safe.
	if _, err := w.Exec("PRAGMA busy_timeout = 1"); err != nil {
		w.Close()
		r.Close()
		return nil, fmt.Errorf("store: %w", err)
	}
	ctx, stop := context.WithCancel(context.Background())
	s.stop = stop
	go func() {
		defer close(s.checked)
		select {
		case <-time.After(checkDelay):
		case <-s.kick:
		case <-ctx.Done():
			s.checkErr = ctx.Err()
			return
		}
		s.checkErr = sqlitedb.QuickCheck(ctx, s.r)
	}()
	return s, nil
}

// ModeFixes lists the files (database, -wal, -shm) whose permissions were
// wider than 0600 when the store opened and were narrowed, for the caller
// to say so once.
func (s *Store) ModeFixes() []string { return s.fixed }

// Checked waits for the quick_check started at open and returns its
// result: nil, a *DamagedError, or the error that stopped it.
func (s *Store) Checked(ctx context.Context) error {
	s.kickOnce.Do(func() { close(s.kick) })
	select {
	case <-s.checked:
		return s.checkErr
	case <-ctx.Done():
		return ctx.Err()
	}
}

// IntegrityCheck runs PRAGMA integrity_check: everything quick_check looks
// at, and that every index holds exactly its table's rows. nil, a
// *DamagedError, or the error that stopped it.
func (s *Store) IntegrityCheck(ctx context.Context) error {
	return sqlitedb.IntegrityCheck(ctx, s.r)
}

// writable is called before every write: none happens before the
// open-time check has passed.
func (s *Store) writable(ctx context.Context) error {
	if err := s.Checked(ctx); err != nil {
		var de *DamagedError
		if errors.As(err, &de) {
			return fmt.Errorf("nothing written: %w", err)
		}
		return fmt.Errorf("database check: %w", err)
	}
	return nil
}

// How a writer waits for the write lock another process holds (an import,
// a sync, a second console). SQLite's own busy handler sleeps ever longer
// between tries (up to 100 ms), so behind an import that frees the lock
// for a few milliseconds between chunks it could miss the gaps again and
// again; trying every millisecond, a guard's save gets in at the next gap.
const (
	busyPoll = time.Millisecond
	busyWait = 5 * time.Second // then "database is locked", as before
)

// retryBusy runs fn until it does not fail with SQLITE_BUSY, or busyWait
// has passed.
func retryBusy[T any](ctx context.Context, fn func() (T, error)) (T, error) {
	deadline := time.Now().Add(busyWait)
	for {
		v, err := fn()
		if err == nil || !isBusy(err) || time.Now().After(deadline) {
			return v, err
		}
		select {
		case <-time.After(busyPoll):
		case <-ctx.Done():
			return v, ctx.Err()
		}
	}
}

// isBusy reports SQLite's SQLITE_BUSY ("database is locked"), which the
// driver returns as text with the code.
func isBusy(err error) bool {
	m := err.Error()
	return strings.Contains(m, "SQLITE_BUSY") || strings.Contains(m, "database is locked")
}

// begin starts a write transaction once the database is known sound,
// waiting for the write lock (retryBusy).
func (s *Store) begin(ctx context.Context) (*sql.Tx, error) {
	if err := s.writable(ctx); err != nil {
		return nil, err
	}
	return retryBusy(ctx, func() (*sql.Tx, error) {
		return s.w.BeginTx(ctx, nil) // _txlock=immediate: the write lock is ours from here
	})
}

// exec runs one write statement once the database is known sound, waiting
// for the write lock (retryBusy).
func (s *Store) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if err := s.writable(ctx); err != nil {
		return nil, err
	}
	return retryBusy(ctx, func() (sql.Result, error) { return s.w.ExecContext(ctx, query, args...) })
}

// Path is the database file.
func (s *Store) Path() string { return s.path }

// Close closes both pools, stopping the open-time check if it still runs.
func (s *Store) Close() error {
	s.stop()
	<-s.checked
	var errs []error
	for _, p := range []*prepared{&s.statusOwn, &s.statusPeers, &s.rotationOf, &s.closedHealth, &s.personMoves, &s.lastSeq} {
		errs = append(errs, p.close())
	}
	return errors.Join(append(errs, s.r.Close(), s.w.Close())...)
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
	_, err := s.exec(ctx, `INSERT INTO identity (one, facility_id, facility_name, terminal, home_gate, created_at)
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
	_, err := s.exec(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	return err
}
