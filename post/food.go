package post

import (
	"slices"
	"strings"
	"time"

	"gatepost/gate"
	"gatepost/record"
)

// FoodInput is a food delivery inspected at gate 5. The checks the guard
// must assert start unset (nil) and must be chosen: the certificate, the
// sensory check and, for a cold-chain item, each of its papers. An
// expiry date is required unless NoShelfLife is chosen.
type FoodInput struct {
	Item         string
	Category     record.FoodCategory
	ColdChain    bool
	Supplier     string
	Licence      string
	Batch        string
	Quantity     float64 // gate.ParseQuantity
	Unit         string
	Produced     string // "2006-01-02" (gate.ParseDate), may be empty
	Expires      string // "2006-01-02"; empty only with NoShelfLife
	NoShelfLife  bool
	Certificate  *bool
	SensoryOK    *bool
	Quarantine   *bool // cold chain
	NucleicAcid  *bool // cold chain
	Disinfection *bool // cold chain
	TraceCode    string
}

// DecideFood applies the food-safety rule (gate.InspectFood): the plan is
// accepted or rejected with its reasons, and a rejection is a record too.
// Missing input is an *InputError.
func (s *Service) DecideFood(in FoodInput) (Plan, error) {
	trim := func(p *string) { *p = strings.TrimSpace(*p) }
	for _, p := range []*string{&in.Item, &in.Supplier, &in.Licence, &in.Batch, &in.Unit, &in.Produced, &in.Expires, &in.TraceCode} {
		trim(p)
	}
	now := s.now()
	switch {
	case in.Item == "":
		return Plan{}, inputErr("Item", CodeRequired, "")
	case !slices.Contains(record.FoodCategories, in.Category):
		return Plan{}, inputErr("Category", CodeBadChoice, string(in.Category))
	case in.Quantity <= 0:
		return Plan{}, inputErr("Quantity", gate.CodeQtyFormat, "")
	case in.Unit == "":
		return Plan{}, inputErr("Unit", CodeRequired, "")
	case in.Expires == "" && !in.NoShelfLife:
		return Plan{}, inputErr("Expires", CodeRequired, "")
	case in.Certificate == nil:
		return Plan{}, inputErr("Certificate", CodeRequired, "")
	case in.SensoryOK == nil:
		return Plan{}, inputErr("SensoryOK", CodeRequired, "")
	}
	if in.ColdChain {
		for _, c := range []struct {
			f string
			v *bool
		}{{"Quarantine", in.Quarantine}, {"NucleicAcid", in.NucleicAcid}, {"Disinfection", in.Disinfection}} {
			if c.v == nil {
				return Plan{}, inputErr(c.f, CodeRequired, "")
			}
		}
	}
	if in.NoShelfLife {
		in.Expires = ""
	}
	switch gate.CheckFoodDates(in.Produced, in.Expires, now) {
	case gate.CodeDateFuture:
		return Plan{}, inputErr("Produced", gate.CodeDateFuture, in.Produced)
	case gate.CodeDateOrder:
		return Plan{}, inputErr("Expires", gate.CodeDateOrder, in.Expires)
	}
	b := record.FoodInspectionBody{Item: in.Item, Category: in.Category, ColdChain: in.ColdChain, Supplier: in.Supplier,
		Licence: in.Licence, Batch: in.Batch, Quantity: in.Quantity, Unit: in.Unit, Produced: in.Produced, Expires: in.Expires,
		Certificate: *in.Certificate, SensoryOK: *in.SensoryOK}
	if in.ColdChain {
		b.Papers = &record.ColdChainPapers{Quarantine: *in.Quarantine, NucleicAcid: *in.NucleicAcid,
			Disinfection: *in.Disinfection, TraceCode: in.TraceCode}
	}
	d := gate.InspectFood(b, now)
	b.Accepted = d.Accepted
	for _, r := range d.Reasons {
		b.Reasons = append(b.Reasons, string(r))
	}
	return Plan{Gate: 5, Kind: record.FoodInspection, ID: s.newID(now), Who: Who{Name: in.Supplier}, Allowed: d.Accepted,
		Reasons: d.Reasons, Body: b}, nil
}

// SampleInput is a meal's retained samples (留样).
type SampleInput struct {
	Meal     record.Meal
	Dishes   []record.SampleDish // gate.ParseDishes
	Hours    int                 // how long they are kept; 0: the rule's minimum
	Location string
	Note     string
}

// DecideSample checks a meal sample against the sample rules
// (gate.CheckSample): a refusal (a dish under the minimum weight, the same
// dish twice, kept too short) is a *RefusedError naming the dish.
func (s *Service) DecideSample(in SampleInput) (Plan, error) {
	now := s.now()
	if !slices.Contains(record.Meals, in.Meal) {
		return Plan{}, inputErr("Meal", CodeBadChoice, string(in.Meal))
	}
	if len(in.Dishes) == 0 {
		return Plan{}, inputErr("Dishes", gate.CodeDishesEmpty, "")
	}
	hours := in.Hours
	if hours == 0 {
		hours = s.rules.Hours()
	}
	b := record.FoodSampleBody{Meal: in.Meal, Dishes: in.Dishes, Location: strings.TrimSpace(in.Location), Note: strings.TrimSpace(in.Note),
		RetainUntil: now.Add(time.Duration(hours) * time.Hour).Format(record.TimeLayout)}
	if c := gate.CheckSample(s.rules, b, now); c.Refuse != "" {
		return Plan{}, &RefusedError{Code: c.Refuse, Dish: c.Dish}
	}
	return Plan{Gate: 5, Kind: record.FoodSample, ID: s.newID(now), Allowed: true, Body: b, decided: now}, nil
}
