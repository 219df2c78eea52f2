package gate

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"gatepost/record"
)

func TestInspectFood(t *testing.T) {
	good := record.FoodInspectionBody{Item: "大白菜", Category: record.FoodVegetable, Supplier: "城郊蔬菜合作社", Licence: "JY13201000012345",
		Quantity: 200, Unit: "kg", Certificate: true, SensoryOK: true}
	papers := &record.ColdChainPapers{Quarantine: true, NucleicAcid: true, Disinfection: true, TraceCode: "32010020201234"}
	cold := good
	cold.Item, cold.Category, cold.ColdChain, cold.Papers, cold.Expires = "冻猪肉", record.FoodFrozen, true, papers, "2020-08-01"
	with := func(b record.FoodInspectionBody, f func(*record.FoodInspectionBody)) record.FoodInspectionBody {
		if b.Papers != nil {
			p := *b.Papers
			b.Papers = &p
		}
		f(&b)
		return b
	}
	tests := []struct {
		name string
		b    record.FoodInspectionBody
		want []Reason
	}{
		{"fresh vegetables, no expiry date", good, nil},
		{"cold chain with all four papers", cold, nil},
		{"expires today is still good", with(good, func(b *record.FoodInspectionBody) { b.Expires = "2020-02-10" }), nil},
		{"no supplier", with(good, func(b *record.FoodInspectionBody) { b.Supplier = " " }), []Reason{ReasonUnknownSource}},
		{"no licence", with(good, func(b *record.FoodInspectionBody) { b.Licence = "" }), []Reason{ReasonUnknownSource}},
		{"no certificate", with(good, func(b *record.FoodInspectionBody) { b.Certificate = false }), []Reason{ReasonNoCertificate}},
		{"expired yesterday", with(good, func(b *record.FoodInspectionBody) { b.Expires = "2020-02-09" }), []Reason{ReasonExpired}},
		{"failed sensory check", with(good, func(b *record.FoodInspectionBody) { b.SensoryOK = false }), []Reason{ReasonSensoryFailed}},
		{"cold chain, no quarantine", with(cold, func(b *record.FoodInspectionBody) { b.Papers.Quarantine = false }), []Reason{ReasonNoQuarantine}},
		{"cold chain, no nucleic-acid test", with(cold, func(b *record.FoodInspectionBody) { b.Papers.NucleicAcid = false }), []Reason{ReasonNoNucleicAcid}},
		{"cold chain, no disinfection certificate", with(cold, func(b *record.FoodInspectionBody) { b.Papers.Disinfection = false }), []Reason{ReasonNoDisinfection}},
		{"cold chain, no trace code", with(cold, func(b *record.FoodInspectionBody) { b.Papers.TraceCode = "  " }), []Reason{ReasonNoTraceCode}},
		{"cold chain without any papers", with(cold, func(b *record.FoodInspectionBody) { b.Papers = nil }),
			[]Reason{ReasonNoQuarantine, ReasonNoNucleicAcid, ReasonNoDisinfection, ReasonNoTraceCode}},
		{"papers of a non-cold-chain item are not checked", with(good, func(b *record.FoodInspectionBody) { b.Papers = &record.ColdChainPapers{} }), nil},
		{"everything wrong, in order", record.FoodInspectionBody{Item: "来历不明的肉", ColdChain: true, Expires: "2019-01-01"},
			[]Reason{ReasonUnknownSource, ReasonNoCertificate, ReasonExpired, ReasonSensoryFailed, ReasonNoQuarantine, ReasonNoNucleicAcid, ReasonNoDisinfection, ReasonNoTraceCode}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := InspectFood(tt.b, now)
			if !reflect.DeepEqual(got.Reasons, tt.want) || got.Accepted != (len(tt.want) == 0) {
				t.Fatalf("got %+v, want %v", got, tt.want)
			}
		})
	}
	for _, c := range record.FoodCategories {
		want := c == record.FoodMeat || c == record.FoodAquatic || c == record.FoodFrozen
		if ColdChainByDefault(c) != want {
			t.Errorf("ColdChainByDefault(%s)", c)
		}
	}
}

func errCode(err error) string {
	var ie *InputError
	if errors.As(err, &ie) {
		return ie.Code
	}
	return ""
}

func TestParseDate(t *testing.T) {
	tests := []struct{ in, want, code string }{
		{"2026-11-20", "2026-11-20", ""},
		{" 2026/1/5 ", "2026-01-05", ""},
		{"2026.11.20", "2026-11-20", ""},
		{"20261120", "2026-11-20", ""},
		{"2026年11月20日", "2026-11-20", ""},
		{"２０２６－１１－２０", "2026-11-20", ""},
		{"2024-02-29", "2024-02-29", ""},
		{"2026-02-29", "", CodeDateFormat},
		{"2026-13-01", "", CodeDateFormat},
		{"26-11-20", "", CodeDateFormat},
		{"11-20", "", CodeDateFormat},
		{"", "", CodeDateFormat},
		{"tomorrow", "", CodeDateFormat},
		{"2026-11-20-1", "", CodeDateFormat},
		{"1800-01-01", "", CodeDateFormat},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in)
		if got != tt.want || errCode(err) != tt.code {
			t.Errorf("ParseDate(%q) = %q, %v; want %q, %q", tt.in, got, err, tt.want, tt.code)
		}
	}
	if c := CheckFoodDates("2020-02-11", "", now); c != CodeDateFuture {
		t.Errorf("produced tomorrow: %q", c)
	}
	if c := CheckFoodDates("2020-02-01", "2020-01-01", now); c != CodeDateOrder {
		t.Errorf("expiry before production: %q", c)
	}
	if c := CheckFoodDates("2020-02-10", "2020-02-10", now); c != "" {
		t.Errorf("produced and expiring today: %q", c)
	}
}

func TestParseNumbers(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want float64
		ok   bool
	}{{"20", 20, true}, {"2.5", 2.5, true}, {"2,5", 2.5, true}, {"１２", 12, true}, {"0", 0, false}, {"-3", 0, false},
		{"1e3", 0, false}, {"", 0, false}, {"NaN", 0, false}, {"Inf", 0, false}, {"12箱", 0, false}} {
		got, err := ParseQuantity(tt.in)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("ParseQuantity(%q) = %v, %v", tt.in, got, err)
		}
	}
	for _, tt := range []struct {
		in   string
		want int
		ok   bool
	}{{"30", 30, true}, {"30分钟", 30, true}, {"0", 0, true}, {"３０", 30, true}, {"1441", 0, false}, {"2.5", 0, false}, {"", 0, false}} {
		got, err := ParseMinutes(tt.in)
		if got != tt.want || (err == nil) != tt.ok {
			t.Errorf("ParseMinutes(%q) = %v, %v", tt.in, got, err)
		}
	}
	if g, err := ParseGrams("150克"); g != 150 || err != nil {
		t.Errorf("ParseGrams: %d %v", g, err)
	}
	if _, err := ParseGrams("0"); errCode(err) != CodeGramsFormat {
		t.Errorf("ParseGrams(0): %v", err)
	}
	if h, err := ParseHours("72h"); h != 72 || err != nil {
		t.Errorf("ParseHours: %d %v", h, err)
	}
	if _, err := ParseHours("999"); errCode(err) != CodeHoursFormat {
		t.Errorf("ParseHours(999): %v", err)
	}
}

func TestParseDishes(t *testing.T) {
	got, err := ParseDishes("米饭150、红烧肉 130g，青菜; fried rice 200克 ,, ", 125)
	want := []record.SampleDish{{Name: "米饭", Grams: 150}, {Name: "红烧肉", Grams: 130}, {Name: "青菜", Grams: 125}, {Name: "fried rice", Grams: 200}}
	if err != nil || !reflect.DeepEqual(got, want) {
		t.Fatalf("ParseDishes = %v, %v", got, err)
	}
	for _, tt := range []struct{ in, code string }{
		{"", CodeDishesEmpty}, {" 、 ,", CodeDishesEmpty}, {"150", CodeDishesEmpty}, {"米饭99999", CodeGramsFormat},
	} {
		if _, err := ParseDishes(tt.in, 125); errCode(err) != tt.code {
			t.Errorf("ParseDishes(%q): %v, want %s", tt.in, err, tt.code)
		}
	}
}

func TestCheckSample(t *testing.T) {
	at := now
	until := func(h int) string { return at.Add(time.Duration(h) * time.Hour).Format(record.TimeLayout) }
	dishes := []record.SampleDish{{Name: "米饭", Grams: 150}, {Name: "青菜", Grams: 125}}
	tests := []struct {
		name  string
		rules SampleRules
		b     record.FoodSampleBody
		want  string
		dish  string
	}{
		{"125 g each, 48 h", SampleRules{}, record.FoodSampleBody{Meal: record.Lunch, Dishes: dishes, RetainUntil: until(48)}, "", ""},
		{"longer retention", SampleRules{}, record.FoodSampleBody{Meal: record.Dinner, Dishes: dishes, RetainUntil: until(72)}, "", ""},
		{"124 g", SampleRules{}, record.FoodSampleBody{Meal: record.Lunch, Dishes: []record.SampleDish{{Name: "汤", Grams: 124}}, RetainUntil: until(48)}, RefuseGramsLow, "汤"},
		{"configured 150 g", SampleRules{MinGrams: 150}, record.FoodSampleBody{Meal: record.Lunch, Dishes: dishes, RetainUntil: until(48)}, RefuseGramsLow, "青菜"},
		{"47 h", SampleRules{}, record.FoodSampleBody{Meal: record.Lunch, Dishes: dishes, RetainUntil: until(47)}, RefuseRetainLow, ""},
		{"configured 72 h", SampleRules{RetainHours: 72}, record.FoodSampleBody{Meal: record.Lunch, Dishes: dishes, RetainUntil: until(48)}, RefuseRetainLow, ""},
		{"no retain time", SampleRules{}, record.FoodSampleBody{Meal: record.Lunch, Dishes: dishes}, RefuseRetainLow, ""},
		{"no dishes", SampleRules{}, record.FoodSampleBody{Meal: record.Lunch, RetainUntil: until(48)}, RefuseNoDishes, ""},
		{"dish twice", SampleRules{}, record.FoodSampleBody{Meal: record.Lunch, Dishes: append(dishes, dishes[0]), RetainUntil: until(48)}, RefuseDupDish, "米饭"},
		{"unknown meal", SampleRules{}, record.FoodSampleBody{Meal: "brunch", Dishes: dishes, RetainUntil: until(48)}, RefuseSampleMeal, ""},
	}
	for _, tt := range tests {
		if got := CheckSample(tt.rules, tt.b, at); got.Refuse != tt.want || got.Dish != tt.dish {
			t.Errorf("%s: %+v, want %q %q", tt.name, got, tt.want, tt.dish)
		}
	}
	// A clock with nanoseconds: the retain-until written to the millisecond
	// is still a full 48 hours.
	ns := now.Add(123456789 * time.Nanosecond)
	b := record.FoodSampleBody{Meal: record.Lunch, Dishes: dishes, RetainUntil: ns.Add(48 * time.Hour).Format(record.TimeLayout)}
	if c := CheckSample(SampleRules{}, b, ns); c.Refuse != "" {
		t.Errorf("48 h from a clock with nanoseconds: %+v", c)
	}
	if (SampleRules{}).Min() != 125 || (SampleRules{}).Hours() != 48 {
		t.Error("defaults are 125 g and 48 h")
	}
}

func TestSamplesHeld(t *testing.T) {
	b := &evb{t: t}
	mk := func(at time.Time, h int) string {
		return b.add(record.FoodSample, at, record.FoodSampleBody{Meal: record.Lunch, Dishes: []record.SampleDish{{Name: "米饭", Grams: 150}},
			RetainUntil: at.Add(time.Duration(h) * time.Hour).Format(record.TimeLayout)})
	}
	day := 24 * time.Hour
	old := mk(now.Add(-5*day), 48)               // ended three days ago
	endedToday := mk(now.Add(-50*time.Hour), 48) // ended at 06:30 today
	endsLater := mk(now.Add(-47*time.Hour), 48)  // ends at 09:30 today
	held := mk(now.Add(-time.Hour), 48)          // ends the day after tomorrow
	voided := mk(now.Add(-time.Hour), 48)
	b.void(voided)
	got := SamplesHeld(b.out, now)
	var ids []string
	for _, s := range got {
		ids = append(ids, s.ID)
	}
	if want := []string{endedToday, endsLater, held}; !reflect.DeepEqual(ids, want) {
		t.Fatalf("held %v, want %v (not %s)", ids, want, old)
	}
	if !got[0].EndsOn(now) || !got[1].EndsOn(now) || got[2].EndsOn(now) {
		t.Fatal("ends today marks")
	}
}

// FuzzParseFoodInput checks that the gate-5 parsers never panic and that
// what they accept is well formed.
func FuzzParseFoodInput(f *testing.F) {
	for _, s := range []string{"2026-11-20", "20261120", "米饭150、红烧肉 130g", "２,５", "30分钟", "g", "、150克"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if d, err := ParseDate(s); err == nil {
			if again, err := ParseDate(d); err != nil || again != d {
				t.Fatalf("ParseDate(%q) = %q, not a fixed point", s, d)
			}
		} else if errCode(err) != CodeDateFormat {
			t.Fatalf("ParseDate(%q): %v", s, err)
		}
		if ds, err := ParseDishes(s, 125); err == nil {
			for _, d := range ds {
				if d.Name == "" || d.Grams < 1 || d.Grams > 5000 {
					t.Fatalf("ParseDishes(%q) = %v", s, ds)
				}
			}
		}
		if q, err := ParseQuantity(s); err == nil && (q <= 0 || q > 1e7) {
			t.Fatalf("ParseQuantity(%q) = %v", s, q)
		}
		if m, err := ParseMinutes(s); err == nil && (m < 0 || m > MaxContactMin) {
			t.Fatalf("ParseMinutes(%q) = %v", s, m)
		}
	})
}
