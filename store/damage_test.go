package store_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"gatepost/gate"
	"gatepost/record"
	"gatepost/store"
	"gatepost/store/storetest"
)

// fillAndClose writes n records into a fresh store at path and closes it,
// so that everything is checkpointed into the main file.
func fillAndClose(t *testing.T, path string, n int) {
	t.Helper()
	s, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if err := s.Init(ctx, testIdentity); err != nil {
		t.Fatal(err)
	}
	ds := make([]store.Draft, n)
	for i := range ds {
		ds[i] = store.Draft{Kind: record.Passage, Gate: 1 + i%5, Guard: "G001", Body: passage("S"+string(rune('A'+i%26)), i%7 != 0)}
	}
	if _, err := s.AppendBatch(ctx, ds); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}

// A damaged index: the chain still verifies (it is read through the table,
// never the index), so only SQLite's own checks can tell. The store reports
// it and refuses every write; the file is left exactly as it was.
func TestDamagedIndexIsReportedAndNeverWritten(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "terminal.db")
	fillAndClose(t, path, 3000)
	if _, err := storetest.CorruptIndex(path, "records_gate_day"); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}

	s, err := store.OpenExisting(path)
	if err != nil {
		t.Fatalf("open should succeed and report through Checked: %v", err)
	}
	var de *store.DamagedError
	if err := s.Checked(ctx); !errors.As(err, &de) || len(de.Problems) == 0 {
		t.Fatalf("quick_check at open: want a DamagedError, got %v", err)
	}
	if err := s.IntegrityCheck(ctx); !errors.As(err, &de) {
		t.Fatalf("integrity_check: want a DamagedError, got %v", err)
	}
	if n, err := s.Verify(ctx); err != nil || n != 3000 {
		t.Logf("chain verify on the damaged file: %d, %v", n, err)
	}
	_, err = s.Append(ctx, store.Draft{Kind: record.Passage, Gate: 1, Guard: "G001", Body: passage("S1", true)})
	if !errors.As(err, &de) || !strings.Contains(err.Error(), "nothing written") {
		t.Fatalf("append on a damaged database: want refused as damaged, got %v", err)
	}
	if err := s.SetSetting(ctx, "lang", "en"); !errors.As(err, &de) {
		t.Fatalf("setting on a damaged database: want refused, got %v", err)
	}
	if err := s.PutPeople(ctx, []gate.Person{{Badge: "S1", Name: "张三", Kind: gate.Staff, Active: true}}); !errors.As(err, &de) {
		t.Fatalf("reference data on a damaged database: want refused, got %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Fatal("the damaged database was written to")
	}
}

// A sound database passes both checks and takes writes as before.
func TestSoundDatabasePassesChecks(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "terminal.db")
	fillAndClose(t, path, 500)
	s, err := store.OpenExisting(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Checked(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
	mustAppend(t, s, store.Draft{Kind: record.Passage, Gate: 1, Body: passage("S1", true)})
}

// A zero-length file is never made a new, empty database, and a command
// that only reads never creates one.
func TestEmptyOrMissingFileIsRefused(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "terminal.db")
	if err := os.WriteFile(empty, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, open := range []func(string) (*store.Store, error){store.Open, store.OpenExisting} {
		if s, err := open(empty); !errors.Is(err, store.ErrEmptyFile) {
			if s != nil {
				s.Close()
			}
			t.Fatalf("zero-length file: want ErrEmptyFile, got %v", err)
		}
	}
	if fi, err := os.Stat(empty); err != nil || fi.Size() != 0 {
		t.Fatalf("the empty file was changed: %v, %v", fi, err)
	}
	missing := filepath.Join(dir, "sub", "terminal.db")
	if _, err := store.OpenExisting(missing); !errors.Is(err, store.ErrMissing) {
		t.Fatalf("missing file: want ErrMissing, got %v", err)
	}
	if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("OpenExisting created %s", missing)
	}
}

// Modes are narrowed at every open, not only at creation: a database
// restored with 0644, and its -wal and -shm, become 0600 and are named.
func TestModesNarrowedAtEveryOpen(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no POSIX modes")
	}
	path := filepath.Join(t.TempDir(), "terminal.db")
	a, err := store.Open(path) // keeps -wal and -shm in place while open
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	if err := a.Init(context.Background(), testIdentity); err != nil {
		t.Fatal(err)
	}
	files := []string{path, path + "-wal", path + "-shm"}
	for _, p := range files {
		if err := os.Chmod(p, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b, err := store.OpenExisting(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	fixes := strings.Join(b.ModeFixes(), "\n")
	for _, p := range files {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v after open, want 0600", p, fi.Mode().Perm())
		}
		if !strings.Contains(fixes, p+" was mode 0644") {
			t.Errorf("the fix of %s was not reported: %q", p, fixes)
		}
	}
	c, err := store.OpenExisting(path)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if len(c.ModeFixes()) != 0 {
		t.Errorf("nothing to fix the second time, got %q", c.ModeFixes())
	}
}
