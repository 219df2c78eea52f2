package gate

import (
	"math"
	"strconv"
	"strings"
	"time"
	"unicode"

	"gatepost/record"
)

// Food rejection reasons (§2 gate 5), in the order they are listed to the
// guard. A delivery can have several; all are recorded.
const (
	ReasonUnknownSource  Reason = "unknown_source"  // no supplier or no licence number
	ReasonNoCertificate  Reason = "no_certificate"  // no certificate of conformity
	ReasonExpired        Reason = "expired"         // past its expiry date
	ReasonSensoryFailed  Reason = "sensory_failed"  // failed the sensory check
	ReasonNoQuarantine   Reason = "no_quarantine"   // cold chain: no entry quarantine certificate
	ReasonNoNucleicAcid  Reason = "no_nucleic_acid" // cold chain: no negative nucleic-acid test
	ReasonNoDisinfection Reason = "no_disinfection" // cold chain: no disinfection certificate
	ReasonNoTraceCode    Reason = "no_trace_code"   // cold chain: no trace code
)

// FoodReasons lists every food rejection reason in order.
var FoodReasons = []Reason{ReasonUnknownSource, ReasonNoCertificate, ReasonExpired, ReasonSensoryFailed,
	ReasonOriginUnset, ReasonNoQuarantine, ReasonNoAnimalQuarantine, ReasonNoNucleicAcid, ReasonNoDisinfection, ReasonNoTraceCode}

// FoodDecision is the outcome of a food inspection.
type FoodDecision struct {
	Accepted bool
	Reasons  []Reason // every reason to reject, in FoodReasons order
}

// InspectFood decides a food delivery (§2 gate 5): nothing of unknown
// origin, without a certificate of conformity, expired, failing the
// sensory check, or (cold chain) missing a paper its origin requires
// (coldChainPapers) gets in.
// Expiry is by local date: food whose last day is today is still accepted.
// Dates are "2006-01-02" as ParseDate returns them; a missing expiry date
// (fresh vegetables have none) is not a reason on its own. The body's
// Accepted and Reasons are ignored.
func InspectFood(b record.FoodInspectionBody, now time.Time) FoodDecision {
	var rs []Reason
	add := func(cond bool, r Reason) {
		if cond {
			rs = append(rs, r)
		}
	}
	add(strings.TrimSpace(b.Supplier) == "" || strings.TrimSpace(b.Licence) == "", ReasonUnknownSource)
	add(!b.Certificate, ReasonNoCertificate)
	add(b.Expires != "" && b.Expires < Day(now), ReasonExpired)
	add(!b.SensoryOK, ReasonSensoryFailed)
	if b.ColdChain {
		rs = append(rs, coldChainPapers(b)...)
	}
	return FoodDecision{Accepted: len(rs) == 0, Reasons: rs}
}

// ColdChainByDefault reports whether a category usually arrives by cold
// chain, so the form can preset the flag (the guard may change it).
func ColdChainByDefault(c record.FoodCategory) bool {
	switch c {
	case record.FoodMeat, record.FoodAquatic, record.FoodFrozen:
		return true
	}
	return false
}

// Input error codes of the gate-2–5 forms (see InputError).
const (
	CodeDateFormat    = "date.format"    // not a date
	CodeDateFuture    = "date.future"    // a production date after today
	CodeDateOrder     = "date.order"     // expiry before production
	CodeQtyFormat     = "qty.format"     // not a positive quantity
	CodeGramsFormat   = "grams.format"   // not a whole number of grams
	CodeHoursFormat   = "hours.format"   // not a whole number of hours
	CodeMinutesFormat = "minutes.format" // not a whole number of minutes
	CodeDishesEmpty   = "dishes.empty"   // a sample without dishes
	CodeRequired      = "required"       // a required field left empty
)

// GateInputCodes lists the codes above, for the catalogue test.
var GateInputCodes = []string{CodeDateFormat, CodeDateFuture, CodeDateOrder, CodeQtyFormat, CodeGramsFormat,
	CodeHoursFormat, CodeMinutesFormat, CodeDishesEmpty, CodeRequired}

// ParseDate reads a date as it is printed on labels and typed: 2026-11-20,
// 2026/11/20, 2026.11.20, 20261120, 2026年11月20日, with full-width digits
// too. It returns "2006-01-02" or an *InputError with code date.format.
func ParseDate(s string) (string, error) {
	t := strings.TrimSpace(fold(s))
	if len(t) > 40 {
		return "", inputErr(CodeDateFormat, s)
	}
	t = strings.TrimSuffix(t, "日")
	var parts []string
	if len(t) == 8 && allDigits(t) {
		parts = []string{t[:4], t[4:6], t[6:]}
	} else {
		parts = strings.FieldsFunc(t, func(r rune) bool {
			return r == '-' || r == '/' || r == '.' || r == '年' || r == '月' || unicode.IsSpace(r)
		})
	}
	if len(parts) != 3 || len(parts[0]) != 4 {
		return "", inputErr(CodeDateFormat, s)
	}
	n := [3]int{}
	for i, p := range parts {
		if p == "" || len(p) > 4 || !allDigits(p) {
			return "", inputErr(CodeDateFormat, s)
		}
		n[i], _ = strconv.Atoi(p)
	}
	d := time.Date(n[0], time.Month(n[1]), n[2], 12, 0, 0, 0, time.UTC)
	if n[0] < 1900 || n[0] > 2200 || d.Month() != time.Month(n[1]) || d.Day() != n[2] {
		return "", inputErr(CodeDateFormat, s)
	}
	return d.Format(dateLayout), nil
}

// CheckFoodDates checks dates ParseDate returned against each other and
// today: a production date after today or an expiry before production is a
// typing mistake, not a reason to reject food. It returns an input error
// code, or "".
func CheckFoodDates(produced, expires string, now time.Time) string {
	switch {
	case produced != "" && produced > Day(now):
		return CodeDateFuture
	case produced != "" && expires != "" && expires < produced:
		return CodeDateOrder
	}
	return ""
}

// ParseQuantity reads a positive quantity: "20", "2.5", "2,5", full-width.
func ParseQuantity(s string) (float64, error) {
	t := strings.ReplaceAll(strings.TrimSpace(fold(s)), ",", ".")
	if t == "" || len(t) > 12 || strings.ContainsAny(t, "eE+-xXpP_") {
		return 0, inputErr(CodeQtyFormat, s)
	}
	f, err := strconv.ParseFloat(t, 64)
	if err != nil || f <= 0 || f > 1e7 || math.IsNaN(f) {
		return 0, inputErr(CodeQtyFormat, s)
	}
	return f, nil
}

// parseWhole reads a whole number in [lo, hi], allowing full-width digits
// and a trailing unit the guard may type out of habit.
func parseWhole(s, code string, lo, hi int, units ...string) (int, error) {
	t := strings.TrimSpace(fold(s))
	for _, u := range units {
		if r, ok := strings.CutSuffix(t, u); ok {
			t = strings.TrimSpace(r)
			break
		}
	}
	if t == "" || len(t) > 6 || !allDigits(t) {
		return 0, inputErr(code, s)
	}
	n, _ := strconv.Atoi(t)
	if n < lo || n > hi {
		return 0, inputErr(code, s)
	}
	return n, nil
}

// ParseMinutes reads a contact time in minutes, 0–MaxContactMin.
func ParseMinutes(s string) (int, error) {
	return parseWhole(s, CodeMinutesFormat, 0, MaxContactMin, "分钟", "分", "min", "m")
}

// ParseGrams reads a sample weight in grams, 1–5000.
func ParseGrams(s string) (int, error) {
	return parseWhole(s, CodeGramsFormat, 1, 5000, "克", "g", "G")
}

// ParseHours reads a retention time in hours, 1–720.
func ParseHours(s string) (int, error) {
	return parseWhole(s, CodeHoursFormat, 1, 720, "小时", "h", "H")
}

// maxDishes bounds a sample list; a canteen meal has a handful.
const maxDishes = 30

// ParseDishes reads the dishes of a meal sample: names separated by 、，,
// ；; or /, each optionally followed by its weight ("米饭150, 红烧肉 130g,
// 青菜"); a dish without a weight gets defaultGrams. Spaces inside a name are
// kept ("fried rice"). It returns code dishes.empty when no dish is named
// and grams.format for a weight that is not a whole number of grams.
func ParseDishes(s string, defaultGrams int) ([]record.SampleDish, error) {
	items := strings.FieldsFunc(fold(s), func(r rune) bool {
		return strings.ContainsRune("、，,；;/\n", r)
	})
	var out []record.SampleDish
	for _, it := range items {
		it = strings.TrimSpace(it)
		if it == "" {
			continue
		}
		name, grams := splitWeight(it)
		if name == "" {
			return nil, inputErr(CodeDishesEmpty, s)
		}
		g := defaultGrams
		if grams != "" {
			n, err := ParseGrams(grams)
			if err != nil {
				return nil, inputErr(CodeGramsFormat, it)
			}
			g = n
		}
		out = append(out, record.SampleDish{Name: name, Grams: g})
		if len(out) > maxDishes {
			return nil, inputErr(CodeDishesEmpty, s)
		}
	}
	if len(out) == 0 {
		return nil, inputErr(CodeDishesEmpty, s)
	}
	return out, nil
}

// splitWeight splits "红烧肉 130g" into "红烧肉" and "130g".
func splitWeight(it string) (name, weight string) {
	end := strings.TrimRight(it, "克gG")
	i := len(end)
	for i > 0 && isDigit(rune(end[i-1])) {
		i--
	}
	if i == len(end) { // no digits at the end: all name
		return it, ""
	}
	return strings.TrimSpace(it[:i]), it[i:]
}

// SampleRules are a facility's food-sample settings (§2 gate 5: at least
// 125 g of each dish, kept at least 48 hours). Zero fields take the
// defaults.
type SampleRules struct {
	MinGrams    int
	RetainHours int
}

// Default sample rules.
const (
	DefaultSampleGrams = 125
	DefaultRetainHours = 48
)

// Min is the least grams per dish in force.
func (r SampleRules) Min() int {
	if r.MinGrams <= 0 {
		return DefaultSampleGrams
	}
	return r.MinGrams
}

// Hours is the least retention in force.
func (r SampleRules) Hours() int {
	if r.RetainHours <= 0 {
		return DefaultRetainHours
	}
	return r.RetainHours
}

// Sample refusals.
const (
	RefuseGramsLow   = "grams_low"   // a dish's sample weighs less than the minimum
	RefuseRetainLow  = "retain_low"  // kept for less than the minimum
	RefuseNoDishes   = "no_dishes"   // nothing to retain
	RefuseDupDish    = "dup_dish"    // the same dish twice
	RefuseSampleMeal = "sample_meal" // unknown meal
)

// SampleRefusals lists every sample refusal code.
var SampleRefusals = []string{RefuseGramsLow, RefuseRetainLow, RefuseNoDishes, RefuseDupDish, RefuseSampleMeal}

// SampleCheck is the answer of CheckSample: Refuse is "" when the sample may
// be recorded; Dish names the dish a refusal is about.
type SampleCheck struct {
	Refuse string
	Dish   string
}

// CheckSample checks a meal sample against the rules: every dish at least
// Min grams, retained at least Hours hours.
func CheckSample(r SampleRules, b record.FoodSampleBody, at time.Time) SampleCheck {
	switch b.Meal {
	case record.Breakfast, record.Lunch, record.Dinner, record.MealOther:
	default:
		return SampleCheck{Refuse: RefuseSampleMeal}
	}
	if len(b.Dishes) == 0 {
		return SampleCheck{Refuse: RefuseNoDishes}
	}
	seen := map[string]bool{}
	for _, d := range b.Dishes {
		if seen[d.Name] {
			return SampleCheck{Refuse: RefuseDupDish, Dish: d.Name}
		}
		seen[d.Name] = true
		if d.Grams < r.Min() {
			return SampleCheck{Refuse: RefuseGramsLow, Dish: d.Name}
		}
	}
	// Record times are kept to the millisecond (record.TimeLayout): a
	// sample retained exactly 48 h from a clock reading with nanoseconds
	// must not come back a few nanoseconds short.
	until := b.Until()
	if until.IsZero() || until.Sub(at.Truncate(time.Millisecond)) < time.Duration(r.Hours())*time.Hour {
		return SampleCheck{Refuse: RefuseRetainLow}
	}
	return SampleCheck{}
}

// Sample is a retained meal sample.
type Sample struct {
	ID    string
	Seq   int64
	At    time.Time
	Body  record.FoodSampleBody
	Until time.Time
}

// EndsOn reports whether the retention ends on now's local date (already
// past or later today): the canteen may discard it today.
func (s Sample) EndsOn(now time.Time) bool { return Day(s.Until.In(now.Location())) == Day(now) }

// SamplesHeld returns the samples among evs (food.sample records, seq order)
// that must still be kept at now or whose retention ended today, oldest
// first. Voided samples are skipped.
func SamplesHeld(evs []Event, now time.Time) []Sample {
	var out []Sample
	for _, e := range evs {
		if e.Voided || e.Kind != record.FoodSample {
			continue
		}
		var b record.FoodSampleBody
		if e.Decode(&b) != nil {
			continue
		}
		s := Sample{ID: e.ID, Seq: e.Seq, At: e.At, Body: b, Until: b.Until()}
		if s.Until.After(now) || s.EndsOn(now) {
			out = append(out, s)
		}
	}
	return out
}
