package tui

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
)

// A guard in gloves hits whatever is under the thumb. Thousands of random
// keys over every screen, in both languages: the console must never panic,
// never draw outside 80×24, and whatever it saved must still verify.
func TestRandomKeysNeverBreakTheConsole(t *testing.T) {
	steps := 3000
	if testing.Short() {
		steps = 600
	}
	for _, lang := range []string{"zh-CN", "en"} {
		t.Run(lang, func(t *testing.T) {
			d, st := newDriver(t, lang)
			d.signIn("1001", "1234")
			rng := rand.New(rand.NewPCG(7, uint64(len(lang))))
			keys := []tea.KeyMsg{
				{Type: tea.KeyTab}, {Type: tea.KeyShiftTab}, {Type: tea.KeyEnter}, {Type: tea.KeyEnter},
				{Type: tea.KeyEsc}, {Type: tea.KeyUp}, {Type: tea.KeyDown}, {Type: tea.KeyLeft}, {Type: tea.KeyRight},
				{Type: tea.KeyBackspace}, {Type: tea.KeyPgUp}, {Type: tea.KeyPgDown}, {Type: tea.KeyHome},
				{Type: tea.KeySpace}, {Type: tea.KeyCtrlO}, {Type: tea.KeyCtrlU}, {Type: tea.KeyCtrlS},
				{Type: tea.KeyF1}, {Type: tea.KeyF2}, {Type: tea.KeyF3}, {Type: tea.KeyF4}, {Type: tea.KeyF5},
				{Type: tea.KeyF6}, {Type: tea.KeyF7}, {Type: tea.KeyF8}, {Type: tea.KeyF9},
			}
			runes := []string{"365", "37.8", "３６．８", "98.6F", "2001", "2002", "D0001", "9001", "9999", "1234",
				"11010519491231002X", "苏A12345", "张三", "v", "o", "y", "n", "?", "x", "0", "-", "%d%s", "\x00", "🙂"}
			for i := 0; i < steps; i++ {
				if rng.IntN(3) == 0 {
					d.typ(runes[rng.IntN(len(runes))])
				} else {
					d.send(keys[rng.IntN(len(keys))])
				}
				if d.m.guard == nil { // a shift was closed: sign in again and go on
					d.signIn("1001", "1234")
				}
				view := d.m.View()
				lines := strings.Split(view, "\n")
				if len(lines) > 24 {
					t.Fatalf("step %d: %d lines:\n%s", i, len(lines), ansi.Strip(view))
				}
				for _, l := range lines {
					if w := ansi.StringWidth(l); w > 80 {
						t.Fatalf("step %d: a line of %d cells: %q", i, w, ansi.Strip(l))
					}
				}
			}
			n, err := st.Verify(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if n < 3 {
				t.Fatalf("only %d records after %d random keys: the walk never saved anything", n, steps)
			}
			t.Logf("%d records saved and verified", n)
		})
	}
}
