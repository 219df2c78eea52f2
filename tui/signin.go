package tui

import (
	"context"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
)

func contextBG() context.Context { return context.Background() }

// signinModel is the sign-in screen: badge, then PIN.
type signinModel struct {
	badge, pin textinput.Model
	focus      int
	err        string
	busy       bool
}

// newInput is a text field with a steady cursor: a blinking one redraws the
// screen twice a second over slow SSH links for nothing.
func newInput(limit int) textinput.Model {
	t := textinput.New()
	t.Prompt = ""
	t.CharLimit = limit
	t.Cursor.SetMode(cursor.CursorStatic)
	return t
}

func newSignin() signinModel {
	s := signinModel{badge: newInput(32), pin: newInput(32)}
	s.pin.EchoMode = textinput.EchoPassword
	s.pin.EchoCharacter = '*'
	s.badge.Focus()
	return s
}

func (s *signinModel) fail(text string) {
	s.busy = false
	s.err = text
	s.pin.SetValue("")
	s.focus = 1
	s.badge.Blur()
	s.pin.Focus()
}

func (s *signinModel) setFocus(i int) {
	s.focus = i
	if i == 0 {
		s.pin.Blur()
		s.badge.Focus()
	} else {
		s.badge.Blur()
		s.pin.Focus()
	}
}

func (s *signinModel) update(m *Model, msg tea.KeyMsg) tea.Cmd {
	if s.busy {
		return nil
	}
	switch msg.String() {
	case "tab", "shift+tab", "up", "down":
		s.setFocus(1 - s.focus)
		return nil
	case "enter":
		if s.focus == 0 {
			s.setFocus(1)
			return nil
		}
		badge, pin := strings.TrimSpace(s.badge.Value()), s.pin.Value()
		if badge == "" || pin == "" {
			s.err = m.cat.T("signin.empty")
			return nil
		}
		s.busy = true
		s.err = ""
		return openShiftCmd(m.st, badge, pin, m.ident.HomeGate, m.now())
	}
	var cmd tea.Cmd
	if s.focus == 0 {
		s.badge, cmd = s.badge.Update(msg)
	} else {
		s.pin, cmd = s.pin.Update(msg)
	}
	return cmd
}

func (s *signinModel) view(m *Model) string {
	var b strings.Builder
	b.WriteString("\n")
	b.WriteString(m.sty.Title.Render(m.ident.FacilityName+" · "+m.cat.T("app.title")) + "\n")
	b.WriteString(m.sty.Dim.Render(m.ident.Terminal) + "\n\n")
	b.WriteString(m.sty.Header.Render(m.cat.T("signin.title")) + "\n\n")
	b.WriteString(field(m, m.cat.T("signin.badge"), s.badge.View(), s.focus == 0, 10) + "\n")
	b.WriteString(field(m, m.cat.T("signin.pin"), s.pin.View(), s.focus == 1, 10) + "\n\n")
	switch {
	case s.busy:
		b.WriteString(m.sty.Dim.Render(m.cat.T("signin.checking")) + "\n")
	case s.err != "":
		b.WriteString(m.sty.Error.Render(s.err) + "\n")
	default:
		b.WriteString("\n")
	}
	if m.ident.FacilityID == "demo" {
		b.WriteString("\n" + m.sty.Dim.Render(m.cat.T("signin.demo")) + "\n")
	}
	return b.String()
}

// field draws "label  value" with the label in a fixed number of cells and
// a marker on the focused field (visible without colour too).
func field(m *Model, label, value string, focused bool, labelW int) string {
	mark := "  "
	ls := m.sty.Label
	if focused {
		mark = "> "
		ls = m.sty.Focus
	}
	return mark + ls.Render(fit(label, labelW)) + " " + value
}
