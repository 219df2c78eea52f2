package tui

import (
	"bytes"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/teatest"
)

// Golden screens of gates 2–5 at 80×24 in both languages (see runGolden).
// Regenerate with: go test ./tui -run Golden -update

// waiter returns a function that blocks until the program has drawn s:
// a step that needs a store answer (a saved record, a roster lookup, the
// supplies) waits for what that answer draws instead of sleeping, so the
// goldens do not depend on the machine's speed. The texts waited for are
// the same in both languages (log rows, names).
//
// The renderer draws only the lines that changed, and each wait reads the
// output drawn since the last: a wait names every text the answers it
// waits for will draw, so none of them lands after the wait returns.
func waiter(t *testing.T, tm *teatest.TestModel) func(...string) {
	return func(ss ...string) {
		t.Helper()
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
			for _, s := range ss {
				if !bytes.Contains(b, []byte(s)) {
					return false
				}
			}
			return true
		}, teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
	}
}

func signInAs(tm *teatest.TestModel, w func(...string), badge, pin string) {
	typeText(tm, badge)
	keys(tm, tea.KeyEnter)
	typeText(tm, pin)
	keys(tm, tea.KeyEnter)
	w("#1 ") // the shift.open row in the log
}

// gate2Steps receives a supply, disinfects it, and decides on an office
// worker at the custody zone (denied: no contact).
func gate2Steps(t *testing.T) func(*teatest.TestModel) {
	return func(tm *teatest.TestModel) {
		w := waiter(t, tm)
		signInAs(tm, w, "1001", "1234")
		keys(tm, tea.KeyF2)
		keys(tm, tea.KeyUp, tea.KeyRight, tea.KeyTab)
		typeText(tm, "医用口罩")
		keys(tm, tea.KeyTab, tea.KeyRight, tea.KeyTab)
		typeText(tm, "20")
		keys(tm, tea.KeyTab)
		typeText(tm, "箱")
		keys(tm, tea.KeyTab)
		typeText(tm, "市司法局")
		keys(tm, tea.KeyEnter, tea.KeyEnter)
		w("#2 ")
		keys(tm, tea.KeyUp, tea.KeyRight)
		w("#2 医用口罩 20") // the supply picker
		keys(tm, tea.KeyEnter, tea.KeyEnter)
		w("#3 ")
		keys(tm, tea.KeyUp, tea.KeyLeft, tea.KeyLeft, tea.KeyTab)
		typeText(tm, "2002")
		w("王芳 办公室")
		keys(tm, tea.KeyEnter)
	}
}

// gate3Steps puts a staff member in standby and shows their check-in.
func gate3Steps(t *testing.T) func(*teatest.TestModel) {
	return func(tm *teatest.TestModel) {
		w := waiter(t, tm)
		signInAs(tm, w, "1001", "1234")
		keys(tm, tea.KeyF3)
		w("2026-12-12") // the proposed planned end
		typeText(tm, "2001")
		keys(tm, tea.KeyTab)
		typeText(tm, "2026-12-05")
		keys(tm, tea.KeyTab)
		typeText(tm, "3号楼201")
		keys(tm, tea.KeyEnter)
		w("2001 张伟") // the decision
		keys(tm, tea.KeyEnter)
		w("#2 ")
		keys(tm, tea.KeyUp, tea.KeyRight, tea.KeyTab)
		typeText(tm, "2001")
		keys(tm, tea.KeyTab)
		typeText(tm, "366")
		keys(tm, tea.KeyEnter)
	}
}

// gate4Steps: a supervisor fills today's list from the roster and saves
// it, then an office worker on it comes in.
func gate4Steps(t *testing.T) func(*teatest.TestModel) {
	return func(tm *teatest.TestModel) {
		w := waiter(t, tm)
		signInAs(tm, w, "9001", "9999")
		keys(tm, tea.KeyF4)
		keys(tm, tea.KeyUp, tea.KeyRight, tea.KeyTab)
		w("2002  王芳") // the list is loaded
		typeText(tm, "y")
		w("]*") // a carried-over change
		keys(tm, tea.KeyEnter)
		w("#2 ")
		keys(tm, tea.KeyShiftTab, tea.KeyLeft, tea.KeyTab)
		typeText(tm, "2002")
		w("王芳 办公室")
		keys(tm, tea.KeyEnter)
	}
}

// gate5Steps inspects frozen pork that lacks its trace code: rejected.
func gate5Steps(t *testing.T) func(*teatest.TestModel) {
	return func(tm *teatest.TestModel) {
		w := waiter(t, tm)
		signInAs(tm, w, "1001", "1234")
		keys(tm, tea.KeyF5)
		typeText(tm, "冻猪肉")
		keys(tm, tea.KeyTab)
		for range 6 {
			keys(tm, tea.KeyRight)
		}
		keys(tm, tea.KeyTab, tea.KeyRight, tea.KeyTab) // sensory check passed
		typeText(tm, "肉联食品有限公司")
		keys(tm, tea.KeyTab)
		typeText(tm, "JY13201000054321")
		keys(tm, tea.KeyTab)
		typeText(tm, "20261101")
		keys(tm, tea.KeyTab)
		typeText(tm, "50")
		keys(tm, tea.KeyTab)
		typeText(tm, "kg")
		keys(tm, tea.KeyTab, tea.KeyRight, tea.KeyTab) // certificate seen
		typeText(tm, "2026-11-01")
		keys(tm, tea.KeyTab)
		typeText(tm, "2027-05-01")
		// cold chain (preset for frozen food), imported: no trace code; the
		// entry certificate, nucleic acid and disinfection papers seen
		keys(tm, tea.KeyTab, tea.KeyTab, tea.KeyRight, tea.KeyRight, tea.KeyTab)
		keys(tm, tea.KeyTab, tea.KeyRight, tea.KeyTab, tea.KeyRight, tea.KeyTab, tea.KeyRight)
		keys(tm, tea.KeyEnter)
	}
}

func TestGoldenGate2ZH(t *testing.T) { runGolden(t, "zh-CN", gate2Steps(t), "不得接触") }
func TestGoldenGate2EN(t *testing.T) { runGolden(t, "en", gate2Steps(t), "must not meet") }
func TestGoldenGate3ZH(t *testing.T) { runGolden(t, "zh-CN", gate3Steps(t), "健康监测：2001") }
func TestGoldenGate3EN(t *testing.T) { runGolden(t, "en", gate3Steps(t), "Health check: 2001") }
func TestGoldenGate4ZH(t *testing.T) {
	runGolden(t, "zh-CN", gate4Steps(t), "已保存：王芳 2002 进", "#3 ")
}
func TestGoldenGate4EN(t *testing.T) {
	runGolden(t, "en", gate4Steps(t), "Saved: 王芳 2002 In", "#3 ")
}
func TestGoldenGate5ZH(t *testing.T) { runGolden(t, "zh-CN", gate5Steps(t), "拒收也要登记") }
func TestGoldenGate5EN(t *testing.T) {
	runGolden(t, "en", gate5Steps(t), "A rejection is recorded too")
}
