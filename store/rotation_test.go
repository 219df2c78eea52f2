package store_test

import (
	"context"
	"testing"

	"gatepost/gate"
)

func TestRotationReplacesAPersonsPlan(t *testing.T) {
	st, _ := newStore(t)
	ctx := context.Background()
	first := []gate.Period{
		{Badge: "2001", Kind: gate.PeriodCustody, Start: "2026-11-01", End: "2026-11-14"},
		{Badge: "2001", Kind: gate.PeriodObservation, Start: "2026-11-15", End: "2026-11-21"},
		{Badge: "2002", Kind: gate.PeriodStandby, Start: "2026-11-10", End: "2026-11-23"},
	}
	if err := st.PutRotation(ctx, first); err != nil {
		t.Fatal(err)
	}
	// A corrected plan for 2001 alone: its old periods go, 2002's stay.
	if err := st.PutRotation(ctx, []gate.Period{{Badge: "2001", Kind: gate.PeriodCustody, Start: "2026-11-03", End: "2026-11-16"}}); err != nil {
		t.Fatal(err)
	}
	got, err := st.RotationOf(ctx, "2001")
	if err != nil || len(got) != 1 || got[0].Start != "2026-11-03" {
		t.Fatalf("2001's plan: %+v, %v", got, err)
	}
	day, err := st.Rotation(ctx, "2026-11-15", "2026-11-15")
	if err != nil {
		t.Fatal(err)
	}
	if len(day) != 2 || day[0].Badge != "2001" || day[1].Badge != "2002" {
		t.Fatalf("periods covering 11-15: %+v", day)
	}
	if day, _ := st.Rotation(ctx, "2026-11-24", "2026-11-30"); len(day) != 0 {
		t.Fatalf("periods covering 11-24…30: %+v", day)
	}
}

// A plan pulled empty clears the person's periods; others keep theirs.
func TestReplacePlansEmptyClears(t *testing.T) {
	st, _ := newStore(t)
	ctx := context.Background()
	if err := st.PutRotation(ctx, []gate.Period{
		{Badge: "2001", Kind: gate.PeriodRest, Start: "2026-11-01", End: "2026-11-07"},
		{Badge: "2002", Kind: gate.PeriodRest, Start: "2026-11-01", End: "2026-11-07"},
	}); err != nil {
		t.Fatal(err)
	}
	if err := st.ReplacePlans(ctx, []gate.Plan{{Badge: "2001"}}); err != nil {
		t.Fatal(err)
	}
	if got, _ := st.RotationOf(ctx, "2001"); len(got) != 0 {
		t.Fatalf("2001 after an empty plan: %+v", got)
	}
	if got, _ := st.RotationOf(ctx, "2002"); len(got) != 1 {
		t.Fatalf("2002 lost its plan: %+v", got)
	}
}
