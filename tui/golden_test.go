package tui

import (
	"bytes"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"
)

// Golden screens at 80×24 in both languages, run through a real Bubble Tea
// program. Regenerate with: go test ./tui -run Golden -update
func runGolden(t *testing.T, lang string, steps func(tm *teatest.TestModel), waitFor string) {
	t.Helper()
	st, ident := testStore(t)
	m := New(st, ident, Options{Lang: lang, Now: func() time.Time { return fixedNow }})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(80, 24))
	steps(tm)
	// Let the last loads land before the screen is taken.
	requireGoldenScreen(t, tm, waitFor, 200*time.Millisecond)
}

// requireGoldenScreen waits for waitFor on screen, then settle for the last
// loads, quits, and compares the final screen (no line wider than 80 cells)
// with the test's golden file. Every golden test ends this way.
func requireGoldenScreen(t *testing.T, tm *teatest.TestModel, waitFor string, settle time.Duration) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return bytes.Contains(b, []byte(waitFor)) },
		teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
	time.Sleep(settle)
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
	view := ansi.Strip(fm.View())
	for _, l := range bytes.Split([]byte(view), []byte("\n")) {
		if w := ansi.StringWidth(string(l)); w > 80 {
			t.Errorf("line wider than 80 cells (%d): %q", w, l)
		}
	}
	golden.RequireEqual(t, []byte(view))
}

func keys(tm *teatest.TestModel, ks ...tea.KeyType) {
	for _, k := range ks {
		tm.Send(tea.KeyMsg{Type: k})
	}
}

func typeText(tm *teatest.TestModel, s string) {
	tm.Send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)})
}

func signInSteps(tm *teatest.TestModel) {
	typeText(tm, "1001")
	keys(tm, tea.KeyEnter)
	typeText(tm, "12")
}

func gate1Steps(tm *teatest.TestModel) {
	typeText(tm, "1001")
	keys(tm, tea.KeyEnter)
	typeText(tm, "1234")
	keys(tm, tea.KeyEnter)
	time.Sleep(300 * time.Millisecond)
	// one admitted staff member, then a visitor whose decision is on screen
	typeText(tm, "2001")
	time.Sleep(100 * time.Millisecond)
	keys(tm, tea.KeyTab, tea.KeyTab, tea.KeyTab)
	typeText(tm, "365")
	keys(tm, tea.KeyEnter)
	time.Sleep(200 * time.Millisecond)
	keys(tm, tea.KeyEnter)
	time.Sleep(300 * time.Millisecond)
	keys(tm, tea.KeyShiftTab, tea.KeyShiftTab, tea.KeyRight, tea.KeyRight, tea.KeyTab, tea.KeyTab)
	typeText(tm, "11010519491231002X")
	time.Sleep(100 * time.Millisecond)
	keys(tm, tea.KeyTab)
	typeText(tm, "刘强")
	keys(tm, tea.KeyTab, tea.KeyTab)
	typeText(tm, "３６．８")
	keys(tm, tea.KeyTab)
	typeText(tm, "维修锅炉")
	keys(tm, tea.KeyEnter)
}

func TestGoldenSignInZH(t *testing.T) { runGolden(t, "zh-CN", signInSteps, "**") }
func TestGoldenSignInEN(t *testing.T) { runGolden(t, "en", signInSteps, "**") }
func TestGoldenGate1ZH(t *testing.T)  { runGolden(t, "zh-CN", gate1Steps, "持有效通行证") }
func TestGoldenGate1EN(t *testing.T)  { runGolden(t, "en", gate1Steps, "valid pass") }
