package tui

import (
	"context"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"gatepost/gate"
	"gatepost/record"
	"gatepost/store"
)

// natFromGate3 records a negative NAT sampled at sampled ("" now) from a
// gate-3 refusal: Ctrl+R, the clearance dialog with the badge and subject
// proposed, the result chosen, then the supervisor's badge, PIN and reason.
func natFromGate3(d *driver, sampled string) {
	d.t.Helper()
	d.ctrl(tea.KeyCtrlR)
	d.want("[解除隔离]")
	d.keys(tea.KeyTab, tea.KeyTab)                 // the result starts unset
	d.keys(tea.KeyRight, tea.KeyRight, tea.KeyTab) // 核酸阴性
	d.typ(sampled)
	d.key(tea.KeyTab)
	d.typ("9001")
	d.key(tea.KeyTab)
	d.typ("9999")
	d.key(tea.KeyTab)
	d.typ("核酸检测阴性")
	d.key(tea.KeyEnter)
}

// standbyEnding is gate 3 after an end of 2003's standby, on its last
// day, refused for want of the NAT.
func standbyEnding(t *testing.T) (*driver, *store.Store) {
	t.Helper()
	d, st, _ := clockDriver(t, "zh-CN")
	if _, err := st.Append(context.Background(), store.Draft{Kind: record.StandbyStart, Gate: 3, Guard: "1001", At: fixedNow.AddDate(0, 0, -14),
		Body: record.StandbyStartBody{Badge: "2003", Name: "李娜", PlannedEnd: "2026-11-28", Area: "备勤楼2层"}}); err != nil {
		t.Fatal(err)
	}
	d.signIn("1001", "1234")
	d.key(tea.KeyF3)
	d.lacks("Ctrl+R") // offered only on the refusal
	d.keys(tea.KeyUp, tea.KeyRight, tea.KeyRight, tea.KeyTab)
	d.typ("2003")
	d.key(tea.KeyEnter)
	d.want("结束备勤须有时限内核酸阴性结果（领导按 Ctrl+R 录入）")
	return d, st
}

// Ending standby at gate 3 under the epidemic profile waits for the
// negative NAT as the main gate does (issue 10): the end is refused in
// plain words with nothing written; Ctrl+R, offered on the refusal and in
// the help bar, records the result; a sample too old for nat_hours, though
// entered now, does not do; one within it does, and the end is saved.
func TestGate3EndWaitsForTheNAT(t *testing.T) {
	d, st := standbyEnding(t)
	d.want("Ctrl+R 录入核酸结果") // in the help bar
	if n := len(allRecords(t, st, record.StandbyEnd)); n != 0 {
		t.Fatalf("%d ends saved with no NAT", n)
	}

	// Sampled three days ago, entered now: too old at 48 hours.
	natFromGate3(d, "11-25 08:00")
	d.want("已解除：2003 李娜")
	d.lacks("结束备勤须有时限内核酸阴性结果")
	d.key(tea.KeyEnter)
	d.want("结束备勤须有时限内核酸阴性结果")

	natFromGate3(d, "11-27 16:00")
	d.want("已解除：2003 李娜")
	d.key(tea.KeyEnter)
	d.want("结束备勤：2003 李娜")
	d.key(tea.KeyEnter)
	ends := allRecords(t, st, record.StandbyEnd)
	cl := allRecords(t, st, record.Clearance)
	if len(ends) != 1 || len(cl) != 2 {
		t.Fatalf("%d ends, %d clearances", len(ends), len(cl))
	}
	for i, want := range []string{"2026-11-25T08:00:00", "2026-11-27T16:00:00"} {
		b := decode[record.ClearanceBody](t, cl[i])
		if b.Badge != "2003" || b.Subject != gate.ClearIsolation || b.Result != record.ResultNATNegative || !strings.HasPrefix(b.ResultAt, want) {
			t.Errorf("clearance %d: %+v", i, b)
		}
	}
}

// The clearance dialog's result time: bad input is said and kept, with
// nothing written; a time after now is refused; 留空 is now.
func TestClearanceResultTime(t *testing.T) {
	for _, c := range []struct {
		typed, err string
	}{
		{"昨天下午", `结果时间看不懂："昨天下午"`},
		{"12-01 08:00", `结果时间晚于现在："12-01 08:00"`},
		{"25:00", `结果时间看不懂："25:00"`},
	} {
		t.Run(c.typed, func(t *testing.T) {
			d, st := standbyEnding(t)
			d.ctrl(tea.KeyCtrlR)
			d.want("核酸填采样时间，留空为当前时间")
			d.keys(tea.KeyTab, tea.KeyTab, tea.KeyRight, tea.KeyRight, tea.KeyTab)
			d.typ(c.typed)
			d.key(tea.KeyTab)
			d.typ("9001")
			d.key(tea.KeyTab)
			d.typ("9999")
			d.key(tea.KeyTab)
			d.typ("核酸阴性")
			d.key(tea.KeyEnter)
			d.want(c.err)
			d.want(c.typed)
			if n := len(allRecords(t, st, record.Clearance)); n != 0 {
				t.Fatalf("%d clearances written", n)
			}
		})
	}
}
