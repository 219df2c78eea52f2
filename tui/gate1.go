package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"gatepost/gate"
	"gatepost/record"
	"gatepost/store"
)

// Gate-1 form fields, in Tab order.
const (
	fSubject = iota
	fDirection
	fBadge
	fName
	fPlate
	fTemp
	fPurpose
	nFields
)

type phase int

const (
	editing  phase = iota
	deciding       // the decision is shown; Enter saves
	recheck        // a fever: the recheck reading is asked for
)

// gate1Model is the main-gate form: who, which way, temperature, purpose;
// then the rule's decision, shown before anything is saved.
type gate1Model struct {
	cat     *Catalog
	subject int // index into record.Subjects
	dir     int // 0 in, 1 out
	inputs  [nFields]textinput.Model
	recheck textinput.Model
	focus   int
	phase   phase
	errKey  string // a validation error shown under the form
	errArg  string

	lookupKey string
	person    *gate.Person // roster match for the badge field
	nameAuto  bool         // the name field was filled from the roster

	submitSeq  int
	input      gate.Gate1Input // what the decision was made on
	idNumber   string
	badge      string
	decision   gate.Decision
	counts     gate.Counts
	passID     string         // id the passage record will get
	recheckVal *record.Tenths // the recheck reading, after a fever
	saving     bool
}

func newGate1(cat *Catalog) *gate1Model {
	g := &gate1Model{cat: cat}
	limits := [nFields]int{0, 0, 24, 20, 12, 10, 60}
	widths := [nFields]int{0, 0, 20, 16, 12, 8, 48}
	for i := fBadge; i < nFields; i++ {
		g.inputs[i] = newInput(limits[i])
		g.inputs[i].Width = widths[i]
	}
	g.recheck = newInput(10)
	g.recheck.Width = 8
	g.setFocus(fBadge)
	return g
}

func (g *gate1Model) subj() record.Subject { return record.Subjects[g.subject] }

func (g *gate1Model) direction() record.Direction {
	if g.dir == 1 {
		return record.Out
	}
	return record.In
}

func (g *gate1Model) setFocus(i int) {
	for j := fBadge; j < nFields; j++ {
		g.inputs[j].Blur()
	}
	g.focus = i
	if i >= fBadge {
		g.inputs[i].Focus()
	}
}

// dirty reports whether the form holds input that would be lost.
func (g *gate1Model) dirty() bool {
	for i := fBadge; i < nFields; i++ {
		if strings.TrimSpace(g.inputs[i].Value()) != "" && !(i == fName && g.nameAuto) {
			return true
		}
	}
	return g.phase != editing
}

func (g *gate1Model) freeText() bool {
	return g.phase == editing && (g.focus == fName || g.focus == fPurpose)
}

// reset clears the form after a save, keeping who and which way: the next
// crossing at a gate is usually of the same sort.
func (g *gate1Model) reset() {
	for i := fBadge; i < nFields; i++ {
		g.inputs[i].SetValue("")
	}
	g.recheck.SetValue("")
	g.phase, g.errKey, g.person, g.nameAuto, g.lookupKey, g.saving = editing, "", nil, false, "", false
	g.recheckVal = nil
	g.input.Rechecked = false
	g.recheck.Blur()
	g.setFocus(fBadge)
}

func (g *gate1Model) update(m *Model, msg tea.KeyMsg) tea.Cmd {
	if g.saving {
		return nil
	}
	switch g.phase {
	case deciding:
		return g.updateDeciding(m, msg)
	case recheck:
		return g.updateRecheck(m, msg)
	}
	k := m.keys.Form
	switch {
	case key.Matches(msg, k.Next) && g.focus == nFields-1:
		m.logs[1].focus(true)
		g.setFocus(g.focus)
		g.inputs[g.focus].Blur()
		return nil
	case key.Matches(msg, k.Next, k.Down):
		g.setFocus((g.focus + 1) % nFields)
		return nil
	case key.Matches(msg, k.Prev, k.Up):
		g.setFocus((g.focus + nFields - 1) % nFields)
		return nil
	case key.Matches(msg, k.Save):
		return g.submit(m)
	case key.Matches(msg, k.Clear):
		m.sayCleared(g.dirty())
		g.reset()
		return nil
	}
	switch g.focus {
	case fSubject:
		g.subject = cycle(g.subject, len(record.Subjects), msg)
		return nil
	case fDirection:
		g.dir = cycle(g.dir, 2, msg)
		return nil
	}
	var cmd tea.Cmd
	g.inputs[g.focus], cmd = g.inputs[g.focus].Update(msg)
	g.errKey = ""
	if g.focus == fName {
		g.nameAuto = false
	}
	if g.focus == fBadge {
		key := strings.TrimSpace(g.inputs[fBadge].Value())
		if key != g.lookupKey {
			g.lookupKey = key
			g.person = nil
			if g.nameAuto {
				g.inputs[fName].SetValue("")
				g.nameAuto = false
			}
			if key != "" {
				return tea.Batch(cmd, toScreen(1, lookupCmd(m.st, strings.ToUpper(key))))
			}
		}
	}
	return cmd
}

// The screen interface.

func (g *gate1Model) lines() int                  { return 7 }
func (g *gate1Model) hasForm() bool               { return true }
func (g *gate1Model) focusForm()                  { g.setFocus(fBadge) }
func (g *gate1Model) saveFailed()                 { g.saving = false }
func (g *gate1Model) saved(*Model, savedMsg)      { g.reset() }
func (g *gate1Model) help(k keyMap) []key.Binding { return k.formHelp() }

func (g *gate1Model) load(m *Model) tea.Cmd {
	return toScreen(1, gate1CountsCmd(m.st, m.today(), m.cfg.FeverAt()))
}

func (g *gate1Model) handle(m *Model, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case lookupMsg:
		g.lookedUp(msg)
	case decideMsg:
		return g.decided(m, msg)
	case countsMsg:
		if m.readFailed(msg.err) {
			return nil
		}
		g.counts = msg.counts
	}
	return nil
}

func (g *gate1Model) countsLine(m *Model) string {
	c := g.counts
	parts := []string{
		m.sty.Counter.Render(m.cat.T("count.in", c.In)),
		m.sty.Counter.Render(m.cat.T("count.out", c.Out)),
		m.sty.Deny.Render(m.cat.T("count.denied", c.Denied)),
		m.sty.Warn.Render(m.cat.T("count.fever", c.Fevers)),
		m.sty.Counter.Render(m.cat.T("count.inside", c.Inside)),
	}
	return strings.Join(parts, "   ")
}

func (g *gate1Model) lookedUp(msg lookupMsg) {
	if !strings.EqualFold(msg.key, g.lookupKey) {
		return // an answer for what was typed before
	}
	if !msg.ok {
		g.person = nil
		return
	}
	p := msg.person
	g.person = &p
	if g.inputs[fName].Value() == "" || g.nameAuto {
		g.inputs[fName].SetValue(p.Name)
		g.nameAuto = true
	}
}

// fail shows the message key (with what was typed) under the form and
// moves the focus to the field to correct.
func (g *gate1Model) fail(field int, key, input string) tea.Cmd {
	g.errKey, g.errArg = key, input
	g.setFocus(field)
	return nil
}

// submit validates what was typed and asks the store for the roster entry
// and passes the rule needs. Nothing is saved yet.
func (g *gate1Model) submit(m *Model) tea.Cmd {
	g.errKey = ""
	key := strings.TrimSpace(g.inputs[fBadge].Value())
	g.badge, g.idNumber = "", ""
	if gate.LooksLikeResidentID(key) || len([]rune(key)) >= 15 {
		id, err := gate.ParseResidentID(key)
		if err != nil {
			return g.failErr(fBadge, err, key)
		}
		g.idNumber = id
	} else {
		g.badge = strings.ToUpper(key)
	}
	plate := ""
	if raw := strings.TrimSpace(g.inputs[fPlate].Value()); raw != "" {
		p, err := gate.NormalizePlate(raw)
		if err != nil {
			return g.failErr(fPlate, err, raw)
		}
		plate = p
		g.inputs[fPlate].SetValue(p)
	} else if g.subj() == record.SubjectVehicle {
		return g.fail(fPlate, "err.plate.empty", "")
	}
	var temp *record.Tenths
	if raw := strings.TrimSpace(g.inputs[fTemp].Value()); raw != "" {
		t, err := gate.ParseTemperature(raw)
		if err != nil {
			return g.failErr(fTemp, err, raw)
		}
		temp = &t
	}
	if g.badge == "" && g.idNumber == "" && plate == "" {
		return g.fail(fBadge, "form.empty", "")
	}
	g.input = gate.Gate1Input{Subject: g.subj(), Direction: g.direction(), Plate: plate, Temp: temp, Badge: g.badge, IDNumber: g.idNumber}
	g.submitSeq++
	g.saving = true
	return toScreen(1, decideCmd(m.st, g.submitSeq, g.badge, g.idNumber, plate))
}

func (g *gate1Model) failErr(field int, err error, input string) tea.Cmd {
	k, typed := inputErrKey(err, input)
	return g.fail(field, k, typed)
}

// decided applies the rule once the store answered.
func (g *gate1Model) decided(m *Model, msg decideMsg) tea.Cmd {
	if msg.seq != g.submitSeq {
		return nil
	}
	g.saving = false
	if m.readFailed(msg.err) {
		return nil
	}
	g.input.Person, g.input.Passes = msg.person, msg.passes
	if msg.person != nil && g.inputs[fName].Value() == "" {
		g.inputs[fName].SetValue(msg.person.Name)
		g.nameAuto = true
	}
	g.evaluate(m)
	return nil
}

func (g *gate1Model) evaluate(m *Model) {
	g.input.Now = m.now()
	g.decision = gate.EvaluateGate1(m.cfg, g.input)
	g.passID = record.NewID()
	if g.decision.NeedsRecheck {
		g.phase = recheck
		g.recheck.SetValue("")
		g.recheck.Focus()
		g.inputs[g.focus].Blur()
		return
	}
	g.phase = deciding
	g.inputs[g.focus].Blur()
}

func (g *gate1Model) updateRecheck(m *Model, msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.keys.Decide.Back):
		g.phase = editing
		g.recheck.Blur()
		g.setFocus(fTemp)
		return nil
	case key.Matches(msg, m.keys.Decide.Save):
		raw := strings.TrimSpace(g.recheck.Value())
		t, err := gate.ParseTemperature(raw)
		if err != nil {
			g.errKey, g.errArg = inputErrKey(err, raw)
			return nil
		}
		g.errKey = ""
		g.input.Rechecked = true
		first := *g.input.Temp
		g.input.Temp = &t
		g.evaluate(m)
		g.input.Temp = &first // the body keeps both readings
		g.recheckVal = &t
		return nil
	}
	var cmd tea.Cmd
	g.recheck, cmd = g.recheck.Update(msg)
	g.errKey = ""
	return cmd
}

func (g *gate1Model) updateDeciding(m *Model, msg tea.KeyMsg) tea.Cmd {
	k := m.keys.Decide
	switch {
	case key.Matches(msg, k.Back):
		g.phase = editing
		g.recheckVal = nil
		g.input.Rechecked = false
		g.setFocus(g.focus)
		return nil
	case key.Matches(msg, k.Save):
		g.saving = true
		return appendCmd(m.st, 1, "form", g.drafts(m)...)
	case key.Matches(msg, k.Override):
		if g.decision.Allowed {
			return nil
		}
		askOverride(m, 1, 0, g.passID, g.describe(), g.drafts(m))
		return nil
	}
	return nil
}

// describe is a one-line summary of the pending crossing.
func (g *gate1Model) describe() string {
	parts := []string{g.cat.T("subject." + string(g.subj())), g.cat.T("dir." + string(g.direction()))}
	for _, s := range []string{strings.TrimSpace(g.inputs[fName].Value()), g.badge, g.idNumber, g.input.Plate} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " ")
}

// drafts builds the passage (and, for a confirmed fever, the incident) to save.
func (g *gate1Model) drafts(m *Model) []store.Draft {
	name := strings.TrimSpace(g.inputs[fName].Value())
	body := record.PassageBody{
		Subject: g.subj(), Direction: g.direction(), Badge: g.badge, IDNumber: g.idNumber, Name: name,
		Plate: g.input.Plate, Temp: g.input.Temp, Purpose: strings.TrimSpace(g.inputs[fPurpose].Value()),
		Pass: g.decision.PassID, Allowed: g.decision.Allowed, Reason: string(g.decision.Reason), Recheck: g.recheckVal,
	}
	at := m.now()
	ds := []store.Draft{{ID: g.passID, Kind: record.Passage, Gate: 1, Guard: m.guard.Badge, At: at, Body: body}}
	if g.decision.Reason == gate.ReasonFever && g.recheckVal != nil {
		ds = append(ds, store.Draft{Kind: record.Incident, Gate: 1, Guard: m.guard.Badge, At: at,
			Body: record.IncidentBody{Type: "fever", Badge: g.badge, Name: name, Related: g.passID,
				Detail: g.input.Temp.String() + "/" + g.recheckVal.String()}})
	}
	return ds
}

// reasonText is the plain-words reason of a decision.
func reasonText(c *Catalog, r string, fever record.Tenths) string {
	if r == string(gate.ReasonFever) {
		return c.T("reason.fever", fever.String())
	}
	if c.Has("reason." + r) {
		return c.T("reason." + r)
	}
	return c.T("reason.unknown", r)
}

func (g *gate1Model) view(m *Model) string {
	s := m.sty
	var b strings.Builder
	b.WriteString(g.countsLine(m) + "\n")
	subj := make([]string, len(record.Subjects))
	for i, x := range record.Subjects {
		subj[i] = g.cat.T("subject." + string(x))
	}
	edit := g.phase == editing
	b.WriteString(fit(field(m, g.cat.T("f.subject"), choiceRow(s, subj, g.subject, edit && g.focus == fSubject), edit && g.focus == fSubject, 10), 62))
	b.WriteString(field(m, g.cat.T("f.direction"), choiceRow(s, []string{g.cat.T("dir.in"), g.cat.T("dir.out")}, g.dir, edit && g.focus == fDirection), edit && g.focus == fDirection, 4) + "\n")

	badge := fit(g.inputs[fBadge].View(), 20)
	b.WriteString(fit(field(m, g.cat.T("f.badge"), badge, edit && g.focus == fBadge, 10), 36))
	name := fit(g.inputs[fName].View(), 16)
	note := ""
	if g.person != nil && !g.person.Active {
		note = s.Deny.Render(g.cat.T("lookup.inactive"))
	} else if g.person == nil && g.lookupKey != "" && !gate.LooksLikeResidentID(g.lookupKey) {
		note = s.Dim.Render(g.cat.T("lookup.none"))
	}
	b.WriteString(field(m, g.cat.T("f.name"), name, edit && g.focus == fName, 6) + " " + note + "\n")

	b.WriteString(fit(field(m, g.cat.T("f.plate"), fit(g.inputs[fPlate].View(), 20), edit && g.focus == fPlate, 10), 36))
	b.WriteString(field(m, g.cat.T("f.temp"), fit(g.inputs[fTemp].View(), 8), edit && g.focus == fTemp, 6) + "\n")
	b.WriteString(field(m, g.cat.T("f.purpose"), g.inputs[fPurpose].View(), edit && g.focus == fPurpose, 10) + "\n")

	// Two lines for the decision, a recheck prompt or a validation error.
	var l1, l2 string
	if g.errKey != "" {
		l1 = s.Error.Render(g.cat.T(g.errKey, g.errArg))
	}
	switch g.phase {
	case recheck:
		l2 = l1
		l1 = s.Warn.Render(g.cat.T("dec.recheck", g.input.Temp.String(), m.cfg.FeverAt().String()))
		l2 = field(m, g.cat.T("f.recheck"), fit(g.recheck.View(), 8), true, 10) + "  " + l2
	case deciding:
		if g.decision.Allowed {
			l1 = s.Allow.Render(">> "+g.cat.T("dec.allow")) + "  " + reasonText(g.cat, string(g.decision.Reason), m.cfg.FeverAt())
			l2 = s.Dim.Render(g.cat.T("dec.confirm"))
		} else {
			l1 = s.Deny.Render(">> "+g.cat.T("dec.deny")) + "  " + reasonText(g.cat, string(g.decision.Reason), m.cfg.FeverAt())
			l2 = s.Dim.Render(g.cat.T("dec.confirmdeny"))
		}
		l1 += "  " + s.Dim.Render(g.describe())
	}
	b.WriteString(clip(l1, m.width) + "\n" + clip(l2, m.width))
	return b.String()
}
