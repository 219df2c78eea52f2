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
// sensory check and, for a cold-chain item, its origin and the papers that
// origin needs (ColdChainPapersFor). An expiry date is required unless
// NoShelfLife is chosen.
type FoodInput struct {
	Item        string
	Category    record.FoodCategory
	ColdChain   bool
	Supplier    string
	Licence     string
	Batch       string
	Quantity    float64 // gate.ParseQuantity
	Unit        string
	Produced    string // "2006-01-02" (gate.ParseDate), may be empty
	Expires     string // "2006-01-02"; empty only with NoShelfLife
	NoShelfLife bool
	Certificate *bool
	SensoryOK   *bool
	// Origin is a cold-chain item's (record.FoodOrigins). The console asks
	// it and does not assume one; "" is an item held to the entry
	// certificate as before origins were asked (the demo's).
	Origin     record.FoodOrigin
	Quarantine *bool // cold chain, imported: the entry certificate
	// AnimalQuarantine is domestic meat's (and aquatic products')
	// animal-quarantine certificate.
	AnimalQuarantine *bool
	NucleicAcid      *bool // cold chain
	Disinfection     *bool // cold chain
	TraceCode        string
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
		if in.Origin != "" && !slices.Contains(record.FoodOrigins, in.Origin) {
			return Plan{}, inputErr("Origin", CodeBadChoice, string(in.Origin))
		}
		asked := map[string]*bool{"Quarantine": in.Quarantine, "AnimalQuarantine": in.AnimalQuarantine,
			"NucleicAcid": in.NucleicAcid, "Disinfection": in.Disinfection}
		for _, f := range ColdChainPapersFor(in.Origin, in.Category) {
			if asked[f] == nil {
				return Plan{}, inputErr(f, CodeRequired, "")
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
		val := func(v *bool) bool { return v != nil && *v }
		b.Origin = in.Origin
		b.Papers = &record.ColdChainPapers{Quarantine: val(in.Quarantine), AnimalQuarantine: val(in.AnimalQuarantine),
			NucleicAcid: *in.NucleicAcid, Disinfection: *in.Disinfection, TraceCode: in.TraceCode}
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
	// Taker is the badge of who took the samples; FridgeTemp the sample
	// fridge's reading when they went in (gate.CheckFridge: 0–8 ℃).
	Taker      string
	FridgeTemp *record.Tenths
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
	if r := gate.CheckFridge(in.FridgeTemp); r != "" {
		return Plan{}, &RefusedError{Code: r}
	}
	b := record.FoodSampleBody{Meal: in.Meal, Dishes: in.Dishes, Location: strings.TrimSpace(in.Location), Note: strings.TrimSpace(in.Note),
		RetainUntil: now.Add(time.Duration(hours) * time.Hour).Format(record.TimeLayout),
		Taker:       strings.ToUpper(strings.TrimSpace(in.Taker)), FridgeTemp: in.FridgeTemp}
	if c := gate.CheckSample(s.rules, b, now); c.Refuse != "" {
		return Plan{}, &RefusedError{Code: c.Refuse, Dish: c.Dish}
	}
	return Plan{Gate: 5, Kind: record.FoodSample, ID: s.newID(now), Allowed: true, Body: b, decided: now}, nil
}
