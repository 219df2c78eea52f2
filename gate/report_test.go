package gate

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"gatepost/record"
)

// rday is the day the report fixtures describe.
const rday = "2026-11-28"

func rpAt(h, m int) time.Time { return time.Date(2026, 11, 28, h, m, 0, 0, cst) } // cst: gate1_test.go

// rpb builds a day's records in seq order, bodies encoded as the store
// would. Ids are derived from the seq so the golden files are stable.
type rpb struct {
	t   *testing.T
	seq int64
	out []DayRecord
}

func (b *rpb) add(kind record.Kind, g int, at time.Time, body any) string {
	b.t.Helper()
	raw, err := record.EncodeBody(body)
	if err != nil {
		b.t.Fatal(err)
	}
	b.seq++
	id := "0190c000-0000-7000-8000-" + rpPad(b.seq)
	b.out = append(b.out, DayRecord{Record: record.Record{ID: id, Seq: b.seq, Kind: kind, Gate: g, Guard: "1001", At: at, Body: raw}})
	return id
}

func rpPad(n int64) string {
	s := "000000000000" + rpItoa(n)
	return s[len(s)-12:]
}

func rpItoa(n int64) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for n > 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}

func (b *rpb) flag(id string, voided, overridden bool) {
	for i := range b.out {
		if b.out[i].ID == id {
			b.out[i].Voided = b.out[i].Voided || voided
			b.out[i].Overridden = b.out[i].Overridden || overridden
		}
	}
}

// fixturePeople: staff of every assignment and six detainees in two units
// and three dormitories.
var fixturePeople = []Person{
	{Badge: "2001", Name: "张伟", Kind: Staff, Unit: "一大队", Assignment: AssignCustody, Active: true},
	{Badge: "2002", Name: "王芳", Kind: Staff, Unit: "办公室", Assignment: AssignOffice, Active: true},
	{Badge: "2003", Name: "李娜", Kind: Staff, Unit: "二大队", Assignment: AssignStandby, Active: true},
	{Badge: "2004", Name: "刘洋", Kind: Staff, Unit: "办公室", Assignment: AssignWFH, Active: true},
	{Badge: "2009", Name: "赵停", Kind: Staff, Unit: "办公室", Assignment: AssignOffice, Active: false},
	{Badge: "D0001", Name: "赵某", Kind: Detainee, Unit: "一大队/宿舍1", Active: true},
	{Badge: "D0002", Name: "钱某", Kind: Detainee, Unit: "一大队/宿舍1", Active: true},
	{Badge: "D0003", Name: "孙某", Kind: Detainee, Unit: "一大队/宿舍2", Active: true},
	{Badge: "D0004", Name: "李某", Kind: Detainee, Unit: "二大队/宿舍3", Active: true},
}

func rpT(v record.Tenths) *record.Tenths { return &v }

// cleanDay is a day where everything was done and nothing went wrong.
func cleanDay(t *testing.T) (ReportInput, *rpb) {
	b := &rpb{t: t}
	// Standby started two days before: its start is carried, not in the day.
	earlier := &rpb{t: t, seq: 0}
	start := earlier.add(record.StandbyStart, 3, rpAt(8, 0).AddDate(0, 0, -2), record.StandbyStartBody{Badge: "2003", Name: "李娜", PlannedEnd: "2026-12-10", Area: "备勤楼"})
	b.seq = 100
	b.add(record.ShiftOpen, 1, rpAt(8, 0), record.ShiftOpenBody{Name: "陈警官", Gate: 1})
	b.add(record.Attendance, 4, rpAt(8, 1), record.AttendanceBody{Day: rday, Badge: "2002", Name: "王芳", Status: record.OnSite, Supervisor: "9001"})
	b.add(record.Attendance, 4, rpAt(8, 1), record.AttendanceBody{Day: rday, Badge: "2004", Name: "刘洋", Status: record.WFH, Supervisor: "9001"})
	b.add(record.Passage, 1, rpAt(8, 5), record.PassageBody{Subject: record.SubjectStaff, Direction: record.In, Badge: "2002", Name: "王芳", Temp: rpT(364), Allowed: true, Reason: "staff"})
	b.add(record.Passage, 4, rpAt(8, 9), record.PassageBody{Subject: record.SubjectStaff, Direction: record.In, Badge: "2002", Name: "王芳", Allowed: true, Reason: "on_site"})
	for _, p := range fixturePeople[5:] {
		b.add(record.Temperature, 0, rpAt(8, 30), record.TemperatureBody{Badge: p.Badge, Name: p.Name, Temp: 365, Group: p.Unit})
	}
	b.add(record.Temperature, 0, rpAt(8, 40), record.TemperatureBody{Badge: "2001", Name: "张伟", Temp: 362, Group: "一大队"})
	b.add(record.StandbyCheckin, 3, rpAt(8, 45), record.StandbyCheckinBody{Badge: "2003", Name: "李娜", Start: start, Temp: 363, Ready: true})
	// 刘洋 works from home: the roll-call takes him by phone.
	b.add(record.Temperature, 0, rpAt(8, 50), record.TemperatureBody{Badge: "2004", Name: "刘洋", Temp: 364, Group: "办公室", Method: record.ReadingByPhone})
	// Every required area as often as required, a round every ten minutes
	// from 09:00 (each area's rounds a few hours apart in practice).
	k := 0
	for _, a := range DefaultAreas {
		for n := 0; n < a.PerDay; n++ {
			b.add(record.Disinfection, 0, rpAt(9, 0).Add(time.Duration(k)*10*time.Minute), record.DisinfectionBody{Zone: string(a.Zone), Area: a.Code,
				Method: record.MethodSpray, Agent: "含氯消毒剂", Concentration: "500 mg/L", ContactMin: 30, Operator: "陈警官"})
			k++
		}
	}
	rice := b.add(record.SupplyReceived, 2, rpAt(9, 0), record.SupplyReceivedBody{Item: "大米", Category: record.SupplyLiving, Quantity: 500, Unit: "kg", Source: "粮站"})
	dis := b.add(record.SupplyDisinfected, 2, rpAt(9, 5), record.SupplyDisinfectedBody{Supply: rice, Item: "大米", Method: record.MethodSpray, ContactMin: 30})
	b.add(record.SupplyStored, 2, rpAt(9, 40), record.SupplyStoredBody{Supply: rice, Disinfected: dis, Item: "大米", Location: "一号库"})
	b.add(record.FoodInspection, 5, rpAt(7, 0), record.FoodInspectionBody{Item: "青菜", Category: record.FoodVegetable, Supplier: "城东农场", Licence: "JY1", Quantity: 30, Unit: "kg", Certificate: true, SensoryOK: true, Accepted: true})
	for i, m := range []record.Meal{record.Breakfast, record.Lunch, record.Dinner} {
		at := rpAt(7+5*i, 30)
		b.add(record.FoodSample, 5, at, record.FoodSampleBody{Meal: m, Dishes: []record.SampleDish{{Name: "米饭", Grams: 150}, {Name: "青菜", Grams: 130}},
			RetainUntil: at.Add(48 * time.Hour).Format(record.TimeLayout), Location: "留样柜"})
	}
	b.add(record.Passage, 1, rpAt(10, 0), record.PassageBody{Subject: record.SubjectVehicle, Direction: record.In, Ident: "ref-vehicle", Allowed: false, Reason: "vehicle_no_pass"})
	from, to := rpAt(0, 0), rpAt(0, 0).AddDate(0, 0, 1)
	// The year's reports so far, one a day: this is issue 332.
	var issued []IssuedReport
	for d := time.Date(2026, 1, 1, 17, 0, 0, 0, cst); d.Before(from); d = d.AddDate(0, 0, 1) {
		issued = append(issued, IssuedReport{Day: d.Format("2006-01-02"), At: d, ID: d.Format("20060102")})
	}
	in := ReportInput{
		FacilityID: "demo", FacilityName: "青山强制隔离戒毒所", Terminal: "demo-gate1", Scope: ScopeDay, Day: rday,
		From: from, To: to, AsOf: to, People: fixturePeople, Standby: earlier.out, Fever: DefaultFever,
		Guards: fixtureGuards, Doc: DocSettings{Phone: "0512-66880000"}, Drawn: rpAt(17, 30), Reports: issued,
	}
	b.add(record.SecurityDaily, 0, rpAt(17, 30), record.SecurityDailyBody{Day: rday, Supervisor: "9001", Preparer: "1001", NoEvents: true, Events: []record.SecurityEvent{}})
	return in, b
}

var fixtureGuards = []Guard{{Badge: "1001", Name: "陈立", Role: RoleGuard}, {Badge: "9001", Name: "钱振华", Role: RoleSupervisor}}

// pastDay is cleanDay drawn up and attested the morning after: the
// attestation is not among the day's records but read from the days after.
func pastDay(t *testing.T) ReportInput {
	in, b := cleanDay(t)
	var keep []DayRecord
	for _, r := range b.out {
		if r.Kind != record.SecurityDaily {
			keep = append(keep, r)
		}
	}
	in.Records = keep
	next := rpAt(9, 5).AddDate(0, 0, 1)
	in.Drawn = next
	late := &rpb{t: t, seq: 500}
	late.add(record.SecurityDaily, 0, next, record.SecurityDailyBody{Day: rday, Supervisor: "9001", Preparer: "1001", NoEvents: true, Events: []record.SecurityEvent{},
		Suspected: 0, Confirmed: 0, CloseContacts: 0})
	in.Security = late.out
	// 李某's term ended: released at 16:00, after the morning's screening.
	out := &rpb{t: t, seq: 600}
	out.add(record.Release, 1, rpAt(16, 0), record.ReleaseBody{Badge: "D0004", Type: record.ReleaseExpiry, Supervisor: "9001", Basis: "解除强制隔离戒毒证明书"})
	in.Records = append(in.Records, out.out...)
	return in
}

// badDay is cleanDay with a confirmed fever, a rejected delivery, a
// detainee not screened, an override, a void, a supply still pending, a
// zone missed and dinner's sample missing.
func badDay(t *testing.T) ReportInput {
	in, b := cleanDay(t)
	var keep []DayRecord
	for _, r := range b.out {
		var tb record.TemperatureBody
		if r.Kind == record.Temperature && r.Decode(&tb) == nil && tb.Badge == "D0004" {
			continue // 李某 not screened
		}
		var db record.DisinfectionBody
		if r.Kind == record.Disinfection && r.Decode(&db) == nil && db.Zone == string(ZoneOffice) {
			continue
		}
		var sb record.FoodSampleBody
		if r.Kind == record.FoodSample && r.Decode(&sb) == nil && sb.Meal == record.Dinner {
			continue
		}
		keep = append(keep, r)
	}
	b.out = keep
	first := b.add(record.Temperature, 0, rpAt(11, 0), record.TemperatureBody{Badge: "D0003", Name: "孙某", Temp: 378, Fever: true, Group: "一大队/宿舍2"})
	_ = first
	again := b.add(record.Temperature, 0, rpAt(11, 5), record.TemperatureBody{Badge: "D0003", Name: "孙某", Temp: 376, Fever: true, Recheck: true, Group: "一大队/宿舍2"})
	b.add(record.Incident, 0, rpAt(11, 5), record.IncidentBody{Type: "fever", Badge: "D0003", Name: "孙某", Related: again, Detail: "37.8/37.6"})
	b.add(record.FoodInspection, 5, rpAt(11, 20), record.FoodInspectionBody{Item: "冻带鱼", Category: record.FoodAquatic, ColdChain: true, Supplier: "海鲜批发", Licence: "JY2",
		Batch: "B-1127", Quantity: 20, Unit: "kg", Certificate: true, Papers: &record.ColdChainPapers{Quarantine: true, Disinfection: true}, SensoryOK: true,
		Accepted: false, Reasons: []string{"no_nucleic_acid", "no_trace_code"}})
	visitor := b.add(record.Passage, 1, rpAt(12, 0), record.PassageBody{Subject: record.SubjectVisitor, Direction: record.In, Ident: "ref-visitor", Temp: rpT(366), Allowed: false, Reason: "not_on_roster", Purpose: "维修"})
	b.add(record.Override, 1, rpAt(12, 1), record.OverrideBody{Target: visitor, Supervisor: "9001", Reason: "锅炉抢修，所领导同意"})
	b.flag(visitor, false, true)
	wrong := b.add(record.Passage, 1, rpAt(12, 30), record.PassageBody{Subject: record.SubjectStaff, Direction: record.Out, Badge: "2001", Name: "张伟", Allowed: true, Reason: "exit"})
	b.add(record.Void, 1, rpAt(12, 31), record.VoidBody{Target: wrong, TargetSeq: 0, Supervisor: "9001", Reason: "方向选错"})
	b.flag(wrong, true, false)
	b.add(record.Passage, 1, rpAt(13, 0), record.PassageBody{Subject: record.SubjectVisitor, Direction: record.In, Name: "推销员", Allowed: false, Reason: "need_identity"})
	// 刘洋, at home, calls again: a cough since noon.
	b.add(record.Temperature, 0, rpAt(15, 30), record.TemperatureBody{Badge: "2004", Name: "刘洋", Temp: 369, Group: "办公室",
		Method: record.ReadingByPhone, Symptoms: true})
	b.add(record.SupplyReceived, 2, rpAt(16, 0), record.SupplyReceivedBody{Item: "口罩", Category: record.SupplyProtective, Quantity: 20, Unit: "箱", Source: "市局"})
	// Detainees are screened twice a day here: the evening round missed
	// 钱某 (in hospital) and 李某.
	in.Sessions = 2
	for _, p := range []Person{fixturePeople[5], fixturePeople[7]} {
		b.add(record.Temperature, 0, rpAt(19, 0), record.TemperatureBody{Badge: p.Badge, Name: p.Name, Temp: 365, Group: p.Unit})
	}
	// 钱某 taken to hospital under escort and not back by midnight.
	b.add(record.Passage, 1, rpAt(14, 0), record.PassageBody{Subject: record.SubjectDetainee, Direction: record.Out, Badge: "D0002", Name: "钱某", Pass: "P-MED-1", Allowed: true, Reason: "escort", Purpose: "所外就医"})
	// The duty leader attests a fight (a later attestation replaces the clean day's).
	b.add(record.SecurityDaily, 0, rpAt(17, 40), record.SecurityDailyBody{Day: rday, Supervisor: "9001", Preparer: "1001", Events: []record.SecurityEvent{
		{Type: record.SecFight, Time: "15:20", Badges: []string{"D0001", "D0003"}, Summary: "一大队两名戒毒人员因琐事发生推搡", Handling: "值班民警当即制止，分开管理并谈话教育，未造成伤害"}}})
	// A committal admitted into the 新收 isolation area: screened from the next day.
	b.add(record.Admission, 1, rpAt(14, 30), record.AdmissionBody{Badge: "D0501", Unit: "新收隔离区", Source: record.AdmitDecision, Temp: 365,
		Supervisor: "9001", Basis: "强制隔离戒毒决定书"})
	in.Records = b.out
	// The visitor is in the identity registry (§15), shown masked.
	in.Identities = map[string]Shown{"ref-visitor": {Name: "刘强", IDNumber: MaskID("11010519491231002X")}}
	return in
}

func TestReportCleanDayIsZeroReport(t *testing.T) {
	in, b := cleanDay(t)
	in.Records = b.out
	r := ComputeReport(in)
	if !r.Zero || len(r.Abnormal) != 0 {
		t.Fatalf("clean day: zero=%v abnormal=%v", r.Zero, r.Abnormal)
	}
	if r.Screening.Total != (Coverage{Expected: 8, Checked: 8}) || r.Screening.WFH != 1 || r.Screening.Home != (Coverage{Expected: 1, Checked: 1}) ||
		r.Screening.Staff != (Coverage{Expected: 4, Checked: 4}) {
		t.Errorf("screening %+v, staff %+v, wfh %d, home %+v; want 8/8, staff 4/4 with one at home (刘洋 by the day's list, by phone; 赵停 inactive)",
			r.Screening.Total, r.Screening.Staff, r.Screening.WFH, r.Screening.Home)
	}
	if r.Disinfection.Done != 5 || r.Standby.InStandby != 1 || r.Standby.CheckedIn != 1 || len(r.Food.MealsMissing) != 0 {
		t.Errorf("disinfection %+v standby %+v food %+v", r.Disinfection, r.Standby, r.Food)
	}
	// A vehicle turned away is the gate doing its job, not an abnormality.
	if g := r.Gates[0]; g.Denied != 1 || g.Denials[0] != (ReasonCount{"vehicle_no_pass", 1}) || g.In != 1 {
		t.Errorf("gate 1 %+v", g)
	}
	for _, g := range Gaps(r) {
		if g.Open() {
			t.Errorf("clean day has an open gap: %+v", g)
		}
	}
}

// Each of these alone takes the zero-report line away and is listed.
func TestReportAbnormalDays(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(b *rpb)
		code  string
		check func(t *testing.T, r Report)
	}{
		{"fever", func(b *rpb) {
			b.add(record.Temperature, 0, rpAt(15, 0), record.TemperatureBody{Badge: "D0001", Name: "赵某", Temp: 381, Fever: true})
			b.add(record.Temperature, 0, rpAt(15, 4), record.TemperatureBody{Badge: "D0001", Name: "赵某", Temp: 379, Fever: true, Recheck: true})
		}, AbnormalFever, func(t *testing.T, r Report) {
			f := r.Screening.Fevers
			if len(f) != 1 || f[0].Badge != "D0001" || f[0].Status != FeverConfirmed || *f[0].Recheck != 379 || f[0].Unit != "一大队/宿舍1" {
				t.Errorf("fevers %+v", f)
			}
		}},
		{"fever without recheck", func(b *rpb) {
			b.add(record.Temperature, 0, rpAt(15, 0), record.TemperatureBody{Badge: "D0001", Name: "赵某", Temp: 381, Fever: true})
		}, AbnormalRecheck, func(t *testing.T, r Report) {
			if p := r.PendingFevers(); len(p) != 1 || p[0].Name != "赵某" {
				t.Errorf("pending %+v", p)
			}
		}},
		{"rejected food", func(b *rpb) {
			b.add(record.FoodInspection, 5, rpAt(11, 20), record.FoodInspectionBody{Item: "散装猪肉", Supplier: "", Quantity: 10, Unit: "kg",
				Accepted: false, Reasons: []string{"unknown_source", "no_certificate"}})
		}, AbnormalFoodRejected, func(t *testing.T, r Report) {
			if f := r.Food.Rejected; len(f) != 1 || f[0].Item != "散装猪肉" || !slices.Equal(f[0].Reasons, []string{"unknown_source", "no_certificate"}) {
				t.Errorf("rejected %+v", f)
			}
		}},
		{"unscreened detainee", func(b *rpb) {
			var keep []DayRecord
			for _, r := range b.out {
				var tb record.TemperatureBody
				if r.Kind == record.Temperature && r.Decode(&tb) == nil && tb.Badge == "D0002" {
					continue
				}
				keep = append(keep, r)
			}
			b.out = keep
		}, AbnormalUnscreened, func(t *testing.T, r Report) {
			if u := r.Screening.Unchecked; len(u) != 1 || u[0].Badge != "D0002" || u[0].Kind != Detainee {
				t.Errorf("unchecked %+v", u)
			}
			if r.Screening.Detainees != (Coverage{Expected: 4, Checked: 3}) {
				t.Errorf("detainees %+v", r.Screening.Detainees)
			}
		}},
		{"voided reading leaves the person unscreened", func(b *rpb) {
			for i := range b.out {
				var tb record.TemperatureBody
				if b.out[i].Kind == record.Temperature && b.out[i].Decode(&tb) == nil && tb.Badge == "2001" {
					b.out[i].Voided = true
				}
			}
		}, AbnormalUnscreened, nil},
		{"incident", func(b *rpb) {
			b.add(record.Incident, 2, rpAt(14, 0), record.IncidentBody{Type: "contact", Badge: "2003", Name: "李娜"})
		}, AbnormalIncident, nil},
		{"zone not disinfected", func(b *rpb) {
			var keep []DayRecord
			for _, r := range b.out {
				var db record.DisinfectionBody
				if r.Kind == record.Disinfection && r.Decode(&db) == nil && db.Zone == string(ZoneKitchen) {
					continue
				}
				keep = append(keep, r)
			}
			b.out = keep
		}, AbnormalZone, func(t *testing.T, r Report) {
			if z := r.ZonesMissed(); len(z) != 1 || z[0].Zone != ZoneKitchen {
				t.Errorf("missed %+v", z)
			}
		}},
		{"staff at home not called", func(b *rpb) {
			b.out = slices.DeleteFunc(b.out, func(r DayRecord) bool {
				var tb record.TemperatureBody
				return r.Kind == record.Temperature && r.Decode(&tb) == nil && tb.Badge == "2004"
			})
		}, AbnormalUnscreened, func(t *testing.T, r Report) {
			if r.Screening.Home != (Coverage{Expected: 1}) || r.Screening.Staff != (Coverage{Expected: 4, Checked: 3}) {
				t.Errorf("home %+v staff %+v", r.Screening.Home, r.Screening.Staff)
			}
			if u := r.Screening.UncheckedUnits; len(u) != 1 || u[0] != (UnitCount{Kind: Staff, Unit: "办公室", Count: 1}) {
				t.Errorf("unchecked by unit %+v", u)
			}
		}},
		{"a twice-a-day area done once", func(b *rpb) {
			for i, r := range b.out {
				var db record.DisinfectionBody
				if r.Kind == record.Disinfection && r.Decode(&db) == nil && db.Area == "inspection_lane" {
					b.out = slices.Delete(b.out, i, i+1)
					break
				}
			}
		}, AbnormalZone, func(t *testing.T, r Report) {
			z := r.ZonesMissed()
			if len(z) != 1 || z[0].Zone != ZoneMainGate || z[0].Times != 2 {
				t.Fatalf("missed %+v", z)
			}
			if m := z[0].Missing; len(m) != 1 || m[0] != (AreaItem{Area: "inspection_lane", Done: 1, PerDay: 2}) {
				t.Errorf("missing areas %+v", m)
			}
			if r.Disinfection.Done != 4 {
				t.Errorf("zones done %d, want 4", r.Disinfection.Done)
			}
		}},
		{"one wipe anywhere in the zone", func(b *rpb) {
			b.out = slices.DeleteFunc(b.out, func(r DayRecord) bool { return r.Kind == record.Disinfection })
			for _, z := range Zones {
				b.add(record.Disinfection, 0, rpAt(9, 0), record.DisinfectionBody{Zone: string(z), Area: "通道", Method: record.MethodSpray, Operator: "陈警官"})
			}
		}, AbnormalZone, func(t *testing.T, r Report) {
			if len(r.ZonesMissed()) != 5 || r.Disinfection.Done != 0 || r.Disinfection.Records != 5 {
				t.Errorf("disinfection %+v", r.Disinfection)
			}
		}},
		{"standby check-in missing", func(b *rpb) {
			var keep []DayRecord
			for _, r := range b.out {
				if r.Kind != record.StandbyCheckin {
					keep = append(keep, r)
				}
			}
			b.out = keep
		}, AbnormalStandbyMissed, func(t *testing.T, r Report) {
			if m := r.Standby.Missing; len(m) != 1 || m[0].Badge != "2003" || m[0].Unit != "二大队" {
				t.Errorf("missing %+v", m)
			}
			// Standby staff without a check-in and no other reading are unscreened too.
			if len(r.Screening.Unchecked) != 1 {
				t.Errorf("unchecked %+v", r.Screening.Unchecked)
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			in, b := cleanDay(t)
			c.edit(b)
			in.Records = b.out
			r := ComputeReport(in)
			if r.Zero {
				t.Fatal("zero report on an abnormal day")
			}
			if !slices.Contains(r.Abnormal, c.code) {
				t.Fatalf("abnormal %v lacks %s", r.Abnormal, c.code)
			}
			if c.check != nil {
				c.check(t, r)
			}
		})
	}
}

func TestReportMealNotYetDue(t *testing.T) {
	in, b := cleanDay(t)
	var keep []DayRecord
	for _, r := range b.out {
		if r.Kind != record.FoodSample || r.At.Hour() < 12 {
			keep = append(keep, r)
		}
	}
	in.Records = keep
	in.AsOf = rpAt(12, 0) // lunch due at 13:00: not missing yet
	if r := ComputeReport(in); len(r.Food.MealsMissing) != 0 {
		t.Errorf("at noon meals missing %v", r.Food.MealsMissing)
	}
	in.AsOf = rpAt(13, 0)
	if r := ComputeReport(in); !slices.Equal(r.Food.MealsMissing, []record.Meal{record.Lunch}) {
		t.Errorf("at 13:00 meals missing %v", r.Food.MealsMissing)
	}
}

// Rounds not yet due when the report is drawn up are not missed: in the
// afternoon, tableware has had two of its three rounds.
func TestReportRoundsNotYetDue(t *testing.T) {
	in, b := cleanDay(t)
	var last int
	for i, r := range b.out {
		var db record.DisinfectionBody
		if r.Kind == record.Disinfection && r.Decode(&db) == nil && db.Area == "tableware" {
			last = i
		}
	}
	in.Records = slices.Delete(slices.Clone(b.out), last, last+1)
	in.AsOf = rpAt(15, 0)
	if r := ComputeReport(in); slices.Contains(r.Abnormal, AbnormalZone) || r.Disinfection.Done != 5 {
		t.Errorf("at 15:00, two rounds of three: abnormal %v, disinfection %+v", r.Abnormal, r.Disinfection)
	}
	in.AsOf = rpAt(16, 0)
	if r := ComputeReport(in); slices.Contains(r.Abnormal, AbnormalZone) {
		t.Errorf("at 16:00 two rounds were due and are done: abnormal %v", r.Abnormal)
	}
	in.AsOf = in.To
	r := ComputeReport(in)
	z := r.ZonesMissed()
	if !slices.Contains(r.Abnormal, AbnormalZone) || len(z) != 1 || z[0].Zone != ZoneKitchen ||
		!slices.Equal(z[0].Missing, []AreaItem{{Area: "tableware", Done: 2, PerDay: 3}}) {
		t.Errorf("at midnight the third round is missed: abnormal %v, missed %+v", r.Abnormal, z)
	}
}

func TestReportBadDayFigures(t *testing.T) {
	r := ComputeReport(badDay(t))
	want := []string{AbnormalFever, AbnormalUnscreened, AbnormalSession, AbnormalSymptoms, AbnormalZone, AbnormalIncident, AbnormalFoodRejected, AbnormalSampleMissed, AbnormalSecurity}
	if !slices.Equal(r.Abnormal, want) {
		t.Errorf("abnormal %v, want %v", r.Abnormal, want)
	}
	g1 := r.Gates[0]
	if g1.Overridden != 1 || g1.Denied != 2 || g1.Out != 1 {
		t.Errorf("gate 1 %+v (the voided exit must not count, the overridden visitor is no denial, the detainee's exit is)", g1)
	}
	if len(r.Overrides) != 1 || r.Overrides[0].Target != "刘强 *002X 36.6" || len(r.Voids) != 1 || r.Voids[0].TargetKind != record.Passage {
		t.Errorf("overrides %+v voids %+v", r.Overrides, r.Voids)
	}
	if len(r.Supplies.Pending) != 1 || r.Supplies.Pending[0].Item != "口罩" || r.Supplies.Pending[0].Stage != StageReceived {
		t.Errorf("pending supplies %+v", r.Supplies.Pending)
	}
	gaps := map[GapKind]int{}
	for _, g := range Gaps(r) {
		gaps[g.Kind] = g.Count
	}
	wantGaps := map[GapKind]int{GapUnscreened: 1, GapSessions: 3, GapSymptoms: 1, GapZones: 1, GapSupplies: 1, GapSamples: 1, GapReview: 2}
	for k, v := range wantGaps {
		if gaps[k] != v {
			t.Errorf("gap %s = %d, want %d (%v)", k, gaps[k], v, gaps)
		}
	}
}

// Screened twice a day, the report gives each session's coverage, the
// evening's only once it is due.
func TestReportSessions(t *testing.T) {
	r := ComputeReport(badDay(t))
	type cov struct {
		s Session
		c Coverage
	}
	want := []cov{{SessionMorning, Coverage{4, 3}}, {SessionEvening, Coverage{4, 2}}}
	var got []cov
	for _, s := range r.Screening.Sessions {
		got = append(got, cov{s.Session, s.Coverage})
	}
	if !slices.Equal(got, want) {
		t.Errorf("sessions %+v, want %+v", got, want)
	}
	in := badDay(t)
	in.AsOf = rpAt(11, 30)
	if s := ComputeReport(in).Screening.Sessions; len(s) != 1 || s[0].Session != SessionMorning {
		t.Errorf("before noon: %+v", s)
	}
	in, b := cleanDay(t)
	in.Records = b.out
	if s := ComputeReport(in).Screening.Sessions; s != nil {
		t.Errorf("one session a day: %+v, want none listed", s)
	}
	in.Scope = ScopeShift
	in.Sessions = 2
	if s := ComputeReport(in).Screening.Sessions; s != nil {
		t.Errorf("a shift's report: %+v, want none listed", s)
	}
}

func TestReportDeterministic(t *testing.T) {
	a, _ := json.Marshal(ComputeReport(badDay(t)))
	for i := 0; i < 20; i++ {
		b, _ := json.Marshal(ComputeReport(badDay(t)))
		if string(a) != string(b) {
			t.Fatal("the same records gave two different reports")
		}
	}
}

func TestShiftReport(t *testing.T) {
	in := badDay(t)
	in.Scope, in.From, in.To, in.AsOf = ScopeShift, rpAt(11, 0), rpAt(20, 0), rpAt(20, 0)
	r := ComputeReport(in)
	if len(r.Screening.Unchecked) != 0 || len(r.Food.MealsMissing) != 0 || slices.Contains(r.Abnormal, AbnormalZone) {
		t.Errorf("a shift judges nothing missing: %+v", r.Abnormal)
	}
	sum := r.Summary()
	if sum["fevers"] != 1 || sum["incidents"] != 1 || sum["overrides"] != 1 || sum["food_rejected"] != 1 || sum["readings"] != 6 {
		t.Errorf("summary %v", sum)
	}
	for k := range sum {
		if !slices.Contains(SummaryKeys, k) {
			t.Errorf("summary key %q not in SummaryKeys", k)
		}
	}
}

func TestGroups(t *testing.T) {
	in, b := cleanDay(t)
	s := Screen(ScreenInput{People: in.People, Readings: Readings(b.out[:0]), Fever: DefaultFever})
	var keys []string
	for _, g := range s.Groups() {
		keys = append(keys, g.Key)
	}
	want := []string{"detainee|一大队", "detainee|一大队/宿舍1", "detainee|一大队/宿舍2", "detainee|二大队", "detainee|二大队/宿舍3",
		"staff|一大队", "staff|办公室", "staff|二大队"} // staff units by first badge: 2001, 2002, 2003
	if !slices.Equal(keys, want) {
		t.Errorf("groups %q\nwant   %q", keys, want)
	}
}

// The JSON of a fixed day's report, field names and all. The text and
// Markdown renderings of the same reports are golden-tested in tui.
func TestReportGoldenJSON(t *testing.T) {
	for _, c := range []struct {
		name string
		in   func(*testing.T) ReportInput
	}{
		{"clean", func(t *testing.T) ReportInput { in, b := cleanDay(t); in.Records = b.out; return in }},
		{"abnormal", badDay},
		{"past", pastDay},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, err := json.MarshalIndent(ComputeReport(c.in(t)), "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			golden.RequireEqual(t, append(out, '\n'))
		})
	}
}

func TestParseClock(t *testing.T) {
	ref := rpAt(15, 0)
	for in, want := range map[string]string{"9:05": "09:05", "09:05": "09:05", "0905": "09:05", "905": "09:05", "９：０５": "09:05", "23.59": "23:59", " 7:30 ": "07:30"} {
		got, err := ParseClock(in, ref)
		if err != nil || got.Format("15:04") != want || got.Day() != 28 {
			t.Errorf("%q: %v %v, want %s", in, got, err, want)
		}
	}
	for _, in := range []string{"", "24:00", "9:5", "12:60", "abc", "12345", "-1:00"} {
		if _, err := ParseClock(in, ref); err == nil {
			t.Errorf("%q accepted", in)
		}
	}
}
