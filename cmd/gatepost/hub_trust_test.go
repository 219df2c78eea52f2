package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gatepost/hub"
	"gatepost/hub/hubtest"
	"gatepost/store"
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

// fillDir appends n records to the terminal database in dir and closes it,
// so that the directory can be copied whole.
func fillDir(t *testing.T, dir string, day time.Time, n int) {
	t.Helper()
	st, err := store.Open(filepath.Join(dir, "terminal.db"))
	if err != nil {
		t.Fatal(err)
	}
	hubtest.Fill(t, st, day, n)
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	if err := os.MkdirAll(to, 0o700); err != nil {
		t.Fatal(err)
	}
	es, err := os.ReadDir(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range es {
		b, err := os.ReadFile(filepath.Join(from, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(to, e.Name()), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// TestClonedTerminalDirectoryIsNotSpliced: a terminal's data directory is
// copied (a cloned disk) and both copies go on writing and syncing with the
// one token. The hub links one chain, keeps the other aside whole from the
// fork, says so on the dashboard and in 'hub verify', and both terminals
// learn of it when they sync.
func TestClonedTerminalDirectoryIsNotSpliced(t *testing.T) {
	orig, db, st, url := joinedPost(t)
	hubRun := func(args ...string) []string { return append([]string{"hub", "--db", db}, args...) }
	day := time.Date(2025, 3, 1, 0, 0, 0, 0, time.Local)
	fillDir(t, orig.dir, day, 20)
	orig.ok("sync")

	clone := newHarness(t)
	copyDir(t, orig.dir, clone.dir)
	fillDir(t, orig.dir, day, 10)
	fillDir(t, clone.dir, day.AddDate(0, 0, 1), 15)

	// The copy syncs first: its 21–35 follow the chain the hub holds.
	r := clone.ok("sync")
	if !strings.Contains(r.stdout, "15 stored") {
		t.Fatalf("clone's sync: %s", r.stdout)
	}
	// The original's 21–30 are a second chain: kept aside, parked here,
	// and the sync exits 1 (the operator is needed), for a script to see.
	r = orig.fail(1, "sync")
	if !strings.Contains(r.stdout, "10 conflict") || !strings.Contains(r.stderr, "second chain of this terminal from seq 21") {
		t.Fatalf("original's sync: %s\n%s", r.stdout, r.stderr)
	}
	fillDir(t, orig.dir, day, 5) // and what it writes on, too
	r = orig.fail(1, "sync")
	if !strings.Contains(r.stdout, "5 conflict") {
		t.Fatalf("original's next sync: %s", r.stdout)
	}
	// The copy, with nothing to send, learns of it too.
	if r = clone.fail(1, "sync"); !strings.Contains(r.stderr, "second chain of this terminal from seq 21") {
		t.Fatalf("clone's second sync: %s\n%s", r.stdout, r.stderr)
	}

	r = orig.fail(1, hubRun("verify")...)
	if !strings.Contains(r.stdout, "qs01/gate1-pc: 35 records, seq 1–35: NOT INTACT") || !strings.Contains(r.stdout, "FORK at seq 21") {
		t.Fatalf("verify: %s", r.stdout)
	}
	// The hub's chain is the clone's, whole; the original's 21–35 are all kept aside.
	cloneSt, err := store.Open(filepath.Join(clone.dir, "terminal.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer cloneSt.Close()
	n := 0
	if err := st.EachRecord(t.Context(), hub.TerminalKey{Facility: "qs01", Name: "gate1-pc"}, 0, func(h hub.StoredRecord) error {
		n++
		if mine, err := cloneSt.HashAt(t.Context(), h.Seq); err != nil || mine != h.Hash {
			t.Errorf("seq %d on the hub is not the clone's: spliced", h.Seq)
		}
		return nil
	}); err != nil || n != 35 {
		t.Fatalf("%d records on the hub: %v", n, err)
	}
	cs, err := st.Conflicts(t.Context(), 100)
	if err != nil || len(cs) != 15 {
		t.Fatalf("%d records of the second chain kept aside: %v", len(cs), err)
	}
	req, _ := http.NewRequest("GET", url+"/?lang=en", nil)
	req.AddCookie(hubtest.SignIn(t, st, "viewer", hub.RoleViewer))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(page), "second chain from seq 21") {
		t.Errorf("the dashboard does not show the fork")
	}
}

// TestSyncOfAnOlderBackupExitsOne: a terminal restored from a backup older
// than its last sync (a replaced PC) has nothing pending, yet the hub holds
// more of its chain: sync says so and exits 1, so that a cron job or a
// monitor does not read the post as synced (it exited 0).
func TestSyncOfAnOlderBackupExitsOne(t *testing.T) {
	orig, _, _, _ := joinedPost(t)
	day := time.Date(2025, 3, 1, 0, 0, 0, 0, time.Local)
	fillDir(t, orig.dir, day, 20)
	orig.ok("sync")

	restored := newHarness(t)
	copyDir(t, orig.dir, restored.dir) // the backup
	fillDir(t, orig.dir, day, 5)
	orig.ok("sync")

	r := restored.fail(1, "sync")
	if !strings.Contains(r.stderr, "the hub holds this terminal's records up to seq 25, more than this database") {
		t.Fatalf("restored's sync: %s\n%s", r.stdout, r.stderr)
	}
}

// joinedPost is a terminal (initArgs) joined to a hub of its own as
// qs01/gate1-pc, served over HTTP until the test ends: the terminal's
// harness, the hub's database path, its store and its URL.
func joinedPost(t *testing.T) (*harness, string, *hub.SQLite, string) {
	t.Helper()
	h := newHarness(t)
	db := filepath.Join(t.TempDir(), "hub.db")
	r := h.ok("hub", "--db", db, "terminal", "add", "--facility", "qs01", "--name", "gate1-pc")
	token := strings.TrimSpace(r.stdout[strings.LastIndex(strings.TrimSpace(r.stdout), "\n"):])
	st, err := hub.OpenSQLite(db)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(hub.NewServer(st, hub.Options{Logger: hubtest.Quiet()}))
	t.Cleanup(func() { srv.Close(); st.Close() })
	h.ok(initArgs...)
	h.ok("join", "--hub", srv.URL, "--token", token)
	return h, db, st, srv.URL
}
