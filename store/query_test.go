package store_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"gatepost/record"
	"gatepost/store"
)

func TestDayIsLocalToTheRecordsOffset(t *testing.T) {
	tests := []struct {
		at   time.Time
		want string
	}{
		{time.Date(2020, 1, 29, 23, 59, 59, 999e6, cst), "2020-01-29"}, // already the 29th 15:59 UTC
		{time.Date(2020, 1, 30, 0, 0, 0, 0, cst), "2020-01-30"},        // still the 29th in UTC
		{time.Date(2020, 1, 29, 16, 0, 0, 0, time.UTC), "2020-01-29"},
	}
	for _, tt := range tests {
		if got := store.Day(tt.at); got != tt.want {
			t.Errorf("Day(%v) = %s, want %s", tt.at, got, tt.want)
		}
	}

	// The stored day follows the record's own offset, so a record saved at
	// 00:30 +08:00 is on the new day's page.
	ctx := context.Background()
	s, _ := newStore(t)
	late := mustAppend(t, s, store.Draft{Kind: record.Passage, Gate: 1, At: time.Date(2020, 1, 29, 23, 30, 0, 0, cst), Body: passage("S1", true)})
	early := mustAppend(t, s, store.Draft{Kind: record.Passage, Gate: 1, At: time.Date(2020, 1, 30, 0, 30, 0, 0, cst), Body: passage("S2", true)})
	for day, want := range map[string]int64{"2020-01-29": late.Seq, "2020-01-30": early.Seq} {
		rows, err := s.Page(ctx, store.PageQuery{Gate: 1, Day: day, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(seqs(rows), []int64{want}) {
			t.Errorf("day %s: seqs %v, want [%d]", day, seqs(rows), want)
		}
	}
}

func TestPage(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	day1 := time.Date(2020, 1, 29, 7, 0, 0, 0, cst)
	day2 := day1.AddDate(0, 0, 1)
	want := map[[2]any][]int64{} // {gate, day} -> seqs, oldest first
	add := func(gate int, at time.Time) {
		r := mustAppend(t, s, store.Draft{Kind: record.Passage, Gate: gate, At: at, Body: passage("S1", true)})
		k := [2]any{gate, store.Day(at)}
		want[k] = append(want[k], r.Seq)
	}
	// Interleave gates and days so that seqs of one page are not contiguous.
	for i := 0; i < 23; i++ {
		at := day1.Add(time.Duration(i) * time.Minute)
		add(1, at)
		if i%3 == 0 {
			add(2, at)
		}
		if i%5 == 0 {
			add(1, day2.Add(time.Duration(i)*time.Minute))
		}
		if i%7 == 0 {
			add(0, at)
		}
	}

	for k, all := range want {
		gate, day := k[0].(int), k[1].(string)
		for _, limit := range []int{1, 4, 10, 50} {
			t.Run(fmt.Sprintf("gate%d/%s/limit%d", gate, day, limit), func(t *testing.T) {
				var got []int64
				before := int64(0)
				pages := 0
				for {
					rows, err := s.Page(ctx, store.PageQuery{Gate: gate, Day: day, Before: before, Limit: limit})
					if err != nil {
						t.Fatal(err)
					}
					if len(rows) > limit {
						t.Fatalf("page of %d rows, limit %d", len(rows), limit)
					}
					if len(rows) == 0 {
						break
					}
					pages++
					for _, r := range rows {
						if r.Gate != gate || store.Day(r.At) != day {
							t.Fatalf("seq %d (gate %d, %s) on the page of gate %d %s", r.Seq, r.Gate, store.Day(r.At), gate, day)
						}
						if before != 0 && r.Seq >= before {
							t.Fatalf("seq %d not before cursor %d", r.Seq, before)
						}
					}
					got = append(got, seqs(rows)...)
					before = rows[len(rows)-1].Seq
					if pages > len(all)+1 {
						t.Fatal("paging does not end")
					}
				}
				newestFirst := slices.Clone(all)
				slices.Reverse(newestFirst)
				if !slices.Equal(got, newestFirst) {
					t.Fatalf("paged seqs %v, want %v", got, newestFirst)
				}
				if wantPages := (len(all) + limit - 1) / limit; pages != wantPages {
					t.Fatalf("%d pages, want %d", pages, wantPages)
				}
			})
		}
	}

	// A day or gate with nothing on it is an empty page, not an error.
	for _, q := range []store.PageQuery{
		{Gate: 3, Day: store.Day(day1)},
		{Gate: 1, Day: "2020-01-28"},
		{Gate: 1, Day: store.Day(day1), Before: 1},
	} {
		rows, err := s.Page(ctx, q)
		if err != nil || len(rows) != 0 {
			t.Errorf("Page(%+v) = %v, %v; want empty", q, seqs(rows), err)
		}
	}
	// Limit 0 means a default page, not everything and not nothing.
	rows, err := s.Page(ctx, store.PageQuery{Gate: 1, Day: store.Day(day1)})
	if err != nil || len(rows) != 23 {
		t.Fatalf("default limit: %d rows (%v)", len(rows), err)
	}
}

func TestVoidedAndOverridden(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	at := time.Date(2020, 1, 29, 9, 0, 0, 0, cst)
	denied := mustAppend(t, s, store.Draft{Kind: record.Passage, Gate: 1, At: at, Body: passage("V1", false)})
	wrong := mustAppend(t, s, store.Draft{Kind: record.Passage, Gate: 1, At: at.Add(time.Minute), Body: passage("S7", true)})
	plain := mustAppend(t, s, store.Draft{Kind: record.Passage, Gate: 1, At: at.Add(2 * time.Minute), Body: passage("S8", true)})
	// An incident that points at a record neither voids nor overrides it.
	mustAppend(t, s, store.Draft{Kind: record.Incident, Gate: 1, At: at.Add(3 * time.Minute), Body: record.IncidentBody{Type: "fever", Related: plain.ID}})

	check := func(when string, wantVoided, wantOverridden map[int64]bool) {
		t.Helper()
		for _, src := range []string{"Page", "DayRows", "Get"} {
			var rows []store.Row
			switch src {
			case "Page":
				rows, _ = s.Page(ctx, store.PageQuery{Gate: 1, Day: "2020-01-29", Limit: 100})
			case "DayRows":
				rows, _ = s.DayRows(ctx, 1, "2020-01-29")
			case "Get":
				for _, id := range []string{denied.ID, wrong.ID, plain.ID} {
					r, err := s.Get(ctx, id)
					if err != nil {
						t.Fatal(err)
					}
					rows = append(rows, r)
				}
			}
			if len(rows) < 3 {
				t.Fatalf("%s %s: %d rows", when, src, len(rows))
			}
			for _, r := range rows {
				if r.Voided != wantVoided[r.Seq] || r.Overridden != wantOverridden[r.Seq] {
					t.Errorf("%s %s: seq %d voided=%v overridden=%v, want %v %v",
						when, src, r.Seq, r.Voided, r.Overridden, wantVoided[r.Seq], wantOverridden[r.Seq])
				}
			}
		}
	}
	check("before", nil, nil)

	// Corrections come later, on another gate and another day: the flags
	// follow the target, wherever the correction was written.
	later := at.AddDate(0, 0, 1)
	mustAppend(t, s, store.Draft{Kind: record.Override, Gate: 0, At: later, Guard: "SUP1",
		Body: record.OverrideBody{Target: denied.ID, Supervisor: "SUP1", Reason: "has a paper pass"}})
	mustAppend(t, s, store.Draft{Kind: record.Void, Gate: 2, At: later, Guard: "SUP1",
		Body: record.VoidBody{Target: wrong.ID, TargetSeq: wrong.Seq, Supervisor: "SUP1", Reason: "wrong badge"}})
	check("after", map[int64]bool{wrong.Seq: true}, map[int64]bool{denied.Seq: true})
}

func TestDayRows(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	at := time.Date(2020, 1, 29, 6, 0, 0, 0, cst)
	var ds []store.Draft
	for i := 0; i < 30; i++ {
		when := at.Add(time.Duration(i) * time.Minute)
		switch i % 3 {
		case 0:
			ds = append(ds, store.Draft{Kind: record.Passage, Gate: 1, At: when, Guard: "G1", Body: passage("S1", true)})
		case 1:
			ds = append(ds, store.Draft{Kind: record.Temperature, Gate: 1, At: when, Guard: "G1", Body: temp("S1", 366)})
		case 2:
			ds = append(ds, store.Draft{Kind: record.Disinfection, Gate: 1, At: when, Guard: "G1", Body: map[string]string{"area": "大门"}})
		}
		ds = append(ds, store.Draft{Kind: record.Passage, Gate: 2, At: when, Guard: "G2", Body: passage("S2", true)})
		ds = append(ds, store.Draft{Kind: record.Passage, Gate: 1, At: when.AddDate(0, 0, -1), Guard: "G1", Body: passage("S3", true)})
	}
	if _, err := s.AppendBatch(ctx, ds); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		kinds []record.Kind
		want  int
	}{
		{nil, 30},
		{[]record.Kind{record.Passage}, 10},
		{[]record.Kind{record.Temperature}, 10},
		{[]record.Kind{record.Passage, record.Temperature}, 20},
		{[]record.Kind{record.Passage, record.Temperature, record.Disinfection}, 30},
		{[]record.Kind{record.Void}, 0},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.kinds), func(t *testing.T) {
			rows, err := s.DayRows(ctx, 1, "2020-01-29", tt.kinds...)
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != tt.want {
				t.Fatalf("%d rows, want %d", len(rows), tt.want)
			}
			for i, r := range rows {
				if r.Gate != 1 || store.Day(r.At) != "2020-01-29" {
					t.Fatalf("row seq %d gate %d day %s", r.Seq, r.Gate, store.Day(r.At))
				}
				if len(tt.kinds) > 0 && !slices.Contains(tt.kinds, r.Kind) {
					t.Fatalf("row of kind %s", r.Kind)
				}
				if i > 0 && r.Seq <= rows[i-1].Seq {
					t.Fatalf("not oldest first: %v", seqs(rows))
				}
			}
		})
	}
}

func TestEach(t *testing.T) {
	ctx := context.Background()
	// Each reads in batches of 2000: cover the empty log, a batch exactly
	// full, and logs that cross one and two batch boundaries.
	for _, n := range []int{0, 1, 2000, 2001, 4500} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			s, _ := newStore(t)
			ds := make([]store.Draft, n)
			at := time.Date(2020, 1, 29, 6, 0, 0, 0, cst)
			for i := range ds {
				ds[i] = store.Draft{Kind: record.Temperature, Gate: 1 + i%5, At: at.Add(time.Duration(i) * time.Second), Guard: "G1", Body: temp(fmt.Sprintf("S%d", i), 360+i%20)}
			}
			saved, err := s.AppendBatch(ctx, ds)
			if err != nil {
				t.Fatal(err)
			}
			var got []record.Record
			if err := s.Each(ctx, 0, func(r record.Record) error { got = append(got, r); return nil }); err != nil {
				t.Fatal(err)
			}
			if len(got) != n {
				t.Fatalf("Each gave %d records, want %d", len(got), n)
			}
			for i, r := range got {
				if r.Seq != int64(i+1) || r.ID != saved[i].ID || r.Hash != saved[i].Hash || r.AtString() != saved[i].AtString() {
					t.Fatalf("record %d: seq %d id %s, want seq %d id %s", i, r.Seq, r.ID, i+1, saved[i].ID)
				}
			}
			if c, err := s.Verify(ctx); err != nil || c != int64(n) {
				t.Fatalf("Verify = %d, %v", c, err)
			}
			if n < 2001 {
				return
			}
			// From the middle, across the boundary.
			var from []int64
			if err := s.Each(ctx, 1999, func(r record.Record) error { from = append(from, r.Seq); return nil }); err != nil {
				t.Fatal(err)
			}
			if len(from) != n-1999 || from[0] != 2000 || from[len(from)-1] != int64(n) {
				t.Fatalf("Each after 1999: %d records, %d..%d", len(from), from[0], from[len(from)-1])
			}
			// fn's error stops the walk and comes back.
			stop := errors.New("stop")
			calls := 0
			err = s.Each(ctx, 0, func(r record.Record) error {
				calls++
				if r.Seq == 2001 {
					return stop
				}
				return nil
			})
			if !errors.Is(err, stop) || calls != 2001 {
				t.Fatalf("Each with a stopping fn: %v after %d calls", err, calls)
			}
		})
	}
}

func TestLastSeqEmpty(t *testing.T) {
	s, _ := newStore(t)
	if n, err := s.LastSeq(context.Background()); err != nil || n != 0 {
		t.Fatalf("LastSeq on an empty log = %d, %v", n, err)
	}
	if n, err := s.Verify(context.Background()); err != nil || n != 0 {
		t.Fatalf("Verify on an empty log = %d, %v", n, err)
	}
}
