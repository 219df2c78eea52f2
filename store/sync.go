package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
	"unicode/utf8"

	"gatepost/gate"
	"gatepost/record"
)

// This file holds the terminal's side of sync (§7): where the push stands,
// the records the hub refused, the pull cursor, the hub settings and the
// notices pulled from the hub. The records table itself is never touched.

// HubSettings is the hub a terminal syncs with, stored by `gatepost join`.
type HubSettings struct {
	URL      string
	Token    string
	CAPEM    []byte // the operator's CA certificate(s), PEM; empty for the system roots
	JoinedAt time.Time
}

// ErrNotJoined is returned by HubSettings when the terminal has not joined a hub.
var ErrNotJoined = errors.New("terminal has not joined a hub")

// HubSettings returns the stored hub settings, or ErrNotJoined.
func (s *Store) HubSettings(ctx context.Context) (HubSettings, error) {
	var h HubSettings
	var ca, joined string
	err := s.r.QueryRowContext(ctx, `SELECT url, token, ca_pem, joined_at FROM sync_hub`).Scan(&h.URL, &h.Token, &ca, &joined)
	if errors.Is(err, sql.ErrNoRows) {
		return h, ErrNotJoined
	}
	if err != nil {
		return h, fmt.Errorf("store: hub settings: %w", err)
	}
	if ca != "" {
		h.CAPEM = []byte(ca)
	}
	h.JoinedAt, _ = time.Parse(time.RFC3339, joined)
	return h, nil
}

// SetHubSettings stores (or replaces) the hub settings and starts sync over:
// the push cursor, the parked records and the pull cursor are reset in the
// same transaction. A new hub may hold none of this terminal's records, so
// the whole log is offered again; a hub that already has them answers
// "duplicate", which costs it almost nothing. Joining is rare, losing records
// on a new hub is not acceptable.
func (s *Store) SetHubSettings(ctx context.Context, h HubSettings) error {
	if h.URL == "" || h.Token == "" {
		return errors.New("hub URL and token are required")
	}
	if h.JoinedAt.IsZero() {
		h.JoinedAt = time.Now()
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO sync_hub (one, url, token, ca_pem, joined_at) VALUES (1, ?, ?, ?, ?)
			ON CONFLICT (one) DO UPDATE SET url = excluded.url, token = excluded.token, ca_pem = excluded.ca_pem,
				joined_at = excluded.joined_at`, h.URL, h.Token, string(h.CAPEM), h.JoinedAt.Format(time.RFC3339)); err != nil {
			return fmt.Errorf("store: hub settings: %w", err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sync_parked`); err != nil {
			return fmt.Errorf("store: hub settings: %w", err)
		}
		_, err := tx.ExecContext(ctx, `UPDATE sync_state SET pushed_seq = 0, pull_cursor = 0, last_ok = ''`)
		return err
	})
}

// SyncCounts is where the push stands.
type SyncCounts struct {
	LastSeq   int64     // the newest record's seq
	PushedSeq int64     // every record up to here has the hub's answer
	Pending   int64     // records not yet answered by the hub: LastSeq - PushedSeq
	Parked    int64     // records the hub rejected or holds in conflict
	LastOK    time.Time // the last sync that pushed and pulled everything; zero if never
}

// SyncCounts reads the push state in one consistent snapshot. It costs two
// index lookups whatever the size of the log, so the status bar may poll it.
func (s *Store) SyncCounts(ctx context.Context) (SyncCounts, error) {
	var c SyncCounts
	var last sql.NullInt64
	var ok string
	tx, err := s.r.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return c, fmt.Errorf("store: %w", err)
	}
	defer tx.Rollback()
	if err := tx.QueryRowContext(ctx, `SELECT MAX(seq) FROM records`).Scan(&last); err != nil {
		return c, fmt.Errorf("store: sync counts: %w", err)
	}
	if err := tx.QueryRowContext(ctx, `SELECT pushed_seq, last_ok, (SELECT COUNT(*) FROM sync_parked) FROM sync_state`).
		Scan(&c.PushedSeq, &ok, &c.Parked); err != nil {
		return c, fmt.Errorf("store: sync counts: %w", err)
	}
	c.LastSeq = last.Int64
	c.Pending = max(c.LastSeq-c.PushedSeq, 0)
	if ok != "" {
		c.LastOK, _ = time.Parse(time.RFC3339Nano, ok)
	}
	return c, nil
}

// PendingRecords returns up to limit records the hub has not answered yet,
// oldest first.
func (s *Store) PendingRecords(ctx context.Context, limit int) ([]record.Record, error) {
	c, err := s.PushedSeq(ctx)
	if err != nil {
		return nil, err
	}
	return s.RecordsAfter(ctx, c, limit)
}

// PushedSeq is the push cursor: every record up to it has the hub's answer.
func (s *Store) PushedSeq(ctx context.Context) (int64, error) {
	var c int64
	err := s.r.QueryRowContext(ctx, `SELECT pushed_seq FROM sync_state`).Scan(&c)
	return c, err
}

// RecordsAfter returns up to limit records with seq > after, oldest first.
// Sync reads ahead with it while the hub is still answering the previous
// batch.
func (s *Store) RecordsAfter(ctx context.Context, after int64, limit int) ([]record.Record, error) {
	if limit <= 0 {
		limit = 500
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+recCols+` FROM records WHERE seq > ? ORDER BY seq LIMIT ?`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("store: pending: %w", err)
	}
	defer rows.Close()
	out := make([]record.Record, 0, limit)
	for rows.Next() {
		r, err := scanRecord(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// Outgoing is a record waiting for the hub, as a push carries it.
type Outgoing struct {
	Seq int64
	ID  string
	// Of is "facility/terminal" of a record not of this terminal's
	// identity (one restored from another terminal's backup), which is
	// never sent; "" for this terminal's own.
	Of   string
	JSON []byte // record.Record.AppendJSON's object
}

// outgoingSQL builds each record's JSON object in SQLite, field for field
// as record.Record.AppendJSON writes it (the body verbatim, every text
// quoted by json_quote, which writes the same escapes): scanned column by
// column into a Record and encoded again, a batch cost the terminal 2.7 to
// 3.4 µs a record, built here 2.0 (BenchmarkOutgoing). The stored at is
// the record's time in record.TimeLayout, as Append wrote it.
const outgoingSQL = `SELECT seq, id, CASE WHEN facility = ?1 AND terminal = ?2 THEN '' ELSE facility || '/' || terminal END,
	'{"id":' || json_quote(id) || ',"terminal":' || json_quote(terminal) || ',"facility":' || json_quote(facility) ||
	',"seq":' || seq || ',"kind":' || json_quote(kind) || ',"gate":' || gate || ',"guard":' || json_quote(guard) ||
	',"at":' || json_quote(at) || ',"body":' || CASE WHEN body = '' THEN 'null' ELSE body END ||
	',"prev":' || json_quote(prev) || ',"hash":' || json_quote(hash) || '}'
	FROM records WHERE seq > ?3 ORDER BY seq LIMIT ?4`

// OutgoingAfter returns up to limit records with seq > after, oldest
// first, each as a push carries it; facility and terminal are this
// terminal's identity. A record whose JSON is not valid UTF-8 (none that
// Append took) is an error naming it, as AppendJSON's would be.
func (s *Store) OutgoingAfter(ctx context.Context, after int64, limit int, facility, terminal string) ([]Outgoing, error) {
	if limit <= 0 {
		limit = 500
	}
	rows, err := s.r.QueryContext(ctx, outgoingSQL, facility, terminal, after, limit)
	if err != nil {
		return nil, fmt.Errorf("store: pending: %w", err)
	}
	defer rows.Close()
	out := make([]Outgoing, 0, limit)
	for rows.Next() {
		var o Outgoing
		if err := rows.Scan(&o.Seq, &o.ID, &o.Of, &o.JSON); err != nil {
			return nil, err
		}
		if !utf8.Valid(o.JSON) {
			return nil, fmt.Errorf("store: record %d (%s): a field is not valid UTF-8", o.Seq, o.ID)
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// HashAt returns the hash of the record with the given seq, or ErrNotFound.
func (s *Store) HashAt(ctx context.Context, seq int64) (string, error) {
	var h string
	err := s.r.QueryRowContext(ctx, `SELECT hash FROM records WHERE seq = ?`, seq).Scan(&h)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNotFound
	}
	return h, err
}

// Parked is a record the hub would not take, with the hub's reason.
type Parked struct {
	Seq      int64
	ID       string
	Status   string // "rejected" or "conflict"
	Code     string // machine-readable reason, see docs/PROTOCOL.md
	Reason   string // the hub's words
	ParkedAt time.Time
}

// MarkPushed records the hub's answer for every record up to and including
// seq upTo: the cursor moves there and the refused records are parked, in one
// transaction, so a crash leaves either the old state (the batch is sent again
// and the hub answers "duplicate") or the new one, never half of it.
// The cursor never moves back, so two syncs racing (the console and a
// `gatepost sync` run) cannot undo each other.
func (s *Store) MarkPushed(ctx context.Context, upTo int64, parked []Parked) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		now := time.Now().Format(time.RFC3339)
		for _, p := range parked {
			if p.Status != "rejected" && p.Status != "conflict" {
				return fmt.Errorf("store: park seq %d: status %q", p.Seq, p.Status)
			}
			at := now
			if !p.ParkedAt.IsZero() {
				at = p.ParkedAt.Format(time.RFC3339)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO sync_parked (seq, id, status, code, reason, parked_at)
				VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (seq) DO NOTHING`, p.Seq, p.ID, p.Status, p.Code, p.Reason, at); err != nil {
				return fmt.Errorf("store: park seq %d: %w", p.Seq, err)
			}
		}
		_, err := tx.ExecContext(ctx, `UPDATE sync_state SET pushed_seq = MAX(pushed_seq, ?)`, upTo)
		return err
	})
}

// ParkedRecords lists the parked records, newest first, at most limit
// (all when limit <= 0).
func (s *Store) ParkedRecords(ctx context.Context, limit int) ([]Parked, error) {
	if limit <= 0 {
		limit = -1 // SQLite: no limit
	}
	rows, err := s.r.QueryContext(ctx, `SELECT seq, id, status, code, reason, parked_at FROM sync_parked
		ORDER BY seq DESC LIMIT ?`, limit)
	if err != nil {
		return nil, fmt.Errorf("store: parked: %w", err)
	}
	defer rows.Close()
	var out []Parked
	for rows.Next() {
		var p Parked
		var at string
		if err := rows.Scan(&p.Seq, &p.ID, &p.Status, &p.Code, &p.Reason, &at); err != nil {
			return nil, err
		}
		p.ParkedAt, _ = time.Parse(time.RFC3339, at)
		out = append(out, p)
	}
	return out, rows.Err()
}

// RetryParked offers the parked records to the hub again (after the operator
// has dealt with what made the hub refuse them): it unparks them and moves the
// push cursor back to just before the oldest, in one transaction. The records
// after it that the hub already holds are answered "duplicate", which costs
// the hub little. It returns how many records were unparked.
func (s *Store) RetryParked(ctx context.Context) (int64, error) {
	var n int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var oldest sql.NullInt64
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*), MIN(seq) FROM sync_parked`).Scan(&n, &oldest); err != nil {
			return fmt.Errorf("store: parked: %w", err)
		}
		if n == 0 {
			return nil
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM sync_parked`); err != nil {
			return fmt.Errorf("store: unpark: %w", err)
		}
		_, err := tx.ExecContext(ctx, `UPDATE sync_state SET pushed_seq = MIN(pushed_seq, ?)`, oldest.Int64-1)
		return err
	})
	return n, err
}

// SetLastSyncOK records the time of a sync that pushed and pulled everything.
func (s *Store) SetLastSyncOK(ctx context.Context, t time.Time) error {
	_, err := s.exec(ctx, `UPDATE sync_state SET last_ok = ?`, t.Format(time.RFC3339Nano))
	return err
}

// PullCursor is the hub change counter up to which pulled data is applied.
func (s *Store) PullCursor(ctx context.Context) (int64, error) {
	var c int64
	err := s.r.QueryRowContext(ctx, `SELECT pull_cursor FROM sync_state`).Scan(&c)
	return c, err
}

// Notice is a daily instruction from the hub (§3 日部署).
type Notice struct {
	ID          string
	Title       string
	Body        string
	Day         string // DayLayout: the day it is for
	PublishedAt time.Time
}

// Pulled is one page of changes from the hub.
type Pulled struct {
	People  []gate.Person
	Passes  []gate.Pass
	Notices []Notice
	Plans   []gate.Plan // whole rotation plans, each replacing the person's
	Cursor  int64       // the hub's change counter after this page
}

// ApplyPull stores a page of pulled changes and then moves the pull cursor.
// The cursor moves last: a crash in between leaves the old cursor, the same
// page is pulled again and re-applied, and every write here is an upsert, so
// applying twice is the same as applying once. The cursor never moves back.
func (s *Store) ApplyPull(ctx context.Context, p Pulled) error {
	if len(p.People) > 0 {
		if err := s.PutPeople(ctx, p.People); err != nil {
			return err
		}
	}
	if len(p.Passes) > 0 {
		if err := s.PutPasses(ctx, p.Passes); err != nil {
			return err
		}
	}
	if len(p.Plans) > 0 {
		if err := s.ReplacePlans(ctx, p.Plans); err != nil {
			return err
		}
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for _, n := range p.Notices {
			if err := putNotice(ctx, tx, n, n.PublishedAt); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, `UPDATE sync_state SET pull_cursor = MAX(pull_cursor, ?)`, p.Cursor)
		return err
	})
}

// Notices returns the notices for a day (DayLayout), oldest published first.
func (s *Store) Notices(ctx context.Context, day string) ([]Notice, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT id, title, body, day, published_at FROM notices
		WHERE day = ? ORDER BY published_at, id`, day)
	if err != nil {
		return nil, fmt.Errorf("store: notices: %w", err)
	}
	defer rows.Close()
	var out []Notice
	for rows.Next() {
		var n Notice
		var at string
		if err := rows.Scan(&n.ID, &n.Title, &n.Body, &n.Day, &at); err != nil {
			return nil, err
		}
		n.PublishedAt, _ = time.Parse(time.RFC3339, at)
		out = append(out, n)
	}
	return out, rows.Err()
}
