// Package sqlitedb opens an SQLite database the way both the terminal store
// and the hub need it: one writer connection that takes the write lock at
// BEGIN, a separate read-only pool, WAL with synchronous=FULL, and embedded
// migrations counted in PRAGMA user_version.
package sqlitedb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"

	_ "modernc.org/sqlite" // the pure-Go SQLite driver
)

// Options say how to open a database.
type Options struct {
	Migrations  fs.FS  // the migration files, applied in name order
	Glob        string // their pattern inside Migrations, e.g. "migrations/*.sql"
	Readers     int    // size of the read-only pool
	BusyTimeout int    // milliseconds a connection waits for a lock
	// WriterCacheKiB, when set, is the writer's page cache (SQLite's
	// default is 2 MiB).
	WriterCacheKiB int
	// MustExist refuses a database file that does not exist instead of
	// creating it: a command that only reads must not leave an empty
	// database behind a mistyped path.
	MustExist bool
	// ModeFixed, when set, is told about each file (database, -wal, -shm)
	// whose permissions were wider than 0600 and have been narrowed.
	ModeFixed func(path string, was fs.FileMode)
}

// ErrMissing is returned (wrapped) by Open with MustExist when the database
// file does not exist.
var ErrMissing = errors.New("database file does not exist")

// ErrEmptyFile is returned (wrapped) by Open for a database file of zero
// bytes. SQLite would take it for a new database and fill it with an empty
// schema; a zero-length file is far more likely a failed copy or restore
// whose data belongs somewhere, so it is never silently made a new one.
var ErrEmptyFile = errors.New("database file is empty (0 bytes)")

// FileMode is the only mode a database and its -wal and -shm files may have:
// they hold personal data.
const FileMode fs.FileMode = 0o600

// EnsureMode narrows an existing file's permissions to FileMode. It returns
// the old mode and whether it had to change it; a file that does not exist
// is not an error. On Windows, where modes mean little, it does nothing.
func EnsureMode(path string) (was fs.FileMode, fixed bool, err error) {
	if runtime.GOOS == "windows" {
		return 0, false, nil
	}
	fi, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, err
	}
	was = fi.Mode().Perm()
	if was == FileMode {
		return was, false, nil
	}
	if err := os.Chmod(path, FileMode); err != nil {
		return was, false, fmt.Errorf("cannot make %s private (mode %v): %w", path, was, err)
	}
	return was, true, nil
}

// ensureModes narrows the database and its -wal and -shm files.
func ensureModes(path string, told func(string, fs.FileMode)) error {
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		was, fixed, err := EnsureMode(p)
		if err != nil {
			return err
		}
		if fixed && told != nil {
			told(p, was)
		}
	}
	return nil
}

// DSN builds a modernc DSN. Pragmas go in the DSN so every pooled connection
// gets them, not just the one a db.Exec happens to reach. The writer's
// _txlock=immediate takes the write lock at BEGIN, so two writers never
// deadlock upgrading a read lock. secure_delete makes SQLite overwrite what
// a write frees with zeros: an identity erased from the registry (§15) must
// not linger in free pages or the WAL for anyone reading the file's bytes.
func DSN(path string, readOnly bool, busyMS int) string {
	q := url.Values{}
	for _, p := range []string{"busy_timeout(" + strconv.Itoa(busyMS) + ")", "journal_mode(WAL)", "synchronous(FULL)", "foreign_keys(1)", "secure_delete(1)"} {
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
//
// The database, -wal and -shm files are narrowed to 0600 at every open, not
// only when created: a database restored from a backup with 0644 would
// otherwise stay readable by anyone, and its -wal and -shm with it. A file
// of zero bytes is refused (ErrEmptyFile), and with MustExist so is a
// missing one (ErrMissing).
//
// When migrations are pending the database is checked (PRAGMA quick_check)
// first, so that a damaged database is never written to by an upgrade.
func Open(ctx context.Context, path string, o Options) (w, r *sql.DB, err error) {
	fi, err := os.Stat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist) && o.MustExist:
		return nil, nil, fmt.Errorf("%s: %w", path, ErrMissing)
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, nil, err
		}
		// Create the file ourselves so it is never world-readable; SQLite
		// gives the -wal and -shm files the same mode as the database.
		f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, FileMode)
		if err != nil {
			return nil, nil, err
		}
		f.Close()
	case err != nil:
		return nil, nil, err
	case fi.IsDir():
		return nil, nil, fmt.Errorf("%s is a directory, not a database", path)
	case fi.Size() == 0:
		return nil, nil, fmt.Errorf("%s: %w", path, ErrEmptyFile)
	}
	if err := ensureModes(path, o.ModeFixed); err != nil {
		return nil, nil, err
	}
	if o.BusyTimeout <= 0 {
		o.BusyTimeout = 5000
	}
	if o.Readers <= 0 {
		o.Readers = 4
	}
	dsn := DSN(path, false, o.BusyTimeout)
	if o.WriterCacheKiB > 0 {
		dsn += "&_pragma=" + url.QueryEscape("cache_size(-"+strconv.Itoa(o.WriterCacheKiB)+")")
	}
	w, err = sql.Open("sqlite", dsn)
	if err != nil {
		return nil, nil, err
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	if pending, err := Pending(ctx, w, o.Migrations, o.Glob); err != nil {
		w.Close()
		return nil, nil, err
	} else if pending && fi != nil {
		if err := QuickCheck(ctx, w); err != nil {
			w.Close()
			return nil, nil, err
		}
	}
	if err := Migrate(ctx, w, o.Migrations, o.Glob); err != nil {
		w.Close()
		return nil, nil, err
	}
	// The writer may just have made the -wal and -shm files; SQLite copies
	// the database's mode, but a -wal left from before keeps its own.
	if err := ensureModes(path, o.ModeFixed); err != nil {
		w.Close()
		return nil, nil, err
	}
	r, err = sql.Open("sqlite", DSN(path, true, o.BusyTimeout))
	if err != nil {
		w.Close()
		return nil, nil, err
	}
	r.SetMaxOpenConns(o.Readers)
	// Kept open, all of them: database/sql keeps 2 idle connections unless
	// told, so every burst of more than two reads (a shift change's pushes
	// authenticating, the dashboard's viewers) closed the others and the
	// next burst opened them again — each open a file, five pragmas and
	// the schema parsed anew.
	r.SetMaxIdleConns(o.Readers)
	return w, r, nil
}

// DamagedError is a database that failed SQLite's own consistency check:
// what the check found, at most maxProblems lines of it.
type DamagedError struct {
	Check    string   // "quick_check" or "integrity_check"
	Problems []string // SQLite's words, one problem a line
}

func (e *DamagedError) Error() string {
	return "database is damaged (" + e.Check + "): " + strings.Join(e.Problems, "; ")
}

// maxProblems bounds what a check returns: a badly damaged file lists a
// line per page, and the first few say enough.
const maxProblems = 20

// QuickCheck runs PRAGMA quick_check, which reads every page and checks the
// b-trees' structure (not that each index matches its table): a
// *DamagedError when it finds anything, another error when it cannot run.
func QuickCheck(ctx context.Context, db *sql.DB) error { return check(ctx, db, "quick_check") }

// IntegrityCheck runs PRAGMA integrity_check, which also checks that every
// index holds exactly its table's rows; it costs several times QuickCheck.
func IntegrityCheck(ctx context.Context, db *sql.DB) error {
	return check(ctx, db, "integrity_check")
}

func check(ctx context.Context, db *sql.DB, pragma string) error {
	rows, err := db.QueryContext(ctx, "PRAGMA "+pragma+"("+strconv.Itoa(maxProblems)+")")
	if err != nil {
		return corruptOr(pragma, err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return corruptOr(pragma, err)
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return corruptOr(pragma, err)
	}
	if len(problems) > 0 {
		return &DamagedError{Check: pragma, Problems: problems}
	}
	return nil
}

// corruptOr turns SQLite's "malformed" and "not a database" errors, which a
// check meets on a file damaged badly enough, into a DamagedError.
func corruptOr(pragma string, err error) error {
	m := err.Error()
	if strings.Contains(m, "malformed") || strings.Contains(m, "not a database") || strings.Contains(m, "SQLITE_CORRUPT") ||
		strings.Contains(m, "SQLITE_NOTADB") {
		return &DamagedError{Check: pragma, Problems: []string{m}}
	}
	return err
}

// Pending reports whether the database has migrations still to apply.
func Pending(ctx context.Context, w *sql.DB, migrations fs.FS, glob string) (bool, error) {
	names, err := fs.Glob(migrations, glob)
	if err != nil {
		return false, err
	}
	var have int
	if err := w.QueryRowContext(ctx, "PRAGMA user_version").Scan(&have); err != nil {
		return false, corruptOr("quick_check", fmt.Errorf("read schema version: %w", err))
	}
	return have < len(names), nil
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
