package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// Right after a submission the 日报 shows the report as submitted: the
// attestation, not "尚待值班领导确认" until F7/F8. As in the real program,
// the screen is drawn between the submission's answer and the reload it
// asks for, which is what left the old text on screen.
func TestReportViewFreshAfterSubmission(t *testing.T) {
	d, _ := newDriver(t, "zh-CN")
	d.signIn("1001", "1234")
	d.key(tea.KeyF6)
	d.key(tea.KeyF8)
	d.key(tea.KeyF8)
	d.want("尚待值班领导确认")
	d.key(tea.KeyEnter)
	for _, k := range typed("9001⇥9999⇥") {
		d.send(k)
	}
	d.key(tea.KeyRight) // 无脱逃、自杀自残…
	d.hold = true
	d.key(tea.KeyEnter)
	held := d.held
	d.held = nil
	for _, c := range held {
		if msg := c(); msg != nil {
			d.send(msg) // the answer; its reload is held
		}
	}
	_ = d.screen() // drawn while the reload runs
	d.hold = false
	held, d.held = d.held, nil
	for _, c := range held {
		d.run(c)
	}
	d.want("已提交 2026年11月28日 日报")
	if s := d.screen(); strings.Contains(s, "尚待值班领导确认") {
		t.Fatalf("the report still reads as not attested:\n%s", s)
	}
	d.want("已提交 11-28 09:30 9001")
	// The attestation's log row names the supervisor who attested, as the
	// report's does, not the guard signed in (the record's guard, §4).
	d.want("2026年11月28日 无事件 9001 疑似0 确诊0 密接0")
}
