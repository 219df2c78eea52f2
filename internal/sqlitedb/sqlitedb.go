// Package sqlitedb opens an SQLite database the way both the terminal store
// and the hub need it: one writer connection that takes the write lock at
// BEGIN, a separate read-only pool, WAL with synchronous=FULL, and embedded
// migrations counted in PRAGMA user_version.
package sqlitedb

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"

	_ "modernc.org/sqlite" // the pure-Go SQLite driver
)

// Options say how to open a database.
type Options struct {
	Migrations  fs.FS  // the migration files, applied in name order
	Glob        string // their pattern inside Migrations, e.g. "migrations/*.sql"
	Readers     int    // size of the read-only pool
	BusyTimeout int    // milliseconds a connection waits for a lock
}

// DSN builds a modernc DSN. Pragmas go in the DSN so every pooled connection
// gets them, not just the one a db.Exec happens to reach. The writer's
// _txlock=immediate takes the write lock at BEGIN, so two writers never
// deadlock upgrading a read lock.
func DSN(path string, readOnly bool, busyMS int) string {
	q := url.Values{}
	for _, p := range []string{"busy_timeout(" + strconv.Itoa(busyMS) + ")", "journal_mode(WAL)", "synchronous(FULL)", "foreign_keys(1)"} {
		q.Add("_pragma", p)
	}
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	} else {
		q.Set("_txlock", "immediate")
	}
	return "file:" + path + "?" + q.Encode()
}

// Open opens (creating if needed, with mode 0600) the database at path and
// applies the migrations it has not seen. It returns the writer (one
// connection) and the read pool.
func Open(ctx context.Context, path string, o Options) (w, r *sql.DB, err error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, nil, err
	}
	// Create the file ourselves so it is never world-readable; SQLite gives
	// the -wal and -shm files the same mode as the database.
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, nil, err
	}
	f.Close()
	if o.BusyTimeout <= 0 {
		o.BusyTimeout = 5000
	}
	if o.Readers <= 0 {
		o.Readers = 4
	}
	w, err = sql.Open("sqlite", DSN(path, false, o.BusyTimeout))
	if err != nil {
		return nil, nil, err
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	if err := Migrate(ctx, w, o.Migrations, o.Glob); err != nil {
		w.Close()
		return nil, nil, err
	}
	r, err = sql.Open("sqlite", DSN(path, true, o.BusyTimeout))
	if err != nil {
		w.Close()
		return nil, nil, err
	}
	r.SetMaxOpenConns(o.Readers)
	return w, r, nil
}

// Migrate applies, each in its own transaction, the migrations past the
// database's user_version, and refuses a database newer than the program.
func Migrate(ctx context.Context, w *sql.DB, migrations fs.FS, glob string) error {
	names, err := fs.Glob(migrations, glob)
	if err != nil {
		return err
	}
	sort.Strings(names)
	var have int
	if err := w.QueryRowContext(ctx, "PRAGMA user_version").Scan(&have); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if have > len(names) {
		return fmt.Errorf("database schema version %d is newer than this program (%d): upgrade gatepost", have, len(names))
	}
	for i := have; i < len(names); i++ {
		body, err := fs.ReadFile(migrations, names[i])
		if err != nil {
			return err
		}
		if err := apply(ctx, w, string(body), i+1); err != nil {
			return fmt.Errorf("migration %s: %w", names[i], err)
		}
	}
	return nil
}

func apply(ctx context.Context, w *sql.DB, body string, version int) error {
	tx, err := w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, body); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "PRAGMA user_version = "+strconv.Itoa(version)); err != nil {
		return err
	}
	return tx.Commit()
}
