package tui

import (
	"context"
	"strconv"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"gatepost/post"
	"gatepost/record"
	"gatepost/store"
)

// voidDialog opens the void dialog on a saved gate 1 passage and returns
// the passage.
func voidDialog(t *testing.T, d *driver, st *store.Store) record.Record {
	t.Helper()
	d.signIn("1001", "1234")
	d.typ("2001")
	for range 3 {
		d.key(tea.KeyTab)
	}
	d.typ("36.5")
	d.key(tea.KeyEnter)
	d.key(tea.KeyEnter)
	target := lastRecords(t, st, 1)[0]
	for range 5 {
		d.key(tea.KeyTab)
	}
	d.typ("v")
	d.want("作废记录")
	return target
}

// focused is the supervisor dialog's focused field.
func (d *driver) focused() *formField {
	d.t.Helper()
	switch x := d.m.modal.(type) {
	case *supModal:
		return x.f.cur()
	case *reportModal:
		return x.f.cur()
	}
	d.t.Fatalf("no supervisor dialog open:\n%s", d.screen())
	return nil
}

// After a wrong PIN the cursor is on the emptied PIN field, wherever the
// Enter came from: left on the reason, the PIN typed again as a guard
// naturally would went into the reason and was sealed into the log with it
// ("重复登记999999").
func TestSupervisorWrongPINBackToPIN(t *testing.T) {
	d, st := newDriver(t, "zh-CN")
	target := voidDialog(t, d, st)
	for _, k := range typed("9001⇥1111⇥重复登记⏎") {
		d.send(k)
	}
	d.want("警号或密码错误")
	sm := d.m.modal.(*supModal)
	if d.focused() != sm.all[1] || sm.all[1].in.Value() != "" {
		t.Fatalf("focus on %s, PIN %q after a wrong PIN", d.focused().label, sm.all[1].in.Value())
	}
	for _, k := range typed("9999⏎") {
		d.send(k)
	}
	if d.m.modal != nil {
		t.Fatalf("dialog still open:\n%s", d.screen())
	}
	v := lastRecords(t, st, 1)[0]
	var vb record.VoidBody
	if v.Kind != record.Void || v.Decode(&vb) != nil || vb.Target != target.ID || vb.Reason != "重复登记" {
		t.Fatalf("%s %+v", v.Kind, vb)
	}
}

// A badge that may not supervise: the cursor goes to the badge.
func TestSupervisorNotSupervisorBackToBadge(t *testing.T) {
	d, st := newDriver(t, "zh-CN")
	voidDialog(t, d, st)
	for _, k := range typed("1001⇥1234⇥重复登记⏎") {
		d.send(k)
	}
	d.want("不是值班领导")
	if sm := d.m.modal.(*supModal); d.focused() != sm.all[0] {
		t.Fatalf("focus on %s", d.focused().label)
	}
}

// Free text holding the PIN typed with it is refused before anything is
// written, the cursor on that text; numbers that are not the PIN pass.
func TestSupervisorReasonHoldingThePIN(t *testing.T) {
	d, st := newDriver(t, "zh-CN")
	target := voidDialog(t, d, st)
	for _, k := range typed("9001⇥9999⇥重复登记9999⏎") {
		d.send(k)
	}
	d.want("所填文字中含有领导密码，未保存")
	sm := d.m.modal.(*supModal)
	if d.focused() != sm.all[2] {
		t.Fatalf("focus on %s", d.focused().label)
	}
	if last := lastRecords(t, st, 1)[0]; last.ID != target.ID {
		t.Fatalf("a %s written", last.Kind)
	}
	for range 4 {
		d.key(tea.KeyBackspace)
	}
	for _, k := range typed("，见第" + strconv.FormatInt(target.Seq, 10) + "条，共99人⏎") {
		d.send(k)
	}
	if d.m.modal != nil {
		t.Fatalf("dialog still open:\n%s", d.screen())
	}
	var vb record.VoidBody
	if v := lastRecords(t, st, 1)[0]; v.Kind != record.Void || v.Decode(&vb) != nil || vb.Reason != "重复登记，见第"+strconv.FormatInt(target.Seq, 10)+"条，共99人" {
		t.Fatalf("%s %+v", v.Kind, vb)
	}
}

// The report's dialog does the same: a wrong PIN back to the PIN, an
// event's summary holding the PIN refused with the cursor on it.
func TestReportDialogWrongPINAndPINInText(t *testing.T) {
	d, st := newDriver(t, "zh-CN")
	d.signIn("1001", "1234")
	d.key(tea.KeyF6)
	d.key(tea.KeyF8)
	d.key(tea.KeyF8)
	d.key(tea.KeyEnter)
	d.want("提交日报")
	for _, k := range typed("9001⇥9999⇥") {
		d.send(k)
	}
	d.key(tea.KeyLeft) // 有事件
	for _, k := range typed("⇥⇥10:20⇥口角9999⇥当即制止⏎") {
		d.send(k)
	}
	d.want("所填文字中含有领导密码")
	rm := d.m.daily().report
	if d.focused() != rm.evWhat {
		t.Fatalf("focus on %s", d.focused().label)
	}
	for range 4 {
		d.key(tea.KeyBackspace)
	}
	// Now a wrong PIN, Enter from the event's handling.
	for range 4 {
		d.key(tea.KeyShiftTab)
	}
	if d.focused() != rm.all[1] {
		t.Fatalf("focus on %s", d.focused().label)
	}
	for range 4 {
		d.key(tea.KeyBackspace)
	}
	d.typ("1111")
	for range 5 {
		d.key(tea.KeyTab)
	}
	if d.focused() != rm.evDone {
		t.Fatalf("focus on %s", d.focused().label)
	}
	d.key(tea.KeyEnter)
	d.want("警号或密码错误")
	if d.focused() != rm.all[1] {
		t.Fatalf("focus on %s after a wrong PIN", d.focused().label)
	}
	for _, k := range typed("9999⏎") {
		d.send(k)
	}
	if d.m.modal != nil {
		t.Fatalf("dialog still open:\n%s", d.screen())
	}
	sub, ok, err := st.LatestReport(context.Background(), "2026-11-28")
	if err != nil || !ok || sub.Body.Supervisor != "9001" {
		t.Fatalf("submitted %+v %v %v", sub.Body, ok, err)
	}
}

// TestWhoTextMasksIDNumbers: a save's message shows a resident ID number
// masked (§15), whoever handed it over whole (an override's answer did).
func TestWhoTextMasksIDNumbers(t *testing.T) {
	for _, c := range []struct {
		who  post.Who
		want string
	}{
		{post.Who{Name: "孙雅琴", IDNumber: "320102197211080026"}, "孙雅琴 320102********0026"},
		{post.Who{Name: "孙雅琴", IDNumber: "320102********0026"}, "孙雅琴 320102********0026"},
		{post.Who{Name: "刘洋", Badge: "2004", IDNumber: "320102197211080026"}, "刘洋 2004"},
		{post.Who{Plate: "苏A12345"}, "苏A12345"},
	} {
		if got := whoText(c.who); got != c.want {
			t.Errorf("%+v: %q, want %q", c.who, got, c.want)
		}
	}
}

// TestPassTime: a pass's bound in another year says the year.
func TestPassTime(t *testing.T) {
	now := time.Date(2026, 11, 30, 12, 29, 0, 0, time.Local)
	for _, c := range []struct {
		at   time.Time
		want string
	}{
		{time.Date(2026, 12, 1, 8, 0, 0, 0, time.Local), "12-01 08:00"},
		{time.Date(2027, 11, 30, 0, 0, 0, 0, time.Local), "2027-11-30 00:00"},
		{time.Date(2025, 3, 1, 0, 0, 0, 0, time.Local), "2025-03-01 00:00"},
	} {
		if got := passTime(c.at, now); got != c.want {
			t.Errorf("%v: %q, want %q", c.at, got, c.want)
		}
	}
}
