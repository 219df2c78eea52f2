package main

import (
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
)

// downgrade makes the data directory's database look like one written
// before the identity registry (§15): schema 9, no registry table.
func downgrade(t *testing.T, h *harness) {
	t.Helper()
	db, err := sql.Open("sqlite", filepath.Join(h.dir, "terminal.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{"DROP TABLE identities", "PRAGMA user_version = 9"} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
}

func TestOldDatabaseRefusedAndDemoMadeAgain(t *testing.T) {
	// A real terminal's old database is refused with what to do.
	h := newHarness(t)
	h.ok(initArgs...)
	h.ok("config", "set", "fever", "37.3") // a config.change record
	downgrade(t, h)
	r := h.fail(1, "verify")
	if !strings.Contains(r.stderr, "earlier gatepost") || !strings.Contains(r.stderr, "set the terminal up again") {
		t.Errorf("verify on an old database: %s", r.stderr)
	}
	r = h.fail(1, "demo")
	if !strings.Contains(r.stderr, "earlier gatepost") {
		t.Errorf("demo on a real terminal's old database: %s", r.stderr)
	}

	// The demo's own is made again.
	d := newHarness(t)
	d.ok("demo", "--records", "900")
	downgrade(t, d)
	r = d.ok("demo", "--records", "900")
	if !strings.Contains(r.stdout, "made again") || !strings.Contains(r.stdout, "set up") || !strings.Contains(r.stdout, "appended 900 records (seq 1–900") {
		t.Errorf("demo on its own old database: %s", r.stdout)
	}
	if r := d.ok("verify"); r.stdout != "chain intact: 900 records\n" {
		t.Errorf("verify: %q", r.stdout)
	}
}
