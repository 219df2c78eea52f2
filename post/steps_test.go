package post_test

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"gatepost/gate"
	"gatepost/post"
	"gatepost/record"
	"gatepost/store"
)

func bp(v bool) *bool { return &v }

// supply reads the supply a received record started, as gate 2 shows it.
func supply(t *testing.T, e *env, id string) gate.Supply {
	t.Helper()
	rows, err := e.st.KindRows(context.Background(), store.KindQuery{Kinds: []record.Kind{record.SupplyReceived, record.SupplyDisinfected, record.SupplyStored}})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range gate.Supplies(store.Events(rows)) {
		if s.ID == id {
			return s
		}
	}
	t.Fatalf("no supply %s", id)
	return gate.Supply{}
}

func TestSupplyLifecycle(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	var ie *post.InputError
	for _, in := range []post.ReceiveInput{
		{Category: record.SupplyLiving, Quantity: 1, Unit: "箱", Source: "物资车"},
		{Item: "口罩", Category: "food", Quantity: 1, Unit: "只", Source: "局"},
		{Item: "口罩", Category: record.SupplyProtective, Unit: "只", Source: "局"},
		{Item: "口罩", Category: record.SupplyProtective, Quantity: 1, Source: "局"},
		{Item: "口罩", Category: record.SupplyProtective, Quantity: 1, Unit: "只"},
	} {
		if _, err := e.svc.DecideReceive(in); !errors.As(err, &ie) {
			t.Errorf("%+v: %v", in, err)
		}
	}
	p, err := e.svc.DecideReceive(post.ReceiveInput{Item: " 医用口罩 ", Category: record.SupplyProtective, Quantity: 2000, Unit: "只", Source: "市局"})
	if err != nil {
		t.Fatal(err)
	}
	rec, err := e.svc.Save(ctx, guard, p)
	if err != nil {
		t.Fatal(err)
	}
	rb := decode[record.SupplyReceivedBody](t, rec.Main())
	if rb.Item != "医用口罩" || rb.Quantity != 2000 || rec.Main().Gate != 2 {
		t.Errorf("received %+v", rb)
	}
	s := supply(t, e, rec.Main().ID)

	// Not disinfected: cannot be stored.
	var re *post.RefusedError
	if _, err := e.svc.DecideStoreSupply(post.SupplyStoreInput{Supply: s, Location: "库房"}); !errors.As(err, &re) || re.Code != gate.RefuseNotDisinfected {
		t.Errorf("store before disinfection: %v", err)
	}
	if _, err := e.svc.DecideDisinfectSupply(post.SupplyDisinfectInput{Supply: s, ContactMin: 30}); !errors.As(err, &ie) || ie.Field != "Method" {
		t.Errorf("no method: %v", err)
	}
	e.clk.add(10 * time.Minute)
	p, err = e.svc.DecideDisinfectSupply(post.SupplyDisinfectInput{Supply: s, Method: record.MethodSpray, Agent: "含氯消毒剂", Concentration: "500 mg/L", ContactMin: 30})
	if err != nil {
		t.Fatal(err)
	}
	dis, err := e.svc.Save(ctx, guard, p)
	if err != nil {
		t.Fatal(err)
	}
	db := decode[record.SupplyDisinfectedBody](t, dis.Main())
	if db.Supply != s.ID || db.SupplySeq != s.Seq || db.Operator != guard.Badge || db.ContactMin != 30 {
		t.Errorf("disinfected %+v", db)
	}
	s = supply(t, e, s.ID)

	// In its contact time: refused with the minutes left.
	e.clk.add(20*time.Minute + 30*time.Second)
	if _, err := e.svc.DecideStoreSupply(post.SupplyStoreInput{Supply: s, Location: "库房"}); !errors.As(err, &re) ||
		re.Code != gate.RefuseContactTime || re.MinutesLeft != 10 || !re.Until.Equal(dis.Main().At.Add(30*time.Minute)) {
		t.Errorf("store in the contact time: %+v", err)
	}
	e.clk.add(10 * time.Minute)
	if _, err := e.svc.DecideStoreSupply(post.SupplyStoreInput{Supply: s, Location: " "}); !errors.As(err, &ie) || ie.Field != "Location" {
		t.Errorf("no location: %v", err)
	}
	p, err = e.svc.DecideStoreSupply(post.SupplyStoreInput{Supply: s, Location: "一大队物资库房"})
	if err != nil {
		t.Fatal(err)
	}
	stored, err := e.svc.Save(ctx, guard, p)
	if err != nil {
		t.Fatal(err)
	}
	sb := decode[record.SupplyStoredBody](t, stored.Main())
	if sb.Disinfected != dis.Main().ID || sb.Supply != s.ID || sb.Location != "一大队物资库房" {
		t.Errorf("stored %+v", sb)
	}
	s = supply(t, e, s.ID)
	if _, err := e.svc.DecideDisinfectSupply(post.SupplyDisinfectInput{Supply: s, Method: record.MethodWipe}); !errors.As(err, &re) || re.Code != gate.RefuseAlreadyStored {
		t.Errorf("disinfect a stored supply: %v", err)
	}
	if got := kinds(e.all(t)); !slices.Equal(got, []record.Kind{record.SupplyReceived, record.SupplyDisinfected, record.SupplyStored}) {
		t.Errorf("wrote %v", got)
	}
}

func TestFood(t *testing.T) {
	ctx := context.Background()
	ok := post.FoodInput{Item: "猪肉", Category: record.FoodMeat, ColdChain: true, Supplier: "苏食", Licence: "JY1", Quantity: 45, Unit: "kg",
		Produced: "2026-03-01", Expires: "2026-03-04", Certificate: bp(true), SensoryOK: bp(true),
		Quarantine: bp(true), NucleicAcid: bp(true), Disinfection: bp(true), TraceCode: "32000"}
	with := func(f func(*post.FoodInput)) post.FoodInput { in := ok; f(&in); return in }
	for _, c := range []struct {
		name    string
		in      post.FoodInput
		field   string
		reasons []gate.Reason
	}{
		{"accepted", ok, "", nil},
		{"certificate not chosen", with(func(in *post.FoodInput) { in.Certificate = nil }), "Certificate", nil},
		{"sensory check not chosen", with(func(in *post.FoodInput) { in.SensoryOK = nil }), "SensoryOK", nil},
		{"cold-chain paper not chosen", with(func(in *post.FoodInput) { in.NucleicAcid = nil }), "NucleicAcid", nil},
		{"no expiry date", with(func(in *post.FoodInput) { in.Expires = "" }), "Expires", nil},
		{"produced tomorrow", with(func(in *post.FoodInput) { in.Produced = "2026-03-03" }), "Produced", nil},
		{"no shelf life chosen", with(func(in *post.FoodInput) { in.Expires, in.NoShelfLife = "", true }), "", nil},
		{"expired", with(func(in *post.FoodInput) { in.Produced, in.Expires = "2026-02-20", "2026-03-01" }), "", []gate.Reason{gate.ReasonExpired}},
		{"no certificate, no nucleic-acid test", with(func(in *post.FoodInput) { in.Certificate, in.NucleicAcid = bp(false), bp(false) }), "",
			[]gate.Reason{gate.ReasonNoCertificate, gate.ReasonNoNucleicAcid}},
		{"not cold chain: no papers asked", with(func(in *post.FoodInput) {
			in.ColdChain, in.Quarantine, in.NucleicAcid, in.Disinfection = false, nil, nil, nil
		}), "", nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t)
			p, err := e.svc.DecideFood(c.in)
			if c.field != "" {
				var ie *post.InputError
				if !errors.As(err, &ie) || ie.Field != c.field {
					t.Fatalf("err = %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			v, err := e.svc.Save(ctx, guard, p)
			if err != nil {
				t.Fatal(err)
			}
			b := decode[record.FoodInspectionBody](t, v.Main())
			var reasons []string
			for _, r := range c.reasons {
				reasons = append(reasons, string(r))
			}
			if b.Accepted != (len(c.reasons) == 0) || !slices.Equal(b.Reasons, reasons) || v.Allowed != b.Accepted || v.Main().Gate != 5 {
				t.Errorf("inspection %+v", b)
			}
			if (b.Papers != nil) != c.in.ColdChain {
				t.Errorf("papers %+v", b.Papers)
			}
		})
	}
}

func TestSample(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	dishes := []record.SampleDish{{Name: "红烧肉", Grams: 130}, {Name: "米饭", Grams: 125}}
	var re *post.RefusedError
	if _, err := e.svc.DecideSample(post.SampleInput{Meal: record.Lunch, Dishes: []record.SampleDish{{Name: "汤", Grams: 100}}}); !errors.As(err, &re) ||
		re.Code != gate.RefuseGramsLow || re.Dish != "汤" {
		t.Errorf("light dish: %v", err)
	}
	if _, err := e.svc.DecideSample(post.SampleInput{Meal: record.Lunch, Dishes: dishes, Hours: 24}); !errors.As(err, &re) || re.Code != gate.RefuseRetainLow {
		t.Errorf("kept a day: %v", err)
	}
	var ie *post.InputError
	if _, err := e.svc.DecideSample(post.SampleInput{Meal: "brunch", Dishes: dishes}); !errors.As(err, &ie) {
		t.Errorf("unknown meal: %v", err)
	}
	p, err := e.svc.DecideSample(post.SampleInput{Meal: record.Lunch, Dishes: dishes, Location: "留样冰箱"})
	if err != nil {
		t.Fatal(err)
	}
	// The guard reads the summary for a minute: the sample is still kept
	// 48 hours from when it is saved.
	e.clk.add(time.Minute)
	v, err := e.svc.Save(ctx, guard, p)
	if err != nil {
		t.Fatal(err)
	}
	b := decode[record.FoodSampleBody](t, v.Main())
	if !b.Until().Equal(v.Main().At.Add(48*time.Hour)) || len(b.Dishes) != 2 || b.Location != "留样冰箱" {
		t.Errorf("sample %+v at %v", b, v.Main().At)
	}
	if c := gate.CheckSample(gate.SampleRules{}, b, v.Main().At); c.Refuse != "" {
		t.Errorf("the saved sample breaks the rule: %+v", c)
	}
}

func TestAttendance(t *testing.T) {
	ctx := context.Background()
	entries := []gate.Entry{{Badge: "2002", Name: "李娜", Status: record.OnSite}, {Badge: "2004", Name: "赵敏", Status: record.WFH}}
	for _, c := range []struct {
		name string
		auth func() post.Authority
		ok   bool
	}{
		{"a supervisor's PIN", func() post.Authority { return post.Credentials{Badge: "9001", PIN: supPIN} }, true},
		{"the signed-in supervisor", func() post.Authority { s, _ := post.SignedInSupervisor(super); return s }, true},
		{"a guard's PIN", func() post.Authority { return post.Credentials{Badge: "1001", PIN: "1234"} }, false},
		{"a zero supervisor", func() post.Authority { return post.Supervisor{} }, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t)
			v, err := e.svc.SetAttendance(ctx, guard, c.auth(), post.AttendanceInput{Entries: entries, CarriedFrom: "2026-03-01", Note: "同前日"})
			rs := e.all(t)
			if !c.ok {
				var ns *post.NotSupervisorError
				if !errors.As(err, &ns) || len(rs) != 0 {
					t.Fatalf("err = %v, %d records", err, len(rs))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(kinds(rs), []record.Kind{record.Attendance, record.Attendance}) || len(v.Records) != 2 {
				t.Fatalf("wrote %v", kinds(rs))
			}
			for i, r := range rs {
				b := decode[record.AttendanceBody](t, r)
				if b.Day != "2026-03-02" || b.Badge != entries[i].Badge || b.Status != entries[i].Status || b.Supervisor != "9001" ||
					b.CarriedFrom != "2026-03-01" || b.Note != "同前日" || r.Gate != 4 || r.Guard != guard.Badge {
					t.Errorf("attendance %+v", b)
				}
			}
		})
	}
	e := newEnv(t)
	sup, _ := post.SignedInSupervisor(super)
	var ie *post.InputError
	for _, in := range []post.AttendanceInput{{}, {Entries: []gate.Entry{{Badge: "2002", Status: "away"}}}} {
		if _, err := e.svc.SetAttendance(ctx, guard, sup, in); !errors.As(err, &ie) {
			t.Errorf("%+v: %v", in, err)
		}
	}
	if _, err := post.SignedInSupervisor(guard); err == nil {
		t.Error("a guard supervises")
	}
}

func TestDisinfect(t *testing.T) {
	ctx := context.Background()
	ok := post.DisinfectionInput{Zone: gate.ZoneKitchen, Area: "操作间", Method: record.MethodSpray, Agent: "含氯消毒剂", Concentration: "500 mg/L",
		ContactMin: 30, Operator: "张师傅"}
	with := func(f func(*post.DisinfectionInput)) post.DisinfectionInput { in := ok; f(&in); return in }
	for _, c := range []struct {
		name  string
		in    post.DisinfectionInput
		field string
		at    time.Time
	}{
		{"now", ok, "", t0},
		{"earlier today", with(func(in *post.DisinfectionInput) { in.At = t0.Add(-2 * time.Hour) }), "", t0.Add(-2 * time.Hour)},
		{"in the future", with(func(in *post.DisinfectionInput) { in.At = t0.Add(time.Hour) }), "At", time.Time{}},
		{"unknown zone", with(func(in *post.DisinfectionInput) { in.Zone = "roof" }), "Zone", time.Time{}},
		{"no method", with(func(in *post.DisinfectionInput) { in.Method = "" }), "Method", time.Time{}},
		{"no operator", with(func(in *post.DisinfectionInput) { in.Operator = " " }), "Operator", time.Time{}},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t)
			v, err := e.svc.Disinfect(ctx, guard, c.in)
			if c.field != "" {
				var ie *post.InputError
				if !errors.As(err, &ie) || ie.Field != c.field || len(e.all(t)) != 0 {
					t.Fatalf("err = %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			r := v.Main()
			b := decode[record.DisinfectionBody](t, r)
			if r.Gate != 0 || !r.At.Equal(c.at) || b.Zone != "kitchen" || b.Operator != "张师傅" || b.ContactMin != 30 {
				t.Errorf("disinfection %+v at %v", b, r.At)
			}
			in, err := e.st.ReportInput(ctx, "2026-03-02", t0, gate.DefaultFever)
			if err != nil {
				t.Fatal(err)
			}
			if z := gate.Disinfected(in.Records)[4]; !z.Done || z.Zone != gate.ZoneKitchen {
				t.Errorf("kitchen %+v", z)
			}
		})
	}
}

func TestNoticeAck(t *testing.T) {
	e := newEnv(t)
	v, err := e.svc.AckNotice(context.Background(), guard, post.NoticeRef{ID: "N1", Day: "2026-03-02", Title: "加强测温"})
	if err != nil {
		t.Fatal(err)
	}
	b := decode[record.NoticeAckBody](t, v.Main())
	if b.Notice != "N1" || b.Name != guard.Name || v.Main().Guard != guard.Badge || v.Main().Kind != record.NoticeAck {
		t.Errorf("ack %+v", b)
	}
	if _, err := e.svc.AckNotice(context.Background(), guard, post.NoticeRef{}); err == nil {
		t.Error("acknowledged no notice")
	}
}

// The shift's report lists the post's supplies still pending, not only
// those its own shift received: one received the evening before, by
// another shift, is the next shift's to store.
func TestShiftReportPendingSupplies(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	receive := func(item string) {
		t.Helper()
		p, err := e.svc.DecideReceive(post.ReceiveInput{Item: item, Category: record.SupplyProtective, Quantity: 10, Unit: "箱", Source: "市局"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Save(ctx, guard, p); err != nil {
			t.Fatal(err)
		}
	}
	receive("口罩")
	e.clk.add(20 * time.Hour) // the next morning
	open, err := e.svc.OpenShift(ctx, guard)
	if err != nil {
		t.Fatal(err)
	}
	e.clk.add(time.Minute)
	receive("消毒液")
	e.clk.add(time.Minute)
	rep, err := e.svc.ShiftReport(ctx, post.ShiftOf(open.Main()))
	if err != nil {
		t.Fatal(err)
	}
	var items []string
	for _, p := range rep.Supplies.Pending {
		items = append(items, p.Item)
	}
	if !slices.Equal(items, []string{"口罩", "消毒液"}) || rep.Supplies.Received != 1 {
		t.Errorf("pending %v, received in the shift %d", items, rep.Supplies.Received)
	}
}

func TestShift(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	open, err := e.svc.OpenShift(ctx, guard)
	if err != nil {
		t.Fatal(err)
	}
	ob := decode[record.ShiftOpenBody](t, open.Main())
	if ob.Name != guard.Name || ob.Gate != 1 || open.Main().Gate != 1 {
		t.Errorf("open %+v", ob)
	}
	// The shift's work: one crossing let in, one denied.
	for _, in := range []post.MainGateInput{
		{Subject: record.SubjectStaff, Direction: record.In, Badge: "2002", Temp: tp(365)},
		{Subject: record.SubjectVehicle, Direction: record.In, Plate: "苏B1"},
	} {
		e.clk.add(time.Minute)
		p, err := e.svc.DecideMainGate(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Save(ctx, guard, p); err != nil {
			t.Fatal(err)
		}
	}
	ref := post.ShiftOf(open.Main())
	var ie *post.InputError
	if _, err := e.svc.CloseShift(ctx, guard, post.CloseShiftInput{Open: ref, Handover: "  "}); !errors.As(err, &ie) || ie.Field != "Handover" {
		t.Errorf("no handover note: %v", err)
	}
	rep, err := e.svc.ShiftReport(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	e.clk.add(time.Hour)
	v, err := e.svc.CloseShift(ctx, guard, post.CloseShiftInput{Open: ref, Handover: "本班无异常"})
	if err != nil {
		t.Fatal(err)
	}
	cb := decode[record.ShiftCloseBody](t, v.Main())
	if cb.Opened != open.Main().ID || cb.Handover != "本班无异常" || cb.Summary["in"] != 1 || cb.Summary["denied"] != 1 || cb.Summary["records"] != 3 {
		t.Errorf("close %+v", cb)
	}
	if v.Report == nil || rep.Summary()["in"] != 1 {
		t.Errorf("reports %+v %+v", v.Report, rep.Summary())
	}
}

func TestSubmitReport(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	p, _ := e.svc.DecideMainGate(ctx, post.MainGateInput{Subject: record.SubjectStaff, Direction: record.In, Badge: "2002", Temp: tp(365)})
	if _, err := e.svc.Save(ctx, guard, p); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.SubmitReport(ctx, guard, post.Credentials{Badge: "1001", PIN: "1234"}, post.SubmitInput{}); err == nil {
		t.Error("a guard submitted the report")
	}
	e.clk.add(8 * time.Hour)
	v, err := e.svc.SubmitReport(ctx, guard, post.Credentials{Badge: "9001", PIN: supPIN}, post.SubmitInput{})
	if err != nil {
		t.Fatal(err)
	}
	b := decode[record.ReportDailyBody](t, v.Main())
	if b.Day != "2026-03-02" || b.Supervisor != "9001" || b.Zero || len(b.Abnormal) == 0 || v.Report == nil || v.Report.Zero != b.Zero {
		t.Errorf("report %+v", b)
	}
	var ie *post.InputError
	if _, err := e.svc.SubmitReport(ctx, guard, post.Credentials{Badge: "9001", PIN: supPIN}, post.SubmitInput{Supersedes: v.Main().ID}); !errors.As(err, &ie) {
		t.Errorf("again without a reason: %v", err)
	}
	again, err := e.svc.SubmitReport(ctx, guard, post.Credentials{Badge: "9001", PIN: supPIN}, post.SubmitInput{Supersedes: v.Main().ID, Reason: "补录消毒"})
	if err != nil {
		t.Fatal(err)
	}
	sub, ok, err := e.st.LatestReport(ctx, "2026-03-02")
	if err != nil || !ok || sub.ID != again.Main().ID || sub.Count != 2 || sub.Body.Supersedes != v.Main().ID {
		t.Errorf("latest %+v %v %v", sub, ok, err)
	}
}

// A delivery van with its pass whose driver is named but has none, saved
// denied without a temperature, is not let in from the log: the override
// would admit an unmeasured person. A van alone, denied, may be.
func TestOverrideSavedDeliveryDriverNeedsTemperature(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	cred := post.Credentials{Badge: "9001", PIN: supPIN}
	save := func(in post.MainGateInput) store.Row {
		t.Helper()
		p, err := e.svc.DecideMainGate(ctx, in)
		if err != nil || p.Allowed {
			t.Fatalf("%+v: %+v %v", in, p, err)
		}
		sv, err := e.svc.Save(ctx, guard, p)
		if err != nil {
			t.Fatal(err)
		}
		r, err := e.st.Get(ctx, sv.Main().ID)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	driver := save(post.MainGateInput{Subject: record.SubjectDelivery, Direction: record.In, Plate: "苏A12345", IDNumber: "110101199003070012"})
	if _, err := e.svc.OverrideSaved(ctx, guard, post.TargetOf(driver), cred, "送货"); !errors.Is(err, post.ErrNotOverridable) {
		t.Errorf("a named driver let in without a temperature: %v", err)
	}
	van := save(post.MainGateInput{Subject: record.SubjectDelivery, Direction: record.In, Plate: "苏B99999"})
	if _, err := e.svc.OverrideSaved(ctx, guard, post.TargetOf(van), cred, "急送物资"); err != nil {
		t.Errorf("a van alone, overridden: %v", err)
	}
}

func TestVoidAndOverrideSaved(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	p, _ := e.svc.DecideMainGate(ctx, post.MainGateInput{Subject: record.SubjectVisitor, Direction: record.In, IDNumber: "110101199003070012", Name: "某人", Temp: tp(365)})
	denied, err := e.svc.Save(ctx, guard, p)
	if err != nil {
		t.Fatal(err)
	}
	p, _ = e.svc.DecideMainGate(ctx, post.MainGateInput{Subject: record.SubjectStaff, Direction: record.In, Badge: "2002", Temp: tp(365)})
	allowed, err := e.svc.Save(ctx, guard, p)
	if err != nil {
		t.Fatal(err)
	}
	row := func(id string) store.Row {
		r, err := e.st.Get(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	cred := post.Credentials{Badge: "9001", PIN: supPIN}
	if _, err := e.svc.OverrideSaved(ctx, guard, post.TargetOf(row(allowed.Main().ID)), cred, "x"); !errors.Is(err, post.ErrNotOverridable) {
		t.Errorf("override of an allowed crossing: %v", err)
	}
	ov, err := e.svc.OverrideSaved(ctx, guard, post.TargetOf(row(denied.Main().ID)), cred, "经所领导同意")
	if err != nil {
		t.Fatal(err)
	}
	if b := decode[record.OverrideBody](t, ov.Main()); b.Target != denied.Main().ID || b.Supervisor != "9001" || ov.Who.Name != "某人" {
		t.Errorf("override %+v", b)
	}
	if _, err := e.svc.OverrideSaved(ctx, guard, post.TargetOf(row(denied.Main().ID)), cred, "again"); !errors.Is(err, post.ErrNotOverridable) {
		t.Errorf("overridden twice: %v", err)
	}
	vd, err := e.svc.Void(ctx, guard, post.TargetOf(row(allowed.Main().ID)), cred, "重复登记")
	if err != nil {
		t.Fatal(err)
	}
	if b := decode[record.VoidBody](t, vd.Main()); b.Target != allowed.Main().ID || b.TargetSeq != allowed.Main().Seq || vd.Main().Gate != 1 {
		t.Errorf("void %+v", b)
	}
	for _, tg := range []store.Row{row(allowed.Main().ID), row(vd.Main().ID)} {
		if _, err := e.svc.Void(ctx, guard, post.TargetOf(tg), cred, "x"); !errors.Is(err, post.ErrNotVoidable) {
			t.Errorf("void of %s (voided %v): %v", tg.Kind, tg.Voided, err)
		}
	}
	if _, err := e.svc.Void(ctx, guard, post.TargetOf(row(denied.Main().ID)), post.Credentials{Badge: "9001", PIN: "1"}, "x"); err == nil {
		t.Error("voided with a wrong PIN")
	}
	if got := kinds(e.all(t)); !slices.Equal(got, []record.Kind{record.Passage, record.Passage, record.Override, record.Void}) {
		t.Errorf("wrote %v", got)
	}
}

func TestLastShift(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	other := gate.Guard{Badge: "1002", Name: "吴晓东", Role: gate.RoleGuard}
	ls, err := e.svc.LastShift(ctx, "")
	if err != nil || ls.Open != nil || ls.Handover != "" {
		t.Fatalf("a new terminal: %+v %v", ls, err)
	}
	open := func(g gate.Guard) post.ShiftRef {
		v, err := e.svc.OpenShift(ctx, g)
		if err != nil {
			t.Fatal(err)
		}
		return post.ShiftOf(v.Main())
	}
	first := open(guard)
	if ls, _ = e.svc.LastShift(ctx, ""); ls.Open == nil || *ls.Open != first || ls.OpenedBy.Name != guard.Name || !ls.OpenedAt.Equal(t0) {
		t.Errorf("one shift open: %+v", ls)
	}
	e.clk.add(12 * time.Hour)
	if _, err := e.svc.CloseShift(ctx, guard, post.CloseShiftInput{Open: first, Handover: "测温枪电池已更换"}); err != nil {
		t.Fatal(err)
	}
	if ls, _ = e.svc.LastShift(ctx, ""); ls.Open != nil || ls.Handover != "测温枪电池已更换" || ls.HandedBy.Badge != guard.Badge {
		t.Errorf("closed: %+v", ls)
	}
	// The next guard signs in and the console is killed: the shift stays open.
	e.clk.add(time.Minute)
	second := open(other)
	if ls, _ = e.svc.LastShift(ctx, ""); ls.Open == nil || *ls.Open != second || ls.Handover != "测温枪电池已更换" {
		t.Errorf("left open: %+v", ls)
	}
	// A voided close leaves its shift open.
	e.clk.add(time.Hour)
	closed, err := e.svc.CloseShift(ctx, other, post.CloseShiftInput{Open: second, Handover: "交班"})
	if err != nil {
		t.Fatal(err)
	}
	last, err := e.st.Get(ctx, closed.Main().ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Void(ctx, other, post.TargetOf(last), post.Credentials{Badge: "9001", PIN: supPIN}, "误操作"); err != nil {
		t.Fatal(err)
	}
	// The note that stands is the first shift's again.
	if ls, _ = e.svc.LastShift(ctx, ""); ls.Open == nil || *ls.Open != second || ls.Handover != "测温枪电池已更换" || ls.HandedBy.Name != guard.Name {
		t.Errorf("close voided: %+v", ls)
	}
	// A third guard signs in: the second shift is the one left open, not
	// the shift the sign-in opened.
	e.clk.add(time.Minute)
	third := open(guard)
	if ls, _ = e.svc.LastShift(ctx, third.ID); ls.Open == nil || *ls.Open != second || ls.OpenedBy.Name != other.Name {
		t.Errorf("after a new sign-in: %+v", ls)
	}
}

// The duty leader's attestation goes in with the report, in one write: the
// report reads it (二、安全稳定 attested, an event abnormal), the
// security.daily names the day, the supervisor and the preparer by badge;
// an event without what was done is refused and nothing is written.
func TestSubmitReportWithAttestation(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	e.clk.add(8 * time.Hour)
	before, _ := e.st.LastSeq(ctx)
	var ie *post.InputError
	_, err := e.svc.SubmitReport(ctx, guard, post.Credentials{Badge: "9001", PIN: supPIN}, post.SubmitInput{
		Security: &post.SecurityInput{Events: []record.SecurityEvent{{Type: record.SecFight, Time: "10:20", Summary: "两名戒毒人员口角推搡"}}}})
	if !errors.As(err, &ie) || ie.Code != post.CodeSecurity {
		t.Fatalf("an event without its handling: %v", err)
	}
	if n, _ := e.st.LastSeq(ctx); n != before {
		t.Fatalf("a refused attestation wrote %d records", n-before)
	}
	calm, err := e.svc.SubmitReport(ctx, guard, post.Credentials{Badge: "9001", PIN: supPIN}, post.SubmitInput{Security: &post.SecurityInput{}})
	if err != nil {
		t.Fatal(err)
	}
	if len(calm.Records) != 2 || calm.Main().Kind != record.ReportDaily || calm.Records[1].Kind != record.SecurityDaily {
		t.Fatalf("wrote %+v", calm.Records)
	}
	sb := decode[record.SecurityDailyBody](t, calm.Records[1])
	if sb.Day != "2026-03-02" || sb.Supervisor != "9001" || sb.Preparer != guard.Badge || !sb.NoEvents {
		t.Errorf("attestation %+v", sb)
	}
	if !calm.Report.Security.Attested || len(calm.Report.Security.Events) != 0 {
		t.Errorf("the report did not read the attestation: %+v", calm.Report.Security)
	}
	fight, err := e.svc.SubmitReport(ctx, guard, post.Credentials{Badge: "9001", PIN: supPIN}, post.SubmitInput{
		Supersedes: calm.Main().ID, Reason: "补报事件",
		Security: &post.SecurityInput{Events: []record.SecurityEvent{{Type: record.SecFight, Time: "10:20",
			Summary: "两名戒毒人员口角推搡", Handling: "当即制止，分开管理，已教育"}}}})
	if err != nil {
		t.Fatal(err)
	}
	if fight.Report.Zero || !slices.Contains(fight.Report.Abnormal, "security_event") || len(fight.Report.Security.Events) != 1 {
		t.Errorf("an attested fight: zero %v abnormal %v events %+v", fight.Report.Zero, fight.Report.Abnormal, fight.Report.Security.Events)
	}
}

// The submitted report is a record, kept for good: a visitor it mentions
// (an overridden denial) is counted there, never named (§15).
func TestSubmittedReportNamesNoVisitor(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	const id = "110101199003070012"
	p, err := e.svc.DecideMainGate(ctx, post.MainGateInput{Subject: record.SubjectVisitor, Direction: record.In, IDNumber: id, Name: "某访客", Temp: tp(365)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Override(ctx, guard, p, post.Credentials{Badge: "9001", PIN: supPIN}, "锅炉抢修"); err != nil {
		t.Fatal(err)
	}
	in, err := e.st.ReportInput(ctx, "2026-03-02", e.clk.now(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if preview := gate.ComputeReport(in); len(preview.Overrides) != 1 || preview.Overrides[0].TargetName != "某访客" {
		t.Fatalf("the preview does not name the visitor (masked): %+v", preview.Overrides)
	}
	v, err := e.svc.SubmitReport(ctx, guard, post.Credentials{Badge: "9001", PIN: supPIN}, post.SubmitInput{})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"某访客", id, id[len(id)-4:]} {
		if bytes.Contains(v.Main().Body, []byte(s)) {
			t.Errorf("the report.daily record holds %q", s)
		}
	}
	if len(v.Report.Overrides) != 1 {
		t.Errorf("the override is not counted: %+v", v.Report.Overrides)
	}
}
