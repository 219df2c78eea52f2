package tui

import (
	"context"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"gatepost/gate"
	"gatepost/record"
)

// A standby member on the last day of standby (the epidemic profile, the
// default) is kept in at the main gate until a negative nucleic-acid
// result is on record: denied as such, no override offered; from the
// denied row a supervisor records the result (subject release, proposed),
// and the person then leaves.
func TestLeavingStandbyWaitsForTheNAT(t *testing.T) {
	d, st, _ := clockDriver(t, "zh-CN")
	if err := st.PutRotation(context.Background(), []gate.Period{
		{Badge: "2003", Kind: gate.PeriodStandby, Start: "2026-11-15", End: "2026-11-28"},
	}); err != nil {
		t.Fatal(err)
	}
	d.signIn("1001", "1234")
	d.key(tea.KeyShiftTab) // the direction
	d.key(tea.KeyRight)    // out: it stays so for the next crossings
	d.key(tea.KeyTab)
	out := func() { d.t.Helper(); d.burst(typed("2003⏎")...) }
	out()
	d.want("不予通行")
	d.want("备勤期满待核酸")
	d.want("解除隔离须有时限内核酸阴性结果（领导按 c 录入）")
	d.ctrl(tea.KeyCtrlO)
	if d.m.modal != nil {
		t.Fatal("the NAT rule offered an override")
	}
	d.key(tea.KeyEnter)
	ps := allRecords(t, st, record.Passage)
	if len(ps) != 1 || decode[record.PassageBody](t, ps[0]).Reason != string(gate.ReasonReleaseNAT) {
		t.Fatalf("passages %+v", ps)
	}

	d.toLog()
	d.typ("c")
	d.want("[解除隔离]")
	d.want("2003")
	d.keys(tea.KeyTab, tea.KeyTab)                 // the result starts unset
	d.keys(tea.KeyRight, tea.KeyRight, tea.KeyTab) // 核酸阴性
	d.typ("11-27 16:00")                           // sampled yesterday afternoon
	d.key(tea.KeyTab)
	d.typ("9001")
	d.key(tea.KeyTab)
	d.typ("9999")
	d.key(tea.KeyTab)
	d.typ("昨日采样核酸阴性")
	d.key(tea.KeyEnter)
	d.want("已解除：2003")
	cl := allRecords(t, st, record.Clearance)
	if len(cl) != 1 {
		t.Fatalf("%d clearances", len(cl))
	}
	if b := decode[record.ClearanceBody](t, cl[0]); b.Subject != gate.ClearIsolation || b.Result != record.ResultNATNegative || b.Related != ps[0].ID ||
		!strings.HasPrefix(b.ResultAt, "2026-11-27T16:00:00") {
		t.Fatalf("clearance %+v", b)
	}

	d.key(tea.KeyEsc)
	out()
	d.want("准予通行")
	d.key(tea.KeyEnter)
	ps = allRecords(t, st, record.Passage)
	if len(ps) != 2 || !decode[record.PassageBody](t, ps[1]).Allowed {
		t.Fatalf("after the result: %+v", ps)
	}
}
