package tui

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"
)

// movesSteps admits a new committal at gate 1 on the duty leader's word,
// then shows a release waiting for the leader: the admissions mode's
// golden screen at 80×24 (go test ./tui -run Golden -update).
func movesSteps(t *testing.T) func(*teatest.TestModel) {
	return func(tm *teatest.TestModel) {
		w := waiter(t, tm)
		signInAs(tm, w, "1001", "1234")
		keys(tm, tea.KeyCtrlN)
		typeText(tm, "D0501")
		keys(tm, tea.KeyTab, tea.KeyTab, tea.KeyTab)
		typeText(tm, "365")
		keys(tm, tea.KeyEnter)
		w("D0501  ") // the check's answer
		keys(tm, tea.KeyEnter)
		typeText(tm, "9001")
		keys(tm, tea.KeyTab)
		typeText(tm, "9999")
		keys(tm, tea.KeyTab)
		typeText(tm, "决定书〔2026〕12号")
		keys(tm, tea.KeyEnter)
		w("#2 ")
		keys(tm, tea.KeyShiftTab, tea.KeyRight, tea.KeyTab)
		typeText(tm, "D0501")
		keys(tm, tea.KeyTab, tea.KeyRight, tea.KeyEnter)
	}
}

func TestGoldenGate1MovesZH(t *testing.T) {
	runGolden(t, "zh-CN", movesSteps(t), "按Enter请值班领导确认")
}
func TestGoldenGate1MovesEN(t *testing.T) {
	runGolden(t, "en", movesSteps(t), "Enter: duty leader confirms")
}
