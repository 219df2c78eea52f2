package tui

import (
	"github.com/charmbracelet/bubbles/key"
)

// keyMap is the console's one keymap. Help text comes from the catalogue so
// the help bar and the ? overlay are translated.
type keyMap struct {
	Gate     [6]key.Binding // index 1–5 the gates; 0 the daily measures (F6)
	Next     key.Binding
	Prev     key.Binding
	Enter    key.Binding
	Esc      key.Binding
	Choose   key.Binding
	Page     key.Binding
	Select   key.Binding
	Void     key.Binding
	Override key.Binding
	Shift    key.Binding
	Sync     key.Binding
	Help     key.Binding
	Quit     key.Binding
	Clear    key.Binding
	Carry    key.Binding // gate 4's list: carry the last list over to today
}

func newKeyMap(c *Catalog) keyMap {
	k := keyMap{
		Next:     key.NewBinding(key.WithKeys("tab"), key.WithHelp("Tab", c.T("key.next"))),
		Prev:     key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("Shift+Tab", c.T("key.prev"))),
		Enter:    key.NewBinding(key.WithKeys("enter"), key.WithHelp("Enter", c.T("key.enter"))),
		Esc:      key.NewBinding(key.WithKeys("esc"), key.WithHelp("Esc", c.T("key.esc"))),
		Choose:   key.NewBinding(key.WithKeys("left", "right"), key.WithHelp("←/→", c.T("key.choose"))),
		Page:     key.NewBinding(key.WithKeys("pgup", "pgdown"), key.WithHelp("PgUp/PgDn", c.T("key.page"))),
		Select:   key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑/↓", c.T("key.select"))),
		Void:     key.NewBinding(key.WithKeys("v"), key.WithHelp("v", c.T("key.void"))),
		Override: key.NewBinding(key.WithKeys("ctrl+o"), key.WithHelp("Ctrl+O", c.T("key.override"))),
		Shift:    key.NewBinding(key.WithKeys("f9"), key.WithHelp("F9", c.T("key.shift"))),
		Sync:     key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("Ctrl+S", c.T("key.sync"))),
		Help:     key.NewBinding(key.WithKeys("?"), key.WithHelp("?", c.T("key.help"))),
		Quit:     key.NewBinding(key.WithKeys("f10", "ctrl+q"), key.WithHelp("F10", c.T("key.quit"))),
		Clear:    key.NewBinding(key.WithKeys("ctrl+u"), key.WithHelp("Ctrl+U", c.T("key.clear"))),
		Carry:    key.NewBinding(key.WithKeys("y", "ctrl+y"), key.WithHelp("y", c.T("key.carry"))),
	}
	for g := 1; g <= 5; g++ {
		n := string(rune('0' + g))
		k.Gate[g] = key.NewBinding(key.WithKeys("f"+n, "alt+"+n), key.WithHelp("F1–F5", c.T("key.gates")))
	}
	k.Gate[0] = key.NewBinding(key.WithKeys("f6", "alt+6"), key.WithHelp("F6", c.T("key.daily")))
	return k
}

// gateFor returns the screen a key switches to (0 is the daily measures), or -1.
func (k keyMap) gateFor(msg interface{ String() string }) int {
	for g := range k.Gate {
		for _, s := range k.Gate[g].Keys() {
			if msg.String() == s {
				return g
			}
		}
	}
	return -1
}

// formHelp is the short help for the form; logHelp for the log.
func (k keyMap) formHelp() []key.Binding {
	return []key.Binding{k.Enter, k.Next, k.Choose, k.Gate[1], k.Shift, k.Help, k.Quit}
}

func (k keyMap) logHelp() []key.Binding {
	return []key.Binding{k.Select, k.Page, k.Void, k.Override, k.Esc, k.Help, k.Quit}
}

// fullHelp is every binding, for the ? overlay.
func (k keyMap) fullHelp() []key.Binding {
	return []key.Binding{k.Gate[1], k.Gate[0], k.Next, k.Prev, k.Enter, k.Esc, k.Choose, k.Clear,
		k.Select, k.Page, k.Void, k.Override, k.Sync, k.Shift, k.Help, k.Quit}
}
