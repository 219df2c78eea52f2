package tui

import (
	"context"
	"errors"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"gatepost/gate"
	"gatepost/post"
	"gatepost/record"
	"gatepost/store"
)

// statusText is a person's closed-management status (§11) in the words of
// the decision line: the base ("执勤（轮换日）", "隔离备勤 第3天") and what
// holds the person back (发热未解除, 待复测, 密接未解除). It is empty for a
// status that adds nothing to what the roster says (plain staff, detainees),
// so the line stays as short as before for them.
func statusText(c *Catalog, st *gate.Status, now time.Time) string {
	if st == nil {
		return ""
	}
	var parts []string
	switch st.Base {
	case gate.BaseStaff, gate.BaseDetainee, "":
	case gate.BaseStandby:
		base := c.T("status.standby")
		if st.Stint != nil {
			base = c.T("st.standby.day", base, st.Stint.DaysIn(now))
		}
		parts = append(parts, base)
	case gate.BaseOffice:
		base := c.T("status.office")
		if st.OverriddenOnSite {
			base = c.T("st.overridden", base)
		}
		parts = append(parts, base)
	default:
		base := c.T("status." + string(st.Base))
		if st.ChangeOver && (st.Base == gate.BaseCustody || st.Base == gate.BaseRest) {
			base = c.T("st.changeover", base)
		}
		parts = append(parts, base)
	}
	if st.RecheckPending {
		parts = append(parts, c.T("rs.recheck_pending"))
	}
	if st.FeverBarred {
		parts = append(parts, c.T("rs.fever_barred"))
	}
	if st.Contact {
		parts = append(parts, c.T("rs.contact"))
	}
	if st.NATRequired {
		parts = append(parts, c.T("st.leaving."+string(st.Leaving)))
	}
	return strings.Join(parts, c.T("list.sep"))
}

// withStatus puts the person's status (statusText) at the head of a
// decision's second line: the first line is the verdict, the person and the
// reason, which a status between them would push off an 80-column screen;
// the second holds what to do next, which the help bar repeats. The status
// is in the warning style when it holds the person back.
func withStatus(m *Context, st *gate.Status, line string) string {
	t := statusText(m.cat, st, m.now())
	if t == "" {
		return line
	}
	t = m.cat.T("st.line", t)
	if st.FeverBarred || st.RecheckPending || st.Contact {
		t = m.sty.Warn.Render(t)
	}
	if line == "" {
		return t
	}
	return t + "  " + line
}

// clearSubjects are the clearance subjects in the dialog's order.
var clearSubjects = []string{gate.ClearFever, gate.ClearContact, gate.ClearIsolation}

// clearTarget is what a log row says about a clearance it could ask for:
// whose bar, which subject, the record it answers. ok is false for a row
// that is not about a bar: only a fever incident, or a denied crossing for
// a fever, a fever bar or a contact, is.
func clearTarget(r store.Row) (badge, subject, related string, ok bool) {
	if r.Voided {
		return "", "", "", false
	}
	switch r.Kind {
	case record.Incident:
		var b record.IncidentBody
		if r.Decode(&b) != nil || b.Badge == "" {
			return "", "", "", false
		}
		switch b.Type {
		case gate.IncidentFever:
			return b.Badge, gate.ClearFever, r.ID, true
		}
	case record.Passage:
		var b record.PassageBody
		if r.Decode(&b) != nil || b.Allowed || b.Badge == "" {
			return "", "", "", false
		}
		switch gate.Reason(b.Reason) {
		case gate.ReasonFever, gate.ReasonFeverBarred:
			return b.Badge, gate.ClearFever, r.ID, true
		case gate.ReasonContact:
			return b.Badge, gate.ClearContact, r.ID, true
		case gate.ReasonReleaseNAT:
			return b.Badge, gate.ClearIsolation, r.ID, true
		}
	}
	return "", "", "", false
}

// askClearance opens the supervisor's clearance (§11): the person's badge,
// the subject (fever or contact), the result it rests on, then the
// supervisor's badge, PIN and reason; the post service checks the
// credentials and writes the `clearance`. badge and subject are proposed
// from the row it was asked from and may be changed.
func askClearance(m *Context, g int, badge, subject, related string) {
	cat := m.cat
	who := textF("clr.badge", 32, 20, false).must()
	who.propose(badge)
	subj := choiceF("clr.subject", cat.T("clr.subject.fever"), cat.T("clr.subject.contact"), cat.T("clr.subject.isolation"))
	subj.cur = unset
	for i, s := range clearSubjects {
		if s == subject {
			subj.cur = i
		}
	}
	results := make([]string, len(record.ClearanceResults))
	for i, r := range record.ClearanceResults {
		results[i] = cat.T("clr.result." + r)
	}
	res := spinF("clr.result", results...) // the results are long: one shown at a time
	res.cur = unset
	// When the result was had — for a nucleic-acid test, when the sample
	// was taken, which is what nat_hours counts from: a result sampled
	// days ago and entered today must not pass as today's. Empty is now.
	at := textF("clr.resultat", 20, 13, false)
	at.hint = "clr.resultat.hint"
	now := m.now
	at.validate = func(s string) error { _, err := clearanceTime(s, now()); return err }
	summary := cat.T("clr.summary", badge)
	if badge == "" {
		summary = cat.T("clr.summary.none")
	}
	sm := newSupModal(supervisedMsg{gate: g, purpose: "clearance"}, 0, summary)
	// The clearance's own fields, then the supervisor's.
	sm.person = true
	sm.f.setFields(append([]*formField{who, subj, res, at}, sm.all...), 0)
	guard, svc := *m.guard, m.svc
	sm.run = func(supBadge, pin, reason string) tea.Cmd {
		in := post.ClearanceInput{Badge: who.value(), Subject: clearSubjects[subj.cur],
			Result: record.ClearanceResults[res.cur], Reason: reason}
		in.ResultAt, _ = clearanceTime(at.value(), now()) // checked with the form (at.validate)
		if strings.EqualFold(in.Badge, badge) && in.Subject == subject {
			in.Related = related
		}
		return runSupervised(supervisedMsg{gate: g, purpose: "clearance"}, guard, svc, supBadge, pin, reason,
			func(c context.Context, svc *post.Service, guard gate.Guard, a post.Authority, reason string) (post.Saved, error) {
				return svc.Clear(c, guard, a, in)
			})
	}
	m.openDialog(sm)
}

// clearanceTime reads the clearance's result time as the main gate reads
// a sampling time (gate.ParseNATTime: "8:30", "11-28 8:30", "24h"); empty
// is the zero time, which the service takes as the moment of the record.
// A time after now is refused. The codes are the dialog's own: the field
// is not always a sample's.
func clearanceTime(s string, now time.Time) (time.Time, error) {
	if strings.TrimSpace(s) == "" {
		return time.Time{}, nil
	}
	t, err := gate.ParseNATTime(s, now)
	var ie *gate.InputError
	switch {
	case errors.As(err, &ie) && ie.Code == gate.CodeNATFuture, err == nil && t.After(now):
		return time.Time{}, &gate.InputError{Code: "clr.at.future", Input: s}
	case err != nil:
		return time.Time{}, &gate.InputError{Code: "clr.at.format", Input: s}
	}
	return t, nil
}

// clearFromLog asks for a clearance from the selected log row.
func clearFromLog(m *Model, row store.Row, ok bool) tea.Cmd {
	badge, subject, related, good := clearTarget(row)
	if !ok || !good {
		m.setFlash(m.cat.T("clr.cannot.any"), true)
		return nil
	}
	askClearance(m.Context, m.gateNo, badge, subject, related)
	return nil
}
