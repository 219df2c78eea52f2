package tui

import (
	"context"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"gatepost/gate"
	"gatepost/i18n"
	"gatepost/record"
	"gatepost/store"
)

// Model tests of gates 2–5: each runs a gate's workflow with key messages
// through the root model, against a real SQLite store, and checks the
// records written.

// clockDriver is a driver whose clock the test moves.
func clockDriver(t *testing.T, lang string) (*driver, *store.Store, *time.Time) {
	t.Helper()
	st, ident := testStore(t)
	if err := st.PutPeople(context.Background(), []gate.Person{
		{Badge: "2003", Name: "李娜", Kind: gate.Staff, Unit: "二大队", Assignment: gate.AssignStandby, Active: true},
		{Badge: "2004", Name: "刘洋", Kind: gate.Staff, Unit: "办公室", Assignment: gate.AssignWFH, Active: true},
		{Badge: "2005", Name: "陈静", Kind: gate.Staff, Unit: "后勤科", Assignment: gate.AssignOffice, Active: true},
	}); err != nil {
		t.Fatal(err)
	}
	// A clock with nanoseconds, as a real one: records keep milliseconds,
	// and no rule may trip over the difference.
	now := fixedNow.Add(123456789 * time.Nanosecond)
	m := New(st, ident, Options{Lang: lang, Now: func() time.Time { return now }})
	d := drive(t, m)
	return d, st, &now
}

func (d *driver) keys(ks ...tea.KeyType) {
	d.t.Helper()
	for _, k := range ks {
		d.key(k)
	}
}

func (d *driver) ctrl(k tea.KeyType) { d.send(tea.KeyMsg{Type: k}) }

// lacks fails when the screen shows s.
func (d *driver) lacks(s string) {
	d.t.Helper()
	if strings.Contains(d.screen(), s) {
		d.t.Fatalf("screen shows %q:\n%s", s, d.screen())
	}
}

// allRecords returns every record of kind k, oldest first.
func allRecords(t *testing.T, st *store.Store, k record.Kind) []record.Record {
	t.Helper()
	var out []record.Record
	if err := st.Each(context.Background(), 0, func(r record.Record) error {
		if r.Kind == k {
			out = append(out, r)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func decode[B any](t *testing.T, r record.Record) B {
	t.Helper()
	var b B
	if err := r.Decode(&b); err != nil {
		t.Fatal(err)
	}
	return b
}

func (d *driver) seq() int64 {
	d.t.Helper()
	n, err := d.m.st.LastSeq(context.Background())
	if err != nil {
		d.t.Fatal(err)
	}
	return n
}

// crossing logs badge at the current staff gate's crossing form and
// decides (the decision is on screen, not saved).
func (d *driver) crossing(badge string) {
	d.t.Helper()
	d.typ(badge)
	d.key(tea.KeyEnter)
}

func TestGate2CustodyCrossings(t *testing.T) {
	d, st, _ := clockDriver(t, "zh-CN")
	d.signIn("1001", "1234")
	d.key(tea.KeyF2)
	d.want("第二关 戒毒管理区")

	// custody-duty staff: allowed
	d.typ("2001")
	d.want("张伟 一大队 戒毒管理区值勤")
	d.key(tea.KeyEnter)
	d.want("准予通行")
	d.want("戒毒管理区值勤人员")
	d.key(tea.KeyEnter)
	d.want("已保存：张伟 2001 进") // whom it saved, as at gate 1
	d.want("进 1")

	// office staff: denied with the no-contact reason, saved as a denial
	d.crossing("2002")
	d.want("不予通行")
	d.want("隔离值守：戒毒管理区值勤人员与其他人员不得接触")
	d.key(tea.KeyEnter)
	d.want("已保存不予通行记录：王芳 2002 进")
	d.want("拒 1")

	// work-from-home staff: denied, then a supervisor overrides
	d.crossing("2004")
	d.want("不得接触")
	d.ctrl(tea.KeyCtrlO)
	d.want("领导特批放行")
	d.typ("9001")
	d.key(tea.KeyTab)
	d.typ("9999")
	d.key(tea.KeyTab)
	d.typ("送急用药品")
	d.key(tea.KeyEnter)
	d.want("已特批放行：刘洋 2004 进")
	d.want("[特批]")

	ps := allRecords(t, st, record.Passage)
	if len(ps) != 3 {
		t.Fatalf("%d passages", len(ps))
	}
	want := []struct {
		badge, reason string
		allowed       bool
	}{{"2001", "custody", true}, {"2002", "no_contact", false}, {"2004", "no_contact", false}}
	for i, w := range want {
		b := decode[record.PassageBody](t, ps[i])
		if ps[i].Gate != 2 || b.Badge != w.badge || b.Reason != w.reason || b.Allowed != w.allowed || b.Subject != record.SubjectStaff {
			t.Errorf("passage %d: gate %d %+v", i, ps[i].Gate, b)
		}
	}
	ov := allRecords(t, st, record.Override)
	if len(ov) != 1 || decode[record.OverrideBody](t, ov[0]).Target != ps[2].ID {
		t.Fatalf("override %v", ov)
	}
	if n := len(allRecords(t, st, record.Incident)); n != 0 {
		t.Fatalf("%d incidents: no contact violation happened", n)
	}
	if _, err := st.Verify(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// TestCrossGateContactViolation puts a staff member into standby at gate 3,
// then logs them at gate 2 and gate 4: both deny with the contact
// violation and write an incident; after the standby ends, gate 2 judges
// them by their assignment again.
func TestCrossGateContactViolation(t *testing.T) {
	d, st, _ := clockDriver(t, "zh-CN")
	d.signIn("1001", "1234")
	d.key(tea.KeyF3)
	d.typ("2001") // custody staff going into standby
	d.key(tea.KeyEnter)
	d.want("开始备勤：2001 张伟，计划至 2026-12-12（14 天）")
	d.key(tea.KeyEnter)
	d.want("备勤 1 人")

	for _, g := range []struct {
		key  tea.KeyType
		gate int
	}{{tea.KeyF2, 2}, {tea.KeyF4, 4}} {
		d.key(g.key)
		d.crossing("2001")
		d.want("正在隔离备勤，不得离开备勤区与他人接触（接触违规）")
		d.want("保存后上报接触违规")
		d.key(tea.KeyEnter)
		d.want("已保存不予通行记录：张伟 2001")
		d.want("接触违规") // the incident in the gate's log
		rs := lastRecords(t, st, 2)
		p := decode[record.PassageBody](t, rs[0])
		inc := decode[record.IncidentBody](t, rs[1])
		if rs[0].Gate != g.gate || p.Allowed || p.Reason != "standby_contact" || p.Badge != "2001" {
			t.Fatalf("gate %d passage %+v", g.gate, p)
		}
		if rs[1].Kind != record.Incident || rs[1].Gate != g.gate || inc.Type != "contact" || inc.Related != rs[0].ID || inc.Badge != "2001" || inc.Name != "张伟" {
			t.Fatalf("gate %d incident %s %+v", g.gate, rs[1].Kind, inc)
		}
	}

	// gate 3 counts the day's violations
	d.key(tea.KeyF3)
	d.want("接触违规 2")

	// end the standby (on a negative NAT, the epidemic profile being the
	// default); gate 2 admits the custody officer again
	d.keys(tea.KeyUp)
	d.keys(tea.KeyRight, tea.KeyRight)
	d.key(tea.KeyTab)
	d.typ("2001")
	d.key(tea.KeyEnter)
	d.want("结束备勤须有时限内核酸阴性结果（领导按 Ctrl+R 录入）")
	natFromGate3(d, "")
	d.key(tea.KeyEnter)
	d.want("结束备勤：2001 张伟，共备勤 1 天")
	d.key(tea.KeyEnter)
	d.want("备勤 0 人")
	d.key(tea.KeyF2)
	d.crossing("2001")
	d.want("准予通行")
	d.key(tea.KeyEnter)
	if n := len(allRecords(t, st, record.Incident)); n != 2 {
		t.Fatalf("%d incidents, want 2", n)
	}
}

func TestGate2SupplyLifecycleWithClock(t *testing.T) {
	d, st, now := clockDriver(t, "zh-CN")
	d.signIn("1001", "1234")
	d.key(tea.KeyF2)

	// receive
	d.keys(tea.KeyUp, tea.KeyRight) // mode: 物资接收
	d.key(tea.KeyTab)
	d.typ("医用外科口罩")
	d.keys(tea.KeyTab, tea.KeyRight) // 防护物资
	d.key(tea.KeyTab)
	d.typ("20")
	d.key(tea.KeyTab)
	d.typ("箱")
	d.key(tea.KeyEnter)
	d.want("请填写来源") // a required field keeps what was typed
	d.typ("市司法局")
	d.key(tea.KeyEnter)
	d.want("登记接收：医用外科口罩 20 箱（防护物资），来源：市司法局")
	d.key(tea.KeyEnter)
	d.want("待处理物资 1 项")
	d.want("待消毒")

	// storing before disinfection is refused
	d.keys(tea.KeyUp, tea.KeyRight, tea.KeyRight) // 物资消毒 → 物资入库
	d.want("尚未消毒，不能入库")
	d.key(tea.KeyTab)
	d.key(tea.KeyTab)
	d.typ("二号库房")
	before := d.seq()
	d.key(tea.KeyEnter)
	d.want("该物资尚未消毒，不能入库")

	// disinfect with the chlorine preset (500 mg/L, 30 min)
	d.keys(tea.KeyUp, tea.KeyLeft) // back to 物资消毒
	d.want("含氯消毒剂 500 mg/L 作用 30 分钟")
	d.key(tea.KeyEnter)
	d.want("消毒 #")
	d.want("作用 30 分钟，10:00 后可入库")
	d.key(tea.KeyEnter)
	d.want("消毒中，还需 30 分钟")
	if d.seq() != before+1 {
		t.Fatal("the refused storage wrote a record")
	}

	// 20 minutes later: storing is refused with the minutes left
	*now = now.Add(20 * time.Minute)
	d.keys(tea.KeyUp, tea.KeyRight) // 物资入库; the location typed before is kept
	before = d.seq()
	d.key(tea.KeyEnter)
	d.want("消毒作用时间未到，还需 10 分钟（10:00 后）方可入库")
	if d.seq() != before {
		t.Fatal("storage before the contact time was saved")
	}
	if got := d.m.screens[2].(*gate2Model).location.value(); got != "二号库房" {
		t.Fatalf("refusal lost the location: %q", got)
	}

	// at 10:00 the contact time is over
	*now = now.Add(10 * time.Minute)
	d.key(tea.KeyEnter)
	d.want("入库 #")
	d.want("存放于 二号库房")
	d.key(tea.KeyEnter)
	d.want("已保存：物资入库")
	d.want("没有待处理的物资")
	d.want("今日入库 1")

	rec := allRecords(t, st, record.SupplyReceived)
	dis := allRecords(t, st, record.SupplyDisinfected)
	sto := allRecords(t, st, record.SupplyStored)
	if len(rec) != 1 || len(dis) != 1 || len(sto) != 1 {
		t.Fatalf("records %d %d %d", len(rec), len(dis), len(sto))
	}
	rb := decode[record.SupplyReceivedBody](t, rec[0])
	db := decode[record.SupplyDisinfectedBody](t, dis[0])
	sb := decode[record.SupplyStoredBody](t, sto[0])
	if rb.Item != "医用外科口罩" || rb.Category != record.SupplyProtective || rb.Quantity != 20 || rb.Unit != "箱" || rb.Source != "市司法局" {
		t.Errorf("received %+v", rb)
	}
	if db.Supply != rec[0].ID || db.SupplySeq != rec[0].Seq || db.Method != record.MethodSpray || db.Agent != "含氯消毒剂" ||
		db.Concentration != "500 mg/L" || db.ContactMin != 30 || db.Operator != "1001" {
		t.Errorf("disinfected %+v", db)
	}
	if sb.Supply != rec[0].ID || sb.Disinfected != dis[0].ID || sb.Location != "二号库房" || sto[0].At.Sub(dis[0].At) != 30*time.Minute {
		t.Errorf("stored %+v after %v", sb, sto[0].At.Sub(dis[0].At))
	}
	for _, r := range []record.Record{rec[0], dis[0], sto[0]} {
		if r.Gate != 2 || r.Guard != "1001" {
			t.Errorf("%s at gate %d by %s", r.Kind, r.Gate, r.Guard)
		}
	}
}

func TestGate2DisinfectPresetsAreEditable(t *testing.T) {
	d, st, _ := clockDriver(t, "en")
	d.signIn("1001", "1234")
	d.key(tea.KeyF2)
	d.keys(tea.KeyUp, tea.KeyRight)
	d.key(tea.KeyTab)
	d.typ("rice")
	d.keys(tea.KeyTab, tea.KeyTab)
	d.typ("500")
	d.key(tea.KeyTab)
	d.typ("kg")
	d.key(tea.KeyTab)
	d.typ("grain depot")
	d.keys(tea.KeyEnter, tea.KeyEnter)
	d.keys(tea.KeyUp, tea.KeyRight) // Disinfect
	d.keys(tea.KeyTab, tea.KeyTab, tea.KeyTab)
	d.key(tea.KeyRight) // preset: alcohol wipe
	d.want("alcohol 75%, wipe, 3 min")
	d.key(tea.KeyTab) // agent
	d.key(tea.KeyTab) // concentration
	d.key(tea.KeyTab) // contact minutes
	d.key(tea.KeyBackspace)
	d.typ("5")
	d.want("custom") // edited by hand
	d.key(tea.KeyEnter)
	d.want("5 min contact")
	d.key(tea.KeyEnter)
	b := decode[record.SupplyDisinfectedBody](t, allRecords(t, st, record.SupplyDisinfected)[0])
	if b.Method != record.MethodWipe || b.Concentration != "75%" || b.ContactMin != 5 || b.Agent != "alcohol" {
		t.Fatalf("disinfected %+v", b)
	}
}

func TestGate3StandbyWorkflow(t *testing.T) {
	d, st, now := clockDriver(t, "zh-CN")
	d.signIn("1001", "1234")
	d.key(tea.KeyF3)

	// start: the planned end is proposed 14 days on; a past date is refused
	d.typ("2003")
	d.want("李娜 二大队  未在备勤")
	d.want("未在备勤")
	d.key(tea.KeyTab)
	d.ctrl(tea.KeyCtrlU) // clears the form, the planned end stays
	d.typ("2003")
	d.key(tea.KeyTab)
	for range 10 {
		d.key(tea.KeyBackspace)
	}
	d.typ("2026-11-01")
	d.key(tea.KeyTab)
	d.typ("3号楼201")
	d.key(tea.KeyEnter)
	d.want("计划结束日期不能早于今天")
	for range 10 {
		d.key(tea.KeyBackspace)
	}
	d.typ("2026年12月5日")
	d.key(tea.KeyEnter)
	d.want("开始备勤：2003 李娜，计划至 2026-12-05（7 天）")
	d.key(tea.KeyEnter)
	d.want("备勤 1 人")
	d.want("待监测 1")

	// starting again is refused
	d.typ("2003")
	d.key(tea.KeyEnter)
	d.want("此人已在备勤中")
	d.key(tea.KeyEsc)

	// three days on: the daily check-in, due today
	*now = now.Add(3 * 24 * time.Hour)
	d.key(tea.KeyF3)
	d.want("待监测 1")
	d.want("第4天")
	d.keys(tea.KeyUp, tea.KeyRight) // 每日报到
	d.key(tea.KeyTab)
	d.typ("2003")
	d.want("备勤第 4 天，计划至 2026-12-05")
	d.key(tea.KeyTab)
	d.typ("365")
	d.key(tea.KeyEnter)
	d.want("健康监测：2003 李娜 备勤第 4 天，体温 36.5℃，随时待命")
	d.key(tea.KeyEnter)
	d.want("已监测 1")
	d.want("待监测 0")

	// a fever at check-in is recorded with an incident
	// (ready left as it was: a fever is not ready, and the summary the
	// guard confirms says so, as the record does)
	d.typ("2003")
	d.key(tea.KeyTab)
	d.typ("37.9")
	d.key(tea.KeyEnter)
	// the first reading is saved at once, the form waits for the recheck
	d.want("首次体温已保存（发热待复测）：李娜 2003 37.9℃")
	if r := lastRecords(t, st, 1)[0]; r.Kind != record.Temperature || r.Gate != 3 {
		t.Fatalf("the first fever reading was not saved at once: %s", r.Kind)
	}
	d.typ("37.9")
	// the recheck confirms the fever, saved on this Enter: no further
	// recheck asked for
	d.key(tea.KeyEnter)
	d.want("已保存，确认发热并已上报：李娜 2003 37.9℃；请立即报告值班领导")
	d.lacks("请立即复测")
	rs := lastRecords(t, st, 2)
	ci := decode[record.StandbyCheckinBody](t, rs[0])
	if rs[0].Kind != record.StandbyCheckin || ci.Temp != 379 || !ci.Fever || ci.Ready || rs[1].Kind != record.Incident ||
		decode[record.IncidentBody](t, rs[1]).Type != "fever" {
		t.Fatalf("fever check-in %s %+v, then %s", rs[0].Kind, ci, rs[1].Kind)
	}
	d.want("37.9 发热")

	// emergency call-up: needs a reason, ends the standby
	d.keys(tea.KeyUp, tea.KeyRight, tea.KeyRight) // 紧急调用
	d.key(tea.KeyTab)
	d.typ("2003")
	d.key(tea.KeyEnter)
	d.want("请填写调用事由")
	d.typ("监区突发情况增援")
	d.key(tea.KeyEnter)
	d.want("紧急调用：2003 李娜（备勤第 4 天），事由：监区突发情况增援")
	d.key(tea.KeyEnter)
	d.want("备勤 0 人")
	d.want("今日调用 1")

	// a check-in for someone no longer in standby is refused
	d.keys(tea.KeyUp, tea.KeyLeft, tea.KeyLeft)
	d.key(tea.KeyTab)
	d.typ("2003")
	d.key(tea.KeyTab)
	d.typ("36.6")
	before := d.seq()
	d.key(tea.KeyEnter)
	d.want("此人目前不在备勤")
	if d.seq() != before {
		t.Fatal("a refused check-in was saved")
	}

	start := allRecords(t, st, record.StandbyStart)
	call := allRecords(t, st, record.StandbyCallup)
	if len(start) != 1 || len(call) != 1 {
		t.Fatalf("start %d call-up %d", len(start), len(call))
	}
	sb := decode[record.StandbyStartBody](t, start[0])
	cb := decode[record.StandbyCallupBody](t, call[0])
	if sb.Badge != "2003" || sb.Name != "李娜" || sb.PlannedEnd != "2026-12-05" || sb.Area != "3号楼201" || start[0].Gate != 3 {
		t.Errorf("start %+v", sb)
	}
	if cb.Start != start[0].ID || cb.Reason != "监区突发情况增援" {
		t.Errorf("call-up %+v", cb)
	}
	if decode[record.StandbyCheckinBody](t, allRecords(t, st, record.StandbyCheckin)[0]).Start != start[0].ID {
		t.Error("the check-in does not name its stint")
	}
}

func TestGate4ListAndEntries(t *testing.T) {
	d, st, now := clockDriver(t, "zh-CN")
	d.signIn("1001", "1234")
	d.key(tea.KeyF4)
	d.want("今日到岗名单尚未确定")

	// no list yet: everyone is denied
	d.crossing("2002")
	d.want("不在今日到岗名单内，不得进入")
	d.key(tea.KeyEsc)
	d.ctrl(tea.KeyCtrlU)

	// the list: y fills it from the roster, a plain guard needs a supervisor
	d.keys(tea.KeyUp, tea.KeyRight)
	d.want("2002  王芳")
	d.lacks("张伟") // custody staff are not on the office list
	d.key(tea.KeyTab)
	d.typ("y")
	d.want("已按名册岗位预填 3 人")
	d.want("有 3 项修改未保存")
	// 陈静 (后勤科, last in unit order) goes home today
	d.keys(tea.KeyDown, tea.KeyDown)
	d.key(tea.KeyRight)
	d.key(tea.KeyEnter)
	d.want("值班领导确认到岗名单")
	d.typ("9001")
	d.key(tea.KeyTab)
	d.typ("9999")
	d.key(tea.KeyTab)
	d.typ("按防控方案安排")
	d.key(tea.KeyEnter)
	d.want("今日到岗名单已保存")
	d.want("到岗 1  居家 2  未安排 0")

	att := allRecords(t, st, record.Attendance)
	if len(att) != 3 {
		t.Fatalf("%d attendance records", len(att))
	}
	status := map[string]record.AttendanceStatus{}
	for _, r := range att {
		b := decode[record.AttendanceBody](t, r)
		status[b.Badge] = b.Status
		if b.Day != "2026-11-28" || b.Supervisor != "9001" || b.Note != "按防控方案安排" || r.Guard != "1001" || r.Gate != 4 {
			t.Errorf("attendance %+v by %s", b, r.Guard)
		}
	}
	if status["2002"] != record.OnSite || status["2004"] != record.WFH || status["2005"] != record.WFH {
		t.Fatalf("statuses %v", status)
	}

	// entries: on site allowed, at home denied
	d.keys(tea.KeyShiftTab, tea.KeyLeft)
	d.key(tea.KeyTab)
	d.typ("2002")
	d.want("今日：到岗")
	d.key(tea.KeyEnter) // allowed: saved on this Enter
	d.want("已保存：王芳 2002 进")
	d.crossing("2004")
	d.want("今日居家办公，不得进入办公区")
	d.key(tea.KeyEnter)
	d.crossing("2001")
	d.want("隔离值守")
	d.key(tea.KeyEnter)
	d.want("进 1  出 0  拒 2")

	// the next day a supervisor carries the list over with one key
	*now = now.Add(24 * time.Hour)
	d.key(tea.KeyF9)
	d.typ("交班")
	d.key(tea.KeyEnter)
	d.signIn("9001", "9999")
	d.key(tea.KeyF4)
	d.want("上次名单为 2026-11-28")
	d.keys(tea.KeyUp, tea.KeyRight, tea.KeyTab)
	d.typ("y")
	d.want("已沿用 2026-11-28 的名单，共 3 人")
	d.key(tea.KeyEnter) // a supervisor saves directly
	d.want("今日到岗名单已保存")
	d.want("到岗 1  居家 2")
	var carried int
	for _, r := range allRecords(t, st, record.Attendance) {
		b := decode[record.AttendanceBody](t, r)
		if b.Day == "2026-11-29" {
			carried++
			if b.CarriedFrom != "2026-11-28" || b.Supervisor != "9001" || b.Status != status[b.Badge] {
				t.Errorf("carried %+v", b)
			}
		}
	}
	if carried != 3 {
		t.Fatalf("%d carried over", carried)
	}
	// Enter with nothing changed says so; so does carrying over again
	d.key(tea.KeyEnter)
	d.want("名单没有修改")
	d.typ("y")
	d.want("今日到岗名单已齐全，没有需要沿用的")
}

func TestGate5InspectionsAndSamples(t *testing.T) {
	d, st, now := clockDriver(t, "zh-CN")
	d.signIn("1001", "1234")
	d.key(tea.KeyF5)

	// vegetables from a known supplier with a certificate: accepted
	d.typ("大白菜")
	d.keys(tea.KeyTab, tea.KeyRight) // 蔬菜
	d.keys(tea.KeyTab, tea.KeyTab)   // the sensory check is left unset
	d.typ("城郊蔬菜合作社")
	d.key(tea.KeyTab)
	d.typ("JY13201000012345")
	d.keys(tea.KeyTab, tea.KeyTab)
	d.typ("200")
	d.key(tea.KeyTab)
	d.typ("kg")
	d.keys(tea.KeyTab, tea.KeyRight) // certificate seen
	d.key(tea.KeyEnter)
	d.want("请填写保质期") // the expiry is required
	d.typ("无")       // vegetables: no shelf life
	d.key(tea.KeyEnter)
	d.want("请选择感官检查")   // the checks start unset: the guard must assert them
	d.key(tea.KeyRight) // the cursor is on it: passed
	d.key(tea.KeyEnter)
	d.want("查验合格")
	d.key(tea.KeyEnter)
	d.want("合格 1")

	// frozen pork: cold chain is preset; no trace code and expired → rejected
	d.typ("冻猪肉")
	d.key(tea.KeyTab)
	for range 5 {
		d.key(tea.KeyRight) // 冷冻食品
	}
	d.want("检疫")
	d.keys(tea.KeyTab, tea.KeyRight) // sensory passed
	d.keys(tea.KeyTab, tea.KeyTab, tea.KeyTab)
	d.typ("20261101")
	d.key(tea.KeyTab)
	d.typ("50")
	d.key(tea.KeyTab)                // unit still kg from the last item
	d.keys(tea.KeyTab, tea.KeyRight) // certificate seen
	d.key(tea.KeyTab)
	d.typ("2026-10-01")
	d.key(tea.KeyTab)
	d.typ("2026-11-27")
	d.keys(tea.KeyTab, tea.KeyTab) // the origin starts unset: no papers until it is chosen
	d.want("请先选择产地")
	d.lacks("核酸")
	d.keys(tea.KeyRight, tea.KeyRight) // imported: the entry certificate
	d.want("检疫")
	d.want("核酸")
	d.lacks("动物检疫")
	d.key(tea.KeyTab)                                                                    // the trace code, left empty
	d.keys(tea.KeyTab, tea.KeyRight, tea.KeyTab, tea.KeyRight, tea.KeyTab, tea.KeyRight) // the papers
	d.key(tea.KeyEnter)
	d.want("拒收")
	d.want("过期、缺追溯码")
	d.want("拒收也要登记")
	d.key(tea.KeyEnter)
	d.want("拒收 1")
	fi := allRecords(t, st, record.FoodInspection)
	if len(fi) != 2 {
		t.Fatalf("%d inspections", len(fi))
	}
	a, r := decode[record.FoodInspectionBody](t, fi[0]), decode[record.FoodInspectionBody](t, fi[1])
	if !a.Accepted || a.Category != record.FoodVegetable || a.ColdChain || a.Quantity != 200 || a.Supplier != "城郊蔬菜合作社" {
		t.Errorf("accepted %+v", a)
	}
	if r.Accepted || !r.ColdChain || r.Category != record.FoodFrozen || r.Batch != "20261101" || r.Expires != "2026-11-27" ||
		strings.Join(r.Reasons, ",") != "expired,no_trace_code" || r.Papers == nil || !r.Papers.Quarantine ||
		r.Origin != record.OriginImported {
		t.Errorf("rejected %+v %+v", r, r.Papers)
	}

	// a future production date is a typing mistake, not a rejection
	d.typ("鸡蛋")
	d.key(tea.KeyTab)
	d.keys(tea.KeyTab, tea.KeyTab, tea.KeyTab, tea.KeyTab, tea.KeyTab)
	d.typ("30")
	d.keys(tea.KeyTab, tea.KeyTab, tea.KeyTab)
	d.typ("2026-12-01")
	before := d.seq()
	d.key(tea.KeyEnter)
	d.want("生产日期 2026-12-01 晚于今天，请核对")
	if d.seq() != before {
		t.Fatal("saved with a future production date")
	}
	d.key(tea.KeyEsc)

	// samples: too light refused, then kept 48 h
	d.keys(tea.KeyUp, tea.KeyUp, tea.KeyUp, tea.KeyUp, tea.KeyUp, tea.KeyUp)
	for d.m.screens[5].(*gate5Model).f.focus != 0 {
		d.key(tea.KeyUp)
	}
	d.key(tea.KeyRight)              // 留样登记
	d.keys(tea.KeyTab, tea.KeyRight) // 午餐 (09:30 proposes breakfast)
	d.want("留样人 1001")               // the signed-in guard, proposed
	d.keys(tea.KeyTab, tea.KeyTab)   // the fridge is required and read
	d.typ("12")
	d.key(tea.KeyTab)
	d.typ("米饭150、红烧肉100、炒青菜")
	d.key(tea.KeyEnter)
	d.want("留样冰箱温度应在0–8℃之间") // the cursor goes back to the fridge
	d.keys(tea.KeyBackspace, tea.KeyBackspace)
	d.typ("4")
	d.key(tea.KeyTab)
	d.key(tea.KeyEnter)
	d.want("「红烧肉」留样不足 125 克")
	for range len([]rune("100、炒青菜")) {
		d.key(tea.KeyBackspace)
	}
	d.typ("130，炒青菜")
	d.key(tea.KeyEnter)
	d.want("留样：午餐，留至 11-30 09:30，3 个菜品（米饭 150g、红烧肉 130g、炒青菜 125g）")
	d.key(tea.KeyEnter)
	d.want("在存留样 1 份，今日到期 0 份")
	sr := allRecords(t, st, record.FoodSample)[0]
	s := decode[record.FoodSampleBody](t, sr)
	if s.Meal != record.Lunch || len(s.Dishes) != 3 || s.Dishes[1] != (record.SampleDish{Name: "红烧肉", Grams: 130}) ||
		s.Until().Sub(sr.At) != 48*time.Hour || s.Taker != "1001" || s.FridgeTemp == nil || *s.FridgeTemp != 40 {
		t.Fatalf("sample %+v", s)
	}
	// Not yet over: Ctrl+D says when it may go, and writes nothing.
	before = d.seq()
	d.ctrl(tea.KeyCtrlD)
	d.want("最早 11-30 09:30 可处理")
	if d.seq() != before {
		t.Fatal("a sample was discarded before its time")
	}

	// two days on the sample's retention ends today
	*now = now.Add(47 * time.Hour)
	d.key(tea.KeyF5)
	d.want("今日到期 1 份")
	d.want("今日到期")
	*now = now.Add(2 * time.Hour)
	d.key(tea.KeyF5)
	d.want("已满留存期")
	d.ctrl(tea.KeyCtrlD)
	d.want("已处理到期留样")
	d.want("在存留样 0 份")
	dr := allRecords(t, st, record.SampleDiscard)
	if len(dr) != 1 {
		t.Fatalf("%d discards", len(dr))
	}
	if b := decode[record.SampleDiscardBody](t, dr[0]); b.Sample != sr.ID || b.SampleSeq != sr.Seq || b.By != "1001" || dr[0].Gate != 5 {
		t.Fatalf("discard %+v", b)
	}
}

// TestGateSampleRulesFromSettings: the facility can raise the sample
// minimum and retention through the terminal's settings.
func TestGateSampleRulesFromSettings(t *testing.T) {
	d, st, _ := clockDriver(t, "en")
	ctx := context.Background()
	if err := st.SetSetting(ctx, SettingSampleGrams, "150"); err != nil {
		t.Fatal(err)
	}
	if err := st.SetSetting(ctx, SettingSampleHours, "72"); err != nil {
		t.Fatal(err)
	}
	d.signIn("1001", "1234")
	d.key(tea.KeyF5)
	d.keys(tea.KeyUp, tea.KeyRight) // Sample
	d.want("At least 150 g of each dish, kept cold at least 72 hours")
	g := d.m.screens[5].(*gate5Model)
	if g.grams.value() != "150" || g.hours.value() != "72" {
		t.Fatalf("defaults %q %q", g.grams.value(), g.hours.value())
	}
}

// TestGatesCatalogueComplete checks that every code the gate-2–5 rules can
// produce, and every key the screens build, has both languages.
func TestGatesCatalogueComplete(t *testing.T) {
	var keys []string
	add := func(prefix string, codes ...string) {
		for _, c := range codes {
			keys = append(keys, prefix+c)
		}
	}
	for _, r := range append(append(append([]gate.Reason{}, gate.StaffGateReasons...), gate.StandbyReasons...), gate.FoodReasons...) {
		add("reason.", string(r))
	}
	for _, r := range append(gate.StaffGateReasons, gate.FoodReasons...) {
		add("rs.", string(r))
	}
	add("refuse.", gate.SupplyRefusals...)
	add("refuse.", gate.SampleRefusals...)
	add("err.", gate.GateInputCodes...)
	for _, k := range []record.Kind{record.SupplyReceived, record.SupplyDisinfected, record.SupplyStored, record.StandbyStart,
		record.StandbyCheckin, record.StandbyEnd, record.StandbyCallup, record.Attendance, record.FoodInspection,
		record.FoodSample, record.Disinfection} {
		add("kind.", string(k))
	}
	for _, x := range record.SupplyCategories {
		add("supply.", string(x))
	}
	for _, x := range record.DisinfectMethods {
		add("method.", string(x))
	}
	for _, x := range record.FoodCategories {
		add("food.", string(x))
	}
	for _, x := range record.Meals {
		add("meal.", string(x))
	}
	for _, x := range gate.StandbyActions {
		add("g3.mode.", string(x))
	}
	for _, x := range gate.DisinfectPresets {
		add("preset.", x.Name, x.Name+".agent")
	}
	for _, x := range gate.Assignments {
		add("assign.", string(x))
	}
	add("stage.", "received", "disinfecting", "ready", "stored")
	add("att.", string(record.OnSite), string(record.WFH), "unset")
	add("incident.", gate.IncidentContact)
	// and every literal key in the screens' source
	re := regexp.MustCompile(`(?:T|textF|choiceF|spinF)\("([a-z0-9_.]+)"`)
	for _, f := range []string{"gate2.go", "gate3.go", "gate4.go", "gate5.go", "gates_form.go", "gates_log.go"} {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(src), -1) {
			if !strings.HasSuffix(m[1], ".") {
				keys = append(keys, m[1])
			}
		}
	}
	for _, k := range keys {
		m, ok := i18n.Lookup(k)
		if !ok {
			t.Errorf("catalogue lacks %q", k)
			continue
		}
		if m[0] == "" || m[1] == "" {
			t.Errorf("%q is empty in a language: %q", k, m)
		}
	}
	if len(keys) < 150 {
		t.Fatalf("only %d keys checked", len(keys))
	}
}

// TestHelpListsScreenKeys: ? lists the global keys and, under its own
// heading, the keys only the screen on display has (gate 4's list editor).
func TestHelpListsScreenKeys(t *testing.T) {
	d, _, _ := clockDriver(t, "zh-CN")
	d.signIn("1001", "1234")
	d.key(tea.KeyF4)
	d.typ("?")
	d.want("按键说明")
	d.want("切换门岗")
	d.want("本屏按键") // the form's keys, from the keymap the form reads
	d.want("上一项")
	d.key(tea.KeyEsc)
	d.keys(tea.KeyUp, tea.KeyRight, tea.KeyTab)
	d.typ("?")
	d.want("本屏按键")
	d.want("沿用上次名单")
	d.want("到岗/居家")
	d.want("└") // the dialog's bottom border still fits
	for _, l := range strings.Split(d.screen(), "\n") {
		if w := ansi.StringWidth(l); w > 80 {
			t.Fatalf("line too long: %q", l)
		}
	}
	d.key(tea.KeyEsc)
	d.want("今日到岗名单")
}
