package record_test

import (
	"testing"
	"time"

	"gatepost/record"
)

// The gate bodies go through the canonical encoding unchanged in meaning:
// decoded again they are equal, and sealing them is deterministic.
func TestGateBodiesRoundTrip(t *testing.T) {
	until := time.Date(2026, 11, 30, 12, 0, 0, 0, time.FixedZone("CST", 8*3600)).Format(record.TimeLayout)
	bodies := []struct {
		kind record.Kind
		body any
		out  any
	}{
		{record.SupplyReceived, record.SupplyReceivedBody{Item: "口罩", Category: record.SupplyProtective, Quantity: 2.5, Unit: "箱", Source: "市局"}, &record.SupplyReceivedBody{}},
		{record.SupplyDisinfected, record.SupplyDisinfectedBody{Supply: "x", SupplySeq: 3, Item: "口罩", Method: record.MethodSpray, Agent: "含氯消毒剂", Concentration: "500 mg/L", ContactMin: 30}, &record.SupplyDisinfectedBody{}},
		{record.SupplyStored, record.SupplyStoredBody{Supply: "x", SupplySeq: 3, Disinfected: "y", Item: "口罩", Location: "二号库"}, &record.SupplyStoredBody{}},
		{record.StandbyStart, record.StandbyStartBody{Badge: "2003", Name: "李娜", PlannedEnd: "2026-12-12"}, &record.StandbyStartBody{}},
		{record.StandbyCheckin, record.StandbyCheckinBody{Badge: "2003", Name: "李娜", Start: "s", Temp: 365, Ready: true}, &record.StandbyCheckinBody{}},
		{record.StandbyEnd, record.StandbyEndBody{Badge: "2003", Name: "李娜", Start: "s"}, &record.StandbyEndBody{}},
		{record.StandbyCallup, record.StandbyCallupBody{Badge: "2003", Name: "李娜", Start: "s", Reason: "增援"}, &record.StandbyCallupBody{}},
		{record.Attendance, record.AttendanceBody{Day: "2026-11-28", Badge: "2002", Name: "王芳", Status: record.WFH, Supervisor: "9001"}, &record.AttendanceBody{}},
		{record.FoodInspection, record.FoodInspectionBody{Item: "冻猪肉", Category: record.FoodMeat, ColdChain: true, Supplier: "某公司", Licence: "JY1",
			Quantity: 50, Unit: "kg", Certificate: true, Papers: &record.ColdChainPapers{Quarantine: true}, SensoryOK: true, Reasons: []string{"no_trace_code"}}, &record.FoodInspectionBody{}},
		{record.FoodSample, record.FoodSampleBody{Meal: record.Lunch, Dishes: []record.SampleDish{{Name: "米饭", Grams: 150}}, RetainUntil: until}, &record.FoodSampleBody{}},
		{record.Disinfection, record.DisinfectionBody{Zone: "监区", Method: record.MethodUV, ContactMin: 30, Operator: "1001"}, &record.DisinfectionBody{}},
	}
	for _, b := range bodies {
		raw, err := record.EncodeBody(b.body)
		if err != nil {
			t.Fatalf("%s: %v", b.kind, err)
		}
		r := record.Record{ID: record.NewID(), Terminal: "T", Facility: "F", Seq: 1, Kind: b.kind, Gate: 2, Guard: "1001",
			At: time.Unix(0, 0), Body: raw}
		r.Seal("")
		if err := r.Check(); err != nil {
			t.Fatalf("%s: %v", b.kind, err)
		}
		if err := r.Decode(b.out); err != nil {
			t.Fatalf("%s: %v", b.kind, err)
		}
		again, _ := record.EncodeBody(b.out)
		if string(again) != string(raw) {
			t.Errorf("%s: %s became %s", b.kind, raw, again)
		}
	}
	s := record.FoodSampleBody{RetainUntil: until}
	if got := s.Until().Format(record.TimeLayout); got != until {
		t.Errorf("Until = %s", got)
	}
	if !(record.FoodSampleBody{RetainUntil: "soon"}).Until().IsZero() {
		t.Error("a bad retain_until must give the zero time")
	}
}
