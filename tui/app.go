package tui

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/mattn/go-runewidth"
	"github.com/muesli/termenv"

	"gatepost/auth"
	"gatepost/gate"
	"gatepost/record"
	"gatepost/store"
	"gatepost/syncer"
)

// Minimum terminal size the layout is drawn for (§9).
const (
	minWidth  = 80
	minHeight = 24
)

// Model is the console's root: it owns the screens, decides who gets each
// key, and draws the status and help bars.
type Model struct {
	st    *store.Store
	ident store.Identity
	cat   *Catalog
	sty   Styles
	keys  keyMap
	opts  Options
	cfg   gate.Config

	width, height int

	guard   *gate.Guard // nil while signed out
	shiftAt int64       // seq of this shift's shift.open
	shiftID string      // its id
	signin  signinModel
	gateNo  int
	screens [6]screen
	logs    [6]logPanel
	modal   modal

	sync   *syncer.Loop // nil in tests that do not sync
	syncSt syncer.Status

	flash    string
	flashErr bool
	lastSeq  int64
	clock    time.Time
	lastKey  time.Time
	quitting bool
}

// New builds the root model. Run calls it; tests call it directly.
func New(st *store.Store, ident store.Identity, opts Options) *Model {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	cat := NewCatalog(opts.Lang)
	m := &Model{
		st: st, ident: ident, cat: cat, sty: NewStyles(), keys: newKeyMap(cat), opts: opts,
		cfg: gate.Config{Fever: opts.FeverAt}, gateNo: ident.HomeGate, sync: opts.Sync,
	}
	if m.sync != nil {
		m.syncSt = m.sync.Status()
	}
	m.signin = newSignin()
	m.newScreens()
	m.clock = opts.Now()
	m.lastKey = m.clock
	return m
}

// Run starts the console on st and returns when the guard quits.
func Run(st *store.Store, opts Options) error {
	// Chinese locales make go-runewidth count ambiguous glyphs as two cells
	// while lipgloss counts one; one rule for both keeps columns aligned.
	runewidth.DefaultCondition.EastAsianWidth = false
	if os.Getenv("NO_COLOR") != "" {
		lipgloss.SetColorProfile(termenv.Ascii)
	}
	// Ask for the background before the program owns the terminal: asked
	// later, adaptive colours can hang the start.
	lipgloss.HasDarkBackground()
	ident, err := st.Identity(contextBG())
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(contextBG())
	defer cancel()
	if opts.Sync == nil {
		// The loop logs to a file beside the database: anything written to
		// the terminal would tear the screen.
		logf, err := os.OpenFile(filepath.Join(filepath.Dir(st.Path()), "sync.log"), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o600)
		if err != nil {
			return err
		}
		defer logf.Close()
		loop, err := syncer.NewLoop(st, syncer.WithLogger(slog.New(slog.NewTextHandler(logf, nil))))
		if err != nil {
			return err
		}
		opts.Sync = loop
	}
	p := tea.NewProgram(New(st, ident, opts), tea.WithAltScreen())
	go opts.Sync.Run(ctx)
	go func() {
		for {
			select {
			case <-ctx.Done():
				return
			case s := <-opts.Sync.Updates():
				p.Send(syncMsg(s))
			}
		}
	}()
	_, err = p.Run()
	return err
}

// Init starts the clock.
func (m *Model) Init() tea.Cmd { return tick() }

func (m *Model) now() time.Time { return m.opts.Now() }

func (m *Model) today() string { return store.Day(m.now()) }

func (m *Model) setFlash(s string, isErr bool) { m.flash, m.flashErr = s, isErr }

// sayCleared tells the guard that Esc threw typed input away, when there
// was some (dirty): every form says so in the same words.
func (m *Model) sayCleared(dirty bool) {
	if dirty {
		m.setFlash(m.cat.T("form.cleared"), false)
	}
}

// readFailed reports whether err is set and, if it is, says on the status
// bar that a read from the store failed: every screen and the log report a
// failed load in these words.
func (m *Model) readFailed(err error) bool {
	if err == nil {
		return false
	}
	m.setFlash(m.cat.T("log.loadfail", err.Error()), true)
	return true
}

// newScreens gives every gate a fresh screen (at start and after a shift).
func (m *Model) newScreens() {
	m.screens[0] = newDaily(m.cat)
	m.screens[1] = newGate1(m.cat)
	m.screens[2] = newGate2(m.cat)
	m.screens[3] = newGate3(m.cat)
	m.screens[4] = newGate4(m.cat)
	m.screens[5] = newGate5(m.cat)
}

func (m *Model) screen() screen { return m.screens[m.gateNo] }

// logRows is how many log rows fit under the gate's screen: the height less
// the three bars, the gate header (two lines), the screen and the log title.
func (m *Model) logRows() int {
	return max(3, m.height-6-m.screen().lines())
}

// reload fetches the current page of gate g's log and the screen's panel.
func (m *Model) reload(g int) tea.Cmd {
	lp := &m.logs[g]
	return tea.Batch(loadPageCmd(m.st, g, m.today(), lp.before(), m.logRows()), m.screens[g].load(m))
}

// reloadNewest takes gate g's log back to its newest page and reloads it
// with the screen's panel: after a save, a void, or coming to the gate.
func (m *Model) reloadNewest(g int) tea.Cmd {
	m.logs[g].reset()
	return m.reload(g)
}

// logFocused reports whether keys go to the log rather than the form.
func (m *Model) logFocused() bool {
	return m.logs[m.gateNo].focused || !m.screen().hasForm()
}

// Update routes a message. Keys go first to an open modal, then to global
// keys, then to the screen that has focus.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		first := m.width == 0
		m.width, m.height = msg.Width, msg.Height
		if m.guard != nil && first {
			return m, m.reload(m.gateNo)
		}
		return m, nil
	case tickMsg:
		m.clock = m.now()
		if m.guard != nil && m.opts.IdleLock > 0 && m.modal == nil && m.now().Sub(m.lastKey) >= m.opts.IdleLock {
			m.modal = newLockModal()
		}
		return m, tea.Batch(tick(), m.pollNotices())
	case tea.KeyMsg:
		m.lastKey = m.now()
		return m.key(msg)
	case signedInMsg:
		return m.signedIn(msg)
	case pageMsg:
		if m.readFailed(msg.err) {
			return m, nil
		}
		m.lastSeq = msg.last
		m.logs[msg.gate].loaded(msg)
		return m, nil
	case screenMsg:
		return m, m.screens[msg.gate].handle(m, msg.msg)
	case syncMsg:
		m.syncSt = syncer.Status(msg)
		return m, nil
	case syncDoneMsg:
		m.syncDone(msg)
		return m, nil
	case savedMsg:
		return m.saved(msg)
	case supervisedMsg:
		return m.supervised(msg)
	case shiftSummaryMsg:
		if sm, ok := m.modal.(*shiftModal); ok {
			sm.summary, sm.err = msg.summary, msg.err
		}
		return m, nil
	}
	return m, nil
}

func (m *Model) key(msg tea.KeyMsg) (tea.Model, tea.Cmd) {
	if m.modal != nil {
		return m, m.modal.update(m, msg)
	}
	if m.guard == nil {
		if key.Matches(msg, m.keys.Quit) {
			return m, tea.Quit
		}
		return m, m.signin.update(m, msg)
	}
	switch {
	case key.Matches(msg, m.keys.Quit):
		if m.anyDirty() {
			m.modal = &quitModal{}
			return m, nil
		}
		m.quitting = true
		return m, tea.Quit
	case key.Matches(msg, m.keys.Sync):
		if m.sync == nil || !m.syncSt.Configured {
			m.setFlash(m.cat.T("sync.notjoined"), true)
			return m, nil
		}
		m.setFlash(m.cat.T("sync.running"), false)
		return m, syncNowCmd(m.sync, "key")
	case key.Matches(msg, m.keys.Shift):
		sm := newShiftModal(m.cat)
		m.modal = sm
		return m, shiftSummaryCmd(m.st, m.shiftAt-1, m.now(), m.cfg.FeverAt())
	case m.keys.gateFor(msg) >= 0:
		g := m.keys.gateFor(msg)
		m.gateNo = g
		m.flash = ""
		return m, m.reloadNewest(g)
	case key.Matches(msg, m.keys.Help) && !m.typingText():
		m.modal = &helpModal{}
		return m, nil
	}
	if m.logFocused() {
		return m, m.logs[m.gateNo].update(m, msg)
	}
	return m, m.screen().update(m, msg)
}

func (m *Model) anyDirty() bool {
	for _, s := range m.screens {
		if s.dirty() {
			return true
		}
	}
	return false
}

// typingText reports whether the focused field takes free text, where ? is
// something a guard may type rather than a call for help.
func (m *Model) typingText() bool {
	return !m.logFocused() && m.screen().freeText()
}

func (m *Model) signedIn(msg signedInMsg) (tea.Model, tea.Cmd) {
	if msg.err != nil {
		text := m.authError(msg.err)
		if lm, ok := m.modal.(*lockModal); ok && msg.lock {
			lm.err, lm.busy = text, false
			lm.pin.SetValue("")
			return m, nil
		}
		m.signin.fail(text)
		return m, nil
	}
	if msg.lock {
		m.modal = nil
		return m, nil
	}
	g := msg.guard
	m.guard = &g
	m.signin = newSignin()
	return m.saved(savedMsg{gate: m.ident.HomeGate, purpose: "shift.open", recs: []record.Record{msg.shift}})
}

func (m *Model) authError(err error) string {
	var le *auth.LockedError
	var be *auth.BadPINError
	var se *auth.ShiftError
	var de *store.DamagedError
	switch {
	case errors.As(err, &de):
		return m.cat.T("signin.damaged")
	case errors.As(err, &se):
		return m.cat.T("signin.shiftfail", se.Err.Error())
	case errors.As(err, &le):
		return m.cat.T("signin.locked", le.Until.Format("15:04"))
	case errors.As(err, &be):
		return m.cat.T("signin.bad", be.Left)
	}
	return m.cat.T("signin.failed", err.Error())
}

func (m *Model) saved(msg savedMsg) (tea.Model, tea.Cmd) {
	if msg.err != nil {
		// Nothing was written; the form keeps what the guard typed.
		m.setFlash(m.cat.T("form.savefail", msg.err.Error()), true)
		m.screens[msg.gate].saveFailed()
		if msg.purpose == "shift.close" {
			if sm, ok := m.modal.(*shiftModal); ok {
				sm.saving = false
				sm.err = msg.err
			}
		}
		return m, nil
	}
	last := msg.recs[len(msg.recs)-1]
	m.lastSeq = last.Seq
	m.kickSync()
	switch msg.purpose {
	case "shift.open":
		m.shiftAt, m.shiftID = last.Seq, last.ID
		m.setFlash(m.cat.T("shift.opened", m.guard.Name), false)
	case "shift.close":
		m.modal = nil
		m.guard = nil
		m.setFlash(m.cat.T("shift.closed"), false)
		m.newScreens()
		m.gateNo = m.ident.HomeGate
		if m.sync != nil && m.syncSt.Configured {
			// The post-shift sync (§4): its result is shown on the sign-in screen.
			m.setFlash(m.cat.T("shift.closed")+" "+m.cat.T("sync.running"), false)
			return m, syncNowCmd(m.sync, "shift")
		}
		return m, nil
	case "form":
		m.screens[msg.gate].saved(m, msg)
		m.setFlash(m.cat.T("form.saved", msg.recs[0].Seq), false)
	}
	return m, m.reloadNewest(msg.gate)
}

func (m *Model) supervised(msg supervisedMsg) (tea.Model, tea.Cmd) {
	sm, _ := m.modal.(*supModal)
	if sm == nil {
		return m, nil
	}
	sm.busy = false
	switch {
	case msg.notSup != "":
		sm.refused(m.cat.T("sup.notsup", msg.notSup))
		return m, nil
	case msg.err != nil:
		why := m.authError(msg.err)
		if !errors.Is(msg.err, auth.ErrBadPIN) && !errors.Is(msg.err, auth.ErrLocked) {
			why = m.cat.T("form.savefail", msg.err.Error())
		}
		sm.refused(why)
		return m, nil
	}
	m.modal = nil
	last := msg.recs[len(msg.recs)-1]
	m.lastSeq = last.Seq
	m.kickSync()
	switch msg.purpose {
	case "override":
		if msg.fromForm {
			m.screens[msg.gate].saved(m, savedMsg{gate: msg.gate, purpose: "form", recs: msg.recs})
		}
		m.setFlash(m.cat.T("sup.done.override", msg.recs[0].Seq), false)
	case "void":
		m.setFlash(m.cat.T("sup.done.void", sm.targetSeq), false)
	}
	return m, m.reloadNewest(msg.gate)
}

// View draws the screen. It only formats state; all data was loaded by Cmds.
func (m *Model) View() string {
	if m.quitting {
		return ""
	}
	if m.width == 0 {
		return m.cat.T("status.loading")
	}
	if m.width < minWidth || m.height < minHeight {
		return clip(m.cat.T("status.toosmall"), m.width)
	}
	var body string
	if m.guard == nil {
		body = m.signin.view(m)
	} else {
		body = m.mainView()
	}
	if m.modal != nil {
		body = lipgloss.Place(m.width, m.height-3, lipgloss.Center, lipgloss.Center, m.modal.view(m))
	}
	lines := strings.Split(body, "\n")
	avail := m.height - 3
	banner := m.noticeBanner() // an unacknowledged notice (§3), on every screen
	if banner != "" {
		avail--
	}
	if len(lines) > avail {
		lines = lines[:avail]
	}
	for len(lines) < avail {
		lines = append(lines, "")
	}
	for i, l := range lines {
		lines[i] = clip(l, m.width)
	}
	if banner != "" {
		lines = append(lines, banner)
	}
	lines = append(lines, m.flashLine(), m.helpBar(), m.statusBar())
	return strings.Join(lines, "\n")
}

func (m *Model) mainView() string {
	var b strings.Builder
	g := m.gateNo
	head := m.sty.Header.Render(m.gateTitle(g))
	tabs := make([]string, 0, 6)
	for i := 1; i <= 6; i++ {
		t := fmt.Sprintf("F%d", i)
		if i == g || (i == 6 && g == 0) {
			t = m.sty.ChoiceOn.Render(t)
		} else {
			t = m.sty.Dim.Render(t)
		}
		tabs = append(tabs, t)
	}
	right := strings.Join(tabs, " ")
	pad := m.width - lipgloss.Width(head) - lipgloss.Width(right)
	if pad < 1 {
		pad = 1
	}
	b.WriteString(head + strings.Repeat(" ", pad) + right + "\n")
	b.WriteString(m.sty.Rule.Render(clip(m.cat.T(fmt.Sprintf("gate.rule.%d", g)), m.width)) + "\n")
	b.WriteString(m.screen().view(m) + "\n")
	b.WriteString(m.logs[g].view(m))
	return b.String()
}

// gateTitle is "第一关 场所大门"; screen 0 is the daily measures, no gate.
func (m *Model) gateTitle(g int) string { return m.cat.GateTitle(g) }

func (m *Model) gateShort(g int) string { return m.cat.GateTag(g) }

func (m *Model) flashLine() string {
	if m.flash == "" {
		return ""
	}
	st := m.sty.OK
	if m.flashErr {
		st = m.sty.Error
	}
	return st.Render(clip(m.flash, m.width))
}

func (m *Model) helpBar() string {
	var bs []key.Binding
	switch {
	case m.modal != nil:
		return m.sty.Help.Render(clip(m.modal.hint(m), m.width))
	case m.guard == nil:
		return m.sty.Help.Render(clip(m.cat.T("signin.hint"), m.width))
	case m.logFocused():
		bs = m.keys.logHelp()
		if !m.screen().hasForm() {
			bs = append([]key.Binding{m.keys.Gate[1]}, bs...)
		}
	default:
		bs = m.screen().help(m.keys)
	}
	parts := make([]string, 0, len(bs))
	width := 0
	for _, k := range bs {
		h := k.Help()
		p := m.sty.HelpKey.Render(h.Key) + " " + m.sty.Help.Render(h.Desc)
		w := lipgloss.Width(p) + 2
		if width+w > m.width {
			break
		}
		width += w
		parts = append(parts, p)
	}
	return strings.Join(parts, "  ")
}

func (m *Model) statusBar() string {
	guard := m.cat.T("status.noguard")
	if m.guard != nil {
		guard = m.guard.Name + " " + m.guard.Badge
	}
	// Facility and terminal come last: on a narrow screen they are the
	// part a guard least needs, so they are what gets cut.
	left := []string{m.gateShort(m.gateNo), guard, m.ident.FacilityName + " " + m.ident.Terminal}
	right := append(m.syncStatus(), m.clock.Format("15:04"))
	r := " " + strings.Join(right, " | ") + " "
	l := " " + strings.Join(left, " | ")
	l = clip(l, m.width-lipgloss.Width(r))
	return m.sty.Status.Render(fit(l, m.width-lipgloss.Width(r)) + r)
}

// kickSync tells the background loop there is something to send.
func (m *Model) kickSync() {
	if m.sync != nil {
		m.sync.Kick()
	}
}

// syncStatus is the sync part of the status bar: the truth as the loop last
// saw it (§7) — no hub, syncing, online since, or offline — and the counts.
func (m *Model) syncStatus() []string {
	s := m.syncSt
	if m.sync == nil || !s.Configured {
		return []string{m.cat.T("status.nohub"), m.cat.T("status.pending", m.lastSeq)}
	}
	var state string
	switch {
	case s.Syncing:
		state = m.cat.T("sync.syncing")
	case s.Online:
		state = m.cat.T("sync.online", s.LastOK.Format("15:04"))
	case s.LastOK.IsZero():
		state = m.cat.T("sync.offline.never")
	default:
		state = m.cat.T("sync.offline", s.LastOK.Format("15:04"))
	}
	out := []string{state, m.cat.T("status.pending", s.Pending)}
	if s.Rejected > 0 {
		out = append(out, m.cat.T("sync.rejected", s.Rejected))
	}
	return out
}

func (m *Model) syncDone(msg syncDoneMsg) {
	m.syncSt = m.sync.Status() // the loop's word after this sync, before its next update arrives
	r := msg.res
	text := m.cat.T("sync.done", r.Stored+r.Duplicate, r.People+r.Passes+r.Notices, r.Pending)
	if r.Rejected+r.Conflict > 0 {
		text += " " + m.cat.T("sync.rejected", r.Rejected+r.Conflict)
	}
	if msg.err != nil {
		text = m.cat.T("sync.failed", msg.err.Error())
	}
	if msg.purpose == "shift" {
		text = m.cat.T("shift.closed") + " " + text
	}
	m.setFlash(text, msg.err != nil)
}
