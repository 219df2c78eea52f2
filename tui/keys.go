package tui

import (
	"fmt"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
)

// Every key the console reacts to is a binding here, grouped by the context
// that reads it (gh-dash internal/tui/keys, soft-serve pkg/ui/keymap). The
// help bar and the ? overlay are drawn from the same bindings with
// bubbles/help, so what they say and what the keys do cannot drift apart.
// Help text comes from the catalogue, so both are translated.

// globalKeys work on every signed-in screen, whatever has focus.
type globalKeys struct {
	Gate  []key.Binding // index 1… the gates; 0 the daily measures (the F-key after them)
	Shift key.Binding
	Sync  key.Binding
	Help  key.Binding
	Quit  key.Binding
}

// formKeys move through a form and edit its focused field.
type formKeys struct {
	Save       key.Binding // Enter: decide (and save what is allowed)
	Next       key.Binding // Tab; past the last field, to the log
	Prev       key.Binding
	Down       key.Binding // ↓: the next field, wrapping
	Up         key.Binding
	Clear      key.Binding // Esc, Ctrl+U
	ChoosePrev key.Binding // on a choice field
	ChooseNext key.Binding
	// NATResult is gate 3's, offered while an end of standby is refused
	// for want of a negative nucleic-acid result: the supervisor records
	// it (a clearance of subject isolation) without leaving the form. A
	// control key, as the form's fields take letters.
	NATResult key.Binding
}

// decideKeys answer a decision shown under a form.
type decideKeys struct {
	Save     key.Binding
	Override key.Binding
	Back     key.Binding
}

// logKeys move through a gate's log.
type logKeys struct {
	Up       key.Binding
	Down     key.Binding
	PgDn     key.Binding
	PgUp     key.Binding
	Newest   key.Binding
	Void     key.Binding
	Override key.Binding
	Clear    key.Binding // a supervisor's clearance of a fever bar or a contact (§11)
	Back     key.Binding // to the form
}

// dialogKeys step through a dialog's fields.
type dialogKeys struct {
	Submit key.Binding
	Next   key.Binding
	Prev   key.Binding
	Cancel key.Binding
}

// confirmKeys answer a yes/no question.
type confirmKeys struct {
	Yes key.Binding
	No  key.Binding
}

// listKeys scroll a list or a text (the roll-call, the report, the gaps
// checklist, the notices, gate 4's list).
type listKeys struct {
	Up     key.Binding
	Down   key.Binding
	PgUp   key.Binding
	PgDn   key.Binding
	Home   key.Binding
	End    key.Binding
	Left   key.Binding // previous group or day
	Right  key.Binding // next group or day
	Open   key.Binding // Enter
	Back   key.Binding // out of an opened item
	ToLog  key.Binding // Tab
	Later  key.Binding // the roll-call's Esc: leave this recheck for later
	Toggle key.Binding // gate 4's list: on site / from home
	Carry  key.Binding // gate 4's list: carry the last list over to today
	// Discard is gate 5's: the oldest sample whose time is over is thrown
	// away, on record.
	Discard key.Binding
}

// dailyKeys switch the parts of the daily measures (F6).
type dailyKeys struct {
	PrevPart key.Binding
	NextPart key.Binding
}

// signinKeys are the sign-in screen's and the lock screen's.
type signinKeys struct {
	Next     key.Binding
	Enter    key.Binding
	Takeover key.Binding // the lock screen: another guard signs in
	Quit     key.Binding
}

// keyMap is every context's keymap.
type keyMap struct {
	Global  globalKeys
	Form    formKeys
	Decide  decideKeys
	Log     logKeys
	Dialog  dialogKeys
	Confirm confirmKeys
	List    listKeys
	Daily   dailyKeys
	Signin  signinKeys
}

func newKeyMap(c *Catalog, screens int) keyMap {
	b := func(keys []string, label, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(label, c.T(desc)))
	}
	ks := func(s ...string) []string { return s }
	var k keyMap
	k.Global.Gate = make([]key.Binding, screens)
	last := screens - 1 // the last gate's number
	for g := 1; g <= last; g++ {
		n := fmt.Sprint(g)
		k.Global.Gate[g] = b(ks("f"+n, "alt+"+n), fmt.Sprintf("F1–F%d", last), "key.gates")
	}
	n := fmt.Sprint(screens)
	k.Global.Gate[0] = b(ks("f"+n, "alt+"+n), "F"+n, "key.daily")
	k.Global.Shift = b(ks("f9"), "F9", "key.shift")
	k.Global.Sync = b(ks("ctrl+s"), "Ctrl+S", "key.sync")
	k.Global.Help = b(ks("?"), "?", "key.help")
	k.Global.Quit = b(ks("f10", "ctrl+q"), "F10", "key.quit")

	k.Form = formKeys{
		Save:       b(ks("enter"), "Enter", "key.enter"),
		Next:       b(ks("tab"), "Tab", "key.next"),
		Prev:       b(ks("shift+tab"), "Shift+Tab", "key.prev"),
		Down:       b(ks("down"), "↓", "key.next"),
		Up:         b(ks("up"), "↑", "key.prev"),
		Clear:      b(ks("esc", "ctrl+u"), "Esc", "key.clear"),
		ChoosePrev: relabel(choosePrev, "←", c.T("key.choose")),
		ChooseNext: relabel(chooseNext, "←/→", c.T("key.choose")),
		NATResult:  b(ks("ctrl+r"), "Ctrl+R", "key.natresult"),
	}
	k.Decide = decideKeys{
		Save:     b(ks("enter"), "Enter", "key.save"),
		Override: b(ks("ctrl+o"), "Ctrl+O", "key.override"),
		Back:     b(ks("esc"), "Esc", "key.back"),
	}
	k.Log = logKeys{
		Up:       b(ks("up", "k"), "↑", "key.select"),
		Down:     b(ks("down", "j"), "↓", "key.select"),
		PgDn:     b(ks("pgdown", "right"), "PgDn", "key.older"),
		PgUp:     b(ks("pgup", "left"), "PgUp", "key.newer"),
		Newest:   b(ks("home"), "Home", "key.newest"),
		Void:     b(ks("v"), "v", "key.void"),
		Override: b(ks("o", "ctrl+o"), "o", "key.override"),
		Clear:    b(ks("c"), "c", "key.clearance"),
		Back:     b(ks("tab", "shift+tab", "esc"), "Esc", "key.toform"),
	}
	k.Dialog = dialogKeys{
		Submit: b(ks("enter"), "Enter", "key.confirm"),
		Next:   b(ks("tab", "down"), "Tab", "key.next"),
		Prev:   b(ks("shift+tab", "up"), "Shift+Tab", "key.prev"),
		Cancel: b(ks("esc"), "Esc", "key.cancel"),
	}
	k.Confirm = confirmKeys{
		Yes: b(ks("y", "Y", "f10", "ctrl+q"), "y", "key.yes"),
		No:  b(ks("n", "N", "esc"), "n", "key.no"),
	}
	k.List = listKeys{
		Up:      b(ks("up", "k"), "↑", "key.up"),
		Down:    b(ks("down", "j"), "↓", "key.down"),
		PgUp:    b(ks("pgup"), "PgUp", "key.page"),
		PgDn:    b(ks("pgdown"), "PgDn", "key.page"),
		Home:    b(ks("home"), "Home", "key.home"),
		End:     b(ks("end"), "End", "key.end"),
		Left:    b(ks("left"), "←", "key.left"),
		Right:   b(ks("right"), "→", "key.right"),
		Open:    b(ks("enter"), "Enter", "key.open"),
		Back:    b(ks("esc", "left", "backspace"), "Esc", "key.esc"),
		ToLog:   b(ks("tab"), "Tab", "key.tolog"),
		Later:   b(ks("esc"), "Esc", "key.later"),
		Toggle:  b(ks("left", "right", " ", "h", "l"), "←/→", "key.status"),
		Carry:   b(ks("y", "Y", "ctrl+y"), "y", "key.carry"),
		Discard: b(ks("ctrl+d"), "Ctrl+D", "key.discard"),
	}
	k.Daily = dailyKeys{
		PrevPart: b(ks("f7"), "F7", "key.prevpart"),
		NextPart: b(ks("f8"), "F8", "key.nextpart"),
	}
	k.Signin = signinKeys{
		Next:     b(ks("tab", "shift+tab", "up", "down"), "Tab", "key.next"),
		Enter:    b(ks("enter"), "Enter", "key.signin"),
		Takeover: b(ks("ctrl+t"), "Ctrl+T", "key.takeover"),
		Quit:     b(ks("ctrl+q"), "Ctrl+Q", "key.quit"),
	}
	return k
}

// choosePrev and chooseNext move a choice field; cycle reads them with no
// keymap at hand, newKeyMap gives them their help text.
var (
	choosePrev = key.NewBinding(key.WithKeys("left", "h"))
	chooseNext = key.NewBinding(key.WithKeys("right", " ", "l"))
)

// typedOnChoice reports whether msg, given to a choice, is text typed
// there rather than a move of the choice: a guard one Tab short of the next
// text field types the ID number on 方向, and a choice takes no text. The
// forms give it to the next field that does instead of dropping it.
func typedOnChoice(msg tea.KeyMsg) bool {
	return msg.Type == tea.KeyRunes && !key.Matches(msg, chooseNext, choosePrev)
}

// cycle moves a choice of n options with ←/→ (and space), wrapping round.
func cycle(i, n int, msg tea.KeyMsg) int {
	switch {
	case key.Matches(msg, chooseNext):
		return (i + 1) % n
	case key.Matches(msg, choosePrev):
		return (i + n - 1) % n
	}
	return i
}

// gateFor returns the screen a key switches to (0 is the daily measures), or -1.
func (k keyMap) gateFor(msg interface{ String() string }) int {
	for g := range k.Global.Gate {
		for _, s := range k.Global.Gate[g].Keys() {
			if msg.String() == s {
				return g
			}
		}
	}
	return -1
}

// The short helps: what the help bar shows in each context.

func (k keyMap) formHelp(extra ...key.Binding) []key.Binding {
	bs := []key.Binding{k.Form.Save, k.Form.Next, k.Form.ChooseNext}
	bs = append(bs, extra...)
	return append(bs, k.Global.Gate[1], k.Global.Shift, k.Global.Help, k.Global.Quit)
}

func (k keyMap) decideHelp(overridable bool) []key.Binding {
	bs := []key.Binding{k.Decide.Save}
	if overridable {
		bs = append(bs, k.Decide.Override)
	}
	return append(bs, k.Decide.Back, k.Global.Help)
}

func (k keyMap) logHelp() []key.Binding {
	return []key.Binding{k.Log.Down, k.Log.PgDn, k.Log.Void, k.Log.Override, k.Log.Back, k.Global.Help, k.Global.Quit}
}

func (k keyMap) dialogHelp() []key.Binding {
	return []key.Binding{k.Dialog.Next, k.Dialog.Submit, k.Dialog.Cancel}
}

func (k keyMap) confirmHelp() []key.Binding { return []key.Binding{k.Confirm.Yes, k.Confirm.No} }

func (k keyMap) signinHelp() []key.Binding {
	return []key.Binding{k.Signin.Next, k.Signin.Enter, k.Signin.Quit}
}

// globalHelp is the column of keys that work everywhere, for the ? overlay.
func (k keyMap) globalHelp() []key.Binding {
	return []key.Binding{k.Global.Gate[1], k.Global.Gate[0], k.Global.Shift, k.Global.Sync, k.Global.Help, k.Global.Quit}
}

// newHelp is the bubbles/help model both the help bar and ? draw with.
func newHelp(s Styles) help.Model {
	h := help.New()
	h.ShortSeparator = "  "
	h.FullSeparator = "    "
	h.Ellipsis = "…"
	h.Styles.ShortKey, h.Styles.FullKey = s.HelpKey, s.HelpKey
	h.Styles.ShortDesc, h.Styles.FullDesc = s.Help, s.Help
	h.Styles.ShortSeparator, h.Styles.FullSeparator = s.Help, s.Help
	h.Styles.Ellipsis = s.Help
	return h
}

// dedupe drops bindings whose help reads the same as an earlier one (↑ and
// ↓ both "select row"), so the overlay lists each action once.
func dedupe(bs []key.Binding) []key.Binding {
	seen := map[[2]string]bool{}
	out := bs[:0:0]
	for _, b := range bs {
		h := b.Help()
		k := [2]string{h.Key, h.Desc}
		if h.Key == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, b)
	}
	return out
}

// columns cuts bs into groups of at most n, for help.FullHelpView.
func columns(bs []key.Binding, n int) [][]key.Binding {
	var out [][]key.Binding
	for len(bs) > n {
		out = append(out, bs[:n])
		bs = bs[n:]
	}
	if len(bs) > 0 {
		out = append(out, bs)
	}
	return out
}

// formFullHelp and logFullHelp are every key of the form and of the log,
// for the ? overlay.
func (k keyMap) formFullHelp() []key.Binding {
	f := k.Form
	return []key.Binding{f.Save, f.Next, f.Prev, f.ChooseNext, f.Clear, k.Decide.Override, k.Decide.Back}
}

func (k keyMap) logFullHelp() []key.Binding {
	l := k.Log
	return []key.Binding{l.Up, l.PgDn, l.PgUp, l.Newest, l.Void, l.Override, l.Clear, l.Back}
}

// relabel is b with another help text: the same keys, worded for the
// screen (Enter "save" on the roll-call, "submit" on the report).
func relabel(b key.Binding, label, desc string) key.Binding {
	b.SetHelp(label, desc)
	return b
}

// isRune reports a typed character: in a field that takes text, "k" and
// "j" are letters, not the list's ↑ and ↓.
func isRune(msg tea.KeyMsg) bool { return msg.Type == tea.KeyRunes }
