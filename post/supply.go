package post

import (
	"slices"
	"strings"

	"gatepost/gate"
	"gatepost/record"
)

// ReceiveInput is a supply handed in at the custody-zone entrance (gate 2).
type ReceiveInput struct {
	Item     string
	Category record.SupplyCategory
	Quantity float64 // gate.ParseQuantity
	Unit     string
	Source   string
	Note     string
}

// DecideReceive checks a supply received: item, a positive quantity, unit
// and source are required.
func (s *Service) DecideReceive(in ReceiveInput) (Plan, error) {
	b := record.SupplyReceivedBody{Item: strings.TrimSpace(in.Item), Category: in.Category, Quantity: in.Quantity,
		Unit: strings.TrimSpace(in.Unit), Source: strings.TrimSpace(in.Source), Note: strings.TrimSpace(in.Note)}
	switch {
	case b.Item == "":
		return Plan{}, inputErr("Item", CodeRequired, "")
	case !slices.Contains(record.SupplyCategories, b.Category):
		return Plan{}, inputErr("Category", CodeBadChoice, string(b.Category))
	case b.Quantity <= 0:
		return Plan{}, inputErr("Quantity", gate.CodeQtyFormat, "")
	case b.Unit == "":
		return Plan{}, inputErr("Unit", CodeRequired, "")
	case b.Source == "":
		return Plan{}, inputErr("Source", CodeRequired, "")
	}
	now := s.now()
	return Plan{Gate: 2, Kind: record.SupplyReceived, ID: s.newID(now), Allowed: true, Body: b}, nil
}

// SupplyDisinfectInput is a disinfection of a supply not yet stored.
type SupplyDisinfectInput struct {
	Supply        gate.Supply // from gate.Supplies
	Method        record.DisinfectMethod
	Agent         string
	Concentration string
	ContactMin    int
	// Operator is who disinfects; empty: the guard who saves it.
	Operator string
}

// DecideDisinfectSupply checks a supply's disinfection (gate.CheckDisinfect):
// a method is required, the contact time 0–1440 minutes, and a stored
// supply is refused (*RefusedError already_stored).
func (s *Service) DecideDisinfectSupply(in SupplyDisinfectInput) (Plan, error) {
	b := record.SupplyDisinfectedBody{Supply: in.Supply.ID, SupplySeq: in.Supply.Seq, Item: in.Supply.Body.Item, Method: in.Method,
		Agent: strings.TrimSpace(in.Agent), Concentration: strings.TrimSpace(in.Concentration), ContactMin: in.ContactMin,
		Operator: strings.TrimSpace(in.Operator)}
	if in.Supply.ID == "" {
		return Plan{}, inputErr("Supply", CodeRequired, "")
	}
	switch c := gate.CheckDisinfect(in.Supply, b); c.Refuse {
	case "":
	case gate.RefuseNoMethod:
		return Plan{}, inputErr("Method", CodeRequired, "")
	case gate.RefuseContactRange:
		return Plan{}, inputErr("ContactMin", gate.CodeMinutesFormat, "")
	default:
		return Plan{}, &RefusedError{Code: c.Refuse}
	}
	now := s.now()
	return Plan{Gate: 2, Kind: record.SupplyDisinfected, ID: s.newID(now), Allowed: true, Body: b}, nil
}

// SupplyStoreInput is a supply going into storage.
type SupplyStoreInput struct {
	Supply   gate.Supply
	Location string
}

// DecideStoreSupply checks that a supply may be stored now
// (gate.CheckStore): disinfected and its contact time over, else a
// *RefusedError saying how many minutes are left and until when. The
// location is required.
func (s *Service) DecideStoreSupply(in SupplyStoreInput) (Plan, error) {
	loc := strings.TrimSpace(in.Location)
	if in.Supply.ID == "" {
		return Plan{}, inputErr("Supply", CodeRequired, "")
	}
	now := s.now()
	switch c := gate.CheckStore(in.Supply, loc, now); c.Refuse {
	case "":
	case gate.RefuseNoLocation:
		return Plan{}, inputErr("Location", CodeRequired, "")
	case gate.RefuseContactTime:
		return Plan{}, &RefusedError{Code: c.Refuse, MinutesLeft: c.MinutesLeft, Until: in.Supply.ContactEnds()}
	default:
		return Plan{}, &RefusedError{Code: c.Refuse}
	}
	b := record.SupplyStoredBody{Supply: in.Supply.ID, SupplySeq: in.Supply.Seq, Disinfected: in.Supply.Disinfected.ID,
		Item: in.Supply.Body.Item, Location: loc}
	return Plan{Gate: 2, Kind: record.SupplyStored, ID: s.newID(now), Allowed: true, Body: b}, nil
}
