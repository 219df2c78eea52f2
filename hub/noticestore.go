package hub

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// NoticesOn implements Storage.
func (s *SQLite) NoticesOn(ctx context.Context, day string) ([]Notice, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, facility, title, body, day, published_at FROM notices
		WHERE day = ? ORDER BY published_at, id`, day)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Notice
	for rows.Next() {
		var n Notice
		var at string
		if err := rows.Scan(&n.ID, &n.Facility, &n.Title, &n.Body, &n.Day, &at); err != nil {
			return nil, err
		}
		n.PublishedAt = parseTime(at)
		out = append(out, n)
	}
	return out, rows.Err()
}

// NoticesOn implements Storage.
func (s *Postgres) NoticesOn(ctx context.Context, day string) ([]Notice, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, facility, title, body, day, published_at FROM notices
		WHERE day = $1 ORDER BY published_at, id`, day)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Notice, error) {
		var n Notice
		err := row.Scan(&n.ID, &n.Facility, &n.Title, &n.Body, &n.Day, &n.PublishedAt)
		n.PublishedAt = n.PublishedAt.UTC()
		return n, err
	})
}
