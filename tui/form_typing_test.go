package tui

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// TestFormTextOnAChoiceGoesToTheNextTextField: on the gate 2–5 forms and
// the dialogs, text typed on a choice goes to the next text field after it;
// ←/→ and space move the choice; on a choice with no text field after it
// the text is left to the choice (which takes none), as before.
func TestFormTextOnAChoiceGoesToTheNextTextField(t *testing.T) {
	first, dir, note, last := textF("a", 10, 10, true), choiceF("dir", "in", "out"), textF("b", 10, 10, true), choiceF("end", "x", "y")
	f := form{}
	f.setFields([]*formField{first, dir, note, last}, 1)
	runes := func(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

	if _, changed := f.edit(tea.KeyMsg{Type: tea.KeySpace}); !changed || dir.cur != 1 || f.focus != 1 {
		t.Fatalf("space on a choice: changed %v, option %d, focus %d; want option 1, focus kept", changed, dir.cur, f.focus)
	}
	if _, changed := f.edit(runes("7")); !changed || f.focus != 2 || note.value() != "7" || dir.cur != 1 {
		t.Fatalf("7 on a choice: changed %v, focus %d, next text %q, option %d; want focus 2 holding 7, option kept", changed, f.focus, note.value(), dir.cur)
	}
	if first.value() != "" {
		t.Fatalf("the text went back to the field before the choice: %q", first.value())
	}
	f.setFocus(3)
	if _, changed := f.edit(runes("9")); changed || f.focus != 3 || last.cur != 0 {
		t.Fatalf("9 on the last choice: changed %v, focus %d, option %d; want nothing changed", changed, f.focus, last.cur)
	}
}
