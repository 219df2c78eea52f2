package tui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// screenList is the console's screens, one registration line each: index 0
// the daily measures, then the gates in order. The F-keys follow the list
// (F1… the gates, the next one the daily measures), so a new gate is its
// file, its line here and its strings (gate.name.N, gate.rule.N).
var screenList = []func(*Catalog) screen{
	func(c *Catalog) screen { return newDaily(c) },
	func(c *Catalog) screen { return newGate1Screen(c) }, // crossings, and admissions and releases (gate1_moves.go)
	func(c *Catalog) screen { return newGate2(c) },
	func(c *Catalog) screen { return newGate3(c) },
	func(c *Catalog) screen { return newGate4(c) },
	func(c *Catalog) screen { return newGate5(c) },
}

// screen is one gate's entry form and panel. The header above it, the log
// below it and the bars are drawn by the root for every gate alike.
type screen interface {
	// update handles a key while the form has focus.
	update(m *Context, msg tea.KeyMsg) tea.Cmd
	// handle receives a result this screen asked for (see screenMsg).
	handle(m *Context, msg tea.Msg) tea.Cmd
	// load fetches the screen's counters and panel; its result comes back
	// through handle. It runs with every reload of the gate's log.
	load(m *Context) tea.Cmd
	// view draws the counters line, the form and the panel in lines() lines.
	view(m *Context) string
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
	// It may return the message the status line shows ("" for the usual).
	saved(m *Context, msg savedMsg) string
	// busy reports that the screen waits for the store (a lookup its next
	// step needs, a save): the root holds keys until it answers.
	busy() bool
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
