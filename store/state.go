package store

import (
	"context"
	"database/sql"
	"fmt"
	"sort"
	"strings"

	"gatepost/record"
)

// Read queries the gate-2–5 rules need: state that spans days (who is in
// standby, which supplies are pending, which samples are held), read by kind
// through the records_kind_day index (migration 004), so their cost follows
// the number of records of those kinds, never the size of the log.

// KindQuery selects records of some kinds over a range of local days.
type KindQuery struct {
	Kinds    []record.Kind // at least one
	From, To string        // DayLayout, inclusive; "" leaves that end open
	// Field, when set, keeps only the records whose body has Value in its
	// top-level field of that JSON name ("badge", "type": lower-case letters
	// and underscores): SQLite leaves the others out rather than every row
	// being read and decoded here. The name goes into the statement as
	// written, not as an argument, so that "badge" finds the badge index
	// (migration 009).
	Field, Value string
}

// kindWhere is the WHERE clause of q over the records aliased r, for own
// and peers' records alike, with its arguments.
func kindWhere(q KindQuery) (string, []any, error) {
	args := make([]any, 0, len(q.Kinds)+4)
	for _, k := range q.Kinds {
		args = append(args, string(k))
	}
	// The open ends are bounded by values every day sorts between, so one
	// statement shape serves all ranges and SQLite keeps its index range scan.
	to := q.To
	if to == "" {
		to = "9999-12-31"
	}
	args = append(args, q.From, to)
	where := `r.kind IN (?` + strings.Repeat(",?", len(q.Kinds)-1) + `) AND r.day >= ? AND r.day <= ?`
	if q.Field != "" {
		if strings.Trim(q.Field, "abcdefghijklmnopqrstuvwxyz_") != "" {
			return "", nil, fmt.Errorf("store: kind rows: %q is not a field name", q.Field)
		}
		where += ` AND json_extract(r.body, '$.` + q.Field + `') = ?`
		args = append(args, q.Value)
	}
	return where, args, nil
}

// KindRows returns the records of q's kinds between q.From and q.To, at any
// gate of any terminal of the facility (its own and the feed's, §12),
// oldest first, with whether each was voided or overridden.
func (s *Store) KindRows(ctx context.Context, q KindQuery) ([]Row, error) {
	if len(q.Kinds) == 0 {
		return nil, nil
	}
	where, args, err := kindWhere(q)
	if err != nil {
		return nil, err
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+facilityRowCols+` FROM records r WHERE `+where+` ORDER BY r.seq`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: kind rows: %w", err)
	}
	own, err := scanRows(rows)
	if err != nil {
		return nil, err
	}
	peer, err := s.peerKindRows(ctx, where, args)
	if err != nil {
		return nil, err
	}
	return mergeRows(own, peer), nil
}

// StandbyRows returns every standby.start, standby.end and standby.callup,
// oldest first: the records the current standby state is folded from. A
// stint can last any time, so there is no window; these are a few records
// per person per stint (check-ins are not among them).
func (s *Store) StandbyRows(ctx context.Context) ([]Row, error) {
	return s.KindRows(ctx, KindQuery{Kinds: []record.Kind{record.StandbyStart, record.StandbyEnd, record.StandbyCallup}})
}

// LastDayWith returns the latest local day before `before` (DayLayout) on
// which a record of kind was written, or "" when there is none.
func (s *Store) LastDayWith(ctx context.Context, kind record.Kind, before string) (string, error) {
	var day sql.NullString
	err := s.r.QueryRowContext(ctx, `SELECT MAX(day) FROM records WHERE kind = ? AND day < ?`, string(kind), before).Scan(&day)
	if err != nil {
		return "", fmt.Errorf("store: last day: %w", err)
	}
	return day.String, nil
}

// notVoided is the condition that no void points at the record aliased r.
const notVoided = `NOT EXISTS (SELECT 1 FROM records v WHERE v.ref = r.id AND v.ref <> '' AND v.kind = 'void')`

// PendingSupplies returns the supplies received on or after since
// (DayLayout) that have no storage record, oldest first, at most limit of
// them (and more = true when there are others), together with the
// disinfections recorded for them, oldest first. Voided records count for
// nothing. Each storage check is one probe of the supply index of
// migration 005 (the "+" strips r.id's TEXT affinity, without which SQLite
// cannot use an index on an expression), and the scan stops after limit
// pending supplies.
func (s *Store) PendingSupplies(ctx context.Context, since string, limit int) (received, disinfected []Row, more bool, err error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+rowCols+` FROM records r
		WHERE r.kind = 'supply.received' AND r.day >= ? AND `+notVoided+`
		AND NOT EXISTS (SELECT 1 FROM records st WHERE st.kind = 'supply.stored' AND json_extract(st.body, '$.supply') = +r.id
			AND NOT EXISTS (SELECT 1 FROM records v WHERE v.ref = st.id AND v.ref <> '' AND v.kind = 'void'))
		ORDER BY r.kind, r.day, r.seq LIMIT ?`, since, limit+1)
	if err != nil {
		return nil, nil, false, fmt.Errorf("store: pending supplies: %w", err)
	}
	if received, err = scanRows(rows); err != nil {
		return nil, nil, false, err
	}
	if len(received) > limit {
		received, more = received[:limit], true
	}
	if len(received) == 0 {
		return received, nil, more, nil
	}
	args := make([]any, len(received))
	for i, r := range received {
		args[i] = r.ID
	}
	// INDEXED BY, as in SamplesFrom: left to itself SQLite reads every
	// disinfection through the kind index.
	rows, err = s.r.QueryContext(ctx, `SELECT `+rowCols+` FROM records r INDEXED BY records_supply_disinfected
		WHERE r.kind = 'supply.disinfected' AND json_extract(r.body, '$.supply') IN (?`+strings.Repeat(",?", len(args)-1)+`)
		ORDER BY r.seq`, args...)
	if err != nil {
		return nil, nil, false, fmt.Errorf("store: disinfections: %w", err)
	}
	disinfected, err = scanRows(rows)
	return received, disinfected, more, err
}

// CountKindDay counts the records of a kind written on a day, at any gate,
// leaving out voided ones.
func (s *Store) CountKindDay(ctx context.Context, kind record.Kind, day string) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM records r WHERE r.kind = ? AND r.day = ? AND `+notVoided,
		string(kind), day).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("store: count: %w", err)
	}
	return n, nil
}

// SamplesFrom returns the meal samples whose retain_until is at or after
// from (record.TimeLayout, in the terminal's offset, as the samples are
// written), oldest first, at most limit, voided ones left out. A sample kept
// 30 days is found as readily as one kept 48 hours: the read goes by the
// retain-until index of migration 005, not by the day it was taken.
func (s *Store) SamplesFrom(ctx context.Context, from string, limit int) ([]Row, error) {
	// INDEXED BY: without statistics SQLite prefers the kind index's
	// equality to this range and would read every sample ever taken.
	rows, err := s.r.QueryContext(ctx, `SELECT `+rowCols+` FROM records r INDEXED BY records_sample_until
		WHERE r.kind = 'food.sample' AND json_extract(r.body, '$.retain_until') >= ? AND `+notVoided+`
		ORDER BY r.seq LIMIT ?`, from, limit)
	if err != nil {
		return nil, fmt.Errorf("store: samples: %w", err)
	}
	return scanRows(rows)
}

// LatestPerBadge returns, for each badge, the newest record of kind
// written on day (at any gate of any of the facility's terminals), voided
// ones left out, in the order they happened: a day's attendance list or its
// standby check-ins.
func (s *Store) LatestPerBadge(ctx context.Context, kind record.Kind, day string) ([]Row, error) {
	rows, err := s.KindRows(ctx, KindQuery{Kinds: []record.Kind{kind}, From: day, To: day})
	if err != nil {
		return nil, fmt.Errorf("store: latest per badge: %w", err)
	}
	// The facility's records in the order they happened: the last one not
	// voided of each badge stands.
	at := map[string]int{}
	var out []Row
	for _, r := range rows {
		if r.Voided {
			continue
		}
		var who struct {
			Badge string `json:"badge"`
		}
		_ = r.Decode(&who)
		if i, ok := at[who.Badge]; ok {
			out[i] = r
			continue
		}
		at[who.Badge] = len(out)
		out = append(out, r)
	}
	sort.SliceStable(out, func(i, j int) bool { return record.Before(out[i].Record, out[j].Record) })
	return out, nil
}

// CountIncidents counts a day's incidents of one type at any gate of the
// facility, leaving out voided ones.
func (s *Store) CountIncidents(ctx context.Context, day, typ string) (int, error) {
	rows, err := s.KindRows(ctx, KindQuery{Kinds: []record.Kind{record.Incident}, From: day, To: day, Field: "type", Value: typ})
	if err != nil {
		return 0, fmt.Errorf("store: incidents: %w", err)
	}
	n := 0
	for _, r := range rows {
		if !r.Voided {
			n++
		}
	}
	return n, nil
}

// InspectionCounts counts a day's food inspections (at any gate) and the
// rejected ones among them, leaving out voided ones.
func (s *Store) InspectionCounts(ctx context.Context, day string) (total, rejected int, err error) {
	var rej sql.NullInt64
	err = s.r.QueryRowContext(ctx, `SELECT COUNT(*), SUM(CASE WHEN json_extract(r.body, '$.accepted') THEN 0 ELSE 1 END)
		FROM records r WHERE r.kind = 'food.inspection' AND r.day = ? AND `+notVoided, day).Scan(&total, &rej)
	if err != nil {
		return 0, 0, fmt.Errorf("store: inspections: %w", err)
	}
	return total, int(rej.Int64), nil
}

// AttendanceDay returns the attendance records of a day (by the day the
// record was written), at any gate of the facility, in the order they
// happened; with badge set, only that person's.
func (s *Store) AttendanceDay(ctx context.Context, day, badge string) ([]Row, error) {
	q := KindQuery{Kinds: []record.Kind{record.Attendance}, From: day, To: day}
	if badge != "" {
		q.Field, q.Value = "badge", badge
	}
	rows, err := s.KindRows(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("store: attendance: %w", err)
	}
	return rows, nil
}
