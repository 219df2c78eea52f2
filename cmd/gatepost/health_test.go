package main

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gatepost/gate"
	"gatepost/hub"
	"gatepost/post"
	"gatepost/record"
	"gatepost/store"
)

// A staff member's answers at the main gate and a phone reading's symptoms
// answer, recorded under the epidemic profile, are erased by gatepost purge
// once the profile has been off for retention.health_days: not before, and
// then with no byte left in the files and the chain intact.
func TestPurgeErasesHealthDetailsAfterTheProfilesEnd(t *testing.T) {
	h := newHarness(t)
	h.ok(initArgs...)
	ctx := context.Background()
	st := h.openStore()
	at := time.Date(2026, 2, 1, 9, 0, 0, 0, time.Local)
	svc := post.New(st, post.Options{Clock: func() time.Time { return at },
		Config: gate.Config{Health: gate.HealthConfig{Profile: gate.ProfileEpidemic, NATHours: 48}}})
	nat := time.Date(2026, 1, 31, 7, 13, 0, 0, time.UTC) // its text is what the files are searched for
	natText := nat.Format(time.RFC3339)
	no := false
	plan, err := svc.DecideMainGate(ctx, post.MainGateInput{Subject: record.SubjectStaff, Direction: record.In, Badge: "9000",
		Temp: new(record.Tenths(365)), Health: &gate.Health{Code: gate.CodeGreen, NATAt: nat, RiskArea: &no}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Save(ctx, gate.Guard{Badge: "9000"}, plan); err != nil {
		t.Fatal(err)
	}
	// The profile switched off on 02-10 (config set profile normal).
	if _, err := st.Append(ctx, store.Draft{Kind: record.ConfigChange, At: time.Date(2026, 2, 10, 8, 0, 0, 0, time.Local),
		Body: record.ConfigChangeBody{Key: "profile", Old: "epidemic", New: "normal"}}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if len(holds(t, h, []byte(natText))) == 0 {
		t.Fatal("the test cannot see the detail before the purge: it proves nothing")
	}
	// 2026-03-18 is 36 days after the switch-off.
	h.ok("config", "set", "retention.health_days", "40")
	if r := h.ok("purge"); r.stdout != "nothing to erase\n" {
		t.Fatalf("purged within the retention: %q", r.stdout)
	}
	h.ok("config", "set", "retention.health_days", "30")
	if r := h.ok("purge"); !strings.Contains(r.stdout, "erased 1 health details recorded before 2026-02-10") {
		t.Fatalf("purge: %q", r.stdout)
	}
	if got := holds(t, h, []byte(natText)); len(got) != 0 {
		t.Errorf("the erased detail is still in %v", got)
	}
	if r := h.ok("verify"); !strings.Contains(r.stdout, "chain intact") {
		t.Fatalf("verify after the purge: %s", r.stdout)
	}
	h.fail(2, "config", "set", "retention.health_days", "0")
}

// verify checks the health details against their records' commitments: an
// altered answer fails it.
func TestVerifyFindsAnAlteredHealthDetail(t *testing.T) {
	h := newHarness(t)
	h.ok(initArgs...)
	ctx := context.Background()
	st := h.openStore()
	svc := post.New(st, post.Options{Clock: func() time.Time { return time.Date(2026, 3, 18, 9, 0, 0, 0, time.Local) }})
	if _, err := svc.Reading(ctx, gate.Guard{Badge: "9000"}, post.ReadingInput{Gate: 0, Who: post.Who{Badge: "9000"}, Temp: 366,
		Method: record.ReadingByPhone, Symptoms: true}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	if r := h.ok("verify"); r.stdout != "chain intact: 1 records\n" {
		t.Fatalf("verify: %q", r.stdout)
	}
	db, err := sql.Open("sqlite", filepath.Join(h.dir, "terminal.db"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE health_details SET detail = '{"symptoms":false}'`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if r := h.fail(1, "verify"); !strings.Contains(r.stdout, "HEALTH DETAIL MISMATCH") {
		t.Fatalf("verify after the change: %q", r.stdout)
	}
}

// gatepost hub retention sets a facility's retention (a flag left out
// keeps what was set), prints it, and writes the change to the audit log.
func TestHubRetentionCommand(t *testing.T) {
	h := newHarness(t)
	db := filepath.Join(t.TempDir(), "hub.db")
	st, err := hub.OpenSQLite(db)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	h.fail(2, "hub", "--db", db, "retention")
	h.fail(2, "hub", "--db", db, "retention", "--facility", "F1", "--health-days", "-1")
	if r := h.ok("hub", "--db", db, "retention", "--facility", "F1"); r.stdout != "facility F1: visitors the posts' own, vehicles the posts' own, health details the posts' own\n" {
		t.Fatalf("unset: %q", r.stdout)
	}
	h.ok("hub", "--db", db, "retention", "--facility", "F1", "--visitor-days", "10", "--health-days", "5")
	if r := h.ok("hub", "--db", db, "retention", "--facility", "F1", "--vehicle-days", "7"); r.stdout != "facility F1: visitors 10 days, vehicles 7 days, health details 5 days\n" {
		t.Fatalf("set: %q", r.stdout)
	}
	// Attributed as every other hub command is: the command line and the
	// account that ran it.
	if r := h.ok("hub", "--db", db, "audit"); !strings.Contains(r.stdout, "retention.set") || !strings.Contains(r.stdout, "visitors 10, vehicles 7, health 5") ||
		!strings.Contains(r.stdout, cliActor()) || strings.Contains(r.stdout, "(command line)") {
		t.Fatalf("audit: %s", r.stdout)
	}
}
