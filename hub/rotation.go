package hub

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"gatepost/gate"
)

// The rotation plan (§11) as the hub keeps it: one row per person holding
// their whole plan as JSON, pulled like the roster.

type storedPeriod struct {
	Kind  string `json:"kind"`
	Start string `json:"start"`
	End   string `json:"end"`
}

// planJSON encodes a plan's periods; an empty plan is "[]" (it clears the
// person's plan on the terminals).
func planJSON(p gate.Plan) string {
	out := make([]storedPeriod, 0, len(p.Periods))
	for _, x := range p.Periods {
		out = append(out, storedPeriod{string(x.Kind), x.Start, x.End})
	}
	b, _ := json.Marshal(out) // plain strings: cannot fail
	return string(b)
}

// planOf decodes a stored plan.
func planOf(badge string, raw []byte) (gate.Plan, error) {
	var ps []storedPeriod
	if err := json.Unmarshal(raw, &ps); err != nil {
		return gate.Plan{}, fmt.Errorf("rotation %s: %w", badge, err)
	}
	p := gate.Plan{Badge: badge}
	for _, x := range ps {
		p.Periods = append(p.Periods, gate.Period{Badge: badge, Kind: gate.PeriodKind(x.Kind), Start: x.Start, End: x.End})
	}
	return p, nil
}

// PutRotation implements Storage.
func (s *SQLite) PutRotation(ctx context.Context, facility string, plans []gate.Plan) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := facilityExists(ctx, tx, facility); err != nil {
			return err
		}
		c, err := nextChanges(ctx, tx, len(plans))
		if err != nil {
			return err
		}
		now := fmtTime(time.Now())
		for i, p := range plans {
			if _, err := tx.ExecContext(ctx, `INSERT INTO rotation (facility, badge, plan, change, updated_at)
				VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (facility, badge) DO UPDATE SET plan = excluded.plan, change = excluded.change,
					updated_at = excluded.updated_at`,
				facility, p.Badge, planJSON(p), c+int64(i), now); err != nil {
				return fmt.Errorf("rotation %s: %w", p.Badge, err)
			}
		}
		return nil
	})
}

// sqliteRotationChanges reads the plans changed after a cursor, for Changes.
func sqliteRotationChanges(ctx context.Context, tx *sql.Tx, facility string, after int64, limit int) ([]changeItem, error) {
	rows, err := tx.QueryContext(ctx, `SELECT badge, plan, change FROM rotation
		WHERE facility = ? AND change > ? ORDER BY change LIMIT ?`, facility, after, limit+1)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var items []changeItem
	for rows.Next() {
		var badge, raw string
		var c int64
		if err := rows.Scan(&badge, &raw, &c); err != nil {
			return nil, err
		}
		p, err := planOf(badge, []byte(raw))
		if err != nil {
			return nil, err
		}
		items = append(items, changeItem{c, func(ch *Changes) { ch.Plans = append(ch.Plans, p) }})
	}
	return items, rows.Err()
}

// PutRotation implements Storage.
func (s *Postgres) PutRotation(ctx context.Context, facility string, plans []gate.Plan) error {
	return s.putChanged(ctx, facility, len(plans), func(b *pgx.Batch, i int, change int64, now time.Time) {
		p := plans[i]
		b.Queue(`INSERT INTO rotation (facility, badge, plan, change, updated_at) VALUES ($1, $2, $3, $4, $5)
			ON CONFLICT (facility, badge) DO UPDATE SET plan = excluded.plan, change = excluded.change,
				updated_at = excluded.updated_at`,
			facility, p.Badge, planJSON(p), change, now)
	})
}

func pgRotationChanges(ctx context.Context, tx pgx.Tx, facility string, after int64, limit int) ([]changeItem, error) {
	rows, err := tx.Query(ctx, `SELECT badge, plan::text, change FROM rotation
		WHERE facility = $1 AND change > $2 ORDER BY change LIMIT $3`, facility, after, limit+1)
	if err != nil {
		return nil, err
	}
	var items []changeItem
	var badge, raw string
	var c int64
	_, err = pgx.ForEachRow(rows, []any{&badge, &raw, &c}, func() error {
		p, err := planOf(badge, []byte(raw))
		if err != nil {
			return err
		}
		items = append(items, changeItem{c, func(ch *Changes) { ch.Plans = append(ch.Plans, p) }})
		return nil
	})
	return items, err
}
