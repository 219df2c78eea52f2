package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"gatepost/auth"
	"gatepost/config"
	"gatepost/gate"
	"gatepost/record"
	"gatepost/store"
	"gatepost/tui"
)

func init() { auth.Cost = bcrypt.MinCost } // keep the tests fast

type result struct {
	code           int
	stdout, stderr string
	opts           *tui.Options // what the console was started with, if it was
}

// harness runs gatepost commands against one temporary data directory.
type harness struct {
	t    *testing.T
	dir  string
	envv map[string]string
}

func newHarness(t *testing.T) *harness {
	return &harness{t: t, dir: filepath.Join(t.TempDir(), "data"), envv: map[string]string{}}
}

func (h *harness) run(args ...string) result {
	h.t.Helper()
	return h.runIn("", args...)
}

func (h *harness) runIn(stdin string, args ...string) result {
	h.t.Helper()
	var out, errb bytes.Buffer
	var res result
	e := &env{
		stdin: strings.NewReader(stdin), stdout: &out, stderr: &errb,
		getenv: func(k string) string { return h.envv[k] },
		now:    func() time.Time { return time.Date(2026, 3, 18, 14, 30, 0, 0, time.Local) },
		console: func(st *store.Store, o tui.Options) error {
			res.opts = &o
			return nil
		},
	}
	full := append([]string{"--data", h.dir}, args...)
	res.code = run(context.Background(), full, e)
	res.stdout, res.stderr = out.String(), errb.String()
	return res
}

func (h *harness) ok(args ...string) result {
	h.t.Helper()
	r := h.run(args...)
	if r.code != 0 {
		h.t.Fatalf("gatepost %s: exit %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), r.code, r.stdout, r.stderr)
	}
	return r
}

func (h *harness) fail(code int, args ...string) result {
	h.t.Helper()
	r := h.run(args...)
	if r.code != code {
		h.t.Fatalf("gatepost %s: exit %d, want %d\nstdout: %s\nstderr: %s", strings.Join(args, " "), r.code, code, r.stdout, r.stderr)
	}
	if strings.Contains(r.stderr, "goroutine ") || strings.Contains(r.stderr, "panic") {
		h.t.Fatalf("stack trace in output: %s", r.stderr)
	}
	return r
}

func (h *harness) openStore() *store.Store {
	h.t.Helper()
	st, err := store.Open(filepath.Join(h.dir, "terminal.db"))
	if err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(func() { st.Close() })
	return st
}

var initArgs = []string{"init", "--facility-id", "qs01", "--facility", "青山所", "--terminal", "gate1-pc",
	"--gate", "1", "--admin-badge", "9000", "--admin-pin", "246810", "--lang", "en"}

func TestInitVerifyExport(t *testing.T) {
	h := newHarness(t)
	r := h.ok(initArgs...)
	if !strings.Contains(r.stdout, "gate1-pc") {
		t.Errorf("init output: %s", r.stdout)
	}
	if fi, err := os.Stat(filepath.Join(h.dir, "terminal.db")); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("database file: %v %v", fi, err)
	}
	if r := h.ok("verify"); r.stdout != "chain intact: 0 records\n" {
		t.Errorf("verify: %q", r.stdout)
	}

	ctx := context.Background()
	st := h.openStore()
	a, err := auth.SignIn(ctx, st, "9000", "246810", time.Now())
	if err != nil || a.Role != "admin" {
		t.Fatalf("admin sign-in: %+v %v", a, err)
	}
	if v, _ := st.Setting(ctx, "lang"); v != "en" {
		t.Errorf("lang setting %q", v)
	}
	for i := 0; i < 3; i++ {
		if _, err := st.Append(ctx, store.Draft{Kind: record.ShiftOpen, Gate: 1, Guard: "9000",
			Body: record.ShiftOpenBody{Name: "管理员", Gate: 1}}); err != nil {
			t.Fatal(err)
		}
	}
	if r := h.ok("verify"); r.stdout != "chain intact: 3 records\n" {
		t.Errorf("verify: %q", r.stdout)
	}

	// JSON Lines: every record, which verifies as a chain.
	r = h.ok("export")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	var rs []record.Record
	for _, l := range lines {
		var rec record.Record
		if err := json.Unmarshal([]byte(l), &rec); err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
		rs = append(rs, rec)
	}
	if len(rs) != 3 || record.Verify(rs) != nil || rs[0].Facility != "qs01" {
		t.Fatalf("exported %d records: %v", len(rs), record.Verify(rs))
	}
	// CSV after a seq.
	r = h.ok("export", "--format", "csv", "--since-seq", "1")
	rows, err := csv.NewReader(strings.NewReader(r.stdout)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || strings.Join(rows[0], ",") != "id,terminal,facility,seq,kind,gate,guard,at,body,prev,hash" ||
		rows[1][3] != "2" || rows[1][10] != rs[1].Hash || rows[1][8] != string(rs[1].Body) || rows[2][9] != rs[1].Hash {
		t.Errorf("csv export: %v", rows)
	}
	h.fail(2, "export", "--format", "xml")

	// A second init changes nothing.
	r = h.fail(1, initArgs...)
	if !strings.Contains(r.stderr, "already set up") {
		t.Errorf("second init: %s", r.stderr)
	}
}

func TestInitMissingAndBadFlags(t *testing.T) {
	h := newHarness(t)
	r := h.fail(2, "init", "--facility-id", "x")
	for _, f := range []string{"admin-badge", "facility", "gate", "terminal"} {
		if !strings.Contains(r.stderr, f) {
			t.Errorf("missing flag %s not named: %s", f, r.stderr)
		}
	}
	r = h.fail(2, "init", "--facility-id", "x", "--facility", "y", "--terminal", "z", "--gate", "7",
		"--admin-badge", "9 0", "--admin-pin", "12", "--lang", "fr")
	for _, w := range []string{"--gate", "--admin-badge", "admin PIN", "--lang"} {
		if !strings.Contains(r.stderr, w) {
			t.Errorf("problem with %s not reported: %s", w, r.stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(h.dir, "terminal.db")); err == nil {
		t.Error("a rejected init created the database")
	}
}

func TestConsoleNeedsSetUp(t *testing.T) {
	h := newHarness(t)
	r := h.fail(1)
	if !strings.Contains(r.stderr, "gatepost --data "+h.dir+" init") || !strings.Contains(r.stderr, "demo") || r.opts != nil {
		t.Errorf("stderr: %s", r.stderr)
	}
	if _, err := os.Stat(filepath.Join(h.dir, "terminal.db")); err == nil {
		t.Error("the console created an empty database")
	}
	h.fail(1, "verify")
	h.fail(1, "export")
}

func TestConsoleOptions(t *testing.T) {
	h := newHarness(t)
	h.ok(initArgs[:len(initArgs)-2]...) // no --lang
	h.envv["LANG"] = "zh_CN.UTF-8"
	r := h.ok()
	if r.opts == nil || r.opts.Lang != "zh-CN" || r.opts.FeverAt != 373 || r.opts.IdleLock != 5*time.Minute ||
		r.opts.Health != (gate.HealthConfig{Profile: gate.ProfileEpidemic, NATHours: 48}) {
		t.Fatalf("defaults: %+v", r.opts)
	}
	// The facility's profile reaches the console, which asks gate 1's checks by it.
	h.ok("config", "set", "profile", "normal")
	h.ok("config", "set", "nat_hours", "24")
	if r := h.ok(); r.opts.Health != (gate.HealthConfig{Profile: gate.ProfileNormal, NATHours: 24}) {
		t.Fatalf("profile: %+v", r.opts.Health)
	}
	h.ok("config", "set", "lang", "en")
	h.ok("config", "set", "fever", "37.5")
	h.ok("config", "set", "idle_lock", "off")
	r = h.ok()
	if r.opts.Lang != "en" || r.opts.FeverAt != 375 || r.opts.IdleLock != 0 {
		t.Fatalf("settings: %+v", r.opts)
	}
	r = h.ok("--lang", "zh-CN", "--fever", "38", "--idle-lock", "2m")
	if r.opts.Lang != "zh-CN" || r.opts.FeverAt != 380 || r.opts.IdleLock != 2*time.Minute {
		t.Fatalf("flags: %+v", r.opts)
	}
	// The decision flags are stored and recorded, the language is not.
	if !strings.Contains(r.stderr, "fever = 38.0 (was 37.5; recorded as record") || !strings.Contains(r.stderr, "idle_lock = 2m (was off;") {
		t.Fatalf("the flags' changes not said:\n%s", r.stderr)
	}
	r = h.ok()
	if r.opts.Lang != "en" || r.opts.FeverAt != 380 || r.opts.IdleLock != 2*time.Minute {
		t.Fatalf("after flags: %+v", r.opts)
	}
	r = h.fail(1, "--fever", "hot")
	if !strings.Contains(r.stderr, "--fever") || r.opts != nil {
		t.Errorf("bad flag: %s", r.stderr)
	}
}

func TestConfigCommand(t *testing.T) {
	h := newHarness(t)
	h.fail(1, "config", "set", "lang", "en") // no terminal yet
	h.ok(initArgs...)
	if r := h.ok("config", "get", "lang"); r.stdout != "en\n" {
		t.Errorf("get lang: %q", r.stdout)
	}
	if r := h.ok("config", "set", "idle_lock", "300s"); r.stdout != "idle_lock = 5m (was not set; recorded as record 1)\n" {
		t.Errorf("set: %q", r.stdout)
	}
	if r := h.ok("config", "get", "fever"); r.stdout != "" || !strings.Contains(r.stderr, "37.3") {
		t.Errorf("unset fever: %q %q", r.stdout, r.stderr)
	}
	h.fail(2, "config", "set", "fever", "45")
	h.fail(2, "config", "set", "colour", "red")
	h.fail(2, "config", "get", "colour")
	h.fail(2, "config", "set", "lang")
	h.fail(2, "config", "set", "food.sample_min_grams", "100") // looser than the regulation
	h.ok("config", "set", "food.sample_retain_hours", "72")
	r := h.ok("config")
	got := map[string]string{}
	col := -1 // every value starts in one column
	for _, line := range strings.Split(strings.TrimSpace(r.stdout), "\n") {
		k, v, _ := strings.Cut(line, " ")
		v = strings.TrimLeft(v, " ")
		got[k] = v
		if c := len(line) - len(v); col == -1 {
			col = c
		} else if c != col {
			t.Errorf("config list: %q is not in the column of the others (%d)", line, col)
		}
	}
	// Each setting not set says its own default, not another's.
	for k, want := range map[string]string{"lang": "en", "idle_lock": "5m", "food.sample_min_grams": "(not set: default 125)",
		"food.sample_retain_hours": "72", "profile": "(not set: default epidemic)", "nat_hours": "(not set: default 48)",
		"rotation.custody_days": "(not set: default 14)", "rotation.observation_days": "(not set: default 7)",
		"screening.sessions": "(not set: default 1)", "retention.health_days": "(not set: default 30)",
		"report.to": "(not set: the report is addressed to 市司法局)"} {
		if got[k] != want {
			t.Errorf("config list: %s is %q, want %q\n%s", k, got[k], want, r.stdout)
		}
	}
	if len(got) != len(config.Keys) {
		t.Errorf("config list shows %d settings, want the %d keys", len(got), len(config.Keys))
	}
}

func TestDemoIdempotentAndRecords(t *testing.T) {
	h := newHarness(t)
	r := h.ok("demo")
	if !strings.Contains(r.stdout, "set up") || !strings.Contains(r.stdout, "1001 PIN 1234") {
		t.Errorf("first demo: %s", r.stdout)
	}
	ctx := context.Background()
	st := h.openStore()
	people, _ := st.People(ctx, "")
	r = h.ok("demo")
	if !strings.Contains(r.stdout, "already set up") {
		t.Errorf("second demo: %s", r.stdout)
	}
	again, _ := st.People(ctx, "")
	if len(again) != len(people) || len(people) != 360 { // 60 staff, 300 detainees
		t.Errorf("people %d then %d", len(people), len(again))
	}
	if n, _ := st.LastSeq(ctx); n != 0 {
		t.Errorf("demo without --records wrote %d records", n)
	}
	if _, err := auth.SignIn(ctx, st, "9001", "999999", time.Now()); err != nil {
		t.Errorf("supervisor sign-in: %v", err)
	}
	r = h.ok("demo", "--records", "2500", "--seed", "3")
	if !strings.Contains(r.stdout, "appended 2500 records (seq 1–2500") {
		t.Errorf("records: %s", r.stdout)
	}
	if r := h.ok("verify"); r.stdout != "chain intact: 2500 records\n" {
		t.Errorf("verify: %q", r.stdout)
	}
	h.fail(2, "demo", "--records", "-5")
	h.fail(2, "demo", "--records", "many")
}

func TestDemoRefusesRealTerminal(t *testing.T) {
	h := newHarness(t)
	h.ok(initArgs...)
	r := h.fail(1, "demo")
	if !strings.Contains(r.stderr, "refusing") || !strings.Contains(r.stderr, "qs01") {
		t.Errorf("stderr: %s", r.stderr)
	}
	st := h.openStore()
	if ps, _ := st.People(context.Background(), ""); len(ps) != 0 {
		t.Errorf("demo wrote %d people into a real terminal", len(ps))
	}
}

func TestVerifyBrokenChain(t *testing.T) {
	h := newHarness(t)
	h.ok(initArgs...)
	h.ok("config", "set", "fever", "37.3")
	st := h.openStore()
	ctx := context.Background()
	for i := 0; i < 5; i++ {
		if _, err := st.Append(ctx, store.Draft{Kind: record.Temperature, Gate: 0, Guard: "9000",
			Body: record.TemperatureBody{Badge: "2001", Temp: 365}}); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	db, err := sql.Open("sqlite", filepath.Join(h.dir, "terminal.db"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = db.Exec(`DROP TRIGGER records_no_update; UPDATE records SET body = '{"badge":"2001","fever":false,"temp":39.9}' WHERE seq = 3`)
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	r := h.fail(1, "verify")
	if !strings.Contains(r.stdout, "seq 3") || !strings.Contains(r.stdout, "2 records before it") {
		t.Errorf("verify output: %q %q", r.stdout, r.stderr)
	}
}

const peopleCSV = "\ufeffbadge,name,id_number,kind,unit,assignment,active\n" +
	"2001,王建国,320102198001010016,staff,管理科,custody,1\n" +
	"D0001,赵小军,,detainee,一大队/宿舍1,,\n"

func TestImport(t *testing.T) {
	h := newHarness(t)
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("people.csv", peopleCSV)
	bad := write("bad.csv", peopleCSV+"2002,李秀英,320102198001010017,staff,办公室,office,1\n2003,张伟,,boss,,,1\n")
	h.fail(1, "import", "people", good) // no terminal yet
	h.ok(initArgs...)

	r := h.fail(1, "import", "people", bad)
	for _, w := range []string{"2 problems, nothing imported", "line 4: id_number: checksum digit wrong", "line 5: kind:"} {
		if !strings.Contains(r.stderr, w) {
			t.Errorf("stderr lacks %q:\n%s", w, r.stderr)
		}
	}
	ctx := context.Background()
	st := h.openStore()
	if ps, _ := st.People(ctx, ""); len(ps) != 0 {
		t.Fatalf("bad file imported %d people", len(ps))
	}

	if r := h.ok("import", "people", good); r.stdout != "imported 2 people from "+good+"\n" {
		t.Errorf("stdout %q", r.stdout)
	}
	if ps, _ := st.People(ctx, ""); len(ps) != 2 {
		t.Errorf("%d people", len(ps))
	}
	passes := write("passes.csv", "id,holder,badge,id_number,plate,valid_from,valid_to,note\nP1,物资车,,,苏A·12345,2026-03-01,2026-03-31,\n")
	h.ok("import", "passes", passes)
	if ps, _ := st.FindPasses(ctx, "", "", "苏A12345"); len(ps) != 1 {
		t.Errorf("passes %v", ps)
	}
	r = h.runIn("badge,name,role,pin\n1001,值班民警,guard,1234\n", "import", "guards", "-")
	if r.code != 0 {
		t.Fatalf("guards from stdin: %s", r.stderr)
	}
	if _, err := auth.SignIn(ctx, st, "1001", "1234", time.Now()); err != nil {
		t.Errorf("imported guard cannot sign in: %v", err)
	}
	h.fail(2, "import", "notes", good)
	h.fail(2, "import", "people")
	r = h.fail(1, "import", "people", filepath.Join(dir, "missing.csv"))
	if !strings.Contains(r.stderr, "missing.csv") {
		t.Errorf("missing file: %s", r.stderr)
	}
}

func TestDataDirFromEnv(t *testing.T) {
	h := newHarness(t)
	envDir := filepath.Join(t.TempDir(), "fromenv")
	h.envv["GATEPOST_DATA"] = envDir
	var out, errb bytes.Buffer
	e := &env{stdin: strings.NewReader(""), stdout: &out, stderr: &errb, getenv: func(k string) string { return h.envv[k] },
		now: time.Now, console: func(*store.Store, tui.Options) error { return nil }}
	if code := run(context.Background(), []string{"demo"}, e); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	if _, err := os.Stat(filepath.Join(envDir, "terminal.db")); err != nil {
		t.Errorf("GATEPOST_DATA ignored: %v", err)
	}
	h.envv = map[string]string{}
	errb.Reset()
	if code := run(context.Background(), []string{"verify"}, e); code != 2 || !strings.Contains(errb.String(), "--data") {
		t.Errorf("no data dir at all: exit %d, %s", code, errb.String())
	}
}
