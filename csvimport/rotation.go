package csvimport

import (
	"io"
	"slices"
	"strings"
	"time"

	"gatepost/gate"
)

// # rotation.csv
//
//	badge,kind,start,end
//
// The rotation plan (轮岗, §11): one period a row. kind is custody,
// observation, rest or standby; start and end are local dates
// (YYYY-MM-DD), both inclusive. end may be left empty: the period then
// lasts the facility's default length for its kind (14 days of custody,
// 7 of observation …). One person's periods may not overlap.
var rotationSchema = []column{{"badge", true}, {"kind", true}, {"start", true}, {"end", false}}

const dayLayout = "2006-01-02"

// ParseRotation reads a rotation plan. Periods without an end get the
// default length of their kind from def.
func ParseRotation(r io.Reader, def gate.RotationDefaults) ([]gate.Period, error) {
	t, err := read(r, rotationSchema)
	if err != nil {
		return nil, err
	}
	var out []gate.Period
	for i, row := range t.rows {
		line := t.lines[i]
		p := gate.Period{Badge: badge(t, line, "badge", t.get(row, "badge"), true)}
		k := gate.PeriodKind(strings.ToLower(strings.TrimSpace(t.get(row, "kind"))))
		switch {
		case k == "":
			t.fail(line, "kind", "required: custody, observation, rest or standby")
		case !validPeriod(k):
			t.fail(line, "kind", "%q: use custody, observation, rest or standby", t.get(row, "kind"))
		default:
			p.Kind = k
		}
		start, okStart := parseDay(t, line, "start", t.get(row, "start"), true)
		end, okEnd := parseDay(t, line, "end", t.get(row, "end"), false)
		switch {
		case !okStart || !okEnd:
		case end.IsZero() && p.Kind != "":
			end = start.AddDate(0, 0, def.Days(p.Kind)-1)
			fallthrough
		default:
			if !end.IsZero() && end.Before(start) {
				t.fail(line, "end", "%s is before the start %s", end.Format(dayLayout), start.Format(dayLayout))
			}
		}
		if okStart {
			p.Start = start.Format(dayLayout)
		}
		if !end.IsZero() {
			p.End = end.Format(dayLayout)
		}
		out = append(out, p)
	}
	if len(t.errs) == 0 {
		// Overlaps are checked once every row is good, against the rows
		// before it of the same person.
		byBadge := map[string][]int{}
		for i := range out {
			p := out[i]
			for _, j := range byBadge[p.Badge] {
				q := out[j]
				if p.Start <= q.End && q.Start <= p.End {
					t.fail(t.lines[i], "start", "%s %s–%s overlaps %s %s–%s on line %d",
						p.Kind, p.Start, p.End, q.Kind, q.Start, q.End, t.lines[j])
				}
			}
			byBadge[p.Badge] = append(byBadge[p.Badge], i)
		}
	}
	if len(t.errs) > 0 {
		return nil, t.sorted()
	}
	return out, nil
}

func validPeriod(k gate.PeriodKind) bool { return slices.Contains(gate.PeriodKinds, k) }

// parseDay reads a local date; ok is false when it was given and is not one.
func parseDay(t *table, line int, field, v string, required bool) (time.Time, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		if required {
			t.fail(line, field, "required: a date such as 2026-12-01")
			return time.Time{}, false
		}
		return time.Time{}, true
	}
	d, err := time.Parse(dayLayout, v)
	if err != nil {
		t.fail(line, field, "%q is not a date: use YYYY-MM-DD", v)
		return time.Time{}, false
	}
	return d, true
}
