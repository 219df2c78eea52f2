package gate

import (
	"time"

	"gatepost/record"
)

// Reasons of the staff gates (2 custody-zone entrance, 4 office). They join
// the gate-1 reasons in the same namespace: a passage's reason is one code
// whatever the gate, so the log and the daily report read them alike.
const (
	ReasonCustody        Reason = "custody"         // admitted at gate 2: on custody duty
	ReasonOnSite         Reason = "on_site"         // admitted at gate 4: on today's on-site list
	ReasonNotStaff       Reason = "not_staff"       // a detainee at a staff-only post
	ReasonNoContact      Reason = "no_contact"      // not on custody duty: isolated staff meet nobody else
	ReasonStandbyContact Reason = "standby_contact" // in standby quarantine, seen at gate 2 or 4: contact violation
	ReasonWFH            Reason = "wfh"             // works from home today
	ReasonNotOnList      Reason = "not_on_list"     // not on today's on-site list (or no list yet)
)

// StaffGateReasons lists every reason EvaluateGate2 and EvaluateGate4 can
// give, so the UI's catalogue can be tested for completeness.
var StaffGateReasons = []Reason{
	ReasonCustody, ReasonOnSite, ReasonExit, ReasonNeedIdentity, ReasonNotOnRoster, ReasonInactive,
	ReasonNotStaff, ReasonNoContact, ReasonStandbyContact, ReasonWFH, ReasonNotOnList,
}

// Event is a record as the gate-2–5 rules see it: with whether a later
// record voided it. A voided record never counts: a voided disinfection
// leaves the supply undisinfected, a voided standby.end leaves the person in
// standby.
type Event struct {
	record.Record
	Voided bool
}

// StaffCrossing is what the gate-2 and gate-4 rules need about one crossing.
type StaffCrossing struct {
	Direction record.Direction
	Badge     string  // what the guard typed, matched or not
	Person    *Person // roster match, nil if none
	// Standby is the person's current standby stint, nil when they are not
	// in standby. The caller reads it from the standby records (StandbyNow).
	Standby *Stint
	// Status is the person's attendance today (gate 4 only), "" when the
	// day's list does not name them.
	Status record.AttendanceStatus
	// Closed is the person's closed-management status (§11); when given it
	// decides, through MayCross, in place of the assignment, Standby and
	// Status above.
	Closed *Status
}

// closedDecision applies MayCross at gate g once staffFirst's identity
// checks have passed; ok is false when no status was given.
func closedDecision(in StaffCrossing, g int) (Decision, bool) {
	if in.Closed == nil {
		return Decision{}, false
	}
	return fromVerdict(MayCross(*in.Closed, g, in.Direction)), true
}

// ContactViolation reports whether a decision is the cross-gate standby
// violation, for which the UI writes an incident of type "contact".
func (d Decision) ContactViolation() bool { return d.Reason == ReasonStandbyContact }

// IncidentContact is the incident type of a contact violation.
const IncidentContact = "contact"

// staffFirst applies the checks both staff gates start with, in the order the
// guard needs to hear them: someone named, known, staff, active, and not in
// standby (in either direction: a standby member must not be at these gates
// at all). ok is false with the denial when one fails.
func staffFirst(in StaffCrossing) (Decision, bool) {
	switch {
	case in.Person == nil && in.Badge == "":
		return deny(ReasonNeedIdentity), false
	case in.Person == nil:
		return deny(ReasonNotOnRoster), false
	case in.Person.Kind != Staff:
		return deny(ReasonNotStaff), false
	case !in.Person.Active:
		return deny(ReasonInactive), false
	case in.Standby != nil:
		d := deny(ReasonStandbyContact)
		d.ContactIncident = true
		return d, false
	}
	return Decision{}, true
}

// EvaluateGate2 decides a staff crossing at the custody-zone entrance (§2
// gate 2). Custody-duty staff are isolated with the detainees; everyone else
// (office, work-from-home, unassigned, standby-pool staff) is denied with
// no_contact so the two groups never meet. Someone currently in standby
// quarantine is a contact violation whatever their assignment. Leaving is
// allowed for any known, active staff member not in standby: keeping someone
// inside would not undo the contact.
func EvaluateGate2(in StaffCrossing) Decision {
	if d, ok := staffFirst(in); !ok {
		return d
	}
	if d, ok := closedDecision(in, 2); ok {
		return d
	}
	if in.Direction == record.Out {
		return Decision{Allowed: true, Reason: ReasonExit}
	}
	if in.Person.Assignment == AssignCustody {
		return Decision{Allowed: true, Reason: ReasonCustody}
	}
	return deny(ReasonNoContact)
}

// SupplyStage is where a supply is in its lifecycle at gate 2.
type SupplyStage string

// Supply stages, in order.
const (
	StageReceived     SupplyStage = "received"     // waiting to be disinfected
	StageDisinfecting SupplyStage = "disinfecting" // contact time still running
	StageReady        SupplyStage = "ready"        // may be stored
	StageStored       SupplyStage = "stored"
)

// Step is one later record of a supply's lifecycle.
type Step[B any] struct {
	ID   string
	Seq  int64
	At   time.Time
	Body B
}

// Supply is a delivery at gate 2 with the steps recorded for it so far.
type Supply struct {
	ID          string
	Seq         int64
	At          time.Time // received
	Body        record.SupplyReceivedBody
	Disinfected *Step[record.SupplyDisinfectedBody] // the latest, nil when none
	Stored      *Step[record.SupplyStoredBody]
}

// ContactEnds is when the latest disinfection's contact time is over; zero
// when the supply has not been disinfected.
func (s Supply) ContactEnds() time.Time {
	if s.Disinfected == nil {
		return time.Time{}
	}
	return s.Disinfected.At.Add(time.Duration(s.Disinfected.Body.ContactMin) * time.Minute)
}

// MinutesLeft is the contact time still to run at now, rounded up so that
// "0" means it is over; 0 when not disinfected.
func (s Supply) MinutesLeft(now time.Time) int {
	if s.Disinfected == nil {
		return 0
	}
	left := s.ContactEnds().Sub(now)
	if left <= 0 {
		return 0
	}
	return int((left + time.Minute - 1) / time.Minute)
}

// Stage is the supply's stage at now.
func (s Supply) Stage(now time.Time) SupplyStage {
	switch {
	case s.Stored != nil:
		return StageStored
	case s.Disinfected == nil:
		return StageReceived
	case now.Before(s.ContactEnds()):
		return StageDisinfecting
	}
	return StageReady
}

// Supplies folds supply records (received, disinfected, stored, in seq
// order, as the store returns them) into supplies, oldest first. Voided
// records are skipped; a step whose supply is unknown (voided, or received
// before the window the caller read) is ignored. A second disinfection
// replaces the first: its contact time is the one that counts.
func Supplies(evs []Event) []Supply {
	var out []Supply
	at := map[string]int{}
	for _, e := range evs {
		if e.Voided {
			continue
		}
		switch e.Kind {
		case record.SupplyReceived:
			var b record.SupplyReceivedBody
			if e.Decode(&b) != nil {
				continue
			}
			at[e.ID] = len(out)
			out = append(out, Supply{ID: e.ID, Seq: e.Seq, At: e.At, Body: b})
		case record.SupplyDisinfected:
			var b record.SupplyDisinfectedBody
			if e.Decode(&b) != nil {
				continue
			}
			if i, ok := at[b.Supply]; ok && out[i].Stored == nil {
				out[i].Disinfected = &Step[record.SupplyDisinfectedBody]{ID: e.ID, Seq: e.Seq, At: e.At, Body: b}
			}
		case record.SupplyStored:
			var b record.SupplyStoredBody
			if e.Decode(&b) != nil {
				continue
			}
			if i, ok := at[b.Supply]; ok {
				out[i].Stored = &Step[record.SupplyStoredBody]{ID: e.ID, Seq: e.Seq, At: e.At, Body: b}
			}
		}
	}
	return out
}

// Supply refusal codes: why a step cannot be recorded.
const (
	RefuseNotDisinfected = "not_disinfected" // storing before any disinfection
	RefuseContactTime    = "contact_time"    // storing before the contact time is over
	RefuseAlreadyStored  = "already_stored"  // disinfecting or storing a supply already stored
	RefuseNoMethod       = "no_method"       // a disinfection needs a method
	RefuseContactRange   = "contact_range"   // contact time must be 0–1440 minutes
	RefuseNoLocation     = "no_location"     // storing needs a location
)

// SupplyRefusals lists every refusal code, for the catalogue test.
var SupplyRefusals = []string{RefuseNotDisinfected, RefuseContactTime, RefuseAlreadyStored, RefuseNoMethod, RefuseContactRange, RefuseNoLocation}

// MaxContactMin bounds a contact time: a day is longer than any method needs.
const MaxContactMin = 24 * 60

// SupplyCheck is the answer to "may this step be recorded now?". Refuse is
// "" when it may; MinutesLeft is set with RefuseContactTime.
type SupplyCheck struct {
	Refuse      string
	MinutesLeft int
}

// OK reports whether the step may be recorded.
func (c SupplyCheck) OK() bool { return c.Refuse == "" }

// CheckDisinfect decides whether a disinfection of s may be recorded. A
// supply may be disinfected again (the new contact time then counts) but not
// once it is stored.
func CheckDisinfect(s Supply, b record.SupplyDisinfectedBody) SupplyCheck {
	switch {
	case s.Stored != nil:
		return SupplyCheck{Refuse: RefuseAlreadyStored}
	case b.Method == "":
		return SupplyCheck{Refuse: RefuseNoMethod}
	case b.ContactMin < 0 || b.ContactMin > MaxContactMin:
		return SupplyCheck{Refuse: RefuseContactRange}
	}
	return SupplyCheck{}
}

// CheckStore decides whether s may go into storage at now (§2 gate 2: not
// before it is disinfected and its contact time has passed). The location
// is checked last: the guard first needs to hear that the supply is not
// ready, whatever they typed.
func CheckStore(s Supply, location string, now time.Time) SupplyCheck {
	switch {
	case s.Stored != nil:
		return SupplyCheck{Refuse: RefuseAlreadyStored}
	case s.Disinfected == nil:
		return SupplyCheck{Refuse: RefuseNotDisinfected}
	case now.Before(s.ContactEnds()):
		return SupplyCheck{Refuse: RefuseContactTime, MinutesLeft: s.MinutesLeft(now)}
	case location == "":
		return SupplyCheck{Refuse: RefuseNoLocation}
	}
	return SupplyCheck{}
}

// DisinfectPreset is a common disinfection, offered so the guard does not
// type it every time; every field stays editable. Agent names are in the
// UI's catalogue under "preset.<Name>".
type DisinfectPreset struct {
	Name          string
	Method        record.DisinfectMethod
	Concentration string
	ContactMin    int
}

// DisinfectPresets are the methods of the prevention guidelines the seed
// refers to: chlorine-based disinfectant at 500 mg/L effective chlorine for
// 30 minutes (soak or spray), a 75 % alcohol wipe (3 minutes' contact), an
// ultraviolet lamp for 30 minutes.
var DisinfectPresets = []DisinfectPreset{
	{Name: "chlorine", Method: record.MethodSpray, Concentration: "500 mg/L", ContactMin: 30},
	{Name: "alcohol", Method: record.MethodWipe, Concentration: "75%", ContactMin: 3},
	{Name: "uv", Method: record.MethodUV, ContactMin: 30},
}
