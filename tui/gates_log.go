package tui

import (
	"strings"

	"gatepost/record"
	"gatepost/store"
)

// gateKindDetail is the log column of the gate-2–5 kinds: enough to read the
// row without opening it. It returns "" for kinds it does not know.
func gateKindDetail(c *Catalog, r store.Row) string {
	switch r.Kind {
	case record.SupplyReceived:
		var b record.SupplyReceivedBody
		_ = r.Decode(&b)
		return join(b.Item, qtyText(b.Quantity, b.Unit), c.T("supply."+string(b.Category)), b.Source)
	case record.SupplyDisinfected:
		var b record.SupplyDisinfectedBody
		_ = r.Decode(&b)
		// The contact time before the method: a row cut at the screen's
		// edge must never show "作用 3" for 30 minutes.
		return join(b.Item, c.T("log.minutes", b.ContactMin), methodText(c, b.Method, b.Agent, b.Concentration))
	case record.SupplyStored:
		var b record.SupplyStoredBody
		_ = r.Decode(&b)
		return join(c.T("log.ref", b.SupplySeq), b.Item, c.T("log.storedat", b.Location))
	case record.StandbyStart:
		var b record.StandbyStartBody
		_ = r.Decode(&b)
		return join(b.Badge, b.Name, c.T("log.until", b.PlannedEnd), b.Area)
	case record.StandbyCheckin:
		var b record.StandbyCheckinBody
		_ = r.Decode(&b)
		ready := c.T("ready.yes")
		if !b.Ready {
			ready = c.T("ready.no")
		}
		t := b.Temp.String()
		if b.Fever {
			t += " " + c.T("rs.fever")
		}
		return join(b.Badge, b.Name, t, ready, b.Note, r.HealthNote)
	case record.StandbyEnd:
		var b record.StandbyEndBody
		_ = r.Decode(&b)
		return join(b.Badge, b.Name, b.Note)
	case record.StandbyCallup:
		var b record.StandbyCallupBody
		_ = r.Decode(&b)
		return join(b.Badge, b.Name, b.Reason)
	case record.Attendance:
		var b record.AttendanceBody
		_ = r.Decode(&b)
		return join(b.Badge, b.Name, c.T("att."+string(b.Status)), b.Day[min(5, len(b.Day)):])
	case record.FoodInspection:
		var b record.FoodInspectionBody
		_ = r.Decode(&b)
		verdict := c.T("food.accept")
		if !b.Accepted {
			verdict = c.T("food.reject") + " " + reasonsShort(c, b.Reasons)
		}
		return join(b.Item, qtyText(b.Quantity, b.Unit), b.Supplier, verdict)
	case record.KitchenCheck:
		var b record.KitchenCheckBody
		_ = r.Decode(&b)
		return join(b.Badge, b.Temp.String(), cookVerdictText(c, b))
	case record.FoodSample:
		var b record.FoodSampleBody
		_ = r.Decode(&b)
		return join(c.T("meal."+string(b.Meal)), dishNames(b.Dishes), c.T("log.retain", b.Until().Format("01-02 15:04")))
	}
	return ""
}

func join(parts ...string) string {
	out := parts[:0:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, " ")
}

// reasonsShort is a check's reasons (a food rejection's, a cook's) in a word or two each.
func reasonsShort(c *Catalog, rs []string) string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = reasonShort(c, r)
	}
	return strings.Join(out, c.T("list.sep"))
}

func dishNames(ds []record.SampleDish) string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.Name
	}
	return strings.Join(out, "/")
}
