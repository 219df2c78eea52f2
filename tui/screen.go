package tui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// screen is one gate's entry form and panel. The header above it, the log
// below it and the bars are drawn by the root for every gate alike.
type screen interface {
	// update handles a key while the form has focus.
	update(m *Model, msg tea.KeyMsg) tea.Cmd
	// handle receives a result this screen asked for (see screenMsg).
	handle(m *Model, msg tea.Msg) tea.Cmd
	// load fetches the screen's counters and panel; its result comes back
	// through handle. It runs with every reload of the gate's log.
	load(m *Model) tea.Cmd
	// view draws the counters line, the form and the panel in lines() lines.
	view(m *Model) string
	lines() int
	// hasForm is false for a screen that is only a log.
	hasForm() bool
	// dirty reports typed input that quitting would lose.
	dirty() bool
	// freeText reports a focused field where "?" may be typed.
	freeText() bool
	// focusForm takes focus back from the log.
	focusForm()
	// saved is called after this screen's records were written.
	saved(m *Model, msg savedMsg)
	// saveFailed is called when they were not; the form keeps its input.
	saveFailed()
	// help is the short help while the form has focus.
	help(k keyMap) []key.Binding
}

// screenMsg carries a result back to the screen of one gate, whichever
// gate is on display when it arrives.
type screenMsg struct {
	gate int
	msg  tea.Msg
}

// toScreen wraps a command so that its message reaches screen g.
func toScreen(g int, cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() tea.Msg { return screenMsg{gate: g, msg: cmd()} }
}

// logOnly is the screen of a gate whose form is not built yet: its day's
// count and its log.
type logOnly struct{ gate int }

func (logOnly) update(*Model, tea.KeyMsg) tea.Cmd { return nil }
func (logOnly) handle(*Model, tea.Msg) tea.Cmd    { return nil }
func (logOnly) load(*Model) tea.Cmd               { return nil }
func (logOnly) lines() int                        { return 2 }
func (logOnly) hasForm() bool                     { return false }
func (logOnly) dirty() bool                       { return false }
func (logOnly) freeText() bool                    { return false }
func (logOnly) focusForm()                        {}
func (logOnly) saved(*Model, savedMsg)            {}
func (logOnly) saveFailed()                       {}
func (logOnly) help(k keyMap) []key.Binding       { return k.logHelp() }
func (s logOnly) view(m *Model) string {
	return m.sty.Dim.Render(m.cat.T("count.records", m.logs[s.gate].total)) + "\n" +
		m.sty.Dim.Render(clip(m.cat.T("gate.formsoon"), m.width))
}
