package tui

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"gatepost/record"
	"gatepost/store"
)

// inStandby signs in, starts 2003's standby at gate 3 and moves the form to
// the daily check-in, the badge field focused.
func inStandby(t *testing.T) (*driver, *store.Store) {
	t.Helper()
	d, st, _ := clockDriver(t, "zh-CN")
	d.signIn("1001", "1234")
	d.key(tea.KeyF3)
	d.burst(typed("2003⏎⏎")...)
	d.want("待监测 1")
	d.keys(tea.KeyShiftTab, tea.KeyRight, tea.KeyTab) // 每日健康监测, the badge
	return d, st
}

// A check-in recheck at or above the threshold confirms the fever: it is a
// measurement, saved with its incident on its Enter, as the first reading
// is. The probe's keys (seen in tmux): 37.8, recheck 37.9, then Esc and
// 36.6 typed over it — which used to save a ready check-in at 36.6, the
// 37.9 gone and no incident.
func TestGate3ConfirmingRecheckIsSavedAtOnce(t *testing.T) {
	d, st := inStandby(t)
	d.burst(typed("2003⇥378⏎")...)
	d.want("首次体温已保存（发热待复测）")
	d.want("仍≥37.3℃即确认发热并上报，不可撤回")
	d.burst(typed("379⏎")...)
	d.want("已保存，确认发热并已上报：李娜 2003 37.9℃；请立即报告值班领导")
	d.key(tea.KeyEsc)
	d.keys(tea.KeyBackspace, tea.KeyBackspace, tea.KeyBackspace)
	d.burst(typed("366⏎⏎")...)
	cs := allRecords(t, st, record.StandbyCheckin)
	if len(cs) != 1 {
		t.Fatalf("%d check-ins, want the confirmed fever alone", len(cs))
	}
	if b := decode[record.StandbyCheckinBody](t, cs[0]); b.Temp != 379 || !b.Fever || b.Ready {
		t.Fatalf("check-in %+v", b)
	}
	if is := allRecords(t, st, record.Incident); len(is) != 1 || decode[record.IncidentBody](t, is[0]).Type != "fever" {
		t.Fatalf("incidents %v", is)
	}
}

// A confirming recheck whose save fails stays on screen for Enter to try
// again: Esc does not put it aside to be edited.
func TestGate3ConfirmingRecheckNotSavedIsKept(t *testing.T) {
	d, st := inStandby(t)
	d.burst(typed("2003⇥378⏎")...)
	d.want("首次体温已保存（发热待复测）")
	diskBack := diskFull(t, st)
	d.burst(typed("379⏎")...)
	d.want("确认发热未能保存：Enter 重试")
	d.key(tea.KeyEsc)
	if g := d.m.screens[3].(*gate3Model); g.phase != phaseDecide || !confirmsFever(g.plan) {
		t.Fatalf("Esc put the unsaved confirming recheck aside:\n%s", d.screen())
	}
	diskBack()
	d.key(tea.KeyEnter)
	d.want("已保存，确认发热并已上报")
	cs := allRecords(t, st, record.StandbyCheckin)
	if len(cs) != 1 || decode[record.StandbyCheckinBody](t, cs[0]).Temp != 379 || len(allRecords(t, st, record.Incident)) != 1 {
		t.Fatalf("check-ins %v", cs)
	}
}
