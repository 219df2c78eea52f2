package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"gatepost/record"
)

// An admission and a release through the real console: Ctrl+N opens the
// mode at gate 1; a fever at the admission check is refused and what was
// typed kept; the admission is shown, then written on the duty leader's
// badge, PIN and ground; the person admitted is released the same way,
// and releasing them again is refused.
func TestGate1AdmissionAndRelease(t *testing.T) {
	d, st := newDriver(t, "zh-CN")
	d.signIn("1001", "1234")
	d.send(tea.KeyMsg{Type: tea.KeyCtrlN})
	d.want("新收入所、解除出所（值班领导确认）  当日新收0人，出所0人")
	d.want("安置       新收隔离区")

	// A badge that is an ID number is no badge; it stays as typed.
	d.typ("110101199003074514")
	d.key(tea.KeyTab)
	d.key(tea.KeyTab)
	d.key(tea.KeyTab)
	d.typ("36.5")
	d.key(tea.KeyEnter)
	d.want("不是所内编号")
	d.want("110101199003074514")
	d.send(tea.KeyMsg{Type: tea.KeyCtrlU})
	d.typ("d0501")
	d.want("名册中尚无此编号")
	d.key(tea.KeyTab)
	d.key(tea.KeyTab)
	d.key(tea.KeyTab)
	d.typ("381")
	d.key(tea.KeyEnter)
	d.want("入所测温发热，不予收治")
	if n := len(allRecords(t, st, record.Admission)); n != 0 {
		t.Fatalf("a refused admission wrote %d records", n)
	}
	if v := d.m.screens[1].(*gate1Screen).moves.temp.value(); v != "38.1" {
		t.Fatalf("the temperature typed is %q after the refusal, want 38.1 kept", v)
	}
	d.key(tea.KeyEnd)
	for range 4 {
		d.key(tea.KeyBackspace)
	}
	d.typ("３６５") // a full-width input method
	d.key(tea.KeyEnter)
	d.want(">> 新收入所  D0501  新收隔离区  36.5℃  按Enter请值班领导确认")
	d.key(tea.KeyEnter)
	d.want("新收入所（值班领导确认）")
	d.typ("1001") // a guard may not authorise it
	d.key(tea.KeyTab)
	d.typ("1234")
	d.key(tea.KeyTab)
	d.typ("强制隔离戒毒决定书〔2026〕12号")
	d.key(tea.KeyEnter)
	d.want("不是值班领导") // the cursor on the badge
	for range 4 {
		d.key(tea.KeyBackspace)
	}
	d.typ("9001")
	d.key(tea.KeyTab)
	d.typ("9999")
	d.key(tea.KeyEnter)
	d.want("已登记新收入所：D0501")
	d.want("当日新收1人，出所0人")
	rs := lastRecords(t, st, 1)
	var a record.AdmissionBody
	if err := rs[0].Decode(&a); err != nil || rs[0].Kind != record.Admission || rs[0].Gate != 1 || rs[0].Guard != "1001" ||
		a != (record.AdmissionBody{Badge: "D0501", Unit: "新收隔离区", Source: record.AdmitDecision, Temp: 365, Supervisor: "9001", Basis: "强制隔离戒毒决定书〔2026〕12号"}) {
		t.Fatalf("admission %s %+v (%v)", rs[0].Kind, a, err)
	}

	// The release: the type must be chosen.
	d.key(tea.KeyShiftTab)
	d.key(tea.KeyRight)
	d.key(tea.KeyTab)
	d.typ("D0501")
	d.key(tea.KeyEnter)
	d.want("请选择类型")
	d.key(tea.KeyRight)
	d.key(tea.KeyEnter)
	d.want(">> 解除出所  D0501  期满解除  按Enter请值班领导确认")
	d.key(tea.KeyEnter)
	d.want("解除出所（值班领导确认）")
	d.typ("9001")
	d.key(tea.KeyTab)
	d.typ("9999")
	d.key(tea.KeyTab)
	d.typ("解除强制隔离戒毒证明书〔2026〕3号")
	d.key(tea.KeyEnter)
	d.want("已登记解除出所：D0501")
	d.want("当日新收1人，出所1人")
	rs = lastRecords(t, st, 1)
	var r record.ReleaseBody
	if err := rs[0].Decode(&r); err != nil || rs[0].Kind != record.Release || r.Badge != "D0501" || r.Type != record.ReleaseExpiry || r.Supervisor != "9001" {
		t.Fatalf("release %s %+v (%v)", rs[0].Kind, r, err)
	}
	d.typ("D0501")
	d.key(tea.KeyTab)
	d.key(tea.KeyRight)
	d.key(tea.KeyEnter)
	d.want("该编号不是在所戒毒人员")

	// Ctrl+N goes back to the crossing form, which kept its own state.
	d.send(tea.KeyMsg{Type: tea.KeyCtrlN})
	d.want("进入")
	if strings.Contains(d.screen(), "新收入所、解除出所") {
		t.Fatalf("still in the admissions mode:\n%s", d.screen())
	}
}

// The mode in English, at 80×24: every line fits, the help bar names the
// way back.
func TestGate1MovesEnglish(t *testing.T) {
	d, _ := newDriver(t, "en")
	d.signIn("1001", "1234")
	d.send(tea.KeyMsg{Type: tea.KeyCtrlN})
	d.want("Admissions and releases (duty leader)")
	d.want("back to crossings")
	d.typ("D0777")
	d.want("not on the roster yet")
	for _, l := range strings.Split(d.screen(), "\n") {
		if w := len([]rune(l)); w > 80 {
			t.Errorf("line of %d runes: %q", w, l)
		}
	}
}
