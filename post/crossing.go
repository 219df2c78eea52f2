package post

import (
	"context"
	"strings"
	"time"

	"gatepost/gate"
	"gatepost/identity"
	"gatepost/record"
	"gatepost/store"
)

// MainGateInput is a crossing of the main gate (gate 1) as the guard typed
// it, already parsed (gate.ParseTemperature, gate.NormalizePlate, …).
type MainGateInput struct {
	Subject   record.Subject
	Direction record.Direction
	Badge     string
	IDNumber  string
	Name      string // as typed; the roster's name fills it when empty
	Plate     string
	Purpose   string
	Temp      *record.Tenths // nil when not taken
	// Health is what the guard asked under the epidemic profile, Visit
	// what a visitor gave (gate.CheckHealth; asked only when
	// Options.Config.Health has a profile).
	Health *gate.Health
	Visit  *gate.Visit
	// First is the saved first fever reading that Temp rechecks (from
	// Saved.Pending of the first decision); nil otherwise.
	First *FeverRef
	// Lookup is what the roster and the passes say about the subject when
	// the caller already knows it (the demo keeps them in memory); nil:
	// the service reads them from the store.
	Lookup *MainGateLookup
}

// MainGateLookup is the roster entry and passes for a gate-1 subject, and
// a staff member's closed-management status (§11; nil: the rule decides on
// the roster alone, as the demo does).
type MainGateLookup struct {
	Person *gate.Person
	Passes []gate.Pass
	Status *gate.Status
	// Standby is the person's stint, for the detail of a contact incident.
	Standby *gate.Stint
}

// personSubject reports whether a subject is a person the roster can name.
func personSubject(s record.Subject) bool {
	return s == record.SubjectStaff || s == record.SubjectDetainee || s == record.SubjectVisitor
}

// DecideMainGate applies the main gate's rule (gate.EvaluateGate1) to a
// crossing. Nothing is written. Input errors, which save nothing: no badge,
// ID number or plate at all (Badge, required); a vehicle without a plate
// (Plate, plate.empty); a person the rule admits so far but entering
// without a temperature (Temp, temp.empty). The subject follows the roster:
// a staff badge is recorded as staff, a detainee's as detainee, whatever was
// chosen. A first reading at or above the threshold gives a plan that
// NeedsRecheck: Save it at once.
func (s *Service) DecideMainGate(ctx context.Context, in MainGateInput) (Plan, error) {
	in.Badge, in.IDNumber, in.Name = strings.TrimSpace(in.Badge), strings.TrimSpace(in.IDNumber), strings.TrimSpace(in.Name)
	in.Plate, in.Purpose = strings.TrimSpace(in.Plate), strings.TrimSpace(in.Purpose)
	switch {
	case in.Subject == record.SubjectVehicle && in.Plate == "":
		return Plan{}, inputErr("Plate", gate.CodePlateEmpty, "")
	case in.Badge == "" && in.IDNumber == "" && in.Plate == "":
		return Plan{}, inputErr("Badge", CodeRequired, "")
	case gate.LooksLikePlate(in.Badge):
		// As a badge a plate would be sealed in the chain unnormalised,
		// outside the erasable registry (§6, §15): the console moves one
		// typed there to the plate; any other caller is refused.
		return Plan{}, inputErr("Badge", CodePlateBadge, in.Badge)
	case in.First != nil && in.Temp == nil:
		return Plan{}, inputErr("Temp", gate.CodeTempEmpty, "")
	}
	lk := in.Lookup
	if lk == nil {
		var err error
		if lk, err = s.lookupMainGate(ctx, in); err != nil {
			return Plan{}, err
		}
	}
	now := s.now()
	person := lk.Person
	if person == nil && gate.IsNumber(in.Name) {
		// Nobody's name is a number: a temperature typed into the name
		// field (Tab instead of Enter) would become the person's name. A
		// rostered person's typed name is not kept at all (below).
		return Plan{}, inputErr("Name", CodeNameNumber, in.Name)
	}
	if person != nil {
		if person.Name != "" {
			in.Name = person.Name // a rostered person is named by the roster
		}
		if in.Badge == "" {
			in.Badge = person.Badge
		}
		if personSubject(in.Subject) {
			in.Subject = record.SubjectStaff
			if person.Kind == gate.Detainee {
				in.Subject = record.SubjectDetainee
			}
		}
	}
	status := lk.Status
	if status != nil && status.Pending != nil && in.First == nil && in.Temp != nil {
		// A reading taken for someone whose first fever reading waits for
		// its recheck is that recheck, however the guard came to type it:
		// paired with the first, it lifts the wait or confirms the fever.
		in.First = &FeverRef{ID: status.Pending.ID, Gate: 1, Temp: status.Pending.Temp, Who: Who{Badge: in.Badge, Name: in.Name}}
	}
	if status != nil && in.First != nil {
		// The reading in hand is the recheck the status waits for.
		st := *status
		st.RecheckPending = false
		status = &st
	}
	gi := gate.Gate1Input{Subject: in.Subject, Direction: in.Direction, Person: person, Passes: lk.Passes, Plate: in.Plate,
		Temp: in.Temp, Rechecked: in.First != nil, Now: now, Badge: in.Badge, IDNumber: in.IDNumber,
		Health: in.Health, Visit: in.Visit, Status: status}
	d := gate.EvaluateGate1(s.cfg, gi)
	if d.Reason == gate.ReasonNeedTemp && in.Temp == nil {
		return Plan{}, inputErr("Temp", gate.CodeTempEmpty, "")
	}
	who := Who{Badge: in.Badge, IDNumber: in.IDNumber, Name: in.Name, Plate: in.Plate}
	if in.Badge == "" {
		if err := s.identify(ctx, &who, in, now); err != nil {
			return Plan{}, err
		}
	}
	p := Plan{Gate: 1, Kind: record.Passage, ID: s.newID(now), Who: who, Person: person, Allowed: d.Allowed,
		Reason: d.Reason, PassID: d.PassID, Passes: lk.Passes, Temp: in.Temp, First: in.First, Standby: lk.Standby, Status: status, Health: in.Health,
		overridable: d.Overridable}
	if in.Temp != nil {
		p.Fever = gate.IsFever(*in.Temp, s.cfg.FeverAt())
	}
	if d.NeedsRecheck {
		p.NeedsRecheck = true
		p.reading = &ReadingInput{Gate: 1, Who: who, Temp: *in.Temp}
		if person != nil {
			p.reading.Group = person.Unit
		}
	}
	b := record.PassageBody{Subject: in.Subject, Direction: in.Direction, Badge: in.Badge, Ident: who.Ident, Commit: who.Commit,
		Name: who.recordName(), Temp: in.Temp, Purpose: in.Purpose, Pass: d.PassID, Allowed: d.Allowed, Reason: string(d.Reason)}
	if in.First != nil {
		b.Temp, b.Recheck, b.First = tp(in.First.Temp), in.Temp, in.First.ID
		if d.Reason == gate.ReasonFever {
			inc := feverIncident(1, now, "", who, in.First.Temp, *in.Temp).Body.(record.IncidentBody)
			p.incident = &inc
		}
	}
	if d.ContactIncident {
		p.Contact = true
		p.incident = s.contactIncident(1, who, lk.Standby, now)
	}
	if d := healthAnswers(in.Health); !d.Empty() {
		h, c, err := s.healthDetail(d, now)
		if err != nil {
			return Plan{}, err
		}
		b.Health, b.HealthCommit, p.healthRow = h.Ref, c, &h
	}
	p.Body = b
	return p, nil
}

// healthAnswers is what the guard asked under the epidemic profile as a
// health detail (§15): kept erasable beside the log, the record keeping
// only the decision and its reason.
func healthAnswers(h *gate.Health) identity.HealthDetail {
	if h == nil {
		return identity.HealthDetail{}
	}
	d := identity.HealthDetail{Code: string(h.Code), RiskArea: h.RiskArea}
	if !h.NATAt.IsZero() {
		d.NATAt = h.NATAt.UTC().Format(time.RFC3339)
	}
	return d
}

// identify names someone without a badge by their identity registry row
// (§15): found by ID number or plate, or made new. What a visitor gave
// (phone, work unit, the person visited) goes into the row, not the record.
func (s *Service) identify(ctx context.Context, who *Who, in MainGateInput, now time.Time) error {
	f := identity.Fields{IDNumber: in.IDNumber, Name: in.Name, Plate: in.Plate}
	if in.Visit != nil {
		f.Phone, f.Unit, f.Visiting = in.Visit.Phone, in.Visit.WorkUnit, in.Visit.Visiting
	}
	if f.Identifying().Key() == "" {
		return nil
	}
	cat := identity.Visitor
	if in.IDNumber == "" {
		cat = identity.Vehicle
	}
	row, c, err := s.ids.Identify(ctx, cat, f, store.Day(now))
	if err != nil {
		return err
	}
	who.Ident, who.Commit, who.row = row.Ref, c, &row
	return nil
}

// contactIncident is the incident of a standby member seen where they must
// not be.
func (s *Service) contactIncident(gateNo int, who Who, stint *gate.Stint, now time.Time) *record.IncidentBody {
	days := 0
	if stint != nil {
		days = stint.DaysIn(now)
	}
	// Where and which day, as fields: each reader words them (the gate is
	// the record's).
	return &record.IncidentBody{Type: gate.IncidentContact, Badge: who.Badge, Name: who.Name, StandbyDay: max(days, 1)}
}

func (s *Service) lookupMainGate(ctx context.Context, in MainGateInput) (*MainGateLookup, error) {
	lk := &MainGateLookup{}
	id := in.IDNumber
	if key := in.Badge + in.IDNumber; key != "" {
		if in.Badge != "" {
			key = in.Badge
		}
		p, ok, err := s.person(ctx, key)
		if err != nil {
			return nil, err
		}
		if ok {
			lk.Person = &p
			if id == "" {
				id = p.IDNumber
			}
			if err := s.statusOf(ctx, p, &lk.Status, &lk.Standby); err != nil {
				return nil, err
			}
		}
	}
	var err error
	lk.Passes, err = s.st.FindPasses(ctx, in.Badge, id, in.Plate)
	return lk, err
}

// statusOf reads an active staff member's closed-management status and
// standby stint (§11); detainees and inactive staff have the gates' own
// rules.
func (s *Service) statusOf(ctx context.Context, p gate.Person, status **gate.Status, stint **gate.Stint) error {
	if p.Kind != gate.Staff || !p.Active {
		return nil
	}
	st, err := s.st.StatusOf(ctx, p, s.now(), s.cfg.FeverAt())
	if err != nil {
		return err
	}
	*status, *stint = &st, st.Stint // the status folded the person's standby records already
	return nil
}

// StaffGateInput is a crossing at the custody-zone entrance (gate 2) or the
// office (gate 4).
type StaffGateInput struct {
	Gate      int // 2 or 4
	Direction record.Direction
	Badge     string // a badge or resident ID number, as typed
	// Lookup is the person, their standby stint and (gate 4) today's
	// attendance when the caller knows them; nil: read from the store.
	Lookup *StaffLookup
}

// StaffLookup is what the staff gates' rules need about a person.
type StaffLookup struct {
	Person  *gate.Person
	Standby *gate.Stint
	Status  record.AttendanceStatus
	// Closed is the closed-management status (§11); when set it decides
	// in place of the assignment, Standby and Status (gate.StaffCrossing).
	Closed *gate.Status
}

// DecideStaffGate applies gate 2's or gate 4's rule. A standby member seen
// at either is a contact violation: the plan carries its incident. An empty
// badge is an input error.
func (s *Service) DecideStaffGate(ctx context.Context, in StaffGateInput) (Plan, error) {
	if in.Gate != 2 && in.Gate != 4 {
		return Plan{}, inputErr("Gate", CodeBadChoice, "")
	}
	badge := strings.ToUpper(strings.TrimSpace(in.Badge))
	if badge == "" {
		return Plan{}, inputErr("Badge", CodeRequired, "")
	}
	now := s.now()
	lk := in.Lookup
	if lk == nil {
		var err error
		if lk, err = s.lookupStaff(ctx, badge, store.Day(now), in.Gate == 4); err != nil {
			return Plan{}, err
		}
	}
	sc := gate.StaffCrossing{Direction: in.Direction, Badge: badge, Person: lk.Person, Standby: lk.Standby, Status: lk.Status,
		Closed: lk.Closed}
	var d gate.Decision
	if in.Gate == 4 {
		d = gate.EvaluateGate4(sc)
	} else {
		d = gate.EvaluateGate2(sc)
	}
	who := Who{Badge: badge}
	if lk.Person != nil {
		who.Badge, who.Name = lk.Person.Badge, lk.Person.Name
	}
	p := Plan{Gate: in.Gate, Kind: record.Passage, ID: s.newID(now), Who: who, Person: lk.Person, Allowed: d.Allowed,
		Reason: d.Reason, Standby: lk.Standby, Status: lk.Closed, overridable: d.Overridable,
		Body: record.PassageBody{Subject: record.SubjectStaff, Direction: in.Direction, Badge: who.Badge, Name: who.Name,
			Allowed: d.Allowed, Reason: string(d.Reason)}}
	if d.ContactIncident {
		p.Contact = true
		p.incident = s.contactIncident(in.Gate, who, lk.Standby, now)
	}
	return p, nil
}

func (s *Service) lookupStaff(ctx context.Context, badge, day string, attendance bool) (*StaffLookup, error) {
	lk := &StaffLookup{}
	p, ok, err := s.person(ctx, badge)
	if err != nil {
		return nil, err
	}
	if ok {
		lk.Person = &p
		badge = p.Badge // an ID number typed finds the badge the records use
		if err := s.statusOf(ctx, p, &lk.Closed, &lk.Standby); err != nil {
			return nil, err
		}
	}
	// The status folded the person's standby records already; only a
	// person the status was not read for (not on the roster, not active
	// staff) needs the standby records read on their own.
	if lk.Standby == nil && lk.Closed == nil {
		if lk.Standby, err = s.currentStint(ctx, badge); err != nil {
			return nil, err
		}
	}
	if attendance && lk.Closed == nil {
		// The status already holds the day's list (gate.StaffCrossing's
		// Closed decides in place of Status); only a person the status was
		// not read for needs the list read on its own.
		rows, err := s.st.AttendanceDay(ctx, day, badge)
		if err != nil {
			return nil, err
		}
		lk.Status = gate.AttendanceOf(store.Events(rows))[badge].Status
	}
	return lk, nil
}
