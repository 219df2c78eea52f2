package gate

import (
	"slices"
	"testing"
	"time"

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
	req := []RequiredArea{{ZoneMainGate, "岗亭", 1}, {ZoneMainGate, "通道", 2}, {ZoneKitchen, "餐具", 3}}
	dis(ZoneMainGate, "岗亭")
	dis(ZoneMainGate, " 通道 ")
	if done := AreasDone(req, b.out); ZoneComplete(done, ZoneMainGate) || done[1].Done != 1 {
		t.Fatalf("after one round of the passage: %+v", done)
	}
	voided := dis(ZoneMainGate, "通道")
	for i := range b.out {
		if b.out[i].ID == voided {
			b.out[i].Voided = true
		}
	}
	if done := AreasDone(req, b.out); ZoneComplete(done, ZoneMainGate) {
		t.Fatalf("a voided round counted: %+v", done)
	}
	dis(ZoneMainGate, "通道")
	dis(ZoneCustody, "岗亭") // another zone's area of the same name
	done := AreasDone(req, b.out)
	if !ZoneComplete(done, ZoneMainGate) || ZoneComplete(done, ZoneKitchen) || !ZoneComplete(done, ZoneStandby) {
		t.Fatalf("zones: %+v", done)
	}
	if done[0].Done != 1 || done[1].Done != 2 || done[2].Done != 0 {
		t.Fatalf("counts: %+v", done)
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
	once := DetaineeSessions(in, 1, at(20))
	if len(once) != 1 || once[0].Session != SessionDay || once[0].Expected != 2 || once[0].Checked != 2 {
		t.Fatalf("one session: %+v", once)
	}
	twice := DetaineeSessions(in, 2, at(20))
	if len(twice) != 2 || twice[0].Session != SessionMorning || twice[0].Checked != 2 ||
		twice[1].Session != SessionEvening || twice[1].Checked != 1 || twice[1].Unchecked() != 1 {
		t.Fatalf("two sessions: %+v", twice)
	}
	// At 10:00 the evening session is not due yet.
	if early := DetaineeSessions(in, 2, at(10)); len(early) != 1 || early[0].Session != SessionMorning {
		t.Fatalf("at 10:00: %+v", early)
	}
	if SessionOf(at(11), 2) != SessionMorning || SessionOf(at(12), 2) != SessionEvening || SessionOf(at(19), 1) != SessionDay {
		t.Fatal("SessionOf")
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
