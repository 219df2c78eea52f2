package tui

import (
	"context"
	"errors"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"golang.org/x/text/width"

	"gatepost/config"
	"gatepost/gate"
	"gatepost/post"
	"gatepost/record"
	"gatepost/store"
)

// Gate 5, food safety: each food delivery is inspected and accepted or
// rejected (a rejection is a record too, with its reasons), and every meal's
// dishes are sampled and kept (留样). The panel lists the samples held and
// those whose retention ends today.

const (
	g5Inspect = iota
	g5Sample
	g5Cook // the cooks' morning check (§11)
)

// sampleLimit bounds the samples read for the panel: three meals a day kept
// for days are a few dozen.
const sampleLimit = 500

// Settings that configure the sample rules on a terminal (store settings,
// set with `gatepost config set`).
const (
	SettingSampleGrams = config.KeySampleGrams
	SettingSampleHours = config.KeySampleHours
)

type gate5Model struct {
	gateForm // the form, its phase, the error under it, saving
	mode     *formField

	item, category, sensory, supplier, licence, batch, qty, unit      *formField
	produced, expires, cert, cold, quarantine, nucleic, disinf, trace *formField
	origin, animal                                                    *formField // cold chain: where from, and domestic meat's paper

	meal, dishes, grams, hours, location, taker, fridge *formField

	cook, cookTemp, symptoms, wound, healthCert *formField
	cookWho                                     personLookup // the roster's name for the cook's badge

	rules      gate.SampleRules
	samples    []gate.Sample
	inspected  int
	rejected   int
	defaulted  bool          // the sample fields got the facility's defaults
	pending    []store.Draft // a meal sample, checked against the facility's rules loaded here
	plan       post.Plan     // a delivery inspected, as the service decided it
	food       record.FoodInspectionBody
	sampleBody record.FoodSampleBody
	cookBody   record.KitchenCheckBody
}

func newGate5(cat *Catalog) *gate5Model {
	cats := make([]string, len(record.FoodCategories))
	for i, c := range record.FoodCategories {
		cats[i] = cat.T("food." + string(c))
	}
	meals := make([]string, len(record.Meals))
	for i, x := range record.Meals {
		meals[i] = cat.T("meal." + string(x))
	}
	yes, no := cat.T("paper.yes"), cat.T("paper.no")
	g := &gate5Model{
		mode:       choiceF("f.g2mode", cat.T("g5.mode.inspect"), cat.T("g5.mode.sample"), cat.T("g5.mode.cook")),
		item:       textF("f.food", 40, 14, true),
		category:   spinF("f.category", cats...),
		sensory:    choiceF("f.sensory", cat.T("sensory.ok"), cat.T("sensory.bad")),
		supplier:   textF("f.supplier", 60, 20, true),
		licence:    textF("f.licence", 30, 18, false),
		batch:      textF("f.batch", 30, 10, true),
		qty:        textF("f.qty", 10, 7, false),
		unit:       textF("f.unit", 8, 5, true),
		produced:   textF("f.produced", 20, 10, false),
		expires:    textF("f.expires", 20, 10, false),
		cert:       choiceF("f.cert", yes, no),
		cold:       choiceF("f.cold", cat.T("cold.no"), cat.T("cold.yes")),
		quarantine: choiceF("f.quarantine", yes, no),
		nucleic:    choiceF("f.nucleic", yes, no),
		disinf:     choiceF("f.disinfcert", yes, no),
		trace:      textF("f.trace", 40, 12, false),
		origin:     choiceF("f.origin", originLabels(cat)...),
		animal:     choiceF("f.animalq", yes, no),
		taker:      textF("f.taker", 32, 8, false).must(),
		fridge:     textF("f.fridge", 6, 5, false).must(),
		cook:       textF("f.cook", 32, 12, false).must(),
		cookTemp:   textF("f.temp", 8, 6, false).must(),
		symptoms:   choiceF("f.symptoms", no, yes),
		wound:      choiceF("f.handwound", no, yes),
		healthCert: choiceF("f.healthcert", yes, no),
		meal:       choiceF("f.meal", meals...),
		dishes:     textF("f.dishes", 200, 50, true),
		grams:      textF("f.grams", 6, 5, false),
		hours:      textF("f.hours", 4, 4, false),
		location:   textF("f.samplewhere", 30, 14, true),
	}
	g.unsetChecks()
	g.setMode(g5Inspect)
	g.f.setFocus(1)
	return g
}

// checks are what the guard asserts of a delivery: they start unset.
func (g *gate5Model) checks() []*formField {
	return []*formField{g.sensory, g.cert, g.quarantine, g.nucleic, g.disinf, g.origin, g.animal, g.symptoms, g.wound, g.healthCert}
}

// originLabels are record.FoodOrigins in the catalogue's words.
func originLabels(c *Catalog) []string {
	out := make([]string, len(record.FoodOrigins))
	for i, o := range record.FoodOrigins {
		out[i] = c.T("origin." + string(o))
	}
	return out
}

// foodOrigin is the origin chosen, "" while unset.
func (g *gate5Model) foodOrigin() record.FoodOrigin {
	if g.origin.cur < 0 {
		return ""
	}
	return record.FoodOrigins[g.origin.cur]
}

// papers are the cold-chain paper fields the chosen origin needs
// (post.ColdChainPapersFor), in Tab order; none until the origin is chosen.
func (g *gate5Model) papers() []*formField {
	o := g.foodOrigin()
	if o == "" {
		return nil
	}
	byName := map[string]*formField{"Quarantine": g.quarantine, "AnimalQuarantine": g.animal, "NucleicAcid": g.nucleic, "Disinfection": g.disinf}
	var out []*formField
	for _, n := range post.ColdChainPapersFor(o, record.FoodCategories[g.category.cur]) {
		out = append(out, byName[n])
	}
	return append(out, g.trace)
}

func (g *gate5Model) unsetChecks() {
	for _, x := range g.checks() {
		x.cur = unset
	}
}

func (g *gate5Model) coldChain() bool { return g.cold.cur == 1 }

func (g *gate5Model) fieldsOf(mode int) []*formField {
	switch mode {
	case g5Sample:
		return []*formField{g.mode, g.meal, g.taker, g.fridge, g.dishes, g.grams, g.hours, g.location}
	case g5Cook:
		return []*formField{g.mode, g.cook, g.cookTemp, g.symptoms, g.wound, g.healthCert}
	}
	fs := []*formField{g.mode, g.item, g.category, g.sensory, g.supplier, g.licence, g.batch, g.qty, g.unit,
		g.cert, g.produced, g.expires, g.cold}
	if g.coldChain() {
		// As drawn: the origin and the trace code, then the papers.
		fs = append(fs, g.origin)
		if ps := g.papers(); len(ps) > 0 {
			fs = append(append(fs, g.trace), ps[:len(ps)-1]...)
		}
	}
	return fs
}

func (g *gate5Model) setMode(i int) {
	g.mode.cur = i
	g.f.setFields(g.fieldsOf(i), 0)
	g.err = formError{}
}

// refields rebuilds the Tab order (the cold-chain papers come and go with
// the flag) keeping the focused field.
func (g *gate5Model) refields() {
	cur := g.f.cur()
	g.f.setFields(g.fieldsOf(g.mode.cur), 0)
	g.f.focusOn(cur)
}

func (g *gate5Model) lines() int { return 13 }
func (g *gate5Model) dirty() bool {
	return g.phase != phaseEdit || anyText(g.item, g.supplier, g.licence, g.batch, g.qty, g.produced, g.expires, g.trace, g.dishes,
		g.cook, g.cookTemp)
}
func (g *gate5Model) help(k keyMap) []key.Binding {
	if g.mode.cur == g5Sample && g.phase == phaseEdit {
		return gateHelp(g.gateForm, k, false, k.List.Discard)
	}
	return gateHelp(g.gateForm, k, false)
}

// reset empties the form after a save. The supplier, licence and unit stay
// on the inspection form: a delivery usually brings several items from one
// supplier, each inspected in turn.
func (g *gate5Model) reset() {
	for _, x := range []*formField{g.item, g.batch, g.qty, g.produced, g.expires, g.trace, g.dishes, g.fridge, g.cook, g.cookTemp} {
		x.set("")
	}
	g.unsetChecks()
	g.cookWho = personLookup{}
	g.phase, g.err, g.saving, g.pending, g.plan = phaseEdit, formError{}, false, nil, post.Plan{}
	g.f.setFocus(1)
}

func (g *gate5Model) saved(m *Context, msg savedMsg) string {
	if msg.post.Kind == record.SampleDiscard {
		// A discard is not the form's: what is typed stays.
		g.saving = false
		return m.cat.T("g5.discarded", msg.recs[0].Seq)
	}
	g.reset()
	if m.guard != nil {
		g.taker.propose(m.guard.Badge)
	}
	return savedText(m.cat, msg.post, msg.recs)
}

func (g *gate5Model) update(m *Context, msg tea.KeyMsg) tea.Cmd {
	if g.saving {
		return nil
	}
	if g.phase == phaseDecide {
		switch {
		case key.Matches(msg, m.keys.Decide.Back):
			g.pending, g.plan = nil, post.Plan{}
			g.backToEdit()
		case key.Matches(msg, m.keys.Decide.Save):
			g.saving = true
			if g.plan.Kind != "" {
				plan, guard := g.plan, *m.guard
				return postCmd(5, "form", func(c context.Context) (post.Saved, error) { return m.svc.Save(c, guard, plan) })
			}
			return appendCmd(m.st, 5, "form", g.pending...)
		}
		return nil
	}
	if stepForm(m, 5, &g.f, msg, func() {
		m.sayCleared(g.dirty())
		g.reset()
		g.supplier.set("")
		g.licence.set("")
	}) {
		return nil
	}
	if g.mode.cur == g5Sample && key.Matches(msg, m.keys.List.Discard) {
		return g.discard(m)
	}
	if key.Matches(msg, m.keys.Form.Save) {
		switch g.mode.cur {
		case g5Sample:
			return g.submitSample(m)
		case g5Cook:
			return g.submitCook(m)
		}
		return g.submitInspect(m)
	}
	cmd, changed := g.editField(msg)
	if !changed {
		return cmd
	}
	switch g.f.cur() {
	case g.cook:
		return tea.Batch(cmd, g.cookWho.typed(m, 5, g.cook.value()))
	case g.mode:
		g.setMode(g.mode.cur)
	case g.category:
		// Meat, aquatic and frozen food usually come by cold chain.
		if gate.ColdChainByDefault(record.FoodCategories[g.category.cur]) {
			g.cold.cur = 1
		} else {
			g.cold.cur = 0
		}
		g.refields()
	case g.cold, g.origin:
		g.refields()
	}
	return cmd
}

func (g *gate5Model) date(x *formField) (string, tea.Cmd, bool) {
	if x.value() == "" {
		return "", nil, true
	}
	d, err := gate.ParseDate(x.value())
	if err != nil {
		k, typed := inputErrKey(err, x.value())
		return "", g.fail(x, k, typed), false
	}
	x.set(d)
	return d, nil, true
}

// submitInspect checks the input, applies the food rule and shows the
// verdict; a rejection is saved like an acceptance.
func (g *gate5Model) submitInspect(m *Context) tea.Cmd {
	g.err = formError{}
	if g.item.value() == "" {
		return g.fail(g.item, "err.required", m.cat.T("f.food"))
	}
	q, err := gate.ParseQuantity(g.qty.value())
	if err != nil {
		k, typed := inputErrKey(err, g.qty.value())
		return g.fail(g.qty, k, typed)
	}
	if g.unit.value() == "" {
		return g.fail(g.unit, "err.required", m.cat.T("f.unit"))
	}
	produced, cmd, ok := g.date(g.produced)
	if !ok {
		return cmd
	}
	// The expiry is required: a date, or 无/none for food without a shelf life.
	noShelf := false
	switch strings.ToLower(g.expires.value()) {
	case "无", "none", "-":
		noShelf = true
	}
	expires := ""
	if !noShelf {
		var cmd tea.Cmd
		var ok bool
		if expires, cmd, ok = g.date(g.expires); !ok {
			return cmd
		}
	}
	now := m.now()
	switch gate.CheckFoodDates(produced, expires, now) {
	case gate.CodeDateFuture:
		return g.fail(g.produced, "err.date.future", produced)
	case gate.CodeDateOrder:
		return g.fail(g.expires, "err.date.order", expires, produced)
	}
	if expires == "" && !noShelf {
		return g.fail(g.expires, "err.expiry.required")
	}
	for _, x := range g.f.fields {
		if !x.chosen() {
			return g.fail(x, "err.choose", m.cat.T(x.label))
		}
	}
	on := func(x *formField) *bool { v := x.on(); return &v }
	in := post.FoodInput{Item: g.item.value(), Category: record.FoodCategories[g.category.cur], ColdChain: g.coldChain(),
		Supplier: g.supplier.value(), Licence: g.licence.value(), Batch: g.batch.value(), Quantity: q, Unit: g.unit.value(),
		Produced: produced, Expires: expires, NoShelfLife: noShelf, Certificate: on(g.cert), SensoryOK: on(g.sensory)}
	if in.ColdChain {
		in.Origin, in.TraceCode = g.foodOrigin(), g.trace.value()
		for _, x := range g.papers() {
			switch x {
			case g.quarantine:
				in.Quarantine = on(x)
			case g.animal:
				in.AnimalQuarantine = on(x)
			case g.nucleic:
				in.NucleicAcid = on(x)
			case g.disinf:
				in.Disinfection = on(x)
			}
		}
	}
	plan, err := m.svc.DecideFood(in)
	if err != nil {
		return g.fail(g.item, "err.generic", err.Error())
	}
	g.plan = plan
	g.food = plan.Body.(record.FoodInspectionBody)
	g.decide()
	return nil
}

func (g *gate5Model) submitSample(m *Context) tea.Cmd {
	g.err = formError{}
	grams, err := gate.ParseGrams(g.grams.value())
	if err != nil {
		k, typed := inputErrKey(err, g.grams.value())
		return g.fail(g.grams, k, typed)
	}
	dishes, err := gate.ParseDishes(g.dishes.value(), grams)
	if err != nil {
		k, typed := inputErrKey(err, g.dishes.value())
		return g.fail(g.dishes, k, typed)
	}
	hours, err := gate.ParseHours(g.hours.value())
	if err != nil {
		k, typed := inputErrKey(err, g.hours.value())
		return g.fail(g.hours, k, typed)
	}
	taker := strings.ToUpper(g.taker.value())
	if taker == "" {
		return g.fail(g.taker, "err.required", m.cat.T("f.taker"))
	}
	if g.fridge.value() == "" {
		return g.fail(g.fridge, "err.required", m.cat.T("f.fridge"))
	}
	fridge, err := parseFridge(g.fridge.value())
	if err != nil {
		return g.fail(g.fridge, "err.fridge", g.fridge.value())
	}
	if gate.CheckFridge(&fridge) != "" {
		return g.fail(g.fridge, "refuse."+gate.RefuseFridgeTemp)
	}
	now := m.now().Truncate(time.Millisecond) // as the record will keep it
	b := record.FoodSampleBody{Meal: record.Meals[g.meal.cur], Dishes: dishes,
		RetainUntil: now.Add(time.Duration(hours) * time.Hour).Format(record.TimeLayout), Location: g.location.value(),
		Taker: taker, FridgeTemp: &fridge}
	switch c := gate.CheckSample(g.rules, b, now); c.Refuse {
	case "":
	case gate.RefuseGramsLow:
		return g.fail(g.dishes, "refuse.grams_low", c.Dish, g.rules.Min())
	case gate.RefuseRetainLow:
		return g.fail(g.hours, "refuse.retain_low", g.rules.Hours())
	case gate.RefuseDupDish:
		return g.fail(g.dishes, "refuse.dup_dish", c.Dish)
	default:
		return g.fail(g.dishes, "refuse."+c.Refuse)
	}
	g.sampleBody = b
	g.pending = []store.Draft{{Kind: record.FoodSample, Gate: 5, Guard: m.guard.Badge, At: now, Body: b}}
	g.plan = post.Plan{}
	g.decide()
	return nil
}

// parseFridge reads a fridge thermometer: tenths of a degree, which may be
// at or below zero (gate.ParseTemperature is a body's and refuses them).
// Full-width digits, as a Chinese input method types them, are read too.
func parseFridge(s string) (record.Tenths, error) {
	s = strings.TrimSpace(width.Fold.String(strings.ToValidUTF8(s, "")))
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSuffix(s, "℃"), "°C"))
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || !(f >= -40 && f <= 40) { // NaN is neither
		return 0, errBadFridge
	}
	return record.Tenths(math.Round(f * 10)), nil
}

var errBadFridge = errors.New("fridge reading")

// discard throws away, on record, the oldest sample whose retention is
// over; with none over, it says when the next one may go (gate.CheckDiscard
// refuses it before its time).
func (g *gate5Model) discard(m *Context) tea.Cmd {
	now := m.now()
	var next *gate.Sample
	for i := range g.samples {
		sp := g.samples[i]
		if gate.CheckDiscard(sp, now) == "" {
			g.saving = true
			guard := *m.guard
			return postCmd(5, "form", func(c context.Context) (post.Saved, error) { return m.svc.DiscardSample(c, guard, sp) })
		}
		if next == nil || sp.Until.Before(next.Until) {
			next = &g.samples[i]
		}
	}
	if next == nil {
		m.setFlash(m.cat.T("g5.discard.none"), true)
		return nil
	}
	m.setFlash(m.cat.T("g5.discard.early", next.Until.Format("01-02 15:04")), true)
	return nil
}

// submitCook decides a cook's morning check (post.DecideCook) and shows it;
// a cook not fit is saved too, with every reason.
func (g *gate5Model) submitCook(m *Context) tea.Cmd {
	var ok bool
	if g.err, ok = g.f.check(m); !ok { // formError{} when every field passes
		return nil
	}
	t, err := gate.ParseTemperature(g.cookTemp.value())
	if err != nil {
		k, typed := inputErrKey(err, g.cookTemp.value())
		return g.fail(g.cookTemp, k, typed)
	}
	yes := func(x *formField, first bool) *bool { v := x.on() == first; return &v }
	plan, err := m.svc.DecideCook(post.CookInput{Badge: g.cook.value(), Temp: &t, Symptoms: yes(g.symptoms, false),
		HandWound: yes(g.wound, false), HealthCert: yes(g.healthCert, true)})
	if err != nil {
		k, typed := inputErrKey(err, g.cookTemp.value())
		return g.fail(g.cookTemp, k, typed)
	}
	g.plan = plan
	g.cookBody = plan.Body.(record.KitchenCheckBody)
	g.nameCook()
	g.decide()
	return nil
}

// nameCook names the cook of the check decided by the roster's entry for
// the badge, for the verdict and the saved message (the record holds the
// badge).
func (g *gate5Model) nameCook() {
	if p := g.cookWho.person; p != nil && g.plan.Kind == record.KitchenCheck && strings.EqualFold(p.Badge, g.plan.Who.Badge) {
		g.plan.Who.Name = p.Name
	}
}

// cookVerdict is the cook's check in plain words: fit, or every reason.
func (g *gate5Model) cookVerdict(m *Context) (string, string) {
	s := m.sty
	b := g.cookBody
	who := join(whoText(g.plan.Who), tempText(&b.Temp))
	if b.Fit {
		return s.Allow.Render(">> "+m.cat.T("cook.fit")) + "  " + who, s.Dim.Render(m.cat.T("dec.confirm"))
	}
	why := make([]string, len(b.Reasons))
	for i, r := range b.Reasons {
		why[i] = m.cat.T("reason." + r)
	}
	if len(why) > 1 {
		for i, r := range b.Reasons {
			why[i] = m.cat.T("rs." + r)
		}
	}
	return s.Deny.Render(">> "+m.cat.T("cook.unfit")) + "  " + who + "  " + strings.Join(why, m.cat.T("list.sep")),
		s.Warn.Render(m.cat.T("dec.confirm"))
}

// gate5Msg is the day's inspections, the samples held and the sample rules.
type gate5Msg struct {
	inspected, rejected int
	samples             []gate.Sample
	rules               gate.SampleRules
	err                 error
}

func (g *gate5Model) load(m *Context) tea.Cmd {
	st, now := m.st, m.now()
	day := store.Day(now)
	return toScreen(5, func() tea.Msg {
		c, cancel := ctx()
		defer cancel()
		var out gate5Msg
		for key, dst := range map[string]*int{SettingSampleGrams: &out.rules.MinGrams, SettingSampleHours: &out.rules.RetainHours} {
			v, err := st.Setting(c, key)
			if err != nil {
				out.err = err
				return out
			}
			*dst, _ = strconv.Atoi(strings.TrimSpace(v)) // unset or bad: the default
		}
		if out.inspected, out.rejected, out.err = st.InspectionCounts(c, day); out.err != nil {
			return out
		}
		// Every sample whose retention ends today or later, however long
		// it is kept, by the retain-until index.
		y, mo, d := now.Date()
		midnight := time.Date(y, mo, d, 0, 0, 0, 0, now.Location())
		rows, err := st.SamplesFrom(c, midnight.Format(record.TimeLayout), sampleLimit)
		if err != nil {
			out.err = err
			return out
		}
		held := gate.SamplesHeld(store.Events(rows), now)
		// A sample is discarded at or after its time, so today or later:
		// today's discards are every discard of a sample still listed.
		gone, err := st.DayRows(c, 5, day, record.SampleDiscard)
		if err != nil {
			out.err = err
			return out
		}
		discarded := map[string]bool{}
		for _, r := range gone {
			var b record.SampleDiscardBody
			if !r.Voided && r.Decode(&b) == nil {
				discarded[b.Sample] = true
			}
		}
		for _, sp := range held {
			if !discarded[sp.ID] {
				out.samples = append(out.samples, sp)
			}
		}
		return out
	})
}

func (g *gate5Model) handle(m *Context, msg tea.Msg) tea.Cmd {
	if msg, ok := msg.(lookupMsg); ok {
		g.cookWho.answer(msg)
		g.nameCook() // an answer after the Enter
		return nil
	}
	if msg, ok := msg.(gate5Msg); ok {
		if m.readFailed(msg.err) {
			return nil
		}
		g.inspected, g.rejected, g.samples, g.rules = msg.inspected, msg.rejected, msg.samples, msg.rules
		if !g.defaulted {
			g.defaulted = true
			g.grams.propose(strconv.Itoa(g.rules.Min()))
			g.hours.propose(strconv.Itoa(g.rules.Hours()))
			g.meal.cur = mealAt(m.now())
			if m.guard != nil && g.taker.value() == "" {
				g.taker.propose(m.guard.Badge) // who takes the sample is usually who is on duty
			}
		}
	}
	return nil
}

// mealAt proposes the meal being served at t.
func mealAt(t time.Time) int {
	switch h := t.Hour(); {
	case h < 10:
		return 0
	case h < 15:
		return 1
	case h < 21:
		return 2
	}
	return 3
}

func (g *gate5Model) endingToday(now time.Time) int {
	n := 0
	for _, s := range g.samples {
		if s.EndsOn(now) {
			n++
		}
	}
	return n
}

func (g *gate5Model) countsLine(m *Context) string {
	s := m.sty
	return strings.Join([]string{
		s.Counter.Render(m.cat.T("count.inspected", g.inspected)),
		s.Allow.Render(m.cat.T("count.accepted", g.inspected-g.rejected)),
		s.Deny.Render(m.cat.T("count.rejected", g.rejected)),
		s.Counter.Render(m.cat.T("count.samples", len(g.samples))),
		s.Warn.Render(m.cat.T("count.ending", g.endingToday(m.now()))),
	}, "   ")
}

func (g *gate5Model) view(m *Context) string {
	s := m.sty
	edit := g.phase == phaseEdit
	r := func(x *formField, w int) string { return g.f.render(m, x, w, edit) }
	var b strings.Builder
	b.WriteString(g.countsLine(m) + "\n")
	b.WriteString(r(g.mode, 8) + "\n")
	var l1, l2 string
	panelRows := 2
	switch g.mode.cur {
	case g5Cook:
		b.WriteString(fit(r(g.cook, 8), 24) + fit(r(g.cookTemp, 6), 18) + g.cookWho.who(m, false) + "\n")
		b.WriteString(fit(r(g.symptoms, 8), 24) + fit(r(g.wound, 8), 24) + r(g.healthCert, 8) + "\n")
		b.WriteString(field(m, "", s.Dim.Render(m.cat.T("g5.rule.cook")), false, 8) + "\n\n\n")
		if !edit {
			l1, l2 = g.cookVerdict(m)
		}
	case g5Sample:
		b.WriteString(fit(r(g.meal, 8), 44) + fit(r(g.taker, 6), 17) + r(g.fridge, 6) + s.Dim.Render("℃") + "\n")
		b.WriteString(r(g.dishes, 8) + "\n")
		b.WriteString(fit(r(g.grams, 8), 17) + s.Dim.Render(fit(m.cat.T("unit.grams"), 4)) + fit(r(g.hours, 8), 15) +
			s.Dim.Render(fit(m.cat.T("unit.hours"), 5)) + r(g.location, 8) + "\n")
		b.WriteString(field(m, "", s.Dim.Render(m.cat.T("g5.hint.dishes")), false, 8) + "\n")
		b.WriteString(field(m, "", s.Dim.Render(m.cat.T("g5.rule.sample", g.rules.Min(), g.rules.Hours())), false, 8) + "\n")
		if !edit {
			l1 = s.Allow.Render(">> ") + m.cat.T("g5.sum.sample", m.cat.T("meal."+string(g.sampleBody.Meal)),
				g.sampleBody.Until().Format("01-02 15:04"), len(g.sampleBody.Dishes), dishList(m.cat, g.sampleBody.Dishes))
			l2 = s.Dim.Render(m.cat.T("dec.confirm"))
		}
	default:
		b.WriteString(fit(r(g.item, 8), 25) + fit(r(g.category, 4), 22) + r(g.sensory, 8) + "\n")
		b.WriteString(fit(r(g.supplier, 8), 34) + r(g.licence, 8) + "\n")
		b.WriteString(fit(r(g.batch, 8), 22) + fit(r(g.qty, 4), 15) + fit(r(g.unit, 4), 13) + r(g.cert, 8) + "\n")
		b.WriteString(fit(r(g.produced, 8), 22) + fit(r(g.expires, 8), 22) + r(g.cold, 4) + "\n")
		// A cold-chain item takes a line more: its origin, then the papers
		// that origin needs (the panel below gives up a row for it).
		switch ps := g.papers(); {
		case g.coldChain() && len(ps) == 0:
			b.WriteString(r(g.origin, 8) + "\n")
			b.WriteString(field(m, "", s.Warn.Render(m.cat.T("g5.origin.first")), false, 8) + "\n")
			panelRows = 1
		case g.coldChain():
			b.WriteString(fit(r(g.origin, 8), 34) + r(g.trace, 8) + "\n")
			var row string
			for _, x := range ps[:len(ps)-1] {
				row += fit(r(x, 8), 22)
			}
			b.WriteString(row + "\n")
			panelRows = 1
		default:
			b.WriteString(field(m, "", s.Dim.Render(m.cat.T("g5.notcold")), false, 8) + "\n")
		}
		if !edit {
			l1, l2 = g.verdict(m)
		}
	}
	b.WriteString(decisionLines(m, g.err, l1, l2) + "\n")
	b.WriteString(g.panel(m, panelRows))
	return padLines(b.String(), g.lines())
}

// verdict is the inspection's decision in plain words.
func (g *gate5Model) verdict(m *Context) (string, string) {
	s := m.sty
	what := g.food.Item + " " + qtyText(g.food.Quantity, g.food.Unit)
	if g.food.Accepted {
		return s.Allow.Render(">> "+m.cat.T("food.accept")) + "  " + what + "  " + s.Dim.Render(g.food.Supplier),
			s.Dim.Render(m.cat.T("dec.confirm"))
	}
	var why string
	if len(g.food.Reasons) == 1 {
		why = m.cat.T("reason." + g.food.Reasons[0])
	} else {
		why = reasonsShort(m.cat, g.food.Reasons)
	}
	return s.Deny.Render(">> "+m.cat.T("food.reject")) + "  " + what + "  " + why, s.Warn.Render(m.cat.T("dec.confirmreject"))
}

func dishList(c *Catalog, ds []record.SampleDish) string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = d.Name + " " + strconv.Itoa(d.Grams) + "g"
	}
	return strings.Join(out, c.T("list.sep"))
}

// panel lists the samples held, those whose retention ends today first.
func (g *gate5Model) panel(m *Context, rows int) string {
	s := m.sty
	now := m.now()
	var b strings.Builder
	b.WriteString(s.Header.Render(m.cat.T("g5.panel", len(g.samples), g.endingToday(now))))
	if len(g.samples) == 0 {
		b.WriteString("\n" + s.Dim.Render(m.cat.T("g5.panel.none")))
		return b.String()
	}
	var ending, held []gate.Sample
	for _, sp := range g.samples {
		if sp.EndsOn(now) {
			ending = append(ending, sp)
		} else {
			held = append(held, sp)
		}
	}
	// Newest held samples first: they are the meals people are asking about.
	for i, j := 0, len(held)-1; i < j; i, j = i+1, j-1 {
		held[i], held[j] = held[j], held[i]
	}
	all := append(ending, held...)
	for i, sp := range all {
		if i == rows-1 && len(all) > rows {
			b.WriteString("\n" + s.Dim.Render(m.cat.T("panel.more", len(all)-i)))
			break
		}
		line := fit(sp.At.Format("01-02 15:04"), 11) + " " + fit(m.cat.T("meal."+string(sp.Body.Meal)), 9) + " " +
			fit(dishNames(sp.Body.Dishes), 21) + " " + fit(m.cat.T("log.retain", sp.Until.Format("01-02 15:04")), 19) + " "
		switch {
		case !sp.Until.After(now):
			line += s.Allow.Render(m.cat.T("g5.ended"))
		case sp.EndsOn(now):
			line += s.Warn.Render(m.cat.T("g5.ending"))
		}
		b.WriteString("\n" + clip(line, m.width))
	}
	return b.String()
}
