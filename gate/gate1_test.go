package gate

import (
	"testing"
	"time"

	"gatepost/record"
)

var (
	cst = time.FixedZone("CST", 8*3600)
	now = time.Date(2020, 2, 10, 8, 30, 0, 0, cst)

	activeStaff   = &Person{Badge: "S001", Name: "王伟", Kind: Staff, Unit: "一大队", Assignment: AssignCustody, Active: true}
	inactiveStaff = &Person{Badge: "S002", Name: "李娜", Kind: Staff, Unit: "办公室", Assignment: AssignWFH, Active: false}
	detainee      = &Person{Badge: "D1001", Name: "张某", Kind: Detainee, Unit: "三大队", Active: true}
	released      = &Person{Badge: "D1001", Name: "张某", Kind: Detainee, Unit: "三大队"}

	visitorPass = Pass{ID: "P-V1", Holder: "陈医生", IDNumber: "11010519491231002X",
		ValidFrom: now.Add(-time.Hour), ValidTo: now.Add(time.Hour)}
	visitorPassOld = Pass{ID: "P-V0", Holder: "陈医生", IDNumber: "11010519491231002X",
		ValidFrom: now.Add(-48 * time.Hour), ValidTo: now.Add(-24 * time.Hour)}
	escortPass = Pass{ID: "P-E1", Holder: "张某", Badge: "D1001",
		ValidFrom: now.Add(-time.Hour), ValidTo: now.Add(time.Hour)}
	vanPass = Pass{ID: "P-T1", Holder: "蔬菜配送", Plate: "京A12345",
		ValidFrom: now.Add(-time.Hour), ValidTo: now.Add(time.Hour)}
	vanPassOld = Pass{ID: "P-T0", Holder: "蔬菜配送", Plate: "京A12345",
		ValidFrom: now.Add(-48 * time.Hour), ValidTo: now.Add(-24 * time.Hour)}
)

func temp(v record.Tenths) *record.Tenths { return &v }

func TestEvaluateGate1(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
		in   Gate1Input
		want Decision
	}{
		// Leaving.
		{"staff out", Config{},
			Gate1Input{Subject: record.SubjectStaff, Direction: record.Out, Person: activeStaff, Now: now},
			Decision{Allowed: true, Reason: ReasonExit}},
		{"unknown visitor out, no temp", Config{},
			Gate1Input{Subject: record.SubjectVisitor, Direction: record.Out, Badge: "X9", Now: now},
			Decision{Allowed: true, Reason: ReasonExit}},
		{"out with fever is still an exit", Config{},
			Gate1Input{Subject: record.SubjectStaff, Direction: record.Out, Person: activeStaff, Temp: temp(390), Now: now},
			Decision{Allowed: true, Reason: ReasonExit}},
		{"vehicle out without pass", Config{},
			Gate1Input{Subject: record.SubjectVehicle, Direction: record.Out, Plate: "京B99999", Now: now},
			Decision{Allowed: true, Reason: ReasonExit}},
		{"released detainee out on an escort pass issued before", Config{},
			Gate1Input{Subject: record.SubjectDetainee, Direction: record.Out, Person: released, Passes: []Pass{escortPass}, Now: now},
			Decision{Reason: ReasonInactive}},
		{"released detainee in on an escort pass issued before", Config{},
			Gate1Input{Subject: record.SubjectDetainee, Direction: record.In, Person: released, Passes: []Pass{escortPass}, Temp: temp(365), Now: now},
			Decision{Reason: ReasonInactive}},
		{"detainee out with escort pass", Config{},
			Gate1Input{Subject: record.SubjectDetainee, Direction: record.Out, Person: detainee, Passes: []Pass{escortPass}, Now: now},
			Decision{Allowed: true, Reason: ReasonPass, PassID: "P-E1"}},
		{"detainee out without pass", Config{},
			Gate1Input{Subject: record.SubjectDetainee, Direction: record.Out, Person: detainee, Now: now},
			Decision{Reason: ReasonDetainee}},
		{"detainee out chosen as staff", Config{},
			Gate1Input{Subject: record.SubjectStaff, Direction: record.Out, Person: detainee, Now: now},
			Decision{Reason: ReasonDetainee}},

		// Identity missing.
		{"nobody named", Config{},
			Gate1Input{Subject: record.SubjectStaff, Direction: record.In, Temp: temp(365), Now: now},
			Decision{Reason: ReasonNeedIdentity}},
		{"visitor nobody named", Config{},
			Gate1Input{Subject: record.SubjectVisitor, Direction: record.In, Now: now},
			Decision{Reason: ReasonNeedIdentity}},
		{"vehicle without plate", Config{},
			Gate1Input{Subject: record.SubjectVehicle, Direction: record.In, Badge: "S001", Person: activeStaff, Now: now},
			Decision{Reason: ReasonNeedIdentity}},
		{"delivery with nothing", Config{},
			Gate1Input{Subject: record.SubjectDelivery, Direction: record.In, Now: now},
			Decision{Reason: ReasonNeedIdentity}},
		{"detainee nobody named", Config{},
			Gate1Input{Subject: record.SubjectDetainee, Direction: record.In, Temp: temp(365), Now: now},
			Decision{Reason: ReasonNeedIdentity}},

		// Staff.
		{"active staff", Config{},
			Gate1Input{Subject: record.SubjectStaff, Direction: record.In, Person: activeStaff, Temp: temp(365), Now: now},
			Decision{Allowed: true, Reason: ReasonStaff}},
		{"active staff chosen as visitor", Config{},
			Gate1Input{Subject: record.SubjectVisitor, Direction: record.In, Person: activeStaff, Temp: temp(365), Now: now},
			Decision{Allowed: true, Reason: ReasonStaff}},
		{"empty direction is entering", Config{},
			Gate1Input{Subject: record.SubjectStaff, Person: activeStaff, Now: now},
			Decision{Reason: ReasonNeedTemp}},
		{"inactive staff", Config{},
			Gate1Input{Subject: record.SubjectStaff, Direction: record.In, Person: inactiveStaff, Temp: temp(365), Now: now},
			Decision{Reason: ReasonInactive}},
		{"inactive staff with a valid pass", Config{},
			Gate1Input{Subject: record.SubjectStaff, Direction: record.In, Person: inactiveStaff,
				Passes: []Pass{{ID: "P-S2", Badge: "S002", ValidFrom: now, ValidTo: now.Add(time.Hour)}}, Temp: temp(365), Now: now},
			Decision{Allowed: true, Reason: ReasonPass, PassID: "P-S2"}},
		{"inactive staff with an expired pass", Config{},
			Gate1Input{Subject: record.SubjectStaff, Direction: record.In, Person: inactiveStaff,
				Passes: []Pass{{ID: "P-S2", Badge: "S002", ValidFrom: now.Add(-time.Hour), ValidTo: now}}, Temp: temp(365), Now: now},
			Decision{Reason: ReasonPassExpired}},
		{"unknown badge", Config{},
			Gate1Input{Subject: record.SubjectStaff, Direction: record.In, Badge: "S999", Temp: temp(365), Now: now},
			Decision{Reason: ReasonNotOnRoster}},
		// A fever outranks who the person is (§11): it is recorded and
		// rechecked, and no identity override may admit it.
		{"unknown with fever is a fever", Config{},
			Gate1Input{Subject: record.SubjectStaff, Direction: record.In, Badge: "S999", Temp: temp(390), Now: now},
			Decision{Reason: ReasonFever, NeedsRecheck: true}},
		{"unknown without temp is not_on_roster", Config{},
			Gate1Input{Subject: record.SubjectVisitor, Direction: record.In, IDNumber: "110105194912310038", Now: now},
			Decision{Reason: ReasonNotOnRoster}},

		// Visitors and passes.
		{"visitor with valid pass", Config{},
			Gate1Input{Subject: record.SubjectVisitor, Direction: record.In, Passes: []Pass{visitorPass}, Temp: temp(365), Now: now},
			Decision{Allowed: true, Reason: ReasonPass, PassID: "P-V1"}},
		{"visitor with old and valid pass", Config{},
			Gate1Input{Subject: record.SubjectVisitor, Direction: record.In, IDNumber: "11010519491231002X",
				Passes: []Pass{visitorPassOld, visitorPass}, Temp: temp(365), Now: now},
			Decision{Allowed: true, Reason: ReasonPass, PassID: "P-V1"}},
		{"visitor with expired pass", Config{},
			Gate1Input{Subject: record.SubjectVisitor, Direction: record.In, Passes: []Pass{visitorPassOld}, Temp: temp(365), Now: now},
			Decision{Reason: ReasonPassExpired}},
		{"visitor with only a plate pass", Config{},
			Gate1Input{Subject: record.SubjectVisitor, Direction: record.In, Badge: "V7", Passes: []Pass{vanPass}, Temp: temp(365), Now: now},
			Decision{Reason: ReasonNotOnRoster}},
		{"visitor pass, no temperature", Config{},
			Gate1Input{Subject: record.SubjectVisitor, Direction: record.In, Passes: []Pass{visitorPass}, Now: now},
			Decision{Reason: ReasonNeedTemp}},
		{"delivery on foot with pass", Config{},
			Gate1Input{Subject: record.SubjectDelivery, Direction: record.In, Passes: []Pass{visitorPass}, Temp: temp(366), Now: now},
			Decision{Allowed: true, Reason: ReasonPass, PassID: "P-V1"}},
		{"delivery on foot unknown", Config{},
			Gate1Input{Subject: record.SubjectDelivery, Direction: record.In, Badge: "快递", Temp: temp(366), Now: now},
			Decision{Reason: ReasonNotOnRoster}},

		// Detainees entering.
		{"detainee back from hospital with escort pass", Config{},
			Gate1Input{Subject: record.SubjectDetainee, Direction: record.In, Person: detainee, Passes: []Pass{escortPass}, Temp: temp(365), Now: now},
			Decision{Allowed: true, Reason: ReasonPass, PassID: "P-E1"}},
		{"detainee with pass, no temp", Config{},
			Gate1Input{Subject: record.SubjectDetainee, Direction: record.In, Person: detainee, Passes: []Pass{escortPass}, Now: now},
			Decision{Reason: ReasonNeedTemp}},
		{"detainee with pass, fever", Config{},
			Gate1Input{Subject: record.SubjectDetainee, Direction: record.In, Person: detainee, Passes: []Pass{escortPass}, Temp: temp(380), Now: now},
			Decision{Reason: ReasonFever, NeedsRecheck: true}},
		{"detainee without pass", Config{},
			Gate1Input{Subject: record.SubjectDetainee, Direction: record.In, Person: detainee, Temp: temp(365), Now: now},
			Decision{Reason: ReasonDetainee}},
		{"detainee with expired pass", Config{},
			Gate1Input{Subject: record.SubjectDetainee, Direction: record.In, Person: detainee,
				Passes: []Pass{{ID: "P-E0", Badge: "D1001", ValidFrom: now.Add(-2 * time.Hour), ValidTo: now.Add(-time.Hour)}}, Temp: temp(365), Now: now},
			Decision{Reason: ReasonDetainee}},
		{"roster detainee chosen as visitor", Config{},
			Gate1Input{Subject: record.SubjectVisitor, Direction: record.In, Person: detainee, Temp: temp(365), Now: now},
			Decision{Reason: ReasonDetainee}},
		{"detainee subject, unknown badge", Config{},
			Gate1Input{Subject: record.SubjectDetainee, Direction: record.In, Badge: "D9999", Temp: temp(365), Now: now},
			Decision{Reason: ReasonDetainee}},

		// Vehicles.
		{"vehicle with plate pass", Config{},
			Gate1Input{Subject: record.SubjectVehicle, Direction: record.In, Plate: "京A12345", Passes: []Pass{vanPass}, Now: now},
			Decision{Allowed: true, Reason: ReasonPass, PassID: "P-T1"}},
		{"vehicle pass imported unnormalised", Config{},
			Gate1Input{Subject: record.SubjectVehicle, Direction: record.In, Plate: "京A12345",
				Passes: []Pass{{ID: "P-T2", Plate: "京a·12345", ValidFrom: now, ValidTo: now.Add(time.Hour)}}, Now: now},
			Decision{Allowed: true, Reason: ReasonPass, PassID: "P-T2"}},
		{"vehicle with another plate's pass", Config{},
			Gate1Input{Subject: record.SubjectVehicle, Direction: record.In, Plate: "京A54321", Passes: []Pass{vanPass}, Now: now},
			Decision{Reason: ReasonVehicleNoPass}},
		{"vehicle with a person pass", Config{},
			Gate1Input{Subject: record.SubjectVehicle, Direction: record.In, Plate: "京A12345", Passes: []Pass{visitorPass}, Now: now},
			Decision{Reason: ReasonVehicleNoPass}},
		{"vehicle with expired plate pass", Config{},
			Gate1Input{Subject: record.SubjectVehicle, Direction: record.In, Plate: "京A12345", Passes: []Pass{vanPassOld}, Now: now},
			Decision{Reason: ReasonPassExpired}},
		{"staff car without pass", Config{},
			Gate1Input{Subject: record.SubjectVehicle, Direction: record.In, Plate: "京B88888", Person: activeStaff, Badge: "S001", Temp: temp(365), Now: now},
			Decision{Reason: ReasonVehicleNoPass}},
		{"vehicle needs no temperature", Config{},
			Gate1Input{Subject: record.SubjectVehicle, Direction: record.In, Plate: "京A12345", Passes: []Pass{vanPass}, Temp: temp(390), Now: now},
			Decision{Allowed: true, Reason: ReasonPass, PassID: "P-T1"}},

		// Deliveries by van.
		{"delivery van with pass, nobody named", Config{},
			Gate1Input{Subject: record.SubjectDelivery, Direction: record.In, Plate: "京A12345", Passes: []Pass{vanPass}, Now: now},
			Decision{Allowed: true, Reason: ReasonPass, PassID: "P-T1"}},
		{"delivery van without pass", Config{},
			Gate1Input{Subject: record.SubjectDelivery, Direction: record.In, Plate: "京C00001", Now: now},
			Decision{Reason: ReasonVehicleNoPass}},
		{"delivery van without pass, driver has pass", Config{},
			Gate1Input{Subject: record.SubjectDelivery, Direction: record.In, Plate: "京C00001", Passes: []Pass{visitorPass}, Temp: temp(365), Now: now},
			Decision{Reason: ReasonVehicleNoPass}},
		{"delivery van and driver with passes", Config{},
			Gate1Input{Subject: record.SubjectDelivery, Direction: record.In, Plate: "京A12345", Passes: []Pass{vanPass, visitorPass}, Temp: temp(365), Now: now},
			Decision{Allowed: true, Reason: ReasonPass, PassID: "P-V1"}},
		{"delivery van with pass, driver unknown", Config{},
			Gate1Input{Subject: record.SubjectDelivery, Direction: record.In, Plate: "京A12345", Badge: "司机", Passes: []Pass{vanPass}, Temp: temp(365), Now: now},
			Decision{Reason: ReasonNotOnRoster}},
		{"delivery van with pass, driver needs temp", Config{},
			Gate1Input{Subject: record.SubjectDelivery, Direction: record.In, Plate: "京A12345", Passes: []Pass{vanPass, visitorPass}, Now: now},
			Decision{Reason: ReasonNeedTemp}},
		{"delivery van driven by staff", Config{},
			Gate1Input{Subject: record.SubjectDelivery, Direction: record.In, Plate: "京A12345", Person: activeStaff, Passes: []Pass{vanPass}, Temp: temp(365), Now: now},
			Decision{Allowed: true, Reason: ReasonStaff, PassID: "P-T1"}},

		// Temperature.
		{"implausible low temperature", Config{},
			Gate1Input{Subject: record.SubjectStaff, Direction: record.In, Person: activeStaff, Temp: temp(300), Now: now},
			Decision{Reason: ReasonNeedTemp}},
		{"implausible high temperature", Config{},
			Gate1Input{Subject: record.SubjectStaff, Direction: record.In, Person: activeStaff, Temp: temp(426), Now: now},
			Decision{Reason: ReasonNeedTemp}},
		{"just below fever", Config{},
			Gate1Input{Subject: record.SubjectStaff, Direction: record.In, Person: activeStaff, Temp: temp(372), Now: now},
			Decision{Allowed: true, Reason: ReasonStaff}},
		{"at fever threshold: recheck", Config{},
			Gate1Input{Subject: record.SubjectStaff, Direction: record.In, Person: activeStaff, Temp: temp(373), Now: now},
			Decision{Reason: ReasonFever, NeedsRecheck: true}},
		{"recheck still fever", Config{},
			Gate1Input{Subject: record.SubjectStaff, Direction: record.In, Person: activeStaff, Temp: temp(375), Rechecked: true, Now: now},
			Decision{Reason: ReasonFever}},
		{"recheck normal", Config{},
			Gate1Input{Subject: record.SubjectStaff, Direction: record.In, Person: activeStaff, Temp: temp(368), Rechecked: true, Now: now},
			Decision{Allowed: true, Reason: ReasonStaff}},
		{"threshold raised to 37.5: 37.4 passes", Config{Fever: 375},
			Gate1Input{Subject: record.SubjectStaff, Direction: record.In, Person: activeStaff, Temp: temp(374), Now: now},
			Decision{Allowed: true, Reason: ReasonStaff}},
		{"threshold raised to 37.5: 37.5 is fever", Config{Fever: 375},
			Gate1Input{Subject: record.SubjectVisitor, Direction: record.In, Passes: []Pass{visitorPass}, Temp: temp(375), Now: now},
			Decision{Reason: ReasonFever, NeedsRecheck: true}},
		{"threshold lowered to 37.0", Config{Fever: 370},
			Gate1Input{Subject: record.SubjectStaff, Direction: record.In, Person: activeStaff, Temp: temp(370), Now: now},
			Decision{Reason: ReasonFever, NeedsRecheck: true}},
		{"negative threshold means default", Config{Fever: -1},
			Gate1Input{Subject: record.SubjectStaff, Direction: record.In, Person: activeStaff, Temp: temp(365), Now: now},
			Decision{Allowed: true, Reason: ReasonStaff}},
	}
	seen := map[Reason]bool{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := EvaluateGate1(tt.cfg, tt.in)
			// Overridability has its own table (TestGate1Overridable).
			got.Overridable = false
			if got != tt.want {
				t.Errorf("EvaluateGate1 = %+v, want %+v", got, tt.want)
			}
			if got.Allowed != ReasonAllows(got.Reason) {
				t.Errorf("Allowed %v disagrees with ReasonAllows(%q)", got.Allowed, got.Reason)
			}
		})
		seen[tt.want.Reason] = true
	}
	for _, r := range Reasons {
		if !seen[r] {
			t.Errorf("no test case for reason %q", r)
		}
	}
}

// TestGate1PassWindow checks the boundaries of a pass: valid from its first
// instant, no longer valid at ValidTo.
func TestGate1PassWindow(t *testing.T) {
	from := time.Date(2020, 2, 10, 8, 0, 0, 0, cst)
	to := time.Date(2020, 2, 10, 18, 0, 0, 0, cst)
	pass := Pass{ID: "P1", Badge: "V1", ValidFrom: from, ValidTo: to}
	plate := Pass{ID: "T1", Plate: "京A12345", ValidFrom: from, ValidTo: to}
	tests := []struct {
		at   time.Time
		want Reason
	}{
		{from.Add(-time.Nanosecond), ReasonPassExpired},
		{from, ReasonPass},
		{from.Add(time.Hour), ReasonPass},
		{to.Add(-time.Nanosecond), ReasonPass},
		{to, ReasonPassExpired},
		{to.Add(time.Hour), ReasonPassExpired},
		{from.UTC(), ReasonPass}, // the same instant in another zone
		{to.UTC(), ReasonPassExpired},
	}
	for _, tt := range tests {
		d := EvaluateGate1(Config{}, Gate1Input{Subject: record.SubjectVisitor, Direction: record.In,
			Badge: "V1", Passes: []Pass{pass}, Temp: temp(365), Now: tt.at})
		if d.Reason != tt.want {
			t.Errorf("person at %v: %q, want %q", tt.at, d.Reason, tt.want)
		}
		d = EvaluateGate1(Config{}, Gate1Input{Subject: record.SubjectVehicle, Direction: record.In,
			Plate: "京A12345", Passes: []Pass{plate}, Now: tt.at})
		if d.Reason != tt.want {
			t.Errorf("vehicle at %v: %q, want %q", tt.at, d.Reason, tt.want)
		}
	}
}

// TestGate1RecheckFlow walks the §6 fever flow the way the UI drives it:
// first reading at fever → recheck asked; the recheck decides.
func TestGate1RecheckFlow(t *testing.T) {
	in := Gate1Input{Subject: record.SubjectStaff, Direction: record.In, Person: activeStaff, Now: now}

	d := EvaluateGate1(Config{}, in)
	if d.Reason != ReasonNeedTemp || d.Allowed {
		t.Fatalf("no temperature: %+v", d)
	}
	in.Temp = temp(378)
	d = EvaluateGate1(Config{}, in)
	if d != (Decision{Reason: ReasonFever, NeedsRecheck: true}) {
		t.Fatalf("first fever reading: %+v", d)
	}
	// Recheck confirms the fever: final denial, no further recheck.
	confirmed := in
	confirmed.Temp, confirmed.Rechecked = temp(377), true
	if d := EvaluateGate1(Config{}, confirmed); d != (Decision{Reason: ReasonFever}) {
		t.Errorf("confirmed fever: %+v", d)
	}
	// Recheck is normal (the first reading was taken in the sun): admitted.
	cleared := in
	cleared.Temp, cleared.Rechecked = temp(366), true
	if d := EvaluateGate1(Config{}, cleared); d != (Decision{Allowed: true, Reason: ReasonStaff}) {
		t.Errorf("cleared on recheck: %+v", d)
	}
}

func TestConfigFeverAt(t *testing.T) {
	for _, tt := range []struct{ in, want record.Tenths }{{0, DefaultFever}, {-5, DefaultFever}, {375, 375}, {373, 373}} {
		if got := (Config{Fever: tt.in}).FeverAt(); got != tt.want {
			t.Errorf("Config{%d}.FeverAt() = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestReasonAllows(t *testing.T) {
	allow := map[Reason]bool{ReasonStaff: true, ReasonPass: true, ReasonExit: true}
	for _, r := range Reasons {
		if ReasonAllows(r) != allow[r] {
			t.Errorf("ReasonAllows(%q) = %v", r, ReasonAllows(r))
		}
	}
	if ReasonAllows("") || ReasonAllows("unknown") {
		t.Error("unknown reasons must deny")
	}
}

// Which gate-1 denials a supervisor may override (§2, §11): never a fever
// or a missing temperature, and an entry only with a normal temperature
// taken — the visitor reading 38.7 ℃ admitted by an identity override must
// not happen again.
func TestGate1Overridable(t *testing.T) {
	unknown := Gate1Input{Subject: record.SubjectVisitor, Direction: record.In, Badge: "X9", Now: now}
	with := func(in Gate1Input, v record.Tenths) Gate1Input { in.Temp = temp(v); return in }
	tests := []struct {
		name        string
		in          Gate1Input
		reason      Reason
		overridable bool
	}{
		{"unknown visitor, normal temperature", with(unknown, 365), ReasonNotOnRoster, true},
		{"unknown visitor, no temperature", unknown, ReasonNotOnRoster, false},
		{"unknown visitor, implausible reading", with(unknown, 300), ReasonNotOnRoster, false},
		{"unknown visitor with a fever: the fever is the decision", with(unknown, 387), ReasonFever, false},
		{"expired pass, normal temperature", with(Gate1Input{Subject: record.SubjectVisitor, Direction: record.In, Passes: []Pass{visitorPassOld}, Now: now}, 366), ReasonPassExpired, true},
		{"detainee without escort pass, fever", with(Gate1Input{Subject: record.SubjectDetainee, Direction: record.In, Person: detainee, Now: now}, 380), ReasonFever, false},
		{"detainee leaving without pass", Gate1Input{Subject: record.SubjectDetainee, Direction: record.Out, Person: detainee, Now: now}, ReasonDetainee, true},
		{"vehicle without pass: no temperature asked", Gate1Input{Subject: record.SubjectVehicle, Direction: record.In, Plate: "京B99999", Now: now}, ReasonVehicleNoPass, true},
		{"staff, fever", with(Gate1Input{Subject: record.SubjectStaff, Direction: record.In, Person: activeStaff, Now: now}, 385), ReasonFever, false},
		{"staff, no temperature", Gate1Input{Subject: record.SubjectStaff, Direction: record.In, Person: activeStaff, Now: now}, ReasonNeedTemp, false},
		{"nobody named", Gate1Input{Subject: record.SubjectVisitor, Direction: record.In, Now: now}, ReasonNeedIdentity, false},
		{"released detainee out on an old escort pass", Gate1Input{Subject: record.SubjectDetainee, Direction: record.Out, Person: released, Passes: []Pass{escortPass}, Now: now}, ReasonInactive, true},
		{"released detainee in on an old escort pass, no temperature", Gate1Input{Subject: record.SubjectDetainee, Direction: record.In, Person: released, Passes: []Pass{escortPass}, Now: now}, ReasonInactive, false},
	}
	for _, tt := range tests {
		got := EvaluateGate1(Config{}, tt.in)
		if got.Allowed || got.Reason != tt.reason || got.Overridable != tt.overridable {
			t.Errorf("%s: got %+v, want reason %s overridable %v", tt.name, got, tt.reason, tt.overridable)
		}
	}
}

// With a status, gate 1 asks MayCross for active staff: a bar beats a
// normal reading and is never overridable; a status denial still needs a
// normal temperature to be overridable; a standby member leaving is a
// contact; without a status the roster alone decides, as before.
func TestGate1WithStatus(t *testing.T) {
	office := &Person{Badge: "S010", Name: "周敏", Kind: Staff, Active: true, Assignment: AssignOffice}
	in := func(st *Status, dir record.Direction, tp *record.Tenths) Gate1Input {
		return Gate1Input{Subject: record.SubjectStaff, Direction: dir, Person: office, Temp: tp, Status: st, Now: now}
	}
	tests := []struct {
		name        string
		in          Gate1Input
		allowed     bool
		reason      Reason
		overridable bool
		incident    bool
	}{
		{"no status: roster decides", in(nil, record.In, temp(365)), true, ReasonStaff, false, false},
		{"on site", in(&Status{Base: BaseOffice}, record.In, temp(365)), true, ReasonStaff, false, false},
		{"fever-barred with a normal reading", in(&Status{Base: BaseOffice, FeverBarred: true}, record.In, temp(365)), false, ReasonFeverBarred, false, false},
		// The reading taken now is the recheck the pending one waits for.
		{"recheck pending, a normal reading now", in(&Status{Base: BaseOffice, RecheckPending: true}, record.In, temp(365)), true, ReasonStaff, false, false},
		{"recheck pending, a fever now: confirmed", in(&Status{Base: BaseOffice, RecheckPending: true}, record.In, temp(380)), false, ReasonFever, false, false},
		{"recheck pending, no reading", in(&Status{Base: BaseOffice, RecheckPending: true}, record.In, nil), false, ReasonRecheckPending, false, false},
		{"working from home, normal reading", in(&Status{Base: BaseWFH}, record.In, temp(365)), false, ReasonWFH, true, false},
		{"working from home, no reading", in(&Status{Base: BaseWFH}, record.In, nil), false, ReasonWFH, false, false},
		{"working from home, fever", in(&Status{Base: BaseWFH}, record.In, temp(381)), false, ReasonFever, false, false},
		{"standby entering", in(&Status{Base: BaseStandby}, record.In, temp(365)), false, ReasonStandbyContact, true, true},
		{"standby leaving", in(&Status{Base: BaseStandby}, record.Out, nil), false, ReasonStandbyContact, true, true},
		{"custody duty leaving mid-rotation", in(&Status{Base: BaseCustody}, record.Out, nil), false, ReasonNotChangeOver, true, false},
		{"custody duty at change-over", in(&Status{Base: BaseCustody, ChangeOver: true}, record.In, temp(364)), true, ReasonChangeOver, false, false},
		{"custody duty at change-over with a fever", in(&Status{Base: BaseCustody, ChangeOver: true}, record.In, temp(390)), false, ReasonFever, false, false},
		{"on site leaving", in(&Status{Base: BaseOffice}, record.Out, nil), true, ReasonExit, false, false},
		// The end of standby or observation under the epidemic profile.
		{"standby over, no negative NAT", in(&Status{Base: BaseStandby, ChangeOver: true, Leaving: PeriodStandby, NATRequired: true}, record.Out, nil), false, ReasonReleaseNAT, false, false},
		{"standby over, negative NAT on record", in(&Status{Base: BaseStandby, ChangeOver: true, Leaving: PeriodStandby}, record.Out, nil), true, ReasonChangeOver, false, false},
		{"observation over, no negative NAT", in(&Status{Base: BaseRest, ChangeOver: true, Leaving: PeriodObservation, NATRequired: true}, record.Out, nil), false, ReasonReleaseNAT, false, false},
		{"observation over, negative NAT on record", in(&Status{Base: BaseRest, ChangeOver: true, Leaving: PeriodObservation}, record.Out, nil), true, ReasonExit, false, false},
	}
	for _, tt := range tests {
		got := EvaluateGate1(Config{}, tt.in)
		if got.Allowed != tt.allowed || got.Reason != tt.reason || got.Overridable != tt.overridable || got.ContactIncident != tt.incident {
			t.Errorf("%s: got %+v", tt.name, got)
		}
	}
}
