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
// a day (无死角、无盲区: every area, not one wipe anywhere). Code is stable:
// the form stores it as a disinfection record's area, and the catalogue
// renders it ("area.<code>") in the terminal's language, as a zone's code
// is. Names are the other ways a round of the area may have been recorded
// — the Chinese name that records carried before the codes, which a guard
// may still type — so those rounds count too.
type RequiredArea struct {
	Zone   Zone
	Code   string
	PerDay int
	Names  []string
}

// Matches reports whether a disinfection record's area names this area:
// its code or one of its names, spaces and case aside.
func (a RequiredArea) Matches(area string) bool {
	n := normArea(area)
	if n == "" {
		return false
	}
	if n == normArea(a.Code) {
		return true
	}
	return slices.ContainsFunc(a.Names, func(s string) bool { return normArea(s) == n })
}

func normArea(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), "")) }

// DefaultAreas is what a facility must disinfect until it sets its own:
// the posts and passages of each gate's zone, public areas twice a day,
// tableware after each meal.
var DefaultAreas = []RequiredArea{
	{ZoneMainGate, "gatehouse", 1, []string{"门岗值班室"}},
	{ZoneMainGate, "inspection_lane", 2, []string{"检查通道"}},
	{ZoneCustody, "duty_area", 2, []string{"值勤区"}},
	{ZoneCustody, "supply_room", 1, []string{"物资暂存间"}},
	{ZoneCustody, "custody_public", 2, []string{"监区公共区域"}},
	{ZoneStandby, "standby_area", 1, []string{"备勤区"}},
	{ZoneOffice, "office_public", 2, []string{"办公区公共区域"}},
	{ZoneOffice, "office_washrooms", 2, []string{"卫生间"}},
	{ZoneKitchen, "kitchen_room", 1, []string{"伙房操作间"}},
	{ZoneKitchen, "tableware", 3, []string{"餐具"}},
}

// AreaDone is how far a required area is disinfected on a day.
type AreaDone struct {
	RequiredArea
	Done int
}

// Complete reports whether the area had all its rounds.
func (a AreaDone) Complete() bool { return a.Done >= a.PerDay }

// RoundsDue is how many of an area's perDay rounds are due by asOf on the
// day that starts at from: the k-th by k/perDay of the day — twice a day,
// one by noon and both by midnight; once a day, by midnight — so that a
// report drawn up in the afternoon does not count the evening's rounds as
// missed, as a meal's sample is not missed before the meal (MealDue).
func RoundsDue(perDay int, from, asOf time.Time) int {
	day := from.AddDate(0, 0, 1).Sub(from)
	if perDay <= 0 || day <= 0 {
		return 0
	}
	el := asOf.Sub(from)
	if el >= day {
		return perDay
	}
	if el <= 0 {
		return 0
	}
	return int(int64(perDay) * int64(el) / int64(day))
}

// ZoneMissing returns the required areas of a zone still short of their
// rounds, in the order required.
func ZoneMissing(done []AreaDone, zone Zone) []AreaDone {
	var out []AreaDone
	for _, a := range done {
		if a.Zone == zone && !a.Complete() {
			out = append(out, a)
		}
	}
	return out
}

// AreasDone counts a day's disinfection records against the required
// areas: a record counts for the area it names in its zone (by code or
// name, spaces and case aside), and a voided record not at all. Areas are
// returned in the order required.
func AreasDone(required []RequiredArea, day []Event) []AreaDone {
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
		i := slices.IndexFunc(out, func(a AreaDone) bool { return string(a.Zone) == b.Zone && a.Matches(b.Area) })
		if i >= 0 {
			out[i].Done++
		}
	}
	return out
}
