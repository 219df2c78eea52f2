package csvimport

import (
	"errors"
	"strings"
	"testing"

	"gatepost/gate"
)

func TestParseRotation(t *testing.T) {
	in := "\ufeffbadge,kind,start,end\n" +
		"2001,custody,2026-11-01,2026-11-14\n" +
		"2001,Observation,2026-11-15,\n" + // default 7 days
		"2002,standby,2026-11-20,\n" // default 14 days
	ps, err := ParseRotation(strings.NewReader(in), gate.DefaultRotation)
	if err != nil {
		t.Fatal(err)
	}
	want := []gate.Period{
		{Badge: "2001", Kind: gate.PeriodCustody, Start: "2026-11-01", End: "2026-11-14"},
		{Badge: "2001", Kind: gate.PeriodObservation, Start: "2026-11-15", End: "2026-11-21"},
		{Badge: "2002", Kind: gate.PeriodStandby, Start: "2026-11-20", End: "2026-12-03"},
	}
	if len(ps) != len(want) {
		t.Fatalf("got %d periods: %+v", len(ps), ps)
	}
	for i := range want {
		if ps[i] != want[i] {
			t.Errorf("row %d: %+v, want %+v", i, ps[i], want[i])
		}
	}
	// A facility's own defaults.
	ps, err = ParseRotation(strings.NewReader("badge,kind,start\n2003,custody,2026-12-01\n"), gate.RotationDefaults{Custody: 21})
	if err != nil || ps[0].End != "2026-12-21" {
		t.Fatalf("21-day custody: %+v, %v", ps, err)
	}
}

func TestParseRotationBad(t *testing.T) {
	in := "badge,kind,start,end\n" +
		"2001,holiday,2026-11-01,2026-11-14\n" +
		",custody,2026-11-01,2026-11-14\n" +
		"2002,rest,2026-11-31,\n" +
		"2003,rest,2026-11-10,2026-11-01\n" +
		"2004,rest,,\n"
	_, err := ParseRotation(strings.NewReader(in), gate.DefaultRotation)
	es := wantErrors(t, err, "line 2: kind", "holiday", "line 3: badge", "line 4: start", "not a date",
		"line 5: end", "before the start", "line 6: start", "required")
	if len(es) != 5 {
		t.Errorf("%d errors, want 5:\n%v", len(es), es)
	}
	// Overlaps are reported with the line they overlap.
	in = "badge,kind,start,end\n" +
		"2001,custody,2026-11-01,2026-11-14\n" +
		"2001,observation,2026-11-14,2026-11-20\n" +
		"2002,custody,2026-11-01,2026-11-14\n"
	_, err = ParseRotation(strings.NewReader(in), gate.DefaultRotation)
	wantErrors(t, err, "line 3: start", "overlaps custody 2026-11-01–2026-11-14 on line 2")
}

func FuzzParseRotation(f *testing.F) {
	f.Add([]byte("badge,kind,start,end\n2001,custody,2026-11-01,2026-11-14\n2001,rest,2026-11-15,\n"))
	f.Add([]byte("badge,kind,start\n2001,custody,2026-02-30\n"))
	f.Add([]byte("\ufeffbadge,kind,start,end\n\"2001\",STANDBY,2026-12-31,\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		ps, err := ParseRotation(strings.NewReader(string(data)), gate.DefaultRotation)
		if err != nil {
			var es Errors
			if !errors.As(err, &es) || len(es) == 0 || ps != nil {
				t.Fatalf("error is not a non-empty Errors, or periods came with it: %v", err)
			}
			return
		}
		seen := map[string][]gate.Period{}
		for _, p := range ps {
			if p.Badge == "" || !validPeriod(p.Kind) || p.Start == "" || p.End < p.Start {
				t.Fatalf("invalid period accepted: %+v", p)
			}
			for _, q := range seen[p.Badge] {
				if p.Start <= q.End && q.Start <= p.End {
					t.Fatalf("overlapping periods accepted: %+v %+v", p, q)
				}
			}
			seen[p.Badge] = append(seen[p.Badge], p)
		}
	})
}
