package gate

import (
	"time"

	"gatepost/record"
)

// Reason is the code of a gate decision. The UI translates it into plain
// words for the guard (§2) and the daily report counts denials by it (§3), so
// the values are stable keys, never text.
type Reason string

// Gate 1 reasons.
const (
	ReasonStaff         Reason = "staff"           // admitted: active staff on the roster
	ReasonPass          Reason = "pass"            // admitted: valid pass
	ReasonExit          Reason = "exit"            // leaving: always allowed (recorded)
	ReasonNotOnRoster   Reason = "not_on_roster"   // person unknown and no valid pass
	ReasonInactive      Reason = "inactive"        // on roster but not active
	ReasonPassExpired   Reason = "pass_expired"    // a pass exists for them but not valid now
	ReasonVehicleNoPass Reason = "vehicle_no_pass" // outside vehicle without valid plate pass
	ReasonNeedTemp      Reason = "need_temp"       // a person entering without a (plausible) temperature
	ReasonFever         Reason = "fever"           // temperature at/above threshold
	ReasonDetainee      Reason = "detainee_escort" // detainee movement without a valid escort pass
	ReasonNeedIdentity  Reason = "need_identity"   // no badge / ID / plate given
)

// Reasons lists every gate 1 reason, so the UI's catalogue and the daily
// report can be tested for completeness.
var Reasons = []Reason{
	ReasonStaff, ReasonPass, ReasonExit,
	ReasonNotOnRoster, ReasonInactive, ReasonPassExpired, ReasonVehicleNoPass,
	ReasonNeedTemp, ReasonFever, ReasonDetainee, ReasonNeedIdentity,
}

// ReasonAllows reports whether a decision with reason r lets the subject
// through. Only staff, pass and exit admit (and, at gates 2 and 4, custody
// duty and the on-site list); every other reason is a denial a supervisor
// may override.
func ReasonAllows(r Reason) bool {
	switch r {
	case ReasonStaff, ReasonPass, ReasonExit, ReasonCustody, ReasonOnSite, ReasonCalledUp, ReasonChangeOver:
		return true
	}
	return false
}

// Decision is the outcome of a gate rule.
type Decision struct {
	Allowed bool
	Reason  Reason
	// PassID is the pass that admitted, set only when Allowed by a pass (or,
	// for a delivery van, the van's plate pass).
	PassID string
	// NeedsRecheck asks the UI to measure again: the first fever reading is
	// not trusted on its own (§6).
	NeedsRecheck bool
	// Overridable says a supervisor may override this denial (§2, §11):
	// never a fever, a fever bar or a missing temperature, and an entry only
	// with a normal temperature taken. Set only when the rule was given the
	// person's Status (or for the reasons that are never overridable).
	Overridable bool
	// ContactIncident asks the caller to write a contact incident with the
	// passage (a standby member where they must not be).
	ContactIncident bool
}

// Gate1Input is everything the main-gate rule needs. The caller looks the
// typed badge, ID number or plate up in the roster and the passes; the rule
// itself does no I/O and never reads the clock.
type Gate1Input struct {
	Subject   record.Subject
	Direction record.Direction
	Person    *Person        // roster match by badge or ID number, nil if none
	Passes    []Pass         // passes matching this badge / ID number / plate, any validity
	Plate     string         // normalised, for vehicles and deliveries by vehicle
	Temp      *record.Tenths // nil when not taken
	Rechecked bool           // Temp is a confirmed recheck
	Now       time.Time

	// Badge and IDNumber are what the guard typed to name a person, whether
	// or not it matched anything. They tell "nobody was named"
	// (need_identity) from "someone was named and is unknown"
	// (not_on_roster). Leaving them empty is safe: an unknown person is then
	// denied need_identity instead.
	Badge    string
	IDNumber string

	// Health is what the guard asked under the epidemic profile and Visit
	// what a visitor gave; see CheckHealth.
	Health *Health
	Visit  *Visit

	// Status is the person's closed-management status (§11), nil when the
	// caller has none to give: the rule then decides on the roster alone,
	// as before there was a status.
	Status *Status
}

// Config holds a facility's gate settings.
type Config struct {
	Fever record.Tenths // fever threshold; zero means DefaultFever
	// Health is the main gate's health checks (§11). A zero Profile asks
	// for none: callers that have not set the facility's profile decide as
	// before the checks existed; the console passes the setting, whose
	// default is epidemic.
	Health HealthConfig
}

// FeverAt returns the fever threshold in force. A zero or negative setting
// (an unset config file field) falls back to DefaultFever rather than making
// everyone a fever case or nobody one.
func (c Config) FeverAt() record.Tenths {
	if c.Fever <= 0 {
		return DefaultFever
	}
	return c.Fever
}

// EvaluateGate1 applies the main gate's closed management (§2, gate 1).
//
// Leaving is always allowed (ReasonExit) and only recorded, except for a
// detainee: a detainee crossing the main gate in either direction (to
// hospital or back, under escort) needs a valid pass, else
// ReasonDetainee. A detainee is recognised by the subject the guard chose or
// by the roster, whichever says so, so a detainee can never pass as staff.
//
// Entering, the checks run in a fixed order so the guard always hears the
// first thing to fix: identity given at all (need_identity), then who it is
// (roster or pass, and the person's Status when given), then the
// temperature — except that a fever reading outranks an identity or status
// denial (it must be recorded and rechecked, and is never overridable), and
// such a denial is overridable only with a normal temperature taken.
//
//   - Vehicle: a valid pass for its plate (pass), else pass_expired when the
//     plate has only a pass outside its window, else vehicle_no_pass. Staff
//     cars are outside vehicles like any other. No temperature: the people
//     in it cross as persons.
//   - Delivery with a plate: the van is checked like a vehicle. If nobody is
//     named it stops there (no temperature); if the driver is named, the
//     driver is also checked as a person below.
//   - Person (staff, visitor, delivery on foot, any unknown subject): active
//     staff on the roster (staff), else a valid person pass (pass), else
//     pass_expired / inactive / not_on_roster.
//   - A person admitted so far needs a plausible temperature (need_temp when
//     missing or outside 34.0–42.5, i.e. measure again). At or above the
//     fever threshold the first reading asks for a recheck (fever,
//     NeedsRecheck); a confirmed recheck still at fever is a final fever
//     denial, and the UI raises an incident.
//
// Passes are trusted to belong to the person or plate (the caller looked them
// up); the rule only tells person passes (badge or ID number set) from plate
// passes, so a driver's pass never admits a van or the reverse. Validity is
// Pass.ValidAt: from inclusive, to exclusive. A direction other than "out"
// is treated as entering, the strict case.
func EvaluateGate1(c Config, in Gate1Input) Decision {
	detainee := in.Subject == record.SubjectDetainee || (in.Person != nil && in.Person.Kind == Detainee)
	if in.Direction == record.Out && !detainee {
		if staffStatus(in) != nil {
			return fromVerdict(MayCross(*in.Status, 1, record.Out))
		}
		return Decision{Allowed: true, Reason: ReasonExit}
	}
	named := in.Person != nil || in.Badge != "" || in.IDNumber != "" || hasPersonPass(in.Passes)

	if detainee {
		if !named {
			return deny(ReasonNeedIdentity)
		}
		// A detainee released (or never admitted, as the roster stands
		// now) is nobody's to escort: a pass issued before the release
		// does not carry them through.
		if in.Person != nil && !in.Person.Active {
			if in.Direction == record.Out {
				return deny(ReasonInactive)
			}
			return entryDenial(c, in, deny(ReasonInactive))
		}
		p, _ := personPass(in.Passes, in.Now)
		if p == nil {
			if in.Direction == record.Out {
				return deny(ReasonDetainee)
			}
			return entryDenial(c, in, deny(ReasonDetainee))
		}
		d := Decision{Allowed: true, Reason: ReasonPass, PassID: p.ID}
		if in.Direction == record.Out {
			return d
		}
		return checkTemp(c, in, d)
	}

	var platePassID string
	switch {
	case in.Subject == record.SubjectVehicle:
		return vehicleDecision(in)
	case in.Subject == record.SubjectDelivery && in.Plate != "":
		d := vehicleDecision(in)
		if !d.Allowed || !named {
			return d
		}
		platePassID = d.PassID
	}

	if !named {
		return deny(ReasonNeedIdentity)
	}
	d := personDecision(in)
	if st := staffStatus(in); st != nil && d.Allowed {
		if st.RecheckPending && plausible(in.Temp) {
			// The reading taken now is the recheck the first one waits
			// for: a normal one lifts it, a fever confirms it.
			waiting := *st
			waiting.RecheckPending = false
			st, in.Rechecked = &waiting, true
		}
		// A bar is decided before the thermometer: a confirmed fever is not
		// undone by a normal reading at the gate, only by a clearance.
		v := MayCross(*st, 1, record.In)
		if !v.Allowed && !v.Overridable {
			return fromVerdict(v)
		}
		if v.Allowed {
			d.Reason = v.Reason
		} else {
			d = fromVerdict(v)
		}
	}
	if !d.Allowed {
		return entryDenial(c, in, d)
	}
	if d.PassID == "" {
		d.PassID = platePassID
	}
	return checkHealth(c, in, checkTemp(c, in, d))
}

// checkHealth applies the profile's checks to a person admitted so far,
// temperature included: a health-check denial is then overridable, the
// temperature being normal.
func checkHealth(c Config, in Gate1Input, d Decision) Decision {
	if !d.Allowed || c.Health.Profile == "" {
		return d
	}
	if r := CheckHealth(c.Health, in.Subject, in.Health, in.Visit, in.Now); r != "" {
		return deny(r)
	}
	return d
}

// plausible reports a reading taken and within the plausible range.
func plausible(t *record.Tenths) bool { return t != nil && *t >= MinPlausible && *t <= MaxPlausible }

// staffStatus returns the status to apply at gate 1: given, and the person
// active staff on the roster (detainees, visitors and passes have their own
// rules).
func staffStatus(in Gate1Input) *Status {
	if in.Status == nil || in.Person == nil || in.Person.Kind != Staff || !in.Person.Active {
		return nil
	}
	return in.Status
}

func fromVerdict(v Verdict) Decision {
	return Decision{Allowed: v.Allowed, Reason: v.Reason, Overridable: v.Overridable, ContactIncident: v.ContactIncident}
}

// entryDenial completes a denial of a person entering: a fever reading
// outranks the denial (the fever is what must be recorded and acted on, and
// it is never overridable), and any other denial may be overridden only with
// a normal temperature taken — an override admits a person, and nobody
// enters unmeasured (§11).
func entryDenial(c Config, in Gate1Input, d Decision) Decision {
	if plausible(in.Temp) && IsFever(*in.Temp, c.FeverAt()) {
		return Decision{Reason: ReasonFever, NeedsRecheck: !in.Rechecked}
	}
	d.Overridable = Overridable(d.Reason) && plausible(in.Temp)
	return d
}

// deny is a denial with its reason; whether a supervisor may override it
// follows the reason (entryDenial narrows it for a person entering).
func deny(r Reason) Decision { return Decision{Reason: r, Overridable: Overridable(r)} }

// vehicleDecision admits a vehicle only with a plate pass valid now.
func vehicleDecision(in Gate1Input) Decision {
	if in.Plate == "" {
		return deny(ReasonNeedIdentity)
	}
	expired := false
	for i := range in.Passes {
		p := &in.Passes[i]
		if !samePlate(p.Plate, in.Plate) {
			continue
		}
		if p.ValidAt(in.Now) {
			return Decision{Allowed: true, Reason: ReasonPass, PassID: p.ID}
		}
		expired = true
	}
	if expired {
		return deny(ReasonPassExpired)
	}
	return deny(ReasonVehicleNoPass)
}

// personDecision decides on a named person who is not a detainee.
func personDecision(in Gate1Input) Decision {
	if in.Person != nil && in.Person.Kind == Staff && in.Person.Active {
		return Decision{Allowed: true, Reason: ReasonStaff}
	}
	p, seen := personPass(in.Passes, in.Now)
	switch {
	case p != nil:
		return Decision{Allowed: true, Reason: ReasonPass, PassID: p.ID}
	case seen:
		// The pass was their way in; saying it expired tells the guard
		// what to ask for, even if they are also an inactive roster entry.
		return deny(ReasonPassExpired)
	case in.Person != nil:
		return deny(ReasonInactive)
	}
	return deny(ReasonNotOnRoster)
}

// checkTemp applies the temperature rule to a person already admitted by
// identity.
func checkTemp(c Config, in Gate1Input, d Decision) Decision {
	if !plausible(in.Temp) {
		return deny(ReasonNeedTemp)
	}
	if IsFever(*in.Temp, c.FeverAt()) {
		return Decision{Reason: ReasonFever, NeedsRecheck: !in.Rechecked}
	}
	return d
}

func isPersonPass(p *Pass) bool { return p.Badge != "" || p.IDNumber != "" }

func hasPersonPass(ps []Pass) bool {
	for i := range ps {
		if isPersonPass(&ps[i]) {
			return true
		}
	}
	return false
}

// personPass returns the first person pass valid at now, and whether any
// person pass was given at all.
func personPass(ps []Pass, now time.Time) (valid *Pass, seen bool) {
	for i := range ps {
		p := &ps[i]
		if !isPersonPass(p) {
			continue
		}
		seen = true
		if p.ValidAt(now) {
			return p, true
		}
	}
	return nil, seen
}
