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

// TestClosedManagement: the service reads each person's status (§11) and
// the gates decide on it; a fever saved anywhere follows the person.
func TestClosedManagement(t *testing.T) {
	ctx := context.Background()
	main := func(badge string, temp record.Tenths) post.MainGateInput {
		return post.MainGateInput{Subject: record.SubjectStaff, Direction: record.In, Badge: badge, Temp: tp(temp)}
	}
	staff := func(g int, badge string) post.StaffGateInput {
		return post.StaffGateInput{Gate: g, Direction: record.In, Badge: badge}
	}
	decide := func(t *testing.T, e *env, in any) post.Plan {
		t.Helper()
		var p post.Plan
		var err error
		switch in := in.(type) {
		case post.MainGateInput:
			p, err = e.svc.DecideMainGate(ctx, in)
		case post.StaffGateInput:
			p, err = e.svc.DecideStaffGate(ctx, in)
		}
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	save := func(t *testing.T, e *env, p post.Plan) post.Saved {
		t.Helper()
		v, err := e.svc.Save(ctx, guard, p)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}

	t.Run("custody duty crosses the main gate only at change-over", func(t *testing.T) {
		e := newEnv(t)
		p := decide(t, e, main("2001", 365))
		if p.Allowed || p.Reason != gate.ReasonNotChangeOver || !p.Overridable() {
			t.Errorf("plan %+v", p)
		}
	})
	t.Run("a standby member at the main gate: denied with a contact incident", func(t *testing.T) {
		e := newEnv(t)
		startStandby(t, e, "2003")
		e.clk.add(48 * time.Hour)
		p := decide(t, e, main("2003", 365))
		if p.Allowed || p.Reason != gate.ReasonStandbyContact || !p.Contact {
			t.Fatalf("plan %+v", p)
		}
		v := save(t, e, p)
		if !slices.Equal(kinds(v.Records), []record.Kind{record.Passage, record.Incident}) {
			t.Fatalf("wrote %v", kinds(v.Records))
		}
		if ib := decode[record.IncidentBody](t, v.Records[1]); ib.Type != gate.IncidentContact || ib.StandbyDay != 3 || ib.Detail != "" {
			t.Errorf("incident %+v", ib)
		}
	})
	t.Run("a pending recheck keeps the person out everywhere until answered", func(t *testing.T) {
		e := newEnv(t)
		first := save(t, e, decide(t, e, main("2002", 381)))
		if first.Pending == nil {
			t.Fatalf("first %+v", first)
		}
		e.clk.add(time.Minute)
		if p := decide(t, e, staff(4, "2002")); p.Allowed || p.Reason != gate.ReasonRecheckPending || p.Overridable() {
			t.Errorf("office during the recheck: %+v", p)
		}
		// The recheck itself is decided on the temperature, not refused.
		in := main("2002", 366)
		in.First = first.Pending
		p := decide(t, e, in)
		if !p.Allowed || p.Reason != gate.ReasonStaff {
			t.Fatalf("recheck: %+v", p)
		}
		save(t, e, p)
		e.clk.add(time.Minute)
		if p := decide(t, e, main("2002", 365)); p.Reason == gate.ReasonRecheckPending {
			t.Errorf("still pending after the recheck: %+v", p)
		}
	})
	t.Run("a confirmed fever bars the person until a clearance", func(t *testing.T) {
		e := newEnv(t)
		first := save(t, e, decide(t, e, main("2002", 381)))
		in := main("2002", 383)
		in.First = first.Pending
		save(t, e, decide(t, e, in))
		e.clk.add(time.Hour)
		if p := decide(t, e, main("2002", 365)); p.Allowed || p.Reason != gate.ReasonFeverBarred || p.Overridable() {
			t.Errorf("main gate after a confirmed fever: %+v", p)
		}
		if _, err := e.svc.Override(ctx, guard, decide(t, e, main("2002", 365)), post.Credentials{Badge: "9001", PIN: supPIN}, "x"); err == nil {
			t.Error("a fever bar overridden")
		}
		v, err := e.svc.Clear(ctx, guard, post.Credentials{Badge: "9001", PIN: supPIN}, post.ClearanceInput{
			Badge: "2002", Subject: gate.ClearFever, Result: record.ResultFeverClinic, Reason: "发热门诊排除"})
		if err != nil {
			t.Fatal(err)
		}
		if b := decode[record.ClearanceBody](t, v.Main()); b.Badge != "2002" || b.Supervisor != "9001" || b.Result != record.ResultFeverClinic {
			t.Errorf("clearance %+v", b)
		}
		e.clk.add(time.Minute)
		if p := decide(t, e, main("2002", 365)); !p.Allowed {
			t.Errorf("after the clearance: %+v", p)
		}
	})
	t.Run("a cleared fever at a standby check-in lets the person be again", func(t *testing.T) {
		e := newEnv(t)
		startStandby(t, e, "2003")
		e.clk.add(24 * time.Hour)
		p, err := e.svc.DecideStandby(ctx, post.StandbyInput{Action: gate.ActCheckin, Badge: "2003", Temp: tp(378), Ready: true})
		if err != nil || !p.NeedsRecheck {
			t.Fatalf("%+v %v", p, err)
		}
		first := save(t, e, p)
		e.clk.add(5 * time.Minute)
		p, err = e.svc.DecideStandby(ctx, post.StandbyInput{Badge: "2003", Temp: tp(366), Ready: true, First: first.Pending})
		if err != nil {
			t.Fatal(err)
		}
		save(t, e, p)
		st, err := e.st.StatusOf(ctx, people[2], e.clk.t, gate.DefaultFever)
		if err != nil || st.RecheckPending || st.FeverBarred {
			t.Errorf("status after a cleared recheck: %+v %v", st, err)
		}
	})
}

func TestClearInput(t *testing.T) {
	ctx := context.Background()
	ok := post.ClearanceInput{Badge: "2002", Subject: gate.ClearContact, Result: record.ResultNATNegative, Reason: "核酸阴性", ResultAt: t0.Add(-time.Hour)}
	with := func(f func(*post.ClearanceInput)) post.ClearanceInput { in := ok; f(&in); return in }
	for _, c := range []struct {
		name  string
		in    post.ClearanceInput
		field string
	}{
		{"no badge", with(func(in *post.ClearanceInput) { in.Badge = " " }), "Badge"},
		{"unknown subject", with(func(in *post.ClearanceInput) { in.Subject = "flu" }), "Subject"},
		{"unknown result", with(func(in *post.ClearanceInput) { in.Result = "felt better" }), "Result"},
		{"a result from the future", with(func(in *post.ClearanceInput) { in.ResultAt = t0.Add(time.Hour) }), "ResultAt"},
		{"no reason", with(func(in *post.ClearanceInput) { in.Reason = "" }), "Reason"},
		{"isolation ended on another result", with(func(in *post.ClearanceInput) { in.Subject, in.Result = gate.ClearIsolation, record.ResultObservation }), "Result"},
		{"valid", ok, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t)
			v, err := e.svc.Clear(ctx, guard, post.Credentials{Badge: "9001", PIN: supPIN}, c.in)
			if c.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				b := decode[record.ClearanceBody](t, v.Main())
				if b.Subject != gate.ClearContact || b.ResultAt == "" || v.Who.Name != "李娜" || v.Main().Gate != 0 {
					t.Errorf("clearance %+v, saved %+v", b, v)
				}
				return
			}
			var ie *post.InputError
			if !errors.As(err, &ie) || ie.Field != c.field || len(e.all(t)) != 0 {
				t.Errorf("err = %v", err)
			}
		})
	}
	e := newEnv(t)
	var ns *post.NotSupervisorError
	if _, err := e.svc.Clear(ctx, guard, post.Credentials{Badge: "1001", PIN: "1234"}, ok); !errors.As(err, &ns) {
		t.Errorf("a guard cleared: %v", err)
	}
}

// The end of standby under the epidemic profile (the default): gate 3
// refuses to end the stint with no negative nucleic-acid result on record;
// with one that then grows too old before the person reaches the main gate,
// the main gate keeps them in, never overridden, until a supervisor records
// a negative result sampled within nat_hours; then they leave. Under the
// normal profile nothing is asked.
func TestLeavingStandbyNeedsANegativeNAT(t *testing.T) {
	ctx := context.Background()
	sup := post.Credentials{Badge: "9001", PIN: supPIN}
	out := post.MainGateInput{Subject: record.SubjectStaff, Direction: record.Out, Badge: "2003"}
	// endStint ends the stint at gate 3 on a result sampled just inside
	// hours (0: the profile asks for none), then walks ten minutes to the
	// main gate, by when the result is five minutes too old.
	endStint := func(t *testing.T, e *env, hours int) {
		t.Helper()
		startStandby(t, e, "2003")
		e.clk.add(14 * 24 * time.Hour)
		end := post.StandbyInput{Action: gate.ActEnd, Badge: "2003"}
		if hours > 0 {
			var re *post.RefusedError
			if _, err := e.svc.DecideStandby(ctx, end); !errors.As(err, &re) || re.Code != string(gate.ReasonReleaseNAT) {
				t.Fatalf("gate 3 ended the stint with no NAT: %v", err)
			}
			if _, err := e.svc.Clear(ctx, guard, sup, post.ClearanceInput{Badge: "2003", Subject: gate.ClearIsolation,
				Result: record.ResultNATNegative, ResultAt: e.clk.t.Add(-time.Duration(hours)*time.Hour + 5*time.Minute), Reason: "核酸阴性"}); err != nil {
				t.Fatal(err)
			}
		}
		p, err := e.svc.DecideStandby(ctx, end)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Save(ctx, guard, p); err != nil {
			t.Fatal(err)
		}
		e.clk.add(10 * time.Minute)
	}

	e := newEnv(t)
	endStint(t, e, 48)
	p, err := e.svc.DecideMainGate(ctx, out)
	if err != nil {
		t.Fatal(err)
	}
	if p.Allowed || p.Reason != gate.ReasonReleaseNAT || p.Overridable() || p.Status == nil || p.Status.Leaving != gate.PeriodStandby {
		t.Fatalf("leaving standby with the NAT grown too old: %+v", p)
	}
	if _, err := e.svc.Override(ctx, guard, p, sup, "家中有事"); err == nil {
		t.Fatal("the NAT rule overridden")
	}
	// A result sampled three days ago is too old at 48 hours.
	if _, err := e.svc.Clear(ctx, guard, sup, post.ClearanceInput{Badge: "2003", Subject: gate.ClearIsolation,
		Result: record.ResultNATNegative, ResultAt: e.clk.t.Add(-72 * time.Hour), Reason: "核酸阴性"}); err != nil {
		t.Fatal(err)
	}
	if p, _ := e.svc.DecideMainGate(ctx, out); p.Allowed || p.Reason != gate.ReasonReleaseNAT {
		t.Fatalf("with a result sampled 72 h ago: %+v", p)
	}
	if _, err := e.svc.Clear(ctx, guard, sup, post.ClearanceInput{Badge: "2003", Subject: gate.ClearIsolation,
		Result: record.ResultNATNegative, ResultAt: e.clk.t.Add(-20 * time.Hour), Reason: "核酸阴性"}); err != nil {
		t.Fatal(err)
	}
	p, err = e.svc.DecideMainGate(ctx, out)
	if err != nil || !p.Allowed {
		t.Fatalf("with a result sampled 20 h ago: %+v %v", p, err)
	}
	if _, err := e.svc.Save(ctx, guard, p); err != nil {
		t.Fatal(err)
	}

	// A shorter setting makes the same result too old.
	e = newEnv(t)
	if err := e.st.SetSetting(ctx, "nat_hours", "12"); err != nil {
		t.Fatal(err)
	}
	endStint(t, e, 12)
	if _, err := e.svc.Clear(ctx, guard, sup, post.ClearanceInput{Badge: "2003", Subject: gate.ClearIsolation,
		Result: record.ResultNATNegative, ResultAt: e.clk.t.Add(-20 * time.Hour), Reason: "核酸阴性"}); err != nil {
		t.Fatal(err)
	}
	if p, _ := e.svc.DecideMainGate(ctx, out); p.Allowed || p.Reason != gate.ReasonReleaseNAT {
		t.Fatalf("nat_hours 12, a result 20 h old: %+v", p)
	}

	// The normal profile asks for none.
	e = newEnv(t)
	if err := e.st.SetSetting(ctx, "profile", string(gate.ProfileNormal)); err != nil {
		t.Fatal(err)
	}
	endStint(t, e, 0)
	if p, err := e.svc.DecideMainGate(ctx, out); err != nil || !p.Allowed {
		t.Fatalf("normal profile: %+v %v", p, err)
	}
}
