package main

import (
	"encoding/json"
	"net"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gatepost/hub"
	"gatepost/hub/hubtest"
)

// TestHubAndSyncCommands drives a whole round through the command line:
// provision on the hub, init and join on the terminal, sync, publish
// reference data and a notice, sync again, verify, report, revoke.
func TestHubAndSyncCommands(t *testing.T) {
	h := newHarness(t)
	db := filepath.Join(t.TempDir(), "hub.db")
	hubRun := func(args ...string) []string { return append([]string{"hub", "--db", db}, args...) }

	r := h.ok(hubRun("terminal", "add", "--facility", "qs01", "--facility-name", "青山所", "--name", "gate1-pc")...)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	token := lines[len(lines)-1]
	if len(token) != 43 || strings.Contains(token, " ") {
		t.Fatalf("the token is not alone on the last line: %q", r.stdout)
	}
	h.fail(1, hubRun("terminal", "add", "--facility", "qs01", "--name", "gate1-pc")...)

	// The hub serves the same database the commands use.
	st, err := hub.OpenSQLite(db)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(hub.NewServer(st, hub.Options{Logger: hubtest.Quiet()}))
	defer func() { srv.Close(); st.Close() }()

	h.ok(initArgs...)
	h.fail(1, "sync") // not joined yet
	r = h.fail(1, "join", "--hub", srv.URL, "--token", "wrong")
	if !strings.Contains(r.stderr, "refused the token") {
		t.Errorf("join with a wrong token: %s", r.stderr)
	}
	r = h.ok("join", "--hub", srv.URL, "--token", token)
	if !strings.Contains(r.stdout, `terminal "gate1-pc" of facility qs01 (青山所)`) {
		t.Errorf("join: %s", r.stdout)
	}

	ts := h.openStore()
	day := time.Date(2025, 3, 1, 0, 0, 0, 0, time.Local)
	hubtest.Fill(t, ts, day, 120)
	r = h.ok("sync")
	if !strings.Contains(r.stdout, "sent 120: 120 stored, 0 duplicate, 0 conflict, 0 rejected") || !strings.Contains(r.stdout, "pending 0, parked 0") {
		t.Errorf("sync: %s", r.stdout)
	}

	csv := filepath.Join(t.TempDir(), "people.csv")
	os.WriteFile(csv, []byte("badge,name,kind,assignment\nS1,张三,staff,office\nS2,李四,staff,custody\n"), 0o600)
	r = h.ok(hubRun("import", "people", csv, "--facility", "qs01")...)
	if !strings.Contains(r.stdout, "published 2 people for facility qs01") {
		t.Errorf("hub import: %s", r.stdout)
	}
	bad := filepath.Join(t.TempDir(), "bad.csv")
	os.WriteFile(bad, []byte("badge,name,kind\nS3,王五,visitor\n"), 0o600)
	r = h.fail(1, hubRun("import", "people", bad, "--facility", "qs01")...)
	if !strings.Contains(r.stderr, "nothing published") || !strings.Contains(r.stderr, "line 2") {
		t.Errorf("bad import: %s", r.stderr)
	}
	h.fail(1, hubRun("import", "people", csv, "--facility", "nowhere")...)
	rot := filepath.Join(t.TempDir(), "rotation.csv")
	os.WriteFile(rot, []byte("badge,kind,start,end\nS2,custody,2025-03-01,\nS2,observation,2025-03-15,\n"), 0o600)
	r = h.ok(hubRun("import", "rotation", rot, "--facility", "qs01")...)
	if !strings.Contains(r.stdout, "published 2 rotation periods for facility qs01") {
		t.Errorf("hub import rotation: %s", r.stdout)
	}
	h.ok(hubRun("notice", "add", "--facility", "all", "--title", "今日部署", "--body", "加强消毒", "--date", "2025-03-01")...)
	h.fail(1, hubRun("notice", "add", "--facility", "nowhere", "--title", "x")...)

	r = h.ok("sync")
	if !strings.Contains(r.stdout, "sent 0:") || !strings.Contains(r.stdout, "pulled 2 people, 0 passes, 1 notices, 1 rotation plans") {
		t.Errorf("second sync: %s", r.stdout)
	}
	// The plan arrives whole, with the default lengths filled in.
	if plan, err := ts.RotationOf(t.Context(), "S2"); err != nil || len(plan) != 2 ||
		plan[0].End != "2025-03-14" || plan[1].Kind != "observation" || plan[1].End != "2025-03-21" {
		t.Errorf("pulled plan: %+v %v", plan, err)
	}
	// A replanned rotation replaces the old one on the terminal.
	os.WriteFile(rot, []byte("badge,kind,start,end\nS2,rest,2025-03-02,2025-03-08\n"), 0o600)
	h.ok(hubRun("import", "rotation", rot, "--facility", "qs01")...)
	h.ok("sync")
	if plan, err := ts.RotationOf(t.Context(), "S2"); err != nil || len(plan) != 1 || plan[0].Kind != "rest" {
		t.Errorf("replanned: %+v %v", plan, err)
	}
	if p, ok, err := ts.FindPerson(t.Context(), "S2"); err != nil || !ok || p.Name != "李四" {
		t.Errorf("pulled person: %+v %v %v", p, ok, err)
	}

	r = h.ok(hubRun("verify")...)
	if !strings.Contains(r.stdout, "qs01/gate1-pc: 120 records, seq 1–120: intact") {
		t.Errorf("verify: %s", r.stdout)
	}
	r = h.ok(hubRun("report", "--date", "2025-03-01", "--format", "json")...)
	var rep hub.Report
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || len(rep.Facilities) != 1 || rep.Facilities[0].Hub.Records != 120 ||
		len(rep.Silent) != 1 {
		t.Errorf("report: %v %s", err, r.stdout)
	}
	r = h.ok(hubRun("report", "--date", "2025-03-01", "--lang", "en")...)
	if !strings.Contains(r.stdout, "MISSING (deadline 16:00)") {
		t.Errorf("text report: %s", r.stdout)
	}
	// A facility's deadline, and the report in one language per --lang:
	// the Chinese one says 未报送, never MISSING.
	r = h.ok(hubRun("facility", "deadline", "--facility", "qs01", "17:30")...)
	if !strings.Contains(r.stdout, "17:30") {
		t.Errorf("deadline: %s", r.stdout)
	}
	h.fail(2, hubRun("facility", "deadline", "--facility", "qs01", "25:00")...)
	h.fail(2, hubRun("facility", "deadline", "17:30")...)
	h.fail(1, hubRun("facility", "deadline", "--facility", "nowhere", "17:30")...)
	r = h.ok(hubRun("report", "--date", "2025-03-01", "--lang", "zh-CN")...)
	if !strings.Contains(r.stdout, "未报送（截止17:30）") || !strings.Contains(r.stdout, "应报1个，已报0个（其中按时0个、逾期0个），未报1个") || strings.Contains(r.stdout, "MISSING") {
		t.Errorf("zh text report: %s", r.stdout)
	}
	for _, format := range []string{"docx", "xlsx", "html"} {
		out := filepath.Join(t.TempDir(), "汇总."+format)
		h.ok(hubRun("report", "--date", "2025-03-01", "--lang", "zh-CN", "--format", format, "-o", out)...)
		if fi, err := os.Stat(out); err != nil || fi.Size() < 200 {
			t.Errorf("%s: %v", format, err)
		}
	}
	h.fail(2, hubRun("report", "--format", "xlsx")...) // a workbook goes to a file
	h.fail(2, hubRun("report", "--lang", "xx")...)
	h.fail(2, hubRun("report", "--format", "pdf")...)
	r = h.ok(hubRun("terminal", "list")...)
	if !strings.Contains(r.stdout, "gate1-pc") || !strings.Contains(r.stdout, "active") || !strings.Contains(r.stdout, "120") {
		t.Errorf("list: %s", r.stdout)
	}

	h.ok(hubRun("terminal", "revoke", "--facility", "qs01", "--name", "gate1-pc")...)
	h.fail(1, hubRun("terminal", "revoke", "--facility", "qs01", "--name", "nobody")...)
	hubtest.Fill(t, ts, day, 1)
	r = h.fail(1, "sync")
	if !strings.Contains(r.stderr, "token") {
		t.Errorf("sync with a revoked token: %s", r.stderr)
	}
	if strings.Contains(r.stdout, "sent 0") || strings.Contains(r.stdout, "pulled 0") {
		t.Errorf("a refused sync reports zeros before its reason: %s", r.stdout)
	}
	r = h.ok("sync", "--parked")
	if !strings.Contains(r.stdout, "no parked records") {
		t.Errorf("parked: %s", r.stdout)
	}

	// Every hub command needs a database.
	h.fail(2, "hub", "verify")
	h.envv["GATEPOST_HUB_DB"] = db
	h.ok("hub", "verify")
}

// TestHubCommandsRefuseAMissingDatabase: a command that reads or tends a
// hub, given a path where there is no database (a mistyped --db, a restore
// to the wrong place), says so and leaves nothing behind — `hub verify`
// answered "0 terminals, 0 intact" and made an empty hub there. Only the
// commands that set a hub up create it.
func TestHubCommandsRefuseAMissingDatabase(t *testing.T) {
	h := newHarness(t)
	db := filepath.Join(t.TempDir(), "typo.db")
	for _, args := range [][]string{
		{"verify"}, {"report", "--date", "2026-03-18"}, {"terminal", "list"}, {"audit"},
		{"terminal", "rotate", "--facility", "qs01", "--name", "gate1-pc"}, {"backup", filepath.Join(t.TempDir(), "b.db")},
		{"purge", "--before", "2026-01-01"}, {"figures", "rebuild", "--from", "2026-03-01", "--to", "2026-03-02"},
	} {
		r := h.fail(1, append([]string{"hub", "--db", db}, args...)...)
		if !strings.Contains(r.stderr, "there is no hub database at "+db) {
			t.Errorf("hub %v: %q", args, r.stderr)
		}
		if _, err := os.Stat(db); !os.IsNotExist(err) {
			t.Fatalf("hub %v left a database behind: %v", args, err)
		}
	}
	h.ok("hub", "--db", db, "terminal", "add", "--facility", "qs01", "--facility-name", "青山所", "--name", "gate1-pc")
	if r := h.ok("hub", "--db", db, "verify"); !strings.Contains(r.stdout, "1 terminals") {
		t.Errorf("verify after terminal add: %q", r.stdout)
	}
}

// TestHubServeSaysItCreatedTheHub: `hub serve` on a path with no database
// creates an empty hub (a first start) — and says so, since after a
// mistyped --db every terminal's token would be refused without a word.
// (The run stops at a later usage error, after the database is opened.)
func TestHubServeSaysItCreatedTheHub(t *testing.T) {
	h := newHarness(t)
	db := filepath.Join(t.TempDir(), "new.db")
	serve := []string{"hub", "--db", db, "serve", "--addr", "127.0.0.1:0", "--upstream-token", "x"}
	if r := h.fail(2, serve...); !strings.Contains(r.stderr, "there was no hub database at "+db+": a new, empty hub was created there") {
		t.Errorf("first start: %q", r.stderr)
	}
	if r := h.fail(2, serve...); strings.Contains(r.stderr, "new, empty") {
		t.Errorf("the hub exists now: %q", r.stderr)
	}
}

// TestHubServeThatCannotListenCreatesNothing: `hub serve` whose address is
// taken, or is no address, fails before it opens the database: no empty
// hub is left at a mistyped --db, and no warning about creating one or
// about the days it could not rebuild is logged.
func TestHubServeThatCannotListenCreatesNothing(t *testing.T) {
	h := newHarness(t)
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer taken.Close()
	db := filepath.Join(t.TempDir(), "typo.db")
	for _, addr := range []string{taken.Addr().String(), "127.0.0.1:99999"} {
		r := h.fail(1, "hub", "--db", db, "serve", "--addr", addr)
		if !strings.Contains(r.stderr, "--addr") || strings.Contains(r.stderr, "WARN") {
			t.Errorf("serve on %s: %q", addr, r.stderr)
		}
		if _, err := os.Stat(db); !os.IsNotExist(err) {
			t.Fatalf("serve on %s left a database behind: %v", addr, err)
		}
	}
	r := h.fail(1, "hub", "--db", db, "serve", "--addr", "127.0.0.1:0", "--metrics-addr", taken.Addr().String())
	if !strings.Contains(r.stderr, "--metrics-addr") {
		t.Errorf("metrics on a taken port: %q", r.stderr)
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Fatalf("serve with a taken metrics port left a database behind: %v", err)
	}
}

// TestUsageErrorsPointAtTheirCommand: a mistake in a subcommand's flags or
// arguments points at that subcommand's help, not the root's list.
func TestUsageErrorsPointAtTheirCommand(t *testing.T) {
	h := newHarness(t)
	db := filepath.Join(t.TempDir(), "hub.db")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"hub", "--db", db, "serve", "--adr", "1"}, "Run 'gatepost hub serve --help' for usage."},
		{[]string{"hub", "--db", db, "backup"}, "Run 'gatepost hub backup --help' for usage."},
		{[]string{"nosuch"}, "Run 'gatepost --help' for usage."},
	} {
		if r := h.fail(2, c.args...); !strings.Contains(r.stderr, c.want) {
			t.Errorf("%v: %q lacks %q", c.args, r.stderr, c.want)
		}
	}
}

// TestPostgresRefusalSaidOnce: a PostgreSQL server that does not answer is
// reported once, though pgx tries twice (with TLS, then without).
func TestPostgresRefusalSaidOnce(t *testing.T) {
	h := newHarness(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close() // nothing listens there now: connection refused
	r := h.fail(1, "hub", "--db", "postgres://u@"+addr+"/x?connect_timeout=5", "verify")
	if n := strings.Count(r.stderr, "connection refused"); n != 1 {
		t.Errorf("the refusal is said %d times:\n%s", n, r.stderr)
	}
}
