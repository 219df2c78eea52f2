package tui

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"gatepost/gate"
	"gatepost/post"
	"gatepost/record"
	"gatepost/report"
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

func (v *reportView) render(d *dailyModel, m *Context) {
	// By the loads taken in, not those asked for (seq): drawn while a
	// reload runs, the old report would be kept under the new load's key
	// (the 日报 read 尚待值班领导确认 after its submission until F7/F8).
	key := fmt.Sprintf("%d/%d/%s", d.loads, m.width, d.shown.Day)
	if key == v.key {
		return
	}
	v.key = key
	text := reportText(m.cat, d.shown)
	v.lines = wrapLines(text, m.width-2)
	v.top = max(0, min(v.top, len(v.lines)-rvRows))
}

func (v *reportView) update(d *dailyModel, m *Context, msg tea.KeyMsg) tea.Cmd {
	v.render(d, m)
	l := m.keys.List
	switch {
	case key.Matches(msg, l.Up):
		v.top--
	case key.Matches(msg, l.Down):
		v.top++
	case key.Matches(msg, l.PgUp):
		v.top -= rvRows
	case key.Matches(msg, l.PgDn):
		v.top += rvRows
	case key.Matches(msg, l.Home):
		v.top = 0
	case key.Matches(msg, l.End):
		v.top = len(v.lines)
	case key.Matches(msg, l.Left, l.Right):
		day := d.shown.Day
		t, err := time.ParseInLocation(store.DayLayout, day, m.now().Location())
		if err != nil {
			return nil
		}
		if key.Matches(msg, l.Left) {
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
	case key.Matches(msg, l.Open):
		d.report = newReportModal(d, m)
		m.openDialog(d.report)
		return nil
	case key.Matches(msg, l.ToLog):
		m.focusLog(0)
		return nil
	}
	v.top = max(0, min(v.top, len(v.lines)-rvRows))
	return nil
}

func (v *reportView) view(d *dailyModel, m *Context) []string {
	c, s := m.cat, m.sty
	v.render(d, m)
	r := d.shown
	head := s.Counter.Render(c.T("dm.rv.day", dayText(c, r.Day)))
	if r.Partial() {
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
// and, for a day already submitted, the reason it is submitted again; and
// the day's 安全稳定 attested (§13): no escape, self-harm, assault, fight or
// case inside — or the event — and the day's suspected, confirmed and close
// contacts. The attestation is a choice that starts unset: the supervisor
// must assert it, the console does not assume it.
type reportModal struct {
	day        string
	zero       bool
	abnormal   int
	supersedes string // id of the submission this one replaces
	count      int
	supervisorFields
	sec                            *formField // no event / an event
	evType, evTime, evWhat, evDone *formField // the event, when there is one
	counts                         *formField // suspected/confirmed/contacts, "0/0/0"
}

func newReportModal(d *dailyModel, m *Context) *reportModal {
	r := &reportModal{day: d.shown.Day, zero: d.shown.Zero, abnormal: len(d.shown.Abnormal), supervisorFields: newSupervisorFields("dm.sub.reason", 44)}
	if d.subOK {
		r.supersedes, r.count = d.sub.ID, d.sub.Count
	}
	c := m.cat
	r.sec = choiceF("dm.sec.state", c.T("dm.sec.none"), c.T("dm.sec.event"))
	r.sec.cur = unset
	var types []string
	for _, t := range record.SecurityEventTypes {
		types = append(types, c.T("sec."+string(t)))
	}
	r.evType = spinF("dm.sec.type", types...)
	r.evTime = textF("dm.sec.time", 5, 6, false).must()
	r.evTime.validate = func(s string) error {
		if _, err := time.Parse("15:04", s); err != nil {
			return &gate.InputError{Code: "sec.time", Input: s}
		}
		return nil
	}
	r.evWhat = textF("dm.sec.what", 120, 44, true).must()
	r.evDone = textF("dm.sec.done", 120, 44, true).must()
	r.counts = textF("dm.sec.counts", 11, 8, false).must()
	r.counts.propose("0/0/0")
	r.counts.validate = func(s string) error { _, err := parseCounts(s); return err }
	r.texts = map[string]*formField{"Summary": r.evWhat, "Handling": r.evDone}
	r.use(r.n())
	r.layout()
	return r
}

// layout puts the fields in use in the Tab order: the event's only when
// the supervisor says there was one; the focus stays on its field.
func (r *reportModal) layout() {
	fs := append([]*formField{}, r.all[:r.n()]...)
	fs = append(fs, r.sec)
	if r.sec.cur == 1 {
		fs = append(fs, r.evType, r.evTime, r.evWhat, r.evDone)
	}
	fs = append(fs, r.counts)
	cur, focus := r.f.cur(), 0
	for i, x := range fs {
		if x == cur {
			focus = i
		}
	}
	r.f.setFields(fs, focus)
}

// parseCounts reads "suspected/confirmed/contacts", three whole numbers.
func parseCounts(s string) ([3]int, error) {
	var out [3]int
	parts := strings.Split(strings.NewReplacer("／", "/", " ", "").Replace(s), "/")
	if len(parts) != 3 {
		return out, &gate.InputError{Code: "sec.counts", Input: s}
	}
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || n > 9999 {
			return out, &gate.InputError{Code: "sec.counts", Input: s}
		}
		out[i] = n
	}
	return out, nil
}

// security is the attestation as typed (the fields have been validated).
func (r *reportModal) security() *post.SecurityInput {
	n, _ := parseCounts(r.counts.value())
	in := &post.SecurityInput{Suspected: n[0], Confirmed: n[1], Contact: n[2]}
	if r.sec.cur == 1 {
		in.Events = []record.SecurityEvent{{Type: record.SecurityEventTypes[max(r.evType.cur, 0)], Time: r.evTime.value(),
			Summary: r.evWhat.value(), Handling: r.evDone.value()}}
	}
	return in
}

func (r *reportModal) n() int {
	if r.supersedes != "" {
		return 3
	}
	return 2
}

func (r *reportModal) update(m *Model, msg tea.KeyMsg) tea.Cmd {
	cmd, enter := r.key(m, msg)
	r.layout() // the event's fields come and go with the choice
	if !enter {
		return cmd
	}
	badge, pin, reason, ok := r.typed(m)
	if !ok {
		return nil
	}
	if r.supersedes != "" && reason == "" {
		r.err = m.cat.T("dm.sub.needreason")
		r.setFocus(2)
		return nil
	}
	r.busy, r.err = true, ""
	return toScreen(0, reportSubmitCmd(m.svc, *m.guard, badge, pin, post.SubmitInput{Day: r.day, Supersedes: r.supersedes,
		Reason: reason, Security: r.security()}))
}

func (r *reportModal) help(m *Model) []key.Binding { return m.keys.dialogHelp() }

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
	b.WriteString(r.supervisorFields.view(m, 14)) // 疑似/确诊/密接 whole
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

func (d *dailyModel) submitted(m *Context, msg reportSubmittedMsg) tea.Cmd {
	rm := d.report
	if rm == nil {
		return nil
	}
	if msg.notSup != "" || msg.err != nil {
		rm.failed(m, msg.notSup, msg.err)
		return nil
	}
	d.report = nil
	m.closeDialog()
	m.wrote(msg.rec.Seq)
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
	case gate.GapSessions:
		for _, x := range r.Screening.Sessions {
			for _, p := range x.Missing {
				out = append(out, gapItem{c.T("dm.gp.session", word(c, string(x.Session), "session."), personText(c, gate.PersonItem{
					Badge: p.Badge, Name: p.Name, Kind: p.Kind, Unit: p.Unit})), p.Badge})
			}
		}
	case gate.GapSymptoms:
		for _, x := range r.OpenSymptoms() {
			out = append(out, gapItem{strings.Join(nonEmpty(hhmm(x.At), personText(c, gate.PersonItem{Badge: x.Badge, Name: x.Name,
				Kind: gate.Staff, Unit: x.Unit}), x.Temp.String()+"℃", c.T("dm.abn.symptoms")), " "), x.Badge})
		}
	case gate.GapZones:
		for _, z := range r.ZonesMissed() {
			out = append(out, gapItem{text: report.ZoneShort(c, z)})
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

func (v *gapsView) update(d *dailyModel, m *Context, msg tea.KeyMsg) tea.Cmd {
	l := m.keys.List
	if !v.open {
		switch {
		case key.Matches(msg, l.Up):
			v.sel--
		case key.Matches(msg, l.Down):
			v.sel++
		case key.Matches(msg, l.Open, l.Right):
			v.open, v.top, v.item = true, 0, 0
		case key.Matches(msg, l.ToLog):
			m.focusLog(0)
		}
		v.clamp()
		return nil
	}
	items := gapItems(m.cat, d.today, gate.GapKinds[v.sel])
	switch {
	case key.Matches(msg, l.Back):
		v.open = false
	case key.Matches(msg, l.Up):
		v.item--
	case key.Matches(msg, l.Down):
		v.item++
	case key.Matches(msg, l.PgUp):
		v.item -= gvRows
	case key.Matches(msg, l.PgDn):
		v.item += gvRows
	case key.Matches(msg, l.Open):
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
// group, or the phone group for staff working from home, the cursor on
// them.
func (d *dailyModel) rollTo(m *Context, badge string) tea.Cmd {
	i := d.scr.Index(badge)
	if i < 0 {
		return nil
	}
	if d.scr.People[i].Home {
		// Working from home: the phone group.
		d.roll.toPhone(d)
		d.roll.cursor = badge
		return d.switchPart(m, partRoll)
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

func (v *gapsView) view(d *dailyModel, m *Context) []string {
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
				mark = selMark
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
		mark := "  "
		if i == v.item {
			mark = selMark
		}
		line := fit(mark+items[i].text, m.width)
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

func (v *noticesView) update(d *dailyModel, m *Context, msg tea.KeyMsg) tea.Cmd {
	l := m.keys.List
	switch {
	case key.Matches(msg, l.Up):
		v.sel--
	case key.Matches(msg, l.Down):
		v.sel++
	case key.Matches(msg, l.ToLog):
		m.focusLog(0)
	case key.Matches(msg, l.Open):
		if v.sel < len(d.notices) && !d.notices[v.sel].Acked {
			n, guard := d.notices[v.sel], *m.guard
			return toScreen(0, dailyPostCmd("ack", n.Title, false, nil, func(c context.Context) (post.Saved, error) {
				return m.svc.AckNotice(c, guard, post.NoticeRef{ID: n.ID, Day: n.Day, Title: n.Title})
			}))
		}
	}
	v.clamp(len(d.notices))
	return nil
}

// nvList is how many notices the list shows; the body of the selected one
// fills the rest.
const nvList = 4

func (v *noticesView) view(d *dailyModel, m *Context) []string {
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
			mark = selMark
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

// The dailyPart interface: the report (日报告), the gaps (日研判) and the
// notices (日部署).

func (v *reportView) tab(_ *dailyModel, m *Context) string { return m.cat.T("dm.part.report") }
func (v *reportView) help(d *dailyModel, k keyMap) []key.Binding {
	c, l := d.cat, k.List
	return []key.Binding{relabel(l.Open, "Enter", c.T("dm.key.submit")), relabel(l.Down, "↑/↓", c.T("dm.key.scroll")),
		relabel(l.Right, "←/→", c.T("dm.key.day")), partsKey(c), k.Global.Help}
}
func (v *reportView) focus(bool)     {}
func (v *reportView) dirty() bool    { return false }
func (v *reportView) freeText() bool { return false }
func (v *reportView) busy() bool     { return false }

func (v *gapsView) tab(d *dailyModel, m *Context) string {
	name := m.cat.T("dm.part.gaps")
	if d.ready {
		if n := openGaps(d.today); n > 0 {
			name += fmt.Sprintf("(%d)", n)
		}
	}
	return name
}
func (v *gapsView) help(d *dailyModel, k keyMap) []key.Binding {
	c, l := d.cat, k.List
	return []key.Binding{relabel(l.Open, "Enter", c.T("dm.key.open")), l.Back, relabel(l.Down, "↑/↓", c.T("key.select")), partsKey(c), k.Global.Help}
}
func (v *gapsView) focus(bool)     {}
func (v *gapsView) dirty() bool    { return false }
func (v *gapsView) freeText() bool { return false }
func (v *gapsView) busy() bool     { return false }

func (v *noticesView) tab(d *dailyModel, m *Context) string {
	name := m.cat.T("dm.part.notices")
	if n := d.unacked(); n > 0 {
		name += fmt.Sprintf("(%d)", n)
	}
	return name
}
func (v *noticesView) help(d *dailyModel, k keyMap) []key.Binding {
	c, l := d.cat, k.List
	return []key.Binding{relabel(l.Open, "Enter", c.T("dm.key.ack")), relabel(l.Down, "↑/↓", c.T("key.select")), partsKey(c), k.Global.Help}
}
func (v *noticesView) focus(bool)     {}
func (v *noticesView) dirty() bool    { return false }
func (v *noticesView) freeText() bool { return false }
func (v *noticesView) busy() bool     { return false }
