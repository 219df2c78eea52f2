package tui

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"gatepost/gate"
	"gatepost/post"
	"gatepost/record"
	"gatepost/store"
)

// The forms of gates 2–5 share one small field model: a text input, a row
// of choices all shown at once ([进] 出), or a spinner that shows only its
// current value (< 含氯消毒剂 >) where the options would not fit in 80
// columns. Each screen lists the fields of its current mode in Tab order.

type fieldKind int

const (
	textField   fieldKind = iota
	choiceField           // every option shown, the current one in brackets
	spinField             // only the current option, between < and >
)

type formField struct {
	label string // catalogue key
	kind  fieldKind
	in    textinput.Model
	width int      // cells the input is drawn in
	free  bool     // free text: "?" is typed, not a call for help
	opts  []string // choice and spin labels, already translated
	cur   int
	// proposed marks a value the console filled in (a default, a preset):
	// the first character typed replaces it, as a guard expects.
	proposed bool
	required bool               // a text that may not be left empty
	validate func(string) error // a text's own check (a parser of package gate)
	hint     string             // a catalogue key shown dimmed after a dialog's text ("留空为当前时间")
}

// secretF is a text field that shows * for what is typed (a PIN).
func secretF(label string, limit, width int) *formField {
	f := textF(label, limit, width, false)
	f.in.EchoMode = textinput.EchoPassword
	f.in.EchoCharacter = '*'
	f.required = true
	return f
}

// must marks a text field required.
func (f *formField) must() *formField { f.required = true; return f }

func textF(label string, limit, width int, free bool) *formField {
	f := &formField{label: label, kind: textField, in: newInput(limit), width: width, free: free}
	f.in.Width = width
	return f
}

func choiceF(label string, opts ...string) *formField {
	return &formField{label: label, kind: choiceField, opts: opts}
}

func spinF(label string, opts ...string) *formField {
	return &formField{label: label, kind: spinField, opts: opts}
}

func (f *formField) value() string { return strings.TrimSpace(f.in.Value()) }

func (f *formField) set(s string) { f.in.SetValue(s); f.proposed = false }

// propose fills in a value the guard will usually keep.
func (f *formField) propose(s string) { f.in.SetValue(s); f.in.CursorEnd(); f.proposed = true }

// on reports whether a two-option toggle is on its first option.
func (f *formField) on() bool { return f.cur == 0 }

// unset is a choice no option of which is chosen yet: where the guard must
// assert something (a certificate seen, a sensory check passed), the form
// does not assume it.
const unset = -1

// chosen reports whether a choice has an option chosen.
func (f *formField) chosen() bool { return f.kind == textField || f.cur >= 0 }

// form is the fields of a screen's current mode and which has focus.
type form struct {
	fields []*formField
	focus  int
}

func (f *form) cur() *formField {
	if f.focus < 0 || f.focus >= len(f.fields) {
		return nil
	}
	return f.fields[f.focus]
}

func (f *form) setFields(fs []*formField, focus int) {
	f.blur()
	f.fields = fs
	f.setFocus(focus)
}

func (f *form) setFocus(i int) {
	f.blur()
	if len(f.fields) == 0 {
		return
	}
	f.focus = (i + len(f.fields)) % len(f.fields)
	f.cur().Focus()
}

// focusOn moves the focus to field x if it is in the current mode.
func (f *form) focusOn(x *formField) {
	for i, y := range f.fields {
		if y == x {
			f.setFocus(i)
			return
		}
	}
}

func (f *form) blur() {
	for _, x := range f.fields {
		x.Blur()
	}
}

func (f *form) last() bool { return f.focus == len(f.fields)-1 }

// edit gives a key to the focused field: ←/→/space move a choice, anything
// else is typed into a text input; text typed on a choice goes to the next
// text field (typedOnChoice). changed reports a new choice or text.
func (f *form) edit(msg tea.KeyMsg) (cmd tea.Cmd, changed bool) {
	c := f.cur()
	if c == nil {
		return nil, false
	}
	if c.kind != textField && typedOnChoice(msg) {
		for i := f.focus + 1; i < len(f.fields); i++ {
			if f.fields[i].kind == textField {
				f.setFocus(i)
				return f.cur().Update(msg)
			}
		}
	}
	return c.Update(msg)
}

// The field as a component (huh's Field): it takes the focus, gives it up,
// takes a key and draws itself; the form steps between its fields.

// Focus gives the field the keys.
func (f *formField) Focus() {
	if f.kind == textField {
		f.in.Focus()
	}
}

// Blur takes the keys away.
func (f *formField) Blur() { f.in.Blur() }

// Update takes a key: ←/→/space move a choice, anything else is typed into
// a text field. changed reports a new choice or text.
func (f *formField) Update(msg tea.KeyMsg) (cmd tea.Cmd, changed bool) {
	if f.kind != textField {
		if len(f.opts) == 0 {
			return nil, false
		}
		n := cycle(f.cur, len(f.opts), msg)
		if f.cur < 0 && key.Matches(msg, choosePrev) {
			n = len(f.opts) - 1 // from unset, ← takes the last option
		}
		changed = n != f.cur
		f.cur = n
		return nil, changed
	}
	if f.proposed && msg.Type == tea.KeyRunes {
		f.in.SetValue("")
	}
	f.proposed = false
	before := f.in.Value()
	f.in, cmd = f.in.Update(msg)
	return cmd, f.in.Value() != before
}

// View draws the field's value (not its label), focused or not.
func (f *formField) View(m *Context, focused bool) string { return fieldValue(m, f, focused) }

// Validate is the field's own check: a required text left empty, a choice
// left unset, or what its validate function says of the text. It returns a
// catalogue key and its arguments, or "".
func (f *formField) Validate(m *Context) (string, []any) {
	switch {
	case f.kind == textField && f.required && f.value() == "":
		return "err.required", []any{m.cat.T(f.label)}
	case f.kind != textField && !f.chosen():
		return "err.choose", []any{m.cat.T(f.label)}
	case f.kind == textField && f.validate != nil && f.value() != "":
		if err := f.validate(f.value()); err != nil {
			k, typed := inputErrKey(err, f.value())
			return k, []any{typed}
		}
	}
	return "", nil
}

// check validates every field in Tab order and puts the focus on the first
// that fails; ok is false then, with the message for under the form.
func (f *form) check(m *Context) (e formError, ok bool) {
	for i, x := range f.fields {
		if k, args := x.Validate(m); k != "" {
			f.setFocus(i)
			return formError{key: k, args: args}, false
		}
	}
	return formError{}, true
}

// freeText reports whether the focused field takes free text.
func (f *form) freeText() bool {
	c := f.cur()
	return c != nil && c.kind == textField && c.free
}

// anyText reports whether any field of fs holds typed text.
func anyText(fs ...*formField) bool {
	for _, x := range fs {
		if x.kind == textField && x.value() != "" {
			return true
		}
	}
	return false
}

// render draws field x with a label of labelW cells.
func (f *form) render(m *Context, x *formField, labelW int, active bool) string {
	focused := active && f.cur() == x && !m.logFocused() // one place shows where the keys go
	return field(m, m.cat.T(x.label), fieldValue(m, x, focused), focused, labelW)
}

// renderDialog draws field x of a dialog's form: a dialog takes every key,
// so its focused field is marked even when the log under it had the keys.
func (f *form) renderDialog(m *Context, x *formField, labelW int) string {
	focused := f.cur() == x
	v := fieldValue(m, x, focused)
	if x.hint != "" {
		v += " " + m.sty.Dim.Render(m.cat.T(x.hint))
	}
	return field(m, m.cat.T(x.label), v, focused, labelW)
}

func fieldValue(m *Context, x *formField, focused bool) string {
	s := m.sty
	switch x.kind {
	case choiceField:
		return choiceRow(s, x.opts, x.cur, focused)
	case spinField:
		v := "?" // nothing chosen yet
		if x.cur >= 0 && x.cur < len(x.opts) {
			v = x.opts[x.cur]
		}
		if focused {
			return s.ChoiceOn.Render("< " + v + " >")
		}
		return s.Choice.Render("  " + v + "  ")
	}
	return fit(m.inputView(x.in), x.width)
}

// choiceRow draws every option of a choice, the current one in brackets:
// "[进] 出 ".
func choiceRow(s Styles, labels []string, cur int, focused bool) string {
	out := make([]string, len(labels), len(labels)+1)
	for i, l := range labels {
		if i == cur {
			st := s.Choice
			if focused {
				st = s.ChoiceOn
			}
			out[i] = st.Render("[" + l + "]")
		} else {
			out[i] = s.Dim.Render(" " + l + " ")
		}
	}
	if cur < 0 {
		out = append(out, s.Warn.Render("?")) // nothing chosen yet
	}
	return strings.Join(out, "")
}

// formPhase is where a gate-2–5 form is: typing, or looking at the
// decision before saving it.
type formPhase int

const (
	phaseEdit formPhase = iota
	phaseDecide
)

// gateForm is the editing state every gate-2–5 screen has: its form,
// whether it is typing or showing a decision, the error under the form and
// whether a save is under way. Each screen embeds it, so the four move
// between typing and deciding alike, and the screen methods that depend on
// nothing else are written once.
type gateForm struct {
	f      form
	phase  formPhase
	err    formError
	saving bool
}

func (s *gateForm) hasForm() bool  { return true }
func (s *gateForm) freeText() bool { return s.phase == phaseEdit && s.f.freeText() }
func (s *gateForm) focusForm()     { s.f.setFocus(s.f.focus) }
func (s *gateForm) saveFailed()    { s.saving = false }
func (s *gateForm) busy() bool     { return s.saving }

// fail shows the error key under the form and moves the focus to x, the
// field to correct.
func (s *gateForm) fail(x *formField, key string, args ...any) tea.Cmd {
	s.err = formError{key: key, args: args}
	s.f.focusOn(x)
	return nil
}

// decide shows the decision, waiting for Enter; the form gives up focus.
func (s *gateForm) decide() {
	s.phase = phaseDecide
	s.f.blur()
}

// backToEdit leaves the decision for the form, focus where it was.
func (s *gateForm) backToEdit() {
	s.phase = phaseEdit
	s.focusForm()
}

// editField gives a key to the focused field. A change clears the error
// under the form: it was about what stood there before.
func (s *gateForm) editField(msg tea.KeyMsg) (cmd tea.Cmd, changed bool) {
	cmd, changed = s.f.edit(msg)
	if changed {
		s.err = formError{}
	}
	return cmd, changed
}

// stepForm handles the keys every gate-2–5 form treats alike while typing:
// Tab and ↓ to the next field (Tab past the last one goes to the log),
// Shift+Tab and ↑ back, Esc and Ctrl+U clear. handled is false for Enter and
// for keys meant for the focused field.
func stepForm(m *Context, g int, f *form, msg tea.KeyMsg, clear func()) (handled bool) {
	k := m.keys.Form
	switch {
	case key.Matches(msg, k.Next) && f.last():
		f.blur()
		m.focusLog(g)
		return true
	case key.Matches(msg, k.Next, k.Down):
		f.setFocus(f.focus + 1)
		return true
	case key.Matches(msg, k.Prev, k.Up):
		f.setFocus(f.focus - 1)
		return true
	case key.Matches(msg, k.Clear):
		clear()
		return true
	}
	return false
}

// inputErrKey turns a parser's error into a catalogue key and the typed text.
func inputErrKey(err error, typed string) (string, string) {
	var ie *gate.InputError
	if errors.As(err, &ie) {
		return "err." + ie.Code, typed
	}
	return "err.generic", typed
}

// formError is a message under a form: a catalogue key and its arguments.
type formError struct {
	key  string
	args []any
}

func (e formError) text(m *Context) string {
	if e.key == "" {
		return ""
	}
	return m.cat.T(e.key, e.args...)
}

// gateHelp is the help bar of a gate-2–5 form: the form keys and extras
// while typing, the decision's keys while one is shown, Ctrl+O only when
// the decision shown may be overridden (a fever bar offered it and the key
// did nothing).
func gateHelp(s gateForm, k keyMap, overridable bool, extra ...key.Binding) []key.Binding {
	if s.phase == phaseDecide {
		return k.decideHelp(overridable)
	}
	return k.formHelp(extra...)
}

// decisionLines draws the two lines under a form (an error, or the decision
// waiting for Enter, or nothing) in three rows, wrapped rather than cut: at
// 80 columns gate 4's fever bar lost its keys ("…不可特批：Enter 保存拒绝记录
// · Esc 返回修改 · 直接…") and gate 3's recheck whom to tell. A decision that
// needs a fourth row (a long reason and a status) takes it from the panel
// under it, whose end padLines cuts, so the log never moves.
func decisionLines(m *Context, err formError, l1, l2 string) string {
	if t := err.text(m); t != "" {
		l1, l2 = m.sty.Error.Render(t), ""
	}
	return decisionRows(m.width, 4, l1, l2)
}

// padLines makes s exactly n lines, so the log under a screen never moves.
func padLines(s string, n int) string {
	ls := strings.Split(s, "\n")
	if len(ls) > n {
		ls = ls[:n]
	}
	for len(ls) < n {
		ls = append(ls, "")
	}
	return strings.Join(ls, "\n")
}

// personLookup is the roster match for a badge field, looked up as the
// guard types so the name shows before Enter.
type personLookup struct {
	key    string
	person *gate.Person
}

// typed follows a badge field: when its text changed it asks the store who
// it is, with the answer routed back to gate g.
func (p *personLookup) typed(m *Context, g int, badge string) tea.Cmd {
	k := strings.ToUpper(strings.TrimSpace(badge))
	if k == p.key {
		return nil
	}
	p.key, p.person = k, nil
	if k == "" {
		return nil
	}
	return toScreen(g, lookupCmd(m.st, k, m.now()))
}

// answer takes a lookupMsg; stale answers (for what was typed before) are
// dropped.
func (p *personLookup) answer(msg lookupMsg) {
	if !strings.EqualFold(msg.key, p.key) {
		return
	}
	p.person = nil
	if msg.ok {
		pp := msg.person
		p.person = &pp
	}
}

// who shows the roster match of a badge field: name, unit and (where the
// line has room for it) assignment.
func (p *personLookup) who(m *Context, assignment bool) string {
	switch {
	case p.person != nil:
		s := p.person.Name + " " + p.person.Unit
		if assignment && p.person.Kind == gate.Staff && p.person.Assignment != "" {
			s += " " + m.cat.T("assign."+string(p.person.Assignment))
		}
		if !p.person.Active {
			return m.sty.Deny.Render(s + " " + m.cat.T("lookup.inactive"))
		}
		return s
	case p.key != "":
		return m.sty.Dim.Render(m.cat.T("lookup.none"))
	}
	return ""
}

// staffCtxMsg is the post service's decision on a crossing of gate 2 or 4.
type staffCtxMsg struct {
	seq  int
	plan post.Plan
	err  error
}

func staffDecideCmd(svc *post.Service, seq int, in post.StaffGateInput) tea.Cmd {
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		p, err := svc.DecideStaffGate(c, in)
		return staffCtxMsg{seq: seq, plan: p, err: err}
	}
}

// staffCrossing is the crossing form of gates 2 and 4: badge and
// direction, and the service's decision (EvaluateGate2 or EvaluateGate4;
// for a standby member, the contact incident with the passage).
type staffCrossing struct {
	gate   int
	badge  *formField
	dir    *formField
	lookup personLookup

	seq     int
	waiting bool
	plan    post.Plan
}

func newStaffCrossing(cat *Catalog, g int) *staffCrossing {
	return &staffCrossing{
		gate:  g,
		badge: textF("f.badge", 24, 20, false),
		dir:   choiceF("f.direction", cat.T("dir.in"), cat.T("dir.out")),
	}
}

func (c *staffCrossing) direction() record.Direction {
	if c.dir.cur == 1 {
		return record.Out
	}
	return record.In
}

func (c *staffCrossing) clear() {
	c.badge.set("")
	c.lookup = personLookup{}
	c.waiting = false
	c.plan = post.Plan{}
}

// submit asks the service for the decision; nothing is saved yet.
func (c *staffCrossing) submit(m *Context) (tea.Cmd, formError) {
	b := strings.ToUpper(c.badge.value())
	if b == "" {
		return nil, formError{key: "form.nobadge"}
	}
	c.seq++
	c.waiting = true
	return toScreen(c.gate, staffDecideCmd(m.svc, c.seq, post.StaffGateInput{Gate: c.gate, Direction: c.direction(), Badge: b})), formError{}
}

// decide takes the service's answer; ok is false for a stale one. An
// allowed crossing is saved at once (save is its command).
func (c *staffCrossing) decide(m *Context, msg staffCtxMsg, saving *bool) (save tea.Cmd, ok bool) {
	if msg.seq != c.seq || !c.waiting {
		return nil, false
	}
	c.waiting = false
	if m.readFailed(msg.err) {
		return nil, false
	}
	c.plan = msg.plan
	if c.plan.Allowed {
		return c.save(m, saving), true
	}
	return nil, true
}

func (c *staffCrossing) save(m *Context, saving *bool) tea.Cmd {
	*saving = true
	plan, guard := c.plan, *m.guard
	return postCmd(c.gate, "form", func(ctx context.Context) (post.Saved, error) { return m.svc.Save(ctx, guard, plan) })
}

func (c *staffCrossing) describe(m *Context) string {
	parts := []string{c.plan.Who.Badge}
	if c.plan.Who.Name != "" {
		parts = append(parts, c.plan.Who.Name)
	}
	return strings.Join(append(parts, m.cat.T("dir."+string(c.direction()))), " ")
}

// reasonAt is the plain-words reason of a decision at gate g: the gate's
// own words where the same reason stands for another rule at another gate
// (a resting person enters the main gate on their change-over day but
// never the custody zone, §11), else the reason's.
func reasonAt(c *Catalog, g int, r string, fever record.Tenths) string {
	if k := fmt.Sprintf("reason.g%d.%s", g, r); c.Has(k) {
		return c.T(k)
	}
	return reasonText(c, r, fever)
}

// decisionView is the two decision lines of a crossing.
func (c *staffCrossing) decisionView(m *Context) (string, string) {
	s := m.sty
	why := reasonAt(m.cat, c.gate, string(c.plan.Reason), m.cfg.FeverAt())
	who := c.describe(m)
	// The person before the reason: a cut line loses the reason's end.
	if c.plan.Allowed {
		return s.Allow.Render(">> "+m.cat.T("dec.allow")) + "  " + who + "  " + why,
			withStatus(m, c.plan.Status, s.Dim.Render(m.cat.T("form.saving")))
	}
	l2 := m.cat.T("dec.waitdeny")
	if !c.plan.Overridable() {
		l2 = m.cat.T("dec.waitdeny.final")
	}
	if c.plan.Contact {
		l2 = m.cat.T("dec.contact")
	}
	return s.Deny.Render(">> "+m.cat.T("dec.deny")) + "  " + who + "  " + why, withStatus(m, c.plan.Status, s.Warn.Render(l2))
}

// decidingKey handles the keys while a denial waits: Enter saves it,
// Ctrl+O asks a supervisor, Esc goes back to the form (back), and any
// other key saves it and is replayed into the cleared form.
func (c *staffCrossing) decidingKey(m *Context, msg tea.KeyMsg, saving *bool) (cmd tea.Cmd, back bool) {
	k := m.keys.Decide
	switch {
	case key.Matches(msg, k.Back):
		return nil, true
	case key.Matches(msg, k.Save):
		return c.save(m, saving), false
	case key.Matches(msg, k.Override):
		if c.plan.Overridable() {
			askOverridePlan(m, c.gate, c.plan, c.describe(m))
		} else {
			m.setFlash(m.cat.T("dec.nooverride"), true)
		}
		return nil, false
	}
	m.replay(msg)
	return c.save(m, saving), false
}

// crossCounts counts gate g's passages on day, a temperature from fever up
// counting as a fever; it runs inside a Cmd.
func crossCounts(c context.Context, st *store.Store, g int, day string, fever record.Tenths) (gate.Counts, error) {
	rows, err := st.DayRows(c, g, day, record.Passage)
	if err != nil {
		return gate.Counts{}, err
	}
	cs := make([]gate.Crossing, 0, len(rows))
	for _, r := range rows {
		var b record.PassageBody
		if r.Decode(&b) == nil {
			cs = append(cs, gate.Crossing{Body: b, Voided: r.Voided, Overridden: r.Overridden})
		}
	}
	return gate.Count(cs, fever), nil
}
