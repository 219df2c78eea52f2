package store

import (
	"context"
	"fmt"
	"time"

	"gatepost/gate"
	"gatepost/record"
)

// statusKinds are the kinds a person's status is folded from (the partial
// index records_badge of migration 007 covers exactly these).
const statusKinds = `'passage', 'temperature', 'incident', 'clearance', 'standby.start',
	'standby.end', 'standby.callup', 'standby.checkin', 'attendance'`

// StatusEvents returns the records a person's status is folded from, in seq
// order: those of the status kinds naming the badge, and the overrides of
// any of them, each with whether it was voided.
func (s *Store) StatusEvents(ctx context.Context, badge string) ([]gate.Event, error) {
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
