package post

import (
	"context"
	"strings"

	"gatepost/gate"
	"gatepost/record"
	"gatepost/store"
)

// ColdChainPapersFor names the FoodInput papers a cold-chain item of this
// origin and category must be asked about: gate.PapersNeeded, the rule
// gate.InspectFood decides by.
func ColdChainPapersFor(o record.FoodOrigin, c record.FoodCategory) []string {
	papers, _ := gate.PapersNeeded(o, c)
	names := make([]string, len(papers))
	for i, p := range papers {
		names[i] = string(p)
	}
	return names
}

// DiscardSample records that a retained meal sample was thrown away, by
// the signed-in guard (§11). A sample whose retention is not over is
// refused (gate.RefuseDiscardEarly): nothing is written.
func (s *Service) DiscardSample(ctx context.Context, guard gate.Guard, sample gate.Sample) (Saved, error) {
	now := s.now()
	if sample.ID == "" {
		return Saved{}, inputErr("Sample", CodeRequired, "")
	}
	if r := gate.CheckDiscard(sample, now); r != "" {
		return Saved{}, &RefusedError{Code: r, Until: sample.Until}
	}
	b := record.SampleDiscardBody{Sample: sample.ID, SampleSeq: sample.Seq, By: guard.Badge}
	return s.write(ctx, guard, Saved{Kind: record.SampleDiscard, Gate: 5, Allowed: true},
		[]store.Draft{draft(record.SampleDiscard, 5, now, "", b)})
}

// CookInput is a cook's morning check at gate 5 (§11): the questions the
// guard must answer start unset (nil).
type CookInput struct {
	Badge      string
	Temp       *record.Tenths
	Symptoms   *bool
	HandWound  *bool
	HealthCert *bool
}

// DecideCook applies the cooks' check (gate.CheckCook): the plan is fit or
// not, with every reason, and is saved either way, as a kitchen.check.
func (s *Service) DecideCook(in CookInput) (Plan, error) {
	in.Badge = strings.ToUpper(strings.TrimSpace(in.Badge))
	switch {
	case in.Badge == "":
		return Plan{}, inputErr("Badge", CodeRequired, "")
	case in.Temp == nil:
		return Plan{}, inputErr("Temp", gate.CodeTempEmpty, "")
	case *in.Temp < gate.MinPlausible || *in.Temp > gate.MaxPlausible:
		return Plan{}, inputErr("Temp", gate.CodeTempImplausible, in.Temp.String())
	case in.Symptoms == nil:
		return Plan{}, inputErr("Symptoms", CodeRequired, "")
	case in.HandWound == nil:
		return Plan{}, inputErr("HandWound", CodeRequired, "")
	case in.HealthCert == nil:
		return Plan{}, inputErr("HealthCert", CodeRequired, "")
	}
	b := record.KitchenCheckBody{Badge: in.Badge, Temp: *in.Temp, Symptoms: *in.Symptoms, HandWound: *in.HandWound,
		HealthCert: *in.HealthCert}
	fit, reasons := gate.CheckCook(s.cfg, b)
	b.Fit = fit
	for _, r := range reasons {
		b.Reasons = append(b.Reasons, string(r))
	}
	now := s.now()
	return Plan{Gate: 5, Kind: record.KitchenCheck, ID: s.newID(now), Who: Who{Badge: in.Badge}, Allowed: fit,
		Reasons: reasons, Temp: in.Temp, Body: b}, nil
}
