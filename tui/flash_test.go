package tui

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// The bottom line says what became of the last entry ("Cleared", "Saved");
// once the guard starts the next one it goes, so that it never sits beside
// the new entry's own inline message as if it were about it.
func TestLastEntrysLineGoesWhenTheNextBegins(t *testing.T) {
	d, _ := newDriver(t, "en")
	d.signIn("1001", "1234")
	d.typ("2009")
	d.key(tea.KeyEsc)
	d.want("Cleared")
	d.typ("2")
	d.lacks("Cleared")
}
