package tui

import (
	"context"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"gatepost/gate"
	"gatepost/post"
	"gatepost/record"
	"gatepost/store"
)

// Gate 4, the office: only staff on today's on-site list come in; those
// working from home are denied (a supervisor may override). The list itself
// is the form's second mode: a supervisor marks each person on site or at
// home, or carries the last list over with one key, and saves it as one
// attendance record per person changed.

const (
	g4Cross = iota
	g4List
)

// Rows and columns of the list editor.
const (
	listRows = 7
	listCols = 2
)

type gate4Model struct {
	gateForm // the form, its phase, the error under it, saving
	mode     *formField
	list     *formField // a placeholder in the Tab order: the list editor

	cross *staffCrossing

	people  []gate.Person         // the office list, ordered
	today   map[string]gate.Entry // saved for today
	edits   map[string]record.AttendanceStatus
	carried string // the day the edits were carried over from
	lastDay string // the last day before today with a list
	cursor  int

	counts    gate.Counts
	awaitList bool // a supervisor was asked to confirm the list

	cat *Catalog
}

func newGate4(cat *Catalog) *gate4Model {
	g := &gate4Model{cross: newStaffCrossing(cat, 4), edits: map[string]record.AttendanceStatus{}, cat: cat}
	g.mode = choiceF("f.g2mode", cat.T("g4.mode.cross"), cat.T("g4.mode.list"))
	g.list = &formField{label: "g4.mode.list", kind: spinField}
	g.setMode(g4Cross)
	g.f.setFocus(1)
	return g
}

func (g *gate4Model) setMode(i int) {
	g.mode.cur = i
	if i == g4List {
		g.f.setFields([]*formField{g.mode, g.list}, 0)
	} else {
		g.f.setFields([]*formField{g.mode, g.cross.badge, g.cross.dir}, 0)
	}
	g.err = formError{}
}

func (g *gate4Model) lines() int { return 12 }
func (g *gate4Model) dirty() bool {
	return g.phase != phaseEdit || anyText(g.cross.badge) || len(g.edits) > 0
}

func (g *gate4Model) help(k keyMap) []key.Binding {
	if g.mode.cur == g4List {
		return []key.Binding{relabel(k.Form.Save, "Enter", g.cat.T("key.save")), relabel(k.List.Down, "↑/↓", g.cat.T("key.person")),
			k.List.Toggle, k.List.Carry, k.Form.Next, k.Form.Clear, k.Global.Help, k.Global.Quit}
	}
	return gateHelp(g.gateForm, k, g.cross.plan.Overridable())
}

func (g *gate4Model) busy() bool { return g.saving || g.cross.waiting }

func (g *gate4Model) reset() {
	g.cross.clear()
	g.phase, g.err, g.saving = phaseEdit, formError{}, false
	if g.mode.cur == g4Cross {
		g.f.setFocus(1)
	}
}

func (g *gate4Model) saved(m *Context, msg savedMsg) string {
	if g.mode.cur == g4List {
		g.edits, g.carried = map[string]record.AttendanceStatus{}, ""
		g.saving = false
		return m.cat.T("g4.saved")
	}
	g.reset()
	return savedText(m.cat, msg.post, msg.recs)
}

func (g *gate4Model) update(m *Context, msg tea.KeyMsg) tea.Cmd {
	if g.saving || g.cross.waiting {
		return nil
	}
	if g.phase == phaseDecide {
		cmd, back := g.cross.decidingKey(m, msg, &g.saving)
		if back {
			g.backToEdit()
		}
		return cmd
	}
	if g.f.cur() == g.list {
		if cmd, ok := g.listKey(m, msg); ok {
			return cmd
		}
	}
	if stepForm(m, 4, &g.f, msg, func() { g.clear(m) }) {
		return nil
	}
	if key.Matches(msg, m.keys.Form.Save) {
		if g.mode.cur == g4List {
			return g.saveList(m)
		}
		cmd, e := g.cross.submit(m)
		if e.key != "" {
			return g.fail(g.cross.badge, e.key)
		}
		return cmd
	}
	cmd, changed := g.editField(msg)
	if !changed {
		return cmd
	}
	switch g.f.cur() {
	case g.mode:
		g.setMode(g.mode.cur)
	case g.cross.badge:
		return tea.Batch(cmd, g.cross.lookup.typed(m, 4, g.cross.badge.value()))
	}
	return cmd
}

// clear is Esc: it empties the crossing form, or drops the list's unsaved
// changes.
func (g *gate4Model) clear(m *Context) {
	m.sayCleared(g.dirty())
	if g.mode.cur == g4List {
		g.edits, g.carried = map[string]record.AttendanceStatus{}, ""
		g.err = formError{}
		return
	}
	g.reset()
}

// status is a person's status as the list shows it: the unsaved change if
// any, else today's saved one ("" when not set).
func (g *gate4Model) status(badge string) record.AttendanceStatus {
	if s, ok := g.edits[badge]; ok {
		return s
	}
	return g.today[badge].Status
}

// listKey handles the list editor's keys. ok is false for keys it leaves
// to the form (Tab, Shift+Tab, Esc, Enter).
func (g *gate4Model) listKey(m *Context, msg tea.KeyMsg) (tea.Cmd, bool) {
	n := len(g.people)
	l := m.keys.List
	switch {
	case key.Matches(msg, l.Down):
		if g.cursor < n-1 {
			g.cursor++
		}
	case key.Matches(msg, l.Up):
		if g.cursor > 0 {
			g.cursor--
		} else {
			g.f.setFocus(0) // back up to the mode choice
		}
	case key.Matches(msg, l.PgDn):
		g.cursor = min(n-1, g.cursor+listRows*listCols)
	case key.Matches(msg, l.PgUp):
		g.cursor = max(0, g.cursor-listRows*listCols)
	case key.Matches(msg, l.Toggle):
		if n == 0 {
			return nil, true
		}
		p := g.people[g.cursor]
		next := record.OnSite
		if g.status(p.Badge) == record.OnSite {
			next = record.WFH
		}
		if g.today[p.Badge].Status == next {
			delete(g.edits, p.Badge) // back to what is saved
		} else {
			g.edits[p.Badge] = next
		}
		g.err = formError{}
	case key.Matches(msg, l.Carry):
		g.err = formError{}
		return toScreen(4, carryCmd(m.st, m.today(), g.people, g.today)), true
	default:
		return nil, false
	}
	return nil, true
}

// saveList writes the changes: directly when the signed-in guard is a
// supervisor, else after a supervisor confirms with badge and PIN.
func (g *gate4Model) saveList(m *Context) tea.Cmd {
	if len(g.edits) == 0 {
		g.err = formError{key: "g4.nochange"}
		return nil
	}
	day := m.today()
	carried := g.carried
	var entries []gate.Entry
	for _, p := range g.people {
		if s, ok := g.edits[p.Badge]; ok {
			entries = append(entries, gate.Entry{Badge: p.Badge, Name: p.Name, Status: s})
		}
	}
	in := post.AttendanceInput{Day: day, Entries: entries, CarriedFrom: carried}
	if sup, err := post.SignedInSupervisor(*m.guard); err == nil {
		// A supervisor on duty sets the list on their own authority.
		g.saving = true
		guard := *m.guard
		return postCmd(4, "form", func(c context.Context) (post.Saved, error) { return m.svc.SetAttendance(c, guard, sup, in) })
	}
	g.awaitList = true
	askSupervised(m, supervisedMsg{gate: 4, purpose: "attendance"}, 0, m.cat.T("g4.sup.target", len(entries), day),
		func(c context.Context, svc *post.Service, guard gate.Guard, a post.Authority, note string) (post.Saved, error) {
			in.Note = note
			return svc.SetAttendance(c, guard, a, in)
		})
	return nil
}

// carryMsg is the last list, carried over onto today's.
type carryMsg struct {
	day     string
	entries []gate.Entry
	err     error
}

func carryCmd(st *store.Store, today string, people []gate.Person, set map[string]gate.Entry) tea.Cmd {
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		day, err := st.LastDayWith(c, record.Attendance, today)
		if err != nil {
			return carryMsg{err: err}
		}
		var prev map[string]gate.Entry
		if day != "" {
			rows, err := st.LatestPerBadge(c, record.Attendance, day)
			if err != nil {
				return carryMsg{err: err}
			}
			prev = gate.AttendanceOf(store.Events(rows))
		}
		return carryMsg{day: day, entries: gate.CarryOver(people, prev, set)}
	}
}

// gate4Msg is the office list and the gate's counters.
type gate4Msg struct {
	counts  gate.Counts
	people  []gate.Person
	today   map[string]gate.Entry
	lastDay string
	err     error
}

func (g *gate4Model) load(m *Context) tea.Cmd {
	st, day := m.st, m.today()
	return toScreen(4, func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		var out gate4Msg
		if out.counts, out.err = crossCounts(c, st, 4, day, gate.DefaultFever); out.err != nil {
			return out
		}
		ps, err := st.People(c, gate.Staff)
		if err != nil {
			out.err = err
			return out
		}
		out.people = gate.ListPeople(ps)
		// The day's list, and the work-from-home denials overridden at
		// the main gate or here, which put the person on site today: the
		// facility's, in the order written (another post's main gate too).
		rows, err := st.KindRows(c, store.KindQuery{Kinds: []record.Kind{record.Attendance, record.Passage, record.Override}, From: day, To: day})
		if err != nil {
			out.err = err
			return out
		}
		out.today = gate.AttendanceOf(store.Events(rows))
		out.lastDay, out.err = st.LastDayWith(c, record.Attendance, day)
		return out
	})
}

func (g *gate4Model) handle(m *Context, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case lookupMsg:
		g.cross.lookup.answer(msg)
	case staffCtxMsg:
		save, ok := g.cross.decide(m, msg, &g.saving)
		if ok {
			g.decide()
		}
		return save
	case carryMsg:
		if m.readFailed(msg.err) {
			return nil
		}
		for _, e := range msg.entries {
			if _, edited := g.edits[e.Badge]; !edited {
				g.edits[e.Badge] = e.Status
			}
		}
		g.carried = msg.day
		switch {
		case len(msg.entries) == 0:
			g.carried = ""
			m.setFlash(m.cat.T("g4.carried.none"), false)
		case msg.day == "":
			m.setFlash(m.cat.T("g4.carried.roster", len(msg.entries)), false)
		default:
			m.setFlash(m.cat.T("g4.carried", msg.day, len(msg.entries)), false)
		}
	case gate4Msg:
		if m.readFailed(msg.err) {
			return nil
		}
		g.counts, g.people, g.today, g.lastDay = msg.counts, msg.people, msg.today, msg.lastDay
		// Changes now saved (by a supervisor's confirmation) are no longer
		// changes.
		for b, s := range g.edits {
			if g.today[b].Status == s {
				delete(g.edits, b)
			}
		}
		if g.awaitList && len(g.edits) == 0 {
			g.awaitList, g.carried = false, ""
			m.setFlash(m.cat.T("g4.saved"), false)
		}
		if g.cursor >= len(g.people) {
			g.cursor = max(0, len(g.people)-1)
		}
	}
	return nil
}

func (g *gate4Model) countsLine(m *Context) string {
	s := m.sty
	a := gate.CountAttendance(g.people, g.today)
	c := g.counts
	return strings.Join([]string{
		s.Allow.Render(m.cat.T("count.onsite", a.OnSite)),
		s.Counter.Render(m.cat.T("count.wfh", a.WFH)),
		s.Warn.Render(m.cat.T("count.unset", a.Unset)),
		s.Counter.Render(m.cat.T("count.in", c.In)),
		s.Counter.Render(m.cat.T("count.out", c.Out)),
		s.Deny.Render(m.cat.T("count.denied", c.Denied)),
		s.Counter.Render(m.cat.T("count.inside", c.Inside)),
	}, "  ")
}

func (g *gate4Model) view(m *Context) string {
	edit := g.phase == phaseEdit
	r := func(x *formField, w int) string { return g.f.render(m, x, w, edit) }
	var b strings.Builder
	b.WriteString(g.countsLine(m) + "\n")
	b.WriteString(r(g.mode, 10) + "\n")
	if g.mode.cur == g4List {
		b.WriteString(g.listView(m))
		return padLines(b.String(), g.lines())
	}
	b.WriteString(fit(r(g.cross.badge, 11), 36) + r(g.cross.dir, 6) + "\n")
	who := g.cross.lookup.who(m, true)
	if p := g.cross.lookup.person; p != nil && p.Kind == gate.Staff {
		st := g.today[p.Badge].Status
		txt := m.cat.T("g4.today", m.cat.T("att."+string(st)))
		if st == "" {
			txt = m.cat.T("g4.today", m.cat.T("att.unset"))
		}
		who += "  " + m.sty.Warn.Render(txt)
	}
	b.WriteString(field(m, m.cat.T("f.name"), who, false, 10) + "\n\n")
	var l1, l2 string
	if !edit {
		l1, l2 = g.cross.decisionView(m)
	}
	b.WriteString(decisionLines(m, g.err, l1, l2) + "\n")
	b.WriteString(g.panel(m))
	return padLines(b.String(), g.lines())
}

// panel names who is at home and who the list has not settled yet.
func (g *gate4Model) panel(m *Context) string {
	s := m.sty
	var home, unset []string
	for _, p := range g.people {
		switch g.today[p.Badge].Status {
		case record.WFH:
			home = append(home, p.Name)
		case "":
			unset = append(unset, p.Name)
		}
	}
	var b strings.Builder
	b.WriteString(s.Header.Render(m.cat.T("g4.panel")))
	if len(g.today) == 0 {
		hint := m.cat.T("g4.panel.nolist")
		if g.lastDay != "" {
			hint = m.cat.T("g4.panel.nolist.last", g.lastDay)
		}
		b.WriteString("\n" + s.Warn.Render(clip(hint, m.width)))
	}
	line := func(label string, names []string, st func(...string) string) {
		if len(names) == 0 {
			return
		}
		b.WriteString("\n" + st(clip(label+" "+strings.Join(names, " "), m.width)))
	}
	line(m.cat.T("g4.panel.home", len(home)), home, s.Counter.Render)
	if len(g.today) > 0 {
		line(m.cat.T("g4.panel.unset", len(unset)), unset, s.Warn.Render)
		if len(home) == 0 && len(unset) == 0 {
			b.WriteString("\n" + s.Dim.Render(m.cat.T("g4.panel.allin")))
		}
	}
	return b.String()
}

// listView draws the list editor: a hint line, listRows rows of listCols
// people (the page holding the cursor), and the state of the changes.
func (g *gate4Model) listView(m *Context) string {
	s := m.sty
	var b strings.Builder
	focused := g.f.cur() == g.list && g.phase == phaseEdit
	b.WriteString(s.Dim.Render(clip(m.cat.T("g4.list.hint"), m.width)) + "\n")
	per := listRows * listCols
	page := 0
	if len(g.people) > 0 {
		page = g.cursor / per
	}
	colW := m.width / listCols
	for row := 0; row < listRows; row++ {
		var line strings.Builder
		for col := 0; col < listCols; col++ {
			// Column-major: ↓ goes down the first column, then the next.
			i := page*per + col*listRows + row
			if i >= len(g.people) {
				break
			}
			p := g.people[i]
			st := g.status(p.Badge)
			val, vs := "["+m.cat.T("att.unset")+"]", s.Warn
			switch st {
			case record.OnSite, record.WFH:
				val, vs = "["+m.cat.T("att."+string(st))+"]", s.Allow
				if st == record.WFH {
					vs = s.Counter
				}
			}
			// The cursor and a change are marked in text too, for NO_COLOR.
			mark, changed := "  ", " "
			if _, ch := g.edits[p.Badge]; ch {
				changed = "*"
			}
			cell := fit(p.Badge, 6) + fit(p.Name, 8) + fit(p.Unit, 10) + " "
			if focused && i == g.cursor {
				mark, cell = selMark, s.Selected.Render(cell)
			}
			line.WriteString(fit(mark+cell+vs.Render(val)+changed, colW))
		}
		b.WriteString(line.String() + "\n")
	}
	foot := ""
	switch {
	case g.err.key != "":
		foot = s.Error.Render(g.err.text(m))
	case len(g.people) == 0:
		foot = s.Dim.Render(m.cat.T("g4.list.empty"))
	case len(g.edits) > 0:
		foot = s.Warn.Render(m.cat.T("g4.list.changes", len(g.edits)))
	default:
		pages := (len(g.people) + per - 1) / per
		foot = s.Dim.Render(m.cat.T("g4.list.page", page+1, pages, len(g.people)))
	}
	b.WriteString(clip(foot, m.width))
	return b.String()
}
