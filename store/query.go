package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"gatepost/gate"
	"gatepost/identity"
	"gatepost/record"
)

// Row is a record as a screen shows it: with whether a later record voided or
// overrode it.
type Row struct {
	record.Record
	Voided     bool
	Overridden bool
	// Person is whom the record names by identity reference (§15), masked
	// for showing (identity.Fields.Masked); nil when it names nobody that
	// way or the registry row has not arrived. Erased: the row was erased
	// per the retention policy.
	Person *identity.Fields
	Erased bool
	// HealthNote is the free-text health detail the record names (a
	// standby check-in's note, §15), "" when none is held here or it was
	// erased.
	HealthNote string
}

// Events turns rows into the events the gate rules fold (gate.Event).
func Events(rows []Row) []gate.Event {
	evs := make([]gate.Event, len(rows))
	for i, r := range rows {
		evs[i] = gate.Event{Record: r.Record, Voided: r.Voided}
	}
	return evs
}

const rowCols = `r.seq, r.id, r.terminal, r.facility, r.kind, r.gate, r.guard, r.at, r.body, r.prev, r.hash,
	EXISTS (SELECT 1 FROM records v WHERE v.ref = r.id AND v.ref <> '' AND v.kind = 'void'),
	EXISTS (SELECT 1 FROM records o WHERE o.ref = r.id AND o.ref <> '' AND o.kind = 'override')`

const recCols = `seq, id, terminal, facility, kind, gate, guard, at, body, prev, hash`

type scanner interface{ Scan(...any) error }

func scanRecord(sc scanner, extra ...any) (record.Record, error) {
	var r record.Record
	var kind, at, body string
	dest := append([]any{&r.Seq, &r.ID, &r.Terminal, &r.Facility, &kind, &r.Gate, &r.Guard, &at, &body, &r.Prev, &r.Hash}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return r, err
	}
	r.Kind = record.Kind(kind)
	r.Body = []byte(body)
	t, err := record.ParseAt(at)
	if err != nil {
		return r, fmt.Errorf("store: record %d: %w", r.Seq, err)
	}
	r.At = t
	return r, nil
}

func scanRows(rows *sql.Rows) ([]Row, error) {
	defer rows.Close()
	var out []Row
	for rows.Next() {
		var row Row
		rec, err := scanRecord(rows, &row.Voided, &row.Overridden)
		if err != nil {
			return nil, err
		}
		row.Record = rec
		out = append(out, row)
	}
	return out, rows.Err()
}

// PageQuery selects one page of a gate's log for a day, newest first.
type PageQuery struct {
	Gate   int    // 0–5
	Day    string // DayLayout
	Before int64  // only records with seq < Before; 0 means from the newest
	Limit  int
}

// Page returns one page of a gate's records for a day, newest first. The
// next page is the one Before the last row's seq. It reads through the
// (gate, day, seq) index, so its cost does not grow with the database.
func (s *Store) Page(ctx context.Context, q PageQuery) ([]Row, error) {
	if q.Limit <= 0 {
		q.Limit = 50
	}
	before := q.Before
	if before <= 0 {
		before = 1<<63 - 1
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+rowCols+` FROM records r
		WHERE r.gate = ? AND r.day = ? AND r.seq < ? ORDER BY r.seq DESC LIMIT ?`, q.Gate, q.Day, before, q.Limit)
	if err != nil {
		return nil, fmt.Errorf("store: page: %w", err)
	}
	out, err := scanRows(rows)
	if err != nil {
		return nil, err
	}
	return out, s.fillPeople(ctx, out)
}

// DayRows returns every record of the given kinds at a gate on a day, oldest
// first (all kinds when none are given). A day holds thousands of records at
// most, so screens compute their counters from this.
func (s *Store) DayRows(ctx context.Context, gate int, day string, kinds ...record.Kind) ([]Row, error) {
	args := []any{gate, day}
	where := ""
	if len(kinds) > 0 {
		where = " AND r.kind IN (?" + strings.Repeat(",?", len(kinds)-1) + ")"
		for _, k := range kinds {
			args = append(args, string(k))
		}
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+rowCols+` FROM records r
		WHERE r.gate = ? AND r.day = ?`+where+` ORDER BY r.seq`, args...)
	if err != nil {
		return nil, fmt.Errorf("store: day: %w", err)
	}
	return scanRows(rows)
}

// CountDay counts a gate's records on a day, through the (gate, day, seq) index.
func (s *Store) CountDay(ctx context.Context, gate int, day string) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM records WHERE gate = ? AND day = ?`, gate, day).Scan(&n)
	return n, err
}

// ErrNotFound is returned when a record does not exist.
var ErrNotFound = errors.New("record not found")

// Get returns the record with the given id.
func (s *Store) Get(ctx context.Context, id string) (Row, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+rowCols+` FROM records r WHERE r.id = ?`, id)
	if err != nil {
		return Row{}, err
	}
	rs, err := scanRows(rows)
	if err != nil {
		return Row{}, err
	}
	if len(rs) == 0 {
		return Row{}, ErrNotFound
	}
	return rs[0], nil
}

// LastSeq is the seq of the newest record, 0 when there is none.
func (s *Store) LastSeq(ctx context.Context) (int64, error) {
	var n sql.NullInt64
	st, err := s.lastSeq.get(s.r, `SELECT MAX(seq) FROM records`)
	if err != nil {
		return 0, err
	}
	err = st.QueryRowContext(ctx).Scan(&n)
	return n.Int64, err
}

// Each calls fn for every record with seq > afterSeq, in seq order, streaming
// so that memory does not grow with the log. fn's error stops the walk.
func (s *Store) Each(ctx context.Context, afterSeq int64, fn func(record.Record) error) error {
	const batch = 2000
	for {
		rows, err := s.r.QueryContext(ctx, `SELECT `+recCols+` FROM records WHERE seq > ? ORDER BY seq LIMIT ?`, afterSeq, batch)
		if err != nil {
			return fmt.Errorf("store: %w", err)
		}
		n := 0
		for rows.Next() {
			r, err := scanRecord(rows)
			if err != nil {
				rows.Close()
				return err
			}
			n++
			afterSeq = r.Seq
			if err := fn(r); err != nil {
				rows.Close()
				return err
			}
		}
		if err := errors.Join(rows.Err(), rows.Close()); err != nil {
			return err
		}
		if n < batch {
			return nil
		}
	}
}

// Verify walks the whole log and checks seq continuity, the hash chain and
// that every record is this terminal's.
// It returns the number of records checked and a *record.BreakError naming the
// first bad seq, or nil when the chain is intact.
func (s *Store) Verify(ctx context.Context) (int64, error) {
	v := record.NewVerifier()
	// Every record must be this terminal's, not merely of one terminal.
	if id, err := s.Identity(ctx); err == nil {
		v = record.ResumeVerifier(id.Terminal, 0, "")
	} else if !errors.Is(err, ErrNotInitialised) {
		return 0, err
	}
	err := s.Each(ctx, 0, v.Next)
	return v.Count(), err
}
