package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"time"

	"gatepost/gate"
	"gatepost/record"
)

// Reads of the daily measures (§3): a whole day's records for the report,
// the state carried from earlier days (supplies, standby, samples), the
// submitted reports and the records of a shift. Every read goes through the
// (day, kind) or (kind, day, seq) index, so its cost follows the size of a
// day, never the size of the log.

// Lookbacks: how far back the report reads records whose state carries
// over. A supply is disinfected and stored within hours, a meal sample is
// kept 48 hours; anything older than this is a data problem the gate
// screens show, not something the daily report should chase.
const (
	SupplyLookbackDays = 14
	SampleLookbackDays = 3
)

// DayAll returns every record of a local day, at every gate, oldest first,
// with whether each was voided or overridden.
//
// Records are appended in time order, so a day's records are one run of
// seq: the day's first and last seq come from the (day, kind) index and the
// rows are then read as one range of the table, rather than looked up one
// by one; voids and overrides are read once through the (kind, day, seq)
// index instead of two lookups per row. The cost follows the size of the
// day, not the depth of a 1M-record table. A clock set back mid-day widens
// the range; the day filter keeps the answer right.
func (s *Store) DayAll(ctx context.Context, day string) ([]Row, error) {
	var lo, hi sql.NullInt64
	if err := s.r.QueryRowContext(ctx, `SELECT MIN(seq), MAX(seq) FROM records WHERE day = ?`, day).Scan(&lo, &hi); err != nil {
		return nil, fmt.Errorf("store: day: %w", err)
	}
	if !lo.Valid {
		return nil, nil
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+recCols+` FROM records WHERE seq BETWEEN ? AND ? AND +day = ? ORDER BY seq`,
		lo.Int64, hi.Int64, day)
	if err != nil {
		return nil, fmt.Errorf("store: day: %w", err)
	}
	var out []Row
	for rows.Next() {
		r, err := scanRecord(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		out = append(out, Row{Record: r})
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return nil, err
	}
	// A void or override is written after its target, so on its day or later.
	refs, err := s.r.QueryContext(ctx, `SELECT ref, kind FROM records
		WHERE kind IN ('void', 'override') AND day >= ? AND ref <> ''`, day)
	if err != nil {
		return nil, fmt.Errorf("store: day: %w", err)
	}
	defer refs.Close()
	voided, overridden := map[string]bool{}, map[string]bool{}
	for refs.Next() {
		var ref, kind string
		if err := refs.Scan(&ref, &kind); err != nil {
			return nil, err
		}
		if kind == string(record.Void) {
			voided[ref] = true
		} else {
			overridden[ref] = true
		}
	}
	if err := refs.Err(); err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Voided, out[i].Overridden = voided[out[i].ID], overridden[out[i].ID]
	}
	return out, nil
}

// RowsSince returns the records with seq > afterSeq, oldest first, with
// their flags: a shift's records, for its summary. A shift writes hundreds
// or a few thousand records.
func (s *Store) RowsSince(ctx context.Context, afterSeq int64) ([]Row, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+rowCols+` FROM records r WHERE r.seq > ? ORDER BY r.seq`, afterSeq)
	if err != nil {
		return nil, fmt.Errorf("store: rows since: %w", err)
	}
	return scanRows(rows)
}

// DayRecords converts store rows into the records gate computations read.
func DayRecords(rows []Row) []gate.DayRecord {
	out := make([]gate.DayRecord, len(rows))
	for i, r := range rows {
		out[i] = gate.DayRecord{Record: r.Record, Voided: r.Voided, Overridden: r.Overridden}
	}
	return out
}

// DayBounds returns the start of a local day (DayLayout) in loc and the
// start of the next.
func DayBounds(day string, loc *time.Location) (time.Time, time.Time, error) {
	from, err := time.ParseInLocation(DayLayout, day, loc)
	if err != nil {
		return time.Time{}, time.Time{}, fmt.Errorf("day %q: want YYYY-MM-DD", day)
	}
	return from, from.AddDate(0, 0, 1), nil
}

func shiftDay(day string, n int) string {
	t, err := time.Parse(DayLayout, day)
	if err != nil {
		return day
	}
	return t.AddDate(0, 0, n).Format(DayLayout)
}

// ReportInput loads everything the report of a day reads. now is the
// clock: a day that is over is reported as of its end, today as of now (so
// a meal whose time has not come is not yet missing). Its location is the
// terminal's zone.
func (s *Store) ReportInput(ctx context.Context, day string, now time.Time, fever record.Tenths) (gate.ReportInput, error) {
	var in gate.ReportInput
	if _, _, err := DayBounds(day, now.Location()); err != nil {
		return in, err
	}
	id, err := s.Identity(ctx)
	if err != nil {
		return in, err
	}
	rows, err := s.FacilityDay(ctx, day)
	if err != nil {
		return in, err
	}
	// The day column is the date in each record's own offset, so the day's
	// bounds are taken in those offsets too: a report run where the clock's
	// zone differs from the terminal's (an operator's laptop, a server in
	// UTC) must not cut hours off the day, and neither may a day whose
	// records change offset (summer time ending at 03:00 makes it 25 hours
	// long). The day runs from the earliest of its midnights to the latest.
	loc := now.Location()
	if len(rows) > 0 {
		loc = rows[0].At.Location()
	}
	from, to, _ := DayBounds(day, loc)
	_, prev := from.Zone()
	for _, r := range rows {
		if _, off := r.At.Zone(); off != prev {
			prev = off
			f, t, _ := DayBounds(day, r.At.Location())
			if f.Before(from) {
				from = f
			}
			if t.After(to) {
				to = t
			}
		}
	}
	asOf := to
	if now.Before(to) {
		asOf = now.In(loc)
	}
	in = gate.ReportInput{
		FacilityID: id.FacilityID, FacilityName: id.FacilityName, Terminal: id.Terminal,
		Scope: gate.ScopeDay, Day: day, From: from, To: to, AsOf: asOf, Fever: fever,
	}
	in.Records = DayRecords(rows)
	if err := s.carried(ctx, &in, day); err != nil {
		return in, err
	}
	if in.Posts, err = s.posts(ctx, id.Terminal); err != nil {
		return in, err
	}
	if err := s.docInput(ctx, &in, day); err != nil {
		return in, err
	}
	if in.Identities, err = s.shownIdentities(ctx, in.Records); err != nil {
		return in, err
	}
	in.People, err = s.People(ctx, "")
	return in, err
}

// docInput loads what the report reads as an official document (§13): the
// day's attestation (written at submission, often the day after), the
// guards' names, the rotation plan for the staff's statuses, the heading
// settings, and when the day's report was submitted (报送时间).
func (s *Store) docInput(ctx context.Context, in *gate.ReportInput, day string) error {
	sec, err := s.KindRows(ctx, KindQuery{Kinds: []record.Kind{record.SecurityDaily}, From: day})
	if err != nil {
		return err
	}
	in.Security = DayRecords(sec)
	if in.Reports, err = s.IssuedReports(ctx, yearOf(day)); err != nil {
		return err
	}
	if in.Guards, err = s.Guards(ctx); err != nil {
		return err
	}
	if in.Plan, err = s.Rotation(ctx, day, day); err != nil {
		return err
	}
	for key, dst := range map[string]*string{"report.to": &in.Doc.To, "report.unit": &in.Doc.Unit, "report.phone": &in.Doc.Phone} {
		if *dst, err = s.Setting(ctx, key); err != nil {
			return err
		}
	}
	// Detainees screened twice a day give the report each session's
	// coverage (§11); the setting is validated when set (1 or 2).
	if v, err := s.Setting(ctx, "screening.sessions"); err != nil {
		return err
	} else if n, err := strconv.Atoi(v); err == nil {
		in.Sessions = n
	}
	// 报送时间 is the day's latest submission's, none before the first: a
	// report computed again (the preview, gatepost report) printed the
	// time it was computed, minutes after the submission. A submission
	// sets its own (post.Service.SubmitReport).
	sub, ok, err := s.LatestReport(ctx, day)
	if err != nil {
		return err
	}
	if ok {
		in.Drawn = sub.At
	}
	return nil
}

// posts lists the terminals a facility report covers: this one, then the
// peers the feed has brought, none when it never pulled the feed.
func (s *Store) posts(ctx context.Context, self string) ([]gate.Post, error) {
	peers, err := s.Peers(ctx)
	if err != nil || len(peers) == 0 {
		return nil, err
	}
	last, err := s.LastSeq(ctx)
	if err != nil {
		return nil, err
	}
	out := []gate.Post{{Terminal: self, Own: true, HeadSeq: last, HubHeadSeq: last}}
	for _, p := range peers {
		out = append(out, gate.Post{Terminal: p.Terminal, HeadSeq: p.HeadSeq, HubHeadSeq: p.HubHeadSeq, LastPush: p.LastPush})
	}
	return out, nil
}

// carried loads the records whose state carries over from earlier days.
func (s *Store) carried(ctx context.Context, in *gate.ReportInput, day string) error {
	sup, err := s.KindRows(ctx, KindQuery{Kinds: []record.Kind{record.SupplyReceived, record.SupplyDisinfected, record.SupplyStored},
		From: shiftDay(day, -SupplyLookbackDays), To: day})
	if err != nil {
		return err
	}
	sb, err := s.KindRows(ctx, KindQuery{Kinds: []record.Kind{record.StandbyStart, record.StandbyEnd, record.StandbyCallup}, To: day})
	if err != nil {
		return err
	}
	sm, err := s.KindRows(ctx, KindQuery{Kinds: []record.Kind{record.FoodSample}, From: shiftDay(day, -SampleLookbackDays), To: day})
	if err != nil {
		return err
	}
	in.Supplies, in.Standby, in.Samples = DayRecords(sup), DayRecords(sb), DayRecords(sm)
	// Admissions and releases of any day: the roster as of the report's
	// moment follows them. They are a few a month.
	mv, err := s.KindRows(ctx, KindQuery{Kinds: []record.Kind{record.Admission, record.Release}, To: day})
	if err != nil {
		return err
	}
	in.Movements = DayRecords(mv)
	return nil
}

// ShiftReportInput loads what the summary of a shift reads: the records
// after afterSeq (the shift's shift.open is the first of them) up to now.
// The period runs from the first of them to the last or now, whichever is
// later, so a clock set back during the shift cannot hide its records.
func (s *Store) ShiftReportInput(ctx context.Context, afterSeq int64, now time.Time, fever record.Tenths) (gate.ReportInput, error) {
	var in gate.ReportInput
	id, err := s.Identity(ctx)
	if err != nil {
		return in, err
	}
	rows, err := s.RowsSince(ctx, afterSeq)
	if err != nil {
		return in, err
	}
	from, to := now, now
	for _, r := range rows {
		if r.At.Before(from) {
			from = r.At
		}
		if r.At.After(to) {
			to = r.At
		}
	}
	in = gate.ReportInput{
		FacilityID: id.FacilityID, FacilityName: id.FacilityName, Terminal: id.Terminal,
		Scope: gate.ScopeShift, Day: Day(from), From: from, To: to.Add(time.Millisecond), AsOf: to, Fever: fever,
		Records: DayRecords(rows),
	}
	if err := s.carried(ctx, &in, Day(to)); err != nil {
		return in, err
	}
	if in.Identities, err = s.shownIdentities(ctx, in.Records); err != nil {
		return in, err
	}
	in.People, err = s.People(ctx, "")
	return in, err
}

// Submitted is a day's report.daily as stored.
type Submitted struct {
	Row
	Body  record.ReportDailyBody
	Count int // how many (not voided) submissions the day has; the latest counts
}

// LatestReport returns the latest submitted, not voided, report of a day;
// ok is false when there is none. A report is submitted on its day or
// later (yesterday's after midnight), so only records from the day on are
// read.
func (s *Store) LatestReport(ctx context.Context, day string) (sub Submitted, ok bool, err error) {
	rows, err := s.KindRows(ctx, KindQuery{Kinds: []record.Kind{record.ReportDaily}, From: day})
	if err != nil {
		return sub, false, err
	}
	n := 0
	for _, r := range rows {
		var b record.ReportDailyBody
		if r.Voided || r.Decode(&b) != nil || b.Day != day {
			continue
		}
		n++
		sub, ok = Submitted{Row: r, Body: b}, true
	}
	sub.Count = n
	return sub, ok, nil
}
