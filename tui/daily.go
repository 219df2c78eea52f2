package tui

import (
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"gatepost/gate"
	"gatepost/record"
	"gatepost/store"
)

// Screen 0, F6: the four daily measures (§3). Five parts, switched with
// F7/F8: roll-call screening (日筛查), the disinfection log, the daily report
// with its preview and submission (日报告), the gaps checklist (日研判) and
// the day's notices (日部署). The gate-0 log under it shows what they wrote.

// dailyPart is one part of F6. The day's data (the screening, the report,
// the notices) is the dailyModel's, loaded once for every part; a part
// draws it, takes the keys while it is shown, and names its tab and keys.
// Adding a part is one file with its type and one line in dailyParts.
type dailyPart interface {
	// tab is the part's name on the tab row, with a count when it has one.
	tab(d *dailyModel, m *Context) string
	update(d *dailyModel, m *Context, msg tea.KeyMsg) tea.Cmd
	view(d *dailyModel, m *Context) []string
	help(d *dailyModel, k keyMap) []key.Binding
	// focus gives the part the keys (or takes them away).
	focus(on bool)
	dirty() bool
	freeText() bool
	busy() bool
}

// dailyParts lists F6's parts in tab order (F7/F8): the registration of
// each part.
func (d *dailyModel) dailyParts() []dailyPart {
	return []dailyPart{&d.roll, d.dis, &d.rv, &d.gp, &d.nv}
}

// The parts' places in dailyParts, for the places that jump to one (the
// gaps list's Enter goes to the roll-call).
const (
	partRoll = iota
	partDisinfect
	partReport
	partGaps
	partNotices
)

// dailyLines is the height of the screen above the log: at 80×24 the log
// keeps its title and three rows, enough to pick a wrong reading and void it.
const dailyLines = 15

// statusEvery is how often the roll-call reads the staff's statuses again:
// a status changes with a crossing or a rotation day, not with a reading
// (a fever reading shows on the line by itself).
const statusEvery = time.Minute

// noticePoll is how often the banner's notices are re-read: they arrive by
// sync in the background, and a guard should see one within a minute.
const noticePoll = 30 * time.Second

type dailyModel struct {
	cat  *Catalog
	part int

	seq     int // the latest load asked for; older answers are dropped
	fever   record.Tenths
	ready   bool
	loadErr string

	people   []gate.Person
	from     time.Time
	base     []gate.Reading // the day's readings as last loaded
	local    []gate.Reading // readings saved (or being saved) since
	att      map[string]gate.Entry
	scr      gate.Screening
	groups   []gate.Group
	today    gate.Report
	areas    []gate.AreaDone        // today's disinfection rounds per required area
	sessions int                    // detainee screenings a day (1 or 2)
	statuses map[string]gate.Status // the staff's statuses (§11), by badge
	statusAt time.Time              // when they were last asked for
	now      func() time.Time
	shown    gate.Report // the report on preview
	loads    int         // loads taken in (loaded): what the preview was rendered from
	viewDay  string      // "" is today
	sub      store.Submitted
	subOK    bool
	notices  []store.NoticeState
	lastPoll time.Time

	roll  rollState
	dis   *disForm
	rv    reportView
	gp    gapsView
	nv    noticesView
	parts []dailyPart
	// report is the submission dialog while it is open: its answer comes
	// back to this screen.
	report *reportModal
}

func newDaily(cat *Catalog) *dailyModel {
	d := &dailyModel{cat: cat, roll: newRollState(), dis: newDisForm()}
	d.parts = d.dailyParts()
	return d
}

func (d *dailyModel) cur() dailyPart { return d.parts[d.part] }

// The screen interface.

func (d *dailyModel) lines() int    { return dailyLines }
func (d *dailyModel) hasForm() bool { return true }
func (d *dailyModel) dirty() bool {
	for _, p := range d.parts {
		if p.dirty() {
			return true
		}
	}
	return false
}
func (d *dailyModel) freeText() bool                  { return d.cur().freeText() }
func (d *dailyModel) focusForm()                      { d.focusPart() }
func (d *dailyModel) saved(*Context, savedMsg) string { return "" }
func (d *dailyModel) saveFailed()                     {}

func (d *dailyModel) help(k keyMap) []key.Binding { return d.cur().help(d, k) }

// partsKey is the F7/F8 binding as every part's help shows it.
func partsKey(c *Catalog) key.Binding {
	return key.NewBinding(key.WithKeys("f7", "f8"), key.WithHelp("F7/F8", c.T("dm.key.parts")))
}

// busy holds keys while a save is under way: two roll-call readings typed
// in a burst would otherwise be written by two racing transactions, and
// the records' order would not be the order they were typed in.
func (d *dailyModel) busy() bool {
	for _, p := range d.parts {
		if p.busy() {
			return true
		}
	}
	return false
}

func (d *dailyModel) focusPart() {
	for i, p := range d.parts {
		p.focus(i == d.part)
	}
}

// load reloads everything the screen shows; it runs with every reload of
// the gate-0 log (switching to F6, after a save).
func (d *dailyModel) load(m *Context) tea.Cmd {
	d.seq++
	d.lastPoll = m.now()
	d.fever = m.cfg.FeverAt()
	d.now = m.now
	if m.guard != nil {
		d.dis.defaults(m.guard.Name)
	}
	want := d.statuses == nil || m.now().Sub(d.statusAt) >= statusEvery || m.now().Before(d.statusAt)
	if want {
		d.statusAt = m.now()
	}
	return toScreen(0, dailyLoadCmd(m.st, d.seq, m.now(), d.viewDay, m.cfg.FeverAt(), want))
}

// pollNotices re-reads today's notices for the banner when it is time to.
func (d *dailyModel) pollNotices(m *Context) tea.Cmd {
	if m.guard == nil || m.now().Sub(d.lastPoll) < noticePoll {
		return nil
	}
	d.lastPoll = m.now()
	return toScreen(0, noticesCmd(m.st, m.today()))
}

func (d *dailyModel) handle(m *Context, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case dailyLoadedMsg:
		if msg.seq != d.seq {
			return nil // a newer load is on its way
		}
		if m.readFailed(msg.err) {
			d.loadErr = msg.err.Error()
			return nil
		}
		d.loaded(msg)
	case noticesMsg:
		if msg.err == nil {
			d.notices = msg.notices
			d.nv.clamp(len(d.notices))
		}
	case dailySavedMsg:
		return d.savedDaily(m, msg)
	case reportSubmittedMsg:
		return d.submitted(m, msg)
	}
	return nil
}

func (d *dailyModel) loaded(msg dailyLoadedMsg) {
	d.ready, d.loadErr = true, ""
	d.loads++
	d.people, d.from, d.base, d.att, d.areas, d.sessions = msg.people, msg.from, msg.readings, msg.att, msg.areas, msg.sessions
	if msg.statuses != nil {
		d.statuses = msg.statuses
	}
	d.today, d.shown, d.sub, d.subOK = msg.today, msg.view, msg.sub, msg.subOK
	d.notices = msg.notices
	// Readings saved since are now in the load: keep only those that are not.
	have := make(map[string]bool, len(d.base))
	for _, r := range d.base {
		have[r.ID] = true
	}
	keep := d.local[:0]
	for _, r := range d.local {
		if !have[r.ID] {
			keep = append(keep, r)
		}
	}
	d.local = keep
	d.rescreen()
	d.nv.clamp(len(d.notices))
	d.gp.clamp()
}

// rescreen folds the loaded and the local readings into the screening.
// Detainees screened twice a day are walked again in the evening: from
// noon on, their morning readings do not count for the roll-call, so the
// cursor finds who the evening round still misses (the morning's coverage
// stays on the top line, from the report).
func (d *dailyModel) rescreen() {
	rs := make([]gate.Reading, 0, len(d.base)+len(d.local))
	rs = append(append(rs, d.base...), d.local...)
	if d.evening() {
		// Detainees are on the roster: their readings name them by badge
		// (an identity reference is never someone on it, §15).
		detainee := map[string]bool{}
		for _, p := range d.people {
			if p.Kind == gate.Detainee {
				detainee[p.Badge] = true
			}
		}
		loc := d.now().Location()
		rs = slices.DeleteFunc(rs, func(r gate.Reading) bool {
			return gate.SessionOf(r.At.In(loc), d.sessions) == gate.SessionMorning && detainee[r.Badge]
		})
	}
	d.scr = gate.Screen(gate.ScreenInput{People: d.people, Attendance: d.att, Readings: rs, Fever: d.fever, From: d.from})
	d.groups = d.scr.Groups()
	d.roll.settle(d)
}

// evening reports whether the roll-call is walking the evening session of
// detainees screened twice a day.
func (d *dailyModel) evening() bool {
	return d.sessions >= 2 && d.now != nil && gate.SessionOf(d.now(), d.sessions) == gate.SessionEvening
}

func (d *dailyModel) savedDaily(m *Context, msg dailySavedMsg) tea.Cmd {
	if msg.err != nil {
		switch msg.tag {
		case "roll":
			d.roll.failed(d, msg.local)
		case "disinfect":
			d.dis.saving = false
		}
		m.setFlash(m.cat.T("dm.savefail", msg.who, msg.err.Error()), true)
		return nil
	}
	m.wrote(msg.recs[len(msg.recs)-1].Seq)
	switch msg.tag {
	case "roll":
		for _, id := range msg.local {
			delete(d.roll.saving, id)
			// The reading shown before the save takes the record's id, so
			// the next load, which has the record, replaces it.
			for i := range d.local {
				if d.local[i].ID == id {
					d.local[i].ID = msg.recs[0].ID
				}
			}
		}
		m.setFlash(m.cat.T("dm.saved", msg.who, msg.recs[0].Seq), msg.warn)
	case "disinfect":
		d.dis.saved(d, m.cat)
		m.setFlash(m.cat.T("dm.saved", msg.who, msg.recs[0].Seq), false)
	case "ack":
		m.setFlash(m.cat.T("dm.notice.acked", msg.who), false)
	}
	return m.reloadNewest(0)
}

// update takes the keys of the focused form.
func (d *dailyModel) update(m *Context, msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.keys.Daily.PrevPart):
		return d.switchPart(m, (d.part+len(d.parts)-1)%len(d.parts))
	case key.Matches(msg, m.keys.Daily.NextPart):
		return d.switchPart(m, (d.part+1)%len(d.parts))
	}
	return d.cur().update(d, m, msg)
}

func (d *dailyModel) switchPart(m *Context, p int) tea.Cmd {
	d.part = p
	d.focusPart()
	m.setFlash("", false)
	return m.reloadNewest(0)
}

// view draws the part tabs and the current part in dailyLines lines.
func (d *dailyModel) view(m *Context) string {
	var body []string
	if !d.ready {
		body = []string{m.sty.Dim.Render(m.cat.T("status.loading"))}
	} else {
		body = d.cur().view(d, m)
	}
	lines := append([]string{d.tabs(m)}, body...)
	for len(lines) < dailyLines {
		lines = append(lines, "")
	}
	lines = lines[:dailyLines]
	for i, l := range lines {
		lines[i] = clip(l, m.width)
	}
	return strings.Join(lines, "\n")
}

func (d *dailyModel) tabs(m *Context) string {
	parts := make([]string, 0, len(d.parts))
	for i, p := range d.parts {
		name := p.tab(d, m)
		if i == d.part {
			parts = append(parts, m.sty.ChoiceOn.Render("["+name+"]"))
		} else {
			parts = append(parts, m.sty.Dim.Render(" "+name+" "))
		}
	}
	return strings.Join(parts, "") + "  " + m.sty.Dim.Render("F7/F8")
}

func openGaps(r gate.Report) int {
	n := 0
	for _, g := range gate.Gaps(r) {
		if g.Open() {
			n++
		}
	}
	return n
}

func (d *dailyModel) unacked() int {
	n := 0
	for _, x := range d.notices {
		if !x.Acked {
			n++
		}
	}
	return n
}

// banner is the line every screen shows while a notice of today is not
// acknowledged (§3 日部署); "" when there is none.
func (d *dailyModel) banner(m *Context) string {
	var first *store.NoticeState
	n := 0
	for i := range d.notices {
		if !d.notices[i].Acked {
			if first == nil {
				first = &d.notices[i]
			}
			n++
		}
	}
	if first == nil {
		return ""
	}
	text := m.cat.T("dm.banner", first.Title, n)
	return m.sty.Warn.Render(clip(text, m.width))
}

// noticeBanner is the root's hook: the banner of screen 0, drawn on every
// screen above the flash line.
func (m *Model) noticeBanner() string {
	if d, ok := m.screens[0].(*dailyModel); ok && m.guard != nil {
		return d.banner(m.Context)
	}
	return ""
}

// pollNotices is the root's hook, called on every clock tick.
func (m *Model) pollNotices() tea.Cmd {
	if d, ok := m.screens[0].(*dailyModel); ok {
		return d.pollNotices(m.Context)
	}
	return nil
}
