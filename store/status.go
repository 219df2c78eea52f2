package store

import (
	"context"
	"fmt"
	"sort"
	"time"

	"gatepost/gate"
	"gatepost/record"
)

// statusKinds are the kinds a person's status is folded from (the partial
// index records_badge of migration 007 covers exactly these).
const statusKinds = `'passage', 'temperature', 'incident', 'clearance', 'standby.start',
	'standby.end', 'standby.callup', 'standby.checkin', 'attendance'`

// StatusEvents returns the records a person's status is folded from: those
// of the status kinds naming the badge, and the overrides of any of them,
// each with whether it was voided — this terminal's and its facility's
// other terminals' (the feed, §12), merged in the order they happened.
func (s *Store) StatusEvents(ctx context.Context, badge string) ([]gate.Event, error) {
	own, err := s.ownStatusEvents(ctx, badge)
	if err != nil {
		return nil, err
	}
	peer, err := s.peerStatusEvents(ctx, badge)
	if err != nil {
		return nil, err
	}
	if len(peer) == 0 {
		return own, nil
	}
	all := append(own, peer...)
	sort.SliceStable(all, func(i, j int) bool { return all[i].At.Before(all[j].At) })
	return all, nil
}

// peerStatusEvents is StatusEvents over the peers' records.
func (s *Store) peerStatusEvents(ctx context.Context, badge string) ([]gate.Event, error) {
	rows, err := s.r.QueryContext(ctx, `WITH mine AS (
			SELECT id FROM peer_records INDEXED BY peer_records_badge
			WHERE json_extract(body, '$.badge') = ? AND kind IN (`+statusKinds+`))
		SELECT `+peerRowCols+` FROM peer_records r WHERE r.id IN (SELECT id FROM mine)
		UNION ALL
		SELECT `+peerRowCols+` FROM peer_records r WHERE r.kind = 'override' AND r.ref IN (SELECT id FROM mine)`, badge)
	if err != nil {
		return nil, fmt.Errorf("store: peer status events: %w", err)
	}
	rs, err := scanRows(rows)
	if err != nil {
		return nil, err
	}
	out := make([]gate.Event, len(rs))
	for i, r := range rs {
		out[i] = gate.Event{Record: r.Record, Voided: r.Voided}
	}
	return out, nil
}

// peerRowCols are rowCols for a peer record: voided or overridden by a
// record of any terminal of the facility held here.
const peerRowCols = `r.seq, r.id, r.terminal, r.facility, r.kind, r.gate, r.guard, r.at, r.body, r.prev, r.hash,
	EXISTS (SELECT 1 FROM peer_records v WHERE v.ref = r.id AND v.kind = 'void')
		OR EXISTS (SELECT 1 FROM records v WHERE v.ref = r.id AND v.ref <> '' AND v.kind = 'void'),
	EXISTS (SELECT 1 FROM peer_records o WHERE o.ref = r.id AND o.kind = 'override')
		OR EXISTS (SELECT 1 FROM records o WHERE o.ref = r.id AND o.ref <> '' AND o.kind = 'override')`

func (s *Store) ownStatusEvents(ctx context.Context, badge string) ([]gate.Event, error) {
	rows, err := s.r.QueryContext(ctx, `WITH mine AS (
			SELECT seq FROM records INDEXED BY records_badge
			WHERE json_extract(body, '$.badge') = ? AND kind IN (`+statusKinds+`))
		SELECT `+rowCols+` FROM records r WHERE r.seq IN (SELECT seq FROM mine)
		UNION ALL
		SELECT `+rowCols+` FROM records r WHERE r.kind = 'override' AND r.ref IN (
			SELECT id FROM records WHERE seq IN (SELECT seq FROM mine))
		ORDER BY 1`, badge)
	if err != nil {
		return nil, fmt.Errorf("store: status events: %w", err)
	}
	rs, err := scanRows(rows)
	if err != nil {
		return nil, err
	}
	out := make([]gate.Event, len(rs))
	for i, r := range rs {
		out[i] = gate.Event{Record: r.Record, Voided: r.Voided}
	}
	return out, nil
}

// StatusOf derives a person's closed-management status now (§11) from this
// terminal's records and the rotation plan.
func (s *Store) StatusOf(ctx context.Context, p gate.Person, now time.Time, fever record.Tenths) (gate.Status, error) {
	evs, err := s.StatusEvents(ctx, p.Badge)
	if err != nil {
		return gate.Status{}, err
	}
	plan, err := s.RotationOf(ctx, p.Badge)
	if err != nil {
		return gate.Status{}, err
	}
	return gate.StatusOf(gate.StatusInput{Person: p, Plan: plan, Events: evs, Fever: fever, Now: now}), nil
}
