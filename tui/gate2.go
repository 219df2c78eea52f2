package tui

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"gatepost/gate"
	"gatepost/post"
	"gatepost/record"
	"gatepost/store"
)

// Gate 2, the custody-zone entrance: staff crossings, and the supplies that
// go in, each received, then disinfected, then stored once the
// disinfectant's contact time has passed.

// Gate-2 modes, the first field of the form.
const (
	g2Cross = iota
	g2Receive
	g2Disinfect
	g2Store
)

// supplyWindowDays is how far back the pending supplies are read. A supply
// still not stored after two months was used or thrown away; it is voided
// rather than kept on the panel for ever, and this bound keeps the read
// small after years of deliveries.
const supplyWindowDays = 60

// pendingLimit bounds the supplies the panel and pickers hold. A post has a
// handful pending; the bound keeps a log full of never-stored deliveries
// from making the screen slow.
const pendingLimit = 200

type gate2Model struct {
	gateForm // the form, its phase, the error under it, saving
	mode     *formField

	cross *staffCrossing

	item, category, qty, unit, source *formField

	dSupply, preset, method, agent, conc, minutes *formField

	sSupply, location *formField

	supplies    []gate.Supply // not yet stored, oldest first
	more        bool          // more than pendingLimit are pending
	disinfect   []gate.Supply // candidates of the disinfect picker
	storable    []gate.Supply // candidates of the store picker
	counts      gate.Counts
	received    int // supplies received today
	storedToday int

	plan    post.Plan // what Enter saves in a supply mode, as the service decided it
	summary string    // and its description, shown before saving
}

func newGate2(cat *Catalog) *gate2Model {
	g := &gate2Model{cross: newStaffCrossing(cat, 2)}
	g.mode = choiceF("f.g2mode", cat.T("g2.mode.cross"), cat.T("g2.mode.receive"), cat.T("g2.mode.disinfect"), cat.T("g2.mode.store"))

	cats := make([]string, len(record.SupplyCategories))
	for i, c := range record.SupplyCategories {
		cats[i] = cat.T("supply." + string(c))
	}
	g.item = textF("f.item", 40, 16, true)
	g.category = choiceF("f.category", cats...)
	g.qty = textF("f.qty", 10, 8, false)
	g.unit = textF("f.unit", 8, 6, true)
	g.source = textF("f.source", 40, 20, true)

	presets := make([]string, 0, len(gate.DisinfectPresets)+1)
	for _, p := range gate.DisinfectPresets {
		presets = append(presets, cat.T("preset."+p.Name))
	}
	presets = append(presets, cat.T("preset.custom"))
	methods := make([]string, len(record.DisinfectMethods))
	for i, x := range record.DisinfectMethods {
		methods[i] = cat.T("method." + string(x))
	}
	g.dSupply = spinF("f.supply")
	g.preset = spinF("f.preset", presets...)
	g.method = spinF("f.method", methods...)
	g.agent = textF("f.agent", 30, 14, true)
	g.conc = textF("f.conc", 20, 10, true)
	g.minutes = textF("f.minutes", 5, 4, false)
	g.applyPreset(cat, 0)

	g.sSupply = spinF("f.supply")
	g.location = textF("f.location", 40, 20, true)
	g.setMode(g2Cross)
	g.f.setFocus(1) // the badge: most entries at this post are crossings
	return g
}

func (g *gate2Model) fieldsOf(mode int) []*formField {
	switch mode {
	case g2Receive:
		return []*formField{g.mode, g.item, g.category, g.qty, g.unit, g.source}
	case g2Disinfect:
		return []*formField{g.mode, g.dSupply, g.method, g.preset, g.agent, g.conc, g.minutes}
	case g2Store:
		return []*formField{g.mode, g.sSupply, g.location}
	}
	return []*formField{g.mode, g.cross.badge, g.cross.dir}
}

func (g *gate2Model) setMode(mode int) {
	g.mode.cur = mode
	g.f.setFields(g.fieldsOf(mode), 0)
	g.err = formError{}
}

// applyPreset fills the disinfection fields from preset i; the last option
// (custom) leaves them as they are.
func (g *gate2Model) applyPreset(cat *Catalog, i int) {
	g.preset.cur = i
	if i >= len(gate.DisinfectPresets) {
		return
	}
	p := gate.DisinfectPresets[i]
	for j, x := range record.DisinfectMethods {
		if x == p.Method {
			g.method.cur = j
		}
	}
	g.agent.propose(cat.T("preset." + p.Name + ".agent"))
	g.conc.propose(p.Concentration)
	g.minutes.propose(strconv.Itoa(p.ContactMin))
}

// The screen interface.

func (g *gate2Model) lines() int { return 12 }

func (g *gate2Model) dirty() bool {
	return g.phase != phaseEdit || anyText(g.cross.badge, g.item, g.qty, g.source, g.location)
}

func (g *gate2Model) help(k keyMap) []key.Binding {
	return gateHelp(g.gateForm, k, g.mode.cur == g2Cross && g.cross.plan.Overridable())
}

// clear empties the form at Esc, saying so.
func (g *gate2Model) clear(m *Context) {
	m.sayCleared(g.dirty())
	g.reset()
}

// reset empties the current mode's typed input; choices and the
// disinfection preset stay, as the next entry is usually of the same sort.
func (g *gate2Model) reset() {
	switch g.mode.cur {
	case g2Cross:
		g.cross.clear()
	case g2Receive:
		for _, x := range []*formField{g.item, g.qty, g.unit, g.source} {
			x.set("")
		}
	case g2Store:
		g.location.set("")
	}
	g.phase, g.err, g.plan, g.saving = phaseEdit, formError{}, post.Plan{}, false
	g.f.setFocus(1)
}

func (g *gate2Model) saved(m *Context, msg savedMsg) string {
	mode := g.mode.cur
	g.reset()
	if mode == g2Disinfect {
		g.preset.cur = 0
		g.applyPreset(m.cat, 0)
	}
	return savedText(m.cat, msg.post, msg.recs)
}

func (g *gate2Model) busy() bool { return g.saving || g.cross.waiting }

func (g *gate2Model) update(m *Context, msg tea.KeyMsg) tea.Cmd {
	if g.saving || g.cross.waiting {
		return nil
	}
	if g.phase == phaseDecide {
		return g.updateDeciding(m, msg)
	}
	if stepForm(m, 2, &g.f, msg, func() { g.clear(m) }) {
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
	case g.mode:
		g.setMode(g.mode.cur)
	case g.preset:
		g.applyPreset(m.cat, g.preset.cur)
	case g.method, g.agent, g.conc, g.minutes:
		g.preset.cur = len(gate.DisinfectPresets) // edited by hand: custom
	case g.cross.badge:
		return tea.Batch(cmd, g.cross.lookup.typed(m, 2, g.cross.badge.value()))
	}
	return cmd
}

func (g *gate2Model) updateDeciding(m *Context, msg tea.KeyMsg) tea.Cmd {
	if g.mode.cur == g2Cross {
		cmd, back := g.cross.decidingKey(m, msg, &g.saving)
		if back {
			g.backToEdit()
		}
		return cmd
	}
	switch {
	case key.Matches(msg, m.keys.Decide.Back):
		g.plan = post.Plan{}
		g.backToEdit()
	case key.Matches(msg, m.keys.Decide.Save):
		g.saving = true
		plan, guard := g.plan, *m.guard
		return postCmd(2, "form", func(c context.Context) (post.Saved, error) { return m.svc.Save(c, guard, plan) })
	}
	return nil
}

// submit validates the current mode's input and shows what will be saved.
func (g *gate2Model) submit(m *Context) tea.Cmd {
	g.err = formError{}
	switch g.mode.cur {
	case g2Cross:
		cmd, e := g.cross.submit(m)
		if e.key != "" {
			return g.fail(g.cross.badge, e.key)
		}
		return cmd
	case g2Receive:
		return g.submitReceive(m)
	case g2Disinfect:
		return g.submitDisinfect(m)
	}
	return g.submitStore(m)
}

func (g *gate2Model) submitReceive(m *Context) tea.Cmd {
	if g.item.value() == "" {
		return g.fail(g.item, "err.required", m.cat.T("f.item"))
	}
	q, err := gate.ParseQuantity(g.qty.value())
	if err != nil {
		k, typed := inputErrKey(err, g.qty.value())
		return g.fail(g.qty, k, typed)
	}
	if g.unit.value() == "" {
		return g.fail(g.unit, "err.required", m.cat.T("f.unit"))
	}
	if g.source.value() == "" {
		return g.fail(g.source, "err.required", m.cat.T("f.source"))
	}
	plan, err := m.svc.DecideReceive(post.ReceiveInput{Item: g.item.value(), Category: record.SupplyCategories[g.category.cur],
		Quantity: q, Unit: g.unit.value(), Source: g.source.value()})
	if err != nil {
		return g.fail(g.item, "err.generic", err.Error())
	}
	g.plan = plan
	b := plan.Body.(record.SupplyReceivedBody)
	g.summary = m.cat.T("g2.sum.receive", b.Item, qtyText(b.Quantity, b.Unit), m.cat.T("supply."+string(b.Category)), b.Source)
	g.decide()
	return nil
}

func (g *gate2Model) picked(list []gate.Supply, x *formField) (gate.Supply, bool) {
	if x.cur < 0 || x.cur >= len(list) {
		return gate.Supply{}, false
	}
	return list[x.cur], true
}

func (g *gate2Model) submitDisinfect(m *Context) tea.Cmd {
	s, ok := g.picked(g.disinfect, g.dSupply)
	if !ok {
		return g.fail(g.dSupply, "g2.none.disinfect")
	}
	mins, err := gate.ParseMinutes(g.minutes.value())
	if err != nil {
		k, typed := inputErrKey(err, g.minutes.value())
		return g.fail(g.minutes, k, typed)
	}
	plan, err := m.svc.DecideDisinfectSupply(post.SupplyDisinfectInput{Supply: s, Method: record.DisinfectMethods[g.method.cur],
		Agent: g.agent.value(), Concentration: g.conc.value(), ContactMin: mins, Operator: m.guard.Badge})
	var re *post.RefusedError
	switch {
	case errors.As(err, &re):
		return g.fail(g.dSupply, "refuse."+re.Code)
	case err != nil:
		return g.fail(g.dSupply, "err.generic", err.Error())
	}
	g.plan = plan
	b := plan.Body.(record.SupplyDisinfectedBody)
	at := m.now()
	g.summary = m.cat.T("g2.sum.disinfect", s.Seq, s.Body.Item, methodText(m.cat, b.Method, b.Agent, b.Concentration), mins,
		at.Add(time.Duration(mins)*time.Minute).Format("15:04"))
	g.decide()
	return nil
}

func (g *gate2Model) submitStore(m *Context) tea.Cmd {
	s, ok := g.picked(g.storable, g.sSupply)
	if !ok {
		return g.fail(g.sSupply, "g2.none.store")
	}
	plan, err := m.svc.DecideStoreSupply(post.SupplyStoreInput{Supply: s, Location: g.location.value()})
	var re *post.RefusedError
	var ie *post.InputError
	switch {
	case errors.As(err, &re) && re.Code == gate.RefuseContactTime:
		return g.fail(g.sSupply, "refuse.contact_time", re.MinutesLeft, re.Until.Format("15:04"))
	case errors.As(err, &re) && re.Code == gate.RefuseNoLocation, errors.As(err, &ie) && ie.Field == "Location":
		return g.fail(g.location, "refuse.no_location")
	case errors.As(err, &re):
		return g.fail(g.sSupply, "refuse."+re.Code)
	case err != nil:
		return g.fail(g.sSupply, "err.generic", err.Error())
	}
	g.plan = plan
	b := plan.Body.(record.SupplyStoredBody)
	g.summary = m.cat.T("g2.sum.store", s.Seq, s.Body.Item, qtyText(s.Body.Quantity, s.Body.Unit), b.Location)
	g.decide()
	return nil
}

// gate2Msg is the gate's counters and the supplies not yet stored.
type gate2Msg struct {
	counts      gate.Counts
	supplies    []gate.Supply
	more        bool
	received    int
	storedToday int
	err         error
}

func (g *gate2Model) load(m *Context) tea.Cmd {
	st, now := m.st, m.now()
	day := store.Day(now)
	from := store.Day(now.AddDate(0, 0, -supplyWindowDays))
	return toScreen(2, func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		var out gate2Msg
		if out.counts, out.err = crossCounts(c, st, 2, day, gate.DefaultFever); out.err != nil {
			return out
		}
		if out.received, out.err = st.CountKindDay(c, record.SupplyReceived, day); out.err != nil {
			return out
		}
		if out.storedToday, out.err = st.CountKindDay(c, record.SupplyStored, day); out.err != nil {
			return out
		}
		rec, dis, more, err := st.PendingSupplies(c, from, pendingLimit)
		if err != nil {
			out.err = err
			return out
		}
		// Receipts first, then their disinfections in seq order: the fold
		// needs each supply before its steps.
		out.supplies, out.more = gate.Supplies(store.Events(append(rec, dis...))), more
		return out
	})
}

func (g *gate2Model) handle(m *Context, msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case lookupMsg:
		g.cross.lookup.answer(msg)
	case staffCtxMsg:
		save, ok := g.cross.decide(m, msg, &g.saving)
		if ok {
			g.decide()
		}
		return save
	case gate2Msg:
		if m.readFailed(msg.err) {
			return nil
		}
		g.counts, g.received, g.storedToday, g.more = msg.counts, msg.received, msg.storedToday, msg.more
		g.setSupplies(m, msg.supplies)
	}
	return nil
}

// setSupplies refreshes the pickers, keeping the supply each one showed.
func (g *gate2Model) setSupplies(m *Context, ss []gate.Supply) {
	keep := func(list []gate.Supply, x *formField) string {
		if s, ok := g.picked(list, x); ok {
			return s.ID
		}
		return ""
	}
	dKeep, sKeep := keep(g.disinfect, g.dSupply), keep(g.storable, g.sSupply)
	g.supplies = ss
	now := m.now()
	// Disinfect: what has not been disinfected first. Store: what is ready
	// first; a supply still in its contact time is offered too, so the guard
	// hears how long is left.
	g.disinfect, g.storable = nil, nil
	for _, stage := range []gate.SupplyStage{gate.StageReceived, gate.StageDisinfecting, gate.StageReady} {
		for _, s := range ss {
			if s.Stage(now) == stage {
				g.disinfect = append(g.disinfect, s)
			}
		}
	}
	for _, stage := range []gate.SupplyStage{gate.StageReady, gate.StageDisinfecting, gate.StageReceived} {
		for _, s := range ss {
			if s.Stage(now) == stage {
				g.storable = append(g.storable, s)
			}
		}
	}
	fill := func(list []gate.Supply, x *formField, id string) {
		x.opts = make([]string, len(list))
		x.cur = 0
		for i, s := range list {
			x.opts[i] = supplyLabel(s)
			if s.ID == id {
				x.cur = i
			}
		}
	}
	fill(g.disinfect, g.dSupply, dKeep)
	fill(g.storable, g.sSupply, sKeep)
}

func supplyLabel(s gate.Supply) string {
	return fmt.Sprintf("#%d %s %s", s.Seq, s.Body.Item, qtyText(s.Body.Quantity, s.Body.Unit))
}

func qtyText(q float64, unit string) string {
	return strconv.FormatFloat(q, 'f', -1, 64) + " " + unit
}

// methodText is "喷洒 含氯消毒剂 500 mg/L".
func methodText(c *Catalog, method record.DisinfectMethod, agent, conc string) string {
	parts := []string{c.T("method." + string(method))}
	for _, s := range []string{agent, conc} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, " ")
}

// stageText says where a supply is, with the minutes left while disinfecting.
func stageText(m *Context, s gate.Supply, now time.Time) string {
	switch st := s.Stage(now); st {
	case gate.StageDisinfecting:
		return m.cat.T("stage.disinfecting.left", s.MinutesLeft(now))
	default:
		return m.cat.T("stage." + string(st))
	}
}

func (g *gate2Model) countsLine(m *Context) string {
	c := g.counts
	s := m.sty
	return strings.Join([]string{
		s.Counter.Render(m.cat.T("count.in", c.In)),
		s.Counter.Render(m.cat.T("count.out", c.Out)),
		s.Deny.Render(m.cat.T("count.denied", c.Denied)),
		s.Counter.Render(m.cat.T("count.received", g.received)),
		s.Counter.Render(m.cat.T("count.stored", g.storedToday)),
	}, "   ")
}

func (g *gate2Model) view(m *Context) string {
	s := m.sty
	edit := g.phase == phaseEdit
	r := func(x *formField, w int) string { return g.f.render(m, x, w, edit) }
	var b strings.Builder
	b.WriteString(g.countsLine(m) + "\n")
	b.WriteString(r(g.mode, 10) + "\n")
	now := m.now()
	switch g.mode.cur {
	case g2Cross:
		b.WriteString(fit(r(g.cross.badge, 11), 36) + r(g.cross.dir, 6) + "\n")
		b.WriteString(field(m, m.cat.T("f.name"), g.cross.lookup.who(m, true), false, 10) + "\n\n")
	case g2Receive:
		b.WriteString(fit(r(g.item, 10), 30) + r(g.category, 6) + "\n")
		b.WriteString(fit(r(g.qty, 10), 21) + fit(r(g.unit, 6), 17) + r(g.source, 6) + "\n\n")
	case g2Disinfect:
		b.WriteString(fit(r(g.dSupply, 10), 44) + r(g.method, 6) + "\n")
		b.WriteString(r(g.preset, 10) + "\n")
		b.WriteString(fit(r(g.agent, 10), 27) + fit(r(g.conc, 6), 19) + r(g.minutes, 8) + " " + m.cat.T("unit.minutes") + "\n")
	case g2Store:
		b.WriteString(r(g.sSupply, 10) + "\n")
		b.WriteString(r(g.location, 10) + "\n")
		note := ""
		if sp, ok := g.picked(g.storable, g.sSupply); ok {
			note = g.supplyNote(m, sp, now)
		}
		b.WriteString(field(m, "", s.Dim.Render(note), false, 10) + "\n")
	}
	var l1, l2 string
	if !edit {
		if g.mode.cur == g2Cross {
			l1, l2 = g.cross.decisionView(m)
		} else {
			l1, l2 = s.Allow.Render(">> ")+g.summary, s.Dim.Render(m.cat.T("dec.confirm"))
		}
	}
	b.WriteString(decisionLines(m, g.err, l1, l2) + "\n")
	b.WriteString(g.panel(m, now))
	return padLines(b.String(), g.lines())
}

// supplyNote says how a supply was disinfected and when it may be stored.
func (g *gate2Model) supplyNote(m *Context, sp gate.Supply, now time.Time) string {
	if sp.Disinfected == nil {
		return m.cat.T("g2.note.notyet")
	}
	d := sp.Disinfected
	note := m.cat.T("g2.note.disinfected", d.At.Format("15:04"), methodText(m.cat, d.Body.Method, d.Body.Agent, d.Body.Concentration), d.Body.ContactMin)
	if left := sp.MinutesLeft(now); left > 0 {
		return note + m.cat.T("g2.note.left", sp.ContactEnds().Format("15:04"), left)
	}
	return note + m.cat.T("g2.note.ready")
}

// panelRows is how many supplies the panel lists under its title.
const panelRows = 3

func (g *gate2Model) panel(m *Context, now time.Time) string {
	s := m.sty
	var n [3]int
	for _, sp := range g.supplies {
		switch sp.Stage(now) {
		case gate.StageReceived:
			n[0]++
		case gate.StageDisinfecting:
			n[1]++
		case gate.StageReady:
			n[2]++
		}
	}
	var b strings.Builder
	total := strconv.Itoa(len(g.supplies))
	if g.more {
		total += "+" // the counts below are of the oldest pendingLimit
	}
	b.WriteString(s.Header.Render(m.cat.T("g2.panel", total)) + "  " +
		s.Warn.Render(m.cat.T("stage.received")+" "+strconv.Itoa(n[0])) + "  " +
		s.Counter.Render(m.cat.T("stage.disinfecting")+" "+strconv.Itoa(n[1])) + "  " +
		s.Allow.Render(m.cat.T("stage.ready")+" "+strconv.Itoa(n[2])))
	if len(g.supplies) == 0 {
		b.WriteString("\n" + s.Dim.Render(m.cat.T("g2.panel.none")))
		return b.String()
	}
	for i, sp := range g.supplies {
		if i == panelRows-1 && len(g.supplies) > panelRows {
			b.WriteString("\n" + s.Dim.Render(m.cat.T("panel.more", len(g.supplies)-i)))
			break
		}
		line := fit(fmt.Sprintf("#%d", sp.Seq), 7) + fit(sp.At.Format("01-02 15:04"), 12) +
			fit(sp.Body.Item+" "+qtyText(sp.Body.Quantity, sp.Body.Unit), 23) + " " + fit(sp.Body.Source, 11) + " " + stageText(m, sp, now)
		b.WriteString("\n" + clip(line, m.width))
	}
	return b.String()
}
