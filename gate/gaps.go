package gate

// The daily assessment (§3 日研判): a checklist of what is still open today,
// computed from the same report the supervisor submits, so the checklist and
// the report can never disagree.

// GapKind names one line of the checklist.
type GapKind string

// The checklist's lines, in the order they are shown.
const (
	GapUnscreened GapKind = "unscreened" // people not screened today
	GapSessions   GapKind = "sessions"   // detainees missing from a screening session that is due, per session
	GapSymptoms   GapKind = "symptoms"   // staff at home who reported symptoms, not yet cleared
	GapZones      GapKind = "zones"      // zones not disinfected today
	GapSupplies   GapKind = "supplies"   // supplies received but not yet stored
	GapStandby    GapKind = "standby"    // standby check-ins not made
	GapSamples    GapKind = "samples"    // meals without a retained sample
	GapRecheck    GapKind = "recheck"    // fever readings without a recheck
	GapReview     GapKind = "review"     // overrides and voids for the supervisor to review
)

// GapKinds lists the lines in order.
var GapKinds = []GapKind{GapUnscreened, GapSessions, GapSymptoms, GapZones, GapSupplies, GapStandby, GapSamples, GapRecheck, GapReview}

// Gap is one line of the checklist: how many items are open. The items
// themselves are the report's lists (see the kind's comment).
type Gap struct {
	Kind  GapKind
	Count int
}

// Open reports whether the line has anything to do.
func (g Gap) Open() bool { return g.Count > 0 }

// PendingFevers returns the fevers still waiting for their recheck.
func (r Report) PendingFevers() []FeverItem {
	return keep(r.Screening.Fevers, func(f FeverItem) bool { return f.Status == FeverPending })
}

// ZonesMissed returns the zones not disinfected.
func (r Report) ZonesMissed() []ZoneItem {
	return keep(r.Disinfection.Zones, func(z ZoneItem) bool { return !z.Done })
}

// keep returns the items of xs that ok holds for, in order; never nil, as
// the checklist's lists have always been.
func keep[T any](xs []T, ok func(T) bool) []T {
	out := []T{}
	for _, x := range xs {
		if ok(x) {
			out = append(out, x)
		}
	}
	return out
}

// Gaps computes the checklist from a day's report.
func Gaps(r Report) []Gap {
	n := map[GapKind]int{
		GapUnscreened: len(r.Screening.Unchecked),
		GapSessions:   r.SessionsMissed(),
		GapSymptoms:   len(r.OpenSymptoms()),
		GapZones:      len(r.ZonesMissed()),
		GapSupplies:   len(r.Supplies.Pending),
		GapStandby:    len(r.Standby.Missing),
		GapSamples:    len(r.Food.MealsMissing),
		GapRecheck:    len(r.PendingFevers()),
		GapReview:     len(r.Overrides) + len(r.Voids),
	}
	out := make([]Gap, len(GapKinds))
	for i, k := range GapKinds {
		out[i] = Gap{Kind: k, Count: n[k]}
	}
	return out
}
