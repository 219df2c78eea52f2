package demo

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"time"

	"github.com/google/uuid"

	"gatepost/gate"
	"gatepost/record"
	"gatepost/store"
)

// Options tune Generate.
type Options struct {
	// Records is how many records to append.
	Records int
	// Seed makes the output deterministic: the same seed on the same
	// database state and Now gives the same records, ids and hashes.
	Seed uint64
	// Now is the end of the period the records are spread over; zero means
	// time.Now(). Its location is the terminal's time zone.
	Now time.Time
	// Days is the length of that period; 0 means 30 days, or fewer for a
	// small Records (about 500 records a day at least), so every generated
	// day looks like a real one.
	Days int
	// Batch is how many records go into one transaction; 0 means 10,000.
	Batch int
	// Progress, if set, is called after each batch with the records so far.
	Progress func(done int)
}

// MinPerDay is the fewest records a generated day gets when Days is 0.
const MinPerDay = 500

// Stats describes what Generate appended.
type Stats struct {
	Records  int
	From, To time.Time // at of the first and last record appended
	Kinds    map[record.Kind]int
	Denied   int // passages denied
	Fevers   int // fever incidents
	FirstSeq int64
	LastSeq  int64
}

// ErrNoRoster is returned when the store has no staff to generate records for.
var ErrNoRoster = errors.New("no staff on the roster: set the demo up first")

// Generate appends opts.Records realistic records to st: crossings of the
// main gate (staff, visitors with and without passes, the supply truck and
// outside vehicles, an escorted detainee) with temperatures and the
// decisions the gate-1 rule gives, staff crossings at gates 2–5, daily
// temperature roll-calls of every detainee and on-site staff at gate 0,
// occasional fevers with their recheck and incident, supervisor overrides of
// some denials and voids of some wrong entries (pointing at real earlier
// records), and shift.open/shift.close at 08:00 and 20:00 with a handover
// and a summary. The records follow a daily rhythm (busy at the shift
// changes, quiet at night, fewer at weekends), are spread over the last
// opts.Days days in time order after any record already in st, and are
// appended in batches with store.AppendBatch.
func Generate(ctx context.Context, st *store.Store, opts Options) (Stats, error) {
	if opts.Records < 0 {
		return Stats{}, fmt.Errorf("records: %d is negative", opts.Records)
	}
	if opts.Batch <= 0 {
		opts.Batch = 10_000
	}
	if opts.Now.IsZero() {
		opts.Now = time.Now()
	}
	g, err := newGen(ctx, st, opts)
	if err != nil || opts.Records == 0 {
		return Stats{Kinds: map[record.Kind]int{}}, err
	}
	for g.emitted < opts.Records {
		if err := g.step(); err != nil {
			return g.stats, err
		}
		if len(g.batch) >= opts.Batch {
			if err := g.flush(ctx); err != nil {
				return g.stats, err
			}
		}
	}
	if err := g.flush(ctx); err != nil {
		return g.stats, err
	}
	return g.stats, nil
}

// ref points at a record already generated.
type ref struct {
	id   string
	seq  int64
	gate int
	at   time.Time
}

type pendingOverride struct {
	at     time.Time
	target ref
	reason string
}

type shiftState struct {
	open   ref
	guard  gate.Guard
	period time.Time // 08:00 or 20:00 the shift started
	counts map[string]int
}

type gen struct {
	st    *store.Store
	opts  Options
	rng   *rand.Rand
	loc   *time.Location
	cfg   gate.Config
	slots *slots

	staff     []gate.Person
	onSite    map[gate.Assignment][]gate.Person // active staff by assignment
	inactive  []gate.Person
	kitchen   []gate.Person
	detainees []gate.Person
	passes    []gate.Pass
	guards    []gate.Guard
	super     gate.Guard
	names     *nameGen

	inside map[string]bool // gate + ":" + subject key → inside

	batch    []store.Draft
	nextSeq  int64
	lastAt   time.Time
	emitted  int
	inStep   int // records emitted by the current step
	shift    *shiftState
	recent   []ref // voidable records, newest last
	pending  []pendingOverride
	rollKey  string
	rollLeft []gate.Person
	stats    Stats
}

func newGen(ctx context.Context, st *store.Store, opts Options) (*gen, error) {
	loc := opts.Now.Location()
	lastSeq, err := st.LastSeq(ctx)
	if err != nil {
		return nil, err
	}
	g := &gen{
		st: st, opts: opts, loc: loc,
		rng:     rand.New(rand.NewPCG(opts.Seed, uint64(lastSeq)^0x9e3779b97f4a7c15)),
		onSite:  map[gate.Assignment][]gate.Person{},
		inside:  map[string]bool{},
		stats:   Stats{Kinds: map[record.Kind]int{}, FirstSeq: lastSeq + 1, LastSeq: lastSeq},
		nextSeq: lastSeq + 1,
	}
	g.names = newNameGen(g.rng)
	if v, err := st.Setting(ctx, "fever"); err == nil && v != "" {
		if t, err := gate.ParseTemperature(v); err == nil {
			g.cfg.Fever = t
		}
	}
	people, err := st.People(ctx, "")
	if err != nil {
		return nil, err
	}
	for _, p := range people {
		switch {
		case p.Kind == gate.Detainee:
			g.detainees = append(g.detainees, p)
		case !p.Active:
			g.inactive = append(g.inactive, p)
		default:
			g.staff = append(g.staff, p)
			g.onSite[p.Assignment] = append(g.onSite[p.Assignment], p)
			if p.Unit == "后勤保障科" {
				g.kitchen = append(g.kitchen, p)
			}
		}
	}
	if len(g.staff) == 0 {
		return nil, ErrNoRoster
	}
	for _, k := range []struct{ badge, id, plate string }{
		{"", RepairID, ""}, {"", DriverID, SupplyPlate}, {EscortBadge, "", ""}, {"", DoctorID, ""},
	} {
		ps, err := st.FindPasses(ctx, k.badge, k.id, k.plate)
		if err != nil {
			return nil, err
		}
		g.passes = append(g.passes, ps...)
	}
	gs, err := st.Guards(ctx)
	if err != nil {
		return nil, err
	}
	for _, gd := range gs {
		switch gd.Role {
		case gate.RoleGuard:
			g.guards = append(g.guards, gd)
		case gate.RoleSupervisor:
			if g.super.Badge == "" {
				g.super = gd
			}
		}
	}
	if len(g.guards) == 0 {
		g.guards = []gate.Guard{Logins[0].Guard}
	}
	if g.super.Badge == "" {
		g.super = Logins[len(Logins)-1].Guard
	}

	days := opts.Days
	if days <= 0 {
		days = min(30, max(1, (opts.Records+MinPerDay-1)/MinPerDay))
	}
	end := opts.Now
	start := end.AddDate(0, 0, -days)
	if lastSeq > 0 {
		if err := g.resume(ctx, lastSeq); err != nil {
			return nil, err
		}
		if g.lastAt.After(start) {
			start = g.lastAt
		}
		if !end.After(start) {
			end = start.Add(time.Minute)
		}
	}
	g.slots = newSlots(g.rng, start.In(loc), end.In(loc), opts.Records)
	return g, nil
}

// resume picks up the time of the newest record and a shift it left open.
func (g *gen) resume(ctx context.Context, lastSeq int64) error {
	var last record.Record
	if err := g.st.Each(ctx, lastSeq-1, func(r record.Record) error { last = r; return nil }); err != nil {
		return err
	}
	g.lastAt = last.At.In(g.loc)
	rows, err := g.st.DayRows(ctx, HomeGate, store.Day(last.At), record.ShiftOpen, record.ShiftClose)
	if err != nil || len(rows) == 0 {
		return err
	}
	r := rows[len(rows)-1]
	if r.Kind != record.ShiftOpen {
		return nil
	}
	var b record.ShiftOpenBody
	_ = r.Decode(&b)
	g.shift = &shiftState{
		open:   ref{id: r.ID, seq: r.Seq, gate: r.Gate, at: r.At},
		guard:  gate.Guard{Badge: r.Guard, Name: b.Name, Role: gate.RoleGuard},
		period: shiftPeriod(r.At.In(g.loc)),
		counts: map[string]int{},
	}
	return nil
}

func (g *gen) flush(ctx context.Context) error {
	if len(g.batch) == 0 {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	rs, err := g.st.AppendBatch(ctx, g.batch)
	if err != nil {
		return err
	}
	want := g.nextSeq - int64(len(g.batch))
	if rs[0].Seq != want {
		return fmt.Errorf("another program wrote to the terminal while generating (seq %d, expected %d): voids may point at wrong seqs", rs[0].Seq, want)
	}
	g.stats.LastSeq = rs[len(rs)-1].Seq
	g.batch = g.batch[:0]
	if g.opts.Progress != nil {
		g.opts.Progress(g.emitted)
	}
	return nil
}

// newID makes a UUIDv7 for time at from the generator's random source, so
// ids are deterministic given the seed.
func (g *gen) newID(at time.Time) string {
	var u uuid.UUID
	ms := uint64(at.UnixMilli())
	binary.BigEndian.PutUint64(u[0:8], ms<<16)
	binary.BigEndian.PutUint64(u[8:16], g.rng.Uint64())
	r := g.rng.Uint32()
	u[6] = 0x70 | byte(r>>8)&0x0f
	u[7] = byte(r)
	u[8] = 0x80 | u[8]&0x3f
	return u.String()
}

// emit adds one record; every record after the first in a step takes the
// place of the next slot, so the total is exactly opts.Records and the
// daily rhythm holds.
func (g *gen) emit(kind record.Kind, gateNo int, at time.Time, body any) ref {
	if g.inStep > 0 {
		g.slots.next()
	}
	g.inStep++
	if at.Before(g.lastAt) {
		at = g.lastAt
	}
	at = at.Truncate(time.Millisecond)
	guard := g.guards[0].Badge
	if g.shift != nil {
		guard = g.shift.guard.Badge
	}
	id := g.newID(at)
	g.batch = append(g.batch, store.Draft{ID: id, Kind: kind, Gate: gateNo, Guard: guard, At: at, Body: body})
	r := ref{id: id, seq: g.nextSeq, gate: gateNo, at: at}
	g.nextSeq++
	g.lastAt = at
	g.emitted++
	g.stats.Records++
	g.stats.Kinds[kind]++
	if g.stats.From.IsZero() {
		g.stats.From = at
	}
	g.stats.To = at
	if g.shift != nil {
		g.shift.counts[string(kind)]++
	}
	return r
}

func (g *gen) left() int { return g.opts.Records - g.emitted }

// step generates the records of one moment: a shift change if one is due,
// a pending override, or one event.
func (g *gen) step() error {
	g.inStep = 0
	t := g.slots.next()
	if g.changeShift(t) {
		return nil
	}
	if len(g.pending) > 0 && !g.pending[0].at.After(t) {
		p := g.pending[0]
		g.pending = g.pending[1:]
		g.emit(record.Override, p.target.gate, t, record.OverrideBody{Target: p.target.id, Supervisor: g.super.Badge, Reason: p.reason})
		return nil
	}
	h := t.Hour()
	day := func(from, to int, w, otherwise float64) float64 {
		if h >= from && h < to {
			return w
		}
		return otherwise
	}
	roll := 0.0
	if (h >= 7 && h < 10) || (h >= 14 && h < 17) {
		roll = 25
	}
	events := []struct {
		w  float64
		fn func(time.Time)
	}{
		{40, g.staffMainGate},
		{30, g.staffInnerGate},
		{roll, g.rollCall},
		{day(6, 18, 2, 0.2), g.supplyTruck},
		{day(8, 18, 1.5, 0.3), g.outsideVehicle},
		{day(8, 17, 1.2, 0), g.repairWorker},
		{day(8, 18, 1.5, 0.2), g.unknownVisitor},
		{day(8, 17, 0.4, 0), g.expiredPass},
		{0.2, g.inactiveStaff},
		{day(8, 17, 0.3, 0), g.escortedDetainee},
		{0.05, g.detaineeWithoutPass},
		{0.5, g.void},
	}
	total := 0.0
	for _, e := range events {
		total += e.w
	}
	x := g.rng.Float64() * total
	for _, e := range events {
		if x < e.w {
			e.fn(t)
			return nil
		}
		x -= e.w
	}
	g.staffMainGate(t)
	return nil
}

// shiftPeriod is the start of the 12-hour shift t falls in: 08:00 or 20:00.
func shiftPeriod(t time.Time) time.Time {
	y, m, d := t.Date()
	switch h := t.Hour(); {
	case h >= 20:
		return time.Date(y, m, d, 20, 0, 0, 0, t.Location())
	case h >= 8:
		return time.Date(y, m, d, 8, 0, 0, 0, t.Location())
	}
	return time.Date(y, m, d-1, 20, 0, 0, 0, t.Location())
}

var handovers = []string{
	"本班无异常，门岗已按时消毒。",
	"物资车按时到达，已登记放行；门岗消毒完成。",
	"外来车辆一辆劝离，已报带班领导。",
	"夜间无异常，巡查两次。",
	"发热人员已按流程复测并上报，其余无异常。",
	"测温枪电池已更换，备用电池放在抽屉。",
	"今日无异常。",
}

// changeShift closes the open shift and opens the next one when t is in a
// later shift (or none is open); it reports whether it wrote anything.
func (g *gen) changeShift(t time.Time) bool {
	p := shiftPeriod(t)
	if g.shift != nil && g.shift.period.Equal(p) {
		return false
	}
	if g.shift != nil {
		end := g.shift.period.Add(12 * time.Hour)
		if end.After(t) {
			end = t
		}
		sum := g.shift.counts
		delete(sum, string(record.ShiftOpen))
		g.emit(record.ShiftClose, HomeGate, end.Add(-time.Duration(g.rng.IntN(240))*time.Second), record.ShiftCloseBody{
			Opened: g.shift.open.id, Handover: handovers[g.rng.IntN(len(handovers))], Summary: sum,
		})
		if g.left() == 0 {
			return true
		}
	}
	// Day shifts alternate between the first two guards, nights between the others.
	n := int(p.Unix() / 86400)
	i := n % 2
	if p.Hour() == 20 && len(g.guards) > 2 {
		i = 2 + n%(len(g.guards)-2)
	}
	guard := g.guards[i%len(g.guards)]
	at := p.Add(time.Duration(g.rng.IntN(300)) * time.Second)
	if at.After(t) || g.shift == nil { // the first shift opens with the first record
		at = t
	}
	g.shift = &shiftState{guard: guard, period: p, counts: map[string]int{}}
	g.shift.open = g.emit(record.ShiftOpen, HomeGate, at, record.ShiftOpenBody{Name: guard.Name, Gate: HomeGate})
	return true
}

// temp is a normal forehead reading.
func (g *gen) temp() record.Tenths {
	v := 365 + int(math.Round(g.rng.NormFloat64()*2.5))
	return record.Tenths(min(max(v, 358), 371))
}

func (g *gen) feverTemp() record.Tenths { return record.Tenths(374 + g.rng.IntN(14)) }

func tp(t record.Tenths) *record.Tenths { return &t }

func (g *gen) pick(ps []gate.Person) gate.Person { return ps[g.rng.IntN(len(ps))] }

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

// mainGate decides a gate-1 crossing with the gate-1 rule, taking the
// temperature (with a recheck on a fever) when entering, and records it.
func (g *gen) mainGate(t time.Time, c crossing) {
	key := "1:" + c.badge + c.id + c.plate
	dir := record.In
	if g.inside[key] {
		dir = record.Out
	}
	in := gate.Gate1Input{
		Subject: c.subject, Direction: dir, Person: c.person, Passes: g.passesFor(c.badge, c.id, c.plate),
		Plate: c.plate, Now: t, Badge: c.badge, IDNumber: c.id,
	}
	personEntering := dir == record.In && (c.subject != record.SubjectVehicle) && (c.badge != "" || c.id != "" || c.person != nil)
	var temp, recheck *record.Tenths
	if personEntering {
		if g.rng.IntN(200) == 0 && g.left() >= 2 {
			// The guard saved before measuring: denied, measured, saved again.
			d := gate.EvaluateGate1(g.cfg, in)
			if d.Reason == gate.ReasonNeedTemp {
				g.recordPassage(t, c, dir, in, d, nil, nil)
			}
		}
		temp = tp(g.temp())
		if g.rng.IntN(250) == 0 {
			temp = tp(g.feverTemp())
		}
		in.Temp = temp
	}
	d := gate.EvaluateGate1(g.cfg, in)
	if d.NeedsRecheck {
		r := g.temp()
		if g.rng.IntN(2) == 0 {
			r = g.feverTemp()
		}
		recheck = tp(r)
		in.Temp, in.Rechecked = recheck, true
		d = gate.EvaluateGate1(g.cfg, in)
	}
	rec := g.recordPassage(t, c, dir, in, d, temp, recheck)
	if d.Allowed {
		g.inside[key] = dir == record.In
		g.remember(rec)
		return
	}
	if d.Reason == gate.ReasonFever && g.left() > 0 {
		g.stats.Fevers++
		g.emit(record.Incident, 1, t, record.IncidentBody{
			Type: "fever", Badge: c.badge, Name: c.name, Related: rec.id, Detail: temp.String() + "/" + recheck.String(),
		})
		return
	}
	if c.override != "" {
		g.pending = append(g.pending, pendingOverride{
			at: t.Add(time.Duration(90+g.rng.IntN(300)) * time.Second), target: rec, reason: c.override,
		})
		g.inside[key] = dir == record.In
	}
}

func (g *gen) recordPassage(t time.Time, c crossing, dir record.Direction, in gate.Gate1Input, d gate.Decision, temp, recheck *record.Tenths) ref {
	if !d.Allowed {
		g.stats.Denied++
		if g.shift != nil {
			g.shift.counts["denied"]++
		}
	}
	return g.emit(record.Passage, 1, t, record.PassageBody{
		Subject: c.subject, Direction: dir, Badge: c.badge, IDNumber: c.id, Name: c.name, Plate: c.plate,
		Temp: temp, Recheck: recheck, Purpose: c.purpose, Pass: d.PassID, Allowed: d.Allowed, Reason: string(d.Reason),
	})
}

// remember keeps a record a supervisor may later void.
func (g *gen) remember(r ref) {
	g.recent = append(g.recent, r)
	if len(g.recent) > 64 {
		g.recent = g.recent[len(g.recent)-64:]
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
	g.mainGate(t, crossing{subject: record.SubjectStaff, person: &p, badge: p.Badge, name: p.Name})
}

// staffInnerGate is a staff crossing at gates 2–5, each by the staff who
// work behind it: custody duty at 2, standby at 3, office at 4, kitchen at 5.
func (g *gen) staffInnerGate(t time.Time) {
	var gateNo int
	var pool []gate.Person
	switch x := g.rng.IntN(100); {
	case x < 40:
		gateNo, pool = 2, g.onSite[gate.AssignCustody]
	case x < 55:
		gateNo, pool = 3, g.onSite[gate.AssignStandby]
	case x < 85:
		gateNo, pool = 4, g.onSite[gate.AssignOffice]
	default:
		gateNo, pool = 5, g.kitchen
	}
	if len(pool) == 0 {
		pool = g.staff
	}
	p := g.pick(pool)
	key := fmt.Sprintf("%d:%s", gateNo, p.Badge)
	dir, reason := record.In, gate.ReasonStaff
	if g.inside[key] {
		dir, reason = record.Out, gate.ReasonExit
	}
	g.inside[key] = dir == record.In
	g.remember(g.emit(record.Passage, gateNo, t, record.PassageBody{
		Subject: record.SubjectStaff, Direction: dir, Badge: p.Badge, Name: p.Name, Allowed: true, Reason: string(reason),
	}))
}

// rollCall takes the next temperature of the half-day's screening: every
// detainee by dormitory, then the staff on site. Once everyone is done the
// moment goes to an ordinary crossing.
func (g *gen) rollCall(t time.Time) {
	key := store.Day(t) + fmt.Sprint(t.Hour() >= 12)
	if key != g.rollKey {
		g.rollKey = key
		g.rollLeft = append(append([]gate.Person{}, g.detainees...), g.onSite[gate.AssignCustody]...)
		g.rollLeft = append(g.rollLeft, g.onSite[gate.AssignStandby]...)
		sort.SliceStable(g.rollLeft, func(i, j int) bool { return g.rollLeft[i].Unit < g.rollLeft[j].Unit })
	}
	if len(g.rollLeft) == 0 {
		g.staffMainGate(t)
		return
	}
	p := g.rollLeft[0]
	g.rollLeft = g.rollLeft[1:]
	v := g.temp()
	if g.rng.IntN(300) == 0 {
		v = g.feverTemp()
	}
	fever := gate.IsFever(v, g.cfg.FeverAt())
	r := g.emit(record.Temperature, 0, t, record.TemperatureBody{Badge: p.Badge, Name: p.Name, Temp: v, Fever: fever, Group: p.Unit})
	if !fever {
		g.remember(r)
		return
	}
	if g.left() == 0 {
		return
	}
	again := g.temp()
	if g.rng.IntN(2) == 0 {
		again = g.feverTemp()
	}
	still := gate.IsFever(again, g.cfg.FeverAt())
	r2 := g.emit(record.Temperature, 0, t.Add(3*time.Minute), record.TemperatureBody{
		Badge: p.Badge, Name: p.Name, Temp: again, Fever: still, Recheck: true, Group: p.Unit,
	})
	if still && g.left() > 0 {
		g.stats.Fevers++
		g.emit(record.Incident, 0, t.Add(3*time.Minute), record.IncidentBody{
			Type: "fever", Badge: p.Badge, Name: p.Name, Related: r2.id, Detail: v.String() + "/" + again.String(),
		})
	}
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

var voidReasons = []string{"方向选错，作废重录", "重复登记", "体温录错", "人员选错", "误操作"}

// void has the supervisor cancel a recent entry, at its gate.
func (g *gen) void(t time.Time) {
	if len(g.recent) == 0 {
		g.staffMainGate(t)
		return
	}
	i := len(g.recent) - 1 - g.rng.IntN(min(len(g.recent), 8))
	r := g.recent[i]
	g.recent = append(g.recent[:i], g.recent[i+1:]...)
	g.emit(record.Void, r.gate, t, record.VoidBody{
		Target: r.id, TargetSeq: r.seq, Supervisor: g.super.Badge, Reason: voidReasons[g.rng.IntN(len(voidReasons))],
	})
}
