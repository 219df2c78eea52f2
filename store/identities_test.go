package store_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"gatepost/identity"
	"gatepost/record"
	"gatepost/store"
)

const visitorID = "320102199001010016"

// visit writes a visitor's passage naming its registry row, as post does.
func visit(t *testing.T, s *store.Store, f identity.Fields, day string) (record.Record, identity.Row) {
	t.Helper()
	ctx := context.Background()
	row, c, err := s.Identify(ctx, identity.Visitor, f, day)
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.Append(ctx, store.Draft{Kind: record.Passage, Gate: 1, Guard: "G001", Identities: []identity.Row{row},
		Body: record.PassageBody{Subject: record.SubjectVisitor, Direction: record.In, Ident: row.Ref, Commit: c, Allowed: true, Reason: "pass"}})
	if err != nil {
		t.Fatal(err)
	}
	return r, row
}

func TestRegistryKeepsOneRowPerPerson(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	first, row := visit(t, s, identity.Fields{IDNumber: visitorID, Name: "王芳", Phone: "13800138000", Unit: "市卫健委", Visiting: "李四"}, "2026-11-01")
	// Back a week later, typed without a name, another phone.
	second, again := visit(t, s, identity.Fields{IDNumber: visitorID, Phone: "13900139000"}, "2026-11-08")
	var b1, b2 record.PassageBody
	_ = first.Decode(&b1)
	_ = second.Decode(&b2)
	if again.Ref != row.Ref || b1.Ident != b2.Ident || b1.Commit != b2.Commit {
		t.Fatalf("a second visit made another identity: %s %s", b1.Ident, b2.Ident)
	}
	got, ok, err := s.IdentityOf(ctx, row.Ref)
	if err != nil || !ok {
		t.Fatal(ok, err)
	}
	want := identity.Fields{IDNumber: visitorID, Name: "王芳", Phone: "13900139000", Unit: "市卫健委", Visiting: "李四"}
	if got.Fields != want || got.LastSeen != "2026-11-08" || !got.Matches(b1.Commit) {
		t.Fatalf("row %+v, want fields %+v last seen 2026-11-08", got, want)
	}
	for _, r := range []record.Record{first, second} {
		for _, s := range []string{visitorID, "王芳", "13800138000", "市卫健委"} {
			if bytes.Contains(r.Body, []byte(s)) {
				t.Errorf("record body holds %q: %s", s, r.Body)
			}
		}
	}
	// The log shows the person masked.
	rows, err := s.Page(ctx, store.PageQuery{Gate: 1, Day: store.Day(first.At)})
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].Person == nil || rows[0].Person.IDNumber != "320102********0016" || rows[0].Person.Name != "王芳" {
		t.Fatalf("log rows %+v", rows)
	}
}

func TestRegistryRowGoesWithItsRecordOrNotAtAll(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	row, c, err := s.Identify(ctx, identity.Visitor, identity.Fields{IDNumber: visitorID}, "2026-11-01")
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Append(ctx, store.Draft{Kind: "no.such.kind", Guard: "G001", Identities: []identity.Row{row},
		Body: record.PassageBody{Ident: row.Ref, Commit: c}})
	if err == nil {
		t.Fatal("a bad record was saved")
	}
	if _, ok, err := s.IdentityOf(ctx, row.Ref); err != nil || ok {
		t.Fatalf("the row of a record that was not saved is in the registry: %v %v", ok, err)
	}
}

func TestDatabaseFromBeforeTheRegistryIsRefused(t *testing.T) {
	s, path := newStore(t)
	mustAppend(t, s, store.Draft{Kind: record.Passage, Gate: 1, Body: passage("2001", true)})
	s.Close()
	// What a database written by the previous version looks like: schema
	// 9, no registry, records.
	db := rawDB(t, path)
	for _, q := range []string{"DROP TABLE identities", "PRAGMA user_version = 9"} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	_, err := store.Open(path)
	var old *store.OldFormatError
	if !errors.As(err, &old) || old.Version != 9 || old.Facility != testIdentity.FacilityID || old.Terminal != testIdentity.Terminal {
		t.Fatalf("opened an old database: %v", err)
	}
	if !strings.Contains(err.Error(), "earlier gatepost") || !strings.Contains(err.Error(), "set the terminal up again") {
		t.Errorf("message does not say what to do: %v", err)
	}
	// Still refused the second time: nothing was migrated.
	if _, err := store.Open(path); !errors.As(err, &old) {
		t.Fatalf("second open: %v", err)
	}
}

// The daily purge (no VACUUM) leaves the erased ID number nowhere in the
// files: secure_delete zeroes what the update frees, the checkpoint
// truncates the WAL.
func TestDailyPurgeLeavesNoBytes(t *testing.T) {
	s, path := newStore(t)
	ctx := context.Background()
	for i := range 50 { // other visitors, kept: the page is shared
		visit(t, s, identity.Fields{IDNumber: fmt.Sprintf("11010519491231%03dX", i), Name: "访客"}, "2026-11-20")
	}
	first, _ := visit(t, s, identity.Fields{IDNumber: visitorID, Name: "王芳"}, "2026-11-01")
	holds := func() bool {
		for _, p := range []string{path, path + "-wal"} {
			b, _ := os.ReadFile(p)
			if bytes.Contains(b, []byte(visitorID)) {
				return true
			}
		}
		return false
	}
	if !holds() {
		t.Fatal("the ID number is not in the files before the purge: the test proves nothing")
	}
	done, err := s.PurgeIdentities(ctx, identity.Cutoffs(map[identity.Category]int{identity.Visitor: 10, identity.Vehicle: 10},
		time.Date(2026, 11, 29, 3, 0, 0, 0, time.UTC)), time.Now())
	if err != nil || len(done) != 1 || done[0].Count != 1 {
		t.Fatalf("purge %+v %v", done, err)
	}
	if holds() {
		t.Fatal("the erased ID number is still in the database file or its WAL")
	}
	// The others stay, the record still verifies.
	if rows, _ := s.AllIdentities(ctx); len(rows) != 51 || rows[0].Fields.Empty() {
		t.Fatalf("rows after the purge: %d", len(rows))
	}
	if n, err := s.Verify(ctx); err != nil || n != 52 {
		t.Fatalf("verify: %d records, %v", n, err)
	}
	rows, err := s.Page(ctx, store.PageQuery{Gate: 1, Day: store.Day(first.At), Limit: 100})
	if err != nil || len(rows) != 51 || !rows[0].Erased || rows[1].Erased || rows[1].Person == nil {
		t.Fatalf("the purged visitor's row: %+v %v", rows[:1], err)
	}
}

// A peer's row that no terminal makes is not taken, whoever sends it (an
// older hub served them as it held them): each is skipped with the field
// named, the good ones are taken, and nothing of the bad ones is in the
// file.
func TestPeerRowsThatNoTerminalMakesAreSkipped(t *testing.T) {
	s, path := newStore(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 30, 10, 0, 0, 0, time.Local)
	mk := func(f identity.Fields, change func(*identity.Row)) identity.Row {
		r, _, err := identity.New(identity.Visitor, f, "2026-11-30")
		if err != nil {
			t.Fatal(err)
		}
		change(&r)
		return r
	}
	id := identity.Fields{IDNumber: "11010519491231002X", Name: "李四"}
	good := mk(id, func(*identity.Row) {})
	tomorrow := mk(id, func(r *identity.Row) { r.LastSeen = "2026-12-01" })
	rows := []identity.Row{
		good,
		mk(identity.Fields{IDNumber: "11010519491231002X", Name: "<img src=x onerror=alert(1)>\x1b[31m"}, func(*identity.Row) {}),
		mk(identity.Fields{IDNumber: "11010519491231002X", Name: strings.Repeat("名", 300_000)}, func(*identity.Row) {}),
		mk(id, func(r *identity.Row) { r.Ref = "\x1b[2Jzz" }),
		mk(id, func(r *identity.Row) { r.Ref = "r2" }),
		mk(id, func(r *identity.Row) { r.LastSeen = "9999-12-31" }),
		mk(identity.Fields{IDNumber: "11010519491231002X", Phone: "23800138000"}, func(*identity.Row) {}),
		tomorrow,
		mk(id, func(*identity.Row) {}), // its terminal's name is not one
	}
	terms := []string{"gate1", "gate1", "gate1", "gate1", "gate1", "gate1", "gate1", "gate1", "gate\x1b]52;c;aGk=\x07"}
	skipped, err := s.ApplyPeerIdentities(ctx, rows, terms, now)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"name contains a control character", "name longer than 64 characters", "ref is not 32 lower-case hex digits",
		"ref is not 32 lower-case hex digits", "last_seen is later than 2026-12-01", "phone is not an 11-digit mobile number",
		"terminal contains a control character"}
	if len(skipped) != len(want) {
		t.Fatalf("skipped %+v", skipped)
	}
	for i, x := range skipped {
		if !strings.HasPrefix(x.Reason, want[i]) || strings.Contains(x.Ref, "\x1b") || len(x.Ref) > 40 {
			t.Errorf("skipped %d: %+v, want %q", i, x, want[i])
		}
	}
	held, err := s.AllIdentities(ctx)
	if err != nil || len(held) != 2 || held[0].Ref != good.Ref || held[1].Ref != tomorrow.Ref {
		t.Fatalf("held %d rows, want the good one and tomorrow's (%v)", len(held), err)
	}
	if err := s.Scrub(ctx, true); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, path + "-wal"} {
		data, _ := os.ReadFile(p)
		for _, b := range []string{"onerror", "\x1b[2J", "\x1b[31m", "\x1b]52", "名名名名"} {
			if bytes.Contains(data, []byte(b)) {
				t.Errorf("%s holds a skipped row's bytes: %q", p, b)
			}
		}
	}
}
