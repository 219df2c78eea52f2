package store_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"testing"
	"time"

	"gatepost/identity"
	"gatepost/record"
	"gatepost/store"
)

// symptomsNote is a free-text health detail no other byte of the test
// database can hold by chance.
const symptomsNote = "咳嗽三天伴低热-HX7Q"

// reading writes a staff member's phone reading whose health detail is d,
// recorded at at, as post does.
func reading(t *testing.T, s *store.Store, badge string, d identity.HealthDetail, at time.Time) (record.Record, identity.HealthRow) {
	t.Helper()
	h, c, err := identity.NewHealth(nil, d, at)
	if err != nil {
		t.Fatal(err)
	}
	r, err := s.Append(context.Background(), store.Draft{Kind: record.Temperature, Gate: 0, Guard: "G001", At: at,
		Health: []identity.HealthRow{h},
		Body:   record.TemperatureBody{Badge: badge, Temp: 366, Method: record.ReadingByPhone, Health: h.Ref, HealthCommit: c}})
	if err != nil {
		t.Fatal(err)
	}
	return r, h
}

func profileChange(t *testing.T, s *store.Store, from, to string, at time.Time) {
	t.Helper()
	mustAppend(t, s, store.Draft{Kind: record.ConfigChange, At: at, Body: record.ConfigChangeBody{Key: "profile", Old: from, New: to}})
}

// Health details stay while the epidemic profile is on, and for the
// retention after it was switched off; then the daily purge erases them,
// writes what it did (never whose), and leaves no byte of them in the
// database file or its WAL, the chain verifying.
func TestHealthRetentionFromTheProfilesEnd(t *testing.T) {
	s, path := newStore(t)
	ctx := context.Background()
	loc := time.FixedZone("CST", 8*3600)
	day := func(d, h int) time.Time { return time.Date(2026, 10, d, h, 0, 0, 0, loc) }
	yes := true
	var before []identity.HealthRow
	for i := range 40 { // others on the same pages, erased too: all before the switch-off
		_, h := reading(t, s, fmt.Sprintf("20%02d", i), identity.HealthDetail{Symptoms: &yes, Note: fmt.Sprintf("其他-%d", i)}, day(1, 9))
		before = append(before, h)
	}
	rec, sick := reading(t, s, "2004", identity.HealthDetail{Symptoms: &yes, Note: symptomsNote}, day(2, 9))
	profileChange(t, s, "", "normal", day(3, 12))
	_, after := reading(t, s, "2005", identity.HealthDetail{Symptoms: &yes, Note: "之后"}, day(4, 9))

	holds := func() bool {
		for _, p := range []string{path, path + "-wal"} {
			b, _ := os.ReadFile(p)
			if bytes.Contains(b, []byte(symptomsNote)) {
				return true
			}
		}
		return false
	}
	if !holds() {
		t.Fatal("the detail is not in the files before the purge: the test proves nothing")
	}
	if bytes.Contains(rec.Body, []byte(symptomsNote)) || bytes.Contains(rec.Body, []byte("symptoms")) {
		t.Fatalf("the record holds the detail: %s", rec.Body)
	}
	if h, ok, err := s.HealthOf(ctx, sick.Ref); err != nil || !ok || !h.Matches(mustCommit(t, rec)) {
		t.Fatalf("the detail does not match its record before the purge: %+v %v %v", h, ok, err)
	}

	days := map[identity.Category]int{identity.Visitor: 30, identity.Vehicle: 30, identity.Health: 30}
	// 29 days after the switch-off: kept.
	if done, err := s.PurgeRetention(ctx, days, day(3, 12).AddDate(0, 0, 29)); err != nil || len(done) != 0 {
		t.Fatalf("purged within the retention: %+v %v", done, err)
	}
	now := day(3, 12).AddDate(0, 0, 30)
	done, err := s.PurgeRetention(ctx, days, now)
	if err != nil || len(done) != 1 || done[0] != (record.IdentityPurgeBody{Category: "health", Count: 41, Before: "2026-10-03"}) {
		t.Fatalf("purge %+v %v", done, err)
	}
	if holds() {
		t.Fatal("the erased detail is still in the database file or its WAL")
	}
	for _, h := range append(before, sick) {
		got, ok, err := s.HealthOf(ctx, h.Ref)
		if err != nil || !ok || got.Erased == "" || got.Salt != nil || !got.Detail.Empty() {
			t.Fatalf("not erased: %+v %v %v", got, ok, err)
		}
	}
	if got, _, _ := s.HealthOf(ctx, sick.Ref); got.Matches(mustCommit(t, rec)) {
		t.Fatal("an erased detail still matches its record")
	}
	// Recorded after the switch-off: waits for the next one.
	if got, ok, _ := s.HealthOf(ctx, after.Ref); !ok || got.Erased != "" || got.Detail.Note != "之后" {
		t.Fatalf("a detail after the switch-off was erased: %+v", got)
	}
	// The purge record names no one, and the chain verifies.
	rows, err := s.KindRows(ctx, store.KindQuery{Kinds: []record.Kind{record.IdentityPurge}})
	if err != nil || len(rows) != 1 || bytes.Contains(rows[0].Body, []byte("2004")) {
		t.Fatalf("purge records %+v", rows)
	}
	if n, err := s.Verify(ctx); err != nil || n != 44 {
		t.Fatalf("verify: %d records, %v", n, err)
	}
	// A second run finds nothing more.
	if done, err := s.PurgeRetention(ctx, days, now.Add(time.Hour)); err != nil || len(done) != 0 {
		t.Fatalf("second purge %+v %v", done, err)
	}
}

func mustCommit(t *testing.T, r record.Record) string {
	t.Helper()
	var b record.TemperatureBody
	if err := json.Unmarshal(r.Body, &b); err != nil {
		t.Fatal(err)
	}
	return b.HealthCommit
}

// Without a switch-off nothing is erased, however old: the details are
// the epidemic measures' own while they last.
func TestHealthKeptWhileTheProfileIsOn(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	no := false
	at := time.Date(2025, 1, 1, 9, 0, 0, 0, time.UTC)
	reading(t, s, "2001", identity.HealthDetail{Symptoms: &no}, at)
	profileChange(t, s, "", "epidemic", at.Add(time.Hour))
	done, err := s.PurgeRetention(ctx, map[identity.Category]int{identity.Health: 1}, at.AddDate(1, 0, 0))
	if err != nil || len(done) != 0 {
		t.Fatalf("purged under the epidemic profile: %+v %v", done, err)
	}
	if _, err := s.HealthCutoff(ctx, 1, at.AddDate(1, 0, 0)); !errors.Is(err, identity.ErrNoCutoff) {
		t.Fatalf("cutoff: %v", err)
	}
}

// purge --before DATE erases the details recorded before that day.
func TestPurgeHealthBeforeADay(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	no := false
	d1 := time.Date(2026, 11, 1, 9, 0, 0, 0, time.Local)
	_, old := reading(t, s, "2001", identity.HealthDetail{Symptoms: &no}, d1)
	_, kept := reading(t, s, "2001", identity.HealthDetail{Symptoms: &no}, d1.AddDate(0, 0, 2))
	b, err := s.PurgeHealth(ctx, d1.AddDate(0, 0, 1).Truncate(24*time.Hour), time.Now())
	if err != nil || b == nil || b.Count != 1 || b.Category != "health" {
		t.Fatalf("purge %+v %v", b, err)
	}
	if h, _, _ := s.HealthOf(ctx, old.Ref); h.Erased == "" {
		t.Fatal("the older detail is kept")
	}
	if h, _, _ := s.HealthOf(ctx, kept.Ref); h.Erased != "" {
		t.Fatal("the later detail was erased")
	}
}

// A database whose records were written before the health details left
// them (it has the registry, not the table) is refused like one from
// before the registry.
func TestDatabaseFromBeforeHealthDetailsIsRefused(t *testing.T) {
	s, path := newStore(t)
	mustAppend(t, s, store.Draft{Kind: record.Passage, Gate: 1, Body: passage("2001", true)})
	s.Close()
	db := rawDB(t, path)
	if _, err := db.Exec("DROP TABLE health_details"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, err := store.Open(path)
	var old *store.OldFormatError
	if !errors.As(err, &old) {
		t.Fatalf("opened a database from before the health details: %v", err)
	}
}

// Each health detail checks against the commitment its record carries: a
// detail swapped for another's, or altered, is found; an erased one is not
// counted.
func TestCheckHealthFindsASwappedDetail(t *testing.T) {
	s, path := newStore(t)
	ctx := context.Background()
	yes, no := true, false
	at := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	r1, h1 := reading(t, s, "2001", identity.HealthDetail{Symptoms: &yes}, at)
	_, h2 := reading(t, s, "2002", identity.HealthDetail{Symptoms: &no}, at)
	if n, bad, err := s.CheckHealth(ctx); err != nil || n != 2 || len(bad) != 0 {
		t.Fatalf("intact: %d %v %v", n, bad, err)
	}
	// 2001's answer swapped for 2002's "no", salt and all.
	db := rawDB(t, path)
	if _, err := db.Exec(`UPDATE health_details SET salt = (SELECT salt FROM health_details WHERE ref = ?),
		detail = (SELECT detail FROM health_details WHERE ref = ?) WHERE ref = ?`, h2.Ref, h2.Ref, h1.Ref); err != nil {
		t.Fatal(err)
	}
	db.Close()
	n, bad, err := s.CheckHealth(ctx)
	if err != nil || n != 2 || len(bad) != 1 || bad[0].Ref != h1.Ref || bad[0].Seq != r1.Seq {
		t.Fatalf("swapped: %d %v %v", n, bad, err)
	}
	if _, err := s.PurgeHealth(ctx, at.Add(time.Hour), at.AddDate(0, 1, 0)); err != nil {
		t.Fatal(err)
	}
	if n, bad, err := s.CheckHealth(ctx); err != nil || n != 0 || len(bad) != 0 {
		t.Fatalf("after the purge: %d %v %v", n, bad, err)
	}
}
