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

// StandbyInput is a gate-3 form submission: a staff member entering
// standby quarantine, their daily check-in, the end of the stint or an
// emergency call-up.
type StandbyInput struct {
	Action     gate.StandbyAction
	Badge      string
	PlannedEnd string // start: "2006-01-02" (gate.ParseDate)
	Area       string // start
	Temp       *record.Tenths
	Ready      bool   // check-in: fit to be called up
	Reason     string // call-up
	Note       string
	// First is the saved first fever reading a check-in's Temp rechecks.
	First *FeverRef
	// Lookup is the person and their current stint when the caller knows
	// them; nil: read from the store.
	Lookup *StandbyLookup
}

// StandbyLookup is what the standby rule needs about a person.
type StandbyLookup struct {
	Person  *gate.Person
	Current *gate.Stint
	// Plan is the person's rotation periods, for Plan.Rotation; nil leaves
	// Plan.Rotation nil.
	Plan []gate.Period
}

// DecideStandby applies the standby rule (gate.EvaluateStandby). Missing
// input is an *InputError (no badge, no planned end, no temperature at a
// check-in, no reason for a call-up); a step the rule refuses (not on the
// roster, already in standby, not in standby…) is a *RefusedError with the
// reason code — ending a stint under the epidemic profile with no
// negative nucleic-acid result on record within its hours is refused
// release_nat, as the main gate keeps such a person in (a supervisor
// records the result with Clear, subject isolation). A check-in reading at or above the threshold without First
// gives a plan that NeedsRecheck: Save saves that reading at once; the
// check-in is written with the recheck, and a confirmed fever writes its
// incident with it.
func (s *Service) DecideStandby(ctx context.Context, in StandbyInput) (Plan, error) {
	badge := strings.ToUpper(strings.TrimSpace(in.Badge))
	in.Area, in.Reason, in.Note = strings.TrimSpace(in.Area), strings.TrimSpace(in.Reason), strings.TrimSpace(in.Note)
	if badge == "" {
		return Plan{}, inputErr("Badge", CodeRequired, "")
	}
	if in.First != nil {
		in.Action = gate.ActCheckin
	}
	now := s.now()
	lk := in.Lookup
	if lk == nil {
		lk = &StandbyLookup{}
		p, ok, err := s.person(ctx, badge)
		if err != nil {
			return Plan{}, err
		}
		if ok {
			lk.Person, badge = &p, p.Badge
		}
		if lk.Current, err = s.currentStint(ctx, badge); err != nil {
			return Plan{}, err
		}
		if ok {
			if lk.Plan, err = s.st.RotationOf(ctx, badge); err != nil {
				return Plan{}, err
			}
			if lk.Plan == nil {
				lk.Plan = []gate.Period{} // read: no plan, which gate 3 says
			}
		}
	}
	sin := gate.StandbyInput{Action: in.Action, Badge: badge, Person: lk.Person, Current: lk.Current,
		PlannedEnd: in.PlannedEnd, Temp: in.Temp, Reason: in.Reason, Now: now}
	if in.Action == gate.ActEnd && lk.Person != nil && lk.Current != nil {
		// Read from the store even when the caller knows the person: the
		// end lifts standby's isolation, and the negative result that
		// allows it is a clearance any post may have written.
		var err error
		if sin.Health, sin.NATAt, err = s.releaseNAT(ctx, *lk.Person, now); err != nil {
			return Plan{}, err
		}
	}
	d := gate.EvaluateStandby(s.cfg, sin)
	if !d.OK {
		switch {
		case d.Reason == gate.ReasonPlannedEnd && in.PlannedEnd == "":
			return Plan{}, inputErr("PlannedEnd", CodeRequired, "")
		case d.Reason == gate.ReasonNeedTemp && in.Temp == nil:
			return Plan{}, inputErr("Temp", gate.CodeTempEmpty, "")
		case d.Reason == gate.ReasonNeedTemp:
			return Plan{}, inputErr("Temp", gate.CodeTempImplausible, in.Temp.String())
		case d.Reason == gate.ReasonNeedReason:
			return Plan{}, inputErr("Reason", CodeRequired, "")
		}
		return Plan{}, &RefusedError{Code: string(d.Reason)}
	}
	p := lk.Person
	who := Who{Badge: p.Badge, Name: p.Name}
	plan := Plan{Gate: 3, ID: s.newID(now), Who: who, Person: p, Allowed: true, Standby: lk.Current, Temp: in.Temp,
		First: in.First, Fever: d.Fever}
	if lk.Plan != nil {
		r := gate.RotationOn(lk.Plan, p.Badge, gate.Day(now))
		plan.Rotation = &r
	}
	start := ""
	if lk.Current != nil {
		start = lk.Current.StartID
	}
	switch in.Action {
	case gate.ActStart:
		plan.Kind, plan.Body = record.StandbyStart, record.StandbyStartBody{Badge: p.Badge, Name: p.Name, PlannedEnd: in.PlannedEnd,
			Area: in.Area, Note: in.Note}
	case gate.ActCheckin:
		if d.Fever && in.First == nil {
			plan.Kind, plan.NeedsRecheck = record.Temperature, true
			plan.reading = &ReadingInput{Gate: 3, Who: who, Group: p.Unit, Temp: *in.Temp}
			return plan, nil
		}
		ready := in.Ready && !d.Fever
		if ready && in.First == nil {
			// A confirmed fever not yet cleared, or a first reading still
			// awaiting its recheck, keeps the person from being called up
			// whatever today's reading: a normal check-in later the same
			// day read "ready" over the day's confirmed fever.
			var st *gate.Status
			var stint *gate.Stint
			if err := s.statusOf(ctx, *p, &st, &stint); err != nil {
				return Plan{}, err
			}
			switch {
			case st != nil && st.FeverBarred:
				ready, plan.Reasons = false, []gate.Reason{gate.ReasonFeverBarred}
			case st != nil && st.RecheckPending:
				ready, plan.Reasons = false, []gate.Reason{gate.ReasonRecheckPending}
			}
		}
		b := record.StandbyCheckinBody{Badge: p.Badge, Name: p.Name, Start: start,
			Temp: *in.Temp, Fever: d.Fever, Ready: ready}
		if in.Note != "" {
			// How the person says they feel is a health detail (§15):
			// erasable beside the log, the record naming it.
			h, c, err := s.healthDetail(identity.HealthDetail{Note: in.Note}, now)
			if err != nil {
				return Plan{}, err
			}
			b.Health, b.HealthCommit, plan.healthRow = h.Ref, c, &h
		}
		plan.Kind, plan.Body = record.StandbyCheckin, b
		if d.Fever {
			inc := feverIncident(3, now, "", who, in.First.Temp, *in.Temp).Body.(record.IncidentBody)
			plan.incident = &inc
		}
	case gate.ActEnd:
		plan.Kind, plan.Body = record.StandbyEnd, record.StandbyEndBody{Badge: p.Badge, Name: p.Name, Start: start, Note: in.Note}
	case gate.ActCallup:
		plan.Kind, plan.Body = record.StandbyCallup, record.StandbyCallupBody{Badge: p.Badge, Name: p.Name, Start: start, Reason: in.Reason}
	default:
		return Plan{}, inputErr("Action", CodeBadChoice, string(in.Action))
	}
	return plan, nil
}

// releaseNAT is the facility's profile and when the person's latest
// negative nucleic-acid sample on record was taken (gate.Status.NATAt),
// as the main gate reads them for someone leaving isolation.
func (s *Service) releaseNAT(ctx context.Context, p gate.Person, now time.Time) (gate.HealthConfig, time.Time, error) {
	h, err := s.st.ClosedHealth(ctx)
	if err != nil || h.Profile != gate.ProfileEpidemic {
		return h, time.Time{}, err
	}
	st, err := s.st.StatusOf(ctx, p, now, s.cfg.FeverAt())
	return h, st.NATAt, err
}

// currentStint is the badge's standby stint now, nil when none.
func (s *Service) currentStint(ctx context.Context, badge string) (*gate.Stint, error) {
	rows, err := s.st.StandbyRows(ctx)
	if err != nil {
		return nil, err
	}
	if st, ok := gate.StandbyNow(store.Events(rows))[badge]; ok {
		return &st, nil
	}
	return nil, nil
}
