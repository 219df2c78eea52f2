package post_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"gatepost/gate"
	"gatepost/post"
	"gatepost/record"
)

// Ending a standby stint at gate 3 asks for the negative nucleic-acid
// result the main gate asks of someone leaving standby (issue 10): under
// the epidemic profile, one sampled within nat_hours must be on record.
func TestStandbyEndNeedsTheNAT(t *testing.T) {
	ctx := context.Background()
	sup := post.Credentials{Badge: "9001", PIN: supPIN}
	for _, c := range []struct {
		name    string
		profile gate.Profile
		sampled time.Duration // before now; 0: no result recorded
		noTime  bool          // the result recorded without its sample time
		action  gate.StandbyAction
		refused bool
	}{
		{"no result", gate.ProfileEpidemic, 0, false, gate.ActEnd, true},
		{"sampled 20 h ago", gate.ProfileEpidemic, 20 * time.Hour, false, gate.ActEnd, false},
		{"sampled 3 days ago, entered today", gate.ProfileEpidemic, 72 * time.Hour, false, gate.ActEnd, true},
		{"entered today with no sample time", gate.ProfileEpidemic, 72 * time.Hour, true, gate.ActEnd, false},
		{"normal profile", gate.ProfileNormal, 0, false, gate.ActEnd, false},
		{"a call-up needs none", gate.ProfileEpidemic, 0, false, gate.ActCallup, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := newEnv(t)
			if err := e.st.SetSetting(ctx, "profile", string(c.profile)); err != nil {
				t.Fatal(err)
			}
			startStandby(t, e, "2003")
			e.clk.add(3 * 24 * time.Hour)
			if c.sampled > 0 {
				in := post.ClearanceInput{Badge: "2003", Subject: gate.ClearIsolation, Result: record.ResultNATNegative,
					ResultAt: e.clk.t.Add(-c.sampled), Reason: "核酸阴性"}
				if c.noTime {
					in.ResultAt = time.Time{}
				}
				if _, err := e.svc.Clear(ctx, guard, sup, in); err != nil {
					t.Fatal(err)
				}
			}
			p, err := e.svc.DecideStandby(ctx, post.StandbyInput{Action: c.action, Badge: "2003", Reason: "增援"})
			var re *post.RefusedError
			switch {
			case c.refused && (!errors.As(err, &re) || re.Code != string(gate.ReasonReleaseNAT)):
				t.Fatalf("err = %v, want refused %s", err, gate.ReasonReleaseNAT)
			case !c.refused && err != nil:
				t.Fatal(err)
			case !c.refused && p.Kind != record.StandbyEnd && p.Kind != record.StandbyCallup:
				t.Fatalf("plan %+v", p)
			}
		})
	}
}
