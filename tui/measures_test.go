package tui

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"gatepost/gate"
	"gatepost/record"
)

// The daily measures at gate 5 (§11, issue 11): domestic meat's papers,
// the cooks' morning check.

// toMode puts gate 5's form on mode i from the first item field.
func (d *driver) toMode(i int) {
	d.t.Helper()
	d.key(tea.KeyF5)
	for d.m.screens[5].(*gate5Model).f.focus != 0 {
		d.key(tea.KeyUp)
	}
	for d.m.screens[5].(*gate5Model).mode.cur != i {
		d.key(tea.KeyRight)
	}
	d.key(tea.KeyTab)
}

func TestGate5DomesticMeatNeedsTheAnimalQuarantinePaper(t *testing.T) {
	d, st, _ := clockDriver(t, "zh-CN")
	d.signIn("1001", "1234")
	d.toMode(g5Inspect)
	d.typ("猪肉")
	d.key(tea.KeyTab)
	d.keys(tea.KeyRight, tea.KeyRight, tea.KeyRight) // 畜禽肉类: cold chain by default
	d.keys(tea.KeyTab, tea.KeyRight)                 // sensory passed
	d.key(tea.KeyTab)
	d.typ("苏食")
	d.key(tea.KeyTab)
	d.typ("JY1")
	d.keys(tea.KeyTab, tea.KeyTab)
	d.typ("45")
	d.key(tea.KeyTab)
	d.typ("kg")
	d.keys(tea.KeyTab, tea.KeyRight) // certificate seen
	d.key(tea.KeyTab)
	d.typ("2026-11-27")
	d.key(tea.KeyTab)
	d.typ("2026-11-30")
	d.keys(tea.KeyTab, tea.KeyTab) // cold chain, then the origin
	d.key(tea.KeyEnter)
	d.want("请选择产地")
	d.key(tea.KeyRight) // 国产
	d.want("动物检疫")
	d.key(tea.KeyTab)
	d.typ("3201")
	d.keys(tea.KeyTab, tea.KeyLeft)  // no animal-quarantine paper
	d.keys(tea.KeyTab, tea.KeyRight) // nucleic acid
	d.keys(tea.KeyTab, tea.KeyRight) // disinfection
	d.key(tea.KeyEnter)
	d.want("拒收")
	d.want("国产肉品（水产品）无动物检疫合格证明")
	d.key(tea.KeyEnter)
	fi := allRecords(t, st, record.FoodInspection)
	if len(fi) != 1 {
		t.Fatalf("%d inspections", len(fi))
	}
	b := decode[record.FoodInspectionBody](t, fi[0])
	if b.Accepted || b.Origin != record.OriginDomestic || b.Category != record.FoodMeat || b.Papers == nil ||
		b.Papers.AnimalQuarantine || b.Papers.Quarantine || !b.Papers.NucleicAcid || b.Papers.TraceCode != "3201" ||
		!slices.Equal(b.Reasons, []string{string(gate.ReasonNoAnimalQuarantine)}) {
		t.Fatalf("inspection %+v %+v", b, b.Papers)
	}
}

func TestGate5CooksMorningCheck(t *testing.T) {
	d, st, _ := clockDriver(t, "zh-CN")
	d.signIn("1001", "1234")
	d.toMode(g5Cook)
	d.want("健康证有效方可上岗")

	// fit: every question answered
	d.typ("c01")
	d.key(tea.KeyTab)
	d.typ("364")
	d.key(tea.KeyTab)
	d.key(tea.KeyEnter)
	d.want("请选择症状") // the questions start unset
	d.key(tea.KeyRight)
	d.keys(tea.KeyTab, tea.KeyRight, tea.KeyTab, tea.KeyRight)
	d.key(tea.KeyEnter)
	d.want("晨检合格，可以上岗  C01 36.4℃")
	d.key(tea.KeyEnter)
	d.want("已保存：C01 36.4℃ 晨检合格，可以上岗")

	// not fit: a fever, symptoms and no health certificate, all said
	d.typ("C02")
	d.key(tea.KeyTab)
	d.typ("378")
	d.keys(tea.KeyTab, tea.KeyLeft)  // symptoms: yes
	d.keys(tea.KeyTab, tea.KeyRight) // no wound
	d.keys(tea.KeyTab, tea.KeyLeft)  // no certificate
	d.key(tea.KeyEnter)
	d.want("晨检不合格，不得上岗")
	d.want("发热、有症状、无健康证")
	d.key(tea.KeyEnter)

	ks := allRecords(t, st, record.KitchenCheck)
	if len(ks) != 2 {
		t.Fatalf("%d checks", len(ks))
	}
	fit, unfit := decode[record.KitchenCheckBody](t, ks[0]), decode[record.KitchenCheckBody](t, ks[1])
	if !fit.Fit || fit.Badge != "C01" || fit.Temp != 364 || fit.Symptoms || fit.HandWound || !fit.HealthCert || ks[0].Gate != 5 {
		t.Errorf("fit %+v", fit)
	}
	want := []string{string(gate.ReasonCookFever), string(gate.ReasonCookSymptoms), string(gate.ReasonCookNoCert)}
	if unfit.Fit || unfit.Badge != "C02" || !unfit.Symptoms || unfit.HandWound || unfit.HealthCert || !slices.Equal(unfit.Reasons, want) {
		t.Errorf("unfit %+v", unfit)
	}
}

// TestRollCallStaffAtHomeReportByPhone: the roll-call's last group is the
// staff working from home; their reading and symptoms answer are saved by
// phone and count in the staff's coverage.
func TestRollCallStaffAtHomeReportByPhone(t *testing.T) {
	d, st, _ := clockDriver(t, "zh-CN")
	d.signIn("1001", "1234")
	d.key(tea.KeyF6)
	// 张伟, 王芳, 李娜, 陈静 on site; 刘洋 (2004) at home
	d.want("民警职工 0/5")
	d.want("居家电话报告 0/1")
	d.key(tea.KeyLeft) // from the first group back to the last: the phone group
	d.want("居家办公民警职工（电话报告）")
	d.want("2004 刘洋")
	d.typ("366")
	d.key(tea.KeyEnter)
	d.want("请询问有无症状") // the question is asked, not assumed
	d.want("366")     // what was typed stays
	d.send(tea.KeyMsg{Type: tea.KeySpace})
	d.key(tea.KeyEnter)
	d.want("民警职工 1/5")
	d.want("居家电话报告 1/1")
	d.want("居家办公民警职工均已电话报告")

	rs := allRecords(t, st, record.Temperature)
	if len(rs) != 1 {
		t.Fatalf("%d readings", len(rs))
	}
	b := decode[record.TemperatureBody](t, rs[0])
	if b.Badge != "2004" || b.Temp != 366 || b.Method != record.ReadingByPhone || b.Health == "" || rs[0].Gate != 0 {
		t.Fatalf("reading %+v", b)
	}
	// The symptoms answer is a health detail beside the log (§15).
	h, ok, err := st.HealthOf(context.Background(), b.Health)
	if err != nil || !ok || !h.Matches(b.HealthCommit) || h.Detail.Symptoms == nil || *h.Detail.Symptoms {
		t.Fatalf("health detail %+v %v %v", h, ok, err)
	}
	// Back to the groups on site: → wraps to the first.
	d.key(tea.KeyRight)
	d.lacks("居家办公民警职工（电话报告）")
}

func TestParseFridge(t *testing.T) {
	for _, c := range []struct {
		in   string
		want record.Tenths
		ok   bool
	}{
		{"4", 40, true}, {"3.5", 35, true}, {" 0 ", 0, true}, {"-2", -20, true}, {"4℃", 40, true}, {"4°C", 40, true},
		{"３．５", 35, true},
		{"", 0, false}, {"four", 0, false}, {"41", 0, false}, {"-41", 0, false}, {"NaN", 0, false},
	} {
		got, err := parseFridge(c.in)
		if (err == nil) != c.ok || (c.ok && got != c.want) {
			t.Errorf("parseFridge(%q) = %v, %v", c.in, got, err)
		}
	}
}

// FuzzParseFridge: whatever is typed, the fridge parser answers an error or
// a reading within ±40 ℃, and a reading written back parses the same.
func FuzzParseFridge(f *testing.F) {
	for _, s := range []string{"4", "3.5", "-2", "4℃", "", "1e309", "+Inf", "0x10", "８", "NaN"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := parseFridge(s)
		if err != nil {
			return
		}
		if v < -400 || v > 400 {
			t.Fatalf("parseFridge(%q) = %d", s, v)
		}
		if again, err := parseFridge(v.String()); err != nil || again != v {
			t.Fatalf("%q → %s → %v, %v", s, v.String(), again, err)
		}
	})
}

// TestRollCallShowsStaffStatus: each staff member's line in the roll-call
// carries their closed-management status in the gates' words (issue 10).
func TestRollCallShowsStaffStatus(t *testing.T) {
	for _, c := range []struct{ lang, custody, standby string }{
		{"zh-CN", "执勤", "未列入到岗名单"},
		{"en", "custody duty", "not on"},
	} {
		t.Run(c.lang, func(t *testing.T) {
			d, _, _ := clockDriver(t, c.lang)
			d.signIn("1001", "1234")
			d.key(tea.KeyF6)
			// The first group: 一大队's staff, 张伟 on custody duty (his
			// change-over day, as gate 1 says it, shows as the duty).
			d.want("2001")
			if !strings.Contains(lineWith(d.screen(), "2001"), c.custody) {
				t.Fatalf("张伟's line lacks %q:\n%s", c.custody, d.screen())
			}
			d.key(tea.KeyRight) // 办公室
			d.key(tea.KeyRight) // 二大队: 李娜, standby by the roster, but in no stint and on no list
			d.want("2003")
			if !strings.Contains(lineWith(d.screen(), "2003"), c.standby) {
				t.Fatalf("李娜's line lacks %q:\n%s", c.standby, d.screen())
			}
		})
	}
}

// lineWith is the first line of a screen holding s.
func lineWith(screen, s string) string {
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, s) && !strings.Contains(l, "|") {
			return l
		}
	}
	return ""
}

// TestRollCallEveningSession: detainees screened twice a day are walked
// again in the evening; the top line gives the morning's coverage and the
// evening's, and a morning reading does not count for the evening.
func TestRollCallEveningSession(t *testing.T) {
	d, st, now := clockDriver(t, "zh-CN")
	if err := st.SetSetting(context.Background(), "screening.sessions", "2"); err != nil {
		t.Fatal(err)
	}
	addDetainees(t, st, 3, "一大队/宿舍1")
	d.signIn("1001", "1234")
	d.key(tea.KeyF6)
	d.want("戒毒人员 晨检 0/3")
	d.lacks("晚检")
	d.typ("365")
	d.key(tea.KeyEnter)
	d.want("戒毒人员 晨检 1/3")
	// The evening: the morning's 1/3 stays, the evening's round starts
	// with everyone to read, the cursor on the first detainee again.
	*now = now.Add(9 * time.Hour) // 18:30
	d.key(tea.KeyF1)
	d.key(tea.KeyF6)
	d.want("戒毒人员 晨检 1/3 晚检 0/3")
	d.want("D1001")
	if l := lineWith(d.screen(), "D1001"); !strings.Contains(l, "未测") {
		t.Fatalf("D1001, read this morning, is not unchecked for the evening: %q", l)
	}
	d.typ("364")
	d.key(tea.KeyEnter)
	d.want("晚检 1/3")
	rs := allRecords(t, st, record.Temperature)
	if len(rs) != 2 || rs[1].At.Hour() != 18 {
		t.Fatalf("%d readings", len(rs))
	}
}

// TestRollCallShowsFeverBar: a staff member barred by a confirmed fever at
// the main gate reads so on the roll-call the next day, as at every gate
// (on the day itself the line's fever state says it).
func TestRollCallShowsFeverBar(t *testing.T) {
	d, _, now := clockDriver(t, "zh-CN")
	d.signIn("1001", "1234")
	d.burst(typed("2001⏎385⏎384⏎")...)
	d.want("不予通行")
	d.key(tea.KeyEnter)
	d.key(tea.KeyF6)
	d.key(tea.KeyLeft) // the roll-call opens on the first group not done: back to 一大队
	d.want("2001")
	if l := lineWith(d.screen(), "2001"); !strings.Contains(l, "38.4") || !strings.Contains(l, "发热 已上报") || strings.Contains(l, "发热未解除") {
		t.Fatalf("张伟's line on the day: %q\n%s", l, d.screen())
	}
	*now = now.Add(24 * time.Hour)
	d.key(tea.KeyF1)
	d.key(tea.KeyF6)
	d.want("2001")
	if l := lineWith(d.screen(), "2001"); !strings.Contains(l, "未测") || !strings.Contains(l, "发热未解除") {
		t.Fatalf("张伟's line the next day: %q\n%s", l, d.screen())
	}
}

// TestPhoneSymptomsInTheAssessment: a staff member at home who reports
// symptoms by phone is an open line of the assessment (日研判), named, and
// Enter on them opens the phone group on them.
func TestPhoneSymptomsInTheAssessment(t *testing.T) {
	d, st, _ := clockDriver(t, "zh-CN")
	d.signIn("1001", "1234")
	d.key(tea.KeyF6)
	d.key(tea.KeyLeft) // the phone group
	d.want("2004 刘洋")
	d.typ("369")
	d.send(tea.KeyMsg{Type: tea.KeySpace})
	d.send(tea.KeyMsg{Type: tea.KeySpace}) // no → yes
	d.key(tea.KeyEnter)
	d.want("居家办公民警职工均已电话报告")
	d.want("有症状，待排查") // on the person's line
	if b := decode[record.TemperatureBody](t, allRecords(t, st, record.Temperature)[0]); !b.Symptoms {
		t.Fatalf("reading %+v: symptoms not recorded", b)
	}
	for i := 0; i < 3; i++ {
		d.key(tea.KeyF8)
	}
	d.want("居家报告有症状未排除")
	if g := gate.Gaps(d.m.daily().today); g[slices.Index(gate.GapKinds, gate.GapSymptoms)].Count != 1 {
		t.Fatalf("gaps %+v", g)
	}
	for range slices.Index(gate.GapKinds, gate.GapSymptoms) {
		d.key(tea.KeyDown)
	}
	d.key(tea.KeyEnter)
	d.want("刘洋（2004")
	d.want("居家民警职工报告有症状")
	d.key(tea.KeyEnter)
	dm := d.m.daily()
	if dm.part != partRoll || !dm.roll.phone || dm.roll.cursor != "2004" {
		t.Fatalf("jumped to part %d, phone %v, cursor %s", dm.part, dm.roll.phone, dm.roll.cursor)
	}
}
