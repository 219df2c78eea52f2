package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"gatepost/record"
	"gatepost/store"
)

func TestKindRowsAndStandbyRows(t *testing.T) {
	s, path := newStore(t)
	ctx := context.Background()
	d1 := time.Date(2020, 2, 8, 9, 0, 0, 0, cst)
	d2 := d1.Add(24 * time.Hour)
	d3 := d2.Add(24 * time.Hour)
	start := mustAppend(t, s, store.Draft{Kind: record.StandbyStart, Gate: 3, At: d1, Body: record.StandbyStartBody{Badge: "2003", PlannedEnd: "2020-02-20"}})
	mustAppend(t, s, store.Draft{Kind: record.Passage, Gate: 1, At: d1, Body: passage("2001", true)})
	mustAppend(t, s, store.Draft{Kind: record.StandbyCheckin, Gate: 3, At: d2, Body: record.StandbyCheckinBody{Badge: "2003", Start: start.ID, Temp: 365}})
	end := mustAppend(t, s, store.Draft{Kind: record.StandbyEnd, Gate: 3, At: d3, Body: record.StandbyEndBody{Badge: "2003", Start: start.ID}})
	mustAppend(t, s, store.Draft{Kind: record.Void, Gate: 3, At: d3, Body: record.VoidBody{Target: end.ID, TargetSeq: end.Seq, Supervisor: "9001", Reason: "录错"}})
	mustAppend(t, s, store.Draft{Kind: record.SupplyReceived, Gate: 2, At: d2, Body: record.SupplyReceivedBody{Item: "口罩"}})
	mustAppend(t, s, store.Draft{Kind: record.Attendance, Gate: 4, At: d1, Body: record.AttendanceBody{Day: "2020-02-08", Badge: "2002", Status: record.OnSite}})
	mustAppend(t, s, store.Draft{Kind: record.Attendance, Gate: 4, At: d2, Body: record.AttendanceBody{Day: "2020-02-09", Badge: "2002", Status: record.WFH}})

	rows, err := s.StandbyRows(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got := seqs(rows); len(got) != 2 || got[0] != start.Seq || got[1] != end.Seq || !rows[1].Voided {
		t.Fatalf("standby rows %v (voided %v)", got, rows[len(rows)-1].Voided)
	}
	for _, tt := range []struct {
		q    store.KindQuery
		want int
	}{
		{store.KindQuery{Kinds: []record.Kind{record.StandbyCheckin}, From: "2020-02-09", To: "2020-02-09"}, 1},
		{store.KindQuery{Kinds: []record.Kind{record.StandbyCheckin}, From: "2020-02-10"}, 0},
		{store.KindQuery{Kinds: []record.Kind{record.SupplyReceived, record.Attendance}, From: "2020-02-09"}, 2},
		{store.KindQuery{Kinds: []record.Kind{record.Attendance}, To: "2020-02-08"}, 1},
		{store.KindQuery{}, 0},
	} {
		rows, err := s.KindRows(ctx, tt.q)
		if err != nil || len(rows) != tt.want {
			t.Errorf("%+v: %d rows, %v; want %d", tt.q, len(rows), err, tt.want)
		}
	}
	for _, tt := range []struct{ before, want string }{{"2020-02-10", "2020-02-09"}, {"2020-02-09", "2020-02-08"}, {"2020-02-08", ""}} {
		if got, err := s.LastDayWith(ctx, record.Attendance, tt.before); got != tt.want || err != nil {
			t.Errorf("LastDayWith before %s = %q, %v; want %q", tt.before, got, err, tt.want)
		}
	}

	// The reads go through the kind index, never a scan of the log.
	db := rawDB(t, path)
	for _, q := range []string{
		`SELECT seq FROM records r WHERE r.kind IN ('standby.start','standby.end','standby.callup') AND r.day >= '' AND r.day <= '9999-12-31' ORDER BY r.seq`,
		`SELECT seq FROM records r WHERE r.kind IN ('supply.received') AND r.day >= '2020-01-01' AND r.day <= '9999-12-31' ORDER BY r.seq`,
		`SELECT MAX(day) FROM records WHERE kind = 'attendance' AND day < '2020-02-10'`,
	} {
		p := queryPlan(t, db, q)
		if !strings.Contains(p, "records_kind_day") {
			t.Errorf("query does not use records_kind_day: %s\n  %s", q, p)
		}
	}
}

func TestGateStateQueries(t *testing.T) {
	s, path := newStore(t)
	ctx := context.Background()
	day := time.Date(2020, 2, 10, 9, 0, 0, 0, cst)
	yesterday := day.AddDate(0, 0, -1)
	add := func(k record.Kind, at time.Time, body any) record.Record {
		return mustAppend(t, s, store.Draft{Kind: k, Gate: 2, At: at, Body: body})
	}
	void := func(r record.Record) {
		add(record.Void, r.At, record.VoidBody{Target: r.ID, TargetSeq: r.Seq, Supervisor: "9001", Reason: "录错"})
	}

	// supplies: a stored one, a pending one disinfected twice, one whose
	// storage was voided, a voided receipt, and one received before the window
	stored := add(record.SupplyReceived, yesterday, record.SupplyReceivedBody{Item: "大米"})
	add(record.SupplyStored, yesterday, record.SupplyStoredBody{Supply: stored.ID})
	pend := add(record.SupplyReceived, day, record.SupplyReceivedBody{Item: "口罩"})
	d1 := add(record.SupplyDisinfected, day, record.SupplyDisinfectedBody{Supply: pend.ID, ContactMin: 30})
	d2 := add(record.SupplyDisinfected, day, record.SupplyDisinfectedBody{Supply: pend.ID, ContactMin: 5})
	unstored := add(record.SupplyReceived, day, record.SupplyReceivedBody{Item: "手套"})
	void(add(record.SupplyStored, day, record.SupplyStoredBody{Supply: unstored.ID}))
	void(add(record.SupplyReceived, day, record.SupplyReceivedBody{Item: "错录"}))
	add(record.SupplyReceived, day.AddDate(0, 0, -90), record.SupplyReceivedBody{Item: "旧"})

	rec, dis, more, err := s.PendingSupplies(ctx, "2020-01-01", 10)
	if err != nil {
		t.Fatal(err)
	}
	if got := seqs(rec); len(got) != 2 || got[0] != pend.Seq || got[1] != unstored.Seq || more {
		t.Fatalf("pending %v more %v", got, more)
	}
	if got := seqs(dis); len(got) != 2 || got[0] != d1.Seq || got[1] != d2.Seq {
		t.Fatalf("disinfections %v", got)
	}
	if rec, _, more, _ := s.PendingSupplies(ctx, "2020-01-01", 1); len(rec) != 1 || !more {
		t.Fatalf("limit 1: %d, more %v", len(rec), more)
	}
	if n, err := s.CountKindDay(ctx, record.SupplyReceived, "2020-02-10"); n != 2 || err != nil {
		t.Fatalf("received today %d %v (the voided one not counted)", n, err)
	}

	// samples: by retain-until, whatever day they were taken
	until := func(at time.Time, h int) string {
		return at.Add(time.Duration(h) * time.Hour).Format(record.TimeLayout)
	}
	long := add(record.FoodSample, day.AddDate(0, 0, -20), record.FoodSampleBody{Meal: record.Lunch, RetainUntil: until(day.AddDate(0, 0, -20), 720)})
	add(record.FoodSample, day.AddDate(0, 0, -3), record.FoodSampleBody{Meal: record.Lunch, RetainUntil: until(day.AddDate(0, 0, -3), 48)})
	today := add(record.FoodSample, day, record.FoodSampleBody{Meal: record.Lunch, RetainUntil: until(day, 48)})
	void(add(record.FoodSample, day, record.FoodSampleBody{Meal: record.Dinner, RetainUntil: until(day, 48)}))
	midnight := time.Date(2020, 2, 10, 0, 0, 0, 0, cst).Format(record.TimeLayout)
	rows, err := s.SamplesFrom(ctx, midnight, 100)
	if got := seqs(rows); err != nil || len(got) != 2 || got[0] != long.Seq || got[1] != today.Seq {
		t.Fatalf("samples %v %v", got, err)
	}

	// latest per badge, leaving out voided records
	att := func(badge string, st record.AttendanceStatus) record.Record {
		return mustAppend(t, s, store.Draft{Kind: record.Attendance, Gate: 4, At: day, Body: record.AttendanceBody{Day: "2020-02-10", Badge: badge, Status: st}})
	}
	att("2002", record.OnSite)
	a2 := att("2002", record.WFH)
	a3 := att("2004", record.WFH)
	void(att("2004", record.OnSite))
	rows, err = s.LatestPerBadge(ctx, record.Attendance, "2020-02-10")
	if got := seqs(rows); err != nil || len(got) != 2 || got[0] != a2.Seq || got[1] != a3.Seq {
		t.Fatalf("latest per badge %v %v", got, err)
	}
	rows, err = s.AttendanceDay(ctx, "2020-02-10", "2004")
	if err != nil || len(rows) != 2 || !rows[1].Voided {
		t.Fatalf("one badge's day: %d rows %v", len(rows), err)
	}
	// The field's name goes into the statement: only a plain name does.
	if _, err := s.KindRows(ctx, store.KindQuery{Kinds: []record.Kind{record.Attendance}, Field: "badge') OR ('1", Value: "1"}); err == nil {
		t.Fatal("a field name with quotes was taken")
	}

	// incidents and inspections counted inside SQLite
	add(record.Incident, day, record.IncidentBody{Type: "contact"})
	void(add(record.Incident, day, record.IncidentBody{Type: "contact"}))
	add(record.Incident, day, record.IncidentBody{Type: "fever"})
	if n, err := s.CountIncidents(ctx, "2020-02-10", "contact"); n != 1 || err != nil {
		t.Fatalf("contact incidents %d %v", n, err)
	}
	add(record.FoodInspection, day, record.FoodInspectionBody{Item: "白菜", Accepted: true})
	add(record.FoodInspection, day, record.FoodInspectionBody{Item: "冻肉", Reasons: []string{"expired"}})
	void(add(record.FoodInspection, day, record.FoodInspectionBody{Item: "错录"}))
	if n, rej, err := s.InspectionCounts(ctx, "2020-02-10"); n != 2 || rej != 1 || err != nil {
		t.Fatalf("inspections %d rejected %d %v", n, rej, err)
	}

	// The body lookups go through the expression indexes of migration 005.
	// These statements mirror the ones in state.go.
	db := rawDB(t, path)
	for q, idx := range map[string]string{
		`SELECT 1 FROM records r WHERE r.kind = 'supply.received' AND NOT EXISTS (SELECT 1 FROM records st WHERE st.kind = 'supply.stored' AND json_extract(st.body, '$.supply') = +r.id)`: "records_supply_stored",
		`SELECT 1 FROM records r INDEXED BY records_supply_disinfected WHERE r.kind = 'supply.disinfected' AND json_extract(r.body, '$.supply') IN ('a', 'b')`:                             "records_supply_disinfected",
		`SELECT 1 FROM records r INDEXED BY records_sample_until WHERE r.kind = 'food.sample' AND json_extract(r.body, '$.retain_until') >= '2020'`:                                        "records_sample_until",
	} {
		if p := queryPlan(t, db, q); !strings.Contains(p, idx) {
			t.Errorf("%s not used: %s", idx, p)
		}
	}
}
