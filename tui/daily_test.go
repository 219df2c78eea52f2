package tui

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"gatepost/gate"
	"gatepost/post"
	"gatepost/record"
	"gatepost/report"
	"gatepost/store"
)

// addDetainees puts n active detainees D1001… in one dormitory.
func addDetainees(t *testing.T, st *store.Store, n int, dorm string) []gate.Person {
	t.Helper()
	return addDetaineesFrom(t, st, 1001, n, dorm)
}

func addDetaineesFrom(t *testing.T, st *store.Store, first, n int, dorm string) []gate.Person {
	t.Helper()
	var ps []gate.Person
	for i := 0; i < n; i++ {
		ps = append(ps, gate.Person{Badge: fmt.Sprintf("D%d", first+i), Name: fmt.Sprintf("学员%02d", first%1000+i), Kind: gate.Detainee, Unit: dorm, Active: true})
	}
	if err := st.PutPeople(context.Background(), ps); err != nil {
		t.Fatal(err)
	}
	return ps
}

// dayRows reads today's records of some kinds, oldest first.
func dayRows(t *testing.T, st *store.Store, kinds ...record.Kind) []store.Row {
	t.Helper()
	rows, err := st.KindRows(context.Background(), store.KindQuery{Kinds: kinds, From: store.Day(fixedNow), To: store.Day(fixedNow)})
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func (m *Model) daily() *dailyModel { return m.screens[0].(*dailyModel) }

// The roll-call of §3: 50 people, each checked with the reading and Enter,
// counting every key the guard presses after opening the screen.
func TestRollCall50PeopleKeystrokes(t *testing.T) {
	d, st := newDriver(t, "zh-CN")
	people := addDetainees(t, st, 50, "三大队/宿舍9")
	d.signIn("1001", "1234")
	keys := 0
	press := func(msg tea.KeyMsg) { keys++; d.send(msg) }
	press(tea.KeyMsg{Type: tea.KeyF6})
	d.want("三大队")
	perReading := []int{}
	for i := range people {
		before := keys
		if got := d.m.daily().roll.cursor; got != people[i].Badge {
			t.Fatalf("reading %d: cursor on %s, want %s (the next unchecked)", i+1, got, people[i].Badge)
		}
		for _, r := range fmt.Sprintf("36%d", i%10) { // 360 … 369: normal readings
			press(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
		}
		press(tea.KeyMsg{Type: tea.KeyEnter})
		perReading = append(perReading, keys-before)
	}
	for i, n := range perReading {
		if n > 4 {
			t.Errorf("reading %d took %d keystrokes, want at most 4", i+1, n)
		}
	}
	if keys != 1+50*4 {
		t.Errorf("%d keystrokes in all, want %d (F6, then 4 a person)", keys, 1+50*4)
	}
	rows := dayRows(t, st, record.Temperature)
	if len(rows) != 50 {
		t.Fatalf("%d temperature records, want 50", len(rows))
	}
	for i, r := range rows {
		var b record.TemperatureBody
		if err := r.Decode(&b); err != nil || b.Badge != people[i].Badge || b.Temp != record.Tenths(360+i%10) || b.Fever || r.Gate != 0 || r.Guard != "1001" {
			t.Errorf("record %d: gate %d guard %s body %+v", i, r.Gate, r.Guard, b)
		}
	}
	d.want("50/50")
	d.want("本组已全部测温")
	t.Logf("50 readings in %d keystrokes (%.1f a person)", keys-1, float64(keys-1)/50)
}

func TestRollCallFeverRecheckKeepsPlace(t *testing.T) {
	d, st := newDriver(t, "zh-CN")
	addDetainees(t, st, 3, "一大队/宿舍1")
	d.signIn("1001", "1234")
	d.key(tea.KeyF6)
	roll := &d.m.daily().roll
	d.typ("378")
	d.key(tea.KeyEnter)
	if roll.cursor != "D1001" {
		t.Fatalf("after a fever the cursor moved to %s", roll.cursor)
	}
	d.want("复测体温")
	d.want("发热 待复测")
	d.typ("376")
	d.key(tea.KeyEnter)
	if roll.cursor != "D1002" {
		t.Fatalf("after the recheck the cursor is on %s, want D1002", roll.cursor)
	}
	temps := dayRows(t, st, record.Temperature)
	incs := dayRows(t, st, record.Incident)
	if len(temps) != 2 || len(incs) != 1 {
		t.Fatalf("%d temperatures, %d incidents; want 2 and 1", len(temps), len(incs))
	}
	var first, again record.TemperatureBody
	var inc record.IncidentBody
	_ = temps[0].Decode(&first)
	_ = temps[1].Decode(&again)
	_ = incs[0].Decode(&inc)
	if !first.Fever || first.Recheck || !again.Recheck || !again.Fever || inc.Related != temps[1].ID || inc.Detail != "37.8/37.6" || inc.Type != "fever" {
		t.Errorf("first %+v again %+v incident %+v", first, again, inc)
	}
	// A second fever whose recheck is put off: Esc moves on, the gaps keep it.
	d.typ("381")
	d.key(tea.KeyEnter)
	d.key(tea.KeyEsc)
	if roll.cursor != "D1003" {
		t.Fatalf("Esc on a pending recheck left the cursor on %s", roll.cursor)
	}
	recheck := slices.Index(gate.GapKinds, gate.GapRecheck)
	if g := gate.Gaps(d.m.daily().today); g[recheck].Count != 1 {
		t.Errorf("gaps %+v: want one fever without a recheck", g)
	}
	// Going back up to them, the next reading is their recheck: normal, no incident.
	d.key(tea.KeyUp)
	d.want("复测体温")
	d.typ("365")
	d.key(tea.KeyEnter)
	if n := len(dayRows(t, st, record.Incident)); n != 1 {
		t.Errorf("%d incidents after a normal recheck, want still 1", n)
	}
	d.want("复测正常")
	if g := gate.Gaps(d.m.daily().today); g[recheck].Count != 0 {
		t.Errorf("recheck still open: %+v", g[recheck])
	}
}

func TestRollCallBadReadingKeepsInput(t *testing.T) {
	d, st := newDriver(t, "en")
	addDetainees(t, st, 2, "一大队/宿舍1")
	d.signIn("1001", "1234")
	d.key(tea.KeyF6)
	d.typ("3x5")
	d.key(tea.KeyEnter)
	d.want(`Temperature not understood: "3x5"`)
	d.typ("0") // still typing in the same field
	if v := d.m.daily().roll.input.Value(); v != "3x50" {
		t.Errorf("input %q: what was typed must be kept", v)
	}
	d.send(tea.KeyMsg{Type: tea.KeyCtrlU})
	d.key(tea.KeyEsc)
	d.typ("305")
	d.key(tea.KeyEnter)
	d.want("outside 34.0–42.5 °C")
	d.key(tea.KeyEnter) // Enter again on the same implausible value saves nothing either
	if n := len(dayRows(t, st, record.Temperature)); n != 0 {
		t.Errorf("%d readings saved from bad input", n)
	}
	if d.m.daily().roll.cursor != "D1001" {
		t.Error("a rejected reading moved the cursor")
	}
}

func TestRollCallGroupsAndCoverage(t *testing.T) {
	d, st := newDriver(t, "zh-CN")
	addDetainees(t, st, 2, "一大队/宿舍1")
	if err := st.PutPeople(context.Background(), []gate.Person{
		{Badge: "D2001", Name: "学员甲", Kind: gate.Detainee, Unit: "二大队/宿舍3", Active: true},
	}); err != nil {
		t.Fatal(err)
	}
	d.signIn("1001", "1234")
	d.key(tea.KeyF6)
	// Groups: detainees by unit and dormitory, then staff by unit.
	var keys []string
	for _, g := range d.m.daily().groups {
		keys = append(keys, g.Key)
	}
	want := "detainee|一大队 detainee|一大队/宿舍1 detainee|二大队 detainee|二大队/宿舍3 staff|一大队 staff|办公室"
	if strings.Join(keys, " ") != want {
		t.Fatalf("groups %q", keys)
	}
	d.key(tea.KeyRight) // 宿舍1
	d.key(tea.KeyRight) // 二大队
	d.want("戒毒人员 二大队  0/1")
	d.typ("364")
	d.key(tea.KeyEnter)
	d.want("今日测温 1/5（20%）")
	d.want("戒毒人员 1/3")
	d.want("本组已全部测温")
	// Staff who came through the main gate with a temperature are screened.
	d.key(tea.KeyF1)
	d.typ("2002")
	d.key(tea.KeyTab)
	d.key(tea.KeyTab)
	d.key(tea.KeyTab)
	d.typ("365")
	d.key(tea.KeyEnter)
	d.key(tea.KeyEnter)
	d.key(tea.KeyF6)
	d.want("职工 1/2")
	d.key(tea.KeyRight)
	d.key(tea.KeyRight)
	d.key(tea.KeyRight) // staff 办公室
	d.want("第一关")
}

func TestDisinfectionLog(t *testing.T) {
	d, st := newDriver(t, "zh-CN")
	d.signIn("1001", "1234")
	d.key(tea.KeyF6)
	d.key(tea.KeyF8)
	d.want("全天频次已完成的区域：0/5")
	d.key(tea.KeyEnter) // every field preset: main gate, gatehouse, chlorine 500 mg/L, 30 min, the guard
	// One round in the gatehouse: the lane, public, wants two rounds yet,
	// so the zone is not done.
	d.want("门岗值班室 1/1  检查通道 0/2")
	d.want("全天频次已完成的区域：0/5")
	rows := dayRows(t, st, record.Disinfection)
	if len(rows) != 1 {
		t.Fatalf("%d disinfection records", len(rows))
	}
	var b record.DisinfectionBody
	_ = rows[0].Decode(&b)
	// The required area is stored by its code: the report and an English
	// terminal name it in their own words.
	want := record.DisinfectionBody{Zone: "main_gate", Area: "gatehouse", Method: record.MethodSpray, Agent: "含氯消毒剂",
		Concentration: "500 mg/L", ContactMin: 30, Operator: "陈警官"}
	if b != want || rows[0].Gate != 0 {
		t.Errorf("body %+v, want %+v", b, want)
	}
	// The form stays in the zone, on the area still short of its rounds.
	f := d.m.daily().dis
	if gate.Zones[f.zone] != gate.ZoneMainGate || zoneAreas(d.m.cat, gate.ZoneMainGate)[f.area].code != "inspection_lane" {
		t.Fatalf("form on zone %s area %d after the gatehouse", gate.Zones[f.zone], f.area)
	}
	d.key(tea.KeyEnter)
	d.want("检查通道 1/2")
	d.key(tea.KeyEnter)
	d.want("检查通道 2/2")
	d.want("全天频次已完成的区域：1/5")
	// The main gate done, the form moves on to the next zone; type an
	// area of one's own, a different agent, and a time earlier today.
	if gate.Zones[f.zone] != gate.ZoneCustody {
		t.Fatalf("form on zone %s after the main gate was done", gate.Zones[f.zone])
	}
	d.key(tea.KeyDown) // area
	d.key(tea.KeyLeft) // the last choice: typed
	d.typ("北侧围墙")
	d.key(tea.KeyDown)  // method
	d.key(tea.KeyDown)  // agent
	d.key(tea.KeyRight) // chlorine_high
	d.key(tea.KeyRight) // alcohol: method follows
	for i := 0; i < 4; i++ {
		d.key(tea.KeyDown) // conc, contact, operator, time
	}
	d.typ("25:00")
	d.key(tea.KeyEnter)
	d.want("时间格式不对")
	d.send(tea.KeyMsg{Type: tea.KeyBackspace})
	d.send(tea.KeyMsg{Type: tea.KeyBackspace})
	d.send(tea.KeyMsg{Type: tea.KeyBackspace})
	d.send(tea.KeyMsg{Type: tea.KeyBackspace})
	d.send(tea.KeyMsg{Type: tea.KeyBackspace})
	d.typ("8:15")
	d.key(tea.KeyEnter)
	rows = dayRows(t, st, record.Disinfection)
	if len(rows) != 4 {
		t.Fatalf("%d disinfection records, want 4:\n%s", len(rows), d.screen())
	}
	_ = rows[3].Decode(&b)
	if b.Zone != "custody" || b.Area != "北侧围墙" || b.Method != record.MethodWipe || b.Agent != "75%酒精" || b.ContactMin != 3 || rows[3].At.Format("15:04") != "08:15" {
		t.Errorf("fourth record %+v at %s", b, rows[3].At.Format("15:04"))
	}
	// An area of one's own does not count for the required ones.
	d.want("戒毒管理区  值勤区 0/2  物资暂存间 0/1  监区公共区域 0/2")
	done := d.m.daily().areas
	if len(done) != len(gate.DefaultAreas) || done[0].Done != 1 || done[1].Done != 2 || len(gate.ZoneMissing(done, gate.ZoneMainGate)) != 0 {
		t.Errorf("areas done %+v", done)
	}
}

// An area typed by hand is stored by its code when it names a required
// area in the terminal's language (or by the Chinese name records carried
// before the codes); any other area as typed.
func TestAreaCodeOfTypedArea(t *testing.T) {
	zh, en := NewCatalog("zh-CN"), NewCatalog("en")
	for _, c := range []struct {
		cat   *Catalog
		zone  gate.Zone
		typed string
		want  string
	}{
		{zh, gate.ZoneMainGate, "检查通道", "inspection_lane"},
		{en, gate.ZoneMainGate, "Inspection  lane", "inspection_lane"},
		{en, gate.ZoneMainGate, "检查通道", "inspection_lane"},
		{zh, gate.ZoneOffice, "卫生间", "office_washrooms"},
		{zh, gate.ZoneStandby, "卫生间", "卫生间"}, // not a required area of that zone
		{zh, gate.ZoneCustody, "北侧围墙", "北侧围墙"},
	} {
		if got := areaCode(c.cat, c.zone, c.typed); got != c.want {
			t.Errorf("%s %q: %q, want %q", c.zone, c.typed, got, c.want)
		}
	}
	// Every required area is named in both languages; in Chinese by the
	// name its records carried before the codes.
	for _, a := range gate.DefaultAreas {
		if !zh.Has("area."+a.Code) || report.AreaName(zh, a.Code) != a.Names[0] || strings.TrimSpace(report.AreaName(en, a.Code)) == "" {
			t.Errorf("area %s: %q / %q", a.Code, report.AreaName(zh, a.Code), report.AreaName(en, a.Code))
		}
	}
}

func TestReportSubmitAndResubmit(t *testing.T) {
	d, st := newDriver(t, "zh-CN")
	d.signIn("1001", "1234")
	d.key(tea.KeyF6)
	d.key(tea.KeyF8)
	d.key(tea.KeyF8)
	d.want("日报 2026年11月28日")
	d.want("未提交")
	d.key(tea.KeyEnter)
	d.want("提交日报")
	d.want("安全稳定")
	d.typ("1001")
	d.key(tea.KeyTab)
	d.typ("1234")
	d.key(tea.KeyEnter)
	// The attestation is asserted, never assumed: left unset, it is asked for.
	d.want("请选择安全稳定")
	d.key(tea.KeyRight) // the focus is on it: 无脱逃、自杀自残、行凶伤害、打架斗殴、所内案件
	d.key(tea.KeyEnter)
	d.want("不是值班领导") // the cursor is back on the badge
	d.send(tea.KeyMsg{Type: tea.KeyCtrlU})
	for i := 0; i < 4; i++ {
		d.send(tea.KeyMsg{Type: tea.KeyBackspace})
	}
	d.typ("9001")
	d.key(tea.KeyTab)
	d.typ("9999")
	d.key(tea.KeyEnter)
	if d.m.modal != nil {
		t.Fatalf("modal still open:\n%s", d.screen())
	}
	d.want("已提交 2026年11月28日 日报")
	sub, ok, err := st.LatestReport(context.Background(), "2026-11-28")
	if err != nil || !ok || sub.Body.Supervisor != "9001" || sub.Guard != "1001" || sub.Body.Zero || sub.Body.Supersedes != "" {
		t.Fatalf("submitted %+v ok=%v err=%v", sub.Body, ok, err)
	}
	var rep gate.Report
	if err := sub.Decode(&struct {
		Report *gate.Report `json:"report"`
	}{&rep}); err != nil || rep.Day != "2026-11-28" || rep.Screening.Staff.Expected != 2 || !rep.Security.Attested || !rep.Security.NoEvents {
		t.Errorf("the record carries the figures and the attestation: %+v %+v %v", rep.Screening, rep.Security, err)
	}
	last := lastRecords(t, st, 1)[0]
	var sec record.SecurityDailyBody
	if last.Kind != record.SecurityDaily || last.Decode(&sec) != nil || !sec.NoEvents || sec.Supervisor != "9001" || sec.Preparer != "1001" {
		t.Errorf("the attestation: %s %+v", last.Kind, sec)
	}
	d.want("已提交 11-28 09:30 9001（共 1 次）")
	// Again: a reason is required, and the new record replaces the first;
	// this time the supervisor records an event, its time checked.
	d.key(tea.KeyEnter)
	d.want("重新提交日报")
	d.typ("9001")
	d.key(tea.KeyTab)
	d.typ("9999")
	d.key(tea.KeyTab)
	d.key(tea.KeyTab)
	d.key(tea.KeyLeft) // 有事件
	d.want("事件类别")
	d.key(tea.KeyTab)
	d.key(tea.KeyRight) // 自杀自残 → 行凶伤害
	d.key(tea.KeyRight)
	d.key(tea.KeyRight) // 打架斗殴
	d.key(tea.KeyTab)
	d.typ("1020")
	d.key(tea.KeyTab)
	d.typ("两名戒毒人员口角推搡")
	d.key(tea.KeyTab)
	d.typ("当即制止，分开管理")
	d.key(tea.KeyEnter)
	d.want("时间格式不对") // what was typed is kept, the focus on it
	for i := 0; i < 4; i++ {
		d.send(tea.KeyMsg{Type: tea.KeyBackspace})
	}
	d.typ("10:20")
	d.key(tea.KeyEnter)
	d.want("重新提交须写明理由")
	d.typ("补报王芳测温")
	d.key(tea.KeyEnter)
	again, _, _ := st.LatestReport(context.Background(), "2026-11-28")
	if again.Count != 2 || again.Body.Supersedes != sub.ID || again.Body.Reason != "补报王芳测温" {
		t.Errorf("resubmission %+v count %d", again.Body, again.Count)
	}
	if err := again.Decode(&struct {
		Report *gate.Report `json:"report"`
	}{&rep}); err != nil || len(rep.Security.Events) != 1 || rep.Security.Events[0].Type != record.SecFight || rep.Security.Events[0].Time != "10:20" {
		t.Errorf("the attested event: %+v %v", rep.Security, err)
	}
	d.want("共 2 次")
}

func TestGapsOpenListAndJumpToRollCall(t *testing.T) {
	d, st := newDriver(t, "zh-CN")
	addDetainees(t, st, 3, "一大队/宿舍1")
	d.signIn("1001", "1234")
	d.key(tea.KeyF6)
	for i := 0; i < 3; i++ {
		d.key(tea.KeyF8)
	}
	d.want("未测体温人员")
	d.key(tea.KeyEnter)
	d.want("学员02（D1002，戒毒人员，一大队/宿舍1）")
	d.key(tea.KeyDown)
	d.key(tea.KeyEnter)
	dm := d.m.daily()
	if dm.part != partRoll || dm.roll.cursor != "D1002" || dm.roll.group != "detainee|一大队/宿舍1" {
		t.Fatalf("jumped to part %d, cursor %s, group %s", dm.part, dm.roll.cursor, dm.roll.group)
	}
	d.typ("366")
	d.key(tea.KeyEnter)
	rows := dayRows(t, st, record.Temperature)
	var b record.TemperatureBody
	if len(rows) != 1 || rows[0].Decode(&b) != nil || b.Badge != "D1002" {
		t.Errorf("reading saved for %+v", b)
	}
}

func TestNoticeBannerAndAcknowledge(t *testing.T) {
	d, st := newDriver(t, "zh-CN")
	if err := st.PutNotices(context.Background(), []store.Notice{
		{ID: "N-1", Title: "加强夜间巡查", Body: "各岗位夜间每两小时巡查一次，发现异常立即报告。", Day: "2026-11-28", PublishedAt: fixedNow.Add(-time.Hour)},
		{ID: "N-0", Title: "昨天的通知", Body: "x", Day: "2026-11-27", PublishedAt: fixedNow.Add(-25 * time.Hour)},
	}); err != nil {
		t.Fatal(err)
	}
	d.signIn("1001", "1234")
	d.send(tickMsg(fixedNow)) // the clock tick polls the notices
	d.want("【通知】加强夜间巡查（未确认 1 条）")
	d.key(tea.KeyF2) // on every screen
	d.want("【通知】加强夜间巡查")
	d.key(tea.KeyF6)
	for i := 0; i < 4; i++ {
		d.key(tea.KeyF8)
	}
	d.want("各岗位夜间每两小时巡查一次")
	d.key(tea.KeyEnter)
	if strings.Contains(d.screen(), "【通知】") {
		t.Errorf("banner still shown after the acknowledgement:\n%s", d.screen())
	}
	d.want("[已确认 1001 09:30]")
	rows := dayRows(t, st, record.NoticeAck)
	var b record.NoticeAckBody
	if len(rows) != 1 || rows[0].Decode(&b) != nil || b.Notice != "N-1" || rows[0].Guard != "1001" || b.Name != "陈警官" {
		t.Errorf("ack %+v", b)
	}
}

// The shift summary is the daily report's computation over the shift.
func TestShiftSummaryFromReport(t *testing.T) {
	d, st := newDriver(t, "zh-CN")
	addDetainees(t, st, 2, "一大队/宿舍1")
	d.signIn("1001", "1234")
	d.key(tea.KeyF6)
	d.typ("365")
	d.key(tea.KeyEnter)
	d.typ("380")
	d.key(tea.KeyEnter)
	d.typ("379")
	d.key(tea.KeyEnter)
	rep, err := d.m.svc.ShiftReport(context.Background(), post.ShiftRef{Seq: d.m.shiftAt})
	if err != nil {
		t.Fatal(err)
	}
	sum := rep.Summary()
	if sum["readings"] != 3 || sum["fevers"] != 1 || sum["incidents"] != 1 || sum["records"] != 5 {
		t.Errorf("summary %v", sum)
	}
	if got := shiftSummaryText(d.m.cat, sum); got != "记录 5、测温 3、发热 1、异常 1" {
		t.Errorf("summary text %q", got)
	}
}

// A wrong reading is voided from the gate-0 log under the roll-call; the
// person is unchecked again and the cursor can come back to them.
func TestRollCallVoidWrongReading(t *testing.T) {
	d, st := newDriver(t, "zh-CN")
	addDetainees(t, st, 2, "一大队/宿舍1")
	d.signIn("1001", "1234")
	d.key(tea.KeyF6)
	d.typ("365")
	d.key(tea.KeyEnter)
	d.want("今日测温 1/4")
	d.key(tea.KeyTab) // into the log
	d.typ("v")
	d.want("作废记录")
	d.typ("9001")
	d.key(tea.KeyTab)
	d.typ("9999")
	d.key(tea.KeyTab)
	d.typ("测错人")
	d.key(tea.KeyEnter)
	d.want("已作废")
	d.key(tea.KeyEsc) // back to the roll-call
	d.want("今日测温 0/4")
	if g := gate.Gaps(d.m.daily().today); g[0].Count != 4 {
		t.Errorf("unscreened after the void: %d", g[0].Count)
	}
}

// A staff member working from home on the unscreened list is found in the
// roll-call's phone group.
func TestGapsJumpToPhoneGroup(t *testing.T) {
	d, _, _ := clockDriver(t, "zh-CN")
	d.signIn("1001", "1234")
	d.key(tea.KeyF6)
	for i := 0; i < 3; i++ {
		d.key(tea.KeyF8)
	}
	d.want("未测体温人员")
	d.key(tea.KeyEnter)
	d.want("刘洋（2004")
	un := d.m.daily().today.Screening.Unchecked
	i := slices.IndexFunc(un, func(p gate.PersonItem) bool { return p.Badge == "2004" })
	if i < 0 {
		t.Fatalf("刘洋, at home and not called, is not unscreened: %+v", un)
	}
	for range i {
		d.key(tea.KeyDown)
	}
	d.key(tea.KeyEnter)
	dm := d.m.daily()
	if dm.part != partRoll || !dm.roll.phone || dm.roll.cursor != "2004" {
		t.Fatalf("jumped to part %d, phone %v, cursor %s", dm.part, dm.roll.phone, dm.roll.cursor)
	}
	d.want("居家办公民警职工（电话报告）")
}
