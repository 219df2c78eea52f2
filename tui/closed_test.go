package tui

import (
	"context"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"gatepost/gate"
	"gatepost/record"
	"gatepost/store"
)

// Closed management on the screens (§11, issue 10): the status on the
// decision line, a fever bar at every gate, the supervisor's clearance and
// a work-from-home override, through the root model against a real store.

// toLog gives gate 1's log the keys from the form's badge field.
func (d *driver) toLog() {
	d.t.Helper()
	for range nFields - fBadge {
		d.key(tea.KeyTab)
	}
	if !d.m.logs[1].focused {
		d.t.Fatalf("Tab did not reach the log:\n%s", d.screen())
	}
}

func TestFeverBarsEveryGateUntilASupervisorClears(t *testing.T) {
	d, st, _ := clockDriver(t, "zh-CN")
	d.signIn("1001", "1234")

	// A confirmed fever at the main gate: reading, recheck, denial saved.
	d.burst(typed("2001⏎385⏎384⏎")...)
	d.want("不予通行")
	d.key(tea.KeyEnter)
	if n := len(allRecords(t, st, record.Incident)); n != 1 {
		t.Fatalf("%d incidents after a confirmed fever", n)
	}

	// Back with a normal reading: barred, the status says why, and no
	// supervisor may override it.
	d.burst(typed("2001⏎365⏎")...)
	d.want("状态：执勤（轮换日）、发热未解除")
	d.want("发热确诊后尚未解除")
	d.ctrl(tea.KeyCtrlO)
	if d.m.modal != nil {
		t.Fatal("a fever bar offered an override")
	}
	d.key(tea.KeyEnter)

	// Barred at the custody zone and the office too.
	for _, g := range []tea.KeyType{tea.KeyF2, tea.KeyF4} {
		d.key(g)
		d.crossing("2001")
		d.want("发热未解除")
		d.want("发热确诊后尚未解除")
		d.key(tea.KeyEnter)
	}
	ps := allRecords(t, st, record.Passage)
	if len(ps) != 4 {
		t.Fatalf("%d passages", len(ps))
	}
	for _, r := range ps[1:] {
		if b := decode[record.PassageBody](t, r); b.Allowed || b.Reason != string(gate.ReasonFeverBarred) {
			t.Fatalf("gate %d: %+v", r.Gate, b)
		}
	}

	// From the log: a plain row cannot be cleared; the barred crossing can.
	d.key(tea.KeyF1)
	d.toLog()
	d.key(tea.KeyDown) // the fever incident (#4): a clearance may be asked from it too
	d.want("▶ #4 ")
	d.typ("c")
	d.want("值班领导解除发热、密接或隔离状态")
	d.want("[发热]")
	d.key(tea.KeyEsc)
	if d.m.modal != nil {
		t.Fatal("Esc did not close the clearance")
	}
	d.key(tea.KeyUp)
	d.want("▶ #5 ")
	d.typ("c") // the newest row: the barred crossing

	d.want("值班领导解除发热、密接或隔离状态")
	d.want("2001")
	d.want("[发热]")
	d.keys(tea.KeyTab, tea.KeyTab) // the result starts unset
	d.want("< ? >")
	d.keys(tea.KeyRight, tea.KeyTab) // 发热门诊排除
	d.key(tea.KeyTab)                // the result's time left empty: now
	d.typ("1001")                    // not a supervisor
	d.key(tea.KeyTab)
	d.typ("1234")
	d.key(tea.KeyTab)
	d.typ("发热门诊排查已排除")
	d.key(tea.KeyEnter)
	d.want("1001 不是值班领导")
	if n := len(allRecords(t, st, record.Clearance)); n != 0 {
		t.Fatalf("a guard's badge wrote %d clearances", n)
	}
	// The same dialog, what was typed kept, the cursor on the badge: the
	// supervisor's badge and PIN.
	d.ctrl(tea.KeyCtrlU)
	d.typ("9001")
	d.key(tea.KeyTab)
	d.typ("9999")
	d.key(tea.KeyEnter)
	d.want("已解除：2001 张伟")

	cl := allRecords(t, st, record.Clearance)
	if len(cl) != 1 {
		t.Fatalf("%d clearances", len(cl))
	}
	b := decode[record.ClearanceBody](t, cl[0])
	if b.Badge != "2001" || b.Subject != gate.ClearFever || b.Result != record.ResultFeverClinic ||
		b.Supervisor != "9001" || b.Reason != "发热门诊排查已排除" || b.Related != ps[1].ID || cl[0].Guard != "1001" {
		t.Fatalf("clearance %+v by %s (barred crossing %s)", b, cl[0].Guard, ps[1].ID)
	}
	// Its log row says whom it cleared, on what, and who signed it.
	if got := kindDetail(d.m, store.Row{Record: cl[0]}); got != "2001 发热门诊排除 9001 发热门诊排查已排除" {
		t.Errorf("the clearance's log row: %q", got)
	}

	// Cleared: admitted at the main gate and the custody zone.
	d.key(tea.KeyEsc)
	d.burst(typed("2001⏎365⏎")...)
	d.want("已保存")
	d.key(tea.KeyF2)
	d.crossing("2001")
	d.want("准予通行")
	d.key(tea.KeyEnter)
	ps = allRecords(t, st, record.Passage)
	if len(ps) != 6 {
		t.Fatalf("%d passages", len(ps))
	}
	for _, r := range ps[4:] {
		if b := decode[record.PassageBody](t, r); !b.Allowed {
			t.Fatalf("gate %d after the clearance: %+v", r.Gate, b)
		}
	}
}

func TestClearanceOnlyFromABarRow(t *testing.T) {
	d, _, _ := clockDriver(t, "en")
	d.signIn("1001", "1234")
	d.burst(typed("2002⏎365⏎")...)
	d.want("Saved")
	d.toLog()
	d.typ("c")
	if d.m.modal != nil {
		t.Fatal("an allowed crossing offered a clearance")
	}
	d.want("Only a fever incident or a crossing denied for fever, contact or release NAT")
}

func TestWorkFromHomeDeniedAtTheMainGateAndOverridden(t *testing.T) {
	d, st, _ := clockDriver(t, "zh-CN")
	d.signIn("1001", "1234")
	d.burst(typed("2004⏎365⏎")...)
	d.want("不予通行")
	d.want("状态：居家办公")
	d.ctrl(tea.KeyCtrlO)
	d.want("领导特批放行")
	d.typ("9001")
	d.key(tea.KeyTab)
	d.typ("9999")
	d.key(tea.KeyTab)
	d.typ("到所处理急件")
	d.key(tea.KeyEnter)
	d.want("已特批放行：刘洋 2004")

	ps := allRecords(t, st, record.Passage)
	ov := allRecords(t, st, record.Override)
	if len(ps) != 1 || len(ov) != 1 {
		t.Fatalf("%d passages, %d overrides", len(ps), len(ov))
	}
	if b := decode[record.PassageBody](t, ps[0]); b.Allowed || b.Reason != string(gate.ReasonWFH) {
		t.Fatalf("passage %+v", b)
	}
	if b := decode[record.OverrideBody](t, ov[0]); b.Target != ps[0].ID || b.Supervisor != "9001" {
		t.Fatalf("override %+v", b)
	}

	// On site for the day: the office admits them (saved at once).
	d.key(tea.KeyF4)
	d.crossing("2004")
	d.want("已保存")
	ps = allRecords(t, st, record.Passage)
	if b := decode[record.PassageBody](t, ps[len(ps)-1]); len(ps) != 2 || ps[1].Gate != 4 || !b.Allowed {
		t.Fatalf("office crossing %d %+v", ps[len(ps)-1].Gate, b)
	}
}

func TestStatusTextOnTheDecisionLine(t *testing.T) {
	zh, en := NewCatalog("zh-CN"), NewCatalog("en")
	stint := &gate.Stint{Badge: "2003", Start: fixedNow.Add(-48 * time.Hour)}
	for _, c := range []struct {
		st     *gate.Status
		zh, en string
	}{
		{nil, "", ""},
		{&gate.Status{Base: gate.BaseStaff}, "", ""},
		{&gate.Status{Base: gate.BaseCustody, ChangeOver: true}, "执勤（轮换日）", "custody duty (change-over day)"},
		{&gate.Status{Base: gate.BaseCustody}, "执勤", "custody duty"},
		{&gate.Status{Base: gate.BaseStandby, Stint: stint}, "隔离备勤 第3天", "standby day 3"},
		{&gate.Status{Base: gate.BaseWFH}, "居家办公", "working from home"},
		{&gate.Status{Base: gate.BaseOffice, OverriddenOnSite: true}, "在岗办公（特批）", "on site (overridden)"},
		{&gate.Status{Base: gate.BaseOffice, FeverBarred: true}, "在岗办公、发热未解除", "on site, fever, not cleared"},
		{&gate.Status{Base: gate.BaseStaff, Contact: true}, "密接未解除", "contact"},
	} {
		if got := statusText(zh, c.st, fixedNow); got != c.zh {
			t.Errorf("zh %+v: %q, want %q", c.st, got, c.zh)
		}
		if got := statusText(en, c.st, fixedNow); got != c.en {
			t.Errorf("en %+v: %q, want %q", c.st, got, c.en)
		}
	}
}

// TestContactAfterOverrideIsClearedFromTheLog: an office worker overridden
// into the custody zone is a contact; the office denies them with the
// status on the decision; a supervisor clears the contact from the denied
// row, the subject proposed from its reason.
func TestContactAfterOverrideIsClearedFromTheLog(t *testing.T) {
	d, st, now := clockDriver(t, "zh-CN")
	d.signIn("1001", "1234")
	d.key(tea.KeyF2)
	d.crossing("2002")
	d.want("不予通行")
	d.ctrl(tea.KeyCtrlO)
	d.typ("9001")
	d.key(tea.KeyTab)
	d.typ("9999")
	d.key(tea.KeyTab)
	d.typ("协助处置突发情况")
	d.key(tea.KeyEnter)
	d.want("已特批")

	d.key(tea.KeyF4)
	d.crossing("2002")
	d.want("密接未解除")
	d.key(tea.KeyEnter)
	ps := allRecords(t, st, record.Passage)
	last := ps[len(ps)-1]
	if b := decode[record.PassageBody](t, last); b.Allowed || b.Reason != string(gate.ReasonContact) || last.Gate != 4 {
		t.Fatalf("office crossing %+v", b)
	}

	for i := 0; i < 10 && !d.m.logs[4].focused; i++ {
		d.key(tea.KeyTab) // through the form to the log
	}
	d.typ("c")
	d.want("[密接]")
	d.keys(tea.KeyTab, tea.KeyTab)
	for range 3 {
		d.key(tea.KeyRight) // 观察期满无异常
	}
	d.keys(tea.KeyTab, tea.KeyTab) // the result's time left empty: now
	d.typ("9001")
	d.key(tea.KeyTab)
	d.typ("9999")
	d.key(tea.KeyTab)
	d.typ("核酸阴性，观察期满")
	d.key(tea.KeyEnter)
	d.want("已解除：2002 王芳")
	cl := allRecords(t, st, record.Clearance)
	if len(cl) != 1 {
		t.Fatalf("%d clearances", len(cl))
	}
	if b := decode[record.ClearanceBody](t, cl[0]); b.Subject != gate.ClearContact || b.Result != record.ResultObservation ||
		b.Related != last.ID || cl[0].Gate != 0 {
		t.Fatalf("clearance %+v", b)
	}
	p, _, err := st.FindPerson(context.Background(), "2002")
	if err != nil {
		t.Fatal(err)
	}
	s, err := st.StatusOf(context.Background(), p, *now, 0)
	if err != nil || s.Contact {
		t.Fatalf("still a contact after the clearance: %+v %v", s, err)
	}
}
