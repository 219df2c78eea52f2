package tui

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"gatepost/gate"
	"gatepost/post"
	"gatepost/record"
)

// Roll-call (§3 日筛查): the guard walks a group — a unit's staff, a unit's
// detainees or a dormitory — with the cursor on the next person not yet
// checked today. Typing the reading and Enter saves a `temperature` record
// at gate 0 and moves on: "365⏎" is four keystrokes. A fever keeps the
// cursor on the person and the next reading typed is the recheck (§6); Esc
// puts the recheck off without losing anyone, and the gaps checklist keeps
// it until it is done.

// rollRows is how many people the list shows at once.
const rollRows = 9

// Column widths of the roll-call list, in cells.
const (
	rollLeftW  = 49
	rollRightW = 29
)

type rollState struct {
	group  string // key of the chosen group
	cursor string // badge under the cursor
	input  textinput.Model
	errKey string
	errArg string
	saving map[string]string // id of a reading being saved → badge
	top    int               // first list row shown
	// phone: the last group, staff working from home reporting by phone
	// (daily_phone.go); sym their symptoms answer, unset until asked.
	phone bool
	sym   int
}

func newRollState() rollState {
	in := newInput(10)
	in.Width = 6
	in.Focus()
	return rollState{input: in, saving: map[string]string{}, sym: unset}
}

// cur returns the chosen group, nil when the roster is empty.
func (r *rollState) cur(d *dailyModel) *gate.Group {
	for i := range d.groups {
		if d.groups[i].Key == r.group {
			return &d.groups[i]
		}
	}
	return nil
}

// pos is the cursor's place in the group's members, -1 when not in it.
func (r *rollState) pos(d *dailyModel, g *gate.Group) int {
	for i, j := range g.Members {
		if d.scr.People[j].Person.Badge == r.cursor {
			return i
		}
	}
	return -1
}

// nextUnchecked returns the first member after position from (wrapping)
// with no reading today, or -1 when the group is done.
func nextUnchecked(d *dailyModel, g *gate.Group, from int) int {
	n := len(g.Members)
	for k := 1; k <= n; k++ {
		i := (from + k + n) % n
		if !d.scr.People[g.Members[i]].Checked() {
			return i
		}
	}
	return -1
}

// settle keeps the group and the cursor valid after the data changed: the
// first group with someone unchecked is chosen at the start, and a cursor
// that left its group goes to the group's next unchecked person.
func (r *rollState) settle(d *dailyModel) {
	if r.phone {
		if d.hasPhone() {
			if r.phonePos(d) < 0 {
				r.toPhone(d)
			}
			return
		}
		r.phone, r.cursor = false, ""
	}
	if len(d.groups) == 0 {
		r.group, r.cursor = "", ""
		return
	}
	g := r.cur(d)
	if g == nil {
		g = &d.groups[0]
		for i := range d.groups {
			if d.groups[i].Unchecked() > 0 {
				g = &d.groups[i]
				break
			}
		}
		r.group = g.Key
		r.cursor = ""
	}
	if r.pos(d, g) < 0 {
		i := nextUnchecked(d, g, -1)
		if i < 0 {
			i = 0
		}
		r.cursor = d.scr.People[g.Members[i]].Person.Badge
	}
	r.scroll(d, g)
}

func (r *rollState) scroll(d *dailyModel, g *gate.Group) {
	p := r.pos(d, g)
	switch {
	case p < r.top:
		r.top = p
	case p >= r.top+rollRows:
		r.top = p - rollRows + 1
	}
	r.top = max(0, min(r.top, len(g.Members)-rollRows))
}

func (r *rollState) moveTo(d *dailyModel, g *gate.Group, i int) {
	if len(g.Members) == 0 {
		return
	}
	i = max(0, min(i, len(g.Members)-1))
	r.cursor = d.scr.People[g.Members[i]].Person.Badge
	r.scroll(d, g)
}

func (r *rollState) update(d *dailyModel, m *Context, msg tea.KeyMsg) tea.Cmd {
	g := r.cur(d)
	l := m.keys.List
	if r.phone && !key.Matches(msg, l.ToLog, l.Left, l.Right) {
		if cmd, handled := r.phoneKey(d, m, msg); handled {
			return cmd
		}
	}
	switch {
	case key.Matches(msg, l.ToLog):
		r.input.Blur()
		m.focusLog(0)
		return nil
	case key.Matches(msg, l.Left, l.Right):
		// The groups, then the staff at home reporting by phone.
		n := len(d.groups)
		if d.hasPhone() {
			n++
		}
		if n == 0 {
			return nil
		}
		i := 0
		for k := range d.groups {
			if d.groups[k].Key == r.group {
				i = k
			}
		}
		if r.phone {
			i = len(d.groups)
		}
		if key.Matches(msg, l.Right) {
			i = (i + 1) % n
		} else {
			i = (i + n - 1) % n
		}
		if i == len(d.groups) {
			r.toPhone(d)
			return nil
		}
		r.phone = false
		r.group, r.cursor, r.top, r.errKey = d.groups[i].Key, "", 0, ""
		r.settle(d)
		return nil
	case key.Matches(msg, l.Up, l.Down, l.PgUp, l.PgDn, l.Home, l.End) && !isRune(msg):
		if g == nil {
			return nil
		}
		p := r.pos(d, g)
		switch {
		case key.Matches(msg, l.Up):
			p--
		case key.Matches(msg, l.Down):
			p++
		case key.Matches(msg, l.PgUp):
			p -= rollRows
		case key.Matches(msg, l.PgDn):
			p += rollRows
		case key.Matches(msg, l.Home):
			p = 0
		case key.Matches(msg, l.End):
			p = len(g.Members) - 1
		}
		r.moveTo(d, g, p)
		r.errKey = ""
		return nil
	case key.Matches(msg, l.Later):
		r.errKey = ""
		if r.input.Value() != "" {
			r.input.SetValue("")
			return nil
		}
		if g != nil && d.scr.NeedsRecheck(r.cursor) {
			// The recheck waits (the person rests, or is taken aside); the
			// gaps checklist keeps it. The roll-call goes on.
			m.setFlash(m.cat.T("dm.roll.later", d.personName(r.cursor)), false)
			if i := nextUnchecked(d, g, r.pos(d, g)); i >= 0 {
				r.moveTo(d, g, i)
			}
		}
		return nil
	case key.Matches(msg, l.Open):
		return r.submit(d, m, g)
	}
	var cmd tea.Cmd
	r.input, cmd = r.input.Update(msg)
	r.errKey = ""
	return cmd
}

func (d *dailyModel) personName(badge string) string {
	if i := d.scr.Index(badge); i >= 0 {
		return d.scr.People[i].Person.Name
	}
	return badge
}

// submit saves the reading typed for the person under the cursor.
func (r *rollState) submit(d *dailyModel, m *Context, g *gate.Group) tea.Cmd {
	i := d.scr.Index(r.cursor)
	if g == nil || i < 0 {
		return nil
	}
	t, ok := r.typedTemp()
	if !ok {
		return nil
	}
	r.errKey = ""
	p := d.scr.People[i].Person
	recheck := d.scr.NeedsRecheck(p.Badge)
	fever := gate.IsFever(t, m.cfg.FeverAt())
	in := post.ReadingInput{Gate: 0, Who: post.Who{Badge: p.Badge, Name: p.Name}, Group: p.Unit, Temp: t}
	if recheck {
		for _, f := range d.scr.Fevers {
			if f.Badge == p.Badge && f.Status == gate.FeverPending {
				ref := post.FeverRefOf(f)
				in.First = &ref
			}
		}
	}
	id := r.show(d, m.now(), in, recheck)
	switch {
	case fever && !recheck:
		// Stay: the next reading typed is this person's recheck.
		m.setFlash(m.cat.T("dm.roll.fever", p.Name, t.String(), m.cfg.FeverAt().String()), true)
	default:
		if recheck && fever {
			m.setFlash(m.cat.T("dm.roll.confirmed", p.Name, t.String()), true)
		}
		if g := r.cur(d); g != nil {
			if j := nextUnchecked(d, g, r.pos(d, g)); j >= 0 {
				r.moveTo(d, g, j)
			}
		}
	}
	who := p.Name + " " + t.String()
	if fever {
		who += " " + m.cat.T("rs.fever")
	}
	return saveReading(m, id, who, fever, in)
}

// typedTemp is the temperature typed on the roll-call's line; false, with
// the error to show set, when there is none or it is not one. What was
// typed stays for the guard to correct.
func (r *rollState) typedTemp() (record.Tenths, bool) {
	raw := strings.TrimSpace(r.input.Value())
	t, err := gate.ParseTemperature(raw) // "" is temp.empty
	if err != nil {
		r.errKey, r.errArg = inputErrKey(err, raw)
		return 0, false
	}
	return t, true
}

// show puts the reading in (taken at at; a recheck if recheck) on the
// screen at once, under a local id until the service answers with the
// record's own, so the guard can go on typing while it is saved; a failed
// save takes it back and says so. It empties the line typed into and
// returns the local id.
func (r *rollState) show(d *dailyModel, at time.Time, in post.ReadingInput, recheck bool) string {
	x := gate.Reading{ID: record.NewID(), Seq: 1 << 62, At: at, Kind: record.Temperature, Badge: in.Who.Badge, Name: in.Who.Name,
		Group: in.Group, Temp: in.Temp, Symptoms: in.Symptoms, Recheck: recheck}
	d.local = append(d.local, x)
	r.saving[x.ID] = x.Badge
	r.input.SetValue("")
	d.rescreen()
	return x.ID
}

// saveReading saves a roll-call reading off the UI loop; the answer names
// id, the reading shown meanwhile.
func saveReading(m *Context, id, who string, warn bool, in post.ReadingInput) tea.Cmd {
	guard := *m.guard
	return toScreen(0, dailyPostCmd("roll", who, warn, []string{id}, func(c context.Context) (post.Saved, error) {
		return m.svc.Reading(c, guard, in)
	}))
}

// failed takes back readings whose save failed; the cursor returns to the
// person when nothing new is being typed.
func (r *rollState) failed(d *dailyModel, ids []string) {
	drop := map[string]bool{}
	badge := ""
	for _, id := range ids {
		drop[id] = true
		badge = r.saving[id]
		delete(r.saving, id)
	}
	keep := d.local[:0]
	for _, x := range d.local {
		if !drop[x.ID] {
			keep = append(keep, x)
		}
	}
	d.local = keep
	d.rescreen()
	if badge != "" && r.input.Value() == "" {
		if g := r.cur(d); g != nil {
			for i, j := range g.Members {
				if d.scr.People[j].Person.Badge == badge {
					r.moveTo(d, g, i)
				}
			}
		}
	}
}

// groupLabel names a group: "戒毒人员 一大队", or "  宿舍1" under its unit.
func groupLabel(c *Catalog, g gate.Group) string {
	unit := g.Unit
	if unit == "" {
		unit = c.T("dm.nounit")
	}
	if g.Dorm {
		if i := strings.Index(unit, "/"); i >= 0 {
			unit = unit[i+1:]
		}
		return "  " + unit
	}
	return c.T("subject."+string(g.Kind)) + " " + unit
}

// groupFullLabel names a group whole, as the roster writes it: a dormitory
// with its unit (一大队/宿舍2), so no label depends on the line above it.
func groupFullLabel(c *Catalog, g gate.Group) string {
	unit := g.Unit
	if unit == "" {
		unit = c.T("dm.nounit")
	}
	if g.Dorm {
		return unit
	}
	return c.T("subject."+string(g.Kind)) + " " + unit
}

func covText(v gate.Coverage) string { return fmt.Sprintf("%d/%d", v.Checked, v.Expected) }

// sessionsText is the detainees' coverage on the roll-call's top line: the
// day's (de) with one session a day; with two, each session due so far —
// the morning's, as the last load counted it, once the evening's is walked
// (de is then the evening's).
func (d *dailyModel) sessionsText(c *Catalog, de gate.Coverage) string {
	if d.sessions < 2 {
		return covText(de)
	}
	cur := gate.SessionMorning
	if d.evening() {
		cur = gate.SessionEvening
	}
	var parts []string
	for _, x := range d.today.Screening.Sessions {
		if x.Session != cur {
			parts = append(parts, word(c, string(x.Session), "session.")+" "+covText(x.Coverage))
		}
	}
	return strings.Join(append(parts, word(c, string(cur), "session.")+" "+covText(de)), " ")
}

func (r *rollState) view(d *dailyModel, m *Context) []string {
	c, s := m.cat, m.sty
	tot, st, de := d.scr.Coverage(""), d.scr.Coverage(gate.Staff), d.scr.Coverage(gate.Detainee)
	pending, fevers := 0, 0
	for _, f := range d.scr.Fevers {
		switch f.Status {
		case gate.FeverPending:
			pending++
		case gate.FeverConfirmed:
			fevers++
		}
	}
	// Staff working from home are in the staff's coverage (gate.Screen):
	// their reading is reported by phone (§11).
	ph := d.scr.HomeCoverage()
	parts := []string{s.Counter.Render(c.T("dm.roll.total", covText(tot), tot.Percent())),
		c.T("dm.roll.staff", covText(st)), c.T("dm.roll.detainees", d.sessionsText(c, de))}
	if d.evening() {
		// The day's total would add the staff's day to the detainees'
		// evening: the line gives each on its own.
		parts = []string{c.T("dm.roll.staff", covText(st)), s.Counter.Render(c.T("dm.roll.detainees", d.sessionsText(c, de)))}
	}
	// Each only when there is one: at 80 columns the English line lost its
	// last figure to "awaiting recheck 0".
	if fevers > 0 {
		parts = append(parts, s.Warn.Render(c.T("dm.roll.fevers", fevers)))
	}
	if pending > 0 {
		parts = append(parts, s.Warn.Render(c.T("dm.roll.pending", pending)))
	}
	if ph.Expected > 0 {
		parts = append(parts, s.Dim.Render(c.T("dm.phone.cov", covText(ph))))
	}
	// Two spaces between the figures where they fit, one where they would
	// not: at 80 columns, with a fever and staff at home, the line lost
	// its last figure ("居家电话报告 …").
	cov := strings.Join(parts, "  ")
	if ansi.StringWidth(cov) > m.width {
		cov = strings.Join(parts, " ")
	}
	if r.phone {
		return r.phoneView(d, m, cov, len(d.groups)+1)
	}
	out := []string{cov}
	g := r.cur(d)
	if g == nil {
		return append(out, s.Dim.Render(c.T("dm.roll.noroster")))
	}
	gi := 0
	for k := range d.groups {
		if d.groups[k].Key == g.Key {
			gi = k
		}
	}
	out = append(out, field(m, c.T("dm.roll.group"), s.ChoiceOn.Render(strings.TrimSpace(groupLabel(c, *g)))+"  "+
		s.Counter.Render(covText(g.Coverage))+"  "+s.Dim.Render(c.T("dm.roll.groupof", gi+1, len(d.groups))), false, 6))

	i := d.scr.Index(r.cursor)
	who := ""
	recheck := false
	if i >= 0 {
		p := d.scr.People[i].Person
		who = p.Badge + " " + p.Name + " " + p.Unit
		recheck = d.scr.NeedsRecheck(p.Badge)
	}
	label := c.T("f.temp")
	if recheck {
		label = c.T("f.recheck")
	}
	out = append(out, field(m, label, fit(m.inputView(r.input), 6), r.input.Focused(), 8)+"  "+s.Value.Render(who))

	var msg string
	switch {
	case r.errKey != "":
		msg = s.Error.Render(c.T(r.errKey, r.errArg))
	case recheck:
		msg = s.Warn.Render(c.T("dm.roll.recheck", d.personName(r.cursor)))
	case g.Unchecked() == 0:
		msg = s.OK.Render(c.T("dm.roll.groupdone"))
	default:
		msg = s.Dim.Render(c.T("dm.roll.hint"))
	}
	out = append(out, msg)

	// The group's people on the left; on the right, under its heading,
	// every group's coverage, the current one marked, each by its full name.
	const groupRows = rollRows - 1
	gTop := max(0, min(gi-groupRows/2, len(d.groups)-groupRows))
	for row := 0; row < rollRows; row++ {
		left := strings.Repeat(" ", rollLeftW)
		if k := r.top + row; k < len(g.Members) {
			left = r.personRow(d, m, d.scr.People[g.Members[k]])
		}
		right := ""
		if row == 0 {
			right = s.Title.Render(fit(c.T("dm.roll.groups"), rollRightW))
		} else if k := gTop + row - 1; k < len(d.groups) {
			gg := d.groups[k]
			mark := "  "
			if k == gi {
				mark = selMark
			}
			line := mark + fit(groupFullLabel(c, gg), rollRightW-10) + fmt.Sprintf("%8s", covText(gg.Coverage))
			switch {
			case k == gi:
				right = s.ChoiceOn.Render(line)
			case gg.Unchecked() == 0:
				right = s.Dim.Render(line)
			default:
				right = line
			}
		}
		out = append(out, left+"  "+right)
	}

	var names []string
	for _, j := range g.Members {
		if p := d.scr.People[j]; !p.Checked() {
			names = append(names, p.Person.Badge+" "+p.Person.Name)
		}
	}
	if len(names) > 0 {
		out = append(out, s.Deny.Render(c.T("dm.roll.unchecked", len(names)))+strings.Join(names, c.T("list.sep")))
	} else {
		out = append(out, s.OK.Render(c.T("dm.roll.groupdone")))
	}
	return out
}

// personRow is one person of the list, styled whole so truncation never
// cuts an escape code.
func (r *rollState) personRow(d *dailyModel, m *Context, p gate.Screened) string {
	c := m.cat
	mark := "  "
	if p.Person.Badge == r.cursor {
		mark = selMark
	}
	temp, at, status := "", "", c.T("dm.st.unchecked")
	if p.Last != nil {
		temp, at, status = p.Last.Temp.String(), p.Last.At.Format("15:04"), ""
		if p.Last.Gate != 0 {
			status = m.gateShort(p.Last.Gate)
		}
		for _, b := range r.saving {
			if b == p.Person.Badge {
				status = c.T("dm.st.saving")
			}
		}
	}
	switch p.Fever {
	case gate.FeverPending:
		status = c.T("dm.st.pending")
	case gate.FeverConfirmed:
		status = c.T("dm.st.fever")
	case gate.FeverCleared:
		status = c.T("dm.st.cleared")
	}
	if st := d.rollStatus(c, p); st != "" {
		status = strings.TrimSpace(status + " " + st)
	}
	line := fit(mark+fit(p.Person.Badge, 6)+" "+fit(p.Person.Name, 8)+" "+fit(temp, 4)+" "+fit(at, 5)+" "+status, rollLeftW)
	switch {
	case p.Person.Badge == r.cursor && r.input.Focused():
		return m.sty.Selected.Render(line)
	case p.Fever == gate.FeverPending || p.Fever == gate.FeverConfirmed:
		return m.sty.Warn.Render(line)
	case !p.Checked():
		return line
	}
	return m.sty.Dim.Render(line)
}

// rollStatus is a staff member's closed-management status (§11) on their
// roll-call line, in the gates' words (status.*, rs.*): what holds them
// back first — a fever bar, a contact — else where they are (执勤, 隔离备勤,
// 居家办公 …). Today's fever, confirmed or waiting for its recheck, is
// already the line's fever state. Detainees have none. It comes after the
// line's own state, so a narrow column cuts the status, never the state.
func (d *dailyModel) rollStatus(c *Catalog, p gate.Screened) string {
	st, ok := d.statuses[p.Person.Badge]
	if !ok || p.Person.Kind != gate.Staff {
		return ""
	}
	switch {
	case st.FeverBarred && p.Fever == gate.FeverConfirmed:
		return "" // the line's fever state says it: 发热 已上报
	case st.FeverBarred:
		return c.T("rs.fever_barred")
	case st.RecheckPending && p.Fever != gate.FeverPending:
		return c.T("rs.recheck_pending")
	case st.Contact:
		return c.T("rs.contact")
	case st.Base == gate.BaseStaff || st.Base == gate.BaseDetainee || st.Base == "":
		return ""
	}
	return c.T("status." + string(st.Base))
}

// The dailyPart interface: the roll-call (日筛查).

func (r *rollState) tab(_ *dailyModel, m *Context) string { return m.cat.T("dm.part.roll") }
func (r *rollState) help(d *dailyModel, k keyMap) []key.Binding {
	c, l := d.cat, k.List
	return []key.Binding{relabel(l.Open, "Enter", c.T("dm.key.save")), relabel(l.Right, "←/→", c.T("dm.key.group")),
		relabel(l.Down, "↑/↓", c.T("dm.key.person")), l.Later, partsKey(c), l.ToLog, k.Global.Help}
}
func (r *rollState) focus(on bool) {
	if on {
		r.input.Focus()
	} else {
		r.input.Blur()
	}
}
func (r *rollState) dirty() bool    { return strings.TrimSpace(r.input.Value()) != "" }
func (r *rollState) freeText() bool { return false }
func (r *rollState) busy() bool     { return len(r.saving) > 0 }
