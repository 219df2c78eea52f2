package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"gatepost/hub"
)

// TestHubFiguresRebuild: `hub figures rebuild` stores every facility's
// figures of each day asked for, says how many, and is in the audit log;
// bad days are usage errors.
func TestHubFiguresRebuild(t *testing.T) {
	h := newHarness(t)
	db := filepath.Join(t.TempDir(), "hub.db")
	st, err := hub.OpenSQLite(db)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, f := range []string{"F1", "F2"} {
		if _, err := hub.Provision(ctx, st, f, f+"所", "gate1"); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	h.fail(2, "hub", "--db", db, "figures", "rebuild", "--from", "2026-11-01")
	h.fail(2, "hub", "--db", db, "figures", "rebuild", "--from", "2026-11-03", "--to", "2026-11-01")
	h.fail(2, "hub", "--db", db, "figures", "rebuild", "--from", "1.11.2026", "--to", "2026-11-01")
	if r := h.ok("hub", "--db", db, "figures", "rebuild", "--from", "2026-11-01", "--to", "2026-11-03"); r.stdout != "rebuilt the figures of 6 facility-days from 2026-11-01 to 2026-11-03\n" {
		t.Fatalf("rebuild: %q", r.stdout)
	}
	st, err = hub.OpenSQLite(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, d := range []string{"2026-11-01", "2026-11-02", "2026-11-03"} {
		if rows, err := st.DayFiguresOn(ctx, d); err != nil || len(rows) != 2 {
			t.Fatalf("%s: %+v %v", d, rows, err)
		}
	}
	if rows, err := st.DayFiguresOn(ctx, "2026-11-04"); err != nil || len(rows) != 0 {
		t.Fatalf("a day not asked for: %+v %v", rows, err)
	}
	if r := h.ok("hub", "--db", db, "audit"); !strings.Contains(r.stdout, "figures.rebuild") || !strings.Contains(r.stdout, "6 facility-days") {
		t.Fatalf("audit: %s", r.stdout)
	}
}
