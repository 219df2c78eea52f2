package tui

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"
)

// Golden screens of closed management and the daily measures on the
// screens (issues 10 and 11), 80×24, both languages.

// feverBarSteps: a confirmed fever at the main gate, saved; the same person
// back with a normal reading: barred, the status on the decision.
func feverBarSteps(t *testing.T) func(*teatest.TestModel) {
	return func(tm *teatest.TestModel) {
		w := waiter(t, tm)
		signInAs(tm, w, "1001", "1234")
		typeKeys(tm, "2001⏎385⏎")
		w("#2 ")
		typeKeys(tm, "384⏎")
		keys(tm, tea.KeyEnter)
		w("#4 ")
		typeKeys(tm, "2001⏎365⏎")
	}
}

// clearanceSteps: the barred crossing saved, then c on it in the log.
func clearanceSteps(t *testing.T) func(*teatest.TestModel) {
	return func(tm *teatest.TestModel) {
		feverBarSteps(t)(tm)
		w := waiter(t, tm)
		keys(tm, tea.KeyEnter)
		w("#5 ")
		for range nFields - fBadge {
			keys(tm, tea.KeyTab)
		}
		typeText(tm, "c")
		keys(tm, tea.KeyTab, tea.KeyTab, tea.KeyRight, tea.KeyTab)
		typeText(tm, "8:40") // the result's time
		keys(tm, tea.KeyTab)
		typeText(tm, "9001")
	}
}

// cookSteps: a cook who is not fit, every reason on the decision.
func cookSteps(t *testing.T) func(*teatest.TestModel) {
	return func(tm *teatest.TestModel) {
		w := waiter(t, tm)
		signInAs(tm, w, "1001", "1234")
		keys(tm, tea.KeyF5, tea.KeyUp, tea.KeyRight, tea.KeyRight, tea.KeyTab)
		typeText(tm, "2002")
		keys(tm, tea.KeyTab)
		typeText(tm, "378")
		keys(tm, tea.KeyTab, tea.KeyLeft, tea.KeyTab, tea.KeyRight, tea.KeyTab, tea.KeyLeft, tea.KeyEnter)
	}
}

func TestGoldenFeverBarZH(t *testing.T) {
	runGolden(t, "zh-CN", feverBarSteps(t), "状态：执勤（轮换日）、发热未解除")
}
func TestGoldenFeverBarEN(t *testing.T) {
	runGolden(t, "en", feverBarSteps(t), "Status: custody duty (change-over day), fever, not cleared")
}
func TestGoldenClearanceZH(t *testing.T) {
	runGolden(t, "zh-CN", clearanceSteps(t), "值班领导解除发热、密接或隔离状态", "9001")
}
func TestGoldenClearanceEN(t *testing.T) {
	runGolden(t, "en", clearanceSteps(t), "Supervisor: clear a fever, contact or isolation status", "9001")
}
func TestGoldenCookCheckZH(t *testing.T) {
	runGolden(t, "zh-CN", cookSteps(t), "晨检不合格，不得上岗  王芳 2002 37.8℃")
}
func TestGoldenCookCheckEN(t *testing.T) {
	runGolden(t, "en", cookSteps(t), "NOT FIT  王芳 2002 37.8℃")
}
