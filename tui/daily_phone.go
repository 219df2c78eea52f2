package tui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"gatepost/gate"
	"gatepost/post"
	"gatepost/record"
)

// The roll-call's last group (§11, issue 11): staff working from home
// report their temperature and answer the symptoms question by phone; the
// guard types what they say. Their readings are `temperature` records of
// method record.ReadingByPhone, and they count in the staff's coverage on
// this screen, so every staff member's health is checked daily.

// Symptoms answers: unset until the guard asks.
const (
	symNo  = 0
	symYes = 1
)

// hasPhone reports whether the roll-call has a phone group today.
func (d *dailyModel) hasPhone() bool { return len(d.scr.WFH) > 0 }

// phoneReading is today's latest reading of a staff member at home, as the
// screening holds it (loaded and still being saved alike).
func (d *dailyModel) phoneReading(badge string) (gate.Reading, bool) {
	if i := d.scr.Index(badge); i >= 0 && d.scr.People[i].Last != nil {
		return *d.scr.People[i].Last, true
	}
	return gate.Reading{}, false
}

// nextUnreported puts the cursor on the first staff member at home, from
// position from on (round the list), who has not reported; it stays where
// it is when all have.
func (r *rollState) nextUnreported(d *dailyModel, from int) {
	for k := range d.scr.WFH {
		q := d.scr.WFH[(from+k)%len(d.scr.WFH)]
		if _, ok := d.phoneReading(q.Badge); !ok {
			r.cursor = q.Badge
			return
		}
	}
}

// phonePos is the cursor's place among the staff working from home, -1
// when it is not on one of them.
func (r *rollState) phonePos(d *dailyModel) int {
	for i, p := range d.scr.WFH {
		if p.Badge == r.cursor {
			return i
		}
	}
	return -1
}

// toPhone chooses the phone group, the cursor on the first who has not
// reported.
func (r *rollState) toPhone(d *dailyModel) {
	r.phone, r.sym, r.errKey, r.top = true, unset, "", 0
	r.cursor = d.scr.WFH[0].Badge
	r.nextUnreported(d, 0)
}

// phoneKey handles the keys that differ in the phone group: ↑/↓ move among
// the staff at home, Space answers the symptoms question, Enter saves.
// handled is false for the keys the roll-call handles alike.
func (r *rollState) phoneKey(d *dailyModel, m *Context, msg tea.KeyMsg) (cmd tea.Cmd, handled bool) {
	l := m.keys.List
	switch {
	case msg.String() == " ": // a space, however the terminal sent it
		r.sym = (r.sym + 1) % 2 // unset → no → yes → no …
		r.errKey = ""
		return nil, true
	case key.Matches(msg, l.Up, l.Down) && !isRune(msg):
		p := max(r.phonePos(d), 0)
		if key.Matches(msg, l.Up) {
			p--
		} else {
			p++
		}
		p = max(0, min(p, len(d.scr.WFH)-1))
		r.cursor, r.sym, r.errKey = d.scr.WFH[p].Badge, unset, ""
		return nil, true
	case msg.Type == tea.KeyEnter && l.Open.Enabled():
		return r.submitPhone(d, m), true
	}
	return nil, false
}

// submitPhone saves the reported reading of the person under the cursor:
// a temperature and the symptoms answer are both required.
func (r *rollState) submitPhone(d *dailyModel, m *Context) tea.Cmd {
	i := r.phonePos(d)
	if i < 0 {
		return nil
	}
	t, ok := r.typedTemp()
	if !ok {
		return nil
	}
	if r.sym < 0 {
		r.errKey, r.errArg = "dm.phone.needsym", ""
		return nil
	}
	p := d.scr.WFH[i]
	symptoms := r.sym == symYes
	r.errKey, r.sym = "", unset
	in := post.ReadingInput{Gate: 0, Who: post.Who{Badge: p.Badge, Name: p.Name}, Group: p.Unit, Temp: t,
		Method: record.ReadingByPhone, Symptoms: symptoms}
	id := r.show(d, m.now(), in, false)
	fever := gate.IsFever(t, m.cfg.FeverAt())
	if fever || symptoms {
		m.setFlash(m.cat.T("dm.phone.abnormal", p.Name, t.String()), true)
	}
	// On to the next who has not reported.
	r.nextUnreported(d, i+1)
	return saveReading(m, id, p.Name+" "+t.String(), fever || symptoms, in)
}

// phoneView is the phone group: who works from home today, what each
// reported, and the line the guard types into.
func (r *rollState) phoneView(d *dailyModel, m *Context, head string, groups int) []string {
	c, s := m.cat, m.sty
	cov := d.scr.HomeCoverage()
	out := []string{head, field(m, c.T("dm.roll.group"), s.ChoiceOn.Render(c.T("dm.phone.group"))+"  "+
		s.Counter.Render(covText(cov))+"  "+s.Dim.Render(c.T("dm.roll.groupof", groups, groups)), false, 6)}
	who := ""
	if i := r.phonePos(d); i >= 0 {
		p := d.scr.WFH[i]
		who = p.Badge + " " + p.Name + " " + p.Unit
	}
	sym := choiceRow(s, []string{c.T("dm.phone.sym.no"), c.T("dm.phone.sym.yes")}, r.sym, true)
	out = append(out, field(m, c.T("f.temp"), fit(m.inputView(r.input), 6), r.input.Focused(), 8)+"  "+
		c.T("dm.phone.sym")+" "+sym+"  "+s.Value.Render(who))
	msg := s.Dim.Render(c.T("dm.phone.hint"))
	if r.errKey != "" {
		msg = s.Error.Render(c.T(r.errKey, r.errArg))
	}
	out = append(out, msg)
	top := max(0, min(r.phonePos(d)-rollRows+1, len(d.scr.WFH)-rollRows))
	for row := 0; row < rollRows; row++ {
		k := top + row
		if k >= len(d.scr.WFH) {
			out = append(out, "")
			continue
		}
		p := d.scr.WFH[k]
		mark := "  "
		if p.Badge == r.cursor {
			mark = selMark
		}
		temp, at, status := "", "", c.T("dm.phone.none")
		sym := false
		x, reported := d.phoneReading(p.Badge)
		if reported {
			temp, at, status = x.Temp.String(), x.At.Format("15:04"), c.T("dm.phone.done")
			if sym = x.Symptoms; sym {
				status = c.T("dm.phone.done.sym") // open in the assessment until cleared
			}
		}
		line := fit(mark+fit(p.Badge, 7)+" "+fit(p.Name, 8)+" "+fit(temp, 5)+" "+fit(at, 5)+" "+status, rollLeftW+rollRightW)
		switch {
		case p.Badge == r.cursor:
			line = s.Selected.Render(line)
		case sym:
			line = s.Warn.Render(line)
		case reported:
			line = s.Dim.Render(line)
		}
		out = append(out, line)
	}
	if n := cov.Unchecked(); n > 0 {
		out = append(out, s.Deny.Render(c.T("dm.phone.missing", n)))
	} else {
		out = append(out, s.OK.Render(c.T("dm.phone.alldone")))
	}
	return out
}
