package post

import (
	"context"
	"slices"
	"strings"

	"gatepost/gate"
	"gatepost/record"
	"gatepost/store"
)

// Admissions and releases (§13 新收/出所) at the main gate. Under closed
// management no outside person comes in and no detainee goes out on a
// guard's word alone: both are written on the duty leader's checked
// authority (an Authority, as for an override), with the ground they give
// (the basis: the committal decision's or the release certificate's
// reference — never a name). The detainee is named by badge only (§15);
// a person the roster does not name yet gets the badge assigned on
// admission and the unit they are placed in, which under lockdown is the
// 新收 isolation area.

// DefaultAdmitUnit is the unit a form proposes for a new admission: the
// separate isolation area new admissions stay in before joining a unit.
const DefaultAdmitUnit = "新收隔离区"

// Input error codes of admissions and releases (InputError.Code).
const (
	CodeBadge = "badge.format"  // not a badge as the roster writes one (A–Z, 0–9, -; under 15)
	CodeBasis = "basis.invalid" // a basis too long or with control characters
	CodeUnit  = "unit.invalid"  // a unit too long or with control characters
)

// Refusal codes of admissions and releases (RefusedError.Code). Nothing
// was written.
const (
	// RefuseAdmitFever: the admission check found a fever. The person is
	// not admitted: the escort takes them to the fever clinic, and they
	// are brought back once it has excluded infection.
	RefuseAdmitFever = "admit.fever"
	// RefuseAdmitPresent: the badge is a detainee already in the facility.
	RefuseAdmitPresent = "admit.present"
	// RefuseAdmitStaff: the badge is a staff member's.
	RefuseAdmitStaff = "admit.staff"
	// RefuseReleaseAbsent: the badge is no detainee in the facility now.
	RefuseReleaseAbsent = "release.absent"
)

// MovementInput is an admission or a release as the guard entered it.
type MovementInput struct {
	Release bool
	Badge   string
	// An admission's unit (DefaultAdmitUnit when empty), source (one of
	// record.AdmitSources) and temperature taken at the gate.
	Unit   string
	Source string
	Temp   *record.Tenths
	// A release's type, one of record.ReleaseTypes.
	Type string
}

// MovementCheck is what CheckMovement found: the input as it will be
// written, and the roster's entry for the badge (nil for a person the
// roster does not name yet).
type MovementCheck struct {
	In     MovementInput
	Person *gate.Person
}

// person looks a person up by badge or resident ID number as the roster
// stands now (store.PersonAt): every decision of the service that names
// someone by what was typed reads the same roster as the roll-call, so a
// detainee admitted today is known and one released is no longer present.
func (s *Service) person(ctx context.Context, key string) (gate.Person, bool, error) {
	return s.st.PersonAt(ctx, key, s.now())
}

// CheckMovement checks an admission or a release before the supervisor is
// asked: the fields (an *InputError), and whether the badge may be
// admitted — not a detainee present, not staff, no fever — or released —
// a detainee present (a *RefusedError). Nothing is written.
func (s *Service) CheckMovement(ctx context.Context, in MovementInput) (MovementCheck, error) {
	in.Badge = strings.ToUpper(strings.TrimSpace(in.Badge))
	in.Unit = strings.TrimSpace(in.Unit)
	if in.Badge == "" {
		return MovementCheck{}, inputErr("Badge", CodeRequired, "")
	}
	if gate.LooksLikeResidentID(in.Badge) || len(in.Badge) >= 15 {
		return MovementCheck{}, inputErr("Badge", CodeBadge, in.Badge)
	}
	if in.Release {
		if !slices.Contains(record.ReleaseTypes, in.Type) {
			return MovementCheck{}, inputErr("Type", CodeBadChoice, in.Type)
		}
	} else {
		if in.Unit == "" {
			in.Unit = DefaultAdmitUnit
		}
		switch {
		case !slices.Contains(record.AdmitSources, in.Source):
			return MovementCheck{}, inputErr("Source", CodeBadChoice, in.Source)
		case in.Temp == nil:
			return MovementCheck{}, inputErr("Temp", gate.CodeTempEmpty, "")
		case *in.Temp < gate.MinPlausible || *in.Temp > gate.MaxPlausible:
			return MovementCheck{}, inputErr("Temp", gate.CodeTempImplausible, in.Temp.String())
		}
	}
	// The badge as the record will hold it: the record's own check.
	if err := (record.ReleaseBody{Badge: in.Badge, Type: record.ReleaseOther, Supervisor: "-", Basis: "-"}).Validate(); err != nil {
		return MovementCheck{}, inputErr("Badge", CodeBadge, in.Badge)
	}
	// The badge as the roster stands now (its own movements read by an
	// index), not the whole roster folded to find one person.
	p, ok, err := s.person(ctx, in.Badge)
	if err != nil {
		return MovementCheck{}, err
	}
	var who *gate.Person
	if ok && p.Badge == in.Badge {
		who = &p
	}
	present := who != nil && who.Active && who.Kind == gate.Detainee
	switch {
	case who != nil && who.Kind == gate.Staff:
		return MovementCheck{}, &RefusedError{Code: RefuseAdmitStaff}
	case in.Release && !present:
		return MovementCheck{}, &RefusedError{Code: RefuseReleaseAbsent}
	case !in.Release && present:
		return MovementCheck{}, &RefusedError{Code: RefuseAdmitPresent}
	case !in.Release && gate.IsFever(*in.Temp, s.cfg.FeverAt()):
		return MovementCheck{}, &RefusedError{Code: RefuseAdmitFever}
	}
	if !in.Release && who != nil && who.Unit != "" {
		in.Unit = who.Unit // a badge published ahead: the roster's unit
	}
	if !in.Release {
		// Badge, source and temperature are checked: what the record's own
		// check still refuses is the unit.
		if err := (record.AdmissionBody{Badge: in.Badge, Unit: in.Unit, Source: in.Source, Temp: *in.Temp, Supervisor: "-", Basis: "-"}).Validate(); err != nil {
			return MovementCheck{}, inputErr("Unit", CodeUnit, in.Unit)
		}
	}
	return MovementCheck{In: in, Person: who}, nil
}

// Admit writes a detainee.admission at the main gate on the supervisor's
// checked authority, with the ground they give (basis). in.Release must be
// false. The checks of CheckMovement are made again, now.
func (s *Service) Admit(ctx context.Context, guard gate.Guard, a Authority, in MovementInput, basis string) (Saved, error) {
	in.Release = false
	return s.move(ctx, guard, a, in, basis)
}

// Release writes a detainee.release at the main gate on the supervisor's
// checked authority, with the ground they give (basis).
func (s *Service) Release(ctx context.Context, guard gate.Guard, a Authority, in MovementInput, basis string) (Saved, error) {
	in.Release = true
	return s.move(ctx, guard, a, in, basis)
}

func (s *Service) move(ctx context.Context, guard gate.Guard, a Authority, in MovementInput, basis string) (Saved, error) {
	basis = strings.TrimSpace(basis)
	if basis == "" {
		return Saved{}, inputErr("Basis", CodeRequired, "")
	}
	chk, err := s.CheckMovement(ctx, in)
	if err != nil {
		return Saved{}, err
	}
	in = chk.In
	var body record.Validator
	kind := record.Admission
	if in.Release {
		kind, body = record.Release, record.ReleaseBody{Badge: in.Badge, Type: in.Type, Supervisor: "-", Basis: basis}
	} else {
		body = record.AdmissionBody{Badge: in.Badge, Unit: in.Unit, Source: in.Source, Temp: *in.Temp, Supervisor: "-", Basis: basis}
	}
	if err := body.Validate(); err != nil {
		return Saved{}, inputErr("Basis", CodeBasis, basis)
	}
	sup, err := a.supervisor(ctx, s, freeText{"Basis", basis}, freeText{"Unit", in.Unit})
	if err != nil {
		return Saved{}, err
	}
	switch b := body.(type) {
	case record.AdmissionBody:
		b.Supervisor = sup.Badge
		body = b
	case record.ReleaseBody:
		b.Supervisor = sup.Badge
		body = b
	}
	who := Who{Badge: in.Badge}
	if chk.Person != nil {
		who.Name = chk.Person.Name
	}
	out := Saved{Kind: kind, Gate: 1, Allowed: true, Who: who, Temp: in.Temp}
	return s.write(ctx, guard, out, []store.Draft{draft(kind, 1, s.now(), "", body)})
}
