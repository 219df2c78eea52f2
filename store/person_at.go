package store

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"gatepost/gate"
	"gatepost/record"
)

// personMovesSQL reads the admissions and releases naming one badge, this
// terminal's and its peers' (an admission is written at the main gate,
// which is seldom the post asking): the index on the body's badge
// (migration 009) finds them without reading the log.
const personMovesSQL = `SELECT ` + facilityRowCols + ` FROM records r
		WHERE json_extract(r.body, '$.badge') = ?1 AND r.kind IN ('` + string(record.Admission) + `', '` + string(record.Release) + `')
	UNION ALL
	SELECT ` + facilityRowCols + ` FROM peer_records r
		WHERE json_extract(r.body, '$.badge') = ?1 AND r.kind IN ('` + string(record.Admission) + `', '` + string(record.Release) + `')`

// PersonAt looks a person up by badge or resident ID number as the roster
// stands at at: the roster as published, brought to at by the facility's
// admissions and releases naming the badge (gate.RosterAsOf, as the
// roll-call and the report read it). A detainee admitted since the roster
// was published is found (by badge: an admission names nobody else), with
// the unit they were placed in; a released one is found inactive. ok is
// false when nobody matches. Every lookup of a person by what a guard typed
// goes through here, so no screen knows someone another does not.
func (s *Store) PersonAt(ctx context.Context, key string, at time.Time) (gate.Person, bool, error) {
	key = strings.TrimSpace(key)
	if key == "" {
		return gate.Person{}, false, nil
	}
	p, ok, err := s.FindPerson(ctx, key)
	if err != nil {
		return gate.Person{}, false, err
	}
	badge := p.Badge
	if !ok {
		if gate.LooksLikeResidentID(key) {
			return gate.Person{}, false, nil // an admission names a badge only
		}
		badge = strings.ToUpper(key) // as an admission writes it
	} else if p.Kind == gate.Staff {
		return p, true, nil // movements are detainees'; RosterAsOf leaves staff as they are
	}
	stmt, err := s.personMoves.get(s.r, personMovesSQL)
	if err != nil {
		return gate.Person{}, false, err
	}
	rows, err := stmt.QueryContext(ctx, badge)
	if err != nil {
		return gate.Person{}, false, fmt.Errorf("store: person movements: %w", err)
	}
	rs, err := scanRows(rows)
	if err != nil {
		return gate.Person{}, false, fmt.Errorf("store: person movements: %w", err)
	}
	if len(rs) == 0 {
		return p, ok, nil
	}
	sort.SliceStable(rs, func(i, j int) bool { return record.Before(rs[i].Record, rs[j].Record) })
	var people []gate.Person
	if ok {
		people = []gate.Person{p}
	}
	for _, q := range gate.RosterAsOf(people, DayRecords(rs), at) {
		if q.Badge == badge {
			return q, true, nil
		}
	}
	return gate.Person{}, false, nil
}
