package tui

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/mattn/go-runewidth"
	"github.com/muesli/termenv"

	"gatepost/auth"
	"gatepost/gate"
	"gatepost/post"
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
	// The context the screens get; the root reads and writes it, the
	// screens only read it and ask through it.
	*Context
	ident store.Identity
	help  help.Model
	opts  Options

	shiftAt int64  // seq of this shift's shift.open
	shiftID string // its id
	signin  signinModel
	gateNo  int
	screens []screen   // screenList's, in its order
	logs    []logPanel // one per screen
	modal   modal

	sync   *syncer.Loop // nil in tests that do not sync
	syncSt syncer.Status

	flash    string
	flashErr bool
	lastSeq  int64
	clock    time.Time
	lastKey  time.Time
	quitting bool

	// altGate is an Alt+digit gate switch held back for a moment (altWait)
	// on a clean form: a key arriving meanwhile shows it was Esc and a
	// digit typed fast (Esc then 2053 arrives as Alt+2, then 053), and
	// altSeq tells its timer from an earlier one's.
	altGate *tea.KeyMsg
	altSeq  int

	// queued holds keys that arrived while the console waited for the store
	// (a decision's lookup, a save). They are replayed in the order typed as
	// soon as it answers: a guard typing, or a scanner sending, faster than
	// the disk never loses a key, and the records keep the typing order.
	queued []tea.KeyMsg
	// purgedDay is the day the retention was last enforced.
	purgedDay string
	// prior is what the previous shift left (a shift never closed, the
	// last handover note), shown above the status line until the first save.
	prior string
}

// New builds the root model. Run calls it; tests call it directly.
func New(st *store.Store, ident store.Identity, opts Options) *Model {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	cat := NewCatalog(opts.Lang)
	cfg := gate.Config{Fever: opts.FeverAt, Health: opts.Health}
	m := &Model{
		Context: &Context{st: st, cat: cat, sty: NewStyles(), keys: newKeyMap(cat, len(screenList)), cfg: cfg, clockFn: opts.Now,
			svc: post.New(st, post.Options{Clock: opts.Now, Config: cfg, Catalog: cat}),
			// Colour cannot be relied on (NO_COLOR, TERM=screen): the caret is drawn as a character.
			plain: lipgloss.ColorProfile() == termenv.Ascii || strings.HasPrefix(os.Getenv("TERM"), "screen")},
		ident: ident, opts: opts, gateNo: ident.HomeGate, sync: opts.Sync,
	}
	if m.sync != nil {
		m.syncSt = m.sync.Status()
	}
	m.help = newHelp(m.sty)
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

// retention erases, once a day (the first tick of each day), the
// identities past the facility's retention (§15).
func (m *Model) retention() tea.Cmd {
	day := m.today()
	if len(m.opts.Retention) == 0 || m.purgedDay == day {
		return nil
	}
	m.purgedDay = day
	st, days, now := m.st, m.opts.Retention, m.now()
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		_, err := st.PurgeRetention(c, days, now)
		return purgedMsg{err: err}
	}
}

// purgedMsg is the daily purge's outcome.
type purgedMsg struct{ err error }

// flash puts s on the status line at once (the root's own messages; a
// screen asks with Context.setFlash).
func (m *Model) flashNow(s string, isErr bool) { m.flash, m.flashErr = s, isErr }

// refresh brings the context up to date before a screen is called.
func (m *Model) refresh() {
	m.logFocus = m.logFocusedNow()
	m.rows = m.logRowsNow()
}

// requests handles what the screens asked for through the context, in the
// order asked: it runs after every call into a screen, before the next key.
func (m *Model) requests() tea.Cmd {
	var cmds []tea.Cmd
	for len(m.out) > 0 {
		r := m.out[0]
		m.out = m.out[1:]
		switch r := r.(type) {
		case flashMsg:
			m.flashNow(r.text, r.err)
		case openDialogMsg:
			m.modal = r.dialog
		case closeDialogMsg:
			m.modal = nil
		case focusLogMsg:
			m.logs[r.gate].focus(true)
		case reloadMsg:
			if r.newest {
				m.logs[r.gate].reset()
			}
			cmds = append(cmds, m.reloadCmd(r.gate))
		case replayMsg:
			m.queued = append([]tea.KeyMsg{r.key}, m.queued...)
		case wroteMsg:
			m.lastSeq = r.last
			m.kickSync()
		}
	}
	return tea.Batch(cmds...)
}

// newScreens gives every gate a fresh screen (at start and after a shift).
func (m *Model) newScreens() {
	m.screens = make([]screen, len(screenList))
	for i, newScreen := range screenList {
		m.screens[i] = newScreen(m.cat)
	}
	if g, ok := m.screens[1].(*gate1Screen); ok {
		g.cross.health = m.cfg.Health // the facility's profile decides what gate 1 asks
	}
	if m.logs == nil {
		m.logs = make([]logPanel, len(screenList))
	}
}

func (m *Model) screen() screen { return m.screens[m.gateNo] }

// logRowsNow is how many log rows fit under the gate's screen: the height less
// the three bars, the gate header (two lines), the screen and the log title.
func (m *Model) logRowsNow() int {
	return max(3, m.height-6-m.screen().lines())
}

// reloadCmd fetches the current page of gate g's log and the screen's panel.
func (m *Model) reloadCmd(g int) tea.Cmd {
	lp := &m.logs[g]
	lp.asked++
	m.refresh()
	return tea.Batch(loadPageCmd(m.st, g, m.today(), lp.before(), m.logRowsNow(), lp.asked), m.screens[g].load(m.Context), m.requests())
}

// logFocusedNow reports whether keys go to the log rather than the form.
func (m *Model) logFocusedNow() bool {
	return m.logs[m.gateNo].focused || !m.screen().hasForm()
}

// Update routes a message. Keys go first to an open modal, then to global
// keys, then to the screen that has focus. A key that arrives while the
// console waits for the store is held and replayed after the answer.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyMsg); ok {
		if m.tooSmall() {
			return m, nil // nothing on screen to aim at: a key could only do harm
		}
		m.lastKey = m.now()
		var keys []tea.KeyMsg
		if a := m.altGate; a != nil {
			// A key right behind an Alt+digit: it was Esc and the digit,
			// typed on.
			m.altGate = nil
			keys = escThen(*a)
		}
		switch {
		case !k.Alt:
			keys = append(keys, k)
		case m.keys.gateFor(k) >= 0 && len(keys) == 0 && m.altSwitches():
			m.altGate = &k
			m.altSeq++
			seq := m.altSeq
			return m, tea.Tick(altWait, func(time.Time) tea.Msg { return altGateMsg(seq) })
		default:
			keys = append(keys, escThen(k)...)
		}
		return m, m.keysIn(keys)
	}
	if a, ok := msg.(altGateMsg); ok {
		if int(a) != m.altSeq || m.altGate == nil {
			return m, nil // typing followed it, or a later one is waiting
		}
		k := *m.altGate
		m.altGate = nil
		return m, m.keysIn([]tea.KeyMsg{k})
	}
	m.refresh()
	_, cmd := m.update(msg)
	cmd = tea.Batch(cmd, m.requests())
	return m, tea.Batch(cmd, m.drain())
}

// keysIn routes keys in the order typed, holding them while the console
// waits for the store.
func (m *Model) keysIn(keys []tea.KeyMsg) tea.Cmd {
	var cmds []tea.Cmd
	for _, k := range keys {
		if m.busy() || len(m.queued) > 0 {
			m.queued = append(m.queued, k)
			continue
		}
		cmds = append(cmds, m.handleKey(k))
	}
	return tea.Batch(cmds...)
}

// A terminal sends Esc and the key after it as the bytes of one Alt+key
// when they come close together (bubbletea v1.3 reads "\x1b2" as Alt+2): a
// guard pressing Esc and typing on at once, or over SSH, where keys travel
// in bunches. No binding wants Alt+key but the gate switch (Alt+1…6, for
// keyboards without F-keys), so Alt+key is read as the Esc it most likely
// was, then the key, except Alt+digit where switching is harmless: signed
// in, no dialog, the screen's form clean with no decision showing, and no
// key right behind it within altWait. Read as a switch, Esc 2053⏎36.6
// typed fast took the console to gate 2, where 053⏎ was decided and the
// next digit saved a denial of a badge nobody typed (seen in tmux).
//
// altWait is longer than the gap between two keys of a guard typing on
// (about 0.1 s), shorter than the pause before typing at another gate.
const altWait = 200 * time.Millisecond

// altGateMsg ends the wait of the Alt+digit of that altSeq.
type altGateMsg int

// escThen is Alt+key taken apart: Esc, then the key.
func escThen(k tea.KeyMsg) []tea.KeyMsg {
	k.Alt = false
	return []tea.KeyMsg{{Type: tea.KeyEsc}, k}
}

// altSwitches reports whether an Alt+digit may switch gate now: there is
// nothing an Esc before it would have cleared or answered.
func (m *Model) altSwitches() bool {
	return m.guard != nil && m.modal == nil && !m.screen().dirty()
}

// handleKey routes one key, then does what the screens asked on the way.
func (m *Model) handleKey(k tea.KeyMsg) tea.Cmd {
	m.refresh()
	_, cmd := m.key(k)
	return tea.Batch(cmd, m.requests())
}

// drain replays held keys until the console waits again or none are left.
func (m *Model) drain() tea.Cmd {
	var cmds []tea.Cmd
	for len(m.queued) > 0 && !m.busy() {
		k := m.queued[0]
		m.queued = m.queued[1:]
		cmds = append(cmds, m.handleKey(k))
	}
	return tea.Batch(cmds...)
}

// busy reports that the console waits for the store on the guard's behalf:
// keys are held until it answers.
func (m *Model) busy() bool {
	switch md := m.modal.(type) {
	case *supModal:
		return md.busy
	case *lockModal:
		return md.busy
	case *shiftModal:
		return md.saving
	case nil:
	default:
		return false
	}
	if m.guard == nil {
		return m.signin.busy
	}
	// A page asked for is on its way: the next PgDn must page on from it,
	// or the label would name a page the rows are not from.
	return m.logs[m.gateNo].paging || m.screen().busy()
}

func (m *Model) tooSmall() bool {
	return m.width == 0 || m.width < minWidth || m.height < minHeight
}

func (m *Model) update(msg tea.Msg) (tea.Model, tea.Cmd) {
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
		return m, tea.Batch(tick(), m.pollNotices(), m.retention())
	case purgedMsg:
		if msg.err != nil {
			m.flashNow(m.cat.T("ident.purge.failed", msg.err.Error()), true)
		}
		return m, nil
	case signedInMsg:
		return m.signedIn(msg)
	case pageMsg:
		if m.readFailed(msg.err) {
			if msg.ask == m.logs[msg.gate].asked {
				m.logs[msg.gate].paging = false
			}
			return m, nil
		}
		m.lastSeq = msg.last
		if msg.ask != m.logs[msg.gate].asked {
			// An older load, overtaken by a newer one (two saves in quick
			// succession, a page the guard has paged past): showing it
			// would put back rows the newer one has replaced.
			return m, nil
		}
		m.logs[msg.gate].loaded(msg)
		return m, nil
	case screenMsg:
		return m, m.screens[msg.gate].handle(m.Context, msg.msg)
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
	case takeoverMsg:
		lm, _ := m.modal.(*lockModal)
		if msg.err != nil {
			if lm != nil {
				lm.busy, lm.err = false, m.authError(msg.err)
				lm.pin.set("")
			}
			return m, nil
		}
		// The locked shift is closed: its forms go, and the new guard's
		// shift opens as at any sign-in.
		m.lastSeq = msg.recs[len(msg.recs)-1].Seq
		m.kickSync()
		m.modal = nil
		m.newScreens()
		m.gateNo = m.ident.HomeGate
		return m.signedIn(signedInMsg{guard: msg.guard, shift: msg.shift})
	case priorShiftMsg:
		m.prior = m.priorText(msg)
		return m, nil
	case shiftSummaryMsg:
		if sm, ok := m.modal.(*shiftModal); ok {
			sm.summary, sm.rep, sm.err = msg.summary, msg.rep, msg.err
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
		if key.Matches(msg, m.keys.Global.Quit) {
			return m, tea.Quit
		}
		return m, m.signin.update(m, msg)
	}
	switch {
	case key.Matches(msg, m.keys.Global.Quit):
		if m.anyDirty() {
			m.modal = quitModal()
			return m, nil
		}
		m.quitting = true
		return m, tea.Quit
	case key.Matches(msg, m.keys.Global.Sync):
		if m.sync == nil || !m.syncSt.Configured {
			m.setFlash(m.cat.T("sync.notjoined"), true)
			return m, nil
		}
		m.setFlash(m.cat.T("sync.running"), false)
		return m, syncNowCmd(m.sync, "key")
	case key.Matches(msg, m.keys.Global.Shift):
		if m.anyDirty() {
			// Closing the shift clears every form: ask first.
			m.modal = &confirmModal{question: "shift.dirty", yes: func(m *Model) tea.Cmd { return m.closeShift() }}
			return m, nil
		}
		return m, m.closeShift()
	case m.keys.gateFor(msg) >= 0:
		g := m.keys.gateFor(msg)
		m.gateNo = g
		m.flash = ""
		return m, m.reloadNewest(g)
	case key.Matches(msg, m.keys.Global.Help) && !m.typingText():
		m.modal = &helpModal{}
		return m, nil
	}
	if m.logFocused() {
		return m, m.logs[m.gateNo].update(m, msg)
	}
	sc := m.screen()
	was := sc.dirty()
	cmd := sc.update(m.Context, msg)
	if !was && sc.dirty() && m.flash != "" && !m.flashErr {
		// A new entry has begun: the line about the last one ("Cleared",
		// "Saved …") would now sit beside this entry's own messages. An
		// error stays until it is dealt with.
		m.flash = ""
	}
	return m, cmd
}

// closeShift opens the close-shift dialog and counts the shift.
func (m *Model) closeShift() tea.Cmd {
	m.modal = newShiftModal(m.cat)
	return shiftSummaryCmd(m.svc, post.ShiftRef{Seq: m.shiftAt})
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
			lm.pin.set("")
			return m, nil
		}
		m.signin.fail(text)
		if m.sync != nil {
			// The sign-in's question to the hub may have found this
			// database older than the hub's copy: the bar says so now.
			m.syncSt = m.sync.Status()
		}
		return m, nil
	}
	if msg.lock {
		m.modal = nil
		return m, nil
	}
	g := msg.guard
	m.guard = &g
	m.signin = newSignin()
	// The shift opened with the sign-in, in one operation; what the
	// previous shift left is read leaving this one out.
	mm, cmd := m.saved(savedMsg{gate: m.ident.HomeGate, purpose: "shift.open", recs: []record.Record{msg.shift}})
	return mm, tea.Batch(priorShiftCmd(m.svc, msg.shift.ID), cmd)
}

// priorText words what the previous shift left.
func (m *Model) priorText(p priorShiftMsg) string {
	var parts []string
	if p.Open != nil {
		parts = append(parts, m.cat.T("shift.unclosed", cmp.Or(p.OpenedBy.Name, p.OpenedBy.Badge), p.OpenedAt.Format("01-02 15:04")))
	}
	if p.Handover != "" {
		parts = append(parts, m.cat.T("shift.lastnote", cmp.Or(p.HandedBy.Name, p.HandedBy.Badge), p.HandedOver.Format("01-02 15:04"), p.Handover))
	}
	return strings.Join(parts, "  ")
}

// roundUp is t to the next whole minute: a lock that ends at 09:30:40
// reads 09:31, never a minute the badge is still locked in.
func roundUp(t time.Time) time.Time {
	if r := t.Truncate(time.Minute); !r.Equal(t) {
		return r.Add(time.Minute)
	}
	return t
}

func (m *Context) authError(err error) string {
	var le *auth.LockedError
	var be *auth.BadPINError
	var se *auth.ShiftError
	var de *store.DamagedError
	var ha *syncer.HubAheadError
	switch {
	case errors.As(err, &ha):
		return m.cat.T("signin.hubahead", ha.HubHead, ha.Local)
	case errors.As(err, &de):
		return m.cat.T("signin.damaged")
	case errors.As(err, &se):
		return m.cat.T("signin.shiftfail", se.Err.Error())
	case errors.As(err, &le):
		return m.cat.T("signin.locked", roundUp(le.Until).Format("15:04"))
	case errors.As(err, &be):
		// The same words whether the badge exists or not: how many tries
		// are left would tell a stranger which badges are real.
		return m.cat.T("signin.wrong")
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
		m.prior = "" // the guard has taken over: the previous shift's word has been read
		text := m.screens[msg.gate].saved(m.Context, msg)
		if text == "" {
			text = m.cat.T("form.saved", msg.recs[0].Seq)
		}
		m.setFlash(text, false)
	}
	return m, m.reloadNewest(msg.gate)
}

func (m *Model) supervised(msg supervisedMsg) (tea.Model, tea.Cmd) {
	sm, _ := m.modal.(*supModal)
	if sm == nil {
		return m, nil
	}
	if msg.notSup != "" || msg.err != nil {
		sm.failed(m.Context, msg.notSup, msg.err)
		return m, nil
	}
	m.modal = nil
	last := msg.recs[len(msg.recs)-1]
	m.lastSeq = last.Seq
	m.kickSync()
	switch msg.purpose {
	case "override":
		if msg.fromForm {
			m.screens[msg.gate].saved(m.Context, savedMsg{gate: msg.gate, purpose: "form", recs: msg.recs, post: msg.post})
		}
		m.setFlash(savedText(m.cat, msg.post, msg.recs), false)
	case "void":
		m.setFlash(m.cat.T("sup.done.void", sm.targetSeq), false)
	case "clearance":
		m.setFlash(m.cat.T("clr.done", msg.post.Who.Badge+" "+msg.post.Who.Name), false)
	case purposeAdmission, purposeRelease:
		m.setFlash(m.screens[msg.gate].saved(m.Context, savedMsg{gate: msg.gate, purpose: msg.purpose, recs: msg.recs, post: msg.post}), false)
	}
	return m, m.reloadNewest(msg.gate)
}

// View draws the screen. It only formats state; all data was loaded by Cmds.
func (m *Model) View() string {
	m.refresh()
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
	// A flash too long for a row takes a second one from the body: its end
	// is what to do ("take them to the observation point" was cut).
	flash := m.flashLines()
	avail -= len(flash) - 1
	prior := ""
	if m.guard != nil && m.modal == nil && m.prior != "" {
		prior = m.sty.Warn.Render(clip(m.prior, m.width))
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
	if prior != "" {
		lines = append(lines, prior)
	}
	lines = append(lines, flash...)
	lines = append(lines, m.helpBar(), m.statusBar())
	return strings.Join(lines, "\n")
}

func (m *Model) mainView() string {
	var b strings.Builder
	g := m.gateNo
	head := m.sty.Header.Render(m.gateTitle(g))
	n := len(m.screens) // the gates' F-keys, then the daily measures'
	tabs := make([]string, 0, n)
	for i := 1; i <= n; i++ {
		t := fmt.Sprintf("F%d", i)
		if i == g || (i == n && g == 0) {
			t = m.sty.ChoiceOn.Render("[" + t + "]") // the brackets show it without colour
		} else {
			t = m.sty.Dim.Render(" " + t + " ")
		}
		tabs = append(tabs, t)
	}
	right := strings.Join(tabs, "")
	pad := m.width - lipgloss.Width(head) - lipgloss.Width(right)
	if pad < 1 {
		pad = 1
	}
	b.WriteString(head + strings.Repeat(" ", pad) + right + "\n")
	b.WriteString(m.sty.Rule.Render(clip(m.cat.T(fmt.Sprintf("gate.rule.%d", g)), m.width)) + "\n")
	b.WriteString(m.screen().view(m.Context) + "\n")
	b.WriteString(m.logs[g].view(m))
	return b.String()
}

// gateTitle is "第一关 场所大门"; screen 0 is the daily measures, no gate.
func (m *Model) gateTitle(g int) string { return m.cat.GateTitle(g) }

// flashLines is the flash in one row, or two when it is longer.
func (m *Model) flashLines() []string {
	if m.flash == "" {
		return []string{""}
	}
	st := m.sty.OK
	if m.flashErr {
		st = m.sty.Error
	}
	rows := wrapRows(m.flash, m.width, 2)
	for i, r := range rows {
		rows[i] = st.Render(r)
	}
	return rows
}

func (m *Model) helpBar() string {
	m.help.Width = m.width
	// bubbles/help adds an item it has no room to mark as cut; the bar
	// still never runs past the window, and a cut shows as "…".
	return ansi.Truncate(m.help.ShortHelpView(m.shortHelp()), m.width, "…")
}

// shortHelp is the bindings of the context that has the keys now.
func (m *Model) shortHelp() []key.Binding {
	switch {
	case m.modal != nil:
		return m.modal.help(m)
	case m.guard == nil:
		return m.keys.signinHelp()
	case m.logFocused():
		bs := m.keys.logHelp()
		if !m.screen().hasForm() {
			bs = append([]key.Binding{m.keys.Global.Gate[1]}, bs...)
		}
		return bs
	}
	return m.screen().help(m.keys)
}

func (m *Model) statusBar() string {
	guard := m.cat.T("status.noguard")
	if m.guard != nil {
		guard = m.guard.Name + " " + m.guard.Badge
	}
	right := append(m.syncStatus(), m.clock.Format("15:04"))
	r := " " + strings.Join(right, " | ") + " "
	room := m.width - lipgloss.Width(r)
	// The facility's name goes first when the bar is full, then the
	// terminal: the gate and the guard are what a guard needs to see.
	var l string
	for _, tail := range []string{m.ident.FacilityName + " " + m.ident.Terminal, m.ident.Terminal, ""} {
		parts := []string{m.gateShort(m.gateNo), guard}
		if tail != "" {
			parts = append(parts, tail)
		}
		l = " " + strings.Join(parts, " | ")
		if lipgloss.Width(l) <= room {
			break
		}
	}
	return m.sty.Status.Render(fit(l, room) + r)
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
	// How fresh the facility's records from the other posts are (§12):
	// the rules at this post read them. A picture older than peersStale
	// says so.
	if !s.PeersAt.IsZero() {
		at := s.PeersAt.In(m.clock.Location()).Format("15:04")
		if m.clock.Sub(s.PeersAt) > peersStale {
			out = append(out, m.cat.T("sync.peers.stale", at))
		} else {
			out = append(out, m.cat.T("sync.peers", at))
		}
	}
	// A copy of this terminal pushing beside it comes first: the operator
	// must act (the long words are in sync.log and on the dashboard).
	if s.ForkSeq != 0 {
		out = append([]string{m.cat.T("sync.fork.short", s.ForkSeq)}, out...)
	}
	// So does a database older than the hub's copy of its chain: the next
	// record saved here would fork it.
	if s.HubAhead != 0 {
		out = append([]string{m.cat.T("sync.behind.short", s.HubAhead)}, out...)
	}
	return out
}

// peersStale is how old the facility's picture from the other posts may
// get before the status bar says it is behind: the console's long poll
// renews it every 20 s while the hub answers.
const peersStale = 2 * time.Minute

func (m *Model) syncDone(msg syncDoneMsg) {
	m.syncSt = m.sync.Status() // the loop's word after this sync, before its next update arrives
	r := msg.res
	text := m.cat.T("sync.done", r.Stored+r.Duplicate, r.People+r.Passes+r.Notices, r.Pending)
	if r.Rejected+r.Conflict > 0 {
		text += " " + m.cat.T("sync.rejected", r.Rejected+r.Conflict)
	}
	if msg.err != nil {
		// Plain words for the guard; the loop wrote the details to sync.log.
		text = m.cat.T("sync.unreachable")
	}
	if msg.purpose == "shift" {
		text = m.cat.T("shift.closed") + " " + text
	}
	m.setFlash(text, msg.err != nil)
}
