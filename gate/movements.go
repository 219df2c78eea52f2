package gate

import (
	"sort"
	"strings"
	"time"

	"gatepost/record"
)

// Admissions and releases (§13 新收/出所): the roster the hub publishes is
// reference data that lags; the facility's own detainee.admission and
// detainee.release records say who is in the facility at a moment. Every
// count of detainees — present, to be screened, in a roll-call group —
// reads the roster as of that moment.

// Movement is an admission or a release, as the roster reads it.
type Movement struct {
	ID    string
	At    time.Time
	Badge string
	Admit bool   // an admission; false: a release
	Unit  string // an admission's unit
	Kind  string // an admission's source or a release's type
}

// Movements extracts the admissions and releases from records, in the
// records' order, voided ones left out.
func Movements(recs []DayRecord) []Movement {
	var out []Movement
	for _, r := range recs {
		if r.Voided {
			continue
		}
		switch r.Kind {
		case record.Admission:
			var b record.AdmissionBody
			if r.Decode(&b) == nil && b.Badge != "" {
				out = append(out, Movement{ID: r.ID, At: r.At, Badge: b.Badge, Admit: true, Unit: b.Unit, Kind: b.Source})
			}
		case record.Release:
			var b record.ReleaseBody
			if r.Decode(&b) == nil && b.Badge != "" {
				out = append(out, Movement{ID: r.ID, At: r.At, Badge: b.Badge, Kind: b.Type})
			}
		}
	}
	return out
}

// RosterAsOf is the roster as of asOf, following the admissions and
// releases in recs (of any day; those after asOf are ignored unless they
// say who was not there yet). For each badge they name, the latest movement
// at or before asOf decides: admitted, the person is active (added, with
// the admission's unit, when the roster does not name them yet; Since set
// to the admission); released, inactive. A badge whose first movement comes
// after asOf and is an admission was not yet in the facility: it is left
// out (or inactive, when the roster already names it); one whose first
// movement after asOf is a release was there (active). Badges with no
// movement keep the roster's word. The result is a new slice; the roster's
// order is kept and those added follow, by unit and badge.
func RosterAsOf(people []Person, recs []DayRecord, asOf time.Time) []Person {
	moves := Movements(recs)
	if len(moves) == 0 {
		return people
	}
	sort.SliceStable(moves, func(i, j int) bool { return moves[i].At.Before(moves[j].At) })
	type state struct {
		last     *Movement // latest at or before asOf
		firstIn  bool      // the first movement (after asOf) is an admission
		anyAfter bool
	}
	st := map[string]*state{}
	for i := range moves {
		mv := &moves[i]
		s := st[mv.Badge]
		if s == nil {
			s = &state{}
			st[mv.Badge] = s
		}
		if mv.At.After(asOf) {
			if s.last == nil && !s.anyAfter {
				s.firstIn = mv.Admit
			}
			s.anyAfter = true
			continue
		}
		s.last = mv
	}
	out := make([]Person, 0, len(people)+len(st))
	seen := map[string]bool{}
	for _, p := range people {
		s := st[p.Badge]
		if s != nil {
			seen[p.Badge] = true // a staff badge is never added as a detainee
		}
		if s != nil && p.Kind != Staff {
			switch {
			case s.last != nil && s.last.Admit:
				p.Active, p.Since = true, s.last.At
			case s.last != nil:
				p.Active = false
			case s.firstIn:
				p.Active = false
			case s.anyAfter:
				// Released after asOf with nothing before: still there
				// then, whatever a roster published since says.
				p.Active = true
			}
		}
		out = append(out, p)
	}
	var added []Person
	for badge, s := range st {
		if seen[badge] || s.last == nil || !s.last.Admit {
			continue
		}
		added = append(added, Person{Badge: badge, Kind: Detainee, Unit: s.last.Unit, Active: true, Since: s.last.At})
	}
	sort.Slice(added, func(i, j int) bool {
		if added[i].Unit != added[j].Unit {
			return added[i].Unit < added[j].Unit
		}
		return added[i].Badge < added[j].Badge
	})
	return append(out, added...)
}

// MovementCount is a period's admissions and releases.
type MovementCount struct {
	Admissions int
	Releases   int
}

// CountMovements counts the admissions and releases in [from, to).
func CountMovements(recs []DayRecord, from, to time.Time) MovementCount {
	var c MovementCount
	for _, mv := range Movements(recs) {
		if mv.At.Before(from) || !mv.At.Before(to) {
			continue
		}
		if mv.Admit {
			c.Admissions++
		} else {
			c.Releases++
		}
	}
	return c
}

// IssuedReport is a submitted report.daily as the issue number reads it:
// the day it covers, when it was written, and whether it was voided.
type IssuedReport struct {
	Day    string // "2006-01-02"
	At     time.Time
	ID     string
	Voided bool
}

// IssueNumber is the issue number (第×期) of day's report: the facility's
// daily reports of the day's year are numbered in the order they were
// first submitted, so a day submitted again keeps its number; a day not
// yet submitted takes the next one. reports are the facility's
// report.daily records (any order).
func IssueNumber(reports []IssuedReport, day string) int {
	year, _, _ := strings.Cut(day, "-")
	first := map[string]IssuedReport{}
	for _, r := range reports {
		if r.Voided || !strings.HasPrefix(r.Day, year+"-") {
			continue
		}
		if f, ok := first[r.Day]; !ok || r.At.Before(f.At) || (r.At.Equal(f.At) && r.ID < f.ID) {
			first[r.Day] = r
		}
	}
	mine, ok := first[day]
	if !ok {
		return len(first) + 1
	}
	n := 1
	for d, r := range first {
		if d != day && (r.At.Before(mine.At) || (r.At.Equal(mine.At) && r.ID < mine.ID)) {
			n++
		}
	}
	return n
}
