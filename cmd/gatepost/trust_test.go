package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gatepost/record"
	"gatepost/store"
	"gatepost/store/storetest"
)

// fillDemo sets the demo up with some records and returns the database path.
func fillDemo(t *testing.T, h *harness) string {
	t.Helper()
	h.ok("demo", "--records", "2000")
	return filepath.Join(h.dir, "terminal.db")
}

// Finding 5: verify said "chain intact" on a database whose index was
// damaged. It must fail plainly, every other command must refuse the file,
// and nothing may be written to it.
func TestVerifyAndCommandsReportDamagedDatabase(t *testing.T) {
	h := newHarness(t)
	path := fillDemo(t, h)
	if _, err := storetest.CorruptIndex(path, "records_gate_day"); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)

	r := h.fail(1, "verify")
	if !strings.Contains(r.stdout, "DATABASE DAMAGED") || strings.Contains(r.stdout, "chain intact") {
		t.Fatalf("verify on a damaged index:\n%s%s", r.stdout, r.stderr)
	}
	if !strings.Contains(r.stdout, "Nothing has been written") {
		t.Errorf("verify does not say the file was left alone:\n%s", r.stdout)
	}
	for _, args := range [][]string{{"export"}, {"report"}, {"config", "set", "fever", "37.5"}, {"notice", "list"}, {}} {
		r := h.fail(1, args...)
		if !strings.Contains(r.stderr, "DAMAGED") || !strings.Contains(r.stderr, "Nothing has been written") {
			t.Errorf("gatepost %v on a damaged database:\n%s%s", args, r.stdout, r.stderr)
		}
		if r.opts != nil {
			t.Errorf("gatepost %v started the console on a damaged database", args)
		}
	}
	after, _ := os.ReadFile(path)
	if !bytes.Equal(before, after) {
		t.Fatal("a command wrote to the damaged database")
	}
}

// Finding 10: a zero-length terminal.db was silently made a new empty
// database, even by verify.
func TestZeroLengthDatabaseIsNeverMadeNew(t *testing.T) {
	h := newHarness(t)
	if err := os.MkdirAll(h.dir, 0o700); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(h.dir, "terminal.db")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"verify"}, {"export"}, {"report"}, {"sync", "--parked"}, {"notice", "list"}, {"config", "get"},
		{"config", "get", "fever"}, {"config", "set", "fever", "37.5"}, {}, {"demo"}, initArgs,
	} {
		r := h.fail(1, args...)
		if !strings.Contains(r.stderr, "empty (0 bytes)") {
			t.Errorf("gatepost %v on a zero-length database:\n%s%s", args, r.stdout, r.stderr)
		}
	}
	if fi, err := os.Stat(path); err != nil || fi.Size() != 0 {
		t.Fatalf("the empty file was made into something: %v %v", fi, err)
	}
}

// Read-only commands on a data directory without a database say how to set
// one up, and leave nothing behind.
func TestReadOnlyCommandsCreateNothing(t *testing.T) {
	h := newHarness(t)
	for _, args := range [][]string{
		{"verify"}, {"export"}, {"report"}, {"sync", "--parked"}, {"notice", "list"}, {"config", "get"}, {"config", "get", "lang"},
	} {
		r := h.fail(1, args...)
		if !strings.Contains(r.stderr, "no terminal is set up") {
			t.Errorf("gatepost %v without a database:\n%s", args, r.stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(h.dir, "terminal.db")); !os.IsNotExist(err) {
		t.Fatalf("a read-only command created the database: %v", err)
	}
}

// Finding 9: modes were set only when a file was created. A restored
// database with 0644, its -wal and -shm, and the sync log are narrowed at
// the next open, and each fix is said once on stderr.
func TestModesEnforcedAtOpen(t *testing.T) {
	h := newHarness(t)
	path := fillDemo(t, h)
	logPath := filepath.Join(h.dir, "sync.log")
	if err := os.WriteFile(logPath, []byte("sync ok\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// Another process holds the database open, so its -wal and -shm exist.
	other, err := store.OpenExisting(path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	if _, err := other.Append(context.Background(), store.Draft{Kind: record.Disinfection, Gate: 0, Guard: "1001",
		Body: record.DisinfectionBody{Zone: "1", Area: "门卫室", Method: "spray", Operator: "1001"}}); err != nil {
		t.Fatal(err)
	}
	files := []string{path, path + "-wal", path + "-shm", logPath}
	for _, p := range files {
		if err := os.Chmod(p, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r := h.ok("verify")
	for _, p := range files {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != 0o600 {
			t.Errorf("%s is %v after open, want 0600", p, fi.Mode().Perm())
		}
		if strings.Count(r.stderr, p+" was mode 0644, now 0600") != 1 {
			t.Errorf("the fix of %s was not said once:\n%s", p, r.stderr)
		}
	}
	if r := h.ok("verify"); strings.Contains(r.stderr, "was mode") {
		t.Errorf("nothing to fix the second time:\n%s", r.stderr)
	}
}
