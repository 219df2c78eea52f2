package hub

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"gatepost/gate"
	"gatepost/record"
)

// A facility's day counts its screening against the roster as of the
// day's end (§13, §14): the hub's published roster, brought to that moment
// by the facility's detainee.admission and detainee.release records
// (gate.RosterAsOf) — the roster lags the admissions, and a past day's
// roster is not today's. It is computed when a day's figures are
// recomputed and kept with them, so a page still reads a row per facility.

// RosterLookback is how many days before and after a day its roster reads
// the admissions and releases of: the bureau publishes the roster again
// well within it, so a movement older than that is in the roster the day
// started from, and one later than that in the roster as it is now. (The
// hub keeps no history of the roster itself: a past day's roster is the
// published one brought back by the movements.) Each day read is one index
// seek (the records' (facility, day, kind) index), never a scan of the
// facility's records: at most 2×RosterLookback+1 per recompute.
const RosterLookback = 31

// rosterReader is what the day's roster reads of the people table: every
// person of the facility with kind, unit and whether active. The SQLite and
// PostgreSQL stores have it; another Storage is read through Changes.
type rosterReader interface {
	rosterPeople(ctx context.Context, facility string) ([]gate.Person, error)
}

func (s *SQLite) rosterPeople(ctx context.Context, facility string) ([]gate.Person, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT badge, kind, unit, active FROM people WHERE facility = ? ORDER BY badge`, facility)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []gate.Person
	for rows.Next() {
		var p gate.Person
		var kind string
		var active int
		if err := rows.Scan(&p.Badge, &kind, &p.Unit, &active); err != nil {
			return nil, err
		}
		p.Kind, p.Active = gate.PersonKind(kind), active != 0
		out = append(out, p)
	}
	return out, rows.Err()
}

func (s *Postgres) rosterPeople(ctx context.Context, facility string) ([]gate.Person, error) {
	rows, err := s.pool.Query(ctx, `SELECT badge, kind, unit, active FROM people WHERE facility = $1 ORDER BY badge`, facility)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []gate.Person
	for rows.Next() {
		var p gate.Person
		var kind string
		if err := rows.Scan(&p.Badge, &kind, &p.Unit, &p.Active); err != nil {
			return nil, err
		}
		p.Kind = gate.PersonKind(kind)
		out = append(out, p)
	}
	return out, rows.Err()
}

// movementReader reads a facility's records of some kinds (all when none)
// over some days, in terminal and seq order, in one statement: the
// roster's 63 days as one query of index seeks (day IN … AND kind IN …)
// instead of 63 round trips. The SQLite and PostgreSQL stores have it (and
// their DayRecords is its one-day case); another Storage is read day by
// day.
type movementReader interface {
	daysRecords(ctx context.Context, facility string, days []string, kinds []record.Kind, fn func(StoredRecord) error) error
}

func (s *SQLite) daysRecords(ctx context.Context, facility string, days []string, kinds []record.Kind, fn func(StoredRecord) error) error {
	if len(days) == 0 {
		return nil // no days, no records (and no empty IN list)
	}
	args := []any{facility}
	for _, d := range days {
		args = append(args, d)
	}
	where := ""
	if len(kinds) > 0 {
		where = " AND kind IN (?" + strings.Repeat(",?", len(kinds)-1) + ")"
		for _, k := range kinds {
			args = append(args, string(k))
		}
	}
	// INDEXED BY: without statistics SQLite would walk the facility's
	// every record in (facility, terminal, seq) order to spare the sort.
	rows, err := s.r.QueryContext(ctx, `SELECT `+recordCols+` FROM records INDEXED BY records_day WHERE facility = ?
		AND day IN (?`+strings.Repeat(",?", len(days)-1)+`)`+where+` ORDER BY terminal, seq`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		r, err := scanStored(rows)
		if err != nil {
			return err
		}
		if err := fn(r); err != nil {
			return err
		}
	}
	return rows.Err()
}

func (s *Postgres) daysRecords(ctx context.Context, facility string, days []string, kinds []record.Kind, fn func(StoredRecord) error) error {
	ks := make([]string, len(kinds))
	for i, k := range kinds {
		ks[i] = string(k)
	}
	// Two statements rather than one with "cardinality($3) = 0 OR kind =
	// ANY($3)": once a prepared statement goes to its generic plan, that
	// condition is no index condition, and the roster's 63 days of three
	// kinds became a scan of every record of those days.
	q, args := `SELECT `+pgRecordCols+` FROM records WHERE facility = $1 AND day = ANY($2) ORDER BY terminal, seq`, []any{facility, days}
	if len(ks) > 0 {
		q, args = `SELECT `+pgRecordCols+` FROM records WHERE facility = $1 AND day = ANY($2) AND kind = ANY($3)
		ORDER BY terminal, seq`, append(args, ks)
	}
	rows, err := s.pool.Query(ctx, q, args...)
	if err != nil {
		return err
	}
	all, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (StoredRecord, error) { return scanPGStored(row) })
	if err != nil {
		return err
	}
	for _, r := range all {
		if err := fn(r); err != nil {
			return err
		}
	}
	return nil
}

// dayKinds are figureKinds but the report, which is read with the later
// days' reports.
var dayKinds = func() []string {
	var ks []string
	for _, k := range figureKinds {
		if k != record.ReportDaily {
			ks = append(ks, string(k))
		}
	}
	return ks
}()

// dayFigureRecords implements dayFigureReader: two statements sent as one
// batch (one round trip), each an index seek on (facility, day, kind), and
// of each record only the columns the figures read. The day's records are
// counted as they are read: a body comes only with a kind the figures read.
func (s *Postgres) dayFigureRecords(ctx context.Context, facility, day string, later []string, _ *dayTail, fn func(r StoredRecord, on string) error) (int, error) {
	var n int
	var b pgx.Batch
	b.Queue(`SELECT id, kind, CASE WHEN kind = ANY($3) THEN body END FROM records WHERE facility = $1 AND day = $2`, facility, day, dayKinds).
		Query(func(rows pgx.Rows) error {
			var r StoredRecord
			var kind string
			var body []byte
			_, err := pgx.ForEachRow(rows, []any{&r.ID, &kind, &body}, func() error {
				n++
				if body == nil { // a kind the figures do not read, or the day's report
					return nil
				}
				r.Kind, r.Body = record.Kind(kind), body
				return fn(r, day)
			})
			return err
		})
	b.Queue(`SELECT id, terminal, seq, at, day, body, received_at FROM records
		WHERE facility = $1 AND day = ANY($2) AND kind = $3 ORDER BY day, terminal, seq`,
		facility, append([]string{day}, later...), string(record.ReportDaily)).
		Query(func(rows pgx.Rows) error {
			for rows.Next() {
				r := StoredRecord{Record: record.Record{Kind: record.ReportDaily}}
				var at, on string
				var body []byte
				if err := rows.Scan(&r.ID, &r.Terminal, &r.Seq, &at, &on, &body, &r.ReceivedAt); err != nil {
					return err
				}
				t, err := record.ParseAt(at)
				if err != nil {
					return fmt.Errorf("hub: record %s: %w", r.ID, err)
				}
				r.At, r.Body, r.ReceivedAt = t, body, r.ReceivedAt.UTC()
				if err := fn(r, on); err != nil {
					return err
				}
			}
			return rows.Err()
		})
	return n, s.pool.SendBatch(ctx, &b).Close()
}

// sqliteDayQueries read a facility's day's records above a rowid (?1 the
// facility, ?2 the day, ?3 the rowid, then the kinds): the id and body of
// those of dayKinds, the kind of the rest. whole reads the day's range of
// (facility, day), every kind, for a first read; since lists record.Kinds,
// so that SQLite seeks (facility, day, kind, rowid) once per kind, for the
// few records above a mark: the range alone steps through every record of
// the day to find them. This build stores no other kinds (record.Check
// refuses them); a kind another version of the hub stored is counted at
// the day's next first read.
var sqliteDayQueries = func() (q struct {
	whole, since         string
	wholeArgs, sinceArgs []any
}) {
	var all, figure, daily []string
	for i, k := range record.Kinds {
		p := "?" + strconv.Itoa(4+i)
		all = append(all, p)
		q.sinceArgs = append(q.sinceArgs, string(k))
		if slices.Contains(dayKinds, string(k)) {
			figure = append(figure, p)
		}
	}
	for i, k := range dayKinds {
		daily = append(daily, "?"+strconv.Itoa(4+i))
		q.wholeArgs = append(q.wholeArgs, k)
	}
	sel := func(fig []string) string {
		in := "kind IN (" + strings.Join(fig, ",") + ")"
		return `SELECT rowid, kind, CASE WHEN ` + in + ` THEN id END, CASE WHEN ` + in + ` THEN body END
		FROM records INDEXED BY records_day WHERE facility = ?1 AND day = ?2 AND rowid > ?3`
	}
	q.whole = sel(daily)
	q.since = sel(figure) + ` AND kind IN (` + strings.Join(all, ",") + `)`
	return q
}()

// dayFigureRecords implements dayFigureReader: the day's records above
// the tail's mark in one statement (the count and the records from one
// snapshot; see sqliteDayQueries); of a record of a kind the figures do
// not read, only the index is read.
func (s *SQLite) dayFigureRecords(ctx context.Context, facility, day string, later []string, tail *dayTail, fn func(r StoredRecord, on string) error) (int, error) {
	var kept dayTail
	if tail != nil {
		kept = *tail
		for _, r := range tail.rows {
			if err := fn(StoredRecord{Record: record.Record{ID: r.id, Kind: r.kind, Body: r.body}}, day); err != nil {
				return 0, err
			}
		}
	}
	q, kinds := sqliteDayQueries.whole, sqliteDayQueries.wholeArgs
	if kept.mark > 0 {
		q, kinds = sqliteDayQueries.since, sqliteDayQueries.sinceArgs
	}
	rows, err := s.r.QueryContext(ctx, q, append([]any{facility, day, kept.mark}, kinds...)...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	for rows.Next() {
		var rowid int64
		var kind string
		var id sql.NullString
		var body []byte
		if err := rows.Scan(&rowid, &kind, &id, &body); err != nil {
			return 0, err
		}
		kept.count++
		kept.mark = max(kept.mark, rowid)
		if !id.Valid {
			continue // a kind the figures do not read
		}
		k := record.Kind(kind)
		if err := fn(StoredRecord{Record: record.Record{ID: id.String, Kind: k, Body: body}}, day); err != nil {
			return 0, err
		}
		if tail != nil {
			row := tailRow{id: id.String, kind: k}
			if k == record.Void || k == record.Override {
				row.body = body
			}
			kept.rows = append(kept.rows, row)
		}
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	rows.Close()
	n := kept.count
	if tail != nil {
		*tail = kept
	}
	args := []any{facility, day}
	for _, d := range later {
		args = append(args, d)
	}
	args = append(args, string(record.ReportDaily))
	rows, err = s.r.QueryContext(ctx, `SELECT id, terminal, seq, at, day, body, received_at FROM records INDEXED BY records_day
		WHERE facility = ? AND day IN (?`+strings.Repeat(",?", len(later))+`) AND kind = ? ORDER BY day, terminal, seq`, args...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	for rows.Next() {
		r := StoredRecord{Record: record.Record{Kind: record.ReportDaily}}
		var at, on, recv string
		var body []byte
		if err := rows.Scan(&r.ID, &r.Terminal, &r.Seq, &at, &on, &body, &recv); err != nil {
			return 0, err
		}
		t, err := record.ParseAt(at)
		if err != nil {
			return 0, fmt.Errorf("hub: record %s: %w", r.ID, err)
		}
		r.At, r.Body, r.ReceivedAt = t, body, parseTime(recv)
		if err := fn(r, on); err != nil {
			return 0, err
		}
	}
	return n, rows.Err()
}

// facilityPeople reads the facility's roster, through Changes for a
// Storage without rosterPeople.
func facilityPeople(ctx context.Context, st Storage, facility string) ([]gate.Person, error) {
	if r, ok := st.(rosterReader); ok {
		return r.rosterPeople(ctx, facility)
	}
	byBadge := map[string]gate.Person{}
	var order []string
	for after := int64(0); ; {
		c, err := st.Changes(ctx, facility, after, 1000)
		if err != nil {
			return nil, err
		}
		for _, p := range c.People {
			if _, ok := byBadge[p.Badge]; !ok {
				order = append(order, p.Badge)
			}
			byBadge[p.Badge] = p
		}
		if !c.More || c.Cursor <= after {
			break
		}
		after = c.Cursor
	}
	out := make([]gate.Person, 0, len(order))
	for _, b := range order {
		out = append(out, byBadge[b])
	}
	return out, nil
}

// RosterOn counts the facility's active people as of the end of day: the
// roster as published, with the admissions and releases of the
// RosterLookback days around it, up to today (those after the day say who
// was not there yet, or still was).
func RosterOn(ctx context.Context, st Storage, facility, day, today string) (int, error) {
	d, err := time.Parse(DayLayout, day)
	if err != nil {
		return 0, err
	}
	last := d.AddDate(0, 0, RosterLookback)
	if t, err := time.Parse(DayLayout, today); err == nil && t.Before(last) {
		last = t
	}
	var moves []gate.DayRecord
	voided := map[string]bool{}
	// A void of a movement is written after it, so within the days read.
	kinds := []record.Kind{record.Admission, record.Release, record.Void}
	take := func(r StoredRecord) error {
		if r.Kind == record.Void {
			var b record.VoidBody
			if r.Decode(&b) == nil {
				voided[b.Target] = true
			}
			return nil
		}
		moves = append(moves, gate.DayRecord{Record: r.Record})
		return nil
	}
	var days []string
	for t := d.AddDate(0, 0, -RosterLookback); !t.After(last); t = t.AddDate(0, 0, 1) {
		days = append(days, t.Format(DayLayout))
	}
	// A day more than RosterLookback days after today (a terminal's clock
	// years ahead, a mistyped date) has no days to read: no movement is
	// known after today, so the roster as published counts.
	if mr, ok := st.(movementReader); ok {
		if err := mr.daysRecords(ctx, facility, days, kinds, take); err != nil {
			return 0, err
		}
	} else {
		for _, day := range days {
			if err := st.DayRecords(ctx, facility, day, kinds, take); err != nil {
				return 0, err
			}
		}
	}
	if len(moves) == 0 {
		// Most days of most facilities: no movement near the day, the
		// roster as published counts, without reading every person (the
		// recompute runs after each push of the day).
		return st.RosterSize(ctx, facility)
	}
	for i := range moves {
		moves[i].Voided = voided[moves[i].ID]
	}
	people, err := facilityPeople(ctx, st, facility)
	if err != nil {
		return 0, err
	}
	// The day ends at the facility's midnight: its records carry its
	// offset.
	loc := moves[0].At.Location()
	end := time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, loc).Add(-time.Nanosecond)
	people = gate.RosterAsOf(people, moves, end)
	n := 0
	for _, p := range people {
		if p.Active {
			n++
		}
	}
	return n, nil
}

// RosterPublished recomputes the facility's figures of the day after its
// roster was published (hub import people), so that the day's coverage
// follows the new roster at once rather than at the facility's next push.
func RosterPublished(ctx context.Context, st Storage, facility string, now time.Time) error {
	_, err := refreshDay(ctx, st, Facility{ID: facility}, now.Format(DayLayout))
	return err
}
