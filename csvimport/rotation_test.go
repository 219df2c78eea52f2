package csvimport

import (
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
