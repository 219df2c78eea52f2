package gate

import (
	"slices"
	"sort"
	"time"

	"gatepost/record"
)

// Closed management as one system (§11): every staff member has a status,
// derived from the facility's records, the roster and the rotation plan, and
// every gate asks the same question of it — may this person cross this gate
// in this direction now; if not, why, and may a supervisor override it.

// PeriodKind is a kind of rotation period (轮岗).
type PeriodKind string

// Rotation periods. Custody duty is spent inside the closed zone with the
// detainees; observation (隔离观察) follows it, isolated; rest is off site;
// standby is spent in the standby quarantine area, ready to be called up.
const (
	PeriodCustody     PeriodKind = "custody"
	PeriodObservation PeriodKind = "observation"
	PeriodRest        PeriodKind = "rest"
	PeriodStandby     PeriodKind = "standby"
)

// PeriodKinds lists every period kind, in rotation order.
var PeriodKinds = []PeriodKind{PeriodCustody, PeriodObservation, PeriodRest, PeriodStandby}

// Period is one entry of a person's rotation plan, from Start to End, both
// local dates ("2006-01-02") and both inclusive: a 14-day duty starting on
// the 1st ends on the 14th.
type Period struct {
	Badge string
	Kind  PeriodKind
	Start string
	End   string
}

// covers reports whether day falls within the period.
func (p Period) covers(day string) bool { return p.Start <= day && day <= p.End }

// RotationDefaults are a facility's default period lengths in days, used when
// a supervisor plans a period without an end.
type RotationDefaults struct {
	Custody, Observation, Rest, Standby int
}

// DefaultRotation is what a facility uses until it sets its own: 14 days of
// custody duty, 7 of observation, 7 of rest, 14 of standby.
var DefaultRotation = RotationDefaults{Custody: 14, Observation: 7, Rest: 7, Standby: 14}

// Days returns the default length of a period kind.
func (d RotationDefaults) Days(k PeriodKind) int {
	switch k {
	case PeriodCustody:
		return d.Custody
	case PeriodObservation:
		return d.Observation
	case PeriodRest:
		return d.Rest
	case PeriodStandby:
		return d.Standby
	}
	return 0
}

// Base is where a person is in the closed management today.
type Base string

// Bases. A staff member with neither a rotation period nor a roster
// assignment nor a place on today's list is BaseStaff: the gates treat them
// as the roster always did.
const (
	BaseStaff       Base = "staff"
	BaseCustody     Base = "custody"     // on custody duty (the plan, the roster or a call-up)
	BaseCalledUp    Base = "called_up"   // called up from standby today: custody duty at once
	BaseObservation Base = "observation" // 隔离观察 after custody duty
	BaseRest        Base = "rest"        // resting off site
	BaseStandby     Base = "standby"     // in standby quarantine
	BaseOffice      Base = "office"      // on today's on-site list
	BaseWFH         Base = "wfh"         // on today's work-from-home list
	BaseUnlisted    Base = "unlisted"    // office staff today's list does not name (yet)
	BaseDetainee    Base = "detainee"
)

// Bases lists every base, for catalogue completeness tests.
var Bases = []Base{BaseStaff, BaseCustody, BaseCalledUp, BaseObservation, BaseRest,
	BaseStandby, BaseOffice, BaseWFH, BaseUnlisted, BaseDetainee}

// Status is a person's place in the closed management at one moment.
type Status struct {
	Badge string
	Base  Base
	// Period is the rotation period in force today, nil when the plan has none.
	Period *Period
	// Stint is the person's standby stint, nil when they are not in one.
	Stint *Stint
	// ChangeOver is true on the first or last day of the person's custody,
	// standby or rest period, and on the day of a call-up: the day they may
	// cross the main gate.
	ChangeOver bool
	// FeverBarred is set from a confirmed fever until a clearance.
	FeverBarred bool
	FeverSince  time.Time
	// RecheckPending is set by a first reading at or above the threshold that
	// no recheck has followed yet; Pending is that reading.
	RecheckPending bool
	Pending        *PendingReading
	// Contact is set from an override into the custody zone (or a contact
	// incident naming the person) until the person's period in force then
	// ends or a clearance lifts it.
	Contact      bool
	ContactSince time.Time
	// OverriddenOnSite is set by a supervisor's override of a
	// work-from-home denial at the main gate or the office: the person is
	// on site today.
	OverriddenOnSite bool
	// Leaving is the isolation the person leaves today, PeriodStandby or
	// PeriodObservation, "" when none: the last day of a standby stint or
	// period (or a stint ended at gate 3 today), or the first day of a rest
	// that follows observation. A call-up is not leaving: the person goes
	// into the custody zone, still closed off.
	Leaving PeriodKind
	// NATAt is when the latest negative nucleic-acid sample on record for
	// the person was taken (a clearance of subject ClearIsolation), zero
	// when none.
	NATAt time.Time
	// NATRequired: the person leaves isolation today under the epidemic
	// profile with no negative nucleic-acid result within its hours
	// (StatusInput.Health): the main gate keeps them in (MayCross).
	NATRequired bool
}

// PendingReading is a first fever reading waiting for its recheck: the
// record that holds it and the temperature.
type PendingReading struct {
	ID   string
	Temp record.Tenths
}

// Clearance subjects: what a clearance lifts.
//
// ClearIsolation records the negative nucleic-acid result that lets a
// person leave standby or observation under the epidemic profile (§11,
// 解除隔离): it lifts no bar, its result is record.ResultNATNegative and
// its result time is when the sample was taken.
const (
	ClearFever     = "fever"
	ClearContact   = "contact"
	ClearIsolation = "isolation"
)

// StatusInput is what StatusOf folds. Events are the facility's records in
// the order they were written (any terminal); StatusOf picks those about
// Person. Plan is the person's rotation periods, any order.
type StatusInput struct {
	Person Person
	Plan   []Period
	Events []Event
	Fever  record.Tenths // threshold; zero means DefaultFever
	Now    time.Time
	// Health is the facility's profile: under ProfileEpidemic, leaving
	// standby or observation needs a negative nucleic-acid result within
	// NATHours (zero: DefaultNATHours). A zero Profile asks for none, as
	// Config.Health does.
	Health HealthConfig
}

// badgeOf reads the badge a record's body names, "" when it names none.
func badgeOf(e Event) string {
	var who struct {
		Badge string `json:"badge"`
	}
	if e.Decode(&who) != nil {
		return ""
	}
	return who.Badge
}

// StatusOf derives a person's status (§11). It is pure: the caller loads the
// records, the plan and the clock.
//
// The base comes, strongest first, from a call-up today, a standby stint,
// the rotation period covering today, today's office list (with a
// supervisor's work-from-home override), then the roster assignment. Fever:
// a confirmed fever (a fever incident, or a recheck at or above the
// threshold) bars the person until a later clearance of subject "fever"; a
// first reading at or above the threshold with no recheck after it leaves a
// recheck pending. Contact: an override admitting the person into the custody
// zone, or a contact incident naming them as the one met, makes them a
// contact until the period in force at that moment ends, or a clearance of
// subject "contact".
func StatusOf(in StatusInput) Status {
	p := in.Person
	today := Day(in.Now)
	s := Status{Badge: p.Badge}
	fever := Config{Fever: in.Fever}.FeverAt()

	byID := map[string]Event{}
	var mine []Event
	voided := map[string]bool{}
	for _, e := range in.Events {
		byID[e.ID] = e
		if e.Voided {
			voided[e.ID] = true
		}
	}
	for _, e := range in.Events {
		if e.Voided {
			continue
		}
		if e.Kind == record.Override {
			var ob record.OverrideBody
			if e.Decode(&ob) != nil {
				continue
			}
			t, ok := byID[ob.Target]
			if !ok || voided[t.ID] || badgeOf(t) != p.Badge {
				continue
			}
			mine = append(mine, e)
			continue
		}
		if badgeOf(e) == p.Badge {
			mine = append(mine, e)
		}
	}

	// Base.
	plan := currentPeriod(in.Plan, p.Badge, today)
	s.Period = plan
	stint, inStandby := StandbyNow(mine)[p.Badge]
	if inStandby {
		s.Stint = &stint
	}
	calledUp, endedToday := false, false
	// Today's office list as the gate-4 panel and the 日报 read it, one
	// fold for all (AttendanceOf): the latest entry, or a supervisor's
	// override of a work-from-home denial, whichever came last.
	var todays []Event
	for _, e := range mine {
		if Day(e.At.In(in.Now.Location())) == today {
			todays = append(todays, e)
		}
	}
	attendance := AttendanceOf(todays)[p.Badge].Status
	for _, e := range mine {
		switch e.Kind {
		case record.StandbyCallup:
			if Day(e.At.In(in.Now.Location())) == today {
				calledUp = true
			}
		case record.StandbyEnd:
			endedToday = Day(e.At.In(in.Now.Location())) == today
		case record.StandbyStart:
			calledUp, endedToday = false, false // a new stint after a call-up or an end
		}
	}
	switch {
	case p.Kind == Detainee:
		s.Base = BaseDetainee
	case calledUp && !inStandby:
		s.Base, s.ChangeOver = BaseCalledUp, true
	case inStandby:
		s.Base = BaseStandby
		s.ChangeOver = Day(stint.Start.In(in.Now.Location())) == today || stint.PlannedEnd == today
	case plan != nil:
		s.Base = periodBase(plan.Kind)
		s.ChangeOver = slices.Contains(changeOverDays(*plan), today)
	case attendance == record.OnSite:
		s.Base = BaseOffice
	case attendance == record.WFH:
		s.Base = BaseWFH
	default:
		s.Base = assignmentBase(p.Assignment)
	}
	// Fever, contact and overrides, in order.
	var contactPeriodEnd string
	for _, e := range mine {
		switch e.Kind {
		case record.Temperature:
			var b record.TemperatureBody
			if e.Decode(&b) != nil {
				continue
			}
			feverNow := IsFever(b.Temp, fever)
			switch {
			case b.Recheck && feverNow:
				s.FeverBarred, s.FeverSince, s.RecheckPending = true, e.At, false
			case b.Recheck, !feverNow:
				s.RecheckPending = false
			default:
				s.RecheckPending, s.Pending = true, &PendingReading{ID: e.ID, Temp: b.Temp}
			}
		case record.Passage:
			var b record.PassageBody
			if e.Decode(&b) != nil || b.Temp == nil {
				continue
			}
			switch {
			case b.Recheck != nil && IsFever(*b.Recheck, fever):
				s.FeverBarred, s.FeverSince, s.RecheckPending = true, e.At, false
			case b.Recheck != nil, !IsFever(*b.Temp, fever):
				s.RecheckPending = false
			default:
				s.RecheckPending, s.Pending = true, &PendingReading{ID: e.ID, Temp: *b.Temp}
			}
		case record.StandbyCheckin:
			// A check-in is a reading like any other (Fevers reads it so):
			// a fever waits for its recheck, a normal one answers it.
			var b record.StandbyCheckinBody
			if e.Decode(&b) == nil {
				s.RecheckPending = b.Fever
				if b.Fever {
					s.Pending = &PendingReading{ID: e.ID, Temp: b.Temp}
				}
			}
		case record.KitchenCheck:
			// So is a cook's morning check (Readings): a cook at 38.2 is
			// rechecked at the next gate, not let in on a fresh reading.
			var b record.KitchenCheckBody
			if e.Decode(&b) == nil && b.Temp > 0 {
				s.RecheckPending = IsFever(b.Temp, fever)
				if s.RecheckPending {
					s.Pending = &PendingReading{ID: e.ID, Temp: b.Temp}
				}
			}
		case record.Incident:
			var b record.IncidentBody
			if e.Decode(&b) != nil {
				continue
			}
			switch b.Type {
			case IncidentFever:
				s.FeverBarred, s.FeverSince, s.RecheckPending = true, e.At, false
			case IncidentContactMet:
				s.Contact, s.ContactSince = true, e.At
				contactPeriodEnd = periodEndAt(in.Plan, p.Badge, Day(e.At.In(in.Now.Location())))
			}
		case record.Clearance:
			var b record.ClearanceBody
			if e.Decode(&b) != nil {
				continue
			}
			switch b.Subject {
			case ClearFever:
				s.FeverBarred, s.RecheckPending = false, false
			case ClearContact:
				s.Contact = false
			case ClearIsolation:
				if b.Result == record.ResultNATNegative {
					s.NATAt = e.At
					if t, err := time.Parse(record.TimeLayout, b.ResultAt); err == nil && !t.After(e.At) {
						s.NATAt = t // the sample's time, when given
					}
				}
			}
		case record.Override:
			var ob record.OverrideBody
			_ = e.Decode(&ob)
			t := byID[ob.Target]
			var tb record.PassageBody
			if t.Kind != record.Passage || t.Decode(&tb) != nil || tb.Direction != record.In {
				continue
			}
			switch {
			case t.Gate == 2:
				s.Contact, s.ContactSince = true, e.At
				contactPeriodEnd = periodEndAt(in.Plan, p.Badge, Day(e.At.In(in.Now.Location())))
			case Day(e.At.In(in.Now.Location())) == today && isWFHDenial(t.Record):
				s.OverriddenOnSite = true
			}
		}
	}
	if !s.RecheckPending {
		s.Pending = nil
	}
	if s.Contact && contactPeriodEnd != "" && contactPeriodEnd < today {
		s.Contact = false
	}
	// The override counts only where the list did not say otherwise since.
	s.OverriddenOnSite = s.OverriddenOnSite && attendance == record.OnSite
	s.Leaving = leaving(in, s, plan, today, calledUp, endedToday)
	s.NATRequired = s.Leaving != "" && in.Health.Profile == ProfileEpidemic && !natWithin(s.NATAt, in.Health.NATHours, in.Now)
	return s
}

// leaving is the isolation a person leaves today (Status.Leaving).
func leaving(in StatusInput, s Status, plan *Period, today string, calledUp, endedToday bool) PeriodKind {
	switch {
	case s.Base == BaseDetainee || (calledUp && s.Stint == nil):
		return ""
	case s.Stint != nil && s.Stint.PlannedEnd != "" && s.Stint.PlannedEnd <= today,
		s.Stint == nil && endedToday,
		plan != nil && plan.Kind == PeriodStandby && plan.End == today:
		return PeriodStandby
	case plan != nil && plan.Kind == PeriodRest && plan.Start == today:
		yesterday := Day(in.Now.AddDate(0, 0, -1))
		if prev := currentPeriod(in.Plan, in.Person.Badge, yesterday); prev != nil && prev.Kind == PeriodObservation {
			return PeriodObservation
		}
	}
	return ""
}

// natWithin reports whether a negative nucleic-acid sample taken at at is
// recent enough at now: within hours (zero: DefaultNATHours), never later
// than now.
func natWithin(at time.Time, hours int, now time.Time) bool {
	if hours <= 0 {
		hours = DefaultNATHours
	}
	return !at.IsZero() && !at.After(now) && now.Sub(at) <= time.Duration(hours)*time.Hour
}

// IncidentFever is the incident type of a confirmed fever; IncidentContactMet
// names a person who met someone they must not (a standby member, a contact);
// it makes that person a contact.
const (
	IncidentFever      = "fever"
	IncidentContactMet = "contact_met"
)

// currentPeriod returns the person's period covering day, the latest-starting
// one when periods overlap (a replanned rotation), nil when none.
func currentPeriod(plan []Period, badge, day string) *Period {
	var best *Period
	for i := range plan {
		p := &plan[i]
		if p.Badge != badge || !p.covers(day) {
			continue
		}
		if best == nil || p.Start > best.Start {
			best = p
		}
	}
	return best
}

// periodEndAt is the end of the period covering day, "" when none (then
// only a clearance ends a contact).
func periodEndAt(plan []Period, badge, day string) string {
	if p := currentPeriod(plan, badge, day); p != nil {
		return p.End
	}
	return ""
}

func periodBase(k PeriodKind) Base {
	switch k {
	case PeriodCustody:
		return BaseCustody
	case PeriodObservation:
		return BaseObservation
	case PeriodRest:
		return BaseRest
	case PeriodStandby:
		return BaseStandby
	}
	return BaseStaff
}

func assignmentBase(a Assignment) Base {
	switch a {
	case AssignCustody:
		return BaseCustody
	case AssignStandby:
		// The standby pool outside a stint: not isolated yet, treated as
		// unlisted office staff until a standby.start.
		return BaseUnlisted
	case AssignOffice:
		return BaseUnlisted
	case AssignWFH:
		return BaseWFH
	}
	return BaseStaff
}

// SortPeriods orders a plan by badge, then start.
func SortPeriods(ps []Period) {
	sort.Slice(ps, func(i, j int) bool {
		if ps[i].Badge != ps[j].Badge {
			return ps[i].Badge < ps[j].Badge
		}
		return ps[i].Start < ps[j].Start
	})
}

// Plan is one person's whole rotation plan: what the hub sends a terminal,
// replacing the person's periods there (an empty plan clears them).
type Plan struct {
	Badge   string
	Periods []Period
}

// PlansOf groups periods by person, in badge order, each plan's periods by
// start.
func PlansOf(ps []Period) []Plan {
	by := map[string][]Period{}
	for _, p := range ps {
		by[p.Badge] = append(by[p.Badge], p)
	}
	out := make([]Plan, 0, len(by))
	for b, periods := range by {
		SortPeriods(periods)
		out = append(out, Plan{Badge: b, Periods: periods})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Badge < out[j].Badge })
	return out
}

// Rotation is where a person stands in their rotation plan on a day: what
// gate 3 shows beside a standby step, so the guard sees the period in force
// and when the person next crosses the main gate.
type Rotation struct {
	// Current is the period covering the day, nil when the plan has none.
	Current *Period
	// Next is the first period starting after the day that is not the
	// current one, nil when none is planned.
	Next *Period
	// ChangeOver is the next change-over day on or after the day (the day
	// itself on a change-over day), "" when the plan has none ahead. It is
	// the day StatusOf sets ChangeOver on: the first or last day of custody
	// duty or standby, the first day of rest.
	ChangeOver string
}

// RotationOn reads a person's rotation plan on day ("2006-01-02").
func RotationOn(plan []Period, badge, day string) Rotation {
	r := Rotation{Current: currentPeriod(plan, badge, day)}
	for i := range plan {
		p := &plan[i]
		if p.Badge != badge {
			continue
		}
		if p.Start > day && p != r.Current && (r.Next == nil || p.Start < r.Next.Start) {
			r.Next = p
		}
		for _, d := range changeOverDays(*p) {
			// A day counts only where this period is the one in force
			// then (a replanned rotation overlaps periods).
			if d < day || (r.ChangeOver != "" && d >= r.ChangeOver) || currentPeriod(plan, badge, d) != p {
				continue
			}
			r.ChangeOver = d
		}
	}
	return r
}

// changeOverDays are a period's change-over days, for StatusOf's
// ChangeOver and RotationOn's alike. Custody and standby are entered on
// their first day and left on their last; rest begins by leaving the site
// on its first day; observation is left into rest, whose first day is the
// change-over.
func changeOverDays(p Period) []string {
	switch p.Kind {
	case PeriodCustody, PeriodStandby:
		return []string{p.Start, p.End}
	case PeriodRest:
		return []string{p.Start}
	}
	return nil
}
