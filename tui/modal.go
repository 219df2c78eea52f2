package tui

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"gatepost/auth"
	"gatepost/gate"
	"gatepost/post"
	"gatepost/record"
)

// modal is a dialog that takes every key while it is open.
type modal interface {
	update(m *Model, msg tea.KeyMsg) tea.Cmd
	view(m *Model) string
	// help is the help bar's bindings while the dialog is open.
	help(m *Model) []key.Binding
}

// helpModal lists every key.
type helpModal struct{}

func (helpModal) update(m *Model, _ tea.KeyMsg) tea.Cmd { m.modal = nil; return nil }
func (helpModal) help(m *Model) []key.Binding {
	return []key.Binding{key.NewBinding(key.WithKeys("esc"), key.WithHelp("Esc", m.cat.T("key.close")))}
}

// view is the keys that work everywhere, then the keys of the context the
// guard was in (the form, the log, a gate's list), drawn by bubbles/help
// from the same bindings the help bar and Update read.
func (helpModal) view(m *Model) string {
	var b strings.Builder
	b.WriteString(m.sty.Title.Render(m.cat.T("help.title")) + "\n\n")
	h := m.help
	h.Width = m.width - 6
	global := m.keys.globalHelp()
	b.WriteString(h.FullHelpView(columns(global, 6)))
	if m.guard != nil {
		here := m.screen().help(m.keys)
		if m.logFocused() {
			here = m.keys.logFullHelp()
		} else {
			here = append(here, m.keys.formFullHelp()...)
		}
		seen := map[[2]string]bool{}
		for _, k := range global {
			seen[[2]string{k.Help().Key, k.Help().Desc}] = true
		}
		var own []key.Binding
		for _, k := range dedupe(here) {
			if !seen[[2]string{k.Help().Key, k.Help().Desc}] {
				own = append(own, k)
			}
		}
		if len(own) > 0 {
			b.WriteString("\n\n" + m.sty.Title.Render(m.cat.T("help.screen")) + "\n" + h.FullHelpView(columns(own, 7)))
		}
	}
	return m.sty.Modal.Render(b.String())
}

// quitModal asks before dropping unsaved input.
func quitModal() *confirmModal {
	return &confirmModal{question: "quit.confirm", yes: func(m *Model) tea.Cmd {
		m.quitting = true
		return tea.Quit
	}}
}

// confirmModal asks a yes/no question (a catalogue key); yes runs on y.
type confirmModal struct {
	question string
	yes      func(m *Model) tea.Cmd
}

func (c *confirmModal) update(m *Model, msg tea.KeyMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.keys.Confirm.Yes):
		m.modal = nil
		return c.yes(m)
	case key.Matches(msg, m.keys.Confirm.No):
		m.modal = nil
	}
	return nil
}
func (c *confirmModal) help(m *Model) []key.Binding { return m.keys.confirmHelp() }
func (c *confirmModal) view(m *Model) string {
	return m.sty.Modal.Render(m.sty.Warn.Render(m.cat.T(c.question)))
}

// supervisorFields are the badge, PIN and reason a supervisor types in a
// dialog to authorise something: records (supModal) or a day's report
// (reportModal). They are the one form component every form uses, so a
// supervisor is asked, stepped through the fields and told what is missing
// the same way everywhere.
type supervisorFields struct {
	f    form
	all  []*formField // badge, PIN, reason
	err  string
	busy bool // the credentials are being checked
	// texts are the dialog's free-text fields beyond the reason, by the
	// name the post service gives them (post.InputError's Field).
	texts map[string]*formField
}

func newSupervisorFields(reasonLabel string, reasonWidth int) supervisorFields {
	sf := supervisorFields{all: []*formField{textF("sup.badge", 32, 20, false).must(), secretF("sup.pin", 32, 20),
		textF(reasonLabel, 120, reasonWidth, true)}}
	sf.f.setFields(sf.all, 0)
	return sf
}

// use puts the first n fields in the Tab order (a report submitted for the
// first time needs no reason).
func (f *supervisorFields) use(n int) {
	if len(f.f.fields) != n {
		f.f.setFields(f.all[:n], f.f.focus)
	}
}

// setFocus moves the focus to field i, wrapping round.
func (f *supervisorFields) setFocus(i int) { f.f.setFocus(i) }

// key handles a key: nothing while busy, Esc closes the dialog, Tab/↓ and
// Shift+Tab/↑ move, other keys go to the focused field. enter reports
// Enter, which the dialog handles.
func (f *supervisorFields) key(m *Model, msg tea.KeyMsg) (cmd tea.Cmd, enter bool) {
	if f.busy {
		return nil, false
	}
	k := m.keys.Dialog
	switch {
	case key.Matches(msg, k.Cancel):
		m.modal = nil
		return nil, false
	case key.Matches(msg, k.Next):
		f.f.setFocus(f.f.focus + 1)
		return nil, false
	case key.Matches(msg, k.Prev):
		f.f.setFocus(f.f.focus - 1)
		return nil, false
	case key.Matches(msg, k.Submit):
		return nil, true
	}
	cmd, _ = f.f.edit(msg)
	return cmd, false
}

// typed is what was entered (badge and reason trimmed). ok is false, with
// the message shown and the focus on the field, when a required field is
// empty.
func (f *supervisorFields) typed(m *Model) (badge, pin, reason string, ok bool) {
	badge, pin, reason = f.all[0].value(), f.all[1].in.Value(), f.all[2].value()
	if e, good := f.f.check(m.Context); !good {
		f.err = e.text(m.Context)
		return badge, pin, reason, false
	}
	return badge, pin, reason, true
}

// failed shows why the service refused the write (notSup: the badge that
// may not supervise; else err) and puts the cursor where the next keys
// belong. After a wrong PIN that is the emptied PIN field, whichever field
// the Enter came from: left on the reason, the PIN typed again went into
// the reason and was recorded with it (seen: "重复登记999999").
func (f *supervisorFields) failed(m *Context, notSup string, err error) {
	f.busy = false
	var ie *post.InputError
	switch {
	case notSup != "":
		f.refused(m.cat.T("sup.notsup", notSup), f.all[0])
	case errors.As(err, &ie) && ie.Code == post.CodePINInText:
		// The PIN was right: it stays; the text that holds it is to change.
		f.err = m.cat.T("err." + ie.Code)
		f.f.focusOn(cmp.Or(f.texts[ie.Field], f.all[2]))
	case errors.Is(err, auth.ErrBadPIN), errors.Is(err, auth.ErrLocked):
		f.refused(m.authError(err), f.all[1])
	default:
		f.refused(m.cat.T("form.savefail", err.Error()), f.all[1])
	}
}

// refused shows why, empties the PIN for another try and moves the focus
// to field x.
func (f *supervisorFields) refused(why string, x *formField) {
	f.err = why
	f.all[1].set("")
	f.f.focusOn(x)
}

// view draws the fields in use, labels labelW cells wide.
func (f *supervisorFields) view(m *Model, labelW int) string {
	var b strings.Builder
	for _, x := range f.f.fields {
		b.WriteString(f.f.renderDialog(m.Context, x, labelW) + "\n")
	}
	return b.String()
}

// supModal takes a supervisor's badge, PIN and reason, then writes the
// records build returns on their authority (override or void).
type supModal struct {
	supervisorFields
	base      supervisedMsg // what the result will say: purpose, gate, origin
	targetSeq int64
	summary   string
	// person: the summary names a person (a clearance, an admission), not
	// a record, and is shown as it is.
	person bool
	// run does the supervised write (through the post service, which
	// checks the credentials first).
	run func(badge, pin, reason string) tea.Cmd
}

func newSupModal(base supervisedMsg, targetSeq int64, summary string) *supModal {
	return &supModal{supervisorFields: newSupervisorFields("sup.reason", 50), base: base, targetSeq: targetSeq, summary: summary}
}

// supervisedWrite is a write on a supervisor's authority, done by the post
// service, which checks the credentials before it writes anything.
type supervisedWrite func(c context.Context, svc *post.Service, guard gate.Guard, a post.Authority, reason string) (post.Saved, error)

// askSupervised opens the supervisor's dialog for write: badge, PIN and
// reason, then the write through the service.
func askSupervised(m *Context, base supervisedMsg, targetSeq int64, summary string, write supervisedWrite) {
	sm := newSupModal(base, targetSeq, summary)
	guard, svc := *m.guard, m.svc
	sm.run = func(badge, pin, reason string) tea.Cmd {
		return runSupervised(base, guard, svc, badge, pin, reason, write)
	}
	m.openDialog(sm)
}

// runSupervised does write with the credentials the supervisor typed and
// answers as base: a badge that is not a supervisor's, an error, or what
// was saved.
func runSupervised(base supervisedMsg, guard gate.Guard, svc *post.Service, badge, pin, reason string, write supervisedWrite) tea.Cmd {
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		out := base
		sv, err := write(c, svc, guard, post.Credentials{Badge: badge, PIN: pin}, reason)
		var ns *post.NotSupervisorError
		if errors.As(err, &ns) {
			out.notSup = ns.Badge
			return out
		}
		out.recs, out.err, out.post = sv.Records, err, sv
		return out
	}
}

// askOverridePlan opens the supervisor's override of a denial the post
// service decided and nothing has saved yet: the service writes the
// crossing and the override together.
func askOverridePlan(m *Context, g int, plan post.Plan, summary string) {
	askSupervised(m, supervisedMsg{gate: g, purpose: "override", fromForm: true}, 0, summary,
		func(c context.Context, svc *post.Service, guard gate.Guard, a post.Authority, reason string) (post.Saved, error) {
			return svc.Override(c, guard, plan, a, reason)
		})
}

func (s *supModal) update(m *Model, msg tea.KeyMsg) tea.Cmd {
	cmd, enter := s.key(m, msg)
	if !enter {
		return cmd
	}
	badge, pin, reason, ok := s.typed(m)
	if !ok {
		return nil
	}
	if reason == "" {
		s.err = m.cat.T("sup.needreason")
		s.f.focusOn(s.all[2])
		return nil
	}
	s.busy, s.err = true, ""
	return s.run(badge, pin, reason)
}

func (s *supModal) help(m *Model) []key.Binding { return m.keys.dialogHelp() }

func (s *supModal) view(m *Model) string {
	var b strings.Builder
	b.WriteString(m.sty.Title.Render(m.cat.T("sup."+s.base.purpose+".title")) + "\n")
	target := m.cat.T("sup.target", s.summary)
	if s.person {
		target = s.summary
	}
	b.WriteString(clip(target, 70) + "\n\n")
	b.WriteString(s.supervisorFields.view(m, 10))
	switch {
	case s.busy:
		b.WriteString("\n" + m.sty.Dim.Render(m.cat.T("signin.checking")))
	case s.err != "":
		b.WriteString("\n" + m.sty.Error.Render(s.err))
	}
	return m.sty.Modal.Render(b.String())
}

// shiftModal closes the shift: a handover note and the shift's figures.
type shiftModal struct {
	rep     gate.Report
	note    textinput.Model
	summary map[string]int
	err     error
	saving  bool
}

func newShiftModal(cat *Catalog) *shiftModal {
	s := &shiftModal{note: newInput(400)}
	s.note.Width = 60
	s.note.Focus()
	return s
}

func (s *shiftModal) update(m *Model, msg tea.KeyMsg) tea.Cmd {
	if s.saving {
		return nil
	}
	switch {
	case key.Matches(msg, m.keys.Dialog.Cancel):
		m.modal = nil
		return nil
	case key.Matches(msg, m.keys.Dialog.Submit, m.keys.Global.Sync):
		note := strings.TrimSpace(s.note.Value())
		if note == "" {
			s.err = fmt.Errorf("%s", m.cat.T("shift.needsnote"))
			return nil
		}
		if s.summary == nil {
			return nil // still counting
		}
		s.saving, s.err = true, nil
		guard, in := *m.guard, post.CloseShiftInput{Open: post.ShiftRef{ID: m.shiftID, Seq: m.shiftAt}, Handover: note}
		return postCmd(m.gateNo, "shift.close", func(c context.Context) (post.Saved, error) { return m.svc.CloseShift(c, guard, in) })
	}
	var cmd tea.Cmd
	s.note, cmd = s.note.Update(msg)
	return cmd
}

// attention is what the next shift must know, beyond the figures: the
// denials by reason, the fevers and where they stand, supplies still in
// their contact time, notices nobody acknowledged, and whether anything
// will reach the hub.
func (s *shiftModal) attention(m *Model) []string {
	c := m.cat
	var out []string
	if s.summary == nil {
		return nil
	}
	var denials []string
	n := 0
	for _, g := range s.rep.Gates {
		for _, r := range g.Denials {
			denials = append(denials, reasonShort(c, r.Reason)+" "+fmt.Sprint(r.Count))
			n += r.Count
		}
	}
	if n > 0 {
		out = append(out, c.T("shift.denials", n, strings.Join(denials, c.T("list.sep"))))
	}
	var fevers []string
	for _, f := range s.rep.Screening.Fevers {
		fevers = append(fevers, f.Name+" "+f.Temp.String()+" "+c.T("dm.st."+string(f.Status)))
	}
	if len(fevers) > 0 {
		out = append(out, c.T("shift.fevers", strings.Join(fevers, c.T("list.sep"))))
	}
	var supplies []string
	for _, p := range s.rep.Supplies.Pending {
		if p.Stage == gate.StageDisinfecting {
			supplies = append(supplies, p.Item)
		}
	}
	if len(supplies) > 0 {
		out = append(out, c.T("shift.contact", strings.Join(supplies, c.T("list.sep"))))
	}
	if d, ok := m.screens[0].(*dailyModel); ok {
		var titles []string
		for _, x := range d.notices {
			if !x.Acked {
				titles = append(titles, x.Title)
			}
		}
		if len(titles) > 0 {
			out = append(out, c.T("shift.notices", strings.Join(titles, c.T("list.sep"))))
		}
	}
	if m.sync == nil || !m.syncSt.Configured {
		out = append(out, c.T("shift.nosync"))
	}
	return out
}

func (s *shiftModal) help(m *Model) []key.Binding {
	return []key.Binding{m.keys.Dialog.Submit, m.keys.Dialog.Cancel}
}

func (s *shiftModal) view(m *Model) string {
	var b strings.Builder
	b.WriteString(m.sty.Title.Render(m.cat.T("shift.close.title")) + "  " + m.guard.Name + "\n\n")
	b.WriteString(m.cat.T("shift.summary", shiftSummaryText(m.cat, s.summary)) + "\n")
	for _, l := range s.attention(m) {
		b.WriteString(clip(l, 70) + "\n")
	}
	b.WriteString("\n")
	label := m.cat.T("shift.handover")
	b.WriteString(field(m.Context, label, m.inputView(s.note), true, max(10, ansi.StringWidth(label))) + "\n")
	if s.err != nil {
		b.WriteString("\n" + m.sty.Error.Render(s.err.Error()))
	}
	return m.sty.Modal.Render(b.String())
}

// lockModal covers the screen after idle time; the signed-in guard's PIN
// unlocks it, and the form underneath keeps what was typed. Ctrl+T lets
// another guard or a supervisor take over the post: the locked shift is
// closed with an automatic note and theirs opens.
type lockModal struct {
	f          form
	badge, pin *formField // badge only when another guard takes over
	takeover   bool
	err        string
	busy       bool
}

func newLockModal() *lockModal {
	l := &lockModal{badge: textF("signin.badge", 32, 20, false).must(), pin: secretF("signin.pin", 32, 20)}
	l.f.setFields([]*formField{l.pin}, 0)
	return l
}

func (l *lockModal) update(m *Model, msg tea.KeyMsg) tea.Cmd {
	if l.busy {
		return nil
	}
	switch {
	case key.Matches(msg, m.keys.Signin.Takeover) && !l.takeover:
		l.takeover, l.err = true, ""
		l.pin.set("")
		l.f.setFields([]*formField{l.badge, l.pin}, 0)
		return nil
	case key.Matches(msg, m.keys.Dialog.Cancel) && l.takeover:
		l.takeover, l.err = false, ""
		l.badge.set("")
		l.pin.set("")
		l.f.setFields([]*formField{l.pin}, 0)
		return nil
	case key.Matches(msg, m.keys.Signin.Next) && l.takeover:
		l.f.setFocus(l.f.focus + 1)
		return nil
	case key.Matches(msg, m.keys.Signin.Enter):
		if l.f.cur() == l.badge {
			l.f.setFocus(1)
			return nil
		}
		if _, ok := l.f.check(m.Context); !ok {
			return nil
		}
		l.busy = true
		if l.takeover {
			return takeoverCmd(m, l.badge.value(), l.pin.in.Value())
		}
		return signInCmd(m.st, m.guard.Badge, l.pin.in.Value(), m.now(), true)
	}
	cmd, _ := l.f.edit(msg)
	return cmd
}

func (l *lockModal) help(m *Model) []key.Binding {
	if l.takeover {
		return []key.Binding{m.keys.Signin.Next, m.keys.Signin.Enter, m.keys.Dialog.Cancel}
	}
	return []key.Binding{m.keys.Signin.Enter, m.keys.Signin.Takeover}
}

func (l *lockModal) view(m *Model) string {
	var b strings.Builder
	b.WriteString(m.sty.Title.Render(m.cat.T("lock.title")) + "\n\n")
	if l.takeover {
		b.WriteString(m.cat.T("lock.takeover", m.guard.Name) + "\n\n")
	} else {
		b.WriteString(m.cat.T("lock.hint", m.guard.Name) + "\n\n")
	}
	for _, x := range l.f.fields {
		b.WriteString(l.f.render(m.Context, x, 10, true) + "\n")
	}
	if !l.takeover {
		b.WriteString("\n" + m.sty.Dim.Render(m.cat.T("lock.other")))
	}
	if l.err != "" {
		b.WriteString("\n\n" + m.sty.Error.Render(l.err))
	}
	return m.sty.Modal.Render(b.String())
}

// takeoverMsg is another guard's sign-in at the lock screen and the locked
// shift closed on their word.
type takeoverMsg struct {
	guard gate.Guard
	recs  []record.Record
	shift record.Record // the new guard's shift.open
	err   error
}

// errNoShift is a shift.open the service did not return.
var errNoShift = errors.New("the new shift was not saved")

// takeoverCmd checks the new guard's badge and PIN, then closes the locked
// shift with an automatic handover note naming them.
func takeoverCmd(m *Model, badge, pin string) tea.Cmd {
	st, svc, old, now := m.st, m.svc, *m.guard, m.now()
	open := post.ShiftRef{ID: m.shiftID, Seq: m.shiftAt}
	note := func(g gate.Guard) string { return m.cat.T("lock.autonote", old.Name, g.Name, g.Badge) }
	return func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		g, err := auth.SignIn(c, st, badge, pin, now)
		if err != nil {
			return takeoverMsg{err: err}
		}
		sv, err := svc.CloseShift(c, old, post.CloseShiftInput{Open: open, Handover: note(g)})
		if err != nil {
			return takeoverMsg{err: err}
		}
		// The new guard's shift opens at once, as a sign-in's does.
		ov, err := svc.OpenShift(c, g)
		if err != nil || len(ov.Records) == 0 {
			return takeoverMsg{guard: g, recs: sv.Records, err: cmp.Or(err, errNoShift)}
		}
		return takeoverMsg{guard: g, recs: append(sv.Records, ov.Records...), shift: ov.Records[len(ov.Records)-1]}
	}
}
