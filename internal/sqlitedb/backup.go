package sqlitedb

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
)

// Backup writes a consistent copy of the database at src to dest, while
// other connections and processes go on writing: VACUUM INTO reads one
// snapshot in a read transaction (WAL lets writers carry on meanwhile) and
// writes it out compacted, as one self-contained file with no -wal beside
// it. It uses a connection of its own: the read pool's query_only refuses
// VACUUM INTO, and the writer must stay free for saves.
//
// The copy is written to a temporary file beside dest (mode 0600: it holds
// what the database holds), checked (PRAGMA quick_check, then check, which
// may count what the caller expects), fsync'd, and only then given the
// name dest; an existing dest is never overwritten. It returns the copy's
// size in bytes.
func Backup(ctx context.Context, src, dest string, check func(ctx context.Context, copy *sql.DB) error) (int64, error) {
	if dest == "" {
		return 0, errors.New("no backup file given")
	}
	if _, err := os.Lstat(dest); err == nil {
		return 0, fmt.Errorf("%s already exists: a backup never overwrites a file, give a new name", dest)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return 0, err
	}
	dir := filepath.Dir(dest)
	tmpf, err := os.CreateTemp(dir, "."+filepath.Base(dest)+".partial-*")
	if err != nil {
		return 0, fmt.Errorf("cannot write in %s: %w", dir, errors.Unwrap(err))
	}
	tmp := tmpf.Name()
	tmpf.Close()
	done := false
	defer func() {
		if !done {
			os.Remove(tmp)
		}
	}()
	if err := os.Chmod(tmp, 0o600); err != nil && runtime.GOOS != "windows" {
		return 0, err
	}
	db, err := sql.Open("sqlite", "file:"+src+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return 0, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	// VACUUM INTO accepts an empty file, which keeps the mode just set.
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		return 0, fmt.Errorf("backup: %w", err)
	}
	if err := checkCopy(ctx, tmp, check); err != nil {
		return 0, err
	}
	size, err := syncFile(tmp)
	if err != nil {
		return 0, err
	}
	if err := commit(tmp, dest); err != nil {
		return 0, err
	}
	done = true
	syncDir(dir)
	return size, nil
}

// checkCopy opens the finished copy read-only and checks it.
func checkCopy(ctx context.Context, path string, check func(context.Context, *sql.DB) error) error {
	c, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		return err
	}
	defer c.Close()
	c.SetMaxOpenConns(1)
	var res string
	if err := c.QueryRowContext(ctx, `PRAGMA quick_check`).Scan(&res); err != nil {
		return fmt.Errorf("backup check: %w", err)
	}
	if res != "ok" {
		return fmt.Errorf("backup check failed: %s", res)
	}
	if check != nil {
		return check(ctx, c)
	}
	return nil
}

func syncFile(path string) (int64, error) {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return 0, fmt.Errorf("backup: flush to disk: %w", err)
	}
	fi, err := f.Stat()
	if err != nil {
		return 0, err
	}
	return fi.Size(), nil
}

// commit gives the finished copy its name without ever replacing a file
// that appeared there meanwhile: a hard link fails if dest exists. File
// systems without hard links (FAT and exFAT on a USB stick, where backups
// often go) fall back to a rename after a last look.
func commit(tmp, dest string) error {
	err := os.Link(tmp, dest)
	if err == nil {
		return os.Remove(tmp)
	}
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s already exists: a backup never overwrites a file, give a new name", dest)
	}
	if _, err := os.Lstat(dest); err == nil {
		return fmt.Errorf("%s already exists: a backup never overwrites a file, give a new name", dest)
	}
	return os.Rename(tmp, dest)
}

// syncDir makes the new name durable; Windows cannot open a directory for
// that and makes renames durable itself.
func syncDir(dir string) {
	if runtime.GOOS == "windows" {
		return
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
