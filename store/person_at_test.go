package store_test

import (
	"context"
	"testing"
	"time"

	"gatepost/gate"
	"gatepost/record"
	"gatepost/store"
)

// TestPersonAt: a lookup follows the admissions and releases recorded
// since the roster was published, as of the moment asked (issue 13).
func TestPersonAt(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	people := append([]gate.Person{}, roster...)
	people[3].Active = true // D100 is in the facility as published
	if err := s.PutPeople(ctx, people); err != nil {
		t.Fatal(err)
	}
	cst := time.FixedZone("CST", 8*3600)
	admitted := time.Date(2026, 11, 28, 9, 0, 0, 0, cst)
	released := time.Date(2026, 11, 28, 15, 0, 0, 0, cst)
	mustAppend(t, s, store.Draft{Kind: record.Admission, Gate: 1, At: admitted, Body: record.AdmissionBody{
		Badge: "D200", Unit: "新收隔离区", Source: record.AdmitDecision, Temp: 365, Supervisor: "9001", Basis: "决定书2026-1"}})
	mustAppend(t, s, store.Draft{Kind: record.Release, Gate: 1, At: released, Body: record.ReleaseBody{
		Badge: "D100", Type: record.ReleaseExpiry, Supervisor: "9001", Basis: "解除书2026-7"}})
	voided := mustAppend(t, s, store.Draft{Kind: record.Admission, Gate: 1, At: admitted, Body: record.AdmissionBody{
		Badge: "D300", Unit: "新收隔离区", Source: record.AdmitDecision, Temp: 365, Supervisor: "9001", Basis: "决定书2026-2"}})
	mustAppend(t, s, store.Draft{Kind: record.Void, Gate: 1, At: admitted.Add(time.Minute), Body: record.VoidBody{
		Target: voided.ID, Supervisor: "9001", Reason: "录错"}})

	before, between, after := admitted.Add(-time.Hour), admitted.Add(time.Hour), released.Add(time.Hour)
	tests := []struct {
		key    string
		at     time.Time
		found  bool
		active bool
		unit   string
	}{
		{"D200", before, false, false, ""},                // not admitted yet
		{"D200", between, true, true, "新收隔离区"},            // admitted since the roster was published
		{"d200", after, true, true, "新收隔离区"},              // typed in lower case: as the admission writes it
		{"D100", between, true, true, "三号楼"},              // not released yet
		{"D100", after, true, false, "三号楼"},               // released: found, no longer in the facility
		{"110101199501010033", after, true, false, "三号楼"}, // by ID number likewise
		{"D300", after, false, false, ""},                 // the admission was voided
		{"S001", after, true, true, "管教一大队"},              // staff: the roster's word
		{"S999", after, false, false, ""},
		{"", after, false, false, ""},
	}
	for _, tt := range tests {
		p, ok, err := s.PersonAt(ctx, tt.key, tt.at)
		if err != nil {
			t.Fatalf("PersonAt(%q): %v", tt.key, err)
		}
		if ok != tt.found || (ok && (p.Active != tt.active || p.Unit != tt.unit)) {
			t.Errorf("PersonAt(%q, %s) = %+v, %v; want found %v, active %v, unit %q", tt.key, tt.at.Format("15:04"), p, ok, tt.found, tt.active, tt.unit)
		}
		if ok && p.Kind == "" {
			t.Errorf("PersonAt(%q): no kind", tt.key)
		}
	}
}

// An admission written at another post of the facility (the feed, §12) is
// known here as well: the main gate admits, gate 2 or 3 is asked.
func TestPersonAtReadsThePeers(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	id, err := s.Identity(ctx)
	if err != nil {
		t.Fatal(err)
	}
	body, err := record.EncodeBody(record.AdmissionBody{Badge: "D0777", Unit: "新收隔离区", Source: record.AdmitDecision, Temp: 364,
		Supervisor: "9001", Basis: "决定书"})
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 11, 28, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))
	r := record.Record{ID: record.NewID(), Terminal: "gate1-pc", Facility: id.FacilityID, Seq: 1, Kind: record.Admission,
		Gate: 1, Guard: "1001", At: at, Body: body}
	r.Seal("")
	if taken, refused, err := s.ApplyFeed(ctx, []store.PeerHead{{Terminal: "gate1-pc", HeadSeq: 1}}, []record.Record{r}, time.Now()); err != nil || taken != 1 || len(refused) != 0 {
		t.Fatalf("feed: taken %d, refused %v, %v", taken, refused, err)
	}
	p, ok, err := s.PersonAt(ctx, "D0777", at.Add(time.Hour))
	if err != nil || !ok || !p.Active || p.Kind != gate.Detainee || p.Unit != "新收隔离区" {
		t.Fatalf("PersonAt(D0777) = %+v, %v, %v", p, ok, err)
	}
}
