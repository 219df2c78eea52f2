package tui

import (
	"context"
	"errors"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"gatepost/gate"
	"gatepost/post"
	"gatepost/record"
	"gatepost/store"
)

// Gate 1's second mode: admissions (新收入所) and releases (解除出所). Under
// closed management a new detainee comes in through the main gate, is
// checked there and goes to the separate 新收 isolation area; a released
// one goes out through it. Both are the duty leader's decision, so the form
// checks what was typed and the roster, shows what will be written, and
// Enter asks the duty leader for badge, PIN and the ground (the decision's
// reference). Ctrl+N switches between this mode and the crossing form;
// each keeps what was typed.

// gate1Screen is gate 1: the crossing form (gate1Model) and the
// admissions mode, one shown at a time.
type gate1Screen struct {
	cross  *gate1Model
	moves  *movesModel
	on     bool // the admissions mode is shown
	toggle key.Binding
}

func newGate1Screen(cat *Catalog) *gate1Screen {
	return &gate1Screen{cross: newGate1(cat), moves: newMoves(cat),
		toggle: key.NewBinding(key.WithKeys("ctrl+n"), key.WithHelp("Ctrl+N", cat.T("key.moves")))}
}

func (s *gate1Screen) editing() bool {
	if s.on {
		return s.moves.phase == phaseEdit
	}
	return s.cross.phase == editing
}

func (s *gate1Screen) update(m *Context, msg tea.KeyMsg) tea.Cmd {
	if key.Matches(msg, s.toggle) && s.editing() && !s.busy() {
		s.on = !s.on
		s.focusForm()
		if s.on {
			return s.moves.load(m) // the day's counts as the mode is shown
		}
		return nil
	}
	if s.on {
		return s.moves.update(m, msg)
	}
	return s.cross.update(m, msg)
}

func (s *gate1Screen) handle(m *Context, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case moveCheckMsg, movesCountMsg:
		return s.moves.handle(m, msg)
	case lookupMsg:
		// Each form drops an answer for a badge it does not hold.
		s.moves.lookup.answer(msg)
	}
	return s.cross.handle(m, msg)
}

// load reads what the mode shown needs: the day's admissions and releases
// only while they are on screen (and when the mode is switched to), not
// again after every crossing saved, which never changes them.
func (s *gate1Screen) load(m *Context) tea.Cmd {
	if s.on {
		return tea.Batch(s.cross.load(m), s.moves.load(m))
	}
	return s.cross.load(m)
}

func (s *gate1Screen) view(m *Context) string {
	if s.on {
		// As tall as the crossing form, so the log does not move when the
		// mode changes.
		return padLines(s.moves.view(m), s.lines())
	}
	return s.cross.view(m)
}

func (s *gate1Screen) lines() int    { return s.cross.lines() }
func (s *gate1Screen) hasForm() bool { return true }
func (s *gate1Screen) dirty() bool   { return s.cross.dirty() || s.moves.dirty() }
func (s *gate1Screen) busy() bool    { return s.cross.busy() || s.moves.busy() }
func (s *gate1Screen) saveFailed()   { s.cross.saveFailed(); s.moves.saveFailed() }
func (s *gate1Screen) freeText() bool {
	return (s.on && s.moves.freeText()) || (!s.on && s.cross.freeText())
}

func (s *gate1Screen) focusForm() {
	if s.on {
		s.moves.focusForm()
	} else {
		s.cross.focusForm()
	}
}

func (s *gate1Screen) saved(m *Context, msg savedMsg) string {
	if msg.purpose == purposeAdmission || msg.purpose == purposeRelease {
		return s.moves.saved(m, msg)
	}
	return s.cross.saved(m, msg)
}

func (s *gate1Screen) help(k keyMap) []key.Binding {
	switch {
	case s.on && s.moves.phase == phaseEdit:
		return k.formHelp(relabel(s.toggle, "Ctrl+N", s.moves.cat.T("key.crossing")))
	case s.on:
		return []key.Binding{k.Decide.Save, k.Decide.Back, k.Global.Help}
	case s.cross.phase == editing:
		return k.formHelp(s.toggle)
	}
	return s.cross.help(k)
}

// Purposes of the supervised writes of this mode (supervisedMsg.purpose).
const (
	purposeAdmission = "admission"
	purposeRelease   = "release"
)

// movesModel is the admissions and releases form.
type movesModel struct {
	gateForm
	cat    *Catalog
	kind   *formField // 新收入所 / 解除出所
	badge  *formField
	unit   *formField
	source *formField
	typ    *formField
	temp   *formField
	lookup personLookup

	seq     int
	waiting bool
	chk     post.MovementCheck
	today   gate.MovementCount
}

func newMoves(cat *Catalog) *movesModel {
	g := &movesModel{cat: cat,
		kind:   choiceF("f.move", cat.T("mv.admit"), cat.T("mv.release")),
		badge:  textF("f.mvbadge", 24, 14, false).must(),
		unit:   textF("f.mvunit", 20, 16, true).must(),
		source: choiceF("f.mvsource", cat.T("mv.src.decision"), cat.T("mv.src.transfer"), cat.T("mv.src.other")),
		typ:    choiceF("f.mvtype", cat.T("mv.type.expiry"), cat.T("mv.type.early"), cat.T("mv.type.transfer"), cat.T("mv.type.other")),
		temp:   textF("f.mvtemp", 10, 8, false).must(),
	}
	g.temp.validate = func(s string) error { _, err := gate.ParseTemperature(s); return err }
	g.reset()
	return g
}

func (g *movesModel) release() bool { return g.kind.cur == 1 }

func (g *movesModel) fields() []*formField {
	if g.release() {
		return []*formField{g.kind, g.badge, g.typ}
	}
	return []*formField{g.kind, g.badge, g.unit, g.source, g.temp}
}

// reset empties the form for the next person, keeping the action.
func (g *movesModel) reset() {
	g.badge.set("")
	g.temp.set("")
	g.unit.propose(post.DefaultAdmitUnit)
	g.source.cur, g.typ.cur = 0, unset // a release's ground is the duty leader's to state
	g.lookup = personLookup{}
	g.phase, g.err, g.waiting, g.chk = phaseEdit, formError{}, false, post.MovementCheck{}
	g.f.setFields(g.fields(), 1)
}

func (g *movesModel) dirty() bool {
	return g.badge.value() != "" || g.temp.value() != "" || (!g.unit.proposed && g.unit.value() != post.DefaultAdmitUnit) || g.phase != phaseEdit
}

// busy is the check under way: the write itself is the duty leader's
// dialog's, which holds the keys while it runs (gateForm.saving stays
// false here).
func (g *movesModel) busy() bool { return g.waiting }

func (g *movesModel) update(m *Context, msg tea.KeyMsg) tea.Cmd {
	if g.busy() {
		return nil
	}
	if g.phase == phaseDecide {
		switch {
		case key.Matches(msg, m.keys.Decide.Back):
			g.backToEdit()
		case key.Matches(msg, m.keys.Decide.Save):
			g.askLeader(m)
		}
		return nil
	}
	if stepForm(m, 1, &g.f, msg, func() {
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
	switch g.f.cur() {
	case g.kind:
		g.f.setFields(g.fields(), 0)
	case g.badge:
		return tea.Batch(cmd, g.lookup.typed(m, 1, g.badge.value()))
	}
	return cmd
}

// submit checks the fields, then asks the service to check the badge
// against the roster as of now; nothing is written.
func (g *movesModel) submit(m *Context) tea.Cmd {
	var ok bool
	if g.err, ok = g.f.check(m); !ok { // formError{} when every field passes
		return nil
	}
	in := post.MovementInput{Release: g.release(), Badge: g.badge.value()}
	if in.Release {
		in.Type = record.ReleaseTypes[g.typ.cur]
	} else {
		t, _ := gate.ParseTemperature(g.temp.value()) // checked by the field
		g.temp.set(t.String())
		in.Unit, in.Source, in.Temp = g.unit.value(), record.AdmitSources[g.source.cur], &t
	}
	g.seq++
	g.waiting = true
	svc, seq := m.svc, g.seq
	return toScreen(1, func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		chk, err := svc.CheckMovement(c, in)
		return moveCheckMsg{seq: seq, chk: chk, err: err}
	})
}

// moveCheckMsg is the service's check of an admission or a release.
type moveCheckMsg struct {
	seq int
	chk post.MovementCheck
	err error
}

// movesCountMsg is today's admissions and releases.
type movesCountMsg struct {
	count gate.MovementCount
	err   error
}

func (g *movesModel) load(m *Context) tea.Cmd {
	st, now := m.st, m.now()
	return toScreen(1, func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		day := store.Day(now)
		rows, err := st.KindRows(c, store.KindQuery{Kinds: []record.Kind{record.Admission, record.Release}, From: day, To: day})
		if err != nil {
			return movesCountMsg{err: err}
		}
		from, to, _ := store.DayBounds(day, now.Location())
		return movesCountMsg{count: gate.CountMovements(store.DayRecords(rows), from, to)}
	})
}

func (g *movesModel) handle(m *Context, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case movesCountMsg:
		if !m.readFailed(msg.err) {
			g.today = msg.count
		}
	case moveCheckMsg:
		if msg.seq != g.seq || !g.waiting {
			return nil
		}
		g.waiting = false
		var ie *post.InputError
		var re *post.RefusedError
		switch {
		case errors.As(msg.err, &ie):
			x := map[string]*formField{"Temp": g.temp, "Source": g.source, "Type": g.typ, "Unit": g.unit}[ie.Field]
			if x == nil {
				x = g.badge
			}
			return g.fail(x, "err."+ie.Code, ie.Input)
		case errors.As(msg.err, &re):
			x := g.badge
			if re.Code == post.RefuseAdmitFever {
				x = g.temp
			}
			return g.fail(x, "refuse."+re.Code)
		case m.readFailed(msg.err):
			return nil
		}
		g.chk = msg.chk
		if !g.release() {
			g.unit.set(msg.chk.In.Unit) // a badge published ahead keeps the roster's unit
		}
		g.decide()
	}
	return nil
}

// who is the person as the messages name them: badge, and the roster's
// name when it has one.
func (g *movesModel) who() string {
	s := g.chk.In.Badge
	if p := g.chk.Person; p != nil && p.Name != "" {
		s += " " + p.Name
	}
	return s
}

// askLeader opens the duty leader's dialog: badge, PIN and the ground;
// the service checks them and writes the record.
func (g *movesModel) askLeader(m *Context) {
	in, purpose := g.chk.In, purposeAdmission
	title := g.cat.T("mv.admit") + "  " + g.who() + "  " + in.Unit
	if in.Release {
		purpose = purposeRelease
		title = g.cat.T("mv.release") + "  " + g.who() + "  " + g.typ.opts[g.typ.cur]
	}
	base := supervisedMsg{gate: 1, purpose: purpose}
	sm := &supModal{supervisorFields: newSupervisorFields("mv.basis", 50), base: base, summary: title,
		person: true}
	guard, svc := *m.guard, m.svc
	sm.run = func(badge, pin, basis string) tea.Cmd {
		return runSupervised(base, guard, svc, badge, pin, basis,
			func(c context.Context, svc *post.Service, guard gate.Guard, a post.Authority, basis string) (post.Saved, error) {
				if in.Release {
					return svc.Release(c, guard, a, in, basis)
				}
				return svc.Admit(c, guard, a, in, basis)
			})
	}
	m.openDialog(sm)
}

func (g *movesModel) saved(_ *Context, msg savedMsg) string {
	who := g.who()
	g.reset()
	if msg.purpose == purposeRelease {
		g.today.Releases++
		return g.cat.T("mv.done.release", who)
	}
	g.today.Admissions++
	return g.cat.T("mv.done.admission", who)
}

func (g *movesModel) view(m *Context) string {
	s := m.sty
	edit := g.phase == phaseEdit
	r := func(x *formField, w int) string { return g.f.render(m, x, w, edit) }
	var b strings.Builder
	b.WriteString(s.Counter.Render(g.cat.T("mv.head", g.today.Admissions, g.today.Releases)) + "  " + s.Dim.Render(g.cat.T("mv.hint")) + "\n")
	b.WriteString(r(g.kind, 10) + "\n")
	note := g.lookup.who(m, false)
	switch {
	case g.lookup.key == "" || g.lookup.person != nil:
	case g.release():
		note = "" // admitted since the roster was published: the check knows them
	default:
		note = s.Dim.Render(g.cat.T("mv.new"))
	}
	b.WriteString(fit(r(g.badge, 10), 28) + note + "\n")
	if g.release() {
		b.WriteString(r(g.typ, 10) + "\n\n")
	} else {
		b.WriteString(fit(r(g.unit, 10), 30) + r(g.source, 6) + "\n")
		b.WriteString(r(g.temp, 10) + "\n")
	}
	var l1 string
	switch {
	case g.waiting:
		l1 = s.Dim.Render(g.cat.T("mv.checking"))
	case !edit && g.release():
		l1 = s.Warn.Render(g.cat.T("mv.ready.release", g.who(), g.typ.opts[g.typ.cur]))
	case !edit:
		l1 = s.Allow.Render(g.cat.T("mv.ready.admit", g.who(), g.chk.In.Unit, g.chk.In.Temp.String()))
	}
	b.WriteString(decisionLines(m, g.err, l1, ""))
	return padLines(b.String(), 8)
}

// moveKindDetail is the log column of an admission or a release: the
// badge, where the person went or why they left, and the ground.
func moveKindDetail(m *Model, r store.Row) string {
	c := m.cat
	switch r.Kind {
	case record.Admission:
		var b record.AdmissionBody
		_ = r.Decode(&b)
		return join(b.Badge, b.Unit, b.Temp.String()+"℃", c.T("mv.src."+b.Source), b.Basis)
	case record.Release:
		var b record.ReleaseBody
		_ = r.Decode(&b)
		return join(b.Badge, c.T("mv.type."+b.Type), b.Basis)
	}
	return ""
}
