package tui

import (
	"context"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
)

func contextBG() context.Context { return context.Background() }

// signinModel is the sign-in screen: badge, then PIN, on the one form
// component.
type signinModel struct {
	f          form
	badge, pin *formField
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
	s := signinModel{badge: textF("signin.badge", 32, 20, false).must(), pin: secretF("signin.pin", 32, 20)}
	s.f.setFields([]*formField{s.badge, s.pin}, 0)
	return s
}

func (s *signinModel) fail(text string) {
	s.busy = false
	s.err = text
	s.pin.set("")
	s.f.setFocus(1)
}

func (s *signinModel) update(m *Model, msg tea.KeyMsg) tea.Cmd {
	if s.busy {
		return nil
	}
	switch {
	case key.Matches(msg, m.keys.Signin.Next):
		s.f.setFocus(s.f.focus + 1)
		return nil
	case key.Matches(msg, m.keys.Signin.Enter):
		if s.f.cur() == s.badge {
			s.f.setFocus(1)
			return nil
		}
		if _, ok := s.f.check(m.Context); !ok {
			// A refusal stays until the next try: Enter pressed twice
			// finds the PIN cleared, and must not hide why.
			if s.err == "" {
				s.err = m.cat.T("signin.empty")
			}
			return nil
		}
		s.busy = true
		s.err = ""
		// Sign-in and its shift.open are one operation: a sign-in whose
		// shift cannot be saved (a full disk) fails as a whole.
		return openShiftCmd(m.st, m.sync, s.badge.value(), s.pin.in.Value(), m.ident.HomeGate, m.now())
	}
	cmd, _ := s.f.edit(msg)
	return cmd
}

func (s *signinModel) view(m *Model) string {
	var b strings.Builder
	b.WriteString("\n")
	b.WriteString(m.sty.Title.Render(m.ident.FacilityName+" · "+m.cat.T("app.title")) + "\n")
	b.WriteString(m.sty.Dim.Render(m.ident.Terminal) + "\n\n")
	b.WriteString(m.sty.Header.Render(m.cat.T("signin.title")) + "\n\n")
	b.WriteString(s.f.render(m.Context, s.badge, 10, true) + "\n")
	b.WriteString(s.f.render(m.Context, s.pin, 10, true) + "\n\n")
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

// caret is the text cursor drawn without colour.
const caret = "|"

// field draws "label  value" with the label in a fixed number of cells and
// a marker on the focused field (visible without colour too).
func field(m *Context, label, value string, focused bool, labelW int) string {
	mark := "  "
	ls := m.sty.Label
	if focused {
		mark = selMark
		ls = m.sty.Focus
	}
	return mark + ls.Render(fit(label, labelW)) + " " + value
}
