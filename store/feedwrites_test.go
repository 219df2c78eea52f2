package store_test

import (
	"context"
	"database/sql"
	"testing"

	"gatepost/identity"
)

// Every feed page carries the facility's retention and the tombstone
// cursor; a page that changes neither must not take the writer (a guard's
// save waits behind it). PRAGMA data_version, read on another connection,
// moves only when some other connection commits.
func TestUnchangedFeedPageWritesNothing(t *testing.T) {
	ctx := context.Background()
	s, path := newStore(t)
	db := rawDB(t, path)
	version := func() int64 {
		t.Helper()
		var v int64
		if err := db.QueryRow(`PRAGMA data_version`).Scan(&v); err != nil && err != sql.ErrNoRows {
			t.Fatal(err)
		}
		return v
	}
	days := map[identity.Category]int{identity.Visitor: 14, identity.Vehicle: 0, identity.Health: 30}
	if err := s.SetHubRetention(ctx, days); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ApplyErasures(ctx, nil, "3:abc"); err != nil {
		t.Fatal(err)
	}
	before := version()
	if err := s.SetHubRetention(ctx, days); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ApplyErasures(ctx, nil, "3:abc"); err != nil {
		t.Fatal(err)
	}
	if after := version(); after != before {
		t.Errorf("an unchanged page committed: data_version %d → %d", before, after)
	}
	// A change is written.
	days[identity.Visitor] = 7
	if err := s.SetHubRetention(ctx, days); err != nil {
		t.Fatal(err)
	}
	if got, err := s.HubRetention(ctx); err != nil || got[identity.Visitor] != 7 || got[identity.Health] != 30 || len(got) != 2 {
		t.Errorf("retention %v %v", got, err)
	}
	if _, err := s.ApplyErasures(ctx, nil, "4:abd"); err != nil {
		t.Fatal(err)
	}
	if c, err := s.ErasuresCursor(ctx); err != nil || c != "4:abd" {
		t.Errorf("cursor %q %v", c, err)
	}
}
