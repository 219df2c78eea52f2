package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"gatepost/record"
	"gatepost/store"
)

func lastRecords(t *testing.T, st *store.Store, n int) []record.Record {
	t.Helper()
	var all []record.Record
	if err := st.Each(context.Background(), 0, func(r record.Record) error { all = append(all, r); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(all) < n {
		t.Fatalf("want at least %d records, have %d", n, len(all))
	}
	return all[len(all)-n:]
}

func TestSignInWrongPINThenRight(t *testing.T) {
	d, _ := newDriver(t, "zh-CN")
	d.want("值班签到")
	d.want("演示账号")
	d.typ("1001")
	d.key(tea.KeyTab)
	d.typ("0000")
	d.key(tea.KeyEnter)
	d.want("警号或密码错误")
	if d.m.guard != nil {
		t.Fatal("signed in with a wrong PIN")
	}
	// Enter pressed twice in gloves: the second finds the PIN cleared and
	// must not put "enter badge and PIN" over why the first was refused.
	d.key(tea.KeyEnter)
	d.want("警号或密码错误")
	d.lacks("请输入警号和密码") // the refusal is not replaced
	d.typ("1234")
	d.key(tea.KeyEnter)
	if d.m.guard == nil || d.m.guard.Badge != "1001" {
		t.Fatalf("not signed in:\n%s", d.screen())
	}
	d.want("第一关 场所大门")
}

func TestGate1StaffEntryIsSaved(t *testing.T) {
	d, st := newDriver(t, "zh-CN")
	d.signIn("1001", "1234")
	// badge → roster lookup fills the name
	d.typ("2001")
	d.want("张伟")
	d.key(tea.KeyTab) // name
	d.key(tea.KeyTab) // plate
	d.key(tea.KeyTab) // temperature
	d.typ("365")
	d.key(tea.KeyTab)
	d.typ("值班")
	recsBefore, _ := st.LastSeq(context.Background())
	d.key(tea.KeyEnter) // an allowed crossing is saved on this one Enter
	d.want("已保存：张伟 2001 进 36.5℃")
	r := lastRecords(t, st, 1)[0]
	if r.Seq != recsBefore+1 || r.Kind != record.Passage || r.Gate != 1 || r.Guard != "1001" {
		t.Fatalf("unexpected record %+v", r)
	}
	var b record.PassageBody
	if err := r.Decode(&b); err != nil {
		t.Fatal(err)
	}
	if b.Badge != "2001" || b.Name != "张伟" || b.Temp == nil || *b.Temp != 365 || !b.Allowed || b.Direction != record.In || b.Purpose != "值班" {
		t.Fatalf("body %+v", b)
	}
	if _, err := st.Verify(context.Background()); err != nil {
		t.Fatal(err)
	}
	// the log shows it and the counters count it
	d.want("张伟")
	d.want("进 1")
	d.want("场内 1")
}

func TestGate1UnknownVisitorDeniedWithReason(t *testing.T) {
	d, st := newDriver(t, "en")
	d.signIn("1001", "1234")
	d.visitorAtGate1("X999", "Stranger", "36.6")
	d.want("DENY")
	d.want("not on the roster")
	d.key(tea.KeyEnter)
	r := lastRecords(t, st, 1)[0]
	var b record.PassageBody
	_ = r.Decode(&b)
	if b.Allowed || b.Reason != "not_on_roster" || b.Subject != record.SubjectVisitor {
		t.Fatalf("body %+v", b)
	}
	d.want("denied 1")
}

func TestGate1BadTemperatureKeepsInput(t *testing.T) {
	d, st := newDriver(t, "zh-CN")
	d.signIn("1001", "1234")
	before, _ := st.LastSeq(context.Background())
	d.typ("2001")
	d.key(tea.KeyTab)
	d.key(tea.KeyTab)
	d.key(tea.KeyTab)
	d.typ("45.9")
	d.key(tea.KeyEnter)
	d.want("不在 34.0–42.5℃ 之间")
	if got := d.m.g1().inputs[fTemp].in.Value(); got != "45.9" {
		t.Fatalf("typed temperature lost: %q", got)
	}
	after, _ := st.LastSeq(context.Background())
	if after != before {
		t.Fatal("an implausible temperature was saved")
	}
	if d.m.g1().focus != fTemp {
		t.Fatal("focus should return to the temperature field")
	}
}

func TestGate1FeverRecheckDeniesAndRaisesIncident(t *testing.T) {
	d, st := newDriver(t, "zh-CN")
	d.signIn("1001", "1234")
	d.typ("2001")
	d.key(tea.KeyTab)
	d.key(tea.KeyTab)
	d.key(tea.KeyTab)
	d.typ("37.8")
	d.key(tea.KeyEnter)
	d.want("改用腋温复测")
	d.typ("37.6")
	d.key(tea.KeyEnter) // the confirming recheck is saved on this Enter
	d.want("确认发热并已上报")
	rs := lastRecords(t, st, 2)
	if rs[0].Kind != record.Passage || rs[1].Kind != record.Incident {
		t.Fatalf("kinds %s %s", rs[0].Kind, rs[1].Kind)
	}
	var p record.PassageBody
	var inc record.IncidentBody
	_ = rs[0].Decode(&p)
	_ = rs[1].Decode(&inc)
	if p.Allowed || p.Reason != "fever" || p.Recheck == nil || *p.Recheck != 376 || *p.Temp != 378 {
		t.Fatalf("passage %+v", p)
	}
	if inc.Type != "fever" || inc.Related != rs[0].ID {
		t.Fatalf("incident %+v", inc)
	}
	d.want("发热 1")
}

func TestGate1FeverRecheckNormalAdmits(t *testing.T) {
	d, st := newDriver(t, "en")
	d.signIn("1001", "1234")
	d.typ("2001")
	for i := 0; i < 3; i++ {
		d.key(tea.KeyTab)
	}
	d.typ("37.4")
	d.key(tea.KeyEnter)
	d.want("recheck under the arm")
	d.typ("36.8")
	d.key(tea.KeyEnter)
	d.want("ALLOW")
	d.key(tea.KeyEnter)
	r := lastRecords(t, st, 1)[0]
	var p record.PassageBody
	_ = r.Decode(&p)
	if r.Kind != record.Passage || !p.Allowed || p.Recheck == nil || *p.Recheck != 368 {
		t.Fatalf("record %s %+v", r.Kind, p)
	}
}

func TestGate1VehicleNeedsPassAndOverride(t *testing.T) {
	d, st := newDriver(t, "zh-CN")
	d.signIn("1001", "1234")
	d.key(tea.KeyShiftTab)
	d.key(tea.KeyShiftTab) // subject
	for i := 0; i < 3; i++ {
		d.key(tea.KeyRight) // vehicle
	}
	d.key(tea.KeyTab)
	d.key(tea.KeyTab)
	d.key(tea.KeyTab)
	d.key(tea.KeyTab) // plate
	d.typ("苏 b·99999")
	d.key(tea.KeyEnter)
	d.want("外来车辆无有效通行证")
	d.send(tea.KeyMsg{Type: tea.KeyCtrlO})
	d.want("领导特批放行")
	d.typ("1001") // a guard cannot override
	d.key(tea.KeyTab)
	d.typ("1234")
	d.key(tea.KeyTab)
	d.typ("抢修急需")
	d.key(tea.KeyEnter)
	d.want("不是值班领导") // the cursor on the badge
	d.send(tea.KeyMsg{Type: tea.KeyCtrlU})
	for range 4 {
		d.key(tea.KeyBackspace)
	}
	d.typ("9001")
	d.key(tea.KeyTab)
	d.typ("9999")
	d.key(tea.KeyEnter)
	d.want("已特批放行：苏B99999 进")
	rs := lastRecords(t, st, 2)
	var p record.PassageBody
	var o record.OverrideBody
	_ = rs[0].Decode(&p)
	_ = rs[1].Decode(&o)
	who, ok, err := st.IdentityOf(context.Background(), p.Ident)
	if err != nil || !ok || who.Fields.Plate != "苏B99999" || !who.Matches(p.Commit) || p.Allowed || rs[1].Kind != record.Override || o.Target != rs[0].ID || o.Supervisor != "9001" || o.Reason != "抢修急需" {
		t.Fatalf("passage %+v override %+v", p, o)
	}
	d.want("[特批] 车辆无通行证") // the reason whole: the mark already says it was denied, then admitted
	d.want("进 1")         // an overridden denial admits
}

func TestGate1VoidFromLog(t *testing.T) {
	d, st := newDriver(t, "zh-CN")
	d.signIn("1001", "1234")
	d.typ("2001")
	for i := 0; i < 3; i++ {
		d.key(tea.KeyTab)
	}
	d.typ("36.5")
	d.key(tea.KeyEnter)
	d.key(tea.KeyEnter)
	target := lastRecords(t, st, 1)[0]
	// Tab past the last field into the log; the newest row is selected.
	for i := 0; i < 5; i++ {
		d.key(tea.KeyTab)
	}
	if !d.m.logs[1].focused {
		t.Fatal("log not focused")
	}
	d.typ("v")
	d.want("作废记录")
	d.typ("9001")
	d.key(tea.KeyTab)
	d.typ("9999")
	d.key(tea.KeyTab)
	d.typ("录入错误")
	d.key(tea.KeyEnter)
	d.want("已作废")
	v := lastRecords(t, st, 1)[0]
	var vb record.VoidBody
	_ = v.Decode(&vb)
	if v.Kind != record.Void || vb.Target != target.ID || vb.TargetSeq != target.Seq {
		t.Fatalf("void %+v", vb)
	}
	d.want("[作废]")
	d.want("进 0")
}

func TestQuitAsksWhenFormDirty(t *testing.T) {
	d, _ := newDriver(t, "en")
	d.signIn("1001", "1234")
	d.typ("2001")
	d.key(tea.KeyF10)
	d.want("Quit?")
	d.typ("n")
	if d.m.quitting || d.m.modal != nil {
		t.Fatal("n should return to the form")
	}
	if d.m.g1().inputs[fBadge].in.Value() != "2001" {
		t.Fatal("form lost its input")
	}
	d.send(tea.KeyMsg{Type: tea.KeyCtrlQ})
	d.typ("y")
	if !d.m.quitting {
		t.Fatal("y should quit")
	}
}

func TestGateSwitchAndShiftClose(t *testing.T) {
	d, st := newDriver(t, "zh-CN")
	d.signIn("1001", "1234")
	d.key(tea.KeyF3)
	d.want("第三关 隔离备勤区")
	d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("5"), Alt: true})
	d.want("第五关 伙房")
	d.key(tea.KeyF1)
	d.key(tea.KeyF9)
	d.want("交班")
	d.key(tea.KeyEnter)
	d.want("请写交班说明")
	d.typ("一切正常，无异常情况")
	d.key(tea.KeyEnter)
	if d.m.guard != nil {
		t.Fatalf("still signed in after closing the shift:\n%s", d.screen())
	}
	d.want("已交班")
	r := lastRecords(t, st, 1)[0]
	var b record.ShiftCloseBody
	_ = r.Decode(&b)
	if r.Kind != record.ShiftClose || b.Handover != "一切正常，无异常情况" || b.Opened == "" || b.Summary["records"] != 1 {
		t.Fatalf("shift close %s %+v", r.Kind, b)
	}
}

func TestIdleLockKeepsForm(t *testing.T) {
	st, ident := testStore(t)
	now := fixedNow
	m := New(st, ident, Options{Lang: "zh-CN", IdleLock: 5 * 60e9, Now: func() time.Time { return now }})
	d := drive(t, m)
	d.signIn("1001", "1234")
	d.typ("2001")
	now = now.Add(6 * 60e9)
	_, _ = d.m.Update(tickMsg(now))
	d.want("屏幕已锁定")
	d.typ("9999")
	d.key(tea.KeyEnter)
	d.want("警号或密码错误")
	d.typ("1234")
	d.key(tea.KeyEnter)
	if d.m.modal != nil {
		t.Fatalf("still locked:\n%s", d.screen())
	}
	if d.m.g1().inputs[fBadge].in.Value() != "2001" {
		t.Fatal("lock lost the form")
	}
	if !strings.Contains(d.screen(), "张伟") {
		t.Fatal("form not shown after unlock")
	}
}

// Years of records: a number past 99999 widens the column, it is not cut.
func TestLogShowsLargeRecordNumbersWhole(t *testing.T) {
	d, _ := newDriver(t, "zh-CN")
	d.signIn("1001", "1234")
	lp := &d.m.logs[1]
	lp.rows = []store.Row{
		{Record: record.Record{Seq: 1234567, Kind: record.Incident, At: fixedNow, Body: []byte(`{"type":"fever","name":"张伟"}`)}},
		{Record: record.Record{Seq: 999999, Kind: record.Incident, At: fixedNow, Body: []byte(`{"type":"fever","name":"王芳"}`)}},
	}
	lp.ready = true
	d.want("#1234567 ")
	d.want("#999999  ")
}

// TestGate1RosterNameIsNotTypedOver: a guard who presses Tab after the
// badge instead of Enter lands in the name field, and the temperature
// typed there became the staff member's name on the record ("36.6",
// found in tmux). A rostered badge's name is the roster's: keys typed in
// its name field are refused with a word why, and the record carries the
// roster's name.
func TestGate1RosterNameIsNotTypedOver(t *testing.T) {
	d, st := newDriver(t, "zh-CN")
	d.signIn("1001", "1234")
	d.typ("2001")
	d.want("张伟")
	d.key(tea.KeyTab) // name
	d.typ("366")
	d.want("姓名取自名册：张伟，无需填写")
	d.lacks("张伟366") // the temperature did not go into the name
	d.lacks("姓名   366")
	d.key(tea.KeyBackspace)
	d.want("张伟")
	d.key(tea.KeyTab) // plate
	d.key(tea.KeyTab) // temperature
	d.typ("366")
	d.key(tea.KeyEnter)
	d.want("已保存：张伟 2001 进 36.6℃")
	if b := decode[record.PassageBody](t, lastRecords(t, st, 1)[0]); b.Name != "张伟" || b.Badge != "2001" {
		t.Fatalf("body %+v", b)
	}
}

// TestGate1NameIsNotANumber: a visitor's name typed as a number (the
// temperature, after one Tab too few) is refused with a word why, the
// cursor on the name, and nothing saved.
func TestGate1NameIsNotANumber(t *testing.T) {
	d, _, before := signedIn(t, "en")
	d.visitorAtGate1("X999", "36.6", "36.6")
	d.want(`A name is not a number: "36.6" (the temperature goes in Temp)`)
	d.want("▶ Name   36.6") // not decided: the cursor on the name
	if after := d.seq(); after != before {
		t.Fatalf("%d records saved", after-before)
	}
}

// visitorAtGate1 enters a visitor coming in at gate 1 (no health profile):
// badge or ID, name and temperature, then Enter.
func (d *driver) visitorAtGate1(id, name, temp string) {
	d.t.Helper()
	d.visitorBadge()
	d.typ(id)
	d.key(tea.KeyTab)
	d.typ(name)
	d.key(tea.KeyTab)
	d.key(tea.KeyTab)
	d.typ(temp)
	d.key(tea.KeyEnter)
}

// visitorBadge chooses 来访人员 on gate 1's category and goes back to the
// badge field.
func (d *driver) visitorBadge() {
	d.t.Helper()
	d.key(tea.KeyShiftTab) // direction
	d.key(tea.KeyShiftTab) // subject
	d.key(tea.KeyRight)
	d.key(tea.KeyRight) // visitor
	d.key(tea.KeyTab)
	d.key(tea.KeyTab)
}

// TestGate1TextTypedOnAChoiceGoesOn: an ID typed one Tab short — on the
// direction, or on the category just chosen — lands in the badge field and
// is looked up, instead of being dropped without a word; ←/→ and space
// still move the choice.
func TestGate1TextTypedOnAChoiceGoesOn(t *testing.T) {
	d, _ := newDriver(t, "zh-CN")
	d.signIn("1001", "1234")
	d.key(tea.KeyShiftTab) // the direction
	d.typ("2001")
	if g := d.m.g1(); g.focus != fBadge || g.inputs[fBadge].in.Value() != "2001" {
		t.Fatalf("typed on the direction: focus %d, badge %q; want the badge field holding 2001", g.focus, g.inputs[fBadge].in.Value())
	}
	d.want("张伟") // looked up in the roster as if typed there

	d.key(tea.KeyCtrlU)
	d.key(tea.KeyShiftTab)
	d.key(tea.KeyShiftTab) // the category
	d.key(tea.KeyRight)
	d.key(tea.KeyRight) // 来访人员
	d.key(tea.KeySpace) // space moves the choice on: 车辆
	d.key(tea.KeyLeft)  // and back
	d.typ("X999")
	g := d.m.g1()
	if g.focus != fBadge || g.inputs[fBadge].in.Value() != "X999" || g.subj() != record.SubjectVisitor {
		t.Fatalf("typed on the category: focus %d, badge %q, category %s; want the badge holding X999, a visitor", g.focus, g.inputs[fBadge].in.Value(), g.subj())
	}
}

// TestGate1VisitorTypedWithEnter: a visitor entered as a guard types it —
// ID⏎ name⏎ temperature⏎ — gets the name in the name field and the
// temperature in its own (ID⏎ went straight to the temperature, which then
// took the name: "王五38.1" not understood, seen in tmux); an ID number
// with a wrong check digit is refused at its ⏎, where it was typed.
func TestGate1VisitorTypedWithEnter(t *testing.T) {
	d, st := newDriver(t, "en")
	d.signIn("1001", "1234")
	d.visitorBadge()
	d.typ("110105194912310029") // the check digit is X
	d.key(tea.KeyEnter)
	d.want("check digit")
	if g := d.m.g1(); g.focus != fBadge {
		t.Fatalf("a wrong ID number⏎: focus %d, want the badge field", g.focus)
	}
	d.key(tea.KeyBackspace)
	d.typ("X")
	d.key(tea.KeyEnter)
	d.typ("王五")
	d.key(tea.KeyEnter)
	d.typ("36.6")
	g := d.m.g1()
	if g.inputs[fName].in.Value() != "王五" || g.inputs[fTemp].in.Value() != "36.6" {
		t.Fatalf("name %q, temperature %q; want 王五 and 36.6", g.inputs[fName].in.Value(), g.inputs[fTemp].in.Value())
	}
	d.key(tea.KeyEnter) // the fixture's pass admits the visitor
	d.want("Saved: 王五 110105********002X In 36.6℃")
	var b record.PassageBody
	if err := lastRecords(t, st, 1)[0].Decode(&b); err != nil || b.Subject != record.SubjectVisitor || !b.Allowed || b.Temp == nil || *b.Temp != 366 {
		t.Fatalf("saved %+v %v", b, err)
	}
}

// TestGate1PlateTypedOnTheCategoryGoesToThePlate: with 车辆 chosen, what is
// typed on the category is the plate, and it goes to 车牌 — not to the
// badge, where it was sealed into the chain as a badge, unnormalised and
// outside the erasable registry (seen in tmux: {"badge":"苏 A·12345",…}).
func TestGate1PlateTypedOnTheCategoryGoesToThePlate(t *testing.T) {
	d, st := newDriver(t, "zh-CN")
	d.signIn("1001", "1234")
	d.key(tea.KeyShiftTab)
	d.key(tea.KeyShiftTab) // the category
	d.keys(tea.KeyRight, tea.KeyRight, tea.KeyRight)
	if d.m.g1().subj() != record.SubjectVehicle {
		t.Fatalf("category %s", d.m.g1().subj())
	}
	d.typ("苏 a·12345")
	if g := d.m.g1(); g.focus != fPlate || g.inputs[fPlate].in.Value() != "苏 a·12345" || g.inputs[fBadge].in.Value() != "" {
		t.Fatalf("focus %d, plate %q, badge %q", g.focus, g.inputs[fPlate].in.Value(), g.inputs[fBadge].in.Value())
	}
	d.lacks("名册中无此人")
	d.key(tea.KeyEnter) // the fixture's plate pass admits it: saved at once
	var b record.PassageBody
	if err := lastRecords(t, st, 1)[0].Decode(&b); err != nil || b.Badge != "" || b.Ident == "" || !b.Allowed || b.Subject != record.SubjectVehicle {
		t.Fatalf("saved %+v %v", b, err)
	}
}

// TestGate1PlateInTheBadgeFieldIsAPlate: a plate typed into 警号/证件号 is
// read as the plate, normalised and named through the registry; with a
// plate already typed, it is refused where it was typed.
func TestGate1PlateInTheBadgeFieldIsAPlate(t *testing.T) {
	d, st := newDriver(t, "zh-CN")
	d.signIn("1001", "1234")
	before := d.seq()
	d.typ("苏 b·99999")
	d.lacks("名册中无此人")
	d.key(tea.KeyEnter)
	d.want("外来车辆无有效通行证")
	if g := d.m.g1(); g.inputs[fPlate].in.Value() != "苏B99999" || g.inputs[fBadge].in.Value() != "" {
		t.Fatalf("plate %q, badge %q", g.inputs[fPlate].in.Value(), g.inputs[fBadge].in.Value())
	}
	d.key(tea.KeyEnter)
	ps := passages(t, st, before)
	if len(ps) != 1 || ps[0].Badge != "" || ps[0].Ident == "" || ps[0].Subject != record.SubjectVehicle {
		t.Fatalf("passages %+v", ps)
	}

	d.typ("京A11111")
	d.keys(tea.KeyTab, tea.KeyTab)
	d.typ("苏B99999")
	d.key(tea.KeyEnter)
	d.want("这是车牌")
	if g := d.m.g1(); g.focus != fBadge || g.phase != editing {
		t.Fatalf("two plates: focus %d phase %d:\n%s", g.focus, g.phase, d.screen())
	}
	if n := len(passages(t, st, before)); n != 1 {
		t.Fatalf("%d passages", n)
	}
}

// TestGate1DenialReasonWholeAt80Columns: at 80 columns the reason wraps
// onto the next row instead of losing its end (a visitor's denial read
// "不在名册且无有效通行证，封闭管…", seen in tmux), and the screen still
// fits 24 rows.
func TestGate1DenialReasonWholeAt80Columns(t *testing.T) {
	for lang, reason := range map[string]string{"zh-CN": "不在名册且无有效通行证，封闭管理期间不得进入", "en": "no entry during closed management"} {
		t.Run(lang, func(t *testing.T) {
			d, _ := newDriver(t, lang)
			d.signIn("1001", "1234")
			d.visitorBadge()
			d.typ("110105198001010016")
			d.key(tea.KeyEnter)
			d.typ("王五")
			d.key(tea.KeyEnter)
			d.typ("36.6")
			d.key(tea.KeyEnter)
			scr := d.screen()
			// A row ends at a space or after Chinese punctuation.
			joined := strings.ReplaceAll(strings.ReplaceAll(scr, "，\n", "，"), "\n", " ")
			if !strings.Contains(joined, reason) {
				t.Fatalf("the reason is cut:\n%s", scr)
			}
			if n := strings.Count(scr, "\n") + 1; n != 24 {
				t.Fatalf("%d rows:\n%s", n, scr)
			}
		})
	}
}
