package demo

import (
	"time"

	"gatepost/gate"
	"gatepost/post"
	"gatepost/record"
)

// passesFor are the passes the console would find for a badge, ID or plate.
func (g *gen) passesFor(badge, id, plate string) []gate.Pass {
	var out []gate.Pass
	for _, p := range g.passes {
		if (badge != "" && p.Badge == badge) || (id != "" && p.IDNumber == id) || (plate != "" && p.Plate == plate) {
			out = append(out, p)
		}
	}
	return out
}

// crossing is one gate-1 passage to decide and record.
type crossing struct {
	subject   record.Subject
	person    *gate.Person
	badge, id string
	name      string
	plate     string
	purpose   string
	// override, if set, has a supervisor admit a denial a few minutes later.
	override string
}

// mainGate has the service decide and record a gate-1 crossing, taking
// the temperature when a person enters. A fever's first reading is saved
// at once, as the console does; its recheck a couple of minutes later
// decides the crossing (and, confirmed, writes the incident with it).
func (g *gen) mainGate(t time.Time, c crossing) {
	if c.badge != "" && g.barred[c.badge] {
		return // barred by a fever until cleared: they do not come
	}
	key := "1:" + c.badge + c.id + c.plate
	dir := record.In
	if g.inside[key] {
		dir = record.Out
	}
	in := post.MainGateInput{Subject: c.subject, Direction: dir, Badge: c.badge, IDNumber: c.id, Name: c.name, Plate: c.plate,
		Purpose: c.purpose, Lookup: &post.MainGateLookup{Person: c.person, Passes: g.passesFor(c.badge, c.id, c.plate)}}
	if dir == record.In && c.subject != record.SubjectVehicle && (c.badge != "" || c.id != "" || c.person != nil) {
		v := g.temp()
		if g.rng.IntN(250) == 0 {
			v = g.feverTemp()
		}
		in.Temp = tp(v)
	}
	decide := func() (post.Plan, error) { return g.svc.DecideMainGate(g.ctx, in) }
	p, v, ok := g.save(t, decide)
	if ok && p.NeedsRecheck {
		r := g.temp()
		if g.rng.IntN(2) == 0 {
			r = g.feverTemp()
		}
		in.Temp, in.First = tp(r), v.Pending
		t = t.Add(g.minutes(2, 2))
		p, v, ok = g.save(t, decide)
	}
	if !ok {
		return
	}
	g.fevered(t, v)
	rec := refOf(v.Main())
	switch {
	case p.Allowed:
		g.inside[key] = dir == record.In
		g.remember(rec)
	case c.override != "" && p.Overridable():
		g.overrideLater(t, rec, p.Body.(record.PassageBody), c.override)
		g.inside[key] = dir == record.In
	}
}

func (g *gen) staffMainGate(t time.Time) {
	var pool []gate.Person
	switch x := g.rng.IntN(100); {
	case x < 45:
		pool = g.onSite[gate.AssignCustody]
	case x < 85:
		pool = g.onSite[gate.AssignOffice]
	case x < 95:
		pool = g.onSite[gate.AssignStandby]
	default:
		pool = g.onSite[gate.AssignWFH]
	}
	if len(pool) == 0 {
		pool = g.staff
	}
	p := g.pick(pool)
	if g.keptIn(p) {
		p = g.pick(g.staff) // standby staff stay in their area, the fever-barred at home or in hospital
		if g.keptIn(p) {
			return
		}
	}
	g.mainGate(t, crossing{subject: record.SubjectStaff, person: &p, badge: p.Badge, name: p.Name})
}

func (g *gen) supplyTruck(t time.Time) {
	g.mainGate(t, crossing{subject: record.SubjectDelivery, plate: SupplyPlate, id: DriverID, name: "马永强", purpose: "生活物资配送"})
}

var vehiclePurposes = []struct{ purpose, override string }{
	{"送快递", ""}, {"接人", ""}, {"工程车辆", ""}, {"家属送物品", ""}, {"网约车", ""},
	{"120急救车", "救护车执行急救任务，经带班领导同意放行"},
	{"区疾控中心采样车", "区疾控中心核酸采样，凭介绍信放行"},
}

func (g *gen) outsideVehicle(t time.Time) {
	v := vehiclePurposes[g.rng.IntN(len(vehiclePurposes))]
	g.mainGate(t, crossing{subject: record.SubjectVehicle, plate: outsidePlate(g.rng), purpose: v.purpose, override: v.override})
}

func (g *gen) repairWorker(t time.Time) {
	g.mainGate(t, crossing{subject: record.SubjectVisitor, id: RepairID, name: "刘建军", purpose: "电梯维修"})
}

var visitorPurposes = []struct{ purpose, override string }{
	{"家属探视", ""}, {"送生活用品", ""}, {"律师会见", ""}, {"推销", ""},
	{"区疾控中心流调", "区疾控中心流调人员，经所领导同意"},
	{"市局督查组检查", "市司法局督查组，凭介绍信入内"},
}

func (g *gen) unknownVisitor(t time.Time) {
	v := visitorPurposes[g.rng.IntN(len(visitorPurposes))]
	id := residentID(g.rng, birthDate(g.rng, 1960, 2000), g.rng.IntN(2) == 0)
	g.mainGate(t, crossing{subject: record.SubjectVisitor, id: id, name: g.names.next(), purpose: v.purpose, override: v.override})
	if len(g.names.used) > 5000 { // keep memory flat over a million records
		g.names.used = map[string]bool{}
	}
}

func (g *gen) expiredPass(t time.Time) {
	over := ""
	if g.rng.IntN(3) == 0 {
		over = "通行证续期手续在办，经带班领导核实"
	}
	g.mainGate(t, crossing{subject: record.SubjectVisitor, id: DoctorID, name: "孙雅琴", purpose: "巡诊", override: over})
}

func (g *gen) inactiveStaff(t time.Time) {
	if len(g.inactive) == 0 {
		g.staffMainGate(t)
		return
	}
	p := g.pick(g.inactive)
	g.mainGate(t, crossing{subject: record.SubjectStaff, person: &p, badge: p.Badge, name: p.Name, purpose: "回所取个人物品"})
}

func (g *gen) findDetainee(badge string) *gate.Person {
	for i := range g.detainees {
		if g.detainees[i].Badge == badge {
			return &g.detainees[i]
		}
	}
	return nil
}

func (g *gen) escortedDetainee(t time.Time) {
	p := g.findDetainee(EscortBadge)
	if p == nil {
		g.staffMainGate(t)
		return
	}
	g.mainGate(t, crossing{subject: record.SubjectDetainee, person: p, badge: p.Badge, name: p.Name, purpose: "就医复诊，民警押送"})
}

func (g *gen) detaineeWithoutPass(t time.Time) {
	if len(g.detainees) == 0 {
		g.staffMainGate(t)
		return
	}
	p := g.pick(g.detainees)
	if p.Badge == EscortBadge {
		g.escortedDetainee(t)
		return
	}
	g.mainGate(t, crossing{subject: record.SubjectDetainee, person: &p, badge: p.Badge, name: p.Name, purpose: "外出就医"})
}

// keptIn reports whether a staff member does not come to the main gate: in
// standby quarantine, or barred by a fever.
func (g *gen) keptIn(p gate.Person) bool {
	_, quarantined := g.stints[p.Badge]
	return quarantined || g.barred[p.Badge]
}
