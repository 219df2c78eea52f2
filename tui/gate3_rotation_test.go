package tui

import (
	"context"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"gatepost/gate"
)

// Gate 3 shows the rotation plan of the badge typed: the period in force,
// the next change-over and what follows, before Enter and on the decision;
// someone with no plan is said to have none.
func TestGate3ShowsTheRotationPlan(t *testing.T) {
	for _, tc := range []struct{ lang, plan, none string }{
		{"zh-CN", "隔离备勤 11-20至12-03；下次轮换 12-03；之后执勤（12-04起）", "未列入轮岗计划"},
		{"en", "standby 11-20 to 12-03; change-over 12-03; next custody duty 12-04", "not in the rotation plan"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			d, st := newDriver(t, tc.lang)
			if err := st.PutRotation(context.Background(), []gate.Period{
				{Badge: "2002", Kind: gate.PeriodStandby, Start: "2026-11-20", End: "2026-12-03"},
				{Badge: "2002", Kind: gate.PeriodCustody, Start: "2026-12-04", End: "2026-12-17"},
			}); err != nil {
				t.Fatal(err)
			}
			d.signIn("1001", "1234")
			d.key(tea.KeyF3)
			d.typ("2002")
			d.want(tc.plan)
			d.key(tea.KeyEnter) // the decision: start standby with the proposed end
			if d.m.screens[3].(*gate3Model).phase != phaseDecide {
				t.Fatalf("no decision:\n%s", d.screen())
			}
			d.want(tc.plan)
			if r := d.m.screens[3].(*gate3Model).plan.Rotation; r == nil || r.ChangeOver != "2026-12-03" {
				t.Fatalf("the decision's rotation: %+v", r)
			}
			d.key(tea.KeyEsc)
			for range 4 {
				d.key(tea.KeyBackspace)
			}
			d.typ("2009") // staff with no plan
			d.lacks(tc.plan)
			d.want(tc.none)
			d.key(tea.KeyCtrlU)
			d.typ("D0001") // a detainee has no rotation: nothing shown
			d.lacks(tc.none)
		})
	}
}
