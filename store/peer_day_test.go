package store_test

import (
	"strings"
	"testing"
)

// The facility's day reads the peers' records of one day through an index
// (migration 011), never a scan of every peer record pulled. The statement
// mirrors peerDay's in facility.go.
func TestPeerDayUsesItsIndex(t *testing.T) {
	_, path := newStore(t)
	p := queryPlan(t, rawDB(t, path), `SELECT r.seq FROM peer_records r WHERE r.day = '2020-02-10'`)
	if !strings.Contains(p, "peer_records_day_kind") {
		t.Errorf("the peers' day is read without its index: %s", p)
	}
}
