package gate

import (
	"slices"
	"testing"
	"time"
	_ "time/tzdata" // New York's rules, whatever the machine has

	"gatepost/record"
)

func TestColdChainPapersByOrigin(t *testing.T) {
	now := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	base := record.FoodInspectionBody{Item: "冻猪肉", Category: record.FoodMeat, ColdChain: true, Supplier: "某肉联厂",
		Licence: "SC10432", Certificate: true, SensoryOK: true}
	papers := func(entry, animal bool) *record.ColdChainPapers {
		return &record.ColdChainPapers{Quarantine: entry, AnimalQuarantine: animal, NucleicAcid: true, Disinfection: true, TraceCode: "T1"}
	}
	with := func(o record.FoodOrigin, c record.FoodCategory, p *record.ColdChainPapers) record.FoodInspectionBody {
		b := base
		b.Origin, b.Category, b.Papers = o, c, p
		return b
	}
	tests := []struct {
		name string
		b    record.FoodInspectionBody
		want []Reason
	}{
		{"domestic meat with its animal-quarantine paper", with(record.OriginDomestic, record.FoodMeat, papers(false, true)), nil},
		{"domestic meat without it", with(record.OriginDomestic, record.FoodMeat, papers(false, false)), []Reason{ReasonNoAnimalQuarantine}},
		{"domestic meat needs no entry certificate", with(record.OriginDomestic, record.FoodMeat, papers(false, true)), nil},
		{"domestic frozen dumplings need neither", with(record.OriginDomestic, record.FoodFrozen, papers(false, false)), nil},
		{"domestic fish needs the animal paper", with(record.OriginDomestic, record.FoodAquatic, papers(true, false)), []Reason{ReasonNoAnimalQuarantine}},
		{"imported meat with the entry certificate", with(record.OriginImported, record.FoodMeat, papers(true, false)), nil},
		{"imported without it", with(record.OriginImported, record.FoodFrozen, papers(false, true)), []Reason{ReasonNoQuarantine}},
		{"a record before origins: the entry certificate", with("", record.FoodMeat, papers(false, true)), []Reason{ReasonNoQuarantine}},
		{"an origin the form never offers", with("mars", record.FoodMeat, papers(true, true)), []Reason{ReasonOriginUnset}},
		{"no papers at all, domestic meat", with(record.OriginDomestic, record.FoodMeat, nil),
			[]Reason{ReasonNoAnimalQuarantine, ReasonNoNucleicAcid, ReasonNoDisinfection, ReasonNoTraceCode}},
	}
	for _, tt := range tests {
		d := InspectFood(tt.b, now)
		if !slices.Equal(d.Reasons, tt.want) || d.Accepted != (len(tt.want) == 0) {
			t.Errorf("%s: %+v, want %v", tt.name, d, tt.want)
		}
	}
}

func TestSampleFridgeAndDiscard(t *testing.T) {
	tp := func(v record.Tenths) *record.Tenths { return &v }
	for _, c := range []struct {
		t    *record.Tenths
		want string
	}{{nil, ""}, {tp(0), ""}, {tp(45), ""}, {tp(80), ""}, {tp(81), RefuseFridgeTemp}, {tp(-5), RefuseFridgeTemp}, {tp(120), RefuseFridgeTemp}} {
		if got := CheckFridge(c.t); got != c.want {
			t.Errorf("fridge %v: %q, want %q", c.t, got, c.want)
		}
	}
	until := time.Date(2026, 11, 22, 12, 0, 0, 0, time.UTC)
	s := Sample{Until: until}
	if got := CheckDiscard(s, until.Add(-time.Minute)); got != RefuseDiscardEarly {
		t.Errorf("a minute early: %q", got)
	}
	if got := CheckDiscard(s, until); got != "" {
		t.Errorf("on time: %q", got)
	}
}

func TestCheckCook(t *testing.T) {
	good := record.KitchenCheckBody{Badge: "2041", Temp: 364, HealthCert: true}
	tests := []struct {
		name string
		mod  func(*record.KitchenCheckBody)
		want []Reason
	}{
		{"fit", func(*record.KitchenCheckBody) {}, nil},
		{"fever", func(b *record.KitchenCheckBody) { b.Temp = 375 }, []Reason{ReasonCookFever}},
		{"symptoms", func(b *record.KitchenCheckBody) { b.Symptoms = true }, []Reason{ReasonCookSymptoms}},
		{"a cut on the hand", func(b *record.KitchenCheckBody) { b.HandWound = true }, []Reason{ReasonCookHandWound}},
		{"no health certificate", func(b *record.KitchenCheckBody) { b.HealthCert = false }, []Reason{ReasonCookNoCert}},
		{"all of it", func(b *record.KitchenCheckBody) {
			b.Temp, b.Symptoms, b.HandWound, b.HealthCert = 380, true, true, false
		}, CookReasons},
	}
	for _, tt := range tests {
		b := good
		tt.mod(&b)
		fit, rs := CheckCook(Config{}, b)
		if fit != (len(tt.want) == 0) || !slices.Equal(rs, tt.want) {
			t.Errorf("%s: fit %v %v, want %v", tt.name, fit, rs, tt.want)
		}
	}
}

// One wipe anywhere no longer marks a zone: every required area, as many
// times a day as required, a voided round not counting.
func TestAreasDone(t *testing.T) {
	at := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	b := &sb{t: t}
	dis := func(zone Zone, area string) string {
		return b.add(record.Disinfection, 0, at, record.DisinfectionBody{Zone: string(zone), Area: area, Method: record.MethodSpray, Operator: "1001"})
	}
	req := []RequiredArea{{ZoneMainGate, "booth", 1, []string{"岗亭"}}, {ZoneMainGate, "lane", 2, []string{"通道"}}, {ZoneKitchen, "tableware", 3, nil}}
	dis(ZoneMainGate, "岗亭")     // by its name, as records carried it before the codes
	dis(ZoneMainGate, " LANE ") // by its code, case and spaces aside
	if done := AreasDone(req, b.out); len(ZoneMissing(done, ZoneMainGate)) == 0 || done[1].Done != 1 {
		t.Fatalf("after one round of the passage: %+v", done)
	}
	voided := dis(ZoneMainGate, "通道")
	for i := range b.out {
		if b.out[i].ID == voided {
			b.out[i].Voided = true
		}
	}
	if done := AreasDone(req, b.out); len(ZoneMissing(done, ZoneMainGate)) == 0 {
		t.Fatalf("a voided round counted: %+v", done)
	}
	dis(ZoneMainGate, "通道")
	dis(ZoneCustody, "岗亭") // another zone's area of the same name
	done := AreasDone(req, b.out)
	if len(ZoneMissing(done, ZoneMainGate)) != 0 || len(ZoneMissing(done, ZoneKitchen)) == 0 || len(ZoneMissing(done, ZoneStandby)) != 0 {
		t.Fatalf("zones: %+v", done)
	}
	if done[0].Done != 1 || done[1].Done != 2 || done[2].Done != 0 {
		t.Fatalf("counts: %+v", done)
	}
	if miss := ZoneMissing(done, ZoneKitchen); len(miss) != 1 || miss[0].Code != "tableware" || len(ZoneMissing(done, ZoneMainGate)) != 0 {
		t.Fatalf("missing: %+v", miss)
	}
	// Codes are unique, and a name is no other area's code or name.
	seen := map[string]bool{}
	for _, a := range DefaultAreas {
		for _, n := range append([]string{a.Code}, a.Names...) {
			if seen[n] {
				t.Errorf("area %q named twice", n)
			}
			seen[n] = true
		}
	}
	// The defaults cover every zone with at least one area.
	for _, z := range []Zone{ZoneMainGate, ZoneCustody, ZoneStandby, ZoneOffice, ZoneKitchen} {
		if !slices.ContainsFunc(DefaultAreas, func(a RequiredArea) bool { return a.Zone == z && a.PerDay > 0 }) {
			t.Errorf("zone %s has no required area", z)
		}
	}
}

func TestDetaineeSessions(t *testing.T) {
	loc := time.FixedZone("CST", 8*3600)
	at := func(h int) time.Time { return time.Date(2026, 11, 20, h, 10, 0, 0, loc) }
	people := []Person{
		{Badge: "D1", Kind: Detainee, Active: true},
		{Badge: "D2", Kind: Detainee, Active: true, IDNumber: "11010519491231002X"},
		{Badge: "D3", Kind: Detainee, Active: false},
		{Badge: "S1", Kind: Staff, Active: true},
	}
	rs := []Reading{
		{Badge: "D1", At: at(7), Temp: 364},
		{Badge: "D2", At: at(8), Temp: 366},
		{Badge: "D1", At: at(19), Temp: 365},
		{Badge: "S1", At: at(19), Temp: 365},
	}
	in := ScreenInput{People: people, Readings: rs}
	once := DetaineeSessions(in, 1, at(0), at(20))
	if len(once) != 1 || once[0].Session != SessionDay || once[0].Expected != 2 || once[0].Checked != 2 {
		t.Fatalf("one session: %+v", once)
	}
	twice := DetaineeSessions(in, 2, at(0), at(20))
	if len(twice) != 2 || twice[0].Session != SessionMorning || twice[0].Checked != 2 ||
		twice[1].Session != SessionEvening || twice[1].Checked != 1 || twice[1].Unchecked() != 1 {
		t.Fatalf("two sessions: %+v", twice)
	}
	// At 10:00 the evening session is not due yet.
	if early := DetaineeSessions(in, 2, at(0), at(10)); len(early) != 1 || early[0].Session != SessionMorning {
		t.Fatalf("at 10:00: %+v", early)
	}
	// A past day, drawn up the morning after: both sessions were due.
	if past := DetaineeSessions(in, 2, at(0), at(0).AddDate(0, 0, 1)); len(past) != 2 || past[1].Checked != 1 {
		t.Fatalf("the day after: %+v", past)
	}
	// Inactive detainees and staff are not in a session's coverage; the
	// staff member's evening reading is not a detainee's.
	if twice[1].Expected != 2 {
		t.Fatalf("evening expected %d, want the two active detainees", twice[1].Expected)
	}
	if SessionOf(at(11), 2) != SessionMorning || SessionOf(at(12), 2) != SessionEvening || SessionOf(at(19), 1) != SessionDay {
		t.Fatal("SessionOf")
	}
}

// The sessions end where SessionOf divides them, at noon by the clock,
// also on a day the clocks change: on 8 March 2026 New York skipped from
// 02:00 to 03:00, and the morning was over at 12:00, not 13:00.
func TestDetaineeSessionsNoonByTheClock(t *testing.T) {
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2026, 3, 8, 0, 0, 0, 0, loc)
	in := ScreenInput{People: []Person{{Badge: "D1", Kind: Detainee, Active: true}, {Badge: "D2", Kind: Detainee, Active: true}},
		Readings: []Reading{{Badge: "D1", At: day.Add(8 * time.Hour), Temp: 364}}}
	ss := DetaineeSessions(in, 2, day, time.Date(2026, 3, 8, 12, 30, 0, 0, loc))
	if len(ss) != 2 || ss[0].Open || ss[0].Missed() != 1 || !ss[1].Open {
		t.Fatalf("at 12:30: %+v", ss)
	}
}

// A meal's sample is due at its time of day by the clock, also on a day
// the clocks change: at 09:30 on 8 March 2026 in New York breakfast (due
// 09:00) was missing, though only eight and a half hours had passed.
func TestMealDueByTheClock(t *testing.T) {
	loc, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2026, 3, 8, 0, 0, 0, 0, loc)
	r := ComputeReport(ReportInput{Scope: ScopeDay, Day: "2026-03-08", From: day, To: day.AddDate(0, 0, 1),
		AsOf: time.Date(2026, 3, 8, 9, 30, 0, 0, loc)})
	if !slices.Equal(r.Food.MealsMissing, []record.Meal{record.Breakfast}) {
		t.Fatalf("at 09:30: meals missing %v", r.Food.MealsMissing)
	}
}

func TestMaskID(t *testing.T) {
	for in, want := range map[string]string{
		"320102198001010016": "320102********0016",
		"11010519491231002X": "110105********002X",
		"1234567":            "*******",
		"":                   "",
	} {
		if got := MaskID(in); got != want {
			t.Errorf("MaskID(%q) = %q, want %q", in, got, want)
		}
	}
}

// The report merges the facility's records: two terminals' records of the
// same seq are two records, in the order they happened; the same record
// read twice is one, the period's copy.
func TestMergeFacilityRecords(t *testing.T) {
	at := time.Date(2026, 11, 20, 8, 0, 0, 0, time.UTC)
	rec := func(id, term string, seq int64, min int) DayRecord {
		return DayRecord{Record: record.Record{ID: id, Terminal: term, Seq: seq, At: at.Add(time.Duration(min) * time.Minute)}}
	}
	lookback := []DayRecord{rec("a", "gate1", 7, 0), rec("b", "gate2", 7, 5)}
	period := []DayRecord{rec("c", "gate2", 8, 2), rec("b", "gate2", 7, 5)}
	period[1].Voided = true
	got := rpMerge(lookback, period)
	var ids []string
	for _, x := range got {
		ids = append(ids, x.ID)
	}
	if !slices.Equal(ids, []string{"a", "c", "b"}) || !got[2].Voided {
		t.Fatalf("merged %v (b voided: %v)", ids, got[len(got)-1].Voided)
	}
}

// Staff working from home are screened by phone (§11: every staff
// member's health daily): they count in the staff's coverage, are listed
// unscreened until they report, and are the phone group, not a unit's.
func TestScreenCountsStaffAtHome(t *testing.T) {
	people := []Person{
		{Badge: "2001", Name: "张伟", Kind: Staff, Unit: "一大队", Assignment: AssignCustody, Active: true},
		{Badge: "2002", Name: "王芳", Kind: Staff, Unit: "办公室", Assignment: AssignOffice, Active: true},
		{Badge: "2004", Name: "刘洋", Kind: Staff, Unit: "办公室", Assignment: AssignWFH, Active: true},
		{Badge: "2009", Name: "赵停", Kind: Staff, Unit: "办公室", Assignment: AssignWFH, Active: false},
		{Badge: "D0001", Name: "赵某", Kind: Detainee, Unit: "一大队/宿舍1", Active: true},
	}
	at := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	read := func(badges ...string) []Reading {
		var rs []Reading
		for _, b := range badges {
			rs = append(rs, Reading{Badge: b, At: at, Temp: 364})
		}
		return rs
	}
	cases := []struct {
		name        string
		att         map[string]Entry
		readings    []Reading
		home        []string // badges at home, in roster order
		staff, hcov Coverage
		unchecked   []string
	}{
		{"at home by the roster, not yet called", nil, read("2001", "2002", "D0001"),
			[]string{"2004"}, Coverage{3, 2}, Coverage{1, 0}, []string{"2004"}},
		{"at home by the roster, reported by phone", nil, read("2001", "2002", "2004", "D0001"),
			[]string{"2004"}, Coverage{3, 3}, Coverage{1, 1}, nil},
		{"the day's list sends an office member home", map[string]Entry{"2002": {Badge: "2002", Status: record.WFH}}, read("2001", "D0001"),
			[]string{"2002", "2004"}, Coverage{3, 1}, Coverage{2, 0}, []string{"2002", "2004"}},
		{"the day's list brings a home worker in", map[string]Entry{"2004": {Badge: "2004", Status: record.OnSite}}, read("2001", "2002", "2004", "D0001"),
			nil, Coverage{3, 3}, Coverage{}, nil},
		{"nobody read", nil, nil, []string{"2004"}, Coverage{3, 0}, Coverage{1, 0}, []string{"2001", "2002", "2004", "D0001"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := Screen(ScreenInput{People: people, Attendance: c.att, Readings: c.readings, Fever: DefaultFever})
			var home []string
			for _, p := range s.WFH {
				home = append(home, p.Badge)
			}
			if !slices.Equal(home, c.home) {
				t.Errorf("at home %v, want %v", home, c.home)
			}
			if got := s.Coverage(Staff); got != c.staff {
				t.Errorf("staff %+v, want %+v", got, c.staff)
			}
			if got := s.HomeCoverage(); got != c.hcov {
				t.Errorf("home %+v, want %+v", got, c.hcov)
			}
			if got := s.Coverage(""); got.Expected != 4 {
				t.Errorf("everyone %+v: want the four active people", got)
			}
			var un []string
			for _, p := range s.Unchecked() {
				un = append(un, p.Badge)
			}
			if !slices.Equal(un, c.unchecked) {
				t.Errorf("unchecked %v, want %v", un, c.unchecked)
			}
			for _, g := range s.Groups() {
				for _, i := range g.Members {
					if s.People[i].Home {
						t.Errorf("group %s holds %s, who is at home (the phone group)", g.Key, s.People[i].Person.Badge)
					}
				}
			}
		})
	}
}

func TestRoundsDue(t *testing.T) {
	loc := time.FixedZone("CST", 8*3600)
	from := time.Date(2026, 11, 20, 0, 0, 0, 0, loc)
	at := func(h, m int) time.Time { return from.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute) }
	for _, c := range []struct {
		perDay int
		asOf   time.Time
		want   int
	}{
		{1, at(0, 0), 0},
		{1, at(23, 59), 0}, // once a day: due by midnight
		{1, at(24, 0), 1},
		{2, at(11, 59), 0},
		{2, at(12, 0), 1}, // twice: one by noon
		{2, at(23, 0), 1},
		{2, at(24, 0), 2},
		{3, at(8, 0), 1}, // after each meal: by 08:00, 16:00, midnight
		{3, at(15, 59), 1},
		{3, at(16, 0), 2},
		{3, from.AddDate(0, 0, 2), 3}, // a past day, drawn up later
		{2, from.Add(-time.Hour), 0},
		{0, at(24, 0), 0},
	} {
		if got := RoundsDue(c.perDay, from, c.asOf); got != c.want {
			t.Errorf("RoundsDue(%d, %s) = %d, want %d", c.perDay, c.asOf.Format("01-02 15:04"), got, c.want)
		}
	}
}

func TestPapersNeeded(t *testing.T) {
	for _, tc := range []struct {
		o    record.FoodOrigin
		c    record.FoodCategory
		want []Paper
		ok   bool
	}{
		{record.OriginImported, record.FoodMeat, []Paper{PaperQuarantine, PaperNucleicAcid, PaperDisinfection}, true},
		{"", record.FoodVegetable, []Paper{PaperQuarantine, PaperNucleicAcid, PaperDisinfection}, true},
		{record.OriginDomestic, record.FoodMeat, []Paper{PaperAnimalQuarantine, PaperNucleicAcid, PaperDisinfection}, true},
		{record.OriginDomestic, record.FoodAquatic, []Paper{PaperAnimalQuarantine, PaperNucleicAcid, PaperDisinfection}, true},
		{record.OriginDomestic, record.FoodVegetable, []Paper{PaperNucleicAcid, PaperDisinfection}, true},
		{"mars", record.FoodMeat, nil, false},
	} {
		got, ok := PapersNeeded(tc.o, tc.c)
		if ok != tc.ok || !slices.Equal(got, tc.want) {
			t.Errorf("PapersNeeded(%q, %q) = %v, %v; want %v, %v", tc.o, tc.c, got, ok, tc.want, tc.ok)
		}
	}
}
