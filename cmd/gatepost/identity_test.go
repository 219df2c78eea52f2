package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gatepost/gate"
	"gatepost/hub"
	"gatepost/hub/wire"
	"gatepost/identity"
	"gatepost/post"
	"gatepost/record"
	"gatepost/store"
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

// addVisitor writes a visitor's passage naming its registry row, as the
// main gate does.
func addVisitor(t *testing.T, h *harness, f identity.Fields) {
	t.Helper()
	st := h.openStore()
	defer st.Close()
	ctx := context.Background()
	row, c, err := st.Identify(ctx, identity.Visitor, f, "2026-03-18")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.Append(ctx, store.Draft{Kind: record.Passage, Gate: 1, Guard: "9000", Identities: []identity.Row{row},
		Body: record.PassageBody{Subject: record.SubjectVisitor, Direction: record.In, Ident: row.Ref, Commit: c, Allowed: true, Reason: "pass"}}); err != nil {
		t.Fatal(err)
	}
}

func TestIdentityExportMaskedUnlessAnAdminRecordsIt(t *testing.T) {
	h := newHarness(t)
	h.ok(initArgs...)
	const id = "320102199001010016"
	addVisitor(t, h, identity.Fields{IDNumber: id, Name: "王芳", Phone: "13800138000", Unit: "市卫健委", Visiting: "李四"})
	r := h.ok("export", "--identities")
	if strings.Contains(r.stdout, id) || strings.Contains(r.stdout, "13800138000") ||
		!strings.Contains(r.stdout, `"id_number":"320102********0016"`) || !strings.Contains(r.stdout, `"phone":"138****8000"`) {
		t.Fatalf("masked export: %s", r.stdout)
	}
	r = h.ok("export", "--identities", "--format", "csv")
	if strings.Contains(r.stdout, id) || !strings.Contains(r.stdout, "320102********0016,王芳,138****8000") {
		t.Fatalf("masked csv: %s", r.stdout)
	}
	h.fail(2, "export", "--unmasked")
	h.fail(2, "export", "--identities", "--unmasked", "--admin", "9000") // no reason
	records := func() []record.Record {
		st := h.openStore()
		defer st.Close()
		var out []record.Record
		if err := st.Each(context.Background(), 0, func(r record.Record) error { out = append(out, r); return nil }); err != nil {
			t.Fatal(err)
		}
		return out
	}
	before := len(records())
	r = h.runIn("000000\n", "export", "--identities", "--unmasked", "--admin", "9000", "--reason", "公安机关协查")
	if r.code != 1 || strings.Contains(r.stdout, id) || len(records()) != before {
		t.Fatalf("wrong PIN: exit %d, %d records (was %d)\n%s%s", r.code, len(records()), before, r.stdout, r.stderr)
	}
	r = h.runIn("246810\n", "export", "--identities", "--unmasked", "--admin", "9000", "--reason", "公安机关协查")
	if r.code != 0 || !strings.Contains(r.stdout, `"id_number":"`+id+`"`) || !strings.Contains(r.stdout, "13800138000") {
		t.Fatalf("unmasked export: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	rs := records()
	last := rs[len(rs)-1]
	var b record.IdentityExportBody
	if len(rs) != before+1 || last.Kind != record.IdentityExport || last.Guard != "9000" || last.Decode(&b) != nil || b.Rows != 1 || b.Reason != "公安机关协查" {
		t.Fatalf("audit record %+v %+v", last, b)
	}
	if bytes.Contains(last.Body, []byte(id)) {
		t.Fatal("the audit record names the person")
	}
	if r := h.ok("verify"); !strings.Contains(r.stdout, "chain intact") {
		t.Fatalf("verify: %s", r.stdout)
	}
}

// holds reports whether the database file or its -wal holds b.
func holds(t *testing.T, h *harness, b []byte) []string {
	t.Helper()
	var in []string
	for _, p := range []string{"terminal.db", "terminal.db-wal"} {
		data, err := os.ReadFile(filepath.Join(h.dir, p))
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			t.Fatal(err)
		}
		if bytes.Contains(data, b) {
			in = append(in, p)
		}
	}
	return in
}

func TestPurgeErasesTheIDNumberFromTheFilesAndTheChainStillVerifies(t *testing.T) {
	h := newHarness(t)
	h.ok(initArgs...)
	const id = "320102199001010016"
	ctx := context.Background()
	// A visitor entered at the main gate by resident ID, through the service.
	st := h.openStore()
	entered := time.Date(2026, 2, 1, 9, 0, 0, 0, time.Local)
	svc := post.New(st, post.Options{Clock: func() time.Time { return entered }})
	temp := record.Tenths(365)
	plan, err := svc.DecideMainGate(ctx, post.MainGateInput{Subject: record.SubjectVisitor, Direction: record.In, IDNumber: id, Name: "王芳", Temp: &temp,
		Visit: &gate.Visit{Phone: "13800138000", WorkUnit: "市卫健委", Visiting: "李四"}})
	if err != nil {
		t.Fatal(err)
	}
	saved, err := svc.Save(ctx, gate.Guard{Badge: "9000"}, plan)
	if err != nil {
		t.Fatal(err)
	}
	var b record.PassageBody
	if err := saved.Main().Decode(&b); err != nil || b.Ident == "" {
		t.Fatalf("passage %+v %v", b, err)
	}
	row, _, _ := st.IdentityOf(ctx, b.Ident)
	other, _, err := identity.New(identity.Visitor, identity.Fields{IDNumber: "320102199001010024"}, "2026-02-01")
	if err != nil {
		t.Fatal(err)
	}
	if !row.Matches(b.Commit) || other.Matches(b.Commit) {
		t.Fatal("the commitment does not tell the visitor's row from another's")
	}
	st.Close()
	if got := holds(t, h, []byte(id)); len(got) == 0 {
		t.Fatal("the test cannot see the ID number before the purge: it proves nothing")
	}

	reportBefore := h.ok("report", "--date", "2026-02-01", "--format", "json").stdout
	h.ok("config", "set", "retention.visitor_days", "30")
	r := h.ok("purge") // 2026-03-18: the visit of 02-01 is past 30 days
	if !strings.Contains(r.stdout, "erased 1 visitor identities last seen before 2026-02-16") {
		t.Fatalf("purge: %s", r.stdout)
	}
	for _, s := range []string{id, "13800138000", "市卫健委", "王芳"} {
		if got := holds(t, h, []byte(s)); len(got) != 0 {
			t.Errorf("%q still in %v after the purge", s, got)
		}
	}
	if r := h.ok("verify"); !strings.Contains(r.stdout, "chain intact") {
		t.Fatalf("verify after the purge: %s", r.stdout)
	}
	st = h.openStore()
	erased, ok, err := st.IdentityOf(ctx, b.Ident)
	if err != nil || !ok || erased.Erased == "" || !erased.Fields.Empty() || len(erased.Salt) != 0 || erased.Matches(b.Commit) {
		t.Fatalf("erased row %+v %v %v", erased, ok, err)
	}
	var last record.Record
	_ = st.Each(ctx, 0, func(r record.Record) error { last = r; return nil })
	var pb record.IdentityPurgeBody
	if last.Kind != record.IdentityPurge || last.Decode(&pb) != nil || pb != (record.IdentityPurgeBody{Category: "visitor", Count: 1, Before: "2026-02-16"}) {
		t.Fatalf("purge record %+v %+v", last, pb)
	}
	// The log still shows the crossing, and says who it was is gone.
	rows, err := st.Page(ctx, store.PageQuery{Gate: 1, Day: "2026-02-01"})
	if err != nil || len(rows) != 1 || !rows[0].Erased || rows[0].Person != nil {
		t.Fatalf("log rows after the purge: %+v %v", rows, err)
	}
	st.Close()
	// The day's report keeps its figures and says the identities were erased.
	if r := h.ok("report", "--date", "2026-02-01"); !strings.Contains(r.stdout, "The identities of 1 visitors and others named in this period's records were erased per the retention policy") {
		t.Errorf("report after the purge:\n%s", r.stdout)
	}
	reportAfter := h.ok("report", "--date", "2026-02-01", "--format", "json").stdout
	var before, after struct {
		Gates []struct {
			Gate, In, Denied int
		} `json:"gates"`
		Erased int `json:"identities_erased"`
	}
	if err := json.Unmarshal([]byte(reportBefore), &before); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(reportAfter), &after); err != nil {
		t.Fatal(err)
	}
	if before.Erased != 0 || after.Erased != 1 || len(after.Gates) == 0 || after.Gates[0].Denied != 1 || // not on the roster, no pass: a saved denial
		fmt.Sprint(before.Gates) != fmt.Sprint(after.Gates) {
		t.Errorf("report figures before %+v, after %+v", before, after)
	}
	h.fail(2, "purge", "--before", "tomorrow")
	if r := h.ok("purge", "--before", "2026-03-18"); r.stdout != "nothing to erase\n" {
		t.Fatalf("second purge: %q", r.stdout)
	}
}

func TestHubPurge(t *testing.T) {
	h := newHarness(t)
	db := filepath.Join(t.TempDir(), "hub.db")
	st, err := hub.OpenSQLite(db)
	if err != nil {
		t.Fatal(err)
	}
	row, _, _ := identity.New(identity.Visitor, identity.Fields{IDNumber: "320102199001010016"}, "2026-01-05")
	if _, err := st.PutIdentities(context.Background(), hub.TerminalKey{Facility: "F1", Name: "gate1"}, []wire.Identity{{Ref: row.Ref,
		Category: "visitor", Salt: row.Salt, IDNumber: row.Fields.IDNumber, LastSeen: row.LastSeen}}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	h.fail(2, "hub", "--db", db, "purge")
	if r := h.ok("hub", "--db", db, "purge", "--before", "2026-01-05"); r.stdout != "nothing to erase\n" {
		t.Fatalf("nothing due: %q", r.stdout)
	}
	if r := h.ok("hub", "--db", db, "purge", "--before", "2026-01-06"); r.stdout != "erased 1 visitor identities last seen before 2026-01-06\n" {
		t.Fatalf("purge: %q", r.stdout)
	}
	if r := h.ok("hub", "--db", db, "audit"); !strings.Contains(r.stdout, "identity.purge") || !strings.Contains(r.stdout, "erased 1 visitor") ||
		!strings.Contains(r.stdout, cliActor()) || strings.Contains(r.stdout, "(command line)") {
		t.Fatalf("audit: %s", r.stdout)
	}
	data, _ := os.ReadFile(db)
	if bytes.Contains(data, []byte("320102199001010016")) {
		t.Fatal("the erased ID number is still in the hub's file")
	}
}
