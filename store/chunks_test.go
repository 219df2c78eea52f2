package store_test

import (
	"context"
	"fmt"
	"testing"

	"gatepost/gate"
	"gatepost/record"
	"gatepost/store"
)

// A bulk write commits its chunks without waiting for the disk, on the
// writer's one connection: afterwards that connection must be back to
// synchronous=FULL, or the next guard's save would be answered "saved"
// before it is on the disk.
func TestChunkedWriteLeavesSavesSynced(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	const n = 2000 // several chunks (250 rows at most each)
	people := make([]gate.Person, n)
	plans := make([]gate.Plan, 0, n)
	for i := range people {
		people[i] = gate.Person{Badge: fmt.Sprintf("S%05d", i), Name: fmt.Sprintf("民警%d", i), Kind: gate.Staff, Active: true}
		plans = append(plans, gate.Plan{Badge: people[i].Badge})
	}
	if err := s.PutPeople(ctx, people); err != nil {
		t.Fatal(err)
	}
	if err := s.ReplacePlans(ctx, plans); err != nil {
		t.Fatal(err)
	}
	if sync, err := store.Synchronous(s); err != nil || sync != 2 {
		t.Fatalf("the writer commits with synchronous=%d (%v) after a bulk write, want 2 (FULL)", sync, err)
	}
	mustAppend(t, s, store.Draft{Kind: record.Temperature, Gate: 1, Body: temp("S00001", 365)})
	if ps, err := s.People(ctx, gate.Staff); err != nil || len(ps) != n {
		t.Fatalf("%d people (%v), want %d", len(ps), err, n)
	}
	if got, err := s.Verify(ctx); err != nil || got != 1 {
		t.Fatalf("verify: %d %v", got, err)
	}
}
