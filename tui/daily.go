package tui

import (
	"fmt"
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

const (
	partRoll = iota
	partDisinfect
	partReport
	partGaps
	partNotices
	nParts
)

var partKeys = [nParts]string{"dm.part.roll", "dm.part.disinfect", "dm.part.report", "dm.part.gaps", "dm.part.notices"}

// dailyLines is the height of the screen above the log: at 80×24 the log
// keeps its title and three rows, enough to pick a wrong reading and void it.
const dailyLines = 15

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
	base     []gate.Reading // the day's readings as last loaded
	local    []gate.Reading // readings saved (or being saved) since
	att      map[string]gate.Entry
	scr      gate.Screening
	groups   []gate.Group
	today    gate.Report
	shown    gate.Report // the report on preview
	viewDay  string      // "" is today
	sub      store.Submitted
	subOK    bool
	notices  []store.NoticeState
	lastPoll time.Time

	roll rollState
	dis  *disForm
	rv   reportView
	gp   gapsView
	nv   noticesView
}

func newDaily(cat *Catalog) *dailyModel {
	d := &dailyModel{cat: cat, roll: newRollState(), dis: newDisForm()}
	return d
}

// The screen interface.

func (d *dailyModel) lines() int    { return dailyLines }
func (d *dailyModel) hasForm() bool { return true }
func (d *dailyModel) dirty() bool {
	return strings.TrimSpace(d.roll.input.Value()) != "" || d.dis.dirty()
}
func (d *dailyModel) freeText() bool {
	return d.part == partDisinfect && d.dis.freeText()
}
func (d *dailyModel) focusForm()                    { d.focusPart() }
func (d *dailyModel) saved(*Model, savedMsg) string { return "" }
func (d *dailyModel) saveFailed()                   {}

func (d *dailyModel) help(k keyMap) []key.Binding {
	c := d.cat
	parts := key.NewBinding(key.WithKeys("f7", "f8"), key.WithHelp("F7/F8", c.T("dm.key.parts")))
	l := k.List
	switch d.part {
	case partRoll:
		return []key.Binding{relabel(l.Open, "Enter", c.T("dm.key.save")), relabel(l.Right, "←/→", c.T("dm.key.group")),
			relabel(l.Down, "↑/↓", c.T("dm.key.person")), l.Later, parts, l.ToLog, k.Global.Help}
	case partDisinfect:
		return []key.Binding{relabel(k.Form.Save, "Enter", c.T("dm.key.save")), k.Form.Next, k.Form.ChooseNext, parts, k.Global.Help}
	case partReport:
		return []key.Binding{relabel(l.Open, "Enter", c.T("dm.key.submit")), relabel(l.Down, "↑/↓", c.T("dm.key.scroll")),
			relabel(l.Right, "←/→", c.T("dm.key.day")), parts, k.Global.Help}
	case partGaps:
		return []key.Binding{relabel(l.Open, "Enter", c.T("dm.key.open")), l.Back, relabel(l.Down, "↑/↓", c.T("key.select")), parts, k.Global.Help}
	}
	return []key.Binding{relabel(l.Open, "Enter", c.T("dm.key.ack")), relabel(l.Down, "↑/↓", c.T("key.select")), parts, k.Global.Help}
}

// busy holds keys while a save is under way: two roll-call readings typed
// in a burst would otherwise be written by two racing transactions, and
// the records' order would not be the order they were typed in.
func (d *dailyModel) busy() bool {
	return (d.part == partDisinfect && d.dis.saving) || len(d.roll.saving) > 0
}

func (d *dailyModel) focusPart() {
	d.roll.input.Blur()
	d.dis.blur()
	switch d.part {
	case partRoll:
		d.roll.input.Focus()
	case partDisinfect:
		d.dis.focus()
	}
}

// load reloads everything the screen shows; it runs with every reload of
// the gate-0 log (switching to F6, after a save).
func (d *dailyModel) load(m *Model) tea.Cmd {
	d.seq++
	d.lastPoll = m.now()
	d.fever = m.cfg.FeverAt()
	if m.guard != nil {
		d.dis.defaults(m.guard.Name)
	}
	return toScreen(0, dailyLoadCmd(m.st, d.seq, m.now(), d.viewDay, m.cfg.FeverAt()))
}

// pollNotices re-reads today's notices for the banner when it is time to.
func (d *dailyModel) pollNotices(m *Model) tea.Cmd {
	if m.guard == nil || m.now().Sub(d.lastPoll) < noticePoll {
		return nil
	}
	d.lastPoll = m.now()
	return toScreen(0, noticesCmd(m.st, m.today()))
}

func (d *dailyModel) handle(m *Model, msg tea.Msg) tea.Cmd {
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
	d.people, d.base, d.att = msg.people, msg.readings, msg.att
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
func (d *dailyModel) rescreen() {
	rs := make([]gate.Reading, 0, len(d.base)+len(d.local))
	rs = append(append(rs, d.base...), d.local...)
	d.scr = gate.Screen(gate.ScreenInput{People: d.people, Attendance: d.att, Readings: rs, Fever: d.fever})
	d.groups = d.scr.Groups()
	d.roll.settle(d)
}

func (d *dailyModel) savedDaily(m *Model, msg dailySavedMsg) tea.Cmd {
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
	last := msg.recs[len(msg.recs)-1]
	m.lastSeq = last.Seq
	m.kickSync()
	switch msg.tag {
	case "roll":
		for _, id := range msg.local {
			delete(d.roll.saving, id)
		}
		m.setFlash(m.cat.T("dm.saved", msg.who, msg.recs[0].Seq), msg.warn)
	case "disinfect":
		d.dis.saved(d)
		m.setFlash(m.cat.T("dm.saved", msg.who, msg.recs[0].Seq), false)
	case "ack":
		m.setFlash(m.cat.T("dm.notice.acked", msg.who), false)
	}
	return m.reloadNewest(0)
}

// update takes the keys of the focused form.
func (d *dailyModel) update(m *Model, msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.keys.Daily.PrevPart):
		return d.switchPart(m, (d.part+nParts-1)%nParts)
	case key.Matches(msg, m.keys.Daily.NextPart):
		return d.switchPart(m, (d.part+1)%nParts)
	}
	switch d.part {
	case partRoll:
		return d.roll.update(d, m, msg)
	case partDisinfect:
		return d.dis.update(d, m, msg)
	case partReport:
		return d.rv.update(d, m, msg)
	case partGaps:
		return d.gp.update(d, m, msg)
	}
	return d.nv.update(d, m, msg)
}

func (d *dailyModel) switchPart(m *Model, p int) tea.Cmd {
	d.part = p
	d.focusPart()
	m.flash = ""
	return m.reloadNewest(0)
}

// view draws the part tabs and the current part in dailyLines lines.
func (d *dailyModel) view(m *Model) string {
	var body []string
	if !d.ready {
		body = []string{m.sty.Dim.Render(m.cat.T("status.loading"))}
	} else {
		switch d.part {
		case partRoll:
			body = d.roll.view(d, m)
		case partDisinfect:
			body = d.dis.view(d, m)
		case partReport:
			body = d.rv.view(d, m)
		case partGaps:
			body = d.gp.view(d, m)
		default:
			body = d.nv.view(d, m)
		}
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

func (d *dailyModel) tabs(m *Model) string {
	parts := make([]string, 0, nParts+1)
	for i := 0; i < nParts; i++ {
		name := m.cat.T(partKeys[i])
		if i == partNotices {
			if n := d.unacked(); n > 0 {
				name += fmt.Sprintf("(%d)", n)
			}
		}
		if i == partGaps && d.ready {
			if n := openGaps(d.today); n > 0 {
				name += fmt.Sprintf("(%d)", n)
			}
		}
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
func (d *dailyModel) banner(m *Model) string {
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
		return d.banner(m)
	}
	return ""
}

// pollNotices is the root's hook, called on every clock tick.
func (m *Model) pollNotices() tea.Cmd {
	if d, ok := m.screens[0].(*dailyModel); ok {
		return d.pollNotices(m)
	}
	return nil
}
