package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gatepost/gate"
	"gatepost/record"
)

// IssuedReports returns the facility's report.daily records (its own and
// the feed's) written from the first day of year on, as the issue number
// reads them: the day each covers, when it was written, whether it was
// voided. Only the day is read out of each body (json_extract), not the
// figures it carries, so a year of reports costs a few hundred small rows.
func (s *Store) IssuedReports(ctx context.Context, year string) ([]gate.IssuedReport, error) {
	const q = `SELECT json_extract(r.body, '$.day'), r.at, r.id, ` + facilityVoided + `
		FROM %s r WHERE r.kind = ? AND r.day >= ?`
	var out []gate.IssuedReport
	for _, table := range []string{"records", "peer_records"} {
		rows, err := s.r.QueryContext(ctx, fmt.Sprintf(q, table), string(record.ReportDaily), year+"-01-01")
		if err != nil {
			return nil, fmt.Errorf("store: issued reports: %w", err)
		}
		for rows.Next() {
			var day, at string
			var ir gate.IssuedReport
			if err := rows.Scan(&day, &at, &ir.ID, &ir.Voided); err != nil {
				rows.Close()
				return nil, err
			}
			ir.Day = day
			ir.At, _ = time.Parse(time.RFC3339Nano, at)
			out = append(out, ir)
		}
		if err := errors.Join(rows.Err(), rows.Close()); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// yearOf is the year of a "2006-01-02" day.
func yearOf(day string) string {
	y, _, _ := strings.Cut(day, "-")
	return y
}
