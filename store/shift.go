package store

import (
	"context"
	"fmt"

	"gatepost/record"
)

// LastOfKind returns the newest record of kind (at any gate), with whether
// it was voided; ok is false when there is none. It reads the
// records_kind_day index from its end, so its cost does not grow with the
// log: sign-in asks it for the last shift.open and shift.close.
func (s *Store) LastOfKind(ctx context.Context, kind record.Kind) (row Row, ok bool, err error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+rowCols+` FROM records r WHERE r.kind = ?
		ORDER BY r.day DESC, r.seq DESC LIMIT 1`, string(kind))
	if err != nil {
		return Row{}, false, fmt.Errorf("store: last %s: %w", kind, err)
	}
	rs, err := scanRows(rows)
	if err != nil || len(rs) == 0 {
		return Row{}, false, err
	}
	return rs[0], true, nil
}
