package store_test

import (
	"context"
	"testing"
	"time"

	"gatepost/record"
	"gatepost/store"
)

func TestLastOfKind(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	if _, ok, err := s.LastOfKind(ctx, record.ShiftOpen); ok || err != nil {
		t.Fatalf("empty log: %v %v", ok, err)
	}
	day := time.Date(2026, 3, 1, 8, 0, 0, 0, cst)
	var ids []string
	// Two days of shifts; the second day's morning shift is the newest.
	for _, at := range []time.Time{day, day.Add(12 * time.Hour), day.AddDate(0, 0, 1)} {
		r, err := s.Append(ctx, store.Draft{Kind: record.ShiftOpen, Gate: 1, Guard: "1001", At: at, Body: record.ShiftOpenBody{Name: "x", Gate: 1}})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, r.ID)
		if _, err := s.Append(ctx, store.Draft{Kind: record.Passage, Gate: 1, Guard: "1001", At: at.Add(time.Minute),
			Body: record.PassageBody{Subject: record.SubjectStaff, Direction: record.In, Badge: "2001", Allowed: true, Reason: "staff"}}); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		kind record.Kind
		id   string
		ok   bool
	}{
		{record.ShiftOpen, ids[2], true},
		{record.ShiftClose, "", false},
	} {
		r, ok, err := s.LastOfKind(ctx, c.kind)
		if err != nil || ok != c.ok || r.ID != c.id {
			t.Errorf("%s: %s %v %v", c.kind, r.ID, ok, err)
		}
	}
	// A void of the last one is reported with it.
	if _, err := s.Append(ctx, store.Draft{Kind: record.Void, Gate: 1, Guard: "9001", At: day.AddDate(0, 0, 1).Add(time.Hour),
		Body: record.VoidBody{Target: ids[2], TargetSeq: 5, Supervisor: "9001", Reason: "x"}}); err != nil {
		t.Fatal(err)
	}
	if r, ok, _ := s.LastOfKind(ctx, record.ShiftOpen); !ok || !r.Voided || r.ID != ids[2] {
		t.Errorf("voided: %+v", r)
	}
}
