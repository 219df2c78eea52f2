package post

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"gatepost/gate"
	"gatepost/identity"
	"gatepost/record"
	"gatepost/store"
)

// Plan is a decision not yet written: what the rule said and the record it
// becomes. A Decide… function makes it (reading what the rule needs, but
// writing nothing), the UI shows it, and Save writes it — or Override, for
// a denied crossing a supervisor lets through. A plan is a value: keeping
// it while the guard reads the decision holds no lock.
type Plan struct {
	Gate int
	Kind record.Kind
	// ID is the main record's id, fixed when decided, so an override
	// written with it can name it.
	ID     string
	Who    Who
	Person *gate.Person // the roster entry, when the subject is on it
	// Allowed: a crossing the rule admits, a food delivery accepted; true
	// for the other steps, which are refused instead of planned.
	Allowed bool
	Reason  gate.Reason   // a crossing's (or a standby action's) reason
	Reasons []gate.Reason // a rejected food delivery's reasons
	PassID  string        // the pass that admitted
	// Passes are the passes the main gate's rule read for the subject
	// (gate 1), so the console shows the pass's note and validity
	// without reading them again.
	Passes []gate.Pass
	// Temp is the reading that decides, as understood; First the saved
	// first reading when Temp is its recheck.
	Temp  *record.Tenths
	First *FeverRef
	// NeedsRecheck: the reading is a first fever. Save saves it alone, at
	// once, as waiting for its recheck (Saved.Pending); decide again with
	// the recheck as Temp and Saved.Pending as First.
	NeedsRecheck bool
	Fever        bool // the decisive reading is a fever (confirmed when First is set)
	Contact      bool // a standby member at gate 2 or 4: an incident is written with it
	// Standby is the person's current stint (gates 2–4), nil when none.
	Standby *gate.Stint
	// Status is the closed-management status the rule decided on (§11),
	// nil when it decided on the roster alone: the console shows it on the
	// decision line, so the guard sees why before the reason.
	Status *gate.Status
	// Rotation is the person's rotation plan today (gate 3): the period in
	// force and the next change-over, for the guard to see beside a standby
	// step. Nil when the plan was not read.
	Rotation *gate.Rotation
	// Health is what the guard asked at the main gate under the epidemic
	// profile (MainGateInput.Health: the health-code colour, when the
	// latest nucleic-acid sample was taken, travel from a risk area), nil
	// when nothing was asked. It is not part of Body: a person's health
	// details are kept apart from the append-only log, where they can be
	// erased: Save writes them to the health-detail table (§15) and the
	// passage names them by reference and commitment only.
	Health *gate.Health
	// Body is the main record's body as it will be written (a
	// record.PassageBody, record.SupplyStoredBody, …): what the UI
	// summarises before Enter.
	Body any

	overridable bool                 // the rule's Decision.Overridable
	decided     time.Time            // when decided: a body that counts from it moves with the save
	incident    *record.IncidentBody // written after the main record, pointing at it
	reading     *ReadingInput        // NeedsRecheck: the first reading to save
	healthRow   *identity.HealthRow  // Health as the detail Body names (§15), written with it
}

// Overridable reports whether a supervisor may let this denied crossing
// through: the rule's word (gate.Decision.Overridable) — never a fever, a
// fever bar, a pending recheck or a missing temperature, and a person
// entering only with a normal temperature taken.
func (p Plan) Overridable() bool {
	return p.Kind == record.Passage && !p.Allowed && !p.NeedsRecheck && p.overridable
}

// Named is p with the person's name as the guard's screen completed it
// (from a pass's holder, say) after the decision: into the identity
// registry row for someone named by reference (§15), into the passage for
// anyone else; a name already there is kept.
func (p Plan) Named(name string) Plan {
	name = strings.TrimSpace(name)
	if name == "" || p.Who.Name != "" && p.Who.row == nil {
		return p
	}
	p.Who.Name = name
	if p.Who.row != nil {
		row := *p.Who.row
		if row.Fields.Name == "" {
			row.Fields.Name = name
		}
		p.Who.row = &row
		return p
	}
	if b, ok := p.Body.(record.PassageBody); ok && b.Name == "" {
		b.Name = name
		p.Body = b
	}
	return p
}

// errEmptyPlan: a zero Plan given to Save.
var errEmptyPlan = errors.New("post: nothing decided to save")

// Save writes a plan: the main record and, in the same transaction, the
// incident the decision raises (a confirmed fever, a contact violation). A
// plan that needs a recheck saves its first reading instead.
func (s *Service) Save(ctx context.Context, guard gate.Guard, p Plan) (Saved, error) {
	if p.Kind == "" {
		return Saved{}, errEmptyPlan
	}
	if p.NeedsRecheck {
		// Not a crossing or check-in yet: the reading, held back by its
		// fever until the recheck.
		v, err := s.FirstFever(ctx, guard, *p.reading)
		if err != nil {
			return Saved{}, err
		}
		v.Allowed, v.Reason = false, gate.ReasonFever
		return v, nil
	}
	return s.write(ctx, guard, p.saved(), p.drafts(s.now(), guard))
}

// Override writes a denied crossing and a supervisor's override of it in
// one transaction, the authority checked first (credentials through auth,
// in this call). The reason is required.
func (s *Service) Override(ctx context.Context, guard gate.Guard, p Plan, a Authority, reason string) (Saved, error) {
	switch {
	case p.Kind == "":
		return Saved{}, errEmptyPlan
	case p.NeedsRecheck:
		return Saved{}, ErrNeedsRecheck
	case !p.Overridable():
		return Saved{}, ErrNotOverridable
	}
	sup, reason, err := s.authorised(ctx, a, reason)
	if err != nil {
		return Saved{}, err
	}
	at := s.now()
	ds := append(p.drafts(at, guard), draft(record.Override, p.Gate, at, "", record.OverrideBody{
		Target: p.ID, Supervisor: sup.Badge, Reason: reason,
	}))
	out := p.saved()
	out.Allowed, out.Override = true, true
	return s.write(ctx, guard, out, ds)
}

// drafts are the plan's records, stamped at; the few bodies that depend on
// the time or the guard are completed here.
func (p Plan) drafts(at time.Time, guard gate.Guard) []store.Draft {
	body := p.Body
	switch b := body.(type) {
	case record.FoodSampleBody:
		// Kept for as long after the save as was decided after the decision.
		if !p.decided.IsZero() {
			b.RetainUntil = at.Add(b.Until().Sub(p.decided)).Format(record.TimeLayout)
		}
		body = b
	case record.SupplyDisinfectedBody:
		if b.Operator == "" {
			b.Operator = guard.Badge
		}
		body = b
	}
	ds := []store.Draft{draft(p.Kind, p.Gate, at, p.ID, body)}
	ds[0].Identities = p.Who.identities()
	if p.healthRow != nil {
		ds[0].Health = []identity.HealthRow{*p.healthRow}
	}
	if p.incident != nil {
		b := *p.incident
		b.Related = p.ID
		ds = append(ds, draft(record.Incident, p.Gate, at, "", b))
	}
	return ds
}

func (p Plan) saved() Saved {
	v := Saved{Kind: p.Kind, Gate: p.Gate, Who: p.Who, Allowed: p.Allowed, Reason: p.Reason, Temp: p.Temp}
	if p.First != nil {
		v.First = tp(p.First.Temp)
		v.Fever = FeverCleared
		if p.Fever {
			v.Fever = FeverConfirmed
		}
	}
	if p.incident != nil {
		v.Incident = p.incident.Type
	}
	return v
}

// Target is a saved record a supervisor overrides or voids: a log row.
type Target struct {
	ID         string
	Seq        int64
	Gate       int
	Kind       record.Kind
	Voided     bool
	Overridden bool
	// Body is the record's body; for an override, the passage's.
	Body []byte
}

// TargetOf is the target a log row names.
func TargetOf(r store.Row) Target {
	return Target{ID: r.ID, Seq: r.Seq, Gate: r.Gate, Kind: r.Kind, Voided: r.Voided, Overridden: r.Overridden, Body: r.Body}
}

// OverrideSaved lets through a denied crossing already on record (from the
// log): the override record, on the supervisor's checked authority.
func (s *Service) OverrideSaved(ctx context.Context, guard gate.Guard, t Target, a Authority, reason string) (Saved, error) {
	var b record.PassageBody
	if t.Kind != record.Passage || t.Voided || t.Overridden || json.Unmarshal(t.Body, &b) != nil ||
		b.Allowed || !gate.Overridable(gate.Reason(b.Reason)) {
		return Saved{}, ErrNotOverridable
	}
	if bare, err := s.unmeasured(ctx, t.Gate, b); err != nil {
		return Saved{}, err
	} else if bare {
		return Saved{}, ErrNotOverridable
	}
	sup, reason, err := s.authorised(ctx, a, reason)
	if err != nil {
		return Saved{}, err
	}
	out := Saved{Kind: record.Override, Gate: t.Gate, Who: Who{Badge: b.Badge, Ident: b.Ident, Commit: b.Commit, Name: b.Name},
		Allowed: true, Reason: gate.Reason(b.Reason), Override: true}
	if b.Ident != "" {
		// The guard's message names the person from the registry, masked:
		// the record does not (§15).
		if row, ok, err := s.st.IdentityOf(ctx, b.Ident); err != nil {
			return Saved{}, err
		} else if ok && row.Matches(b.Commit) {
			m := row.Fields.Masked()
			out.Who.Name, out.Who.IDNumber, out.Who.Plate = m.Name, m.IDNumber, m.Plate
		}
	}
	return s.write(ctx, guard, out, []store.Draft{draft(record.Override, t.Gate, s.now(), "",
		record.OverrideBody{Target: t.ID, Supervisor: sup.Badge, Reason: reason})})
}

// unmeasured reports whether a saved passage is a named person entering the
// main gate without a temperature: an override admits a person, and nobody
// enters unmeasured (§11). A delivery's identity may name only its van: the
// registry row tells whether a driver was named too, and a row already
// erased is taken to have named one (the strict case).
func (s *Service) unmeasured(ctx context.Context, gateNo int, b record.PassageBody) (bool, error) {
	if gateNo != 1 || b.Direction != record.In || b.Final() != nil || b.Subject == record.SubjectVehicle {
		return false, nil
	}
	switch {
	case b.Badge != "" || (b.Ident != "" && personSubject(b.Subject)):
		return true, nil
	case b.Ident != "":
		row, ok, err := s.st.IdentityOf(ctx, b.Ident)
		if err != nil {
			return false, err
		}
		return !ok || row.Fields.IDNumber != "" || row.Fields.Name != "", nil
	}
	return false, nil
}

// ErrNotVoidable: a void, or a record already voided, cannot be voided.
var ErrNotVoidable = errors.New("post: this record cannot be voided")

// Void cancels a wrong record (§4: records are never edited): a void
// record naming it, on the supervisor's checked authority. The reason is
// required.
func (s *Service) Void(ctx context.Context, guard gate.Guard, t Target, a Authority, reason string) (Saved, error) {
	if t.ID == "" || t.Voided || t.Kind == record.Void {
		return Saved{}, ErrNotVoidable
	}
	sup, reason, err := s.authorised(ctx, a, reason)
	if err != nil {
		return Saved{}, err
	}
	return s.write(ctx, guard, Saved{Kind: record.Void, Gate: t.Gate, Allowed: true}, []store.Draft{draft(record.Void, t.Gate, s.now(), "",
		record.VoidBody{Target: t.ID, TargetSeq: t.Seq, Supervisor: sup.Badge, Reason: reason})})
}

// authorised checks what every supervised write of a record asks: a reason
// (required, as recorded: trimmed) and a supervisor's authority.
func (s *Service) authorised(ctx context.Context, a Authority, reason string) (gate.Guard, string, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" {
		return gate.Guard{}, "", inputErr("Reason", CodeRequired, "")
	}
	sup, err := a.supervisor(ctx, s, freeText{"Reason", reason})
	return sup, reason, err
}
