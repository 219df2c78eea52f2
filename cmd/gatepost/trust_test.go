package main

import (
	"bytes"
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gatepost/auth"
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
	log, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range files {
		if strings.Count(string(log), "file mode fixed: "+p+" was mode 0644, now 0600") != 1 {
			t.Errorf("the fix of %s is not in sync.log once:\n%s", p, log)
		}
	}
}

var initNoPIN = []string{"init", "--facility-id", "qs01", "--facility", "青山所", "--terminal", "gate1-pc",
	"--gate", "1", "--admin-badge", "9000", "--lang", "en"}

// Finding 12: init --admin-pin put the PIN in the shell history. init reads
// it from standard input with --admin-pin-stdin (or asks on a terminal);
// --admin-pin is still taken but warned about; an admin PIN has 6+ digits.
func TestInitAdminPIN(t *testing.T) {
	h := newHarness(t)
	r := h.runIn("", initNoPIN...)
	if r.code != 2 || !strings.Contains(r.stderr, "--admin-pin-stdin") {
		t.Fatalf("init without a PIN and no terminal: exit %d\n%s", r.code, r.stderr)
	}
	r = h.runIn("2468\n", append(initNoPIN, "--admin-pin-stdin")...)
	if r.code != 2 || !strings.Contains(r.stderr, "an admin's PIN must be 6 to 12 digits") || strings.Contains(r.stderr, "2468") {
		t.Fatalf("a 4-digit admin PIN: exit %d\n%s", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(h.dir, "terminal.db")); err == nil {
		t.Fatal("a refused init created the database")
	}
	r = h.runIn("135790\n", append(initNoPIN, "--admin-pin-stdin")...)
	if r.code != 0 || strings.Contains(r.stderr, "warning") {
		t.Fatalf("init --admin-pin-stdin: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	st := h.openStore()
	if _, err := auth.SignIn(context.Background(), st, "9000", "135790", time.Now()); err != nil {
		t.Fatalf("the admin cannot sign in with the PIN from stdin: %v", err)
	}

	h2 := newHarness(t)
	r = h2.ok(append(initNoPIN, "--admin-pin", "246810")...)
	if !strings.Contains(r.stderr, "warning: --admin-pin leaves the PIN in the shell history") {
		t.Fatalf("--admin-pin not warned about:\n%s", r.stderr)
	}
	h3 := newHarness(t)
	h3.fail(2, append(initNoPIN, "--admin-pin", "246810", "--admin-pin-stdin")...)

	// The names shown on every screen take no escape sequences either.
	r = h3.runIn("135790\n", "init", "--facility-id", "qs01", "--facility", "青山所\x1b[2J", "--terminal", "gate1\u202e",
		"--gate", "1", "--admin-badge", "9000", "--admin-pin-stdin")
	if r.code != 2 || !strings.Contains(r.stderr, "--facility: no control characters") || !strings.Contains(r.stderr, "--terminal: no control") {
		t.Fatalf("init with control characters in names: exit %d\n%s", r.code, r.stderr)
	}
}

// Finding 12: demo --records appended synthetic records to a joined real
// terminal, which then synced them. demo refuses a data directory that has
// joined a hub or was set up with init, whatever its names.
func TestDemoRefusesRealTerminals(t *testing.T) {
	ctx := context.Background()

	// Set up with init, under the demo's own names.
	h := newHarness(t)
	h.ok("init", "--facility-id", "demo", "--facility", "示范", "--terminal", "demo-gate1", "--gate", "1",
		"--admin-badge", "9000", "--admin-pin", "246810")
	r := h.fail(1, "demo", "--records", "10")
	if !strings.Contains(r.stderr, "set up with gatepost init") {
		t.Fatalf("demo on an init'd terminal:\n%s", r.stderr)
	}

	// The demo itself, once it has joined a hub.
	h2 := newHarness(t)
	h2.ok("demo", "--records", "10")
	st := h2.openStore()
	if err := st.SetHubSettings(ctx, store.HubSettings{URL: "https://hub.example:8470", Token: "t"}); err != nil {
		t.Fatal(err)
	}
	before, _ := st.LastSeq(ctx)
	r = h2.fail(1, "demo", "--records", "10")
	if !strings.Contains(r.stderr, "joined a hub") {
		t.Fatalf("demo on a joined terminal:\n%s", r.stderr)
	}
	if after, _ := st.LastSeq(ctx); after != before {
		t.Fatalf("demo appended %d records to a joined terminal", after-before)
	}
}

// Finding 12: `config set fever 39` left no trace in the log. A change of a
// decision setting is a config.change record (key, old, new: no person),
// written with the setting; the language is not a decision.
func TestConfigChangeIsRecorded(t *testing.T) {
	ctx := context.Background()
	h := newHarness(t)
	h.ok(initArgs...)
	r := h.ok("config", "set", "fever", "39")
	if !strings.Contains(r.stdout, "fever = 39.0 (was not set; recorded as record 1)") {
		t.Fatalf("config set fever:\n%s", r.stdout)
	}
	h.ok("config", "set", "fever", "37.5")
	if r := h.ok("config", "set", "fever", "37.5"); !strings.Contains(r.stdout, "unchanged") {
		t.Fatalf("setting the same value again:\n%s", r.stdout)
	}
	h.ok("config", "set", "lang", "zh-CN")
	h.ok("config", "set", "pin.supervisor_min_digits", "8")

	st := h.openStore()
	var changes []record.ConfigChangeBody
	if err := st.Each(ctx, 0, func(rec record.Record) error {
		if rec.Kind != record.ConfigChange {
			t.Errorf("record %d is a %s", rec.Seq, rec.Kind)
			return nil
		}
		if err := record.CheckConfigChange(rec.Body); err != nil {
			t.Errorf("record %d: %v", rec.Seq, err)
		}
		var b record.ConfigChangeBody
		if err := rec.Decode(&b); err != nil {
			t.Fatal(err)
		}
		changes = append(changes, b)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	want := []record.ConfigChangeBody{{Key: "fever", Old: "", New: "39.0"}, {Key: "fever", Old: "39.0", New: "37.5"},
		{Key: "pin.supervisor_min_digits", Old: "", New: "8"}}
	if len(changes) != len(want) {
		t.Fatalf("config.change records %+v, want %+v", changes, want)
	}
	for i := range want {
		if changes[i] != want[i] {
			t.Errorf("change %d: %+v, want %+v", i, changes[i], want[i])
		}
	}
	if r := h.ok("verify"); !strings.Contains(r.stdout, "chain intact: 3 records") {
		t.Fatalf("verify: %s", r.stdout)
	}
	// The setting now asks 8 digits of a supervisor's PIN in an import.
	r = h.runIn("badge,name,role,pin\n9001,乙,supervisor,246810\n", "import", "guards", "-")
	if r.code != 1 || !strings.Contains(r.stderr, "a supervisor's PIN must be 8 to 12 digits") {
		t.Fatalf("import with the 8-digit rule: exit %d\n%s", r.code, r.stderr)
	}
}

// Finding 8, terminal output: text others wrote reached the terminal raw.
// Text stored before the input was cleaned (an older database, a copy from
// elsewhere) is printed with its control characters shown, not obeyed, by
// report, notice list and sync --parked.
func TestOutputEscapesControlCharacters(t *testing.T) {
	h := newHarness(t)
	h.ok("demo")
	path := filepath.Join(h.dir, "terminal.db")
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(5000)")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	day := "2026-03-18" // the harness's today
	for _, q := range []string{
		`UPDATE people SET unit = '三大队' || char(27) || '[2J' WHERE kind = 'detainee' AND unit LIKE '三大队%'`,
		`INSERT INTO notices (id, title, body, day, published_at) VALUES ('N1', '通知' || char(27) || ']52;c;aGk=' || char(7),
			'第一条' || char(8238) || '伪造', '` + day + `', '2026-03-18T08:00:00+08:00')`,
		`INSERT INTO sync_parked (seq, id, status, code, reason, parked_at) VALUES (1, 'x', 'rejected', 'bad',
			'hub says ' || char(27) || '[31mno' || char(155) || '0m', '2026-03-18T08:00:00+08:00')`,
	} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	raw.Close()
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"report", "--lang", "zh-CN"}, `三大队\x1b[2J`},
		{[]string{"report", "--format", "md", "--lang", "en"}, `\x1b[2J`},
		{[]string{"notice", "list"}, `通知\x1b]52;c;aGk=\x07`},
		{[]string{"notice", "list"}, `第一条\u202e伪造`},
		{[]string{"sync", "--parked"}, `hub says \x1b[31mno\u009b0m`},
	} {
		r := h.run(c.args...)
		if strings.ContainsAny(r.stdout, "\x1b\x07\u202e\u009b") {
			t.Errorf("gatepost %v printed a control character raw:\n%q", c.args, r.stdout)
		}
		if !strings.Contains(r.stdout, c.want) {
			t.Errorf("gatepost %v does not show %q:\n%s%s", c.args, c.want, r.stdout, r.stderr)
		}
	}
}
