package tui

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// Styles is every style the console uses, built once at start-up: View
// runs after every message and must not rebuild them.
type Styles struct {
	Header, Rule, Counter, Label, Focus, Value, Dim lipgloss.Style
	Allow, Deny, Warn, Error, OK, Status, StatusKey lipgloss.Style
	Help, HelpKey, Selected, Struck, Modal, Title   lipgloss.Style
	Choice, ChoiceOn                                lipgloss.Style
}

// NewStyles builds the styles. Colours are plain ANSI ones so they read on
// a Linux console and degrade to nothing under NO_COLOR; meaning never rests
// on colour alone (decisions and voids are also spelt out).
func NewStyles() Styles {
	c := func(n string) lipgloss.Color { return lipgloss.Color(n) }
	return Styles{
		Header:    lipgloss.NewStyle().Bold(true),
		Rule:      lipgloss.NewStyle().Foreground(c("6")),
		Counter:   lipgloss.NewStyle().Bold(true),
		Label:     lipgloss.NewStyle().Foreground(c("8")),
		Focus:     lipgloss.NewStyle().Bold(true).Foreground(c("3")),
		Value:     lipgloss.NewStyle(),
		Dim:       lipgloss.NewStyle().Foreground(c("8")),
		Allow:     lipgloss.NewStyle().Bold(true).Foreground(c("2")),
		Deny:      lipgloss.NewStyle().Bold(true).Foreground(c("1")),
		Warn:      lipgloss.NewStyle().Bold(true).Foreground(c("3")),
		Error:     lipgloss.NewStyle().Foreground(c("1")),
		OK:        lipgloss.NewStyle().Foreground(c("2")),
		Status:    lipgloss.NewStyle().Reverse(true),
		StatusKey: lipgloss.NewStyle().Reverse(true).Bold(true),
		Help:      lipgloss.NewStyle().Foreground(c("8")),
		HelpKey:   lipgloss.NewStyle().Bold(true),
		Selected:  lipgloss.NewStyle().Reverse(true),
		Struck:    lipgloss.NewStyle().Strikethrough(true).Foreground(c("8")),
		Modal:     lipgloss.NewStyle().Border(lipgloss.NormalBorder()).Padding(0, 1),
		Title:     lipgloss.NewStyle().Bold(true),
		Choice:    lipgloss.NewStyle(),
		ChoiceOn:  lipgloss.NewStyle().Reverse(true).Bold(true),
	}
}

// selMark marks the selected row of a list and the focused field: colour
// is decoration, so where the guard is shows without it too (NO_COLOR,
// TERM=screen).
const selMark = "▶ "

// fit pads or truncates s to exactly w terminal cells. Wide (Chinese)
// characters count two cells, so columns line up whatever the script. Text
// cut short ends with "…": a guard must see that something is missing.
func fit(s string, w int) string {
	if w <= 0 {
		return ""
	}
	s = clip(s, w)
	if pad := w - ansi.StringWidth(s); pad > 0 {
		s += strings.Repeat(" ", pad)
	}
	return s
}

// clip truncates s to at most w cells without padding, ending with "…"
// when text (not just trailing blanks) was cut.
func clip(s string, w int) string {
	if ansi.StringWidth(s) <= w {
		return s
	}
	if ansi.StringWidth(strings.TrimRight(ansi.Strip(s), " ")) <= w {
		return ansi.Truncate(s, w, "")
	}
	return ansi.Truncate(s, w, "…")
}
