package main

import (
	"bytes"
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"gatepost/identity"
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
