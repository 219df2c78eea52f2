package tui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"gatepost/auth"
	"gatepost/gate"
	"gatepost/record"
	"gatepost/store"
)

// The tests of issue 9's "what a guard must get": keys into the root model,
// records read back from the real store.

// passages returns the passages written after seq, oldest first.
func passages(t *testing.T, st *store.Store, after int64) []record.PassageBody {
	t.Helper()
	var out []record.PassageBody
	if err := st.Each(context.Background(), after, func(r record.Record) error {
		if r.Kind == record.Passage {
			var b record.PassageBody
			if err := r.Decode(&b); err != nil {
				return err
			}
			out = append(out, b)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func signedIn(t *testing.T, lang string) (*driver, *store.Store, int64) {
	t.Helper()
	d, st := newDriver(t, lang)
	d.signIn("1001", "1234")
	return d, st, d.seq()
}

func TestCommonCaseIsNineKeys(t *testing.T) {
	d, st, before := signedIn(t, "zh-CN")
	d.sent = 0
	// The whole entry arrives before the store answers anything.
	d.burst(typed("2001⏎365⏎")...)
	if d.sent != 9 {
		t.Fatalf("the common case took %d keys, want 9", d.sent)
	}
	ps := passages(t, st, before)
	if len(ps) != 1 || ps[0].Badge != "2001" || ps[0].Name != "张伟" || ps[0].Temp == nil || *ps[0].Temp != 365 || !ps[0].Allowed {
		t.Fatalf("saved %+v", ps)
	}
	if ps[0].Subject != record.SubjectStaff {
		t.Fatalf("category %q", ps[0].Subject)
	}
	d.want("已保存：张伟 2001 进 36.5℃")
}

func TestTemperatureShownAsUnderstood(t *testing.T) {
	d, _, _ := signedIn(t, "zh-CN")
	d.burst(typed("2001⏎36,5⏎")...)
	d.want("已保存：张伟 2001 进 36.5℃")
}

func TestBurstOfEntriesKeepsTypingOrder(t *testing.T) {
	d, st, before := signedIn(t, "en")
	// Two entries, and two Enters close together (a scanner's badge and
	// Enter, then the reading): each Enter counts, nothing is dropped.
	d.burst(typed("2001⏎365⏎2002⏎366⏎")...)
	ps := passages(t, st, before)
	if len(ps) != 2 || ps[0].Badge != "2001" || ps[1].Badge != "2002" {
		t.Fatalf("want 2001 then 2002 in seq order, got %+v", ps)
	}
	if *ps[1].Temp != 366 {
		t.Fatalf("second temperature %v", *ps[1].Temp)
	}
}

func TestTwoEntersActAsTwo(t *testing.T) {
	d, st, before := signedIn(t, "en")
	// An unknown visitor: the first Enter decides (a denial that waits),
	// the second, sent before the store answered, saves the denial.
	d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("X999")})
	d.keys(tea.KeyTab, tea.KeyTab, tea.KeyTab)
	d.typ("366")
	d.burst(typed("⏎⏎")...)
	ps := passages(t, st, before)
	if len(ps) != 1 || ps[0].Allowed || ps[0].Reason != string(gate.ReasonNotOnRoster) {
		t.Fatalf("want the denial saved once, got %+v", ps)
	}
	d.want("Denial saved: X999 In 36.6℃")
}

// unknownAtTemp types an unknown badge and a temperature and asks for the
// decision: a denial that waits.
func unknownAtTemp(d *driver, badge string) {
	d.t.Helper()
	d.typ(badge)
	d.keys(tea.KeyTab, tea.KeyTab, tea.KeyTab)
	d.typ("366")
	d.key(tea.KeyEnter)
}

func TestDenialWaitsAndEscGoesBackToEditing(t *testing.T) {
	d, st, before := signedIn(t, "zh-CN")
	unknownAtTemp(d, "X999")
	d.want("不予通行")
	d.want("X999 进 36.6℃  不在名册") // the person before the reason
	if n := len(passages(t, st, before)); n != 0 {
		t.Fatalf("a denial was saved before the guard answered (%d)", n)
	}
	d.key(tea.KeyEsc) // a typo: back to the form, input kept
	if d.m.g1().phase != editing || d.m.g1().inputs[fBadge].in.Value() != "X999" {
		t.Fatalf("Esc did not go back to the form with the input kept:\n%s", d.screen())
	}
	d.key(tea.KeyEnter) // decide again, then save the denial
	d.key(tea.KeyEnter)
	if ps := passages(t, st, before); len(ps) != 1 || ps[0].Allowed {
		t.Fatalf("%+v", ps)
	}
}

func TestDenialCtrlOAsksForOverride(t *testing.T) {
	d, _, _ := signedIn(t, "zh-CN")
	unknownAtTemp(d, "X999")
	d.ctrl(tea.KeyCtrlO)
	if _, ok := d.m.modal.(*supModal); !ok {
		t.Fatalf("Ctrl+O did not open the supervisor's override:\n%s", d.screen())
	}
}

func TestTypingOnSavesTheDenialAndStartsTheNextEntry(t *testing.T) {
	d, st, before := signedIn(t, "zh-CN")
	unknownAtTemp(d, "X999")
	// The guard does not stop for the denial: the next badge goes in.
	d.burst(typed("2001⏎365⏎")...)
	ps := passages(t, st, before)
	if len(ps) != 2 {
		t.Fatalf("want the denial and the next entry, got %+v", ps)
	}
	if ps[0].Allowed || ps[0].Badge != "X999" || !ps[1].Allowed || ps[1].Badge != "2001" {
		t.Fatalf("order or content wrong: %+v", ps)
	}
}

func TestMissingInputIsAnInputError(t *testing.T) {
	d, st, before := signedIn(t, "zh-CN")
	d.key(tea.KeyEnter) // nothing typed
	d.want("请先填写")
	if d.m.g1().focus != fBadge {
		t.Fatal("the cursor is not on the badge")
	}
	d.typ("2001")
	d.keys(tea.KeyTab, tea.KeyTab, tea.KeyTab) // to the temperature, left empty
	d.key(tea.KeyTab)                          // purpose
	d.key(tea.KeyEnter)
	d.want("请输入体温")
	if d.m.g1().focus != fTemp {
		t.Fatalf("the cursor is not on the temperature (focus %d)", d.m.g1().focus)
	}
	if n := len(passages(t, st, before)); n != 0 {
		t.Fatalf("missing input saved %d passages", n)
	}
	if d.m.g1().inputs[fBadge].in.Value() != "2001" {
		t.Fatal("the badge typed was lost")
	}
}

func TestPlateOnlyIsAVehicle(t *testing.T) {
	d, st, before := signedIn(t, "zh-CN")
	d.keys(tea.KeyTab, tea.KeyTab) // badge → name → plate
	d.typ("苏A12345")
	d.key(tea.KeyEnter)
	d.lacks("请输入车牌")
	ps := passages(t, st, before)
	if len(ps) != 1 || ps[0].Subject != record.SubjectVehicle || !ps[0].Allowed {
		t.Fatalf("%+v\n%s", ps, d.screen())
	}
	// The plate is in the identity registry, not the record (§15).
	if who, ok, err := st.IdentityOf(context.Background(), ps[0].Ident); err != nil || !ok || who.Fields.Plate != "苏A12345" || !who.Matches(ps[0].Commit) {
		t.Fatalf("registry row %+v %v %v for %+v", who, ok, err, ps[0])
	}
}

func TestCategoryFollowsTheRoster(t *testing.T) {
	d, st, before := signedIn(t, "zh-CN")
	d.typ("D0001")
	if d.m.g1().subj() != record.SubjectDetainee {
		t.Fatalf("a detainee's badge left the category at %q", d.m.g1().subj())
	}
	d.ctrl(tea.KeyCtrlU)
	if d.m.g1().subj() != record.SubjectStaff {
		t.Fatal("Ctrl+U did not bring the category back to the default")
	}
	// A category the guard chose stays, and the difference is said.
	d.keys(tea.KeyShiftTab, tea.KeyShiftTab, tea.KeyRight, tea.KeyRight, tea.KeyTab, tea.KeyTab)
	d.typ("2001")
	if d.m.g1().subj() != record.SubjectVisitor {
		t.Fatal("the guard's choice was replaced")
	}
	d.want("名册为")
	d.ctrl(tea.KeyCtrlU)
	// After a save the category is the default again.
	d.typ("D0001")
	d.keys(tea.KeyTab, tea.KeyTab, tea.KeyTab)
	d.typ("365")
	d.key(tea.KeyEnter) // a detainee without escort pass: a denial
	d.key(tea.KeyEnter)
	ps := passages(t, st, before)
	if len(ps) != 1 || ps[0].Subject != record.SubjectDetainee {
		t.Fatalf("%+v", ps)
	}
	if d.m.g1().subj() != record.SubjectStaff {
		t.Fatal("after a save the category is not the default")
	}
}

func TestPassFillsNameAndExpiredPassSaysSince(t *testing.T) {
	d, st, before := signedIn(t, "zh-CN")
	if err := st.PutPasses(context.Background(), []gate.Pass{{ID: "P-9", Holder: "送检员 孙丽", Badge: "V77",
		ValidFrom: fixedNow.Add(-72 * time.Hour), ValidTo: fixedNow.Add(-24 * time.Hour), Note: "区疾控中心采样"}}); err != nil {
		t.Fatal(err)
	}
	// A valid pass: the holder's name is filled and the crossing saved as a visitor's.
	d.typ("11010519491231002X")
	d.keys(tea.KeyTab, tea.KeyTab, tea.KeyTab)
	d.typ("368")
	d.key(tea.KeyEnter)
	ps := passages(t, st, before)
	if len(ps) != 1 || ps[0].Name != "" || ps[0].Subject != record.SubjectVisitor || !ps[0].Allowed {
		t.Fatalf("%+v", ps)
	}
	// The name is the registry's, not the record's (§15).
	if who, ok, err := st.IdentityOf(context.Background(), ps[0].Ident); err != nil || !ok || who.Fields.Name != "刘强" || !who.Matches(ps[0].Commit) {
		t.Fatalf("registry row %+v %v %v", who, ok, err)
	}
	d.want("已保存：刘强")
	// An expired pass: denied, the pass shown with its note and since when.
	d.typ("V77")
	d.keys(tea.KeyTab, tea.KeyTab, tea.KeyTab)
	d.typ("365")
	d.key(tea.KeyEnter)
	d.want("不予通行")
	d.want("通行证：送检员 孙丽")
	d.want("已于 11-27 09:30 过期")
	d.want("区疾控中心采样")
	if g := d.m.g1(); g.inputs[fName].in.Value() != "孙丽" {
		t.Fatalf("name %q", g.inputs[fName].in.Value())
	}
}

func TestKeysDoNothingWhileTheWindowIsTooSmall(t *testing.T) {
	d, st, before := signedIn(t, "zh-CN")
	d.send(tea.WindowSizeMsg{Width: 60, Height: 20})
	d.want("窗口太小")
	d.burst(typed("2001⏎365⏎")...)
	d.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	if n := len(passages(t, st, before)); n != 0 {
		t.Fatalf("keys typed into a too-small window saved %d passages", n)
	}
	if v := d.m.g1().inputs[fBadge].in.Value(); v != "" {
		t.Fatalf("keys typed into a too-small window reached the form: %q", v)
	}
}

func TestColourOffStillShowsWhereYouAre(t *testing.T) {
	d, _, _ := signedIn(t, "zh-CN")
	if !d.m.plain {
		t.Fatal("the tests' ASCII profile should count as colour off")
	}
	d.typ("20")
	scr := d.screen()
	if !strings.Contains(scr, "[F1]") {
		t.Fatalf("active tab not marked:\n%s", scr)
	}
	if !strings.Contains(scr, "▶ 警号") {
		t.Fatalf("focused field not marked:\n%s", scr)
	}
	if !strings.Contains(scr, "20"+caret) {
		t.Fatalf("caret not drawn:\n%s", scr)
	}
	d.key(tea.KeyLeft)
	d.want("2" + caret + "0")
	// The log's selected row.
	d.ctrl(tea.KeyCtrlU)
	for range nFields - fBadge {
		d.key(tea.KeyTab)
	}
	if !d.m.logs[1].focused {
		t.Fatal("Tab past the last field did not reach the log")
	}
	d.want("▶ #")
}

func TestCutTextEndsWithEllipsis(t *testing.T) {
	if got := clip("一二三四五六七八九十", 9); !strings.HasSuffix(got, "…") {
		t.Fatalf("cut text %q has no …", got)
	}
	if got := clip("abc      ", 5); strings.Contains(got, "…") {
		t.Fatalf("only blanks were cut, yet %q", got)
	}
	if got := fit("一二三四五六七八九十", 9); !strings.Contains(got, "…") {
		t.Fatalf("cut column %q has no …", got)
	}
}

func TestStatusBarDropsTheFacilityFirst(t *testing.T) {
	st, ident := testStore(t)
	ident.FacilityName = "某某市某某区强制隔离戒毒所第二分所暨教育矫治中心"
	d := drive(t, New(st, ident, Options{Lang: "zh-CN", Now: func() time.Time { return fixedNow }}))
	d.signIn("1001", "1234")
	lines := strings.Split(d.screen(), "\n")
	bar := lines[len(lines)-1]
	if !strings.Contains(bar, "第一关") || !strings.Contains(bar, "陈警官 1001") {
		t.Fatalf("the gate or the guard was cut: %q", bar)
	}
	if strings.Contains(bar, "强制隔离") {
		t.Fatalf("the facility's name should have gone first: %q", bar)
	}
}

func TestHelpBarComesFromTheKeymap(t *testing.T) {
	d, _, _ := signedIn(t, "en")
	d.want("Enter decide / save")
	unknownAtTemp(d, "X999")
	// While a denial waits the bar shows the decision's keys, from the
	// bindings Update reads.
	d.want("Ctrl+O override")
	d.want("Esc back to edit")
}

func TestFeverFirstReadingIsSavedAtOnceAndEscKeepsIt(t *testing.T) {
	d, st, before := signedIn(t, "zh-CN")
	d.burst(typed("2001⏎385⏎")...)
	rs := lastRecords(t, st, 1)
	var tb record.TemperatureBody
	if rs[0].Kind != record.Temperature || rs[0].Seq != before+1 || rs[0].Decode(&tb) != nil || tb.Temp != 385 || tb.Badge != "2001" {
		t.Fatalf("the first fever reading was not saved at once: %+v", rs[0])
	}
	d.want("请复测")
	d.key(tea.KeyEsc) // the guard cannot erase it
	d.want("复测留待稍后")
	if n, _ := st.LastSeq(context.Background()); n != before+1 {
		t.Fatalf("Esc wrote or lost something: last seq %d", n)
	}
	// It stays on the assessment (研判) until rechecked.
	d.key(tea.KeyF6)
	for d.m.screens[0].(*dailyModel).part != partGaps {
		d.key(tea.KeyF8)
	}
	d.want("发热未复测")
	if n := len(d.m.screens[0].(*dailyModel).today.PendingFevers()); n != 1 {
		t.Fatalf("the fever is not on the gaps list:\n%s", d.screen())
	}
}

func TestFeverRecheckAtTheGateConfirmsWithIncident(t *testing.T) {
	d, st, before := signedIn(t, "en")
	d.burst(typed("2001⏎378⏎376⏎")...)
	// first reading, then (on the recheck's Enter) passage + incident
	d.want("fever confirmed and reported")
	var kinds []record.Kind
	_ = st.Each(context.Background(), before, func(r record.Record) error { kinds = append(kinds, r.Kind); return nil })
	if len(kinds) != 3 || kinds[0] != record.Temperature || kinds[1] != record.Passage || kinds[2] != record.Incident {
		t.Fatalf("kinds %v", kinds)
	}
	ps := passages(t, st, before)
	if ps[0].First == "" || *ps[0].Temp != 378 || *ps[0].Recheck != 376 {
		t.Fatalf("passage %+v", ps[0])
	}
	// A fever is never overridable.
	d.burst(typed("2002⏎380⏎381⏎")...)
	d.ctrl(tea.KeyCtrlO)
	if d.m.modal != nil {
		t.Fatal("a fever denial offered an override")
	}
}

// A recheck at or above the threshold confirms the fever: it is a
// measurement, saved with its denial and incident the moment it is
// entered, as the first reading is. The probe's burst (seen in tmux):
// 38.5, recheck 38.4, then Esc and the temperature typed over as 36.6 —
// which used to save an allowed crossing with the 38.4 gone.
func TestConfirmingRecheckIsSavedAtOnceAndEscCannotUndoIt(t *testing.T) {
	d, st, before := signedIn(t, "zh-CN")
	d.burst(typed("2001⏎385⏎384⏎")...)
	d.want("确认发热")
	d.want("临时留观点") // where to take them, once the decision line is gone
	var kinds []record.Kind
	_ = st.Each(context.Background(), before, func(r record.Record) error { kinds = append(kinds, r.Kind); return nil })
	if len(kinds) != 3 || kinds[0] != record.Temperature || kinds[1] != record.Passage || kinds[2] != record.Incident {
		t.Fatalf("the confirming recheck was not saved on its Enter: kinds %v", kinds)
	}
	d.key(tea.KeyEsc)
	for range 4 {
		d.key(tea.KeyBackspace)
	}
	d.burst(typed("36.6⏎")...)
	ps := passages(t, st, before)
	if len(ps) != 1 || ps[0].Allowed || ps[0].Reason != "fever" || ps[0].Recheck == nil || *ps[0].Recheck != 384 || *ps[0].Temp != 385 {
		t.Fatalf("passages %+v", ps)
	}
	// Typed again later, the person is barred, not let in on a lower reading.
	d.key(tea.KeyEsc)
	d.burst(typed("2001⏎366⏎")...)
	ps = passages(t, st, before)
	for _, p := range ps {
		if p.Allowed {
			t.Fatalf("a confirmed fever was let in: %+v", ps)
		}
	}
}

// TestEnterTwiceAfterASave: a guard's Enter pressed twice on the last
// reading leaves the saved message (what to do with the fever) on screen;
// "请先填写…" took its place.
func TestEnterTwiceAfterASave(t *testing.T) {
	d, _, _ := signedIn(t, "zh-CN")
	d.burst(typed("2001⏎385⏎384⏎⏎")...)
	d.want("临时留观点")
	if strings.Contains(d.screen(), d.m.cat.T("form.empty")) {
		t.Fatalf("the second Enter put the empty form's message over the saved one:\n%s", d.screen())
	}
}

// A confirming recheck whose save fails stays on screen for Enter to try
// again: Esc does not put it aside to be edited.
func TestConfirmingRecheckNotSavedIsKept(t *testing.T) {
	d, st, before := signedIn(t, "zh-CN")
	d.burst(typed("2001⏎385⏎")...)
	diskBack := diskFull(t, st)
	d.burst(typed("384⏎")...)
	d.want("确认发热未能保存")
	d.key(tea.KeyEsc)
	if g := d.m.g1(); g.phase != deciding || !confirmsFever(g.plan) {
		t.Fatalf("Esc put the unsaved confirming recheck aside:\n%s", d.screen())
	}
	diskBack()
	d.key(tea.KeyEnter)
	ps := passages(t, st, before)
	if len(ps) != 1 || ps[0].Allowed || ps[0].Recheck == nil || *ps[0].Recheck != 384 {
		t.Fatalf("passages %+v", ps)
	}
	d.want("确认发热并已上报")
}

func TestRollCallBurstKeepsTypingOrder(t *testing.T) {
	d, st := newDriver(t, "zh-CN")
	addDetainees(t, st, 4, "一大队/宿舍1")
	d.signIn("1001", "1234")
	before := d.seq()
	d.key(tea.KeyF6)
	// While a reading is being saved the next keys wait: two saves in
	// flight at once would race, and seq order would not be typing order.
	d.hold = true
	for _, k := range typed("365⏎3") {
		d.send(k)
	}
	if !d.m.busy() || len(d.m.queued) != 1 {
		t.Fatalf("a key typed during a roll-call save was not held (busy %v, held %d)", d.m.busy(), len(d.m.queued))
	}
	d.hold = false
	held := d.held
	d.held = nil
	for _, c := range held {
		d.run(c)
	}
	d.burst(typed("66⏎378⏎")...)
	var got []string
	_ = st.Each(context.Background(), before, func(r record.Record) error {
		var b record.TemperatureBody
		if r.Kind == record.Temperature && r.Decode(&b) == nil {
			got = append(got, b.Badge+" "+b.Temp.String())
		}
		return nil
	})
	if strings.Join(got, ",") != "D1001 36.5,D1002 36.6,D1003 37.8" {
		t.Fatalf("readings in seq order: %v", got)
	}
}

func TestSignInSaysTheSameForUnknownAndKnownBadges(t *testing.T) {
	say := func(badge string) string {
		d, _ := newDriver(t, "zh-CN")
		d.typ(badge)
		d.key(tea.KeyEnter)
		d.typ("0000")
		d.key(tea.KeyEnter)
		return d.m.signin.err
	}
	known, unknown := say("1001"), say("7777")
	if known != unknown || known == "" {
		t.Fatalf("a known badge reads %q, an unknown one %q", known, unknown)
	}
}

func TestF9AsksAboutUnsavedInput(t *testing.T) {
	d, _, _ := signedIn(t, "zh-CN")
	d.typ("2001")
	d.key(tea.KeyF9)
	d.want("有未保存的输入")
	d.typ("n")
	if d.m.modal != nil || d.m.g1().inputs[fBadge].in.Value() != "2001" {
		t.Fatal("n did not keep the form")
	}
	d.key(tea.KeyF9)
	d.typ("y")
	if _, ok := d.m.modal.(*shiftModal); !ok {
		t.Fatalf("y did not open the close-shift dialog:\n%s", d.screen())
	}
	// A clean form goes straight to the dialog.
	d2, _, _ := signedIn(t, "zh-CN")
	d2.key(tea.KeyF9)
	if _, ok := d2.m.modal.(*shiftModal); !ok {
		t.Fatal("F9 on a clean form did not open the close-shift dialog")
	}
}

func TestSignInFlagsAnUnclosedShiftAndShowsTheLastHandover(t *testing.T) {
	d, st := newDriver(t, "zh-CN")
	d.signIn("1001", "1234")
	d.key(tea.KeyF9)
	d.typ("夜班平稳，2号门锁已报修")
	d.key(tea.KeyEnter)
	if d.m.guard != nil {
		t.Fatalf("the shift did not close:\n%s", d.screen())
	}
	// The next guard sees the handover note.
	d.signIn("9001", "9999")
	d.want("上次交班")
	d.want("2号门锁已报修")
	d.lacks("未办交班")
	// This shift is never closed (the console is killed): the next
	// sign-in says so.
	d2 := drive(t, New(st, d.m.ident, Options{Lang: "zh-CN", Now: func() time.Time { return fixedNow }}))
	d2.signIn("1001", "1234")
	d2.want("周所长")
	d2.want("未办交班")
	// The first save puts it away.
	d2.burst(typed("2001⏎365⏎")...)
	d2.lacks("未办交班")
}

func TestShiftSummaryListsWhatTheNextShiftMustKnow(t *testing.T) {
	d, st, now := clockDriver(t, "zh-CN")
	if err := st.PutNotices(context.Background(), []store.Notice{{ID: "N-1", Title: "今晚加强夜间巡查", Body: "…",
		Day: "2026-11-28", PublishedAt: fixedNow.Add(-time.Hour)}}); err != nil {
		t.Fatal(err)
	}
	d.signIn("1001", "1234")
	unknownAtTemp(d, "X999")
	d.key(tea.KeyEnter)            // a denial
	d.burst(typed("2002⏎385⏎")...) // a fever waiting for its recheck
	d.key(tea.KeyEsc)              // recheck later
	d.key(tea.KeyF2)               // a supply received and put in disinfectant
	d.keys(tea.KeyUp, tea.KeyRight, tea.KeyTab)
	d.typ("医用口罩")
	d.keys(tea.KeyTab, tea.KeyRight, tea.KeyTab)
	d.typ("20")
	d.key(tea.KeyTab)
	d.typ("箱")
	d.key(tea.KeyTab)
	d.typ("市司法局")
	d.keys(tea.KeyEnter, tea.KeyEnter)
	d.keys(tea.KeyUp, tea.KeyRight, tea.KeyEnter)
	d.keys(tea.KeyEnter)
	d.key(tea.KeyF6) // loads the notices
	*now = now.Add(5 * time.Minute)
	d.key(tea.KeyF9)
	for _, s := range []string{"不予通行 1 人次", "王芳 38.5 发热 待复测", "消毒作用时间未到的物资：医用口罩",
		"未确认的通知：今晚加强夜间巡查", "未接入市局平台：本班记录只保存在本机，未上传"} {
		d.want(s)
	}
}

func TestLockScreenTakeoverClosesTheLockedShift(t *testing.T) {
	st, ident := testStore(t)
	now := fixedNow
	d := drive(t, New(st, ident, Options{Lang: "zh-CN", IdleLock: 5 * time.Minute, Now: func() time.Time { return now }}))
	d.signIn("1001", "1234")
	opened := d.m.shiftID
	before := d.seq()
	now = now.Add(6 * time.Minute)
	d.send(tickMsg(now))
	d.want("屏幕已锁定")
	d.want("Ctrl+T")
	d.ctrl(tea.KeyCtrlT)
	d.typ("9001")
	d.key(tea.KeyEnter)
	d.typ("0000") // a wrong PIN: nothing written, still locked
	d.key(tea.KeyEnter)
	d.want("警号或密码错误")
	if n := d.seq(); n != before {
		t.Fatalf("a refused takeover wrote %d records", n-before)
	}
	d.typ("9999")
	d.key(tea.KeyEnter)
	if d.m.modal != nil || d.m.guard == nil || d.m.guard.Badge != "9001" {
		t.Fatalf("the supervisor did not take over:\n%s", d.screen())
	}
	rs := lastRecords(t, st, 2)
	var cl record.ShiftCloseBody
	if rs[0].Kind != record.ShiftClose || rs[0].Guard != "1001" || rs[0].Decode(&cl) != nil || cl.Opened != opened ||
		!strings.Contains(cl.Handover, "周所长") {
		t.Fatalf("the locked shift was not closed with a note: %s %+v", rs[0].Kind, cl)
	}
	if rs[1].Kind != record.ShiftOpen || rs[1].Guard != "9001" {
		t.Fatalf("the new shift did not open: %+v", rs[1])
	}
}

func TestUnlockTimeIsRoundedUp(t *testing.T) {
	d, _ := newDriver(t, "zh-CN")
	until := time.Date(2026, 11, 28, 9, 30, 40, 0, fixedNow.Location())
	if got := d.m.authError(&auth.LockedError{Until: until}); !strings.Contains(got, "09:31") {
		t.Fatalf("a lock until 09:30:40 reads %q", got)
	}
	if got := d.m.authError(&auth.LockedError{Until: until.Truncate(time.Minute)}); !strings.Contains(got, "09:30") {
		t.Fatalf("a lock until 09:30:00 reads %q", got)
	}
}

func TestGate5ChecksStartUnset(t *testing.T) {
	d, _, _ := signedIn(t, "en")
	d.key(tea.KeyF5)
	g := d.m.screens[5].(*gate5Model)
	for _, x := range g.checks() {
		if x.chosen() {
			t.Fatalf("%s starts chosen", x.label)
		}
	}
	d.want("?") // an unset choice is marked
	// ← from unset takes the last option, → the first.
	d.keys(tea.KeyTab, tea.KeyTab, tea.KeyLeft)
	if g.sensory.cur != len(g.sensory.opts)-1 {
		t.Fatalf("← from unset gave %d", g.sensory.cur)
	}
}

func TestRollCallGroupListHasHeadingMarkAndFullLabels(t *testing.T) {
	d, st := newDriver(t, "zh-CN")
	addDetainees(t, st, 3, "一大队/宿舍1")
	addDetaineesFrom(t, st, 2001, 2, "一大队/宿舍2")
	d.signIn("1001", "1234")
	d.key(tea.KeyF6)
	d.want("分组（←/→ 切换）")
	d.want("▶ 戒毒人员 一大队")
	d.want("一大队/宿舍2") // a dormitory by its full name
	d.key(tea.KeyRight)
	d.want("▶ 一大队/宿舍1")
	d.lacks("▶ 戒毒人员 一大队")
}

// manyPassages writes n passages at gate 1 straight to the store.
func manyPassages(t *testing.T, st *store.Store, n int) {
	t.Helper()
	ds := make([]store.Draft, n)
	for i := range ds {
		ds[i] = store.Draft{Kind: record.Passage, Gate: 1, Guard: "1001", At: fixedNow,
			Body: record.PassageBody{Subject: record.SubjectStaff, Direction: record.In, Badge: "2001", Name: "张伟", Allowed: true, Reason: "staff"}}
	}
	if _, err := st.AppendBatch(context.Background(), ds); err != nil {
		t.Fatal(err)
	}
}

func TestLogSelectionIsAlwaysOnScreen(t *testing.T) {
	d, st := newDriver(t, "zh-CN")
	d.signIn("1001", "1234")
	manyPassages(t, st, 40)
	// A page loaded in a tall window, then the window shrinks.
	d.send(tea.WindowSizeMsg{Width: 80, Height: 40})
	d.key(tea.KeyF1)
	d.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	for range nFields - fBadge {
		d.key(tea.KeyTab)
	}
	for i := range 20 {
		d.key(tea.KeyDown)
		if !strings.Contains(d.screen(), "▶ #") {
			t.Fatalf("after %d ↓ the selected row is off screen:\n%s", i+1, d.screen())
		}
	}
	// The F6 log has fewer rows.
	ds := make([]store.Draft, 12)
	for i := range ds {
		ds[i] = store.Draft{Kind: record.Temperature, Gate: 0, Guard: "1001", At: fixedNow,
			Body: record.TemperatureBody{Badge: "2001", Name: "张伟", Temp: 365}}
	}
	if _, err := st.AppendBatch(context.Background(), ds); err != nil {
		t.Fatal(err)
	}
	d.key(tea.KeyF6)
	d.key(tea.KeyTab)
	if !d.m.logs[0].focused {
		t.Fatal("Tab did not reach the F6 log")
	}
	for i := range 6 {
		d.key(tea.KeyDown)
		if !strings.Contains(d.screen(), "▶ #") {
			t.Fatalf("F6: after %d ↓ the selected row is off screen:\n%s", i+1, d.screen())
		}
	}
}

func TestFastPgDnShowsThePageItsLabelNames(t *testing.T) {
	d, st := newDriver(t, "zh-CN")
	d.signIn("1001", "1234")
	manyPassages(t, st, 40) // seq 2–41
	d.key(tea.KeyF1)
	for range nFields - fBadge {
		d.key(tea.KeyTab)
	}
	n := d.m.logRows()
	d.burst(tea.KeyMsg{Type: tea.KeyPgDown}, tea.KeyMsg{Type: tea.KeyPgDown})
	d.want("第 3 页")
	rows := d.m.logs[1].rows
	if want := int64(41 - 2*n); len(rows) == 0 || rows[0].Seq != want {
		t.Fatalf("page 3 should start at #%d, shows #%d", want, rows[0].Seq)
	}
}

func TestStaffGateDenialSavedByTypingOn(t *testing.T) {
	d, st, before := signedIn(t, "zh-CN")
	d.key(tea.KeyF2)
	d.typ("2002") // office staff at the custody zone: denied
	d.key(tea.KeyEnter)
	d.want("不予通行")
	d.burst(typed("2001⏎")...) // the next badge, typed straight on
	ps := passages(t, st, before)
	if len(ps) != 2 || ps[0].Badge != "2002" || ps[0].Allowed || ps[1].Badge != "2001" || !ps[1].Allowed {
		t.Fatalf("%+v", ps)
	}
}

func TestOnlyOneMarkerShowsWhereTheKeysGo(t *testing.T) {
	d, _, _ := signedIn(t, "en")
	for range nFields - fBadge {
		d.key(tea.KeyTab)
	}
	if !d.m.logs[1].focused {
		t.Fatal("not in the log")
	}
	if n := strings.Count(d.screen(), "▶"); n != 1 {
		t.Fatalf("%d markers with the log focused:\n%s", n, d.screen())
	}
}

func TestAnOlderPageLoadDoesNotOverwriteANewerOne(t *testing.T) {
	d, st, _ := signedIn(t, "zh-CN")
	older := d.m.reloadCmd(1)
	manyPassages(t, st, 1)
	newer := d.m.reloadCmd(1)
	d.run(newer)
	d.run(older) // the older answer arrives last
	last, _ := st.LastSeq(context.Background())
	if rows := d.m.logs[1].rows; len(rows) == 0 || rows[0].Seq != last {
		t.Fatalf("the log shows an older page: newest row #%d, last record #%d", rows[0].Seq, last)
	}
}

func TestScreensAskTheRootWithMessages(t *testing.T) {
	d, _, _ := signedIn(t, "zh-CN")
	c := d.m.Context
	g := d.m.g1()
	for g.focus != nFields-1 {
		g.setFocus(g.focus + 1)
	}
	// The screen gets the context, not the root: Tab past the last field
	// is a request, and the root's log is untouched until it handles it.
	g.update(c, tea.KeyMsg{Type: tea.KeyTab})
	if d.m.logs[1].focused {
		t.Fatal("the screen wrote the root's state")
	}
	if len(c.out) != 1 {
		t.Fatalf("requests %v", c.out)
	}
	if _, ok := c.out[0].(focusLogMsg); !ok {
		t.Fatalf("request %T", c.out[0])
	}
	d.m.requests()
	if !d.m.logs[1].focused {
		t.Fatal("the root did not do what was asked")
	}
}

// A fast Esc and the key after it reach the console as one Alt+key (the
// terminal's escape sequence). It is an Esc, then the key: the denial goes
// back to editing, unsaved, and the key edits the form — never "typing on"
// that saves the denial the guard meant to correct.
func TestFastEscThenKeyIsEscNotTypingOn(t *testing.T) {
	d, st, before := signedIn(t, "zh-CN")
	unknownAtTemp(d, "X999")
	d.want("不予通行")
	d.send(tea.KeyMsg{Type: tea.KeyCtrlU, Alt: true})
	if n := len(passages(t, st, before)); n != 0 {
		t.Fatalf("Esc+Ctrl+U saved the denial (%d passages)", n)
	}
	if d.m.g1().phase != editing {
		t.Fatalf("not back to editing:\n%s", d.screen())
	}
	// The form is clear (Ctrl+U): Alt+2 is still the gate switch.
	d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("2"), Alt: true})
	if d.m.gateNo != 2 {
		t.Fatalf("Alt+2 did not switch to gate 2 (on %d)", d.m.gateNo)
	}
}
