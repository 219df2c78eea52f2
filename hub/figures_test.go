package hub_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"gatepost/hub"
	"gatepost/hub/hubtest"
	"gatepost/hub/internal/storagetest"
	"gatepost/record"
)

// draft is a record to seal into a terminal's chain.
type draft struct {
	id   string
	kind record.Kind
	at   time.Time
	body any
}

// seal makes a terminal's records from seq on, linked from prev.
func seal(t testing.TB, facility, terminal string, seq int64, prev string, ds ...draft) []record.Record {
	t.Helper()
	var out []record.Record
	for _, d := range ds {
		body, err := record.EncodeBody(d.body)
		if err != nil {
			t.Fatal(err)
		}
		id := d.id
		if id == "" {
			id = record.NewID()
		}
		r := record.Record{ID: id, Terminal: terminal, Facility: facility, Seq: seq, Kind: d.kind, Gate: 1, Guard: "G1", At: d.at, Body: body}
		r.Seal(prev)
		prev, seq = r.Hash, seq+1
		out = append(out, r)
	}
	return out
}

// sameFigures compares stored figures with a facility's day computed from
// the records.
func sameFigures(t *testing.T, what string, got hub.DayFigures, want hub.FacilityDay) {
	t.Helper()
	if got.Records != want.Records || got.Screened != want.Screened || got.Fevers != want.Fevers || got.Denials != want.Denials ||
		got.Incidents != want.Incidents || !reflect.DeepEqual(got.DenialsByReason, want.DenialsByReason) {
		t.Errorf("%s: stored %+v, computed %+v", what, got, want)
	}
	if (got.Report == nil) != (want.Report == nil) {
		t.Fatalf("%s: stored report %+v, computed %+v", what, got.Report, want.Report)
	}
	if got.Report != nil && (got.Report.ID != want.Report.ID || got.Report.Count != want.Report.Count ||
		!got.Report.FirstReceivedAt.Equal(want.Report.FirstReceivedAt) || !got.Report.At.Equal(want.Report.At) ||
		string(got.Report.Body) != string(want.Report.Body)) {
		t.Errorf("%s: stored report %+v, computed %+v", what, got.Report, want.Report)
	}
}

// storedFigures waits for the figures of a facility's day to be stored
// from at least basis records (the keeper recomputes them just after each
// push), reading the table only, and returns them.
func storedFigures(t *testing.T, st hub.Storage, facility, day string, records int) hub.DayFigures {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		fs, err := st.DayFiguresOn(context.Background(), day)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range fs {
			if f.Facility == facility && f.Records == records {
				return f
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s %s: stored %+v, never %d records", facility, day, fs, records)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestDayFiguresKeptAtIngest: on each backend, the figures of exactly the
// days a push changed are recomputed and stored after it — a void and an
// override that come in a later push than their target, records that
// waited above a gap and were linked when it closed, a report.daily
// written the next day — and always equal the figures computed from the
// records.
func TestDayFiguresKeptAtIngest(t *testing.T) {
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			st := b.provisioned(t)
			term := func() hub.Terminal {
				ts, err := st.FacilityTerminals(ctx, "F1")
				if err != nil || len(ts) != 1 {
					t.Fatalf("%+v %v", ts, err)
				}
				return ts[0]
			}
			cst := time.FixedZone("CST", 8*3600)
			at := func(d, hh, mm int) time.Time { return time.Date(2025, 3, d, hh, mm, 0, 0, cst) }
			temp := func(v record.Tenths) *record.Tenths { return &v }
			denied, incident := record.NewID(), record.NewID()
			push := func(rs []record.Record) {
				t.Helper()
				if _, tally, err := hub.Ingest(ctx, st, term(), storagetest.Raw(rs...), hub.Seen{At: time.Now(), Pending: -1}); err != nil || tally.Stored != len(rs) {
					t.Fatalf("push: %+v %v", tally, err)
				}
			}
			check := func(what, day string, records int) {
				t.Helper()
				got := storedFigures(t, st, "F1", day, records)
				want, err := hub.ComputeDay(ctx, st, hub.Facility{ID: "F1"}, day)
				if err != nil {
					t.Fatal(err)
				}
				sameFigures(t, what, got, want)
			}

			rs := seal(t, "F1", "gate1", 1, "",
				draft{kind: record.Passage, at: at(1, 7, 0), body: record.PassageBody{Subject: record.SubjectStaff, Direction: record.In, Badge: "S1", Temp: temp(364), Allowed: true, Reason: "staff"}},
				draft{id: denied, kind: record.Passage, at: at(1, 7, 5), body: record.PassageBody{Subject: record.SubjectVisitor, Direction: record.In, Name: "访客", Allowed: false, Reason: "not_on_roster"}},
				draft{kind: record.Passage, at: at(1, 7, 10), body: record.PassageBody{Subject: record.SubjectStaff, Direction: record.In, Badge: "S6", Temp: temp(381), Allowed: false, Reason: "fever"}},
				draft{id: incident, kind: record.Incident, at: at(1, 7, 11), body: record.IncidentBody{Type: "fever", Badge: "S6"}},
				draft{kind: record.Void, at: at(1, 7, 30), body: record.VoidBody{Target: incident, TargetSeq: 4, Supervisor: "SUP", Reason: "录入错误"}},
				draft{kind: record.Override, at: at(1, 7, 40), body: record.OverrideBody{Target: denied, Supervisor: "SUP", Reason: "批准"}},
				draft{kind: record.ReportDaily, at: at(2, 9, 0), body: map[string]any{"day": "2025-03-01", "zero": false, "abnormal": []string{"fever"}}},
			)
			push(rs[:4])
			check("first push", "2025-03-01", 4)
			if f := storedFigures(t, st, "F1", "2025-03-01", 4); f.Denials != 2 || f.Incidents != 1 || f.Fevers != 1 || f.Screened != 2 {
				t.Fatalf("first push: %+v", f)
			}
			// The override and the next day's report wait above a gap (seq
			// 5 is missing): they are not counted yet.
			push(rs[5:])
			check("above a gap", "2025-03-01", 4)
			// The void closes the gap; the waiting records are linked.
			push(rs[4:5])
			check("gap closed", "2025-03-01", 6)
			check("the next day", "2025-03-02", 1)
			f := storedFigures(t, st, "F1", "2025-03-01", 6)
			if f.Denials != 1 || f.Incidents != 0 || f.Report == nil || f.Report.ID != rs[6].ID {
				t.Fatalf("after the void, the override and the report: %+v", f)
			}

			// The page reads the same, and so does a page of a day nobody
			// touched (computed once, then stored).
			fs, err := st.Facilities(ctx)
			if err != nil {
				t.Fatal(err)
			}
			days, err := hub.StoredDays(ctx, st, fs, "2025-03-01")
			if err != nil || len(days) != 1 || days[0].Denials != 1 || days[0].Report == nil {
				t.Fatalf("stored days %+v %v", days, err)
			}
			if _, err := hub.StoredDays(ctx, st, fs, "2025-02-27"); err != nil {
				t.Fatal(err)
			}
			if rows, err := st.DayFiguresOn(ctx, "2025-02-27"); err != nil || len(rows) != 1 || rows[0].Records != 0 || rows[0].Report != nil {
				t.Fatalf("an empty day: %+v %v", rows, err)
			}
		})
	}
}

// TestDayFigureStorage: a write computed from fewer records than the row
// holds is dropped (two hub processes racing on one day), an equal or
// larger one replaces it, and the reads select by day and by facility.
func TestDayFigureStorage(t *testing.T) {
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			st := b.open(t)
			t.Cleanup(func() { st.Close() })
			at := time.Date(2025, 3, 1, 18, 0, 0, 0, time.FixedZone("CST", 8*3600))
			rep := &hub.DailyReport{Terminal: "office", Seq: 9, ID: "r1", At: at, ReceivedAt: at.Add(time.Hour).UTC(),
				FirstReceivedAt: at.UTC(), Count: 2, Body: json.RawMessage(`{"day":"2025-03-01"}`)}
			put := func(f hub.DayFigures) {
				t.Helper()
				if err := st.PutDayFigures(ctx, f); err != nil {
					t.Fatal(err)
				}
			}
			if first, last, err := st.FiguresSpan(ctx); err != nil || first != "" || last != "" {
				t.Fatalf("the span of no figures: %q %q %v", first, last, err)
			}
			put(hub.DayFigures{Facility: "F1", Day: "2025-03-01", Basis: 10, Records: 10, Screened: 4, Fevers: 1, Denials: 2,
				DenialsByReason: map[string]int{"fever": 1, "not_on_roster": 1}, Incidents: 1, Report: rep, ComputedAt: at, Roster: 312})
			put(hub.DayFigures{Facility: "F1", Day: "2025-03-01", Basis: 9, Records: 9, ComputedAt: at}) // older view: dropped
			put(hub.DayFigures{Facility: "F1", Day: "2025-03-02", Basis: 3, Records: 3, ComputedAt: at})
			put(hub.DayFigures{Facility: "F2", Day: "2025-03-01", Basis: 1, Records: 1, ComputedAt: at})
			put(hub.DayFigures{Facility: "F2", Day: "2025-03-01", Basis: 2, Records: 2, ComputedAt: at}) // later view: kept
			rows, err := st.DayFiguresOn(ctx, "2025-03-01")
			if err != nil || len(rows) != 2 {
				t.Fatalf("%+v %v", rows, err)
			}
			f1 := rows[0]
			if rows[0].Facility != "F1" {
				f1 = rows[1]
			}
			if f1.Records != 10 || f1.Screened != 4 || f1.DenialsByReason["not_on_roster"] != 1 || f1.Report == nil ||
				f1.Report.ID != "r1" || !f1.Report.At.Equal(at) || f1.Report.At.Format(time.RFC3339) != "2025-03-01T18:00:00+08:00" ||
				f1.Report.Count != 2 || string(f1.Report.Body) != `{"day":"2025-03-01"}` || !f1.ComputedAt.Equal(at) || f1.Roster != 312 {
				t.Errorf("F1 %+v %+v", f1, f1.Report)
			}
			for _, r := range rows {
				if r.Facility == "F2" && (r.Records != 2 || r.Report != nil || r.DenialsByReason == nil) {
					t.Errorf("F2 %+v", r)
				}
			}
			hist, err := st.FacilityDayFigures(ctx, "F1", "2025-02-01", "2025-03-31")
			if err != nil || len(hist) != 2 || hist[0].Day != "2025-03-01" || hist[1].Day != "2025-03-02" {
				t.Fatalf("history %+v %v", hist, err)
			}
			if hist, err := st.FacilityDayFigures(ctx, "F1", "2025-03-02", "2025-03-02"); err != nil || len(hist) != 1 {
				t.Fatalf("one day %+v %v", hist, err)
			}
			put(hub.DayFigures{Facility: "F3", Day: "2025-02-27", Basis: 1, Records: 1, ComputedAt: at})
			if first, last, err := st.FiguresSpan(ctx); err != nil || first != "2025-02-27" || last != "2025-03-02" {
				t.Fatalf("the span: %q %q %v", first, last, err)
			}
		})
	}
}

// TestSignInThrottleSharedByProcesses: two hub processes on one database
// (two stores opened on it, each with its own server) count the same
// failed sign-ins: five wrong passwords at each make the right one wait at
// both; another name is not held back; and the failures are forgotten
// once the window has passed.
func TestSignInThrottleSharedByProcesses(t *testing.T) {
	for _, b := range []struct {
		name string
		open func(t *testing.T) (hub.Storage, hub.Storage)
	}{
		{"sqlite", func(t *testing.T) (hub.Storage, hub.Storage) {
			path := filepath.Join(t.TempDir(), "hub.db")
			x, err := hub.OpenSQLite(path)
			if err != nil {
				t.Fatal(err)
			}
			y, err := hub.OpenSQLite(path)
			if err != nil {
				t.Fatal(err)
			}
			return x, y
		}},
		{"postgres", func(t *testing.T) (hub.Storage, hub.Storage) {
			dsn := pgSchema(t)
			x, err := hub.OpenPostgres(context.Background(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			y, err := hub.OpenPostgres(context.Background(), dsn)
			if err != nil {
				t.Fatal(err)
			}
			return x, y
		}},
	} {
		t.Run(b.name, func(t *testing.T) {
			x, y := b.open(t)
			t.Cleanup(func() { x.Close(); y.Close() })
			now := time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)
			for _, n := range []string{"王敏", "李强"} {
				if err := hub.AddUser(context.Background(), x, n, hub.RoleViewer, "correct horse", "test", now); err != nil {
					t.Fatal(err)
				}
			}
			clock := func() time.Time { return now }
			var urls []string
			for _, st := range []hub.Storage{x, y} {
				srv := httptest.NewServer(hub.NewServer(st, hub.Options{Logger: hubtest.Quiet(), Now: clock}))
				t.Cleanup(srv.Close)
				urls = append(urls, srv.URL)
			}
			for i := 0; i < 10; i++ {
				if p := newBrowser(t, urls[i%2], nil).signIn("王敏", "wrong horse", "en"); p.status != http.StatusUnauthorized {
					t.Fatalf("wrong password %d: %d", i+1, p.status)
				}
			}
			for i, u := range urls {
				if p := newBrowser(t, u, nil).signIn("王敏", "correct horse", "en"); p.status != http.StatusTooManyRequests {
					t.Errorf("process %d: the right password after ten wrong ones at two processes: %d", i, p.status)
				}
			}
			if p := newBrowser(t, urls[1], nil).signIn("李强", "correct horse", "en"); p.status != http.StatusSeeOther {
				t.Errorf("another account: %d", p.status)
			}
			now = now.Add(15 * time.Minute)
			if p := newBrowser(t, urls[1], nil).signIn("王敏", "correct horse", "en"); p.status != http.StatusSeeOther {
				t.Errorf("once the window passed: %d", p.status)
			}
		})
	}
}
