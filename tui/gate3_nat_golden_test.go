package tui

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"
)

// gate3NATSteps: a stint started, then its end refused for want of the
// NAT, with the key that records it on the line and in the help bar.
func gate3NATSteps(t *testing.T) func(*teatest.TestModel) {
	return func(tm *teatest.TestModel) {
		w := waiter(t, tm)
		signInAs(tm, w, "1001", "1234")
		keys(tm, tea.KeyF3)
		w("2026-12-12") // the proposed planned end
		typeText(tm, "2001")
		keys(tm, tea.KeyEnter)
		w("2001 张伟") // the decision
		keys(tm, tea.KeyEnter)
		w("#2 ")
		keys(tm, tea.KeyUp, tea.KeyRight, tea.KeyRight, tea.KeyTab)
		typeText(tm, "2001")
		keys(tm, tea.KeyEnter)
	}
}

func TestGoldenGate3NATZH(t *testing.T) {
	runGolden(t, "zh-CN", gate3NATSteps(t), "结束备勤须有时限内核酸阴性结果", "Ctrl+R 录入核酸结果")
}
func TestGoldenGate3NATEN(t *testing.T) {
	runGolden(t, "en", gate3NATSteps(t), "ending standby needs a recent negative NAT", "Ctrl+R record NAT result")
}
