package tui

import (
	"fmt"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"gatepost/gate"
	"gatepost/record"
	"gatepost/store"
)

// The report preview, the gaps checklist and the notices of screen 0.

// wrapLines wraps text to w cells and splits it into lines. Chinese has no
// spaces, so a line may break between any two wide characters, but never
// inside a number or a Latin word and never before closing punctuation
// (，。、）：；), the way Chinese text is set.
func wrapLines(text string, w int) []string {
	var out []string
	for _, l := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		out = append(out, wrapLine(l, w)...)
	}
	return out
}

func closing(r rune) bool {
	return strings.ContainsRune("，。、）：；！？》」』,.;:!?)]", r)
}

func wrapLine(l string, w int) []string {
	rs := []rune(l)
	if w <= 0 || ansi.StringWidth(l) <= w {
		return []string{l}
	}
	var out []string
	for len(rs) > 0 {
		width, cut, brk := 0, len(rs), 0
		for i, r := range rs {
			rw := ansi.StringWidth(string(r))
			if width+rw > w {
				cut = i
				break
			}
			width += rw
			// A break is allowed after rs[i] when the next rune may start a line.
			if i+1 < len(rs) {
				next := rs[i+1]
				wide := rw == 2 || ansi.StringWidth(string(next)) == 2
				if (r == ' ' || wide) && !closing(next) {
					brk = i + 1
				}
			}
		}
		if cut < len(rs) && brk > 0 {
			cut = brk
		}
		if cut == 0 {
			cut = 1
		}
		out = append(out, strings.TrimRight(string(rs[:cut]), " "))
		rs = []rune(strings.TrimLeft(string(rs[cut:]), " "))
	}
	return out
}

// reportView is the preview of a day's report, scrolled with ↑/↓.
type reportView struct {
	top   int
	lines []string
	key   string // what lines were rendered from: load, width, language
}

// rvRows is how many lines of the report the preview shows.
const rvRows = 12

func (v *reportView) render(d *dailyModel, m *Model) {
	key := fmt.Sprintf("%d/%d/%s", d.seq, m.width, d.shown.Day)
	if key == v.key {
		return
	}
	v.key = key
	text := reportText(m.cat, d.shown)
	v.lines = wrapLines(text, m.width-2)
	v.top = max(0, min(v.top, len(v.lines)-rvRows))
}

func (v *reportView) update(d *dailyModel, m *Model, msg tea.KeyMsg) tea.Cmd {
	v.render(d, m)
	switch msg.String() {
	case "up", "k":
		v.top--
	case "down", "j":
		v.top++
	case "pgup":
		v.top -= rvRows
	case "pgdown", " ":
		v.top += rvRows
	case "home":
		v.top = 0
	case "end":
		v.top = len(v.lines)
	case "left", "right":
		day := d.shown.Day
		t, err := time.ParseInLocation(store.DayLayout, day, m.now().Location())
		if err != nil {
			return nil
		}
		if msg.String() == "left" {
			t = t.AddDate(0, 0, -1)
		} else {
			t = t.AddDate(0, 0, 1)
		}
		if store.Day(t) > m.today() {
			return nil
		}
		d.viewDay, v.top = store.Day(t), 0
		if d.viewDay == m.today() {
			d.viewDay = ""
		}
		return m.reload(0)
	case "enter":
		m.modal = newReportModal(d, m)
		return nil
	case "tab":
		m.logs[0].focus(true)
		return nil
	}
	v.top = max(0, min(v.top, len(v.lines)-rvRows))
	return nil
}

func (v *reportView) view(d *dailyModel, m *Model) []string {
	c, s := m.cat, m.sty
	v.render(d, m)
	r := d.shown
	head := s.Counter.Render(c.T("dm.rv.day", dayText(c, r.Day)))
	if r.AsOf < r.To {
		head += " " + s.Dim.Render(c.T("dm.rv.asof", hhmm(r.AsOf)))
	}
	if r.Zero {
		head += "  " + s.OK.Render(c.T("dm.r.zero"))
	} else {
		head += "  " + s.Deny.Render(c.T("dm.rv.abnormal", len(r.Abnormal)))
	}
	if d.subOK {
		head += "  " + s.Allow.Render(c.T("dm.rv.submitted", d.sub.At.Format("01-02 15:04"), d.sub.Body.Supervisor, d.sub.Count))
	} else {
		head += "  " + s.Warn.Render(c.T("dm.rv.notsubmitted"))
	}
	out := []string{head}
	for i := 0; i < rvRows; i++ {
		if k := v.top + i; k < len(v.lines) {
			out = append(out, " "+v.lines[k])
		} else {
			out = append(out, "")
		}
	}
	end := min(v.top+rvRows, len(v.lines))
	hint := c.T("dm.rv.lines", v.top+1, end, len(v.lines)) + "  " + c.T("dm.rv.hint")
	return append(out, s.Dim.Render(hint))
}

// reportModal is the supervisor's submission of a day's report: badge, PIN
// and, for a day already submitted, the reason it is submitted again.
type reportModal struct {
	day        string
	zero       bool
	abnormal   int
	supersedes string // id of the submission this one replaces
	count      int
	supervisorFields
}

func newReportModal(d *dailyModel, m *Model) *reportModal {
	r := &reportModal{day: d.shown.Day, zero: d.shown.Zero, abnormal: len(d.shown.Abnormal), supervisorFields: newSupervisorFields(44)}
	if d.subOK {
		r.supersedes, r.count = d.sub.ID, d.sub.Count
	}
	return r
}

func (r *reportModal) n() int {
	if r.supersedes != "" {
		return 3
	}
	return 2
}

func (r *reportModal) update(m *Model, msg tea.KeyMsg) tea.Cmd {
	cmd, enter := r.key(m, msg, r.n())
	if !enter {
		return cmd
	}
	badge, pin, reason, ok := r.typed(m, r.n())
	if !ok {
		return nil
	}
	if r.supersedes != "" && reason == "" {
		r.err = m.cat.T("dm.sub.needreason")
		r.setFocus(2, r.n())
		return nil
	}
	r.busy, r.err = true, ""
	return toScreen(0, reportSubmitCmd(m.st, badge, pin, m.now(), r.day, m.cfg.FeverAt(), r.supersedes, reason))
}

func (r *reportModal) hint(m *Model) string { return m.cat.T("sup.hint") }

func (r *reportModal) view(m *Model) string {
	c, s := m.cat, m.sty
	var b strings.Builder
	title := c.T("dm.sub.title", dayText(c, r.day))
	if r.supersedes != "" {
		title = c.T("dm.sub.again", dayText(c, r.day), r.count)
	}
	b.WriteString(s.Title.Render(title) + "\n")
	if r.zero {
		b.WriteString(s.OK.Render(c.T("dm.r.zero")) + "\n\n")
	} else {
		b.WriteString(s.Deny.Render(c.T("dm.rv.abnormal", r.abnormal)) + "\n\n")
	}
	labels := []string{c.T("sup.badge"), c.T("sup.pin"), c.T("dm.sub.reason")}
	for i := 0; i < r.n(); i++ {
		b.WriteString(field(m, labels[i], r.inputs[i].View(), r.focus == i, 10) + "\n")
	}
	switch {
	case r.busy:
		b.WriteString("\n" + s.Dim.Render(c.T("signin.checking")))
	case r.err != "":
		b.WriteString("\n" + s.Error.Render(r.err))
	default:
		b.WriteString("\n" + s.Dim.Render(c.T("dm.sub.note")))
	}
	return s.Modal.Render(b.String())
}

func (d *dailyModel) submitted(m *Model, msg reportSubmittedMsg) tea.Cmd {
	rm, _ := m.modal.(*reportModal)
	if rm == nil {
		return nil
	}
	rm.busy = false
	switch {
	case msg.notSup != "":
		rm.refused(m.cat.T("sup.notsup", msg.notSup))
		return nil
	case msg.err != nil:
		rm.refused(m.authError(msg.err))
		return nil
	}
	m.modal = nil
	m.lastSeq = msg.rec.Seq
	m.kickSync()
	if msg.rep.Zero {
		m.setFlash(m.cat.T("dm.sub.done.zero", dayText(m.cat, msg.day), msg.rec.Seq), false)
	} else {
		m.setFlash(m.cat.T("dm.sub.done", dayText(m.cat, msg.day), msg.rec.Seq, len(msg.rep.Abnormal)), false)
	}
	return m.reloadNewest(0)
}

// gapsView is the checklist of the day (日研判): one line per gap with its
// count; Enter opens the list behind a line.
type gapsView struct {
	sel  int
	open bool
	top  int
	item int
}

// gvRows is how many items an opened list shows.
const gvRows = 11

func (v *gapsView) clamp() {
	v.sel = max(0, min(v.sel, len(gate.GapKinds)-1))
}

// gapItem is one line of an opened list; badge is set for a person, so
// Enter can take the guard to them in the roll-call.
type gapItem struct {
	text  string
	badge string
}

func gapItems(c *Catalog, r gate.Report, k gate.GapKind) []gapItem {
	var out []gapItem
	switch k {
	case gate.GapUnscreened:
		for _, p := range r.Screening.Unchecked {
			out = append(out, gapItem{personText(c, p), p.Badge})
		}
	case gate.GapZones:
		for _, z := range r.ZonesMissed() {
			out = append(out, gapItem{text: zoneName(c, z.Zone)})
		}
	case gate.GapSupplies:
		for _, x := range r.Supplies.Pending {
			out = append(out, gapItem{text: strings.Join(nonEmpty(fmt.Sprintf("#%d", x.Seq), x.Item, trimFloat(x.Quantity)+x.Unit,
				x.Source, word(c, string(x.Stage), "stage."), hhmm(x.ReceivedAt)), " ")})
		}
	case gate.GapStandby:
		for _, p := range r.Standby.Missing {
			out = append(out, gapItem{text: personText(c, p)})
		}
	case gate.GapSamples:
		for _, meal := range r.Food.MealsMissing {
			out = append(out, gapItem{text: word(c, string(meal), "meal.")})
		}
	case gate.GapRecheck:
		for _, f := range r.PendingFevers() {
			out = append(out, gapItem{feverText(c, f), f.Badge})
		}
	case gate.GapReview:
		for _, x := range r.Overrides {
			out = append(out, gapItem{text: c.T("kind.override") + " " + correctionText(c, x)})
		}
		for _, x := range r.Voids {
			out = append(out, gapItem{text: c.T("kind.void") + " " + correctionText(c, x)})
		}
	}
	return out
}

func (v *gapsView) update(d *dailyModel, m *Model, msg tea.KeyMsg) tea.Cmd {
	k := msg.String()
	if !v.open {
		switch k {
		case "up", "k":
			v.sel--
		case "down", "j":
			v.sel++
		case "enter", "right":
			v.open, v.top, v.item = true, 0, 0
		case "tab":
			m.logs[0].focus(true)
		}
		v.clamp()
		return nil
	}
	items := gapItems(m.cat, d.today, gate.GapKinds[v.sel])
	switch k {
	case "esc", "left", "backspace":
		v.open = false
	case "up", "k":
		v.item--
	case "down", "j":
		v.item++
	case "pgup":
		v.item -= gvRows
	case "pgdown":
		v.item += gvRows
	case "enter":
		if v.item < len(items) && items[v.item].badge != "" {
			return d.rollTo(m, items[v.item].badge)
		}
	}
	v.item = max(0, min(v.item, len(items)-1))
	switch {
	case v.item < v.top:
		v.top = v.item
	case v.item >= v.top+gvRows:
		v.top = v.item - gvRows + 1
	}
	return nil
}

// rollTo opens the roll-call on a person: in their dormitory (or unit)
// group, the cursor on them.
func (d *dailyModel) rollTo(m *Model, badge string) tea.Cmd {
	i := d.scr.Index(badge)
	if i < 0 {
		return nil
	}
	best := ""
	for _, g := range d.groups {
		for _, j := range g.Members {
			if j == i && (best == "" || g.Dorm) {
				best = g.Key
			}
		}
	}
	d.roll.group, d.roll.cursor, d.roll.top = best, badge, 0
	d.roll.settle(d)
	return d.switchPart(m, partRoll)
}

func (v *gapsView) view(d *dailyModel, m *Model) []string {
	c, s := m.cat, m.sty
	r := d.today
	gaps := gate.Gaps(r)
	n := 0
	for _, g := range gaps {
		if g.Open() {
			n++
		}
	}
	head := c.T("dm.gp.head", dayText(c, r.Day), hhmm(r.AsOf))
	if n == 0 {
		head += "  " + s.OK.Render(c.T("dm.gp.none"))
	} else {
		head += "  " + s.Deny.Render(c.T("dm.gp.open", n))
	}
	out := []string{s.Counter.Render(head)}
	if !v.open {
		for i, g := range gaps {
			mark := "  "
			if i == v.sel {
				mark = "> "
			}
			line := fit(mark+c.T("dm.gap."+string(g.Kind)), 34) + fmt.Sprintf("%5d", g.Count)
			switch {
			case i == v.sel:
				out = append(out, s.Selected.Render(line))
			case g.Open():
				out = append(out, s.Warn.Render(line))
			default:
				out = append(out, s.Dim.Render(line))
			}
		}
		return append(out, "", s.Dim.Render(c.T("dm.gp.hint")))
	}
	k := gate.GapKinds[v.sel]
	items := gapItems(c, r, k)
	out = append(out, s.Title.Render(c.T("dm.gap."+string(k)))+" "+fmt.Sprint(len(items))+"  "+s.Dim.Render(c.T("dm.gp.back")))
	if len(items) == 0 {
		return append(out, s.OK.Render(c.T("dm.gp.empty")))
	}
	for i := v.top; i < min(len(items), v.top+gvRows); i++ {
		line := fit("  "+items[i].text, m.width)
		if i == v.item {
			line = s.Selected.Render(line)
		}
		out = append(out, line)
	}
	return out
}

// noticesView lists today's notices and shows the one selected.
type noticesView struct{ sel int }

func (v *noticesView) clamp(n int) { v.sel = max(0, min(v.sel, n-1)) }

func (v *noticesView) update(d *dailyModel, m *Model, msg tea.KeyMsg) tea.Cmd {
	switch msg.String() {
	case "up", "k":
		v.sel--
	case "down", "j":
		v.sel++
	case "tab":
		m.logs[0].focus(true)
	case "enter":
		if v.sel < len(d.notices) && !d.notices[v.sel].Acked {
			n := d.notices[v.sel]
			return toScreen(0, dailyAppendCmd(m.st, "ack", n.Title, false, nil, []store.Draft{{
				Kind: record.NoticeAck, Gate: 0, Guard: m.guard.Badge, At: m.now(),
				Body: record.NoticeAckBody{Notice: n.ID, Day: n.Day, Title: n.Title, Name: m.guard.Name}}}))
		}
	}
	v.clamp(len(d.notices))
	return nil
}

// nvList is how many notices the list shows; the body of the selected one
// fills the rest.
const nvList = 4

func (v *noticesView) view(d *dailyModel, m *Model) []string {
	c, s := m.cat, m.sty
	if len(d.notices) == 0 {
		return []string{s.Dim.Render(c.T("dm.nv.none"))}
	}
	out := []string{s.Counter.Render(c.T("dm.nv.head", len(d.notices), d.unacked()))}
	top := max(0, min(v.sel-nvList+1, len(d.notices)-nvList))
	for i := top; i < min(len(d.notices), top+nvList); i++ {
		n := d.notices[i]
		state := c.T("dm.nv.unacked")
		if n.Acked {
			state = c.T("dm.nv.acked", n.AckedBy, n.AckedAt.Format("15:04"))
		}
		mark := "  "
		if i == v.sel {
			mark = "> "
		}
		line := fit(mark+fit(state, 20)+" "+n.PublishedAt.In(m.now().Location()).Format("15:04")+" "+n.Title, m.width)
		switch {
		case i == v.sel:
			line = s.Selected.Render(line)
		case !n.Acked:
			line = s.Warn.Render(line)
		}
		out = append(out, line)
	}
	for len(out) < nvList+1 {
		out = append(out, "")
	}
	n := d.notices[v.sel]
	out = append(out, s.Title.Render(n.Title))
	body := wrapLines(n.Body, m.width-2)
	rows := dailyLines - 1 - len(out) - 1
	for i := 0; i < rows && i < len(body); i++ {
		out = append(out, " "+body[i])
	}
	for len(out) < dailyLines-2 {
		out = append(out, "")
	}
	if n.Acked {
		return append(out, s.Dim.Render(c.T("dm.nv.done")))
	}
	return append(out, s.Warn.Render(c.T("dm.nv.hint")))
}
