package tui

import (
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"gatepost/gate"
	"gatepost/post"
	"gatepost/store"
)

// Context is what a screen may know of the console, and its one way to ask
// the root for something (gh-dash's ProgramContext, soft-serve's
// common.Common): the window's size, the catalogue, the styles and keys, the
// clock, the signed-in guard, the store to read and the service to write.
// A screen reads these and never writes the root's state: it asks, with a
// message (flash, open a dialog, reload, focus the log), that the root
// handles in order as soon as the screen returns, before the next key.
type Context struct {
	cat  *Catalog
	sty  Styles
	keys keyMap
	cfg  gate.Config
	st   *store.Store
	svc  *post.Service

	width, height int
	plain         bool
	guard         *gate.Guard // nil while signed out
	clockFn       func() time.Time

	// Refreshed by the root before a screen is called.
	logFocus bool // the log, not the form, has the keys
	rows     int  // log rows under the screen on display

	out []tea.Msg // requests to the root, handled after the screen returns
}

// The requests a screen makes of the root.
type (
	flashMsg struct {
		text string
		err  bool
	}
	openDialogMsg struct{ dialog modal }
	reloadMsg     struct {
		gate   int
		newest bool
	}
	focusLogMsg    struct{ gate int }
	replayMsg      struct{ key tea.KeyMsg }
	closeDialogMsg struct{}
	wroteMsg       struct{ last int64 } // records were written: the status bar's count, a sync kick
)

func (c *Context) ask(msg tea.Msg) { c.out = append(c.out, msg) }

func (c *Context) now() time.Time { return c.clockFn() }

func (c *Context) today() string { return store.Day(c.now()) }

// setFlash asks for a message on the status line.
func (c *Context) setFlash(s string, isErr bool) { c.ask(flashMsg{text: s, err: isErr}) }

// sayCleared tells the guard that Esc threw typed input away, when there
// was some (dirty): every form says so in the same words.
func (c *Context) sayCleared(dirty bool) {
	if dirty {
		c.setFlash(c.cat.T("form.cleared"), false)
	}
}

// readFailed reports whether err is set and, if it is, says on the status
// line that a read from the store failed: every screen and the log report a
// failed load in these words.
func (c *Context) readFailed(err error) bool {
	if err == nil {
		return false
	}
	c.setFlash(c.cat.T("log.loadfail", err.Error()), true)
	return true
}

// openDialog asks the root to show a dialog, which takes every key.
func (c *Context) openDialog(d modal) { c.ask(openDialogMsg{dialog: d}) }

// closeDialog asks the root to close the dialog on display.
func (c *Context) closeDialog() { c.ask(closeDialogMsg{}) }

// focusLog asks the root to give gate g's log the keys.
func (c *Context) focusLog(g int) { c.ask(focusLogMsg{gate: g}) }

// reload asks for gate g's log page and screen to be read again;
// reloadNewest takes the log back to its newest page first.
func (c *Context) reload(g int) tea.Cmd { c.ask(reloadMsg{gate: g}); return nil }

func (c *Context) reloadNewest(g int) tea.Cmd { c.ask(reloadMsg{gate: g, newest: true}); return nil }

// replay asks for a key to be handled again once the console stops waiting
// (a denial saved by the next entry's first key).
func (c *Context) replay(k tea.KeyMsg) { c.ask(replayMsg{key: k}) }

// wrote tells the root that records up to last were written.
func (c *Context) wrote(last int64) { c.ask(wroteMsg{last: last}) }

func (c *Context) logFocused() bool { return c.logFocus }

func (c *Context) logRows() int { return c.rows }

func (c *Context) gateShort(g int) string { return c.cat.GateTag(g) }

// inputView draws a text input. Without colour the cursor's reverse video
// is lost, so the caret is drawn as a character where the cursor stands.
func (c *Context) inputView(in textinput.Model) string {
	if !c.plain || !in.Focused() {
		return in.View()
	}
	v := []rune(in.Value())
	if in.EchoMode == textinput.EchoPassword {
		v = []rune(strings.Repeat(string(in.EchoCharacter), len(v)))
	}
	p := min(max(in.Position(), 0), len(v))
	return string(v[:p]) + caret + string(v[p:])
}
