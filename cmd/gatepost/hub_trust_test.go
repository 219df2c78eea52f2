package main

import (
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gatepost/hub"
	"gatepost/hub/hubtest"
)

// TestHubTerminalRotate: a leaked token is replaced, a revoked terminal is
// enabled again, the old token is refused from then on, and the terminal's
// history on the hub is the same chain, carried on.
func TestHubTerminalRotate(t *testing.T) {
	h := newHarness(t)
	db := filepath.Join(t.TempDir(), "hub.db")
	hubRun := func(args ...string) []string { return append([]string{"hub", "--db", db}, args...) }
	lastLine := func(s string) string {
		lines := strings.Split(strings.TrimSpace(s), "\n")
		return lines[len(lines)-1]
	}
	old := lastLine(h.ok(hubRun("terminal", "add", "--facility", "qs01", "--name", "gate1-pc")...).stdout)
	st, err := hub.OpenSQLite(db)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(hub.NewServer(st, hub.Options{Logger: hubtest.Quiet()}))
	defer func() { srv.Close(); st.Close() }()

	h.ok(initArgs...)
	h.ok("join", "--hub", srv.URL, "--token", old)
	ts := h.openStore()
	day := time.Date(2025, 3, 1, 0, 0, 0, 0, time.Local)
	hubtest.Fill(t, ts, day, 30)
	h.ok("sync")

	h.ok(hubRun("terminal", "revoke", "--facility", "qs01", "--name", "gate1-pc")...)
	h.fail(1, hubRun("terminal", "rotate", "--facility", "qs01", "--name", "nobody")...)
	h.fail(2, hubRun("terminal", "rotate", "--facility", "qs01")...)
	r := h.ok(hubRun("terminal", "rotate", "--facility", "qs01", "--name", "gate1-pc")...)
	fresh := lastLine(r.stdout)
	if len(fresh) != 43 || fresh == old {
		t.Fatalf("the new token is not alone on the last line: %q", r.stdout)
	}
	hubtest.Fill(t, ts, day, 5)
	if r := h.fail(1, "sync"); !strings.Contains(r.stderr, "token") {
		t.Errorf("sync with the old token: %s", r.stderr)
	}
	h.fail(1, "join", "--hub", srv.URL, "--token", old)
	h.ok("join", "--hub", srv.URL, "--token", fresh)
	r = h.ok("sync")
	if !strings.Contains(r.stdout, "pending 0, parked 0") || !strings.Contains(r.stdout, "5 stored") {
		t.Errorf("sync with the new token: %s", r.stdout)
	}
	r = h.ok(hubRun("verify")...)
	if !strings.Contains(r.stdout, "qs01/gate1-pc: 35 records, seq 1–35: intact") {
		t.Errorf("verify after rotation: %s", r.stdout)
	}
	r = h.ok(hubRun("terminal", "list")...)
	if !strings.Contains(r.stdout, "active") || strings.Contains(r.stdout, "revoked") {
		t.Errorf("list after rotation: %s", r.stdout)
	}
}
