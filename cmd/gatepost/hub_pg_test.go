package main

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gatepost/hub"
	"gatepost/hub/hubtest"
	"gatepost/hub/pgtest"
)

// serveInProcess runs `gatepost hub serve --db db` until the test ends and
// returns its URL once it answers.
func serveInProcess(t *testing.T, db string) string { return serveWith(t, db, nil) }

// serveWith runs `gatepost hub serve --db db` with more arguments (and the
// environment envv) until the test ends and returns its URL once it answers.
func serveWith(t *testing.T, db string, envv map[string]string, more ...string) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int)
	go func() {
		e := &env{stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard,
			getenv: func(k string) string { return envv[k] }, now: time.Now}
		done <- run(ctx, append([]string{"hub", "serve", "--db", db, "--addr", addr}, more...), e)
	}()
	t.Cleanup(func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("hub serve exited %d", code)
		}
	})
	u := "http://" + addr
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if resp, err := http.Get(u + "/healthz"); err == nil {
			resp.Body.Close()
			return u
		}
	}
	t.Fatal("hub serve did not come up")
	return ""
}

// TestHubCommandsOnPostgres: every hub command with --db a postgres:// URL
// (a schema of its own on the GATEPOST_TEST_PG server): provision, two
// `hub serve` processes' worth of servers on the one database, a terminal
// syncing to one and then re-joined to the other, import, notice, verify,
// report, list, revoke. Without a server it skips, and fails when CI is set.
func TestHubCommandsOnPostgres(t *testing.T) {
	db := pgtest.Schema(t)
	h := newHarness(t)
	hubRun := func(args ...string) []string { return append([]string{"hub", "--db", db}, args...) }

	r := h.ok(hubRun("terminal", "add", "--facility", "qs01", "--facility-name", "青山所", "--name", "gate1-pc")...)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	token := lines[len(lines)-1]
	h.fail(1, hubRun("terminal", "add", "--facility", "qs01", "--name", "gate1-pc")...)

	a, b := serveInProcess(t, db), serveInProcess(t, db)
	h.ok(initArgs...)
	h.ok("join", "--hub", a, "--token", token)
	ts := h.openStore()
	day := time.Date(2025, 3, 1, 0, 0, 0, 0, time.Local)
	hubtest.Fill(t, ts, day, 120)
	r = h.ok("sync")
	if !strings.Contains(r.stdout, "sent 120: 120 stored") {
		t.Errorf("sync to A: %s", r.stdout)
	}

	csv := filepath.Join(t.TempDir(), "people.csv")
	os.WriteFile(csv, []byte("badge,name,kind,assignment\nS1,张三,staff,office\nS2,李四,staff,custody\n"), 0o600)
	h.ok(hubRun("import", "people", csv, "--facility", "qs01")...)
	h.ok(hubRun("notice", "add", "--facility", "all", "--title", "今日部署", "--body", "加强消毒", "--date", "2025-03-01")...)

	// The other process serves the same hub: the terminal moves to it and
	// finds its records there, and the reference data published meanwhile.
	h.ok("join", "--hub", b, "--token", token)
	hubtest.Fill(t, ts, day, 30)
	r = h.ok("sync")
	if !strings.Contains(r.stdout, "30 stored, 0 duplicate") || !strings.Contains(r.stdout, "pulled 2 people, 0 passes, 1 notices") ||
		!strings.Contains(r.stdout, "pending 0, parked 0") {
		t.Errorf("sync to B: %s", r.stdout)
	}

	r = h.ok(hubRun("verify")...)
	if !strings.Contains(r.stdout, "qs01/gate1-pc: 150 records, seq 1–150: intact") {
		t.Errorf("verify: %s", r.stdout)
	}
	r = h.ok(hubRun("report", "--date", "2025-03-01", "--format", "json")...)
	var rep hub.Report
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || len(rep.Facilities) != 1 || rep.Facilities[0].Hub.Records != 150 {
		t.Errorf("report: %v %s", err, r.stdout)
	}
	r = h.ok(hubRun("terminal", "list")...)
	if !strings.Contains(r.stdout, "gate1-pc") || !strings.Contains(r.stdout, "150") {
		t.Errorf("list: %s", r.stdout)
	}
	h.ok(hubRun("terminal", "revoke", "--facility", "qs01", "--name", "gate1-pc")...)
	hubtest.Fill(t, ts, day, 1)
	if r = h.fail(1, "sync"); !strings.Contains(r.stderr, "token") {
		t.Errorf("sync with a revoked token: %s", r.stderr)
	}

	// A database that cannot be reached: said so, without the password.
	r = h.fail(1, "hub", "--db", "postgres://hub:s3cret@127.0.0.1:1/hub?connect_timeout=2", "verify")
	if strings.Contains(r.stderr, "s3cret") || !strings.Contains(r.stderr, "cannot open the hub database postgres://hub:xxxxx@127.0.0.1:1/hub") {
		t.Errorf("unreachable database: %s", r.stderr)
	}
}
