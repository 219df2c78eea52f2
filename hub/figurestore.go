package hub

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// DayFigures is a facility's day as kept in the day_figures table: the
// figures of FacilityDay, and Basis, how many records they were computed
// from.
type DayFigures struct {
	Facility, Day string
	Basis         int64
	Records       int
	Screened      int
	// Roster is the roster as of the day's end when the figures were
	// computed (RosterOn); -1 in a row stored before it was kept, which a
	// page computes afresh.
	Roster          int
	Fevers          int
	Denials         int
	DenialsByReason map[string]int
	Incidents       int
	Report          *DailyReport
	ComputedAt      time.Time
}

// DayFigureStorage keeps each facility's figures per day (§14), so that a
// dashboard page reads a row per facility, not the day's records.
type DayFigureStorage interface {
	// PutDayFigures stores (facility, day)s' figures, in one transaction,
	// each unless those stored already were computed from more records (a
	// larger Basis): records are never deleted, so the larger basis is the
	// later view.
	PutDayFigures(ctx context.Context, fs ...DayFigures) error
	// DayFiguresOn returns the stored figures of a day, of every facility
	// that has them, ordered by facility.
	DayFiguresOn(ctx context.Context, day string) ([]DayFigures, error)
	// FacilityDayFigures returns a facility's stored figures of the days
	// from..to (YYYY-MM-DD, inclusive), in day order.
	FacilityDayFigures(ctx context.Context, facility, from, to string) ([]DayFigures, error)
	// FiguresSpan returns the earliest and the latest day any facility
	// has figures stored for ("" when none): every day records were pushed
	// for has them, so the hub knows nothing outside.
	FiguresSpan(ctx context.Context) (first, last string, err error)
}

func (f DayFigures) encode() (reasons, report string, err error) {
	rs := f.DenialsByReason
	if rs == nil {
		rs = map[string]int{} // stored as {}, read back as an empty map
	}
	b, err := json.Marshal(rs)
	if err != nil {
		return "", "", err
	}
	if f.Report != nil {
		r, err := json.Marshal(f.Report)
		if err != nil {
			return "", "", err
		}
		report = string(r)
	}
	return string(b), report, nil
}

func (f *DayFigures) decode(reasons, report string) error {
	f.DenialsByReason = map[string]int{}
	if err := json.Unmarshal([]byte(reasons), &f.DenialsByReason); err != nil {
		return err
	}
	if report != "" {
		f.Report = &DailyReport{}
		return json.Unmarshal([]byte(report), f.Report)
	}
	return nil
}

const dayFigureCols = `facility, day, basis, records, screened, fevers, denials, reasons, incidents, report, computed_at, roster`

// putFiguresSQL is PutDayFigures' statement, with SQLite's placeholders;
// PostgreSQL's are numbered (pgPutFiguresSQL).
const putFiguresSQL = `INSERT INTO day_figures (` + dayFigureCols + `) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (facility, day) DO UPDATE SET basis = excluded.basis, records = excluded.records,
			screened = excluded.screened, fevers = excluded.fevers, denials = excluded.denials, reasons = excluded.reasons,
			incidents = excluded.incidents, report = excluded.report, computed_at = excluded.computed_at,
			roster = excluded.roster
		WHERE excluded.basis >= day_figures.basis`

// args are the statement's arguments; computedAt as the backend takes it.
func (f DayFigures) args(computedAt any) ([]any, error) {
	reasons, report, err := f.encode()
	if err != nil {
		return nil, err
	}
	return []any{f.Facility, f.Day, f.Basis, f.Records, f.Screened, f.Fevers, f.Denials, reasons, f.Incidents, report,
		computedAt, f.Roster}, nil
}

// PutDayFigures implements DayFigureStorage.
func (s *SQLite) PutDayFigures(ctx context.Context, fs ...DayFigures) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		st, err := tx.PrepareContext(ctx, putFiguresSQL)
		if err != nil {
			return err
		}
		defer st.Close()
		for _, f := range fs {
			args, err := f.args(fmtTime(f.ComputedAt))
			if err != nil {
				return err
			}
			if _, err := st.ExecContext(ctx, args...); err != nil {
				return err
			}
		}
		return nil
	})
}

type scanner interface{ Scan(...any) error }

func scanSQLiteFigures(sc scanner) (DayFigures, error) {
	var f DayFigures
	var reasons, report, at string
	if err := sc.Scan(&f.Facility, &f.Day, &f.Basis, &f.Records, &f.Screened, &f.Fevers, &f.Denials, &reasons,
		&f.Incidents, &report, &at, &f.Roster); err != nil {
		return f, err
	}
	f.ComputedAt = parseTime(at)
	return f, f.decode(reasons, report)
}

func (s *SQLite) queryFigures(ctx context.Context, q string, args ...any) ([]DayFigures, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+dayFigureCols+` FROM day_figures `+q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []DayFigures
	for rows.Next() {
		f, err := scanSQLiteFigures(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

// DayFiguresOn implements DayFigureStorage.
func (s *SQLite) DayFiguresOn(ctx context.Context, day string) ([]DayFigures, error) {
	return s.queryFigures(ctx, `WHERE day = ? ORDER BY facility`, day)
}

// FacilityDayFigures implements DayFigureStorage.
func (s *SQLite) FacilityDayFigures(ctx context.Context, facility, from, to string) ([]DayFigures, error) {
	return s.queryFigures(ctx, `WHERE facility = ? AND day BETWEEN ? AND ? ORDER BY day`, facility, from, to)
}

// figuresSpanSQL reads the ends of day_figures' day index, each by a
// lookup (SQLite turns a lone min or max into one; the two in one SELECT
// would scan the table).
const figuresSpanSQL = `SELECT (SELECT min(day) FROM day_figures), (SELECT max(day) FROM day_figures)`

// FiguresSpan implements DayFigureStorage.
func (s *SQLite) FiguresSpan(ctx context.Context) (first, last string, err error) {
	var f, l sql.NullString
	err = s.r.QueryRowContext(ctx, figuresSpanSQL).Scan(&f, &l)
	return f.String, l.String, err
}

// pgPutFiguresSQL is putFiguresSQL with PostgreSQL's placeholders.
var pgPutFiguresSQL = func() string {
	var b strings.Builder
	n := 0
	for _, c := range putFiguresSQL {
		if c == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}()

// PutDayFigures implements DayFigureStorage.
func (s *Postgres) PutDayFigures(ctx context.Context, fs ...DayFigures) error {
	var b pgx.Batch
	for _, f := range fs {
		args, err := f.args(f.ComputedAt)
		if err != nil {
			return err
		}
		b.Queue(pgPutFiguresSQL, args...)
	}
	// A batch sent outside a transaction runs as one implicit transaction:
	// all or none, in one round trip.
	return s.pool.SendBatch(ctx, &b).Close()
}

func (s *Postgres) queryFigures(ctx context.Context, q string, args ...any) ([]DayFigures, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+dayFigureCols+` FROM day_figures `+q, args...)
	if err != nil {
		return nil, err
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (DayFigures, error) {
		var f DayFigures
		var reasons, report string
		if err := row.Scan(&f.Facility, &f.Day, &f.Basis, &f.Records, &f.Screened, &f.Fevers, &f.Denials, &reasons,
			&f.Incidents, &report, &f.ComputedAt, &f.Roster); err != nil {
			return f, err
		}
		return f, f.decode(reasons, report)
	})
	if len(out) == 0 {
		out = nil
	}
	return out, err
}

// DayFiguresOn implements DayFigureStorage.
func (s *Postgres) DayFiguresOn(ctx context.Context, day string) ([]DayFigures, error) {
	return s.queryFigures(ctx, `WHERE day = $1 ORDER BY facility`, day)
}

// FacilityDayFigures implements DayFigureStorage.
func (s *Postgres) FacilityDayFigures(ctx context.Context, facility, from, to string) ([]DayFigures, error) {
	return s.queryFigures(ctx, `WHERE facility = $1 AND day BETWEEN $2 AND $3 ORDER BY day`, facility, from, to)
}

// FiguresSpan implements DayFigureStorage.
func (s *Postgres) FiguresSpan(ctx context.Context) (first, last string, err error) {
	var f, l *string
	if err := s.pool.QueryRow(ctx, figuresSpanSQL).Scan(&f, &l); err != nil || f == nil || l == nil {
		return "", "", err
	}
	return *f, *l, nil
}
