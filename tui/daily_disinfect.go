package tui

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"gatepost/gate"
	"gatepost/post"
	"gatepost/record"
	"gatepost/report"
)

// The disinfection log (§3 日筛查: every zone disinfected every day). Zone,
// area, method and agent are picked with ←/→ from presets, so a routine
// entry is a few keys; typing on the area or the agent turns the preset
// into free text, so nothing is forced on the guard. Each zone shows done /
// not yet today above the form.

// Disinfection form fields, in Tab order.
const (
	dfZone = iota
	dfArea
	dfMethod
	dfAgent
	dfConc
	dfContact
	dfOperator
	dfTime
	dfN
)

type disForm struct {
	fld      int // the focused field
	zone     int // index into gate.Zones
	area     int // index into the zone's area presets; len(presets) is typed text
	method   int // index into record.DisinfectMethods
	agent    int // index into gate.ZoneAgents; len(ZoneAgents) is typed text
	areaText textinput.Model
	agentTxt textinput.Model
	conc     textinput.Model
	contact  textinput.Model
	operator textinput.Model
	at       textinput.Model
	errKey   string
	errArg   string
	saving   bool
	focused  bool
	lastArea string // the area of the round being saved
}

func newDisForm() *disForm {
	f := &disForm{}
	mk := func(limit, w int) textinput.Model { t := newInput(limit); t.Width = w; return t }
	f.areaText, f.agentTxt = mk(40, 20), mk(30, 20)
	f.conc, f.contact, f.operator, f.at = mk(20, 10), mk(6, 4), mk(20, 10), mk(8, 8)
	f.setAgent(0)
	return f
}

// areaOpt is an area the form offers: a required area by its code (the
// record stores the code, and the catalogue names it in either language),
// or one of the catalogue's other usual areas, stored as its name.
type areaOpt struct {
	code  string
	label string
}

// zoneAreas are the areas the form offers for a zone: its required areas
// first (gate.DefaultAreas, so a round recorded here counts for its
// area), then, in Chinese, the catalogue's other usual areas.
func zoneAreas(c *Catalog, z gate.Zone) []areaOpt {
	var out []areaOpt
	for _, a := range gate.DefaultAreas {
		if a.Zone == z {
			out = append(out, areaOpt{a.Code, report.AreaName(c, a.Code)})
		}
	}
	if !c.Chinese() && len(out) > 0 {
		return out
	}
	for _, a := range strings.Split(c.T("dm.areas."+string(z)), "|") {
		if !slices.ContainsFunc(out, func(o areaOpt) bool { return o.label == a }) {
			out = append(out, areaOpt{label: a})
		}
	}
	return out
}

// areaCode is what the record stores for an area typed by hand: the code
// of the required area whose name (in this language) it is, so a typed
// round counts like a picked one, else the text itself.
func areaCode(c *Catalog, z gate.Zone, typed string) string {
	for _, a := range gate.DefaultAreas {
		if a.Zone == z && (a.Matches(typed) || strings.EqualFold(strings.Join(strings.Fields(typed), " "), report.AreaName(c, a.Code))) {
			return a.Code
		}
	}
	return typed
}

// areasLine is a zone's required areas with their rounds done today over
// those required ("检查通道 1/2"), and whether every one is complete.
func areasLine(c *Catalog, done []gate.AreaDone, z gate.Zone) (string, bool) {
	var parts []string
	complete := true
	for _, a := range done {
		if a.Zone != z {
			continue
		}
		parts = append(parts, fmt.Sprintf("%s %d/%d", report.AreaName(c, a.Code), min(a.Done, a.PerDay), a.PerDay))
		complete = complete && a.Complete()
	}
	return strings.Join(parts, "  "), complete
}

// setAgent applies a preset: method, concentration and contact time follow.
func (f *disForm) setAgent(i int) {
	f.agent = i
	if i >= len(gate.ZoneAgents) {
		return
	}
	a := gate.ZoneAgents[i]
	for j, m := range record.DisinfectMethods {
		if m == a.Method {
			f.method = j
		}
	}
	f.conc.SetValue(a.Concentration)
	f.contact.SetValue(fmt.Sprint(a.ContactMin))
}

func (f *disForm) inputs() map[int]*textinput.Model {
	return map[int]*textinput.Model{dfConc: &f.conc, dfContact: &f.contact, dfOperator: &f.operator, dfTime: &f.at}
}

func (f *disForm) blur() {
	f.focused = false
	for _, in := range []*textinput.Model{&f.areaText, &f.agentTxt, &f.conc, &f.contact, &f.operator, &f.at} {
		in.Blur()
	}
}

// focus gives the form the keys (on) or takes them away.
func (f *disForm) focus(on bool) {
	f.blur()
	if !on {
		return
	}
	f.focused = true
	switch f.fld {
	case dfArea:
		f.areaText.Focus()
	case dfAgent:
		f.agentTxt.Focus()
	default:
		if in, ok := f.inputs()[f.fld]; ok {
			in.Focus()
		}
	}
}

func (f *disForm) setFocus(i int) {
	f.fld = (i + dfN) % dfN
	f.focus(true)
}

func (f *disForm) freeText() bool {
	switch f.fld {
	case dfArea, dfAgent, dfConc, dfOperator:
		return true
	}
	return false
}

// dirty reports typed text that a quit would lose; the presets are not input.
func (f *disForm) dirty() bool {
	return f.areaText.Value() != "" || f.agentTxt.Value() != "" || f.at.Value() != ""
}

// defaults fills the operator with the signed-in guard, once.
func (f *disForm) defaults(name string) {
	if f.operator.Value() == "" {
		f.operator.SetValue(name)
	}
}

func (f *disForm) update(d *dailyModel, m *Context, msg tea.KeyMsg) tea.Cmd {
	if f.saving {
		return nil
	}
	k := m.keys.Form
	arrows := key.Matches(msg, m.keys.List.Left, m.keys.List.Right)
	switch {
	case key.Matches(msg, k.Next) && f.fld == dfN-1:
		f.blur()
		m.focusLog(0)
		return nil
	case key.Matches(msg, k.Next, k.Down):
		f.setFocus(f.fld + 1)
		return nil
	case key.Matches(msg, k.Prev, k.Up):
		f.setFocus(f.fld - 1)
		return nil
	case key.Matches(msg, k.Save):
		return f.submit(d, m)
	case key.Matches(msg, k.Clear):
		f.areaText.SetValue("")
		f.agentTxt.SetValue("")
		f.at.SetValue("")
		f.area, f.errKey = 0, ""
		f.setAgent(0)
		return nil
	}
	f.errKey = ""
	areas := zoneAreas(m.cat, gate.Zones[f.zone])
	switch f.fld {
	case dfZone:
		if n := cycle(f.zone, len(gate.Zones), msg); n != f.zone {
			f.zone, f.area = n, 0
			f.areaText.SetValue("")
		}
		return nil
	case dfMethod:
		f.method = cycle(f.method, len(record.DisinfectMethods), msg)
		return nil
	case dfArea:
		if arrows {
			f.area = cycle(f.area, len(areas)+1, msg)
			return nil
		}
		if f.area < len(areas) {
			// Typing edits the preset: it becomes the text to change.
			f.areaText.SetValue(areas[f.area].label)
			f.areaText.CursorEnd()
			f.area = len(areas)
		}
		var cmd tea.Cmd
		f.areaText, cmd = f.areaText.Update(msg)
		return cmd
	case dfAgent:
		if arrows {
			f.setAgent(cycle(f.agent, len(gate.ZoneAgents)+1, msg))
			return nil
		}
		if f.agent < len(gate.ZoneAgents) {
			f.agentTxt.SetValue(m.cat.T("dm.agent." + gate.ZoneAgents[f.agent].Name))
			f.agentTxt.CursorEnd()
			f.agent = len(gate.ZoneAgents)
		}
		var cmd tea.Cmd
		f.agentTxt, cmd = f.agentTxt.Update(msg)
		return cmd
	}
	in := f.inputs()[f.fld]
	var cmd tea.Cmd
	*in, cmd = in.Update(msg)
	return cmd
}

func (f *disForm) fail(field int, key, arg string) tea.Cmd {
	f.errKey, f.errArg = key, arg
	f.setFocus(field)
	return nil
}

func (f *disForm) submit(d *dailyModel, m *Context) tea.Cmd {
	c := m.cat
	z := gate.Zones[f.zone]
	areas := zoneAreas(c, z)
	area := strings.TrimSpace(f.areaText.Value())
	if f.area < len(areas) {
		area = areas[f.area].code
		if area == "" {
			area = areas[f.area].label
		}
	}
	if area == "" {
		return f.fail(dfArea, "dm.dis.noarea", "")
	}
	area = areaCode(c, z, area)
	agent := strings.TrimSpace(f.agentTxt.Value())
	if f.agent < len(gate.ZoneAgents) {
		agent = c.T("dm.agent." + gate.ZoneAgents[f.agent].Name)
	}
	method := record.DisinfectMethods[f.method]
	if agent == "" && method != record.MethodUV {
		return f.fail(dfAgent, "dm.dis.noagent", "")
	}
	mins := 0
	if raw := strings.TrimSpace(f.contact.Value()); raw != "" {
		n, err := gate.ParseMinutes(raw)
		if err != nil {
			return f.fail(dfContact, "err.minutes.format", raw)
		}
		mins = n
	}
	op := strings.TrimSpace(f.operator.Value())
	if op == "" {
		return f.fail(dfOperator, "dm.dis.nooperator", "")
	}
	at := m.now()
	if raw := strings.TrimSpace(f.at.Value()); raw != "" {
		t, err := gate.ParseClock(raw, at)
		var ie *gate.InputError
		switch {
		case errors.As(err, &ie):
			return f.fail(dfTime, "dm.dis.time", raw)
		case t.After(at):
			return f.fail(dfTime, "dm.dis.future", raw)
		}
		at = t
	}
	f.saving = true
	f.errKey = ""
	in := post.DisinfectionInput{Zone: z, Area: area, Method: method, Agent: agent,
		Concentration: strings.TrimSpace(f.conc.Value()), ContactMin: mins, Operator: op, At: at}
	f.lastArea = area
	who, guard := zoneName(c, z)+" "+report.AreaName(c, area), *m.guard
	return toScreen(0, dailyPostCmd("disinfect", who, false, nil, func(c context.Context) (post.Saved, error) {
		return m.svc.Disinfect(c, guard, in)
	}))
}

// saved moves the form on to the next required area still short of its
// rounds — in this zone first, then in the zones after it — keeping the
// method, agent and operator: a round of disinfection uses the same.
func (f *disForm) saved(d *dailyModel, c *Catalog) {
	f.saving = false
	// d.areas is as of the last load: count the round just saved.
	done := slices.Clone(d.areas)
	z := gate.Zones[f.zone]
	for i := range done {
		if done[i].Zone == z && done[i].Matches(f.lastArea) {
			done[i].Done++
		}
	}
	f.area = 0
	for k := 0; k < len(gate.Zones); k++ {
		i := (f.zone + k) % len(gate.Zones)
		if miss := gate.ZoneMissing(done, gate.Zones[i]); len(miss) > 0 {
			f.zone = i
			f.area = max(0, slices.IndexFunc(zoneAreas(c, gate.Zones[i]), func(o areaOpt) bool { return o.code == miss[0].Code }))
			break
		}
	}
	f.areaText.SetValue("")
	f.at.SetValue("")
}

func (f *disForm) view(d *dailyModel, m *Context) []string {
	c, s := m.cat, m.sty
	dp := d.today.Disinfection
	// The count is of zones whose every required area had all of the
	// day's rounds, and says so: the report judges by the rounds due so
	// far, and a count that read "every area done as often as required:
	// 0/5" beside a report saying all five were had a supervisor
	// wondering which to believe.
	complete := 0
	for _, z := range dp.Zones {
		if z.Times > 0 && len(gate.ZoneMissing(d.areas, z.Zone)) == 0 {
			complete++
		}
	}
	out := []string{s.Counter.Render(c.T("dm.dis.complete", complete, dp.Total, dp.Records))}
	zw := 0
	for _, z := range gate.Zones {
		zw = max(zw, ansi.StringWidth(zoneName(c, z)))
	}
	// Each zone with its required areas' rounds (无死角、无盲区: one wipe
	// anywhere does not make the zone done), then its last round.
	for _, z := range dp.Zones {
		name := fit(zoneName(c, z.Zone), zw+2)
		areas, complete := areasLine(c, d.areas, z.Zone)
		if z.Times == 0 {
			out = append(out, s.Deny.Render(clip(name+c.T("dm.dis.notyet")+"  "+areas, m.width)))
			continue
		}
		detail := areas + "  " + hhmm(z.LastAt) + " " +
			strings.Join(nonEmpty(word(c, z.Method, "method."), z.Agent, z.Concentration, z.Operator), " ")
		st := s.OK
		if !complete {
			st = s.Warn
		}
		out = append(out, st.Render(name)+clip(detail, m.width-zw-2))
	}
	on := func(i int) bool { return f.focused && f.fld == i }
	one := func(label string, n, of int, focused bool) string {
		st := s.Choice
		if focused {
			st = s.ChoiceOn
		}
		return st.Render("< "+label+" >") + s.Dim.Render(fmt.Sprintf(" %d/%d", n, of))
	}
	zones := make([]string, len(gate.Zones))
	for i, z := range gate.Zones {
		zones[i] = zoneName(c, z)
	}
	out = append(out, field(m, c.T("dm.f.zone"), choiceRow(s, zones, f.zone, on(dfZone)), on(dfZone), 8))
	areas := zoneAreas(c, gate.Zones[f.zone])
	av := ""
	if f.area < len(areas) {
		av = one(areas[f.area].label, f.area+1, len(areas)+1, on(dfArea))
	} else {
		av = fit(m.inputView(f.areaText), 20) + s.Dim.Render(" "+c.T("dm.f.typed"))
	}
	out = append(out, field(m, c.T("dm.f.area"), av, on(dfArea), 8))
	methods := make([]string, len(record.DisinfectMethods))
	for i, x := range record.DisinfectMethods {
		methods[i] = word(c, string(x), "method.")
	}
	out = append(out, field(m, c.T("f.method"), choiceRow(s, methods, f.method, on(dfMethod)), on(dfMethod), 8))
	gv := ""
	if f.agent < len(gate.ZoneAgents) {
		a := gate.ZoneAgents[f.agent]
		gv = one(strings.TrimSpace(c.T("dm.agent."+a.Name)+" "+a.Concentration), f.agent+1, len(gate.ZoneAgents)+1, on(dfAgent))
	} else {
		gv = fit(m.inputView(f.agentTxt), 20) + s.Dim.Render(" "+c.T("dm.f.typed"))
	}
	out = append(out, field(m, c.T("f.agent"), gv, on(dfAgent), 8))
	out = append(out, fit(field(m, c.T("f.conc"), fit(m.inputView(f.conc), 10), on(dfConc), 8), 34)+
		field(m, c.T("f.minutes"), fit(m.inputView(f.contact), 4)+" "+c.T("unit.minutes"), on(dfContact), 8))
	out = append(out, fit(field(m, c.T("dm.f.operator"), fit(m.inputView(f.operator), 10), on(dfOperator), 8), 34)+
		field(m, c.T("dm.f.time"), fit(m.inputView(f.at), 9)+" "+s.Dim.Render(c.T("dm.f.now")), on(dfTime), 8))
	switch {
	case f.errKey != "":
		out = append(out, s.Error.Render(c.T(f.errKey, f.errArg)))
	case f.saving:
		out = append(out, s.Dim.Render(c.T("signin.checking")))
	default:
		out = append(out, s.Dim.Render(c.T("dm.dis.hint")))
	}
	return out
}

// The dailyPart interface: the disinfection log.

func (f *disForm) tab(_ *dailyModel, m *Context) string { return m.cat.T("dm.part.disinfect") }
func (f *disForm) help(d *dailyModel, k keyMap) []key.Binding {
	return []key.Binding{relabel(k.Form.Save, "Enter", d.cat.T("dm.key.save")), k.Form.Next, k.Form.ChooseNext, partsKey(d.cat), k.Global.Help}
}
func (f *disForm) busy() bool { return f.saving }
