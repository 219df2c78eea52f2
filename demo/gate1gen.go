package demo

import (
	"fmt"
	"hash/fnv"
	"time"

	"gatepost/store"

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
// visitOf is what a visitor gives at the gate besides who they are (§2
// gate 1), kept in the identity registry (§15). It is made from the ID
// number, not drawn from the generator's source, so the records the demo
// makes for a seed stay the same ones.
func visitOf(c crossing) *gate.Visit {
	h := fnv.New32a()
	h.Write([]byte(c.id))
	n := h.Sum32()
	units := []string{"市司法局", "区卫生健康委员会", "市第一建筑工程公司", "电梯维保公司", "区疾病预防控制中心"}
	return &gate.Visit{Phone: fmt.Sprintf("13%09d", n%1_000_000_000), WorkUnit: units[n%uint32(len(units))], Visiting: "值班所领导"}
}

type crossing struct {
	subject   record.Subject
	person    *gate.Person
	badge, id string
	name      string
	plate     string
	purpose   string
	// dir, if set, is the direction; otherwise the opposite of the last.
	dir record.Direction
	// override, if set, has a supervisor admit a denial a few minutes later.
	override string
}

// mainGate has the service decide and record a gate-1 crossing, taking
// the temperature when a person enters. A fever's first reading is saved
// at once, as the console does; its recheck a couple of minutes later
// decides the crossing (and, confirmed, writes the incident with it). A
// staff member's crossing is decided on their status, which the service
// reads from the store: the batch is committed first. It reports whether
// the subject crossed (allowed, or a denial a supervisor overrides).
func (g *gen) mainGate(t time.Time, c crossing) bool {
	if c.badge != "" && g.barred[c.badge] {
		return false // barred by a fever until cleared: they do not come
	}
	key := "1:" + c.badge + c.id + c.plate
	dir := record.In
	if g.inside[key] {
		dir = record.Out
	}
	if c.dir != "" {
		dir = c.dir
	}
	staff := c.person != nil && c.person.Kind == gate.Staff
	in := post.MainGateInput{Subject: c.subject, Direction: dir, Badge: c.badge, IDNumber: c.id, Name: c.name, Plate: c.plate,
		Purpose: c.purpose}
	if !staff {
		in.Lookup = &post.MainGateLookup{Person: c.person, Passes: g.passesFor(c.badge, c.id, c.plate)}
	}
	if dir == record.In && c.subject == record.SubjectVisitor && c.id != "" {
		in.Visit = visitOf(c)
	}
	if dir == record.In && c.subject != record.SubjectVehicle && (c.badge != "" || c.id != "" || c.person != nil) {
		v := g.temp()
		if g.rng.IntN(1000) == 0 {
			v = g.feverTemp()
		}
		in.Temp = tp(v)
	}
	decide := func() (post.Plan, error) {
		if staff {
			g.fresh(c.badge)
		}
		return g.svc.DecideMainGate(g.ctx, in)
	}
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
		return false
	}
	if in.Temp != nil && c.badge != "" {
		g.screened[c.badge] = store.Day(t)
	}
	g.fevered(t, v)
	switch {
	case p.Allowed:
		g.inside[key] = dir == record.In
		return true
	case c.override != "" && p.Overridable():
		g.overrideLater(t, refOf(v.Main()), p.Body.(record.PassageBody), c.override)
		g.inside[key] = dir == record.In
		return true
	}
	return false
}

func (g *gen) supplyTruck(t time.Time) {
	g.mainGate(t, crossing{subject: record.SubjectDelivery, plate: SupplyPlate, id: DriverID, name: "马永强", purpose: "生活物资配送"})
}

var vehiclePurposes = []struct{ purpose, override string }{
	{"送快递", ""}, {"接人", ""}, {"工程车辆", ""}, {"家属送物品", ""}, {"网约车", ""},
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

// unknownVisitor is someone not on the roster and without a pass, turned
// away under lockdown (a family visit, a delivery, a salesman).
func (g *gen) unknownVisitor(t time.Time) {
	v := visitorPurposes[g.rng.IntN(4)]
	male := g.rng.IntN(2) == 0
	id := residentID(g.rng, birthDate(g.rng, 1960, 2000), male)
	g.mainGate(t, crossing{subject: record.SubjectVisitor, id: id, name: g.names.next(male), purpose: v.purpose, override: v.override})
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
		return
	}
	g.mainGate(t, crossing{subject: record.SubjectDetainee, person: p, badge: p.Badge, name: p.Name, purpose: "就医复诊，民警押送"})
}
