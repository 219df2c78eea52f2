package post

import (
	"context"
	"time"

	"gatepost/gate"
	"gatepost/identity"
	"gatepost/record"
	"gatepost/store"
)

// IncidentFever is the incident type of a confirmed fever.
const IncidentFever = gate.IncidentFever

// ReadingInput is one temperature taken of one person outside a crossing:
// a roll-call reading (gate 0), a first fever reading at a gate, or the
// recheck of one.
type ReadingInput struct {
	Gate  int
	Who   Who    // Badge when on the roster; Name always when known
	Group string // the roll-call group (roster unit), for the report
	Temp  record.Tenths
	// First is the saved first reading this one rechecks; nil for a
	// first reading.
	First *FeverRef
	// Method is record.ReadingByPhone for a staff member working from home
	// who reports the reading (§11); Symptoms their answer to the symptoms
	// question. "" for a reading taken at the post.
	Method   string
	Symptoms bool
}

// Reading saves a temperature. A first reading at or above the threshold
// is saved as a fever waiting for its recheck (Saved.Pending); a recheck
// (First set) at or above it confirms the fever and writes the incident
// with the reading, in one transaction; a normal recheck clears it.
func (s *Service) Reading(ctx context.Context, guard gate.Guard, in ReadingInput) (Saved, error) {
	if in.First != nil && in.Who == (Who{}) {
		in.Who = in.First.Who
	}
	if err := checkReading(in); err != nil {
		return Saved{}, err
	}
	at := s.now()
	fever := gate.IsFever(in.Temp, s.cfg.FeverAt())
	id := s.newID(at)
	out := Saved{Kind: record.Temperature, Gate: in.Gate, Who: in.Who, Allowed: true, Temp: tp(in.Temp)}
	ds := []store.Draft{draft(record.Temperature, in.Gate, at, id, record.TemperatureBody{
		Badge: in.Who.Badge, Ident: in.Who.Ident, Commit: in.Who.Commit, Name: in.Who.recordName(), Temp: in.Temp,
		Fever: fever, Recheck: in.First != nil, Group: in.Group, Method: in.Method,
	})}
	ds[0].Identities = in.Who.identities()
	if in.Method == record.ReadingByPhone {
		// The symptoms question is asked by phone only; its answer is a
		// health detail, kept erasable beside the log.
		h, c, err := s.healthDetail(identity.HealthDetail{Symptoms: &in.Symptoms}, at)
		if err != nil {
			return Saved{}, err
		}
		b := ds[0].Body.(record.TemperatureBody)
		b.Health, b.HealthCommit, b.Symptoms = h.Ref, c, in.Symptoms
		ds[0].Body, ds[0].Health = b, []identity.HealthRow{h}
	}
	switch {
	case in.First == nil && fever:
		out.Fever = FeverPending
		out.Pending = &FeverRef{ID: id, Gate: in.Gate, Temp: in.Temp, Who: in.Who}
	case in.First != nil:
		out.First = tp(in.First.Temp)
		out.Fever = FeverCleared
		if fever {
			out.Fever, out.Incident = FeverConfirmed, IncidentFever
			ds = append(ds, feverIncident(in.Gate, at, id, in.Who, in.First.Temp, in.Temp))
		}
	}
	return s.write(ctx, guard, out, ds)
}

// FirstFever saves a first reading at or above the threshold, at any gate,
// at once (§11: a fever is never lost): it stays on the gaps checklist as a
// fever waiting for its recheck until one answers it. A normal reading is
// refused (CodeNotFever): it belongs in the crossing or check-in it was
// taken for.
func (s *Service) FirstFever(ctx context.Context, guard gate.Guard, in ReadingInput) (Saved, error) {
	in.First = nil
	if err := checkReading(in); err != nil {
		return Saved{}, err
	}
	if !gate.IsFever(in.Temp, s.cfg.FeverAt()) {
		return Saved{}, inputErr("Temp", CodeNotFever, in.Temp.String())
	}
	return s.Reading(ctx, guard, in)
}

// Recheck saves the recheck of a saved first fever reading on its own, at
// any gate (the person is taken aside, or rechecked later from the gaps
// checklist): a fever again writes the incident with it. At gates 1 and 3
// the recheck usually goes into the crossing or check-in instead (their
// inputs take First), so that one record carries it.
func (s *Service) Recheck(ctx context.Context, guard gate.Guard, first FeverRef, in ReadingInput) (Saved, error) {
	in.First = &first
	return s.Reading(ctx, guard, in)
}

func checkReading(in ReadingInput) error {
	switch {
	case in.Gate < 0 || in.Gate > record.MaxGate:
		return inputErr("Gate", CodeBadChoice, "")
	case in.Who.Badge == "" && in.Who.Name == "" && in.Who.IDNumber == "" && in.Who.Ident == "":
		return inputErr("Who", CodeRequired, "")
	case in.Temp < gate.MinPlausible || in.Temp > gate.MaxPlausible:
		return inputErr("Temp", gate.CodeTempImplausible, in.Temp.String())
	case in.Method != "" && in.Method != record.ReadingByPhone:
		return inputErr("Method", CodeBadChoice, in.Method)
	}
	return nil
}

// feverIncident is the incident of a confirmed fever, pointing at the
// record that holds the recheck.
func feverIncident(gateNo int, at time.Time, related string, who Who, first, again record.Tenths) store.Draft {
	return draft(record.Incident, gateNo, at, "", record.IncidentBody{
		Type: IncidentFever, Badge: who.Badge, Ident: who.Ident, Commit: who.Commit, Name: who.recordName(), Related: related, Detail: first.String() + "/" + again.String(),
	})
}
