package gate

import (
	"testing"
	"time"

	"gatepost/record"
)

func stint(p *Person) *Stint {
	return &Stint{StartID: "s1", Badge: p.Badge, Name: p.Name, Start: now.Add(-48 * time.Hour), PlannedEnd: "2020-02-20"}
}

func TestEvaluateGate2(t *testing.T) {
	in, out := record.In, record.Out
	tests := []struct {
		name string
		in   StaffCrossing
		want Reason
	}{
		{"custody staff in", StaffCrossing{Direction: in, Badge: "2001", Person: custodyP}, ReasonCustody},
		{"custody staff out", StaffCrossing{Direction: out, Badge: "2001", Person: custodyP}, ReasonExit},
		{"office staff in: no contact", StaffCrossing{Direction: in, Badge: "2002", Person: officeP}, ReasonNoContact},
		{"wfh staff in: no contact", StaffCrossing{Direction: in, Badge: "2004", Person: wfhP}, ReasonNoContact},
		{"standby-pool staff not in standby: no contact", StaffCrossing{Direction: in, Badge: "2003", Person: standbyP}, ReasonNoContact},
		{"unassigned staff: no contact", StaffCrossing{Direction: in, Badge: "2005", Person: unassignedP}, ReasonNoContact},
		{"office staff out is logged and allowed", StaffCrossing{Direction: out, Badge: "2002", Person: officeP}, ReasonExit},
		{"in standby, in: contact violation", StaffCrossing{Direction: in, Badge: "2003", Person: standbyP, Standby: stint(standbyP)}, ReasonStandbyContact},
		{"in standby, out: contact violation too", StaffCrossing{Direction: out, Badge: "2003", Person: standbyP, Standby: stint(standbyP)}, ReasonStandbyContact},
		{"custody staff in standby: violation beats assignment", StaffCrossing{Direction: in, Badge: "2001", Person: custodyP, Standby: stint(custodyP)}, ReasonStandbyContact},
		{"inactive", StaffCrossing{Direction: in, Badge: "2009", Person: retiredP}, ReasonInactive},
		{"inactive leaving", StaffCrossing{Direction: out, Badge: "2009", Person: retiredP}, ReasonInactive},
		{"detainee", StaffCrossing{Direction: in, Badge: "D0001", Person: detaineeP}, ReasonNotStaff},
		{"unknown badge", StaffCrossing{Direction: in, Badge: "X9"}, ReasonNotOnRoster},
		{"unknown badge leaving", StaffCrossing{Direction: out, Badge: "X9"}, ReasonNotOnRoster},
		{"nobody named", StaffCrossing{Direction: in}, ReasonNeedIdentity},
		{"no direction is entering", StaffCrossing{Badge: "2002", Person: officeP}, ReasonNoContact},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := EvaluateGate2(tt.in)
			if got.Reason != tt.want {
				t.Fatalf("reason %q, want %q", got.Reason, tt.want)
			}
			if got.Allowed != ReasonAllows(got.Reason) {
				t.Fatalf("Allowed %v disagrees with ReasonAllows(%q)", got.Allowed, got.Reason)
			}
			if got.ContactViolation() != (tt.want == ReasonStandbyContact) {
				t.Fatalf("ContactViolation %v", got.ContactViolation())
			}
		})
	}
}

func TestSupplyLifecycle(t *testing.T) {
	t0 := now
	b := &evb{t: t}
	masks := b.add(record.SupplyReceived, t0, record.SupplyReceivedBody{Item: "口罩", Category: record.SupplyProtective, Quantity: 20, Unit: "箱", Source: "市局"})
	rice := b.add(record.SupplyReceived, t0.Add(time.Minute), record.SupplyReceivedBody{Item: "大米", Category: record.SupplyLiving, Quantity: 500, Unit: "kg", Source: "粮站"})
	soap := b.add(record.SupplyReceived, t0.Add(2*time.Minute), record.SupplyReceivedBody{Item: "肥皂", Category: record.SupplyLiving, Quantity: 10, Unit: "箱", Source: "超市"})
	gone := b.add(record.SupplyReceived, t0.Add(3*time.Minute), record.SupplyReceivedBody{Item: "错录", Quantity: 1, Unit: "个"})
	b.void(gone)
	// masks: chlorine 30 min at t0+5m; rice: alcohol 3 min at t0+10m, stored; soap: disinfected then that voided
	d1 := b.add(record.SupplyDisinfected, t0.Add(5*time.Minute), record.SupplyDisinfectedBody{Supply: masks, Method: record.MethodSpray, Agent: "含氯消毒剂", Concentration: "500 mg/L", ContactMin: 30})
	d2 := b.add(record.SupplyDisinfected, t0.Add(10*time.Minute), record.SupplyDisinfectedBody{Supply: rice, Method: record.MethodWipe, ContactMin: 3})
	b.add(record.SupplyStored, t0.Add(14*time.Minute), record.SupplyStoredBody{Supply: rice, Disinfected: d2, Location: "一号库"})
	d3 := b.add(record.SupplyDisinfected, t0.Add(11*time.Minute), record.SupplyDisinfectedBody{Supply: soap, Method: record.MethodUV, ContactMin: 30})
	b.void(d3)
	b.add(record.SupplyDisinfected, t0.Add(12*time.Minute), record.SupplyDisinfectedBody{Supply: gone, Method: record.MethodUV, ContactMin: 30})
	b.add(record.SupplyStored, t0.Add(12*time.Minute), record.SupplyStoredBody{Supply: "unknown", Location: "x"})

	ss := Supplies(b.out)
	if len(ss) != 3 {
		t.Fatalf("%d supplies, want 3 (the voided one dropped)", len(ss))
	}
	byID := map[string]Supply{}
	for _, s := range ss {
		byID[s.ID] = s
	}
	m, r, so := byID[masks], byID[rice], byID[soap]
	if m.Disinfected == nil || m.Disinfected.ID != d1 || r.Stored == nil || so.Disinfected != nil {
		t.Fatalf("steps: masks %+v rice %+v soap %+v", m.Disinfected, r.Stored, so.Disinfected)
	}

	tests := []struct {
		name     string
		s        Supply
		at       time.Time
		loc      string
		stage    SupplyStage
		refuse   string
		minsLeft int
	}{
		{"not disinfected", so, t0.Add(time.Hour), "二号库", StageReceived, RefuseNotDisinfected, 0},
		{"just disinfected: 30 min left", m, t0.Add(5 * time.Minute), "二号库", StageDisinfecting, RefuseContactTime, 30},
		{"29 min 30 s left rounds up to 30", m, t0.Add(5*time.Minute + 30*time.Second), "二号库", StageDisinfecting, RefuseContactTime, 30},
		{"1 s left is 1 min", m, t0.Add(35*time.Minute - time.Second), "二号库", StageDisinfecting, RefuseContactTime, 1},
		{"contact time just over", m, t0.Add(35 * time.Minute), "二号库", StageReady, "", 0},
		{"ready, no location", m, t0.Add(40 * time.Minute), "", StageReady, RefuseNoLocation, 0},
		{"not ready and no location: readiness first", m, t0.Add(6 * time.Minute), "", StageDisinfecting, RefuseContactTime, 29},
		{"already stored", r, t0.Add(time.Hour), "一号库", StageStored, RefuseAlreadyStored, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.s.Stage(tt.at); got != tt.stage {
				t.Errorf("stage %s, want %s", got, tt.stage)
			}
			c := CheckStore(tt.s, tt.loc, tt.at)
			if c.Refuse != tt.refuse || c.MinutesLeft != tt.minsLeft || c.OK() != (tt.refuse == "") {
				t.Errorf("CheckStore = %+v, want refuse %q with %d min left", c, tt.refuse, tt.minsLeft)
			}
		})
	}
}

func TestCheckDisinfect(t *testing.T) {
	received := Supply{ID: "a"}
	stored := Supply{ID: "b", Stored: &Step[record.SupplyStoredBody]{ID: "s"}}
	again := Supply{ID: "c", Disinfected: &Step[record.SupplyDisinfectedBody]{ID: "d", At: now, Body: record.SupplyDisinfectedBody{ContactMin: 30}}}
	ok := record.SupplyDisinfectedBody{Method: record.MethodSoak, ContactMin: 30}
	tests := []struct {
		name string
		s    Supply
		b    record.SupplyDisinfectedBody
		want string
	}{
		{"received", received, ok, ""},
		{"disinfect again", again, ok, ""},
		{"zero contact time (nothing to wait for)", received, record.SupplyDisinfectedBody{Method: record.MethodWipe}, ""},
		{"stored", stored, ok, RefuseAlreadyStored},
		{"no method", received, record.SupplyDisinfectedBody{ContactMin: 30}, RefuseNoMethod},
		{"negative contact", received, record.SupplyDisinfectedBody{Method: record.MethodSoak, ContactMin: -1}, RefuseContactRange},
		{"over a day", received, record.SupplyDisinfectedBody{Method: record.MethodSoak, ContactMin: MaxContactMin + 1}, RefuseContactRange},
	}
	for _, tt := range tests {
		if got := CheckDisinfect(tt.s, tt.b); got.Refuse != tt.want {
			t.Errorf("%s: refuse %q, want %q", tt.name, got.Refuse, tt.want)
		}
	}
	// Disinfecting again restarts the contact time.
	b := &evb{t: t}
	id := b.add(record.SupplyReceived, now, record.SupplyReceivedBody{Item: "手套"})
	b.add(record.SupplyDisinfected, now, record.SupplyDisinfectedBody{Supply: id, Method: record.MethodWipe, ContactMin: 3})
	b.add(record.SupplyDisinfected, now.Add(10*time.Minute), record.SupplyDisinfectedBody{Supply: id, Method: record.MethodUV, ContactMin: 30})
	s := Supplies(b.out)[0]
	if c := CheckStore(s, "库", now.Add(20*time.Minute)); c.Refuse != RefuseContactTime || c.MinutesLeft != 20 {
		t.Fatalf("after a second disinfection: %+v", c)
	}
}

func TestDisinfectPresets(t *testing.T) {
	want := map[string]int{"chlorine": 30, "alcohol": 3, "uv": 30}
	for _, p := range DisinfectPresets {
		if want[p.Name] != p.ContactMin || p.Method == "" {
			t.Errorf("preset %+v", p)
		}
		if c := CheckDisinfect(Supply{}, record.SupplyDisinfectedBody{Method: p.Method, ContactMin: p.ContactMin}); !c.OK() {
			t.Errorf("preset %s refused: %s", p.Name, c.Refuse)
		}
	}
	if DisinfectPresets[0].Concentration != "500 mg/L" {
		t.Error("chlorine preset is 500 mg/L")
	}
}
