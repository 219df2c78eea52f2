package gate

import (
	"slices"
	"strings"
	"time"

	"gatepost/record"
)

// The four daily measures as a centre runs them (§11): the cold-chain
// papers an item needs by its origin, the meal sample's fridge and its
// discard, the cooks' morning check, and disinfection per required area
// at its frequency.

// ReasonNoAnimalQuarantine: domestic meat without its animal-quarantine
// certificate; ReasonOriginUnset: a cold-chain item whose origin was not
// asked (the form must not assume one).
const (
	ReasonNoAnimalQuarantine Reason = "no_animal_quarantine"
	ReasonOriginUnset        Reason = "origin_unset"
)

// Paper is a certificate a cold-chain item may have to show; its value is
// the name of the question that asks for it (post.FoodInput's field).
type Paper string

// The cold-chain papers.
const (
	PaperQuarantine       Paper = "Quarantine"       // entry inspection-and-quarantine
	PaperAnimalQuarantine Paper = "AnimalQuarantine" // animal quarantine (domestic meat)
	PaperNucleicAcid      Paper = "NucleicAcid"      // negative nucleic-acid test
	PaperDisinfection     Paper = "Disinfection"     // disinfection certificate
)

// PapersNeeded is the one rule for which papers a cold-chain item needs, by
// its origin: imported goods the entry inspection-and-quarantine
// certificate; domestic meat (and aquatic products, which the same law
// covers) the animal-quarantine certificate; every item a negative
// nucleic-acid test and a disinfection certificate. An item recorded before
// the origin was asked (Origin "") is held to the entry certificate, as it
// was then. ok is false for an origin the rule does not know.
func PapersNeeded(o record.FoodOrigin, c record.FoodCategory) (papers []Paper, ok bool) {
	switch o {
	case "", record.OriginImported:
		papers = []Paper{PaperQuarantine}
	case record.OriginDomestic:
		if c == record.FoodMeat || c == record.FoodAquatic {
			papers = []Paper{PaperAnimalQuarantine}
		}
	default:
		return nil, false
	}
	return append(papers, PaperNucleicAcid, PaperDisinfection), true
}

// coldChainPapers returns the reasons a cold-chain item's papers fail
// (PapersNeeded, and a trace code for every item).
func coldChainPapers(b record.FoodInspectionBody) []Reason {
	p := b.Papers
	if p == nil {
		p = &record.ColdChainPapers{}
	}
	has := map[Paper]bool{PaperQuarantine: p.Quarantine, PaperAnimalQuarantine: p.AnimalQuarantine,
		PaperNucleicAcid: p.NucleicAcid, PaperDisinfection: p.Disinfection}
	missing := map[Paper]Reason{PaperQuarantine: ReasonNoQuarantine, PaperAnimalQuarantine: ReasonNoAnimalQuarantine,
		PaperNucleicAcid: ReasonNoNucleicAcid, PaperDisinfection: ReasonNoDisinfection}
	var rs []Reason
	papers, ok := PapersNeeded(b.Origin, b.Category)
	if !ok {
		rs = append(rs, ReasonOriginUnset)
		papers = []Paper{PaperNucleicAcid, PaperDisinfection}
	}
	for _, n := range papers {
		if !has[n] {
			rs = append(rs, missing[n])
		}
	}
	if strings.TrimSpace(p.TraceCode) == "" {
		rs = append(rs, ReasonNoTraceCode)
	}
	return rs
}

// Sample refusals of the fridge and the discard.
const (
	RefuseFridgeTemp   = "fridge_temp"   // the sample fridge is outside 0–8 ℃
	RefuseDiscardEarly = "discard_early" // a sample thrown away before its time
)

// Sample fridge bounds (§11: 0–8 ℃), in tenths.
const (
	FridgeMin record.Tenths = 0
	FridgeMax record.Tenths = 80
)

// CheckFridge refuses a sample put into a fridge outside 0–8 ℃ (a fridge
// that is off or set wrong keeps nothing for 48 hours). An unread fridge
// (nil) is not refused here: the form asks for it.
func CheckFridge(t *record.Tenths) string {
	if t != nil && (*t < FridgeMin || *t > FridgeMax) {
		return RefuseFridgeTemp
	}
	return ""
}

// CheckDiscard refuses throwing a sample away before its retention is over.
func CheckDiscard(s Sample, now time.Time) string {
	if now.Before(s.Until) {
		return RefuseDiscardEarly
	}
	return ""
}

// Cooks' check reasons.
const (
	ReasonCookFever     Reason = "cook_fever"      // a temperature at or above the threshold
	ReasonCookSymptoms  Reason = "cook_symptoms"   // cough, sore throat, diarrhoea …
	ReasonCookHandWound Reason = "cook_hand_wound" // wounds or infection on the hands
	ReasonCookNoCert    Reason = "cook_no_cert"    // no valid health certificate
)

// CookReasons lists every reason of the cooks' check, in the order the
// guard hears them.
var CookReasons = []Reason{ReasonCookFever, ReasonCookSymptoms, ReasonCookHandWound, ReasonCookNoCert}

// CheckCook decides a cook's morning check: fit to work only with a normal
// temperature, no symptoms, no wound on the hands and a valid health
// certificate. Every failing reason is returned.
func CheckCook(c Config, b record.KitchenCheckBody) (fit bool, reasons []Reason) {
	add := func(cond bool, r Reason) {
		if cond {
			reasons = append(reasons, r)
		}
	}
	add(IsFever(b.Temp, c.FeverAt()), ReasonCookFever)
	add(b.Symptoms, ReasonCookSymptoms)
	add(b.HandWound, ReasonCookHandWound)
	add(!b.HealthCert, ReasonCookNoCert)
	return len(reasons) == 0, reasons
}

// RequiredArea is one area of a zone that must be disinfected PerDay times
// a day (无死角、无盲区: every area, not one wipe anywhere).
type RequiredArea struct {
	Zone   Zone
	Area   string
	PerDay int
}

// DefaultAreas is what a facility must disinfect until it sets its own:
// the posts and passages of each gate's zone, public areas twice a day.
var DefaultAreas = []RequiredArea{
	{ZoneMainGate, "门岗值班室", 1}, {ZoneMainGate, "检查通道", 2},
	{ZoneCustody, "值勤区", 2}, {ZoneCustody, "物资暂存间", 1}, {ZoneCustody, "监区公共区域", 2},
	{ZoneStandby, "备勤区", 1},
	{ZoneOffice, "办公区公共区域", 2}, {ZoneOffice, "卫生间", 2},
	{ZoneKitchen, "伙房操作间", 1}, {ZoneKitchen, "餐具", 3},
}

// AreaDone is how far a required area is disinfected on a day.
type AreaDone struct {
	RequiredArea
	Done int
}

// Complete reports whether the area had all its rounds.
func (a AreaDone) Complete() bool { return a.Done >= a.PerDay }

// AreasDone counts a day's disinfection records against the required
// areas: a record counts for the area it names in its zone (spaces and
// case aside), and a voided record not at all. Areas are returned in the
// order required.
func AreasDone(required []RequiredArea, day []Event) []AreaDone {
	norm := func(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), "")) }
	out := make([]AreaDone, len(required))
	for i, r := range required {
		out[i] = AreaDone{RequiredArea: r}
	}
	for _, e := range day {
		if e.Voided || e.Kind != record.Disinfection {
			continue
		}
		var b record.DisinfectionBody
		if e.Decode(&b) != nil {
			continue
		}
		i := slices.IndexFunc(out, func(a AreaDone) bool { return string(a.Zone) == b.Zone && norm(a.Area) == norm(b.Area) })
		if i >= 0 {
			out[i].Done++
		}
	}
	return out
}

// ZoneComplete reports whether every required area of a zone had all its
// rounds (a zone with no required area is complete).
func ZoneComplete(done []AreaDone, zone Zone) bool {
	for _, a := range done {
		if a.Zone == zone && !a.Complete() {
			return false
		}
	}
	return true
}
