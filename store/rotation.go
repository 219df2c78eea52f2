package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"gatepost/gate"
)

// planChunk is how many people's plans ReplacePlans writes to a transaction.
const planChunk = 100

// PutRotation stores a rotation plan. It replaces the whole plan of every
// person it names, so a corrected file imported again leaves no stale
// period behind; people it does not name keep theirs. Each person's plan is
// replaced whole (see ReplacePlans).
func (s *Store) PutRotation(ctx context.Context, ps []gate.Period) error {
	return s.ReplacePlans(ctx, gate.PlansOf(ps))
}

// ReplacePlans replaces each person's whole rotation plan with the one
// given (an empty plan clears it): what an import and a pull from the hub
// both do. Each person's plan is replaced in one transaction, a hundred
// people to a transaction (see inChunks), so that a facility's whole plan
// never holds the write lock long enough to keep a guard's save waiting.
func (s *Store) ReplacePlans(ctx context.Context, plans []gate.Plan) error {
	now := time.Now().Format(time.RFC3339)
	return s.inChunks(ctx, len(plans), planChunk, func(tx *sql.Tx, start, end int, full func() bool) (int, error) {
		for i := start; i < end; i++ {
			pl := plans[i]
			if _, err := tx.ExecContext(ctx, `DELETE FROM rotation WHERE badge = ?`, pl.Badge); err != nil {
				return 0, fmt.Errorf("rotation %s: %w", pl.Badge, err)
			}
			for _, p := range pl.Periods {
				if _, err := tx.ExecContext(ctx, `INSERT INTO rotation (badge, kind, start, end_day, updated_at) VALUES (?, ?, ?, ?, ?)`,
					pl.Badge, string(p.Kind), p.Start, p.End, now); err != nil {
					return 0, fmt.Errorf("rotation %s %s: %w", pl.Badge, p.Start, err)
				}
			}
			if full() {
				return i + 1, nil
			}
		}
		return end, nil
	})
}

// Rotation returns the periods that cover any day from first to last
// (local dates, inclusive), ordered by badge and start: what the status of
// everyone over those days needs.
func (s *Store) Rotation(ctx context.Context, first, last string) ([]gate.Period, error) {
	return s.periods(ctx, `SELECT badge, kind, start, end_day FROM rotation
		WHERE start <= ? AND end_day >= ? ORDER BY badge, start`, last, first)
}

// RotationOf returns one person's whole plan, ordered by start.
// It is read for every staff crossing's status: a prepared statement.
func (s *Store) RotationOf(ctx context.Context, badge string) ([]gate.Period, error) {
	stmt, err := s.rotationOf.get(s.r, rotationOfSQL)
	if err != nil {
		return nil, err
	}
	rows, err := stmt.QueryContext(ctx, badge)
	if err != nil {
		return nil, err
	}
	return scanPeriods(rows)
}

const rotationOfSQL = `SELECT badge, kind, start, end_day FROM rotation WHERE badge = ? ORDER BY start`

func (s *Store) periods(ctx context.Context, q string, args ...any) ([]gate.Period, error) {
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return scanPeriods(rows)
}

func scanPeriods(rows *sql.Rows) ([]gate.Period, error) {
	defer rows.Close()
	var out []gate.Period
	for rows.Next() {
		var p gate.Period
		var k string
		if err := rows.Scan(&p.Badge, &k, &p.Start, &p.End); err != nil {
			return nil, err
		}
		p.Kind = gate.PeriodKind(k)
		out = append(out, p)
	}
	return out, rows.Err()
}
