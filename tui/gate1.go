package tui

import (
	"context"
	"errors"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"gatepost/gate"
	"gatepost/post"
	"gatepost/record"
)

// Gate-1 form fields, in Tab order.
const (
	fSubject = iota
	fDirection
	fBadge
	fName
	fPlate
	fTemp
	// The profile's health checks (§11) and a visitor's details, asked
	// only when the facility's profile asks them (asked).
	fCode
	fNAT
	fRisk
	fPhone
	fUnit
	fVisiting
	fPurpose
	nFields
)

// Health-code options in the order the form shows them.
var healthCodes = []gate.HealthCode{gate.CodeGreen, gate.CodeYellow, gate.CodeRed}

type phase int

const (
	editing  phase = iota
	deciding       // the decision is shown; Enter saves
	recheck        // a fever: the recheck reading is asked for
)

// gate1Model is the main-gate form: who, which way, temperature, purpose.
// An allowed crossing is saved the moment it is decided; a denial is shown
// and waits for the guard (Enter saves it, Ctrl+O asks a supervisor, Esc
// goes back to correct a typo, any other key saves it and starts the next
// entry with that key).
type gate1Model struct {
	cat *Catalog
	// savedAt is when the last entry was saved: an Enter on the emptied
	// form right after it is the guard's double press, not a new entry
	// (it put "请先填写…" over the saved message, which tells what to do
	// with a fever).
	savedAt time.Time
	// health is the facility's profile: which checks the form asks. Zero
	// asks none.
	health  gate.HealthConfig
	subject int // index into record.Subjects
	// subjectSet marks a category the guard chose: the roster's or the
	// pass's then no longer replaces it, and a difference is pointed out.
	subjectSet bool
	dir        int                 // 0 in, 1 out
	inputs     [nFields]*formField // the text fields (badge to purpose), on the form component
	recheck    *formField
	focus      int
	phase      phase
	errKey     string // a validation error shown under the form
	errArg     string

	lookupKey  string
	lookupDone bool         // the roster answered for lookupKey
	waitLookup bool         // Enter on the badge waits for that answer
	person     *gate.Person // roster match for the badge field
	nameAuto   bool         // the name field was filled from the roster

	submitSeq int
	in        post.MainGateInput // what the decision was asked on
	idNumber  string
	badge     string
	plan      post.Plan      // the service's decision, saved on the guard's word
	first     *post.FeverRef // the saved first fever reading the recheck answers
	counts    gate.Counts
	pass      *gate.Pass // the pass the decision read, shown with its note and validity
	saving    bool
}

func newGate1(cat *Catalog) *gate1Model {
	g := &gate1Model{cat: cat}
	labels := [nFields]string{"", "", "f.badge", "f.name", "f.plate", "f.temp", "f.hcode", "f.nat", "f.risk",
		"f.phone", "f.workunit", "f.visiting", "f.purpose"}
	limits := [nFields]int{0, 0, 24, 20, 12, 10, 0, 16, 0, 20, 40, 20, 60}
	widths := [nFields]int{0, 0, 20, 16, 12, 8, 0, 11, 0, 11, 14, 12, 48}
	for i := fBadge; i < nFields; i++ {
		g.inputs[i] = textF(labels[i], limits[i], widths[i], g.isFree(i))
	}
	codes := make([]string, len(healthCodes))
	for i, c := range healthCodes {
		codes[i] = cat.T("hcode." + string(c))
	}
	// Both start unset: the guard must have asked (gate.CheckHealth).
	g.inputs[fCode] = unsetChoice("f.hcode", codes...)
	g.inputs[fRisk] = unsetChoice("f.risk", cat.T("risk.no"), cat.T("risk.yes"))
	g.recheck = textF("f.recheck", 10, 8, false)
	g.setFocus(fBadge)
	return g
}

// unsetChoice is a choice with nothing chosen, which the form's reset keeps
// unset.
func unsetChoice(label string, opts ...string) *formField {
	f := choiceF(label, opts...)
	f.in = newInput(1) // never typed into; reset clears every field's text alike
	f.cur = unset
	return f
}

// isFree reports a field of free text, where "?" is typed rather than a
// call for help.
func (g *gate1Model) isFree(i int) bool {
	return i == fName || i == fPurpose || i == fUnit || i == fVisiting
}

// asked reports whether the form asks field i now: the health checks of
// someone entering under the epidemic profile (not a detainee, whose
// crossings go by pass and escort, nor a vehicle), and a visitor's phone,
// work unit and the person visited under any profile the console was
// given (gate.CheckHealth).
func (g *gate1Model) asked(i int) bool {
	in := g.direction() == record.In
	switch i {
	case fCode, fNAT, fRisk:
		s := g.subj()
		person := s == record.SubjectStaff || s == record.SubjectVisitor ||
			(s == record.SubjectDelivery && strings.TrimSpace(g.inputs[fBadge].in.Value()) != "")
		return g.health.Profile == gate.ProfileEpidemic && in && person
	case fPhone, fUnit, fVisiting:
		return g.health.Profile != "" && in && g.subj() == record.SubjectVisitor
	}
	return true
}

// step moves the focus by d (±1) to the next field the form asks.
func (g *gate1Model) step(d int) {
	i := g.focus
	for range nFields {
		i = (i + d + nFields) % nFields
		if g.asked(i) {
			break
		}
	}
	g.setFocus(i)
}

// onChoice reports whether the focus is on a choice (category, direction,
// a health check's answer), which takes no text.
func (g *gate1Model) onChoice() bool {
	return g.focus == fSubject || g.focus == fDirection || g.inputs[g.focus].kind != textField
}

// stepToText moves the focus on to the next field the form asks that takes
// text (the badge, from the category or the direction).
func (g *gate1Model) stepToText() {
	for range nFields {
		g.step(1)
		if !g.onChoice() {
			return
		}
	}
}

func (g *gate1Model) subj() record.Subject { return record.Subjects[g.subject] }

func subjectIndex(s record.Subject) int {
	for i, x := range record.Subjects {
		if x == s {
			return i
		}
	}
	return 0
}

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
		if strings.TrimSpace(g.inputs[i].in.Value()) != "" && !(i == fName && g.nameAuto) {
			return true
		}
		if g.inputs[i].kind != textField && g.inputs[i].cur != unset {
			return true
		}
	}
	return g.phase != editing
}

func (g *gate1Model) freeText() bool {
	return g.phase == editing && g.isFree(g.focus)
}

func (g *gate1Model) busy() bool { return g.saving || g.waitLookup }

// reset clears the form after a save or Ctrl+U, keeping the direction (the
// next crossing at a gate usually goes the same way); the category goes
// back to the default, so one visitor does not make the next staff member
// a visitor.
func (g *gate1Model) reset() {
	for i := fBadge; i < nFields; i++ {
		g.inputs[i].in.SetValue("")
	}
	g.inputs[fCode].cur, g.inputs[fRisk].cur = unset, unset
	g.recheck.in.SetValue("")
	g.phase, g.errKey, g.person, g.nameAuto, g.lookupKey, g.saving = editing, "", nil, false, "", false
	g.lookupDone, g.waitLookup, g.pass = false, false, nil
	g.subject, g.subjectSet = 0, false
	g.plan, g.first, g.in = post.Plan{}, nil, post.MainGateInput{}
	g.recheck.Blur()
	g.setFocus(fBadge)
}

func (g *gate1Model) update(m *Context, msg tea.KeyMsg) tea.Cmd {
	if g.busy() {
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
		m.focusLog(1)
		g.setFocus(g.focus)
		g.inputs[g.focus].Blur()
		return nil
	case key.Matches(msg, k.Next, k.Down):
		g.step(1)
		return nil
	case key.Matches(msg, k.Prev, k.Up):
		g.step(-1)
		return nil
	case key.Matches(msg, k.Save):
		if g.focus == fBadge && g.toTemperature() {
			if g.lookupKey != "" && !g.lookupDone {
				g.waitLookup = true // the roster answers in a moment
				return nil
			}
			return g.badgeEntered(m)
		}
		if g.focus == fName && g.toTemperature() {
			g.setFocus(fTemp) // a visitor's name⏎: on to the temperature
			return nil
		}
		return g.submit(m)
	case key.Matches(msg, k.Clear):
		m.sayCleared(g.dirty())
		g.reset()
		return nil
	}
	if g.onChoice() && typedOnChoice(msg) {
		if g.focus < fBadge && g.subj() == record.SubjectVehicle {
			// A vehicle's text is its plate (seen in tmux: a plate typed
			// on 车辆 went to the badge, and on to the log as one).
			g.setFocus(fPlate)
		} else {
			g.stepToText()
		}
	}
	switch g.focus {
	case fSubject:
		if n := cycle(g.subject, len(record.Subjects), msg); n != g.subject {
			g.subject, g.subjectSet = n, true
		}
		return nil
	case fDirection:
		g.dir = cycle(g.dir, 2, msg)
		return nil
	}
	if g.focus == fName && g.person != nil {
		// The roster names a rostered badge: what is typed here (most
		// often the temperature, after Tab instead of Enter) must not
		// become the person's name on the record.
		g.errKey, g.errArg = "err.name.roster", g.person.Name
		return nil
	}
	var cmd tea.Cmd
	cmd, _ = g.inputs[g.focus].Update(msg)
	g.errKey = ""
	if g.focus == fName {
		g.nameAuto = false
	}
	if g.focus == fBadge {
		key := strings.TrimSpace(g.inputs[fBadge].in.Value())
		if gate.LooksLikePlate(key) {
			key = "" // a plate: nobody on the roster, and read as the plate at submit
		}
		if key != g.lookupKey {
			g.lookupKey, g.lookupDone = key, false
			g.person = nil
			if g.nameAuto {
				g.inputs[fName].in.SetValue("")
				g.nameAuto = false
			}
			if key != "" {
				return tea.Batch(cmd, toScreen(1, lookupCmd(m.st, strings.ToUpper(key), m.now())))
			}
		}
	}
	return cmd
}

// toTemperature reports whether Enter on the badge should go on to the
// temperature: a person coming in whose temperature is not typed yet.
func (g *gate1Model) toTemperature() bool {
	return g.direction() == record.In && g.subj() != record.SubjectVehicle &&
		strings.TrimSpace(g.inputs[fTemp].in.Value()) == "" && strings.TrimSpace(g.inputs[fBadge].in.Value()) != ""
}

// badgeEntered is Enter on the badge once the roster answered: a rostered
// badge has its name filled, so the cursor goes to the temperature (the
// common case is 2001⏎365⏎); a visitor not on it gives a name next, beside
// the ID on the same line (ID⏎ name⏎ 365⏎; the temperature took the name
// when ID⏎ went straight there); anything else is decided as typed.
func (g *gate1Model) badgeEntered(m *Context) tea.Cmd {
	switch {
	case g.person != nil:
		g.setFocus(fTemp)
		return nil
	case g.subj() == record.SubjectVisitor && strings.TrimSpace(g.inputs[fName].in.Value()) == "":
		if _, _, err := g.typedIdentity(); err != nil {
			return g.submit(m) // says what is wrong with the ID number now
		}
		g.setFocus(fName)
		return nil
	}
	return g.submit(m)
}

// typedIdentity reads the badge field: a resident ID number (checked), or
// a badge.
func (g *gate1Model) typedIdentity() (badge, idNumber string, err error) {
	key := strings.TrimSpace(g.inputs[fBadge].in.Value())
	if gate.LooksLikeResidentID(key) || len([]rune(key)) >= 15 {
		id, err := gate.ParseResidentID(key)
		return "", id, err
	}
	return strings.ToUpper(key), "", nil
}

// The screen interface.

func (g *gate1Model) lines() int {
	if g.health.Profile != "" {
		return 10 // the health checks' line and the visitor's
	}
	return 8
}
func (g *gate1Model) hasForm() bool { return true }
func (g *gate1Model) focusForm()    { g.setFocus(fBadge) }
func (g *gate1Model) saveFailed()   { g.saving = false }
func (g *gate1Model) saved(m *Context, msg savedMsg) string {
	sv := msg.post
	if sv.Pending != nil {
		// The first fever reading is on record; now its recheck.
		g.saving, g.first = false, sv.Pending
		g.phase = recheck
		g.recheck.in.SetValue("")
		g.recheck.Focus()
		return g.cat.T("saved.firstfever", g.whoSaved())
	}
	text := g.cat.T("saved.who", g.whoSaved())
	switch {
	case sv.Fever == post.FeverConfirmed:
		text = g.cat.T("saved.fever", g.whoSaved())
	case !sv.Allowed:
		text = g.cat.T("saved.denied", g.whoSaved())
	}
	if g.pass != nil && sv.Allowed {
		text += "  " + g.cat.T("pass.valid", passTime(g.pass.ValidTo, m.now()))
	}
	g.reset()
	g.savedAt = m.now()
	return text
}

func (g *gate1Model) help(k keyMap) []key.Binding {
	switch g.phase {
	case deciding:
		if confirmsFever(g.plan) {
			return []key.Binding{k.Decide.Save, k.Global.Help}
		}
		return k.decideHelp(g.plan.Overridable())
	case recheck:
		return []key.Binding{k.Decide.Save, relabel(k.Decide.Back, "Esc", g.cat.T("key.later")), k.Global.Help}
	}
	return k.formHelp()
}

func (g *gate1Model) load(m *Context) tea.Cmd {
	return toScreen(1, gate1CountsCmd(m.st, m.today(), m.cfg.FeverAt()))
}

func (g *gate1Model) handle(m *Context, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case lookupMsg:
		return g.lookedUp(m, msg)
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

func (g *gate1Model) countsLine(m *Context) string {
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

func (g *gate1Model) lookedUp(m *Context, msg lookupMsg) tea.Cmd {
	if !strings.EqualFold(msg.key, g.lookupKey) {
		return nil // an answer for what was typed before
	}
	g.lookupDone = true
	g.person = nil
	if msg.ok {
		p := msg.person
		g.person = &p
		// The roster's name, over whatever was typed while it was looked
		// up (a temperature typed after Tab lands in the name field).
		typed := strings.TrimSpace(g.inputs[fName].in.Value())
		if typed != "" && !g.nameAuto && typed != p.Name {
			g.errKey, g.errArg = "err.name.roster", p.Name
		}
		g.inputs[fName].in.SetValue(p.Name)
		g.nameAuto = true
		g.followRoster()
	}
	if g.waitLookup {
		g.waitLookup = false
		return g.badgeEntered(m)
	}
	return nil
}

// followRoster sets the category the roster gives the person, unless the
// guard chose one (then the view points out the difference).
func (g *gate1Model) followRoster() {
	if g.person == nil || g.subjectSet {
		return
	}
	switch g.person.Kind {
	case gate.Detainee:
		g.subject = subjectIndex(record.SubjectDetainee)
	default:
		g.subject = subjectIndex(record.SubjectStaff)
	}
}

// mismatch is the category the roster gives a person whose category the
// guard chose differently, or "".
func (g *gate1Model) mismatch() record.Subject {
	if g.person == nil || !g.subjectSet {
		return ""
	}
	want := record.SubjectStaff
	if g.person.Kind == gate.Detainee {
		want = record.SubjectDetainee
	}
	if g.subj() == want {
		return ""
	}
	return want
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
func (g *gate1Model) submit(m *Context) tea.Cmd {
	g.errKey = ""
	if raw := strings.TrimSpace(g.inputs[fBadge].in.Value()); gate.LooksLikePlate(raw) {
		// A plate typed where the badge goes is the plate: as a badge it
		// would be sealed in the chain unnormalised, outside the erasable
		// registry (§6, §15).
		if strings.TrimSpace(g.inputs[fPlate].in.Value()) != "" {
			return g.fail(fBadge, "err.badge.plate", raw)
		}
		g.inputs[fPlate].in.SetValue(raw)
		g.inputs[fBadge].in.SetValue("")
	}
	var err error
	if g.badge, g.idNumber, err = g.typedIdentity(); err != nil {
		return g.failErr(fBadge, err, strings.TrimSpace(g.inputs[fBadge].in.Value()))
	}
	plate := ""
	if raw := strings.TrimSpace(g.inputs[fPlate].in.Value()); raw != "" {
		p, err := gate.NormalizePlate(raw)
		if err != nil {
			return g.failErr(fPlate, err, raw)
		}
		plate = p
		g.inputs[fPlate].in.SetValue(p)
	} else if g.subj() == record.SubjectVehicle && g.subjectSet {
		return g.fail(fPlate, "err.plate.empty", "")
	}
	var temp *record.Tenths
	if raw := strings.TrimSpace(g.inputs[fTemp].in.Value()); raw != "" {
		t, err := gate.ParseTemperature(raw)
		if err != nil {
			return g.failErr(fTemp, err, raw)
		}
		temp = &t
		g.inputs[fTemp].in.SetValue(t.String()) // as understood: 36,5 reads 36.5
	}
	named := g.badge != "" || g.idNumber != ""
	if !named && plate != "" && !g.subjectSet {
		g.subject = subjectIndex(record.SubjectVehicle) // a plate alone is a vehicle
	}
	// Missing input is the guard's to complete, not a denial to save.
	switch s := g.subj(); {
	case !named && plate == "" && !g.dirty() && m.now().Sub(g.savedAt) < doublePress:
		return nil
	case !named && plate == "":
		return g.fail(fBadge, "form.empty", "")
	case !named && s != record.SubjectVehicle && s != record.SubjectDelivery:
		return g.fail(fBadge, "form.noidentity", "")
	case temp == nil && g.direction() == record.In && (named || s != record.SubjectVehicle && s != record.SubjectDelivery):
		return g.fail(fTemp, "err.temp.empty", "")
	}
	var health *gate.Health
	var visit *gate.Visit
	if temp != nil && g.direction() == record.In && gate.IsFever(*temp, m.cfg.FeverAt()) {
		// A fever reading is decided (and its first reading saved) at
		// once, whatever else is unanswered: the fever outranks every
		// other check and must never be lost to an Esc while the guard
		// is asked about a health code. A visitor's details are kept when
		// they were given whole.
		_, visit, _, _ = g.healthAnswers(m, true)
	} else {
		var cmd tea.Cmd
		var ok bool
		if health, visit, cmd, ok = g.healthAnswers(m, false); !ok {
			return cmd
		}
	}
	g.in = post.MainGateInput{Subject: g.subj(), Direction: g.direction(), Badge: g.badge, IDNumber: g.idNumber,
		Name: strings.TrimSpace(g.inputs[fName].in.Value()), Plate: plate, Purpose: strings.TrimSpace(g.inputs[fPurpose].in.Value()), Temp: temp,
		Health: health, Visit: visit}
	return g.decide(m)
}

// healthAnswers checks and reads what the profile asks (asked): every
// question answered, the sampling time and the phone understood. A missing
// or bad answer keeps everything typed, says what to fix and moves there;
// ok is then false and nothing is decided.
//
// With visitOnly, only a visitor's details are read, and only when whole
// and understood: nothing is asked or marked.
func (g *gate1Model) healthAnswers(m *Context, visitOnly bool) (*gate.Health, *gate.Visit, tea.Cmd, bool) {
	var h *gate.Health
	var v *gate.Visit
	if visitOnly {
		if !g.asked(fPhone) {
			return nil, nil, nil, true
		}
		phone, err := gate.ParsePhone(strings.TrimSpace(g.inputs[fPhone].in.Value()))
		unit, visiting := strings.TrimSpace(g.inputs[fUnit].in.Value()), strings.TrimSpace(g.inputs[fVisiting].in.Value())
		if err != nil || unit == "" || visiting == "" {
			return nil, nil, nil, true
		}
		return nil, &gate.Visit{Phone: phone, WorkUnit: unit, Visiting: visiting}, nil, true
	}
	if g.asked(fCode) {
		if c := g.inputs[fCode]; !c.chosen() {
			return nil, nil, g.fail(fCode, "err.choose", g.cat.T(c.label)), false
		}
		raw := strings.TrimSpace(g.inputs[fNAT].in.Value())
		if raw == "" {
			return nil, nil, g.fail(fNAT, "err.required", g.cat.T("f.nat")), false
		}
		at, err := gate.ParseNATTime(raw, m.now())
		if err != nil {
			return nil, nil, g.failErr(fNAT, err, raw), false
		}
		g.inputs[fNAT].in.SetValue(at.Format("01-02 15:04")) // as understood
		if r := g.inputs[fRisk]; !r.chosen() {
			return nil, nil, g.fail(fRisk, "err.choose", g.cat.T(r.label)), false
		}
		risk := g.inputs[fRisk].cur == 1
		h = &gate.Health{Code: healthCodes[g.inputs[fCode].cur], NATAt: at, RiskArea: &risk}
	}
	if g.asked(fPhone) {
		raw := strings.TrimSpace(g.inputs[fPhone].in.Value())
		if raw == "" {
			return nil, nil, g.fail(fPhone, "err.required", g.cat.T("f.phone")), false
		}
		phone, err := gate.ParsePhone(raw)
		if err != nil {
			return nil, nil, g.failErr(fPhone, err, raw), false
		}
		g.inputs[fPhone].in.SetValue(phone)
		v = &gate.Visit{Phone: phone}
		for _, f := range []struct {
			i   int
			dst *string
		}{{fUnit, &v.WorkUnit}, {fVisiting, &v.Visiting}} {
			if *f.dst = strings.TrimSpace(g.inputs[f.i].in.Value()); *f.dst == "" {
				return nil, nil, g.fail(f.i, "err.required", g.cat.T(g.inputs[f.i].label)), false
			}
		}
	}
	return h, v, nil, true
}

// decide asks the service for the decision on g.in; nothing is saved yet.
func (g *gate1Model) decide(m *Context) tea.Cmd {
	g.submitSeq++
	g.saving = true
	return toScreen(1, decideCmd(m.svc, g.submitSeq, g.in))
}

func (g *gate1Model) failErr(field int, err error, input string) tea.Cmd {
	k, typed := inputErrKey(err, input)
	return g.fail(field, k, typed)
}

// fieldOf is the form field a service's input error names.
func fieldOf(name string) int {
	switch name {
	case "Plate":
		return fPlate
	case "Temp":
		return fTemp
	case "Name":
		return fName
	}
	return fBadge
}

// decided takes the service's decision: an allowed crossing is saved at
// once, a first fever reading is saved at once and the recheck asked for,
// a denial waits for the guard.
func (g *gate1Model) decided(m *Context, msg decideMsg) tea.Cmd {
	if msg.seq != g.submitSeq {
		return nil
	}
	g.saving = false
	var ie *post.InputError
	if errors.As(msg.err, &ie) {
		if g.phase == recheck {
			g.errKey, g.errArg = "err."+ie.Code, ie.Input
			return nil
		}
		return g.fail(fieldOf(ie.Field), "err."+ie.Code, ie.Input)
	}
	if m.readFailed(msg.err) {
		return nil
	}
	p := msg.plan
	g.plan = p
	if p.Person != nil {
		g.person = p.Person
		g.followRoster()
	}
	if p.Who.Name != "" && (g.inputs[fName].in.Value() == "" || g.nameAuto) {
		g.inputs[fName].in.SetValue(p.Who.Name)
		g.nameAuto = true
	}
	g.pass = personPassOf(p.Passes, g.in.Plate)
	if g.pass != nil && p.Person == nil {
		if g.inputs[fName].in.Value() == "" || g.nameAuto {
			g.inputs[fName].in.SetValue(holderName(g.pass.Holder))
			g.nameAuto = true
		}
		if !g.subjectSet && g.subj() == record.SubjectStaff {
			g.subject = subjectIndex(record.SubjectVisitor) // a pass holder is not on the roster
		}
	}
	if b, ok := p.Body.(record.PassageBody); ok {
		b.Subject = g.subj()
		if p.Person != nil {
			b.Subject = p.Body.(record.PassageBody).Subject // the roster's category, whatever was chosen
		}
		g.plan.Body = b
		if g.pass != nil && b.Name == "" {
			g.plan = g.plan.Named(g.inputs[fName].in.Value())
		}
	}
	g.inputs[g.focus].Blur()
	g.phase = deciding
	if p.Allowed || p.NeedsRecheck || confirmsFever(p) {
		// An allowed crossing, or a fever reading, first or confirming:
		// saved at once.
		return g.save(m)
	}
	return nil
}

// confirmsFever reports a plan on a recheck at or above the threshold: the
// fever confirmed (§11). Like the first reading it is a measurement, not a
// typo: it is saved the moment it is decided, with its denial and incident
// in one transaction, and nothing the guard does after can take it back.
// Shown and left for Enter, Esc let the guard type a lower temperature over
// it and save the person as allowed, the 38.4 gone (seen in tmux: 38.5,
// recheck 38.4, Esc, 36.6 stored allowed, no incident).
func confirmsFever(p post.Plan) bool { return p.First != nil && p.Fever }

// save writes the plan through the service.
func (g *gate1Model) save(m *Context) tea.Cmd {
	g.saving = true
	plan, guard := g.plan, *m.guard
	return postCmd(1, "form", func(c context.Context) (post.Saved, error) { return m.svc.Save(c, guard, plan) })
}

func (g *gate1Model) updateRecheck(m *Context, msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.keys.Decide.Back):
		// The first reading is saved and stays on the gaps checklist until
		// rechecked: Esc only puts the form aside.
		m.setFlash(g.cat.T("recheck.later", g.whoSaved()), false)
		g.reset()
		return nil
	case key.Matches(msg, m.keys.Decide.Save):
		raw := strings.TrimSpace(g.recheck.in.Value())
		t, err := gate.ParseTemperature(raw)
		if err != nil {
			g.errKey, g.errArg = inputErrKey(err, raw)
			return nil
		}
		g.errKey = ""
		// The recheck is the reading that counts now: the form shows it,
		// so that the form submitted again (after Esc, or after the
		// health checks below) is that recheck, not the first reading
		// read as a second fever (seen in tmux: a person rechecked at
		// 36.9 was then denied for "recheck still ≥ 37.3").
		g.inputs[fTemp].in.SetValue(t.String())
		g.in.Temp, g.in.First = &t, g.first
		if !gate.IsFever(t, m.cfg.FeverAt()) {
			// No fever after all: the health checks the fever let wait
			// are asked now, as for anyone else, instead of a denial for
			// want of them.
			health, visit, cmd, ok := g.healthAnswers(m, false)
			if !ok {
				g.recheck.Blur()
				g.phase = editing
				return cmd
			}
			g.in.Health, g.in.Visit = health, visit
		}
		return g.decide(m)
	}
	var cmd tea.Cmd
	cmd, _ = g.recheck.Update(msg)
	g.errKey = ""
	return cmd
}

func (g *gate1Model) updateDeciding(m *Context, msg tea.KeyMsg) tea.Cmd {
	k := m.keys.Decide
	switch {
	case key.Matches(msg, k.Back) && confirmsFever(g.plan):
		// Its save failed (it is saved at once): Enter tries again, and
		// the reading is not put aside to be edited.
		return nil
	case key.Matches(msg, k.Back):
		g.phase = editing
		g.setFocus(g.focus)
		return nil
	case key.Matches(msg, k.Save):
		return g.save(m)
	case key.Matches(msg, k.Override):
		if g.plan.Allowed {
			return nil
		}
		if !g.plan.Overridable() {
			m.setFlash(m.cat.T("dec.nooverride"), true)
			return nil
		}
		askOverridePlan(m, 1, g.plan, g.describe())
		return nil
	}
	// Any other key: the refused person is put on record, and the key
	// starts the next entry once the form is clear (a guard typing the next
	// badge in a burst loses nobody).
	m.replay(msg)
	return g.save(m)
}

// describe is a one-line summary of the pending crossing.
func (g *gate1Model) describe() string {
	parts := []string{g.cat.T("subject." + string(g.subj())), g.cat.T("dir." + string(g.direction()))}
	for _, s := range []string{strings.TrimSpace(g.inputs[fName].in.Value()), g.badge, g.idNumber, g.in.Plate} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " ")
}

// who is the saved message's account of the crossing: the person first,
// then the way and the temperature as understood ("黄鑫 2001 进 36.5℃").
func (g *gate1Model) who() string { return g.whoAs(g.idNumber) }

// whoSaved is who once the crossing is on record: the resident ID number
// masked, as everywhere after the moment of entry (§15).
func (g *gate1Model) whoSaved() string { return g.whoAs(gate.MaskID(g.idNumber)) }

func (g *gate1Model) whoAs(idNumber string) string {
	var parts []string
	for _, s := range []string{strings.TrimSpace(g.inputs[fName].in.Value()), g.badge, idNumber, g.in.Plate} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	parts = append(parts, g.cat.T("dir."+string(g.direction())))
	if t := g.in.Temp; t != nil {
		parts = append(parts, t.String()+"℃")
	}
	return strings.Join(parts, " ")
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

// passLine shows the pass a decision read: its holder, note and validity,
// or since when it has expired.
func (g *gate1Model) passLine(m *Context) string {
	p := g.pass
	if p == nil {
		return ""
	}
	now := m.now()
	var when string
	switch {
	case now.Before(p.ValidFrom):
		when = g.cat.T("pass.notyet", passTime(p.ValidFrom, now))
	case !p.ValidAt(now):
		when = m.sty.Deny.Render(g.cat.T("pass.expired", passTime(p.ValidTo, now)))
	default:
		when = g.cat.T("pass.valid", passTime(p.ValidTo, now))
	}
	out := g.cat.T("pass.label", p.Holder) + "  " + when
	if p.Note != "" {
		out += "  " + p.Note
	}
	return out
}

func (g *gate1Model) view(m *Context) string {
	s := m.sty
	var b strings.Builder
	b.WriteString(g.countsLine(m) + "\n")
	subj := make([]string, len(record.Subjects))
	for i, x := range record.Subjects {
		subj[i] = g.cat.T("subject." + string(x))
	}
	edit := g.phase == editing && !m.logFocused() // the marker shows where the keys go: one place
	b.WriteString(fit(field(m, g.cat.T("f.subject"), choiceRow(s, subj, g.subject, edit && g.focus == fSubject), edit && g.focus == fSubject, 11), 62))
	b.WriteString(field(m, g.cat.T("f.direction"), choiceRow(s, []string{g.cat.T("dir.in"), g.cat.T("dir.out")}, g.dir, edit && g.focus == fDirection), edit && g.focus == fDirection, 4) + "\n")

	badge := fit(m.inputView(g.inputs[fBadge].in), 20)
	b.WriteString(fit(field(m, g.cat.T("f.badge"), badge, edit && g.focus == fBadge, 11), 36))
	name := fit(m.inputView(g.inputs[fName].in), 16)
	note := ""
	if g.person != nil && !g.person.Active {
		note = s.Deny.Render(g.cat.T("lookup.inactive"))
	} else if g.person == nil && g.lookupKey != "" && !gate.LooksLikeResidentID(g.lookupKey) {
		note = s.Dim.Render(g.cat.T("lookup.none"))
	}
	if want := g.mismatch(); want != "" {
		note = s.Warn.Render(g.cat.T("lookup.mismatch", g.cat.T("subject."+string(want))))
	}
	b.WriteString(field(m, g.cat.T("f.name"), name, edit && g.focus == fName, 6) + " " + note + "\n")

	b.WriteString(fit(field(m, g.cat.T("f.plate"), fit(m.inputView(g.inputs[fPlate].in), 20), edit && g.focus == fPlate, 11), 36))
	b.WriteString(field(m, g.cat.T("f.temp"), fit(m.inputView(g.inputs[fTemp].in), 8), edit && g.focus == fTemp, 6) + "\n")
	if g.health.Profile != "" {
		b.WriteString(g.healthView(m, edit) + "\n")
	}
	b.WriteString(field(m, g.cat.T("f.purpose"), m.inputView(g.inputs[fPurpose].in), edit && g.focus == fPurpose, 11) + "\n")

	// Three rows for the decision, a recheck prompt or a validation error:
	// two lines, the first wrapping onto the second row when it must.
	var l1, l2 string
	if g.errKey != "" {
		l1 = s.Error.Render(g.cat.T(g.errKey, g.errArg))
	}
	switch g.phase {
	case recheck:
		l2 = l1
		first := ""
		if g.first != nil {
			first = g.first.Temp.String()
		}
		l1 = s.Warn.Render(g.cat.T("dec.recheck", first, m.cfg.FeverAt().String()))
		if l2 == "" {
			l2 = s.Dim.Render(g.cat.T("dec.recheck.note", m.cfg.FeverAt().String()))
		}
		l2 = field(m, g.cat.T("f.recheck"), fit(m.inputView(g.recheck.in), 8), true, 11) + "  " + l2
	case deciding:
		// The person comes before the reason: if the line is cut, it is
		// the reason's end that goes, never whom it is about.
		verdict := s.Allow.Render(">> " + g.cat.T("dec.allow"))
		l2 = s.Dim.Render(g.cat.T("form.saving"))
		if !g.plan.Allowed {
			verdict = s.Deny.Render(">> " + g.cat.T("dec.deny"))
			l2 = s.Warn.Render(g.cat.T("dec.waitdeny"))
			switch {
			case confirmsFever(g.plan) && g.saving:
				l2 = s.Dim.Render(g.cat.T("form.saving"))
			case confirmsFever(g.plan):
				l2 = s.Error.Render(g.cat.T("dec.fever.unsaved"))
			case !g.plan.Overridable():
				l2 = s.Warn.Render(g.cat.T("dec.waitdeny.final"))
			}
		}
		l1 = verdict + "  " + g.who() + "  " + reasonAt(g.cat, 1, string(g.plan.Reason), m.cfg.FeverAt())
		if p := g.passLine(m); p != "" {
			l2 = p
		}
		l2 = withStatus(m, g.plan.Status, l2)
	}
	b.WriteString(decisionRows(m.width, 3, l1, l2))
	return b.String()
}

// decisionRows lays the decision area's two lines out in rows of width
// cells, at least 3 and at most maxRows: the first wraps onto the next row
// rather than lose its end, which is the instruction to the guard (at 80
// columns a fever denial read "…保存后上报异常，请引…", the observation point
// cut off), taking all but the last row when there is a second; the second
// takes the rows left, clipped in the last.
func decisionRows(width, maxRows int, l1, l2 string) string {
	n1 := maxRows - 1
	if l2 == "" {
		n1 = maxRows
	}
	rows := wrapRows(l1, width, n1)
	if l2 != "" {
		rows = append(rows, wrapRows(l2, width, maxRows-len(rows))...)
	}
	for len(rows) < 3 {
		rows = append(rows, "")
	}
	return strings.Join(rows, "\n")
}

// wrapRows wraps s at spaces and after Chinese punctuation (anywhere in a
// run too long for a row) into at most n rows of width cells, the last
// clipped. Unlike wrapLines it keeps the styles s carries.
func wrapRows(s string, width, n int) []string {
	rows := strings.Split(ansi.Wrap(s, width, "，；。、："), "\n")
	if len(rows) > n {
		rows[n-1] = clip(strings.Join(rows[n-1:], " "), width)
		rows = rows[:n]
	}
	return rows
}

// healthView is the profile's two lines: the health checks, and a
// visitor's details; a line the form does not ask now is left blank, so
// the screen does not jump as the category changes.
func (g *gate1Model) healthView(m *Context, edit bool) string {
	s := m.sty
	on := func(i int) bool { return edit && g.focus == i }
	var l1, l2 string
	if g.asked(fCode) {
		c, r := g.inputs[fCode], g.inputs[fRisk]
		l1 = fit(field(m, g.cat.T("f.hcode"), choiceRow(s, c.opts, c.cur, on(fCode)), on(fCode), 11), 36) +
			fit(field(m, g.cat.T("f.nat"), fit(m.inputView(g.inputs[fNAT].in), 11), on(fNAT), 8), 23) +
			field(m, g.cat.T("f.risk"), choiceRow(s, r.opts, r.cur, on(fRisk)), on(fRisk), 8)
	}
	if g.asked(fPhone) {
		l2 = fit(field(m, g.cat.T("f.phone"), fit(m.inputView(g.inputs[fPhone].in), 11), on(fPhone), 11), 27) +
			fit(field(m, g.cat.T("f.workunit"), fit(m.inputView(g.inputs[fUnit].in), 14), on(fUnit), 9), 28) +
			field(m, g.cat.T("f.visiting"), fit(m.inputView(g.inputs[fVisiting].in), 12), on(fVisiting), 8)
	}
	return clip(l1, m.width) + "\n" + clip(l2, m.width)
}

// personPassOf is the pass the crossing is about: a person's pass, or the
// plate's when only a plate was typed.
func personPassOf(ps []gate.Pass, plate string) *gate.Pass {
	for i := range ps {
		if ps[i].Badge != "" || ps[i].IDNumber != "" {
			return &ps[i]
		}
	}
	if plate != "" && len(ps) > 0 {
		return &ps[0]
	}
	return nil
}

// holderName is the name on a pass, without the role written before it
// ("维修工人 刘强" is 刘强).
func holderName(h string) string {
	f := strings.Fields(h)
	if len(f) == 0 {
		return ""
	}
	return f[len(f)-1]
}

// doublePress is how soon after a save an Enter on the emptied form is
// taken for the same press twice (a glove, a key that bounces).
const doublePress = time.Second

// passTime is a pass's bound as the guard reads it: month and day in the
// year of now, the year too otherwise — a pass valid to 2027-11-30 read
// "有效至 11-30 00:00" on 2026-11-30, as if it had expired at midnight.
func passTime(t, now time.Time) string {
	if t.Year() == now.Year() {
		return t.Format("01-02 15:04")
	}
	return t.Format("2006-01-02 15:04")
}
