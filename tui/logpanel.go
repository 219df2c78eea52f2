package tui

import (
	"context"
	"fmt"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"gatepost/gate"
	"gatepost/post"
	"gatepost/record"
	"gatepost/store"
)

// logPanel is one gate's log for today, paged from the database newest
// first. It holds only the visible page; older pages are fetched by cursor.
type logPanel struct {
	rows    []store.Row
	cursors []int64 // Before of each page shown so far; the last is current
	sel     int
	focused bool
	total   int
	ready   bool
	paging  bool // a PgUp/PgDn's page is loading
	asked   int  // loads asked for; only the latest one's page is shown
}

func (lp *logPanel) before() int64 {
	if len(lp.cursors) == 0 {
		return 0
	}
	return lp.cursors[len(lp.cursors)-1]
}

// reset goes back to the newest page.
func (lp *logPanel) reset() { lp.cursors = nil; lp.sel = 0 }

func (lp *logPanel) focus(on bool) {
	lp.focused = on
	if lp.sel >= len(lp.rows) {
		lp.sel = 0
	}
}

func (lp *logPanel) loaded(msg pageMsg) {
	lp.rows, lp.total, lp.ready, lp.paging = msg.rows, msg.total, true, false
	if lp.sel >= len(lp.rows) {
		lp.sel = max(0, len(lp.rows)-1)
	}
}

func (lp *logPanel) selected() (store.Row, bool) {
	if lp.sel < 0 || lp.sel >= len(lp.rows) {
		return store.Row{}, false
	}
	return lp.rows[lp.sel], true
}

func (lp *logPanel) update(m *Model, msg tea.KeyMsg) tea.Cmd {
	g := m.gateNo
	k := m.keys.Log
	switch {
	case key.Matches(msg, k.Back):
		if m.screen().hasForm() {
			lp.focused = false
			m.screen().focusForm()
		}
		return nil
	case key.Matches(msg, k.Up):
		if lp.sel > 0 {
			lp.sel--
		} else if len(lp.cursors) > 0 {
			return lp.pageUp(m)
		}
		return nil
	case key.Matches(msg, k.Down):
		if lp.sel < len(lp.rows)-1 {
			lp.sel++
		} else {
			return lp.pageDown(m)
		}
		return nil
	case key.Matches(msg, k.PgDn):
		return lp.pageDown(m)
	case key.Matches(msg, k.PgUp):
		return lp.pageUp(m)
	case key.Matches(msg, k.Newest):
		return m.reloadNewest(g)
	case key.Matches(msg, k.Void):
		row, ok := lp.selected()
		switch {
		case !ok:
			m.setFlash(m.cat.T("sup.nosel"), true)
		case row.Voided || row.Kind == record.Void:
			m.setFlash(m.cat.T("sup.cannot.void"), true)
		default:
			askSupervised(m.Context, supervisedMsg{gate: g, purpose: "void"}, row.Seq, rowSummary(m, row),
				func(c context.Context, svc *post.Service, guard gate.Guard, a post.Authority, reason string) (post.Saved, error) {
					return svc.Void(c, guard, post.TargetOf(row), a, reason)
				})
		}
		return nil
	case key.Matches(msg, k.Override):
		row, ok := lp.selected()
		var b record.PassageBody
		if !ok || row.Kind != record.Passage || row.Voided || row.Overridden || row.Decode(&b) != nil || b.Allowed {
			m.setFlash(m.cat.T("sup.cannot.override"), true)
			return nil
		}
		askSupervised(m.Context, supervisedMsg{gate: g, purpose: "override"}, row.Seq, rowSummary(m, row),
			func(c context.Context, svc *post.Service, guard gate.Guard, a post.Authority, reason string) (post.Saved, error) {
				return svc.OverrideSaved(c, guard, post.TargetOf(row), a, reason)
			})
		return nil
	case key.Matches(msg, k.Clear):
		row, ok := lp.selected()
		return clearFromLog(m, row, ok)
	}
	return nil
}

func (lp *logPanel) pageDown(m *Model) tea.Cmd {
	if len(lp.rows) < m.logRows() {
		return nil // this is the oldest page
	}
	lp.cursors = append(lp.cursors, lp.rows[len(lp.rows)-1].Seq)
	lp.sel, lp.paging = 0, true
	return m.reload(m.gateNo)
}

func (lp *logPanel) pageUp(m *Model) tea.Cmd {
	if len(lp.cursors) == 0 {
		return nil
	}
	lp.cursors = lp.cursors[:len(lp.cursors)-1]
	lp.sel, lp.paging = 0, true
	return m.reload(m.gateNo)
}

// Column widths in cells; the last column takes the rest of the line.
const (
	colSeq  = 6
	colTime = 8
	colDir  = 4
	colWho  = 8
	colName = 10
	colKey  = 10
	colTemp = 5
)

func (lp *logPanel) view(m *Model) string {
	var b strings.Builder
	title := m.cat.T("log.title")
	if len(lp.cursors) > 0 {
		title += "  " + m.cat.T("log.page", len(lp.cursors)+1)
	}
	b.WriteString(m.sty.Header.Render(title))
	if m.logFocused() {
		b.WriteString(m.sty.Dim.Render("  ↑/↓ PgUp/PgDn"))
	}
	b.WriteString("\n")
	if !lp.ready {
		b.WriteString(m.sty.Dim.Render(m.cat.T("status.loading")))
		return b.String()
	}
	if len(lp.rows) == 0 {
		b.WriteString(m.sty.Dim.Render(m.cat.T("log.empty")))
		return b.String()
	}
	// Rows are newest first, so the first has the widest number; past
	// 99999 records the column grows rather than cut a record's number.
	seqW := max(colSeq, len(fmt.Sprint(lp.rows[0].Seq))+1)
	// Only the rows that fit are drawn, scrolled so the selection is one.
	rows, first := lp.rows, 0
	if n := m.logRows(); len(rows) > n {
		if lp.sel >= n {
			first = lp.sel - n + 1
		}
		rows = rows[first : first+n]
	}
	for j, r := range rows {
		i := first + j
		mark := "  "
		if lp.focused && i == lp.sel {
			mark = selMark
		}
		line := fit(mark+rowLine(m, r, seqW), m.width)
		switch {
		case lp.focused && i == lp.sel:
			line = m.sty.Selected.Render(line)
		case r.Voided:
			line = m.sty.Struck.Render(line)
		}
		b.WriteString(line)
		if j < len(rows)-1 {
			b.WriteString("\n")
		}
	}
	return b.String()
}

// rowLine formats one record in fixed columns. No styling inside: the row
// is styled whole, so truncation never cuts an escape code.
func rowLine(m *Model, r store.Row, seqW int) string {
	c := m.cat
	var cols []string
	add := func(s string, w int) { cols = append(cols, fit(s, w)) }
	add(fmt.Sprintf("#%d", r.Seq), seqW)
	add(r.At.Format("15:04:05"), colTime)
	mark := ""
	if r.Voided {
		mark = c.T("log.void") + " "
	} else if r.Overridden {
		mark = c.T("log.override") + " "
	}
	switch r.Kind {
	case record.Passage:
		var b record.PassageBody
		_ = r.Decode(&b)
		add(c.T("dir."+string(b.Direction)), colDir)
		add(c.T("subject."+string(b.Subject)), colWho)
		name, key := b.Name, b.Badge
		switch p := r.Person; {
		case r.Erased:
			name = c.T("ident.erased")
		case p != nil && p.Plate != "":
			name, key = p.Name, p.Plate
		case p != nil && len(p.IDNumber) > 4:
			name, key = p.Name, "*"+p.IDNumber[len(p.IDNumber)-4:] // masked, the tail is all that is shown
		}
		add(name, colName)
		add(key, colKey)
		temp := ""
		if t := b.Final(); t != nil {
			temp = t.String()
		}
		add(temp, colTemp)
		verdict := c.T("dec.allow") + " "
		switch {
		case r.Overridden && !r.Voided:
			verdict = "" // [特批] already says the rule denied and a supervisor admitted
		case !b.Allowed:
			verdict = c.T("dec.deny") + " "
		}
		cols = append(cols, mark+verdict+reasonShort(c, b.Reason))
	default:
		add("", colDir)
		add(kindName(c, r.Kind), colWho)
		cols = append(cols, mark+kindDetail(m, r))
	}
	return strings.Join(cols, " ")
}

// reasonShort is the reason in a word or two, for a log column.
func reasonShort(c *Catalog, r string) string {
	if c.Has("rs." + r) {
		return c.T("rs." + r)
	}
	return r
}

func kindName(c *Catalog, k record.Kind) string {
	if c.Has("kind." + string(k)) {
		return c.T("kind." + string(k))
	}
	return c.T("kind.other", string(k))
}

func kindDetail(m *Model, r store.Row) string {
	switch r.Kind {
	case record.Void:
		var b record.VoidBody
		_ = r.Decode(&b)
		return m.cat.T("log.ref", b.TargetSeq) + " " + b.Supervisor + " " + b.Reason
	case record.Override:
		var b record.OverrideBody
		_ = r.Decode(&b)
		return b.Supervisor + " " + b.Reason
	case record.Clearance:
		// Whom it cleared, on what, and who signed it (it showed only the
		// signed-in guard).
		var b record.ClearanceBody
		_ = r.Decode(&b)
		return strings.Join(nonEmpty(b.Badge, word(m.cat, b.Result, "clr.result."), b.Supervisor, b.Reason), " ")
	case record.Incident:
		var b record.IncidentBody
		_ = r.Decode(&b)
		t := b.Type
		if m.cat.Has("incident." + t) {
			t = m.cat.T("incident." + t)
		}
		name := b.Name
		if r.Person != nil {
			name = r.Person.Name
		}
		detail := b.Detail
		if b.StandbyDay > 0 {
			detail = m.cat.T("incident.contact.at", m.cat.GateTag(r.Gate), b.StandbyDay)
		}
		return t + " " + name + " " + detail
	case record.ShiftOpen:
		var b record.ShiftOpenBody
		_ = r.Decode(&b)
		return r.Guard + " " + b.Name
	case record.ShiftClose:
		var b record.ShiftCloseBody
		_ = r.Decode(&b)
		return r.Guard + " " + b.Handover
	}
	if d := dailyKindDetail(m, r); d != "" {
		return d
	}
	if r.Kind == record.IdentityPurge {
		var b record.IdentityPurgeBody
		if r.Decode(&b) == nil && m.cat.Has("purge.detail."+b.Category) {
			return m.cat.T("purge.detail."+b.Category, b.Count, b.Before)
		}
	}
	if d := gateKindDetail(m.cat, r); d != "" {
		return d
	}
	if d := moveKindDetail(m, r); d != "" {
		return d
	}
	return r.Guard
}

// rowSummary names a record in a dialog.
func rowSummary(m *Model, r store.Row) string {
	return strings.Join(strings.Fields(rowLine(m, r, 20)), " ") // the fields are joined: no column to keep
}
