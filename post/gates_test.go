package post_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"gatepost/gate"
	"gatepost/post"
	"gatepost/record"
)

// startStandby puts a badge into standby quarantine through the service.
func startStandby(t *testing.T, e *env, badge string) post.Saved {
	t.Helper()
	p, err := e.svc.DecideStandby(context.Background(), post.StandbyInput{Action: gate.ActStart, Badge: badge,
		PlannedEnd: gate.Day(e.clk.t.AddDate(0, 0, 14)), Area: "备勤楼2层"})
	if err != nil {
		t.Fatal(err)
	}
	v, err := e.svc.Save(context.Background(), guard, p)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestStaffGates(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		name     string
		gate     int
		badge    string
		dir      record.Direction
		list     record.AttendanceStatus // gate 4: today's status of badge
		standby  bool
		allowed  bool
		reason   gate.Reason
		incident bool
	}{
		{"custody duty enters gate 2", 2, "2001", record.In, "", false, true, gate.ReasonCustody, false},
		{"office staff denied at gate 2", 2, "2002", record.In, "", false, false, gate.ReasonNoContact, false},
		{"a badge typed in lower case", 2, "d0001", record.In, "", false, false, gate.ReasonNotStaff, false},
		{"unknown badge", 2, "7777", record.In, "", false, false, gate.ReasonNotOnRoster, false},
		{"standby member at gate 2", 2, "2003", record.In, "", true, false, gate.ReasonStandbyContact, true},
		{"standby member at gate 4", 4, "2003", record.Out, "", true, false, gate.ReasonStandbyContact, true},
		{"on today's list at gate 4", 4, "2002", record.In, record.OnSite, false, true, gate.ReasonOnSite, false},
		{"working from home at gate 4", 4, "2004", record.In, record.WFH, false, false, gate.ReasonWFH, false},
		{"no list at gate 4", 4, "2002", record.In, "", false, false, gate.ReasonNotOnList, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t)
			if c.list != "" {
				sup, _ := post.SignedInSupervisor(super)
				if _, err := e.svc.SetAttendance(ctx, guard, sup, post.AttendanceInput{Entries: []gate.Entry{{Badge: c.badge, Status: c.list}}}); err != nil {
					t.Fatal(err)
				}
			}
			if c.standby {
				startStandby(t, e, c.badge)
				e.clk.add(26 * time.Hour)
			}
			before := len(e.all(t))
			p, err := e.svc.DecideStaffGate(ctx, post.StaffGateInput{Gate: c.gate, Direction: c.dir, Badge: c.badge})
			if err != nil {
				t.Fatal(err)
			}
			if p.Allowed != c.allowed || p.Reason != c.reason || p.Contact != c.incident {
				t.Fatalf("plan %+v", p)
			}
			v, err := e.svc.Save(ctx, guard, p)
			if err != nil {
				t.Fatal(err)
			}
			rs := e.all(t)[before:]
			want := []record.Kind{record.Passage}
			if c.incident {
				want = append(want, record.Incident)
			}
			if !slices.Equal(kinds(rs), want) || len(v.Records) != len(want) {
				t.Fatalf("wrote %v", kinds(rs))
			}
			b := decode[record.PassageBody](t, rs[0])
			if rs[0].Gate != c.gate || b.Subject != record.SubjectStaff || b.Direction != c.dir || b.Allowed != c.allowed ||
				b.Reason != string(c.reason) || b.Badge == "" {
				t.Errorf("passage at %d: %+v", rs[0].Gate, b)
			}
			if c.incident {
				ib := decode[record.IncidentBody](t, rs[1])
				if ib.Type != gate.IncidentContact || ib.Related != rs[0].ID || ib.Badge != c.badge || rs[1].Gate != c.gate ||
					ib.StandbyDay != 2 || ib.Detail != "" {
					t.Errorf("incident %+v", ib)
				}
				if v.Incident != gate.IncidentContact {
					t.Errorf("saved %+v", v)
				}
			}
		})
	}
	e := newEnv(t)
	for _, in := range []post.StaffGateInput{{Gate: 2, Badge: " "}, {Gate: 3, Badge: "2001"}} {
		var ie *post.InputError
		if _, err := e.svc.DecideStaffGate(ctx, in); !errors.As(err, &ie) {
			t.Errorf("%+v: %v", in, err)
		}
	}
}

func TestStandby(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	start := startStandby(t, e, "2003")
	if start.Kind != record.StandbyStart || start.Who.Name != "王强" {
		t.Fatalf("start %+v", start)
	}
	sb := decode[record.StandbyStartBody](t, start.Main())
	if sb.Badge != "2003" || sb.PlannedEnd != "2026-03-16" || sb.Area != "备勤楼2层" || start.Main().Gate != 3 {
		t.Errorf("start body %+v", sb)
	}
	for _, c := range []struct {
		name  string
		in    post.StandbyInput
		field string // an input error on this field
		code  string // else a refusal with this code
	}{
		{"no badge", post.StandbyInput{Action: gate.ActCheckin}, "Badge", ""},
		{"check-in without a temperature", post.StandbyInput{Action: gate.ActCheckin, Badge: "2003"}, "Temp", ""},
		{"start without a planned end", post.StandbyInput{Action: gate.ActStart, Badge: "2002"}, "PlannedEnd", ""},
		{"call-up without a reason", post.StandbyInput{Action: gate.ActCallup, Badge: "2003"}, "Reason", ""},
		{"start twice", post.StandbyInput{Action: gate.ActStart, Badge: "2003", PlannedEnd: "2026-03-20"}, "", string(gate.ReasonAlreadyStandby)},
		{"check-in of someone not in standby", post.StandbyInput{Action: gate.ActCheckin, Badge: "2002", Temp: tp(365)}, "", string(gate.ReasonNotInStandby)},
		{"a detainee", post.StandbyInput{Action: gate.ActStart, Badge: "D0001", PlannedEnd: "2026-03-20"}, "", string(gate.ReasonNotStaff)},
		{"a planned end in the past", post.StandbyInput{Action: gate.ActStart, Badge: "2002", PlannedEnd: "2026-03-01"}, "", string(gate.ReasonPlannedEnd)},
	} {
		_, err := e.svc.DecideStandby(ctx, c.in)
		var ie *post.InputError
		var re *post.RefusedError
		switch {
		case c.field != "" && (!errors.As(err, &ie) || ie.Field != c.field):
			t.Errorf("%s: %v", c.name, err)
		case c.code != "" && (!errors.As(err, &re) || re.Code != c.code):
			t.Errorf("%s: %v", c.name, err)
		}
	}

	// A normal check-in.
	e.clk.add(24 * time.Hour)
	p, err := e.svc.DecideStandby(ctx, post.StandbyInput{Action: gate.ActCheckin, Badge: "2003", Temp: tp(364), Ready: true})
	if err != nil || p.NeedsRecheck {
		t.Fatalf("%+v %v", p, err)
	}
	v, err := e.svc.Save(ctx, guard, p)
	if err != nil {
		t.Fatal(err)
	}
	cb := decode[record.StandbyCheckinBody](t, v.Main())
	if cb.Start != start.Main().ID || cb.Temp != 364 || cb.Fever || !cb.Ready || len(v.Records) != 1 {
		t.Errorf("check-in %+v", cb)
	}

	// A fever at check-in: the first reading saved at once, the recheck in
	// the check-in with its incident.
	e.clk.add(24 * time.Hour)
	p, err = e.svc.DecideStandby(ctx, post.StandbyInput{Action: gate.ActCheckin, Badge: "2003", Temp: tp(379), Ready: true})
	if err != nil || !p.NeedsRecheck {
		t.Fatalf("%+v %v", p, err)
	}
	first, err := e.svc.Save(ctx, guard, p)
	if err != nil || first.Pending == nil || first.Main().Kind != record.Temperature || first.Main().Gate != 3 {
		t.Fatalf("first %+v %v", first, err)
	}
	if fs := e.fevers(t); len(fs) != 1 || fs[0].Status != gate.FeverPending {
		t.Fatalf("fevers %+v", fs)
	}
	e.clk.add(5 * time.Minute)
	p, err = e.svc.DecideStandby(ctx, post.StandbyInput{Badge: "2003", Temp: tp(381), Ready: true, First: first.Pending})
	if err != nil || p.NeedsRecheck || p.Kind != record.StandbyCheckin {
		t.Fatalf("%+v %v", p, err)
	}
	v, err = e.svc.Save(ctx, guard, p)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(kinds(v.Records), []record.Kind{record.StandbyCheckin, record.Incident}) || v.Fever != post.FeverConfirmed {
		t.Fatalf("saved %v %+v", kinds(v.Records), v)
	}
	cb = decode[record.StandbyCheckinBody](t, v.Records[0])
	ib := decode[record.IncidentBody](t, v.Records[1])
	if cb.Temp != 381 || !cb.Fever || cb.Ready || ib.Related != v.Records[0].ID || ib.Detail != "37.9/38.1" {
		t.Errorf("check-in %+v, incident %+v", cb, ib)
	}
	if fs := e.fevers(t); len(fs) != 1 || fs[0].Status != gate.FeverConfirmed {
		t.Errorf("fevers %+v", fs)
	}
	// A normal check-in later that day: recorded, but not ready to be
	// called up while the fever is not cleared (it read "ready").
	e.clk.add(time.Hour)
	p, err = e.svc.DecideStandby(ctx, post.StandbyInput{Action: gate.ActCheckin, Badge: "2003", Temp: tp(366), Ready: true})
	if err != nil || p.NeedsRecheck || !slices.Equal(p.Reasons, []gate.Reason{gate.ReasonFeverBarred}) {
		t.Fatalf("a check-in after the confirmed fever: %+v %v", p, err)
	}
	if b := p.Body.(record.StandbyCheckinBody); b.Ready || b.Fever {
		t.Errorf("a check-in after the confirmed fever: %+v", b)
	}

	// Call-up, then the person is no longer in standby.
	p, err = e.svc.DecideStandby(ctx, post.StandbyInput{Action: gate.ActCallup, Badge: "2003", Reason: "紧急增援"})
	if err != nil {
		t.Fatal(err)
	}
	if v, err = e.svc.Save(ctx, guard, p); err != nil {
		t.Fatal(err)
	}
	if b := decode[record.StandbyCallupBody](t, v.Main()); b.Start != start.Main().ID || b.Reason != "紧急增援" {
		t.Errorf("call-up %+v", b)
	}
	if _, err := e.svc.DecideStandby(ctx, post.StandbyInput{Action: gate.ActEnd, Badge: "2003"}); err == nil {
		t.Error("ended a stint the call-up closed")
	}
}

func TestReadings(t *testing.T) {
	ctx := context.Background()
	who := post.Who{Badge: "D0001", Name: "陈某"}
	for _, c := range []struct {
		name    string
		first   record.Tenths
		again   record.Tenths // 0: no recheck
		kinds   []record.Kind
		state   post.FeverState
		status  gate.FeverStatus
		pending bool
	}{
		{"a normal reading", 365, 0, []record.Kind{record.Temperature}, post.NoFever, "", false},
		{"a fever waits for its recheck", 376, 0, []record.Kind{record.Temperature}, post.FeverPending, gate.FeverPending, true},
		{"a recheck clears it", 376, 366, []record.Kind{record.Temperature, record.Temperature}, post.FeverCleared, gate.FeverCleared, false},
		{"a recheck confirms it", 376, 379, []record.Kind{record.Temperature, record.Temperature, record.Incident}, post.FeverConfirmed, gate.FeverConfirmed, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t)
			v, err := e.svc.Reading(ctx, guard, post.ReadingInput{Gate: 0, Who: who, Group: "一大队/宿舍1", Temp: c.first})
			if err != nil {
				t.Fatal(err)
			}
			if (v.Pending != nil) != c.pending && c.again == 0 {
				t.Errorf("pending %+v", v.Pending)
			}
			if c.again != 0 {
				e.clk.add(3 * time.Minute)
				// From the gaps list: the pending case as the report sees it.
				fs := e.fevers(t)
				if len(fs) != 1 {
					t.Fatalf("fevers %+v", fs)
				}
				if v, err = e.svc.Recheck(ctx, guard, post.FeverRefOf(fs[0]), post.ReadingInput{Gate: 0, Temp: c.again}); err != nil {
					t.Fatal(err)
				}
				if len(v.Records) != len(c.kinds)-1 {
					t.Errorf("the recheck wrote %d records in its transaction", len(v.Records))
				}
			}
			rs := e.all(t)
			if !slices.Equal(kinds(rs), c.kinds) {
				t.Fatalf("wrote %v", kinds(rs))
			}
			last := decode[record.TemperatureBody](t, rs[len(rs)-1-btoi(c.state == post.FeverConfirmed)])
			if last.Badge != "D0001" || last.Name != "陈某" || last.Recheck != (c.again != 0) {
				t.Errorf("reading %+v", last)
			}
			if v.Fever != c.state {
				t.Errorf("state %q", v.Fever)
			}
			fs := e.fevers(t)
			if c.status == "" && len(fs) != 0 || c.status != "" && (len(fs) != 1 || fs[0].Status != c.status) {
				t.Errorf("fevers %+v", fs)
			}
			if c.state == post.FeverConfirmed {
				ib := decode[record.IncidentBody](t, rs[2])
				if ib.Related != rs[1].ID || ib.Detail != "37.6/37.9" || rs[2].Gate != 0 {
					t.Errorf("incident %+v", ib)
				}
			}
		})
	}
	e := newEnv(t)
	for _, c := range []struct {
		in   post.ReadingInput
		code string
	}{
		{post.ReadingInput{Who: who, Temp: 450}, gate.CodeTempImplausible},
		{post.ReadingInput{Temp: 365}, post.CodeRequired},
		{post.ReadingInput{Gate: 9, Who: who, Temp: 365}, post.CodeBadChoice},
	} {
		var ie *post.InputError
		if _, err := e.svc.Reading(ctx, guard, c.in); !errors.As(err, &ie) || ie.Code != c.code {
			t.Errorf("%+v: %v", c.in, err)
		}
	}
	var ie *post.InputError
	if _, err := e.svc.FirstFever(ctx, guard, post.ReadingInput{Gate: 2, Who: who, Temp: 365}); !errors.As(err, &ie) || ie.Code != post.CodeNotFever {
		t.Errorf("a normal first fever: %v", err)
	}
	v, err := e.svc.FirstFever(ctx, guard, post.ReadingInput{Gate: 4, Who: post.Who{Badge: "2002", Name: "李娜"}, Temp: 373})
	if err != nil || v.Pending == nil || v.Pending.Gate != 4 || v.Main().Gate != 4 {
		t.Errorf("first fever at gate 4: %+v %v", v, err)
	}
	if n := len(e.all(t)); n != 1 {
		t.Errorf("%d records", n)
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// A gate-3 decision carries the person's rotation plan read from the
// store: the period in force today and the next change-over; someone with
// no plan gets an empty one (read, and shown as none), and a caller's
// lookup without a plan leaves it unread.
func TestStandbyDecisionShowsTheRotation(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	today := gate.Day(e.clk.t)
	end := gate.Day(e.clk.t.AddDate(0, 0, 13))
	if err := e.st.PutRotation(ctx, []gate.Period{
		{Badge: "2003", Kind: gate.PeriodStandby, Start: today, End: end},
		{Badge: "2003", Kind: gate.PeriodCustody, Start: gate.Day(e.clk.t.AddDate(0, 0, 14)), End: gate.Day(e.clk.t.AddDate(0, 0, 27))},
	}); err != nil {
		t.Fatal(err)
	}
	startStandby(t, e, "2003")
	e.clk.add(48 * time.Hour)
	p, err := e.svc.DecideStandby(ctx, post.StandbyInput{Action: gate.ActCheckin, Badge: "2003", Temp: tp(364), Ready: true})
	if err != nil {
		t.Fatal(err)
	}
	r := p.Rotation
	if r == nil || r.Current == nil || r.Current.Kind != gate.PeriodStandby || r.Current.End != end ||
		r.Next == nil || r.Next.Kind != gate.PeriodCustody || r.ChangeOver != end {
		t.Fatalf("rotation of a standby member: %+v", r)
	}

	p, err = e.svc.DecideStandby(ctx, post.StandbyInput{Action: gate.ActStart, Badge: "2002", PlannedEnd: end})
	if err != nil {
		t.Fatal(err)
	}
	if p.Rotation == nil || p.Rotation.Current != nil || p.Rotation.ChangeOver != "" {
		t.Fatalf("rotation of someone with no plan: %+v", p.Rotation)
	}
	who := gate.Person{Badge: "2002", Name: "x", Kind: gate.Staff, Active: true}
	p, err = e.svc.DecideStandby(ctx, post.StandbyInput{Action: gate.ActStart, Badge: "2002", PlannedEnd: end, Lookup: &post.StandbyLookup{Person: &who}})
	if err != nil || p.Rotation != nil {
		t.Fatalf("a lookup without a plan: %+v %v", p.Rotation, err)
	}
}
