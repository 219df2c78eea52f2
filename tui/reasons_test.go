package tui

import (
	"fmt"
	"testing"

	"gatepost/gate"
	"gatepost/i18n"
	"gatepost/record"
)

// Every status × gate × direction of §11: the reason MayCross gives is
// told in the words of the rule of that gate. The same reason stands for
// different rules at different gates — a resting person enters the main
// gate on their change-over day but never the custody zone ("轮休在外，仅在
// 轮换日进入" was shown at gate 2) — and one catalogue entry for every
// gate named the wrong one ("今日居家办公，不得进入办公区" at the main gate).
// A (gate, reason) pair not in the table fails, so a new rule gets its
// words checked here.
func TestReasonWordsNameTheGatesRule(t *testing.T) {
	c := NewCatalog("zh-CN")
	statuses := map[string]gate.Status{
		"custody":               {Base: gate.BaseCustody},
		"custody, change-over":  {Base: gate.BaseCustody, ChangeOver: true},
		"called up":             {Base: gate.BaseCalledUp, ChangeOver: true},
		"observation":           {Base: gate.BaseObservation},
		"rest":                  {Base: gate.BaseRest},
		"rest, change-over":     {Base: gate.BaseRest, ChangeOver: true},
		"standby":               {Base: gate.BaseStandby},
		"standby, change-over":  {Base: gate.BaseStandby, ChangeOver: true},
		"office":                {Base: gate.BaseOffice},
		"office, contact":       {Base: gate.BaseOffice, Contact: true},
		"wfh":                   {Base: gate.BaseWFH},
		"unlisted":              {Base: gate.BaseUnlisted},
		"staff":                 {Base: gate.BaseStaff},
		"fever-barred":          {Base: gate.BaseOffice, FeverBarred: true},
		"recheck pending":       {Base: gate.BaseOffice, RecheckPending: true},
		"leaving without a NAT": {Base: gate.BaseRest, ChangeOver: true, Leaving: gate.PeriodObservation, NATRequired: true},
	}
	// The words of every denial, by gate and reason.
	words := map[string]string{
		"1 not_changeover":  "执勤（备勤）期间仅在本人轮换日经场所大门进出",
		"1 observation":     "执勤期满隔离观察中，观察期结束前不得出入",
		"1 rest":            "轮休在外，仅在本人轮换日经场所大门进入",
		"1 standby_contact": "正在隔离备勤，不得离开备勤区与他人接触（接触违规）",
		"1 wfh":             "今日居家办公，不得进入场所",
		"1 fever_barred":    "发热确诊后尚未解除（须值班领导录入排查结果），任何关口不得进入，不可特批",
		"1 recheck_pending": "首次测温发热，待复测：复测前不得进入，不可特批",
		"1 release_nat":     "解除隔离须有时限内核酸阴性结果（领导按 c 录入）",
		"2 observation":     "执勤期满隔离观察中，观察期结束前不得出入",
		"2 rest":            "轮休在外，不得进入戒毒管理区",
		"2 standby_contact": "正在隔离备勤，不得离开备勤区与他人接触（接触违规）",
		"2 no_contact":      "隔离值守：戒毒管理区值勤人员与其他人员不得接触",
		"2 fever_barred":    "发热确诊后尚未解除（须值班领导录入排查结果），任何关口不得进入，不可特批",
		"2 recheck_pending": "首次测温发热，待复测：复测前不得进入，不可特批",
		"3 fever_barred":    "发热确诊后尚未解除（须值班领导录入排查结果），任何关口不得进入，不可特批",
		"3 recheck_pending": "首次测温发热，待复测：复测前不得进入，不可特批",
		"4 no_contact":      "隔离值守：戒毒管理区值勤人员与其他人员不得接触",
		"4 observation":     "执勤期满隔离观察中，观察期结束前不得出入",
		"4 rest":            "轮休在外，不得进入办公区",
		"4 standby_contact": "正在隔离备勤，不得离开备勤区与他人接触（接触违规）",
		"4 wfh":             "今日居家办公，不得进入办公区",
		"4 contact":         "密切接触者，状态解除前不得进入办公区",
		"4 not_on_list":     "不在今日到岗名单内，不得进入",
		"4 fever_barred":    "发热确诊后尚未解除（须值班领导录入排查结果），任何关口不得进入，不可特批",
		"4 recheck_pending": "首次测温发热，待复测：复测前不得进入，不可特批",
	}
	seen := map[string]bool{}
	for name, s := range statuses {
		for g := 1; g <= 4; g++ {
			for _, dir := range []record.Direction{record.In, record.Out} {
				v := gate.MayCross(s, g, dir)
				got := reasonAt(c, g, string(v.Reason), gate.DefaultFever)
				if v.Allowed {
					if !c.Has("reason."+string(v.Reason)) || got == "" {
						t.Errorf("%s at gate %d %s: allowed with %q, no words", name, g, dir, v.Reason)
					}
					continue
				}
				k := fmt.Sprintf("%d %s", g, v.Reason)
				seen[k] = true
				want, ok := words[k]
				switch {
				case !ok:
					t.Errorf("%s at gate %d %s: %s (%q) is not in the table", name, g, dir, v.Reason, got)
				case got != want:
					t.Errorf("%s at gate %d %s: %s says %q, want %q", name, g, dir, v.Reason, got, want)
				}
				if en := reasonAt(NewCatalog("en"), g, string(v.Reason), gate.DefaultFever); en == "" || en == got {
					t.Errorf("%s at gate %d: no English words for %s", name, g, v.Reason)
				}
			}
		}
	}
	for k := range words {
		if !seen[k] {
			t.Errorf("%s: no status gives it (the table is out of date)", k)
		}
	}
	// The gate's own words are only for reasons given at that gate (gate 3
	// crosses no one: its reason.g3.* are its own refusals).
	for _, g := range []int{1, 2, 4} {
		for _, r := range gate.StatusReasons {
			k := fmt.Sprintf("reason.g%d.%s", g, r)
			if _, ok := i18n.Lookup(k); ok && !seen[fmt.Sprintf("%d %s", g, r)] {
				t.Errorf("%s: never given at gate %d", k, g)
			}
		}
	}
}
