package hub_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"gatepost/hub"
	"gatepost/hub/internal/storagetest"
	"gatepost/record"
)

// plainStorage hides every optional reader of a store: only the Storage
// interface is left, so the day's figures are computed from DayRecords,
// every column of every record of the day, as any Storage would be.
type plainStorage struct{ hub.Storage }

// sameAsWhole fails t unless got, F1's day computed some other way, equals
// the day computed from every record whole (plainStorage).
func sameAsWhole(t *testing.T, st hub.Storage, day, what string, got hub.FacilityDay) {
	t.Helper()
	whole, err := hub.ComputeDay(context.Background(), plainStorage{st}, hub.Facility{ID: "F1"}, day)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, whole) {
		t.Fatalf("%s, %s: %+v (report %+v)\nread whole %+v (report %+v)", what, day, got, got.Report, whole, whole.Report)
	}
}

// TestDayFiguresReadLean: on each backend, a day's figures computed from
// the columns and kinds they read (the store's own reader) equal those
// computed from every record whole (DayRecords) — voids and overrides,
// fevers, denials, incidents, reports of the day written on it and up to
// three days later, two reports of one day written at the same moment by
// two terminals (the one read first is shown), a voided report, a report written later than the lookahead,
// and records of kinds the figures do not read — for every day around them.
func TestDayFiguresReadLean(t *testing.T) {
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			st, ts, sealed := leanFacility(t, b)
			for _, term := range ts {
				rs := sealed[term.Name]
				if _, tally, err := hub.Ingest(ctx, st, term, storagetest.Raw(rs...), hub.Seen{At: time.Now(), Pending: -1}); err != nil || tally.Stored != len(rs) {
					t.Fatalf("push %s: %+v %v", term.Name, tally, err)
				}
			}
			seen := 0
			for _, day := range leanDays() {
				lean, err := hub.ComputeDay(ctx, st, hub.Facility{ID: "F1"}, day)
				if err != nil {
					t.Fatal(err)
				}
				sameAsWhole(t, st, day, "read lean", lean)
				seen += lean.Records
			}
			if seen != len(sealed["gate1"])+len(sealed["gate2"]) {
				t.Errorf("the days held %d records, want %d", seen, len(sealed["gate1"])+len(sealed["gate2"]))
			}
			// The case the lean reader exists for is there: the first day
			// counts what was set up above.
			d, err := hub.ComputeDay(ctx, st, hub.Facility{ID: "F1"}, "2025-03-01")
			if err != nil {
				t.Fatal(err)
			}
			if d2, err := hub.ComputeDay(ctx, st, hub.Facility{ID: "F1"}, "2025-03-02"); err != nil || d2.Report == nil ||
				d2.Report.Terminal != "gate1" || d2.Report.Count != 2 {
				t.Errorf("2025-03-02: %+v report %+v %v", d2, d2.Report, err)
			}
			if d.Records != 14 || d.Fevers != 2 || d.Denials != 1 || d.Incidents != 1 || d.Screened != 4 || d.Report == nil || d.Report.Count != 4 {
				t.Errorf("2025-03-01: %+v report %+v", d, d.Report)
			}
		})
	}
}

// leanFacility opens b for one test with facility F1 and its terminals
// gate1 (backend.provisioned) and gate2 provisioned, and returns them with
// their records of leanLogs, sealed into each terminal's chain.
func leanFacility(t *testing.T, b backend) (hub.Storage, []hub.Terminal, map[string][]record.Record) {
	t.Helper()
	ctx := context.Background()
	st := b.provisioned(t)
	if _, err := hub.Provision(ctx, st, "F1", "一所", "gate2"); err != nil {
		t.Fatal(err)
	}
	ts, err := st.FacilityTerminals(ctx, "F1")
	if err != nil {
		t.Fatal(err)
	}
	logs, sealed := leanLogs(), map[string][]record.Record{}
	for _, term := range ts {
		sealed[term.Name] = seal(t, "F1", term.Name, 1, "", logs[term.Name]...)
	}
	return st, ts, sealed
}

// leanDays are the days around leanLogs', from the day before the first.
func leanDays() []string {
	var out []string
	for d := 28; d <= 38; d++ {
		out = append(out, time.Date(2025, 2, d, 0, 0, 0, 0, time.UTC).Format(hub.DayLayout))
	}
	return out
}

// leanLogs are two terminals' records of a facility over a few days: every
// kind the figures read, and one they do not.
func leanLogs() map[string][]draft {
	cst := time.FixedZone("CST", 8*3600)
	at := func(d, hh, mm int) time.Time { return time.Date(2025, 3, d, hh, mm, 0, 0, cst) }
	temp := func(v record.Tenths) *record.Tenths { return &v }
	pass := func(badge string, v record.Tenths, allowed bool, reason string) record.PassageBody {
		return record.PassageBody{Subject: record.SubjectStaff, Direction: record.In, Badge: badge, Temp: temp(v), Allowed: allowed, Reason: reason}
	}
	report := func(day string, zero bool) map[string]any { return map[string]any{"day": day, "zero": zero} }
	denied, fever, incident, voidedReport := record.NewID(), record.NewID(), record.NewID(), record.NewID()
	return map[string][]draft{
		"gate1": {
			{kind: record.ShiftOpen, at: at(1, 6, 55), body: record.ShiftOpenBody{Name: "张三", Gate: 1}},
			{kind: record.Passage, at: at(1, 7, 0), body: pass("S1", 364, true, "staff")},
			{id: denied, kind: record.Passage, at: at(1, 7, 5), body: record.PassageBody{Subject: record.SubjectVisitor, Direction: record.In, Name: "访客", Allowed: false, Reason: "not_on_roster"}},
			{id: fever, kind: record.Passage, at: at(1, 7, 10), body: pass("S6", 381, false, "fever")},
			{kind: record.Passage, at: at(1, 7, 12), body: pass("S7", 383, false, "fever")},
			{id: incident, kind: record.Incident, at: at(1, 7, 11), body: record.IncidentBody{Type: "fever", Badge: "S6"}},
			{kind: record.Incident, at: at(1, 7, 13), body: record.IncidentBody{Type: "fever", Badge: "S7"}},
			{kind: record.Temperature, at: at(1, 8, 0), body: record.TemperatureBody{Badge: "S2", Temp: 367}},
			{kind: record.Temperature, at: at(1, 8, 1), body: record.TemperatureBody{Ident: strings.Repeat("1a", 16), Commit: strings.Repeat("c0", 32), Temp: 385, Fever: true}},
			{kind: record.Void, at: at(1, 7, 30), body: record.VoidBody{Target: incident, TargetSeq: 6, Supervisor: "SUP", Reason: "录入错误"}},
			{kind: record.Override, at: at(1, 7, 40), body: record.OverrideBody{Target: denied, Supervisor: "SUP", Reason: "批准"}},
			{kind: record.Void, at: at(1, 7, 41), body: record.VoidBody{Target: fever, TargetSeq: 4, Supervisor: "SUP", Reason: "误测"}},
			{kind: record.ReportDaily, at: at(1, 20, 0), body: report("2025-03-01", true)},
			{kind: record.ReportDaily, at: at(2, 9, 0), body: report("2025-03-01", false)},
			{kind: record.Passage, at: at(2, 9, 5), body: pass("S1", 362, true, "staff")},
			{id: voidedReport, kind: record.ReportDaily, at: at(2, 21, 0), body: report("2025-03-02", true)},
			{kind: record.Void, at: at(2, 21, 5), body: record.VoidBody{Target: voidedReport, TargetSeq: 16, Supervisor: "SUP", Reason: "重报"}},
			{kind: record.ReportDaily, at: at(3, 9, 0), body: report("2025-03-02", true)},
			{kind: record.ReportDaily, at: at(4, 8, 0), body: report("2025-03-01", false)},
			{kind: record.ReportDaily, at: at(6, 8, 0), body: report("2025-03-02", false)},
		},
		"gate2": {
			{kind: record.Passage, at: at(1, 7, 0), body: pass("S1", 365, true, "staff")},
			{kind: record.ReportDaily, at: at(2, 9, 0), body: report("2025-03-01", true)},
			{kind: record.ReportDaily, at: at(3, 9, 0), body: report("2025-03-03", true)},
			{kind: record.ReportDaily, at: at(3, 9, 0), body: report("2025-03-02", false)},
		},
	}
}

// TestDayMemoFollowsPushes: on each backend, a day's figures computed as
// the keeper computes them, with what it kept of the day since the last
// push (on SQLite only the records stored since are read), equal those
// computed from every record whole, after each push of one record — the
// two terminals' records interleaved, so that voids and overrides come
// pushes after their targets and reports days after theirs.
func TestDayMemoFollowsPushes(t *testing.T) {
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			st, ts, sealed := leanFacility(t, b)
			days := leanDays()
			memos := map[string]*hub.DayMemo{}
			for _, day := range days {
				memos[day] = hub.NewDayMemo()
			}
			check := func(what string) {
				t.Helper()
				for _, day := range days {
					kept, err := hub.ComputeDayKept(ctx, st, hub.Facility{ID: "F1"}, day, memos[day])
					if err != nil {
						t.Fatal(err)
					}
					sameAsWhole(t, st, day, what+", kept", kept)
				}
			}
			check("nothing pushed")
			for i := 0; i < len(sealed["gate1"]) || i < len(sealed["gate2"]); i++ {
				for _, term := range ts {
					rs := sealed[term.Name]
					if i >= len(rs) {
						continue
					}
					if _, tally, err := hub.Ingest(ctx, st, term, storagetest.Raw(rs[i]), hub.Seen{At: time.Now(), Pending: -1}); err != nil || tally.Stored != 1 {
						t.Fatalf("push %s %d: %+v %v", term.Name, i, tally, err)
					}
					check(fmt.Sprintf("after %s's record %d (%s)", term.Name, i+1, rs[i].Kind))
				}
			}
			check("again, nothing new")
			// The memo is what the comparison ran on: SQLite keeps the
			// day's records it read (every one of the kinds the figures
			// read: 12 on the first day), PostgreSQL none.
			want := map[string]int{"sqlite": 12, "postgres": 0}[b.name]
			if got := hub.DayMemoRows(memos["2025-03-01"]); got != want {
				t.Errorf("the memo of 2025-03-01 holds %d records, want %d", got, want)
			}
		})
	}
}

// TestDayCountsKindsOfOtherVersions: a day read for the first time counts
// every record of it, also one of a kind this build does not know (stored
// by another version of the hub on the same file), as count(*) did; the
// keeper's later reads seek the kinds it knows.
func TestDayCountsKindsOfOtherVersions(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hub.db")
	st, err := hub.OpenSQLite(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := hub.Provision(ctx, st, "F1", "", "gate1"); err != nil {
		t.Fatal(err)
	}
	ts, err := st.FacilityTerminals(ctx, "F1")
	if err != nil {
		t.Fatal(err)
	}
	rs := seal(t, "F1", "gate1", 1, "", leanLogs()["gate1"][:3]...)
	if _, tally, err := hub.Ingest(ctx, st, ts[0], storagetest.Raw(rs...), hub.Seen{At: time.Now(), Pending: -1}); err != nil || tally.Stored != 3 {
		t.Fatalf("push: %+v %v", tally, err)
	}
	raw, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(10000)") // the keeper writes the day's figures meanwhile
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	if _, err := raw.ExecContext(ctx, `INSERT INTO records (id, facility, terminal, seq, kind, gate, guard, at, day, body, prev, hash, received_at)
		VALUES (?, 'F1', 'gate1', 4, 'future.kind', 1, 'G1', '2025-03-01T09:00:00.000+08:00', '2025-03-01', '{}', ?, ?, '2025-03-01T01:00:00Z')`,
		record.NewID(), rs[2].Hash, strings.Repeat("0", 64)); err != nil {
		t.Fatal(err)
	}
	d, err := hub.ComputeDay(ctx, st, hub.Facility{ID: "F1"}, "2025-03-01")
	if err != nil || d.Records != 4 {
		t.Fatalf("read whole: %d records %v, want 4 (the other version's counted)", d.Records, err)
	}
	kept, err := hub.ComputeDayKept(ctx, st, hub.Facility{ID: "F1"}, "2025-03-01", hub.NewDayMemo())
	if err != nil || kept.Records != 4 {
		t.Fatalf("the keeper's first read: %d records %v, want 4", kept.Records, err)
	}
}
