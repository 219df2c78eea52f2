package gate

import (
	"bytes"
	"sort"
	"strings"
	"time"

	"gatepost/record"
)

// The daily report as an official document (§13): what a 公文 says beyond
// the figures of the day's measures — its heading settings, the headline
// figures, the duty leader's attestation of security, the unscreened by
// unit, and who drew it up and who reviewed it, by name.

// DocSettings are a facility's settings for the report's heading and
// signature block: to whom it goes (主送), the issuing unit's full name
// when it differs from the facility's, and the contact phone. Empty fields
// take the renderer's defaults.
type DocSettings struct {
	To    string `json:"to"`
	Unit  string `json:"unit"`
	Phone string `json:"phone"`
}

// StaffCount is the facility's staff by status at the report's moment
// (StatusOf for each rostered staff member).
type StaffCount struct {
	Total       int `json:"total"`
	Custody     int `json:"custody"`     // custody duty, called up included (执勤)
	Standby     int `json:"standby"`     // standby quarantine (备勤)
	Observation int `json:"observation"` // observation after custody duty (隔离观察)
	Rest        int `json:"rest"`        // resting off site (轮休)
	Office      int `json:"office"`      // on site in the office (在岗办公)
	Home        int `json:"home"`        // working from home (居家办公)
	Unset       int `json:"unset"`       // office staff the day's list does not name
}

// Headline is the report's headline figures. A figure the records cannot
// give is null (nil): the epidemic counts are the duty leader's
// attestation. Admissions and releases are null only in a report of
// version 2, before they had records of their own.
type Headline struct {
	// Detainees is the detainees on the roster as of the report's moment
	// (the roster with the admissions and releases up to then: RosterAsOf)
	// less those out on an outside visit at that moment.
	Detainees int        `json:"detainees"`
	Rostered  int        `json:"detainees_rostered"`
	Staff     StaffCount `json:"staff"`
	// MedicalVisits counts the detainees' exits at the main gate (each
	// with its escort approval: the gate admits no other); MedicalAway
	// those not back at the report's moment.
	MedicalVisits int  `json:"medical_visits"`
	MedicalAway   int  `json:"medical_away"`
	Admissions    *int `json:"admissions"`
	Releases      *int `json:"releases"`
	Suspected     *int `json:"suspected"`
	Confirmed     *int `json:"confirmed"`
	CloseContacts *int `json:"close_contacts"`
}

// SecurityEventItem is an attested security event, as the report shows it.
type SecurityEventItem struct {
	Type     record.SecurityEventType `json:"type"`
	Time     string                   `json:"time"`
	Summary  string                   `json:"summary"`
	Handling string                   `json:"handling"`
}

// SecurityPart is 二、安全稳定: the day's latest security.daily, or
// Attested false when none was written.
type SecurityPart struct {
	Attested bool                `json:"attested"`
	NoEvents bool                `json:"no_events"`
	Events   []SecurityEventItem `json:"events"`
}

// Signers names who drew up the report (填报人) and the duty leader who
// reviewed it (审核人), from the attestation's badges and the guards
// table; a badge with no name there stays empty rather than printed.
type Signers struct {
	Preparer string `json:"preparer"`
	Reviewer string `json:"reviewer"`
}

// UnitCount is how many people of one kind and unit were not screened.
type UnitCount struct {
	Kind  PersonKind `json:"kind"`
	Unit  string     `json:"unit"`
	Count int        `json:"count"`
}

// AbnormalSecurity is the abnormal code of an attested security event; a
// day not attested is not abnormal but is not a zero report either.
const AbnormalSecurity = "security_event"

// latestSecurity returns the latest security.daily of the day, not voided.
func latestSecurity(rs []DayRecord, day string) (record.SecurityDailyBody, bool) {
	var out record.SecurityDailyBody
	ok := false
	for _, x := range rs {
		var b record.SecurityDailyBody
		if x.Voided || x.Kind != record.SecurityDaily || x.Decode(&b) != nil || b.Day != day {
			continue
		}
		out, ok = b, true
	}
	return out, ok
}

func securityPart(in ReportInput, recs []DayRecord) (SecurityPart, *record.SecurityDailyBody) {
	p := SecurityPart{Events: []SecurityEventItem{}}
	b, ok := latestSecurity(rpMerge(in.Security, rpKinds(recs, record.SecurityDaily)), in.Day)
	if !ok {
		return p, nil
	}
	p.Attested, p.NoEvents = true, b.NoEvents
	for _, e := range b.Events {
		p.Events = append(p.Events, SecurityEventItem{Type: e.Type, Time: e.Time, Summary: e.Summary, Handling: e.Handling})
	}
	sort.SliceStable(p.Events, func(i, j int) bool { return p.Events[i].Time < p.Events[j].Time })
	return p, &b
}

func guardName(gs []Guard, badge string) string {
	for _, g := range gs {
		if g.Badge == badge {
			return g.Name
		}
	}
	return ""
}

var detaineeSubject = []byte(`"subject":"` + string(record.SubjectDetainee) + `"`)

// awayByRef keys a detainee escorted out who was named by an identity
// reference rather than a badge, apart from the badges it is looked up
// against.
const awayByRef = "r:"

// headline derives the headline figures. now is the moment statuses are
// taken at: the report's as_of, within the day.
func headline(in ReportInput, recs []DayRecord, sec *record.SecurityDailyBody) Headline {
	h := Headline{}
	now := in.AsOf
	if !in.To.IsZero() && !now.Before(in.To) {
		now = in.To.Add(-time.Millisecond)
	}
	// Outside visits: a detainee's exit at the main gate that stood (or was
	// overridden), and whether the same detainee came back after it.
	away := map[string]bool{}
	for _, x := range recs {
		// Bodies are canonical JSON, so a detainee's passage holds this
		// exact text: the thousands of other passages are not decoded.
		if x.Voided || x.Kind != record.Passage || x.Gate != 1 || x.At.After(now) || !bytes.Contains(x.Body, detaineeSubject) {
			continue
		}
		var b record.PassageBody
		if x.Decode(&b) != nil || b.Subject != record.SubjectDetainee || (!b.Allowed && !x.Overridden) {
			continue
		}
		key := b.Badge
		if key == "" {
			key = awayByRef + b.Ident
		}
		switch b.Direction {
		case record.Out:
			h.MedicalVisits++
			away[key] = true
		case record.In:
			delete(away, key)
		}
	}
	// One released while away (from hospital) is no longer the facility's:
	// only those on the roster as of now are away. One named by reference
	// cannot be looked up there, and stays counted.
	present := map[string]bool{}
	for _, p := range in.People {
		if p.Active && p.Kind == Detainee {
			present[p.Badge] = true
		}
	}
	for k := range away {
		if present[k] || strings.HasPrefix(k, awayByRef) {
			h.MedicalAway++
		}
	}

	// Staff statuses: only the base is counted, and it is decided by the
	// standby stints, call-ups, the day's list and overrides (of a
	// work-from-home denial); each person's events are picked out once, so
	// the cost is one decode per such record, not one per record and person.
	targets := map[string]bool{}
	for _, x := range recs {
		var ob record.OverrideBody
		if x.Kind == record.Override && x.Decode(&ob) == nil {
			targets[ob.Target] = true
		}
	}
	var dayEvents []DayRecord
	for _, x := range recs {
		switch {
		case x.At.After(now):
		case x.Kind == record.StandbyStart, x.Kind == record.StandbyEnd, x.Kind == record.StandbyCallup,
			x.Kind == record.Attendance, x.Kind == record.Override, targets[x.ID]:
			dayEvents = append(dayEvents, x)
		}
	}
	events := rpEvents(rpMerge(rpBefore(in.Standby, now), dayEvents))
	// Overrides and their targets go to everyone (StatusOf resolves them
	// itself); the rest to the person they name. Both lists keep the
	// events' order, as StatusOf needs.
	mine := map[string][]int{}
	var shared []int
	for i, e := range events {
		if e.Kind == record.Override || targets[e.ID] {
			shared = append(shared, i)
			continue
		}
		if b := badgeOf(e); b != "" {
			mine[b] = append(mine[b], i)
		}
	}
	plans := map[string][]Period{}
	for _, p := range in.Plan {
		plans[p.Badge] = append(plans[p.Badge], p)
	}
	for _, p := range in.People {
		if !p.Active {
			continue
		}
		if p.Kind == Detainee {
			h.Rostered++
			continue
		}
		if p.Kind != Staff {
			continue
		}
		own := mine[p.Badge]
		evs := make([]Event, 0, len(own)+len(shared))
		for i, j := 0, 0; i < len(own) || j < len(shared); {
			if j >= len(shared) || (i < len(own) && own[i] < shared[j]) {
				evs = append(evs, events[own[i]])
				i++
			} else {
				evs = append(evs, events[shared[j]])
				j++
			}
		}
		st := StatusOf(StatusInput{Person: p, Plan: plans[p.Badge], Events: evs, Fever: in.Fever, Now: now})
		h.Staff.Total++
		switch st.Base {
		case BaseCustody, BaseCalledUp:
			h.Staff.Custody++
		case BaseStandby:
			h.Staff.Standby++
		case BaseObservation:
			h.Staff.Observation++
		case BaseRest:
			h.Staff.Rest++
		case BaseWFH:
			h.Staff.Home++
		case BaseUnlisted:
			h.Staff.Unset++
		default:
			h.Staff.Office++
		}
	}
	h.Detainees = max(h.Rostered-h.MedicalAway, 0)
	mc := CountMovements(recs, in.From, now.Add(time.Millisecond))
	h.Admissions, h.Releases = &mc.Admissions, &mc.Releases
	if sec != nil {
		s, c, cc := sec.Suspected, sec.Confirmed, sec.CloseContacts
		h.Suspected, h.Confirmed, h.CloseContacts = &s, &c, &cc
	}
	return h
}

// unitCounts counts the unscreened by kind and unit, staff first, units in
// their natural order (UnitLess).
func unitCounts(people []Person, unchecked []PersonItem) []UnitCount {
	order := map[string]int{}
	for i, p := range people {
		if _, ok := order[p.Unit]; !ok {
			order[p.Unit] = i
		}
	}
	idx := map[[2]string]int{}
	out := []UnitCount{}
	for _, u := range unchecked {
		k := [2]string{string(u.Kind), u.Unit}
		if i, ok := idx[k]; ok {
			out[i].Count++
			continue
		}
		idx[k] = len(out)
		out = append(out, UnitCount{Kind: u.Kind, Unit: u.Unit, Count: 1})
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Kind != out[j].Kind {
			return out[i].Kind == Staff
		}
		return UnitLess(out[i].Unit, out[j].Unit, order)
	})
	return out
}

// UnitLess orders units naturally: by the number they begin with (一大队,
// 二大队 … 十二大队, or 1, 2 … 12), part by part ("三大队/宿舍5" before
// "三大队/宿舍10"), then in roster order (the index of their first member).
func UnitLess(a, b string, roster map[string]int) bool {
	pa, pb := strings.Split(a, "/"), strings.Split(b, "/")
	for i := 0; i < len(pa) && i < len(pb); i++ {
		na, oka := unitNumber(pa[i])
		nb, okb := unitNumber(pb[i])
		switch {
		case oka && okb && na != nb:
			return na < nb
		case oka != okb:
			return oka
		case !oka && pa[i] != pb[i]:
			ra, ina := roster[a]
			rb, inb := roster[b]
			if ina && inb && ra != rb {
				return ra < rb
			}
			return pa[i] < pb[i]
		}
	}
	if len(pa) != len(pb) {
		return len(pa) < len(pb)
	}
	return roster[a] < roster[b]
}

var zhDigits = map[rune]int{'零': 0, '〇': 0, '一': 1, '二': 2, '两': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}

// unitNumber reads the number a unit name holds: a leading Chinese numeral
// (up to 九十九) or the first run of ASCII digits ("宿舍5", "5号宿舍").
func unitNumber(s string) (int, bool) {
	rs := []rune(s)
	n, seen, cur := 0, false, 0
	for i, r := range rs {
		if d, ok := zhDigits[r]; ok {
			cur, seen = d, true
			continue
		}
		if r == '十' {
			if cur == 0 {
				cur = 1
			}
			n, cur, seen = cur*10, 0, true
			continue
		}
		if i == 0 || !seen {
			break
		}
		return n + cur, true
	}
	if seen {
		return n + cur, true
	}
	d, in := 0, false
	for _, r := range s {
		if r >= '0' && r <= '9' {
			d, in = d*10+int(r-'0'), true
		} else if in {
			break
		}
	}
	return d, in
}

// SecurityDraft is the body of the security.daily a supervisor writes
// when submitting day's report: the console calls it with what the
// supervisor confirmed or entered (no events: events empty) and appends
// the result as a record of kind record.SecurityDaily at gate 0, the
// supervisor as its guard. The body is validated here, so the console
// can show the message and keep what was typed.
func SecurityDraft(day, supervisor, preparer string, events []record.SecurityEvent, suspected, confirmed, contacts int) (record.SecurityDailyBody, error) {
	b := record.SecurityDailyBody{Day: day, Supervisor: supervisor, Preparer: preparer, NoEvents: len(events) == 0,
		Events: append([]record.SecurityEvent{}, events...), Suspected: suspected, Confirmed: confirmed, CloseContacts: contacts}
	for i := range b.Events {
		b.Events[i].Summary = strings.TrimSpace(b.Events[i].Summary)
		b.Events[i].Handling = strings.TrimSpace(b.Events[i].Handling)
	}
	return b, b.Validate()
}
