package tui

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"gatepost/gate"
	"gatepost/post"
	"gatepost/record"
	"gatepost/store"
)

// Gate 3, the standby quarantine area: staff go into standby (start, with
// a planned end), check in every day (temperature, ready or not), leave it
// (end) or are called up in an emergency. The panel lists who is in standby,
// their day and whether today's check-in is done.

type gate3Model struct {
	gateForm // the form, its phase, the error under it, saving
	mode     *formField
	badge    *formField

	lookup personLookup
	rot    rotationLookup // the badge's rotation plan, shown under it

	plannedEnd, area  *formField // start
	temp, ready, note *formField // check-in (note also at the end)
	reason            *formField // call-up

	stints     map[string]gate.Stint
	byBadge    []gate.Stint // stints in badge order, for the panel
	checkins   map[string]record.StandbyCheckinBody
	violations int // contact incidents today, at any gate
	callups    int

	seq        int
	waiting    bool
	person     *gate.Person
	current    *gate.Stint
	plan       post.Plan      // the service's decision, saved on Enter
	first      *post.FeverRef // a check-in's first fever reading, saved, that the next reading rechecks
	tempVal    record.Tenths
	endDay     string
	defaultEnd string // today + DefaultStandbyDays, as of the last load
	// natBadge is the badge whose end of standby was just refused for
	// want of a negative nucleic-acid result: while the refusal shows,
	// Form.NATResult opens the clearance that records one. A refusal
	// writes nothing, so there is no log row to ask it from.
	natBadge string
}

func newGate3(cat *Catalog) *gate3Model {
	acts := make([]string, len(gate.StandbyActions))
	for i, a := range gate.StandbyActions {
		acts[i] = cat.T("g3.mode." + string(a))
	}
	g := &gate3Model{
		mode:       choiceF("f.g2mode", acts...),
		badge:      textF("f.badge", 24, 20, false),
		plannedEnd: textF("f.plannedend", 20, 10, false),
		area:       textF("f.area", 30, 16, true),
		temp:       textF("f.temp", 10, 6, false),
		ready:      choiceF("f.ready", cat.T("ready.yes"), cat.T("ready.no")),
		note:       textF("f.note", 80, 30, true),
		reason:     textF("f.callreason", 80, 40, true),
	}
	g.setMode(0)
	g.f.setFocus(1)
	return g
}

func (g *gate3Model) action() gate.StandbyAction { return gate.StandbyActions[g.mode.cur] }

func (g *gate3Model) fieldsOf(a gate.StandbyAction) []*formField {
	switch a {
	case gate.ActCheckin:
		return []*formField{g.mode, g.badge, g.temp, g.ready, g.note}
	case gate.ActEnd:
		return []*formField{g.mode, g.badge, g.note}
	case gate.ActCallup:
		return []*formField{g.mode, g.badge, g.reason}
	}
	return []*formField{g.mode, g.badge, g.plannedEnd, g.area}
}

func (g *gate3Model) setMode(i int) {
	g.mode.cur = i
	g.f.setFields(g.fieldsOf(g.action()), 0)
	g.err = formError{}
}

func (g *gate3Model) lines() int { return 13 }
func (g *gate3Model) dirty() bool {
	return g.phase != phaseEdit || anyText(g.badge, g.area, g.temp, g.note, g.reason)
}
func (g *gate3Model) help(k keyMap) []key.Binding {
	if g.phase == phaseDecide && confirmsFever(g.plan) {
		return []key.Binding{k.Decide.Save, k.Global.Help}
	}
	if g.phase == phaseEdit && g.natBadge != "" {
		return gateHelp(g.gateForm, k, false, k.Form.NATResult)
	}
	return gateHelp(g.gateForm, k, false)
}

// reset empties what was typed; the planned end goes back to its default.
func (g *gate3Model) reset() {
	g.plan, g.first = post.Plan{}, nil
	for _, x := range []*formField{g.badge, g.area, g.temp, g.note, g.reason} {
		x.set("")
	}
	g.plannedEnd.propose(g.defaultEnd)
	g.ready.cur = 0
	g.lookup, g.rot, g.natBadge = personLookup{}, rotationLookup{}, ""
	g.phase, g.err, g.saving, g.waiting = phaseEdit, formError{}, false, false
	g.f.setFocus(1)
}

func (g *gate3Model) saved(m *Context, msg savedMsg) string {
	if p := msg.post.Pending; p != nil {
		// The first reading is on record; the same form takes the recheck.
		g.first, g.saving = p, false
		g.temp.set("")
		g.f.focusOn(g.temp)
		return m.cat.T("saved.firstfever", join(whoText(p.Who), tempText(&p.Temp)))
	}
	if msg.post.Fever == post.FeverConfirmed {
		// Who and the reading, and what the guard does next, on one line
		// at 80 columns: the log's check-in detail made it too long for
		// the supervisor to be named.
		t := g.plan.Temp
		g.reset()
		return m.cat.T("saved.g3fever", join(whoText(msg.post.Who), tempText(t)))
	}
	g.reset()
	return savedText(m.cat, msg.post, msg.recs)
}

func (g *gate3Model) busy() bool { return g.saving || g.waiting }

func (g *gate3Model) update(m *Context, msg tea.KeyMsg) tea.Cmd {
	if g.saving || g.waiting {
		return nil
	}
	if g.phase == phaseDecide {
		switch {
		case key.Matches(msg, m.keys.Decide.Back) && confirmsFever(g.plan):
			// Its save failed (it is saved at once): Enter tries again, and
			// the reading is not put aside to be edited.
		case key.Matches(msg, m.keys.Decide.Back):
			g.backToEdit()
		case key.Matches(msg, m.keys.Decide.Save):
			return g.save(m)
		}
		return nil
	}
	if g.natBadge != "" && key.Matches(msg, m.keys.Form.NATResult) {
		// The refusal's next step: the result, recorded by a supervisor;
		// the form keeps the end, which Enter then decides again.
		askClearance(m, 3, g.natBadge, gate.ClearIsolation, "")
		g.natBadge, g.err = "", formError{}
		return nil
	}
	if stepForm(m, 3, &g.f, msg, func() {
		m.sayCleared(g.dirty())
		g.reset()
	}) {
		return nil
	}
	if key.Matches(msg, m.keys.Form.Save) {
		return g.submit(m)
	}
	cmd, changed := g.editField(msg)
	if !changed {
		return cmd
	}
	g.natBadge = "" // the refusal was of what is being changed
	switch g.f.cur() {
	case g.mode:
		g.setMode(g.mode.cur)
	case g.badge:
		g.rot.typed(g.badge.value())
		return tea.Batch(cmd, g.lookup.typed(m, 3, g.badge.value()))
	}
	return cmd
}

// submit checks what was typed, then asks the store who the badge is and
// whether they are in standby; decided applies the rule to the answer.
func (g *gate3Model) submit(m *Context) tea.Cmd {
	g.err = formError{}
	b := strings.ToUpper(g.badge.value())
	if b == "" {
		return g.fail(g.badge, "form.nobadge")
	}
	switch g.action() {
	case gate.ActStart:
		d, err := gate.ParseDate(g.plannedEnd.value())
		if err != nil {
			k, typed := inputErrKey(err, g.plannedEnd.value())
			return g.fail(g.plannedEnd, k, typed)
		}
		g.plannedEnd.set(d)
		g.endDay = d
	case gate.ActCheckin:
		t, err := gate.ParseTemperature(g.temp.value())
		if err != nil {
			k, typed := inputErrKey(err, g.temp.value())
			return g.fail(g.temp, k, typed)
		}
		g.tempVal = t
	case gate.ActCallup:
		if g.reason.value() == "" {
			return g.fail(g.reason, "reason.need_reason")
		}
	}
	in := post.StandbyInput{Action: g.action(), Badge: b, PlannedEnd: g.endDay, Area: g.area.value(),
		Ready: g.ready.on(), Reason: g.reason.value(), Note: g.note.value()}
	if g.action() == gate.ActCheckin {
		t := g.tempVal
		in.Temp, in.First = &t, g.first
	}
	g.seq++
	g.waiting = true
	return toScreen(3, standbyDecideCmd(m.svc, g.seq, in))
}

// standbyMsg is the service's decision on a standby step.
type standbyMsg struct {
	seq  int
	plan post.Plan
	err  error
}

func standbyDecideCmd(svc *post.Service, seq int, in post.StandbyInput) tea.Cmd {
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		p, err := svc.DecideStandby(c, in)
		return standbyMsg{seq: seq, plan: p, err: err}
	}
}

// save writes the plan through the service.
func (g *gate3Model) save(m *Context) tea.Cmd {
	g.saving = true
	plan, guard := g.plan, *m.guard
	return postCmd(3, "form", func(c context.Context) (post.Saved, error) { return m.svc.Save(c, guard, plan) })
}

// decided takes the service's decision: a refusal or missing input is said
// under the form; a fever reading at a check-in, first or confirming, is
// saved at once (confirmsFever: shown for Enter, Esc let the guard type a
// lower reading over a confirmed 37.9 and save the person ready, seen in
// tmux); anything else waits for Enter.
func (g *gate3Model) decided(m *Context, msg standbyMsg) tea.Cmd {
	if msg.seq != g.seq || !g.waiting {
		return nil
	}
	g.waiting = false
	var ie *post.InputError
	var re *post.RefusedError
	switch {
	case errors.As(msg.err, &re) && re.Code == string(gate.ReasonReleaseNAT):
		g.natBadge = strings.ToUpper(g.badge.value())
		return g.fail(g.badge, "reason.g3.release_nat", m.keys.Form.NATResult.Help().Key)
	case errors.As(msg.err, &re):
		x := g.badge
		if re.Code == string(gate.ReasonPlannedEnd) {
			x = g.plannedEnd
		}
		return g.fail(x, "reason."+re.Code)
	case errors.As(msg.err, &ie):
		return g.fail(g.badge, "err."+ie.Code, ie.Input)
	case m.readFailed(msg.err):
		return nil
	}
	g.plan = msg.plan
	g.person, g.current = msg.plan.Person, msg.plan.Standby
	if g.plan.NeedsRecheck {
		// The first reading: the form stays, for the recheck.
		return g.save(m)
	}
	g.decide()
	if confirmsFever(g.plan) {
		// Shown while it saves and, should the save fail, for Enter.
		return g.save(m)
	}
	return nil
}

// summary describes what Enter will save.
func (g *gate3Model) summary(m *Context) (string, string) {
	s := m.sty
	p := g.person
	who := p.Badge + " " + p.Name
	now := m.now()
	confirm := s.Dim.Render(m.cat.T("dec.confirm"))
	switch g.action() {
	case gate.ActStart:
		days := gate.Stint{Start: now}.DaysIn(mustDate(g.endDay, now)) - 1
		return s.Allow.Render(">> ") + m.cat.T("g3.sum.start", who, g.endDay, days), confirm
	case gate.ActCheckin:
		// What the record will say: the service decides (a fever is never
		// ready), whatever was chosen.
		ready := m.cat.T("ready.no")
		if b, ok := g.plan.Body.(record.StandbyCheckinBody); ok && b.Ready {
			ready = m.cat.T("ready.yes")
		}
		l1 := m.cat.T("g3.sum.checkin", who, g.current.DaysIn(now), g.tempVal.String(), ready)
		switch {
		case confirmsFever(g.plan) && g.saving:
			// The recheck of a first fever reading: the fever is confirmed,
			// not a reason for another recheck, and saved at once.
			return s.Deny.Render(">> " + l1), s.Dim.Render(m.cat.T("form.saving"))
		case confirmsFever(g.plan):
			return s.Deny.Render(">> " + l1), s.Error.Render(m.cat.T("dec.fever.unsaved"))
		case g.plan.Fever:
			return s.Warn.Render(">> " + l1), s.Warn.Render(m.cat.T("g3.fever", m.cfg.FeverAt().String()))
		case len(g.plan.Reasons) > 0:
			// Saved, but not ready: the person's fever is not cleared.
			return s.Warn.Render(">> " + l1), s.Warn.Render(reasonAt(m.cat, 3, string(g.plan.Reasons[0]), m.cfg.FeverAt()))
		}
		return s.Allow.Render(">> ") + l1, confirm
	case gate.ActEnd:
		return s.Allow.Render(">> ") + m.cat.T("g3.sum.end", who, g.current.DaysIn(now)), confirm
	}
	return s.Warn.Render(">> " + m.cat.T("g3.sum.callup", who, g.current.DaysIn(now), g.reason.value())),
		s.Dim.Render(m.cat.T("g3.callup.note"))
}

// gate3Msg is the standby state: stints, today's check-ins, and the day's
// call-ups and contact violations.
type gate3Msg struct {
	stints     map[string]gate.Stint
	byBadge    []gate.Stint
	checkins   map[string]record.StandbyCheckinBody
	violations int
	callups    int
	err        error
}

func (g *gate3Model) load(m *Context) tea.Cmd {
	st, day := m.st, m.today()
	return toScreen(3, func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		var out gate3Msg
		rows, err := st.StandbyRows(c)
		if err != nil {
			out.err = err
			return out
		}
		out.stints = gate.StandbyNow(store.Events(rows))
		out.byBadge = gate.Sorted(out.stints) // here, not in the panel: View runs after every message
		for _, r := range rows {
			if r.Kind == record.StandbyCallup && !r.Voided && store.Day(r.At) == day {
				out.callups++
			}
		}
		if rows, err = st.LatestPerBadge(c, record.StandbyCheckin, day); err != nil {
			out.err = err
			return out
		}
		out.checkins = gate.CheckedIn(store.Events(rows))
		out.violations, out.err = st.CountIncidents(c, day, gate.IncidentContact)
		return out
	})
}

func (g *gate3Model) handle(m *Context, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case lookupMsg:
		g.lookup.answer(msg)
		// The person found, their rotation plan: read once the lookup has
		// answered, not by a second lookup of the same key.
		if p := g.lookup.person; p != nil && msg.key == g.rot.key {
			return g.rot.read(m, *p)
		}
	case rotationMsg:
		g.rot.answer(msg)
	case standbyMsg:
		return g.decided(m, msg)
	case gate3Msg:
		if m.readFailed(msg.err) {
			return nil
		}
		g.stints, g.byBadge, g.checkins, g.violations, g.callups = msg.stints, msg.byBadge, msg.checkins, msg.violations, msg.callups
		g.defaultEnd = store.Day(m.now().AddDate(0, 0, gate.DefaultStandbyDays))
		if g.plannedEnd.value() == "" || g.plannedEnd.proposed {
			g.plannedEnd.propose(g.defaultEnd)
		}
	}
	return nil
}

func (g *gate3Model) countsLine(m *Context) string {
	s := m.sty
	due, overdue := 0, 0
	for b, st := range g.stints {
		if _, ok := g.checkins[b]; !ok {
			due++
		}
		if st.Overdue(m.now()) {
			overdue++
		}
	}
	return strings.Join([]string{
		s.Counter.Render(m.cat.T("count.standby", len(g.stints))),
		s.Counter.Render(m.cat.T("count.checkedin", len(g.stints)-due)),
		s.Warn.Render(m.cat.T("count.due", due)),
		s.Warn.Render(m.cat.T("count.overdue", overdue)),
		s.Counter.Render(m.cat.T("count.callups", g.callups)),
		s.Deny.Render(m.cat.T("count.violations", g.violations)),
	}, "  ")
}

// standing is a badge's standby state in words: "备勤第 3 天，计划至 12-12".
func (g *gate3Model) standing(m *Context, badge string) string {
	st, ok := g.stints[strings.ToUpper(badge)]
	if !ok {
		if g.lookup.person != nil {
			return m.sty.Dim.Render(m.cat.T("g3.notin"))
		}
		return ""
	}
	return m.sty.Warn.Render(m.cat.T("g3.standing", st.DaysIn(m.now()), st.PlannedEnd))
}

func (g *gate3Model) view(m *Context) string {
	edit := g.phase == phaseEdit
	r := func(x *formField, w int) string { return g.f.render(m, x, w, edit) }
	var b strings.Builder
	b.WriteString(g.countsLine(m) + "\n")
	b.WriteString(r(g.mode, 10) + "\n")
	b.WriteString(fit(r(g.badge, 11), 35) + g.lookup.who(m, false) + "  " + g.standing(m, g.lookup.key) + "\n")
	b.WriteString(g.rotationLine(m) + "\n")
	switch g.action() {
	case gate.ActStart:
		b.WriteString(fit(r(g.plannedEnd, 10), 34) + r(g.area, 8) + "\n")
		b.WriteString(field(m, "", m.sty.Dim.Render(m.cat.T("g3.hint.start", gate.DefaultStandbyDays)), false, 10) + "\n")
	case gate.ActCheckin:
		b.WriteString(fit(r(g.temp, 10), 22) + r(g.ready, 6) + "\n")
		b.WriteString(r(g.note, 10) + "\n")
	case gate.ActEnd:
		b.WriteString(r(g.note, 10) + "\n\n")
	case gate.ActCallup:
		b.WriteString(r(g.reason, 10) + "\n")
		b.WriteString(field(m, "", m.sty.Dim.Render(m.cat.T("g3.callup.note")), false, 10) + "\n")
	}
	var l1, l2 string
	switch {
	case !edit && g.person != nil:
		l1, l2 = g.summary(m)
	case g.first != nil:
		// Waiting for the recheck: what its Enter will do, before it does.
		l2 = m.sty.Dim.Render(m.cat.T("dec.recheck.note", m.cfg.FeverAt().String()))
	}
	b.WriteString(decisionLines(m, g.err, l1, l2) + "\n")
	b.WriteString(g.panel(m))
	return padLines(b.String(), g.lines())
}

// panel lists who is in standby, two to a line, those whose check-in is
// still due today first.
func (g *gate3Model) panel(m *Context) string {
	s := m.sty
	now := m.now()
	var due, done []gate.Stint
	for _, st := range g.byBadge {
		if _, ok := g.checkins[st.Badge]; ok {
			done = append(done, st)
		} else {
			due = append(due, st)
		}
	}
	var b strings.Builder
	b.WriteString(s.Header.Render(m.cat.T("g3.panel", len(g.stints), len(due))))
	if len(g.stints) == 0 {
		b.WriteString("\n" + s.Dim.Render(m.cat.T("g3.panel.none")))
		return b.String()
	}
	all := append(due, done...)
	const perLine, lines = 2, 3
	for i := 0; i < lines && i*perLine < len(all); i++ {
		b.WriteString("\n")
		for j := 0; j < perLine; j++ {
			k := i*perLine + j
			if k >= len(all) {
				break
			}
			if i == lines-1 && j == perLine-1 && len(all) > lines*perLine {
				b.WriteString(s.Dim.Render(m.cat.T("panel.more", len(all)-k)))
				break
			}
			st := all[k]
			cell := fit(st.Badge, 6) + fit(st.Name, 8) + fit(m.cat.T("g3.day", st.DaysIn(now)), 9)
			status, style := m.cat.T("g3.due"), s.Warn
			if ci, ok := g.checkins[st.Badge]; ok {
				status, style = ci.Temp.String(), s.Value
				if ci.Fever {
					status, style = ci.Temp.String()+" "+m.cat.T("rs.fever"), s.Deny
				} else if !ci.Ready {
					status, style = ci.Temp.String()+" "+m.cat.T("ready.no"), s.Warn
				}
			}
			if st.Overdue(now) {
				status += " " + m.cat.T("g3.overdue")
			}
			b.WriteString(cell + style.Render(fit(status, 16)))
			if j < perLine-1 {
				b.WriteString(" ")
			}
		}
	}
	return b.String()
}

// mustDate parses a "2006-01-02" day at noon in now's zone; now when it
// does not parse.
func mustDate(day string, now time.Time) time.Time {
	t, err := time.ParseInLocation("2006-01-02", day, now.Location())
	if err != nil {
		return now
	}
	return t.Add(12 * time.Hour)
}

// rotationLookup is the rotation plan of the badge typed at gate 3, read as
// the guard types, so the period in force and the next change-over show
// before Enter.
type rotationLookup struct {
	key string
	r   *gate.Rotation
}

// rotationMsg is a badge's rotation plan today; ok is false when the badge
// is not on the roster or the plan could not be read.
type rotationMsg struct {
	key string
	r   gate.Rotation
	ok  bool
}

// typed follows the badge field: a new key drops the plan shown.
func (l *rotationLookup) typed(badge string) {
	if k := strings.ToUpper(strings.TrimSpace(badge)); k != l.key {
		l.key, l.r = k, nil
	}
}

// read asks the store for the rotation plan of p, the person the badge
// field found; only staff have one.
func (l *rotationLookup) read(m *Context, p gate.Person) tea.Cmd {
	if p.Kind != gate.Staff {
		return nil
	}
	k, st, day := l.key, m.st, m.today()
	return toScreen(3, func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		plan, err := st.RotationOf(c, p.Badge)
		if err != nil {
			return rotationMsg{key: k}
		}
		return rotationMsg{key: k, r: gate.RotationOn(plan, p.Badge, day), ok: true}
	})
}

// answer takes a rotationMsg; stale answers are dropped.
func (l *rotationLookup) answer(msg rotationMsg) {
	if msg.key != l.key || !msg.ok {
		return
	}
	r := msg.r
	l.r = &r
}

// rotationLine is the rotation plan of the person on the form, as the
// decision read it (or, before Enter, as looked up): the period in force,
// the next change-over and what follows, or that the plan has none.
func (g *gate3Model) rotationLine(m *Context) string {
	r := g.rot.r
	if g.phase != phaseEdit && g.plan.Rotation != nil {
		r = g.plan.Rotation
	}
	if r == nil {
		return ""
	}
	return field(m, m.cat.T("f.rotation"), rotationText(m, *r, m.today()), false, 10)
}

// rotationText words a rotation on today: "执勤 11-28至12-11；今日轮换；之后隔离观察".
func rotationText(m *Context, r gate.Rotation, today string) string {
	short := func(day string) string { return strings.TrimPrefix(day, today[:5]) } // this year's dates as MM-DD
	var parts []string
	if r.Current != nil {
		parts = append(parts, m.cat.T("g3.rot.period", m.cat.T("status."+string(r.Current.Kind)), short(r.Current.Start), short(r.Current.End)))
	} else {
		parts = append(parts, m.cat.T("g3.rot.none"))
	}
	switch r.ChangeOver {
	case "":
		if r.Current != nil {
			parts = append(parts, m.cat.T("g3.rot.nochange"))
		}
	case today:
		parts = append(parts, m.cat.T("g3.rot.today"))
	default:
		parts = append(parts, m.cat.T("g3.rot.change", short(r.ChangeOver)))
	}
	if r.Next != nil {
		parts = append(parts, m.cat.T("g3.rot.then", m.cat.T("status."+string(r.Next.Kind)), short(r.Next.Start)))
	}
	return m.sty.Dim.Render(strings.Join(parts, m.cat.T("g3.rot.sep")))
}
