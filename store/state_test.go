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
		rows, err := db.Query(`EXPLAIN QUERY PLAN ` + q)
		if err != nil {
			t.Fatal(err)
		}
		var plan []string
		for rows.Next() {
			var id, parent, notused int
			var detail string
			if err := rows.Scan(&id, &parent, &notused, &detail); err != nil {
				t.Fatal(err)
			}
			plan = append(plan, detail)
		}
		rows.Close()
		p := strings.Join(plan, "; ")
		if !strings.Contains(p, "records_kind_day") {
			t.Errorf("query does not use records_kind_day: %s\n  %s", q, p)
		}
	}
}
