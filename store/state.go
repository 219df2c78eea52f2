package store

import (
	"context"
	"database/sql"
	"fmt"
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
}

// KindRows returns the records of q's kinds between q.From and q.To, at any
// gate, oldest first, with whether each was voided or overridden.
func (s *Store) KindRows(ctx context.Context, q KindQuery) ([]Row, error) {
	if len(q.Kinds) == 0 {
		return nil, nil
	}
	var args []any
	for _, k := range q.Kinds {
		args = append(args, string(k))
	}
	// The open ends are bounded by values every day sorts between, so one
	// statement shape serves all ranges and SQLite keeps its index range scan.
	from, to := q.From, q.To
	if to == "" {
		to = "9999-12-31"
	}
	args = append(args, from, to)
	rows, err := s.r.QueryContext(ctx, `SELECT `+rowCols+` FROM records r
		WHERE r.kind IN (?`+strings.Repeat(",?", len(q.Kinds)-1)+`) AND r.day >= ? AND r.day <= ?
		ORDER BY r.seq`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: kind rows: %w", err)
	}
	return scanRows(rows)
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
