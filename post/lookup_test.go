package post_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"gatepost/gate"
	"gatepost/post"
	"gatepost/record"
)

// Every decision that names a person by what the guard typed reads the
// roster as of now (issue 13): a detainee admitted since the roster was
// published is known at the main gate, gate 2 and gate 3, and one released
// is no longer in the facility.
func TestLookupsFollowAdmissionsAndReleases(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t)
	sup := post.Credentials{Badge: "9001", PIN: supPIN}
	if _, err := e.svc.Admit(ctx, guard, sup, post.MovementInput{Badge: "D0501", Source: record.AdmitDecision, Temp: tp(365)}, "决定书〔2026〕12号"); err != nil {
		t.Fatal(err)
	}
	if _, err := e.svc.Release(ctx, guard, sup, post.MovementInput{Badge: "D0001", Type: record.ReleaseExpiry}, "解除证明书"); err != nil {
		t.Fatal(err)
	}
	// The outside medical visit's escort pass of the detainee admitted today.
	if err := e.st.PutPasses(ctx, []gate.Pass{{ID: "P09", Holder: "所外就医", Badge: "D0501",
		ValidFrom: t0.Add(-time.Hour), ValidTo: t0.Add(6 * time.Hour)}}); err != nil {
		t.Fatal(err)
	}
	e.clk.add(time.Hour)
	type want struct {
		allowed bool
		reason  gate.Reason
		subject record.Subject
		active  bool // the plan's person is present in the facility
	}
	main := func(badge string, dir record.Direction, temp *record.Tenths) func() (post.Plan, error) {
		return func() (post.Plan, error) {
			// The guard left the subject at its first choice, staff.
			return e.svc.DecideMainGate(ctx, post.MainGateInput{Subject: record.SubjectStaff, Direction: dir, Badge: badge, Temp: temp})
		}
	}
	for _, c := range []struct {
		name   string
		decide func() (post.Plan, error)
		want   want
	}{
		{"admitted today, out to hospital with the escort pass", main("D0501", record.Out, nil), want{true, gate.ReasonPass, record.SubjectDetainee, true}},
		{"admitted today, back from hospital", main("D0501", record.In, tp(366)), want{true, gate.ReasonPass, record.SubjectDetainee, true}},
		{"admitted today, out without a pass is an escort denial, not a staff exit", func() (post.Plan, error) {
			if err := e.st.PutPasses(ctx, []gate.Pass{{ID: "P09", Holder: "所外就医", Badge: "D0501",
				ValidFrom: t0.Add(-time.Hour), ValidTo: t0}}); err != nil {
				t.Fatal(err)
			}
			return main("D0501", record.Out, nil)()
		}, want{false, gate.ReasonDetainee, record.SubjectDetainee, true}},
		{"released today: no longer present", main("D0001", record.Out, nil), want{false, gate.ReasonInactive, record.SubjectDetainee, false}},
		{"admitted today, at the custody entrance", func() (post.Plan, error) {
			return e.svc.DecideStaffGate(ctx, post.StaffGateInput{Gate: 2, Direction: record.In, Badge: "D0501"})
		}, want{false, gate.ReasonNotStaff, record.SubjectStaff, true}},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, err := c.decide()
			if err != nil {
				t.Fatal(err)
			}
			b := p.Body.(record.PassageBody)
			if p.Allowed != c.want.allowed || p.Reason != c.want.reason || b.Subject != c.want.subject {
				t.Errorf("allowed %v, reason %s, subject %s; want %+v", p.Allowed, p.Reason, b.Subject, c.want)
			}
			if p.Person == nil || p.Person.Kind != gate.Detainee || p.Person.Active != c.want.active {
				t.Errorf("person %+v; want a detainee, present %v", p.Person, c.want.active)
			}
		})
	}
	// Gate 3: a detainee, not someone the roster does not know.
	_, err := e.svc.DecideStandby(ctx, post.StandbyInput{Action: gate.ActStart, Badge: "D0501", PlannedEnd: "2026-03-16"})
	var re *post.RefusedError
	if !errors.As(err, &re) || re.Code != string(gate.ReasonNotStaff) {
		t.Errorf("gate 3 start for D0501: %v, want refused %s", err, gate.ReasonNotStaff)
	}
}

// The main gate's health answers reach the plan (issue 10 point 4), not
// the passage's body: they are a person's health details, kept apart from
// the log where they can be erased.
func TestMainGatePlanCarriesTheHealthAnswers(t *testing.T) {
	e := newEnv(t)
	no := false
	h := &gate.Health{Code: gate.CodeGreen, NATAt: t0.Add(-20 * time.Hour), RiskArea: &no}
	p, err := e.svc.DecideMainGate(context.Background(), post.MainGateInput{Subject: record.SubjectStaff, Direction: record.In,
		Badge: "2002", Temp: tp(365), Health: h})
	if err != nil {
		t.Fatal(err)
	}
	if p.Health == nil || *p.Health != *h {
		t.Fatalf("plan's health %+v, want %+v", p.Health, h)
	}
	if _, err := e.svc.Save(context.Background(), guard, p); err != nil {
		t.Fatal(err)
	}
	rs := e.all(t)
	if body := string(rs[len(rs)-1].Body); strings.Contains(body, "green") || strings.Contains(body, "nat") {
		t.Fatalf("the passage's body holds the health answers: %s", body)
	}
}
