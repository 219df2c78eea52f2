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
// program with the ASCII colour profile (as under NO_COLOR: the text markers
// are what shows where the guard is). Regenerate with: go test ./tui -run
// Golden -update. No step sleeps: each waits for what the store's answer
// draws (pug's waitFor), and the screen is taken once every text the test
// names has been drawn.
func runGolden(t *testing.T, lang string, steps func(tm *teatest.TestModel), waitFor ...string) {
	t.Helper()
	st, ident := testStore(t)
	m := New(st, ident, Options{Lang: lang, Now: func() time.Time { return fixedNow }})
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(80, 24))
	steps(tm)
	requireGoldenScreen(t, tm, waitFor...)
}

// requireGoldenScreen waits until every text of waitFor has been drawn,
// quits, and compares the final screen (no line wider than 80 cells) with
// the test's golden file. Every golden test ends this way.
func requireGoldenScreen(t *testing.T, tm *teatest.TestModel, waitFor ...string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		for _, w := range waitFor {
			if !bytes.Contains(b, []byte(w)) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(10*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
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

// typeKeys sends a guard's typing key by key ("⏎" Enter, "⇥" Tab) without
// waiting: the console holds what arrives while it waits for the store.
func typeKeys(tm *teatest.TestModel, s string) {
	for _, k := range typed(s) {
		tm.Send(k)
	}
}

func signInSteps(tm *teatest.TestModel) {
	typeText(tm, "1001")
	keys(tm, tea.KeyEnter)
	typeText(tm, "12")
}

// gate1Steps: the common case typed in one go, a pass holder, then an
// unknown visitor whose denial waits on screen.
func gate1Steps(t *testing.T, counts1, counts2 string) func(*teatest.TestModel) {
	return func(tm *teatest.TestModel) {
		w := waiter(t, tm)
		signInAs(tm, w, "1001", "1234")
		typeKeys(tm, "2001⏎365⏎")
		w("#2 ", counts1)
		typeKeys(tm, "11010519491231002X⇥⇥⇥３６．８⇥维修锅炉⏎")
		w("#3 ", counts2)
		typeKeys(tm, "X999⇥来访人⇥⇥366⏎")
	}
}

func TestGoldenSignInZH(t *testing.T) { runGolden(t, "zh-CN", signInSteps, "**") }
func TestGoldenSignInEN(t *testing.T) { runGolden(t, "en", signInSteps, "**") }
func TestGoldenGate1ZH(t *testing.T) {
	runGolden(t, "zh-CN", gate1Steps(t, "进 1   出 0", "进 2   出 0"), "不在名册", "名册中无此人")
}
func TestGoldenGate1EN(t *testing.T) {
	runGolden(t, "en", gate1Steps(t, "in 1   out 0", "in 2   out 0"), "no valid pass", "not on the roster")
}
