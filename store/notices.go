package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"gatepost/gate"
	"gatepost/record"
)

// Notices on the terminal (§3 日部署): the hub's daily instructions arrive
// by pull (sync.go) or, on a terminal without a hub, by `gatepost notice
// import`; a guard acknowledges each with a notice.ack record.

// PutNotices inserts or replaces notices, all in one transaction: importing
// the same file twice changes nothing.
func (s *Store) PutNotices(ctx context.Context, ns []Notice) error {
	for _, n := range ns {
		if strings.TrimSpace(n.ID) == "" || strings.TrimSpace(n.Title) == "" {
			return fmt.Errorf("store: notice needs an id and a title")
		}
		if _, err := time.Parse(DayLayout, n.Day); err != nil {
			return fmt.Errorf("store: notice %s: day %q: want YYYY-MM-DD", n.ID, n.Day)
		}
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for _, n := range ns {
			pub := n.PublishedAt
			if pub.IsZero() {
				pub = time.Now()
			}
			if err := putNotice(ctx, tx, n, pub); err != nil {
				return err
			}
		}
		return nil
	})
}

// putNotice inserts or replaces one notice, published at pub; both an
// import and a pull write notices this way, cleaned of control characters
// (a notice is text from outside shown on every screen's banner).
func putNotice(ctx context.Context, tx *sql.Tx, n Notice, pub time.Time) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO notices (id, title, body, day, published_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET title = excluded.title, body = excluded.body, day = excluded.day,
			published_at = excluded.published_at`,
		gate.CleanLine(n.ID), gate.CleanLine(n.Title), gate.CleanText(n.Body), n.Day, pub.Format(time.RFC3339)); err != nil {
		return fmt.Errorf("store: notice %s: %w", gate.EscapeControls(n.ID), err)
	}
	return nil
}

// NoticeState is a notice and whether it has been acknowledged here.
type NoticeState struct {
	Notice
	Acked   bool
	AckedBy string // badge of the guard who acknowledged it
	AckedAt time.Time
}

// DayNotices returns a day's notices, oldest published first, each with its
// acknowledgement. An acknowledgement is written on or after the notice's
// day, so only acks from that day on are read. A voided acknowledgement
// does not count: the notice shows again.
func (s *Store) DayNotices(ctx context.Context, day string) ([]NoticeState, error) {
	ns, err := s.Notices(ctx, day)
	if err != nil || len(ns) == 0 {
		return nil, err
	}
	acks, err := s.KindRows(ctx, KindQuery{Kinds: []record.Kind{record.NoticeAck}, From: day})
	if err != nil {
		return nil, err
	}
	by := map[string]Row{}
	for _, r := range acks {
		var b record.NoticeAckBody
		if r.Voided || r.Decode(&b) != nil {
			continue
		}
		if _, seen := by[b.Notice]; !seen {
			by[b.Notice] = r // the first acknowledgement is the one that counts
		}
	}
	out := make([]NoticeState, len(ns))
	for i, n := range ns {
		out[i] = NoticeState{Notice: n}
		if r, ok := by[n.ID]; ok {
			out[i].Acked, out[i].AckedBy, out[i].AckedAt = true, r.Guard, r.At
		}
	}
	return out, nil
}
