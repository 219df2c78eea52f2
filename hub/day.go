package hub

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"gatepost/record"
)

// FacilityDay is one facility's day as the hub sees it from the records it
// received (§8): what the dashboard shows and the consolidated report lists.
type FacilityDay struct {
	Facility Facility
	Day      string
	Records  int // records of the day received so far

	// Screening (§3 日筛查): distinct people with a temperature taken (a
	// temperature record, or a passage with a reading) against the active
	// people on the roster as of the day's end (RosterOn: the hub's roster
	// with the facility's admissions and releases). Roster is 0 when the
	// hub has no roster for the facility, and coverage is then unknown.
	Screened int
	Roster   int

	// Fevers counts passages denied for fever and temperature records with
	// fever set.
	Fevers int
	// Denials counts passages denied and not overridden, by reason code.
	Denials         int
	DenialsByReason map[string]int
	Incidents       int

	// Report is the day's zero report (report.daily), nil while none has
	// been received: the facility is silent.
	Report *DailyReport

	// basis counts the records the figures were read from (the day's and
	// the report.daily of the days after it): see DayFigures.Basis.
	basis int64
}

// Coverage is the screened share of the roster, and whether it is known.
func (d FacilityDay) Coverage() (float64, bool) {
	if d.Roster == 0 {
		return 0, false
	}
	return float64(d.Screened) / float64(d.Roster), true
}

// DailyReport is a facility's report.daily for a day. Its body is kept as
// the terminal wrote it: the hub shows whatever figures it carries.
type DailyReport struct {
	Terminal   string
	Seq        int64
	ID         string
	At         time.Time
	ReceivedAt time.Time
	Body       json.RawMessage
	Count      int // report.daily records of the day (a resubmission makes 2); the latest is shown
	// FirstReceivedAt is when the hub received the day's first report:
	// what its deadline is judged by (a resubmission does not make a
	// report that came in time late).
	FirstReceivedAt time.Time
}

// ReportLookahead is how many days after a day the hub looks for its
// report.daily: a report is filed under the day it covers (its body's
// day), not the day it was submitted, and yesterday's is often submitted
// after midnight.
const ReportLookahead = 3

// reportDay is the day a report.daily covers: its body's day, else (a body
// without one) the day it was written.
func reportDay(r StoredRecord, written string) string {
	var b struct {
		Day string `json:"day"`
	}
	if json.Unmarshal(r.Body, &b) == nil && b.Day != "" {
		return b.Day
	}
	return written
}

// addReport counts a report.daily of the day: the latest submission is
// shown, the first received judges the deadline.
func (d *FacilityDay) addReport(r StoredRecord) {
	if d.Report == nil || r.At.After(d.Report.At) {
		n, first := 0, r.ReceivedAt
		if d.Report != nil {
			n, first = d.Report.Count, d.Report.FirstReceivedAt
		}
		d.Report = &DailyReport{Terminal: r.Terminal, Seq: r.Seq, ID: r.ID, At: r.At, ReceivedAt: r.ReceivedAt,
			Body: r.Body, Count: n, FirstReceivedAt: first}
	}
	if r.ReceivedAt.Before(d.Report.FirstReceivedAt) {
		d.Report.FirstReceivedAt = r.ReceivedAt
	}
	d.Report.Count++
}

// ComputeDay reads a facility's records of a day and computes its figures.
// Voided records do not count; a denial a supervisor overrode is not a
// denial. A day holds thousands of records at most, so it is read whole.
func ComputeDay(ctx context.Context, st Storage, f Facility, day string) (FacilityDay, error) {
	return computeDay(ctx, st, f, day, time.Now(), nil)
}

// bodyFacts is what a day's figures take from a passage's or a
// temperature's body, which is all they decode it for.
type bodyFacts struct {
	ok      bool   // the body decoded (one that does not counts nowhere)
	person  string // personKey of whom it screened; "" if nobody
	allowed bool   // passage: let through
	reason  string // passage: the gate's reason
	fever   bool   // temperature: a fever reading
}

// factCache keeps the bodyFacts of a day's records by id while the keeper
// recomputes that day: a busy day is recomputed as its pushes come in, and
// a record's body (stored once, never changed) is then decoded once rather
// than at every recompute. It is what the figures would decode, so the
// figures are the same with it or without.
type factCache map[string]bodyFacts

// dayMemo is what the keeper keeps of one facility's day between its
// recomputes: the facts it decoded, and on SQLite the day's records it
// has read (tail), so that the next recompute reads only those stored
// since. The figures are the same with it or without.
type dayMemo struct {
	facts factCache
	tail  dayTail
}

// dayTail is the records of a day a store has read for its figures. Records
// are never deleted or rewritten, and SQLite gives a new row a rowid above
// every row of the table (one writer at a time, across processes), so the
// rows of the day above mark are exactly those stored since the tail was
// read. (VACUUM, which `hub purge` runs, may renumber the rowids of a table
// like records, but records' rowids are 1…n without a gap — none deleted,
// a failed insert's taken again — which renumbering in rowid order keeps.)
// Read every recompute instead, a busy day was most of what the keeper
// cost: the whole day, bodies and all, after every push.
type dayTail struct {
	mark  int64     // the highest rowid read, 0 before the first
	count int       // the day's records, of every kind, up to mark
	rows  []tailRow // those of dayKinds up to mark
}

// tailRow is a record of a dayTail. The body is kept only of voids and
// overrides, whose targets are read from it at every recompute: the facts
// of the others are in the memo's factCache once computeDay has read them.
type tailRow struct {
	id   string
	kind record.Kind
	body json.RawMessage
}

// errFactsLost is computeDay's answer to a record of a tail whose facts
// are not in the memo, which the keeper never lets happen (it drops a
// memo whose recompute failed): the day is then read whole.
var errFactsLost = errors.New("hub: the figures' memo lost the facts of a record: read the day whole")

// computeDay is ComputeDay with the moment it is computed at (the roster's
// movements are read up to that day), and what the keeper keeps of the day
// between recomputes (nil: nothing), which it brings up to date.
func computeDay(ctx context.Context, st Storage, f Facility, day string, now time.Time, memo *dayMemo) (FacilityDay, error) {
	var cache factCache
	var tail *dayTail
	if memo != nil {
		cache, tail = memo.facts, &memo.tail
	}
	d := FacilityDay{Facility: f, Day: day, DenialsByReason: map[string]int{}}
	var later []string // the days whose report.daily may cover this one
	if t, err := time.Parse(DayLayout, day); err == nil {
		for i := 1; i <= ReportLookahead; i++ {
			later = append(later, t.AddDate(0, 0, i).Format(DayLayout))
		}
	}
	// counted holds the day's records that count, reports the day's
	// report.daily records and those of the later days (written: the day
	// each was read under); both in the order read.
	type fact struct {
		id   string
		kind record.Kind
		body json.RawMessage
	}
	var counted []fact
	var reports []StoredRecord
	var written []string
	voided, overridden := map[string]bool{}, map[string]bool{}
	take := func(r StoredRecord) {
		switch r.Kind {
		case record.Void, record.Override:
			var b struct {
				Target string `json:"target"`
			}
			if json.Unmarshal(r.Body, &b) == nil && b.Target != "" {
				if r.Kind == record.Void {
					voided[b.Target] = true
				} else {
					overridden[b.Target] = true
				}
			}
		case record.Passage, record.Temperature, record.Incident:
			counted = append(counted, fact{r.ID, r.Kind, r.Body})
		case record.ReportDaily:
			reports, written = append(reports, r), append(written, day)
		}
	}
	if dr, ok := st.(dayFigureReader); ok {
		n, err := dr.dayFigureRecords(ctx, f.ID, day, later, tail, func(r StoredRecord, on string) error {
			if on == day {
				take(r)
			} else {
				reports, written = append(reports, r), append(written, on)
			}
			return nil
		})
		if err != nil {
			return d, err
		}
		d.Records = n
		d.basis = int64(n)
		for _, on := range written {
			if on != day {
				d.basis++
			}
		}
	} else {
		if err := st.DayRecords(ctx, f.ID, day, nil, func(r StoredRecord) error {
			d.Records++
			take(r)
			return nil
		}); err != nil {
			return d, err
		}
		d.basis = int64(d.Records)
		for _, next := range later {
			if err := st.DayRecords(ctx, f.ID, next, []record.Kind{record.ReportDaily}, func(r StoredRecord) error {
				d.basis++
				reports, written = append(reports, r), append(written, next)
				return nil
			}); err != nil {
				return d, err
			}
		}
	}
	screened := map[string]bool{}
	for _, r := range counted {
		if voided[r.id] {
			continue
		}
		if r.kind == record.Incident {
			d.Incidents++
			continue
		}
		b, ok := cache[r.id]
		if !ok {
			if r.body == nil {
				return d, errFactsLost
			}
			b = factsOf(r.kind, r.body)
			if cache != nil {
				cache[r.id] = b
			}
		}
		if !b.ok {
			continue
		}
		if b.person != "" {
			screened[b.person] = true
		}
		switch r.kind {
		case record.Passage:
			if !b.allowed && b.reason == "fever" {
				d.Fevers++
			}
			if !b.allowed && !overridden[r.id] {
				d.Denials++
				d.DenialsByReason[b.reason]++
			}
		case record.Temperature:
			if b.fever {
				d.Fevers++
			}
		}
	}
	// The day's reports (a voided one does not count), then those of the
	// days after it, in day order, which are not checked against the
	// day's voids.
	for i, r := range reports {
		if written[i] == day && voided[r.ID] {
			continue
		}
		if reportDay(r, written[i]) == day {
			d.addReport(r)
		}
	}
	d.Screened = len(screened)
	roster, err := RosterOn(ctx, st, f.ID, day, now.Format(DayLayout))
	if err != nil {
		return d, err
	}
	d.Roster = roster
	return d, nil
}

// figureKinds are the kinds a day's figures read: what they count, and the
// voids and overrides that take a record out of a count.
var figureKinds = []record.Kind{record.Passage, record.Temperature, record.Incident, record.ReportDaily, record.Void, record.Override}

// dayFigureReader reads what a day's figures are computed from, leaving the
// rest in the database: it returns how many records the day holds, and
// calls fn with the day's records of figureKinds, then with the
// report.daily records of the days later, each with the day it was read
// under (on). A record carries its id, kind and body; a report.daily also
// its terminal, seq, at and received_at. The day's reports come in
// terminal and seq order, the later days' in day, terminal and seq order
// (a report's place decides between two written at the same moment); the
// other records in any order. The SQLite and PostgreSQL stores have it;
// another Storage is read through DayRecords. tail, when set, is what was
// read of the day before: a store that keeps it (SQLite) hands on its
// records (with nil bodies where tailRow keeps none), reads only those
// stored since, and brings it up to date; one that does not leaves it
// empty and reads the day whole.
type dayFigureReader interface {
	dayFigureRecords(ctx context.Context, facility, day string, later []string, tail *dayTail, fn func(r StoredRecord, on string) error) (int, error)
}

// factsOf decodes what the figures take from a passage's or a
// temperature's body.
func factsOf(kind record.Kind, body json.RawMessage) bodyFacts {
	switch kind {
	case record.Passage:
		var b record.PassageBody
		if json.Unmarshal(body, &b) != nil {
			return bodyFacts{}
		}
		return factsFrom(&b)
	case record.Temperature:
		// Of the body only what the figures read: a stored reading some
		// other field of which no longer decodes still counts.
		var b struct {
			Badge string `json:"badge"`
			Ident string `json:"ident"`
			Fever bool   `json:"fever"`
		}
		if json.Unmarshal(body, &b) != nil {
			return bodyFacts{}
		}
		return factsFrom(&record.TemperatureBody{Badge: b.Badge, Ident: b.Ident, Fever: b.Fever})
	}
	return bodyFacts{}
}

// factsFrom is what the figures take from a decoded body: a passage's or a
// temperature's (bodyOf's types); of any other, nothing.
func factsFrom(body any) bodyFacts {
	switch b := body.(type) {
	case *record.PassageBody:
		f := bodyFacts{ok: true, allowed: b.Allowed, reason: b.Reason}
		if b.Final() != nil {
			f.person = personKey(b.Badge, b.Ident)
		}
		return f
	case *record.TemperatureBody:
		return bodyFacts{ok: true, person: personKey(b.Badge, b.Ident), fever: b.Fever}
	}
	return bodyFacts{}
}

func personKey(badge, ident string) string {
	switch {
	case badge != "":
		return "b:" + badge
	case ident != "":
		return "r:" + ident // an identity registry reference (§15)
	}
	return ""
}

// ComputeDays computes every facility's day, ordered by facility id (the
// order of Storage.Facilities).
func ComputeDays(ctx context.Context, st Storage, day string) ([]FacilityDay, error) {
	fs, err := st.Facilities(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]FacilityDay, 0, len(fs))
	for _, f := range fs {
		d, err := ComputeDay(ctx, st, f, day)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}
