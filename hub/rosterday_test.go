package hub_test

import (
	"context"
	"testing"
	"time"

	"gatepost/gate"
	"gatepost/hub"
	"gatepost/hub/internal/storagetest"
	"gatepost/record"
)

// TestDayRosterFollowsMovements: on each backend, a facility's day counts
// its coverage against the roster as of that day's end — the published
// roster with the facility's admissions and releases — not the roster as
// it is now: a day before an admission does not count the newcomer, a day
// before a release still counts the one released, even once the roster
// published since says otherwise; the roster is stored with the figures
// (the dashboard, the history and a facility's day read it from the row),
// and a voided admission does not count.
func TestDayRosterFollowsMovements(t *testing.T) {
	// A Storage that is neither store (wrapped: only the interface's
	// methods) is read through Changes and DayRecords, to the same figures.
	plain := backend{"sqlite-wrapped", func(t testing.TB) hub.Storage { return struct{ hub.Storage }{openSQLiteTemp(t)} }}
	for _, b := range append(backends(), plain) {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			st := b.provisioned(t)
			people := []gate.Person{
				{Badge: "2001", Name: "张伟", Kind: gate.Staff, Unit: "一大队", Active: true},
				{Badge: "D0001", Name: "赵某", Kind: gate.Detainee, Unit: "一大队/宿舍1", Active: true},
				{Badge: "D0002", Name: "钱某", Kind: gate.Detainee, Unit: "一大队/宿舍1", Active: true},
			}
			if err := st.PutPeople(ctx, "F1", people); err != nil {
				t.Fatal(err)
			}
			ts, err := st.FacilityTerminals(ctx, "F1")
			if err != nil || len(ts) != 1 {
				t.Fatalf("%+v %v", ts, err)
			}
			cst := time.FixedZone("CST", 8*3600)
			at := func(d, hh int) time.Time { return time.Date(2025, 3, d, hh, 0, 0, 0, cst) }
			voidedAdmission := record.NewID()
			rs := seal(t, "F1", "gate1", 1, "",
				draft{kind: record.Temperature, at: at(1, 8), body: record.TemperatureBody{Badge: "D0001", Temp: 365}},
				// 3 March: D0501 admitted; 5 March: D0001 released, and an
				// admission entered by mistake, voided.
				draft{kind: record.Admission, at: at(3, 10), body: record.AdmissionBody{Badge: "D0501", Unit: "新收隔离区", Source: record.AdmitDecision,
					Temp: 365, Supervisor: "9001", Basis: "决定书"}},
				draft{kind: record.Release, at: at(5, 9), body: record.ReleaseBody{Badge: "D0001", Type: record.ReleaseExpiry, Supervisor: "9001", Basis: "证明书"}},
				draft{id: voidedAdmission, kind: record.Admission, at: at(5, 10), body: record.AdmissionBody{Badge: "D0777", Unit: "新收隔离区",
					Source: record.AdmitDecision, Temp: 365, Supervisor: "9001", Basis: "决定书"}},
				draft{kind: record.Void, at: at(5, 11), body: record.VoidBody{Target: voidedAdmission, TargetSeq: 4, Supervisor: "9001", Reason: "录错"}},
			)
			if _, tally, err := hub.Ingest(ctx, st, ts[0], storagetest.Raw(rs...), hub.Seen{At: time.Now(), Pending: -1}); err != nil || tally.Stored != len(rs) {
				t.Fatalf("push: %+v %v", tally, err)
			}
			want := map[string]int{"2025-03-01": 3, "2025-03-02": 3, "2025-03-03": 4, "2025-03-04": 4, "2025-03-05": 3, "2025-03-06": 3}
			check := func(what string) {
				t.Helper()
				hist, err := hub.FacilityHistory(ctx, st, hub.Facility{ID: "F1"}, "2025-03-01", "2025-03-06")
				if err != nil || len(hist) != 6 {
					t.Fatalf("%s: history %+v %v", what, hist, err)
				}
				for _, d := range hist {
					if d.Roster != want[d.Day] {
						t.Errorf("%s: history %s roster %d, want %d", what, d.Day, d.Roster, want[d.Day])
					}
				}
				fs, err := st.Facilities(ctx)
				if err != nil {
					t.Fatal(err)
				}
				for day, n := range want {
					days, err := hub.StoredDays(ctx, st, fs, day)
					if err != nil || len(days) != 1 || days[0].Roster != n {
						t.Fatalf("%s: dashboard %s: %+v %v, want roster %d", what, day, days, err, n)
					}
					rows, err := st.DayFiguresOn(ctx, day)
					if err != nil || len(rows) != 1 || rows[0].Roster != n {
						t.Fatalf("%s: stored %s: %+v %v, want roster %d", what, day, rows, err, n)
					}
					d, err := hub.ComputeDay(ctx, st, hub.Facility{ID: "F1"}, day)
					if err != nil || d.Roster != n {
						t.Fatalf("%s: computed %s: roster %d %v, want %d", what, day, d.Roster, err, n)
					}
				}
			}
			check("as pushed")
			if c, ok := (hub.FacilityDay{Screened: 1, Roster: 3}).Coverage(); !ok || c != 1.0/3 {
				t.Fatalf("coverage %v %v", c, ok)
			}
			// The bureau publishes the roster again after the movements:
			// D0001 inactive, D0501 on it. The past days do not change.
			people[1].Active = false
			people = append(people, gate.Person{Badge: "D0501", Name: "新某", Kind: gate.Detainee, Unit: "新收隔离区", Active: true})
			if err := st.PutPeople(ctx, "F1", people); err != nil {
				t.Fatal(err)
			}
			if _, err := hub.DayFiguresRebuild(ctx, st, "2025-03-01", "2025-03-06"); err != nil {
				t.Fatal(err)
			}
			check("roster published again")
		})
	}
}

// TestFarFutureDay: a day more than the roster's lookback after today — a
// terminal whose clock is years ahead pushed records of it, or a report
// asked of a mistyped date — has the roster as published and its figures;
// reading its roster panicked (no day to read movements of), which failed
// the keeper's recompute of that day and `hub report --date` alike.
func TestFarFutureDay(t *testing.T) {
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			st := b.provisioned(t)
			if err := st.PutPeople(ctx, "F1", []gate.Person{{Badge: "2001", Name: "张伟", Kind: gate.Staff, Unit: "一大队", Active: true}}); err != nil {
				t.Fatal(err)
			}
			today := time.Now().Format(hub.DayLayout)
			if n, err := hub.RosterOn(ctx, st, "F1", "2099-01-01", today); err != nil || n != 1 {
				t.Fatalf("roster of 2099-01-01: %d %v, want the published 1", n, err)
			}
			ts, err := st.FacilityTerminals(ctx, "F1")
			if err != nil || len(ts) != 1 {
				t.Fatalf("%+v %v", ts, err)
			}
			rs := seal(t, "F1", "gate1", 1, "", draft{kind: record.Temperature,
				at: time.Date(2099, 1, 1, 8, 0, 0, 0, time.FixedZone("CST", 8*3600)), body: record.TemperatureBody{Badge: "2001", Temp: 365}})
			if _, tally, err := hub.Ingest(ctx, st, ts[0], storagetest.Raw(rs...), hub.Seen{At: time.Now(), Pending: -1}); err != nil || tally.Stored != 1 {
				t.Fatalf("push: %+v %v", tally, err)
			}
			if f := storedFigures(t, st, "F1", "2099-01-01", 1); f.Screened != 1 || f.Roster != 1 {
				t.Fatalf("figures of 2099-01-01: %+v", f)
			}
		})
	}
}
