package demo

import (
	"errors"
	"fmt"
	"time"

	"gatepost/gate"
	"gatepost/post"
	"gatepost/record"
	"gatepost/store"
)

// staffCrossingDir has the service decide and record a crossing at gate 2
// or 4 in direction dir ("" : the opposite of the person's last there),
// on the person's status, which the service reads from the store (the batch
// is committed first). A standby member seen there is a contact violation,
// written with its incident. It reports whether the person crossed.
func (g *gen) staffCrossingDir(t time.Time, gateNo int, p gate.Person, dir record.Direction) bool {
	if g.barred[p.Badge] {
		return false // a confirmed fever keeps them off every gate until cleared
	}
	key := fmt.Sprintf("%d:%s", gateNo, p.Badge)
	if dir == "" {
		dir = record.In
		if g.inside[key] {
			dir = record.Out
		}
	}
	pl, v, ok := g.save(t, func() (post.Plan, error) {
		g.fresh(p.Badge)
		return g.svc.DecideStaffGate(g.ctx, post.StaffGateInput{Gate: gateNo, Direction: dir, Badge: p.Badge})
	})
	if !ok || !pl.Allowed {
		return false
	}
	g.inside[key] = dir == record.In
	g.remember(refOf(v.Main()))
	return true
}

// custodyGate is a crossing at the custody-zone entrance: an officer on
// duty, now and then an office member on today's list who is turned away.
func (g *gen) custodyGate(t time.Time) {
	if g.rng.IntN(100) < 2 {
		if office := g.onList(); len(office) > 0 {
			g.staffCrossingDir(t, 2, g.pick(office), record.In)
			return
		}
	}
	if duty := g.onDuty(); len(duty) > 0 {
		g.staffCrossingDir(t, 2, g.pickFresh(duty), "")
	}
}

// officeGate is a crossing at the office by someone on today's on-site list.
func (g *gen) officeGate(t time.Time) {
	if office := g.onList(); len(office) > 0 {
		g.staffCrossingDir(t, 4, g.pickFresh(office), "")
		return
	}
	g.custodyGate(t)
}

// standbyContact is the violation gate 3 exists to prevent: someone in
// standby quarantine turns up at gate 2 or 4 (rare in a well-run centre).
func (g *gen) standbyContact(t time.Time) {
	if len(g.stints) == 0 {
		g.custodyGate(t)
		return
	}
	badges := sortedBadges(g.stints)
	b := badges[g.rng.IntN(len(badges))]
	for _, p := range g.staff {
		if p.Badge == b {
			g.staffCrossingDir(t, []int{2, 4}[g.rng.IntN(2)], p, record.In)
			return
		}
	}
}

// rollCall takes the temperature of each of ps in turn, twenty seconds
// apart, at the screening point (gate 0); a fever's first reading is
// rechecked three minutes later.
func (g *gen) rollCall(t time.Time, ps []gate.Person) {
	for i, p := range ps {
		if g.mv.gone[p.Badge] {
			continue // released since the screening was planned
		}
		at := t.Add(time.Duration(i*20) * time.Second)
		v := g.temp()
		odds := 40000
		if p.Kind == gate.Staff {
			odds = 8000
		}
		if g.rng.IntN(odds) == 0 || p.Badge == g.feverish {
			v = g.feverTemp()
		}
		in := post.ReadingInput{Gate: 0, Who: post.Who{Badge: p.Badge, Name: p.Name}, Group: p.Unit, Temp: v}
		g.now = at
		first, err := g.svc.Reading(g.ctx, g.guard(), in)
		if !g.saved(err) {
			return
		}
		g.screened[p.Badge] = store.Day(at)
		if first.Pending == nil {
			continue
		}
		// The cursor stays on the person: the next reading is the recheck.
		again := g.temp()
		if g.rng.IntN(2) == 0 || p.Badge == g.feverish {
			again = g.feverTemp()
		}
		in.Temp = again
		g.now = at.Add(3 * time.Minute)
		rv, err := g.svc.Recheck(g.ctx, g.guard(), *first.Pending, in)
		if !g.saved(err) {
			return
		}
		g.fevered(g.now, rv)
	}
}

// clock is hh:mm on day d.
func clock(d time.Time, h, m int) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), h, m, 0, 0, d.Location())
}

// planDay schedules the day's routines: the office list, the screenings,
// the rotation's change-overs and the standby pool, the main gate's few
// crossings, food deliveries and meal samples, the disinfection of every
// zone, supplies into the custody zone and the day's report.
func (g *gen) planDay(t time.Time) {
	d := t
	today := store.Day(d)
	if g.listDay != today {
		g.at(clock(d, 7, 10+g.rng.IntN(20)), g.attendanceList)
	}
	g.planRollCall(d)
	g.planMoves(d)
	g.planRotation(d)
	g.planMainGate(d)
	for i, n := 0, 2+g.rng.IntN(3); i < n; i++ {
		g.at(clock(d, 6, 0).Add(g.minutes(i*35, 30)), g.foodDelivery)
	}
	for _, m := range []struct {
		meal record.Meal
		h, m int
	}{{record.Breakfast, 7, 40}, {record.Lunch, 12, 0}, {record.Dinner, 18, 0}} {
		if m.meal == record.Dinner && g.rng.IntN(100) == 0 {
			continue // forgotten: the day's gaps list will show it
		}
		meal := m.meal
		g.at(clock(d, m.h, m.m).Add(g.minutes(0, 15)), func(t time.Time) { g.mealSample(t, meal) })
	}
	for i, z := range zones {
		z := z
		g.at(clock(d, z.h, z.m).Add(g.minutes(i*3, 2)), func(t time.Time) { g.disinfect(t, z) })
	}
	for i, n := 0, 1+g.rng.IntN(3); i < n; i++ {
		g.at(clock(d, 9, 0).Add(g.minutes(i*150, 90)), g.supplyReceived)
	}
	// The day's report goes up before the bureau's 16:00 deadline, now and
	// then a little late.
	g.at(clock(d, 15, 15).Add(g.minutes(0, 40+20*btoi(g.rng.IntN(15) == 0))), g.submitReport)
}

// attendanceList is the supervisor setting the day's on-site/WFH list,
// carried over from the day before with now and then a change.
func (g *gen) attendanceList(t time.Time) {
	today := store.Day(t)
	prevDay := g.listDay
	prev := map[string]gate.Entry{}
	for b, s := range g.attendance {
		prev[b] = gate.Entry{Badge: b, Status: s}
	}
	list := gate.CarryOver(g.people, prev, nil)
	g.attendance = map[string]record.AttendanceStatus{}
	g.listDay = today
	// The list as it was, carried over, then the day's changes and the
	// people it did not name yet: two confirmations, as at the console.
	var carried, changed []gate.Entry
	moved := -1 // at most one office member changes lists a day
	if prevDay != "" && g.rng.IntN(4) == 0 {
		moved = g.rng.IntN(len(list))
	}
	for i, e := range list {
		_, had := prev[e.Badge]
		switch {
		case i == moved && !g.barred[e.Badge]:
			if e.Status == record.OnSite {
				e.Status = record.WFH
			} else {
				e.Status = record.OnSite
			}
			changed = append(changed, e)
		case had:
			carried = append(carried, e)
		default:
			changed = append(changed, e)
		}
	}
	for i, in := range []post.AttendanceInput{{Day: today, Entries: carried, CarriedFrom: prevDay}, {Day: today, Entries: changed}} {
		if len(in.Entries) == 0 {
			continue
		}
		g.now = t.Add(time.Duration(i) * time.Minute)
		if _, err := g.svc.SetAttendance(g.ctx, g.guard(), g.sup, in); !g.saved(err) {
			return
		}
		for _, e := range in.Entries {
			g.attendance[e.Badge] = e.Status
		}
	}
	// Whoever changed lists crosses the main gate: in to the office, or out
	// to work from home.
	if moved >= 0 {
		e := list[moved]
		for _, p := range g.people {
			if p.Badge == e.Badge && g.attendance[p.Badge] != prev[p.Badge].Status {
				p := p
				st := g.attendance[p.Badge]
				g.at(t.Add(g.minutes(40, 60)), func(t time.Time) { g.listChange(t, p, st) })
			}
		}
	}
}

type foodItem struct {
	item      string
	cat       record.FoodCategory
	unit      string
	qty       int
	shelfDays int // 0: no expiry date (fresh produce)
	supplier  string
	licence   string
}

var foods = []foodItem{
	{"大米", record.FoodGrain, "kg", 300, 365, "江宁粮油贸易有限公司", "JY13201150023417"},
	{"食用油", record.FoodGrain, "桶", 12, 540, "江宁粮油贸易有限公司", "JY13201150023417"},
	{"青菜", record.FoodVegetable, "kg", 60, 0, "众彩农副产品市场李记蔬菜行", "JY13201140045521"},
	{"土豆", record.FoodVegetable, "kg", 80, 0, "众彩农副产品市场李记蔬菜行", "JY13201140045521"},
	{"西红柿", record.FoodVegetable, "kg", 40, 0, "众彩农副产品市场李记蔬菜行", "JY13201140045521"},
	{"苹果", record.FoodFruit, "kg", 50, 0, "南京鲜果汇商贸有限公司", "JY13201060031290"},
	{"猪肉", record.FoodMeat, "kg", 45, 3, "苏食肉类配送有限公司", "JY13201150067788"},
	{"鸡腿", record.FoodMeat, "kg", 30, 5, "苏食肉类配送有限公司", "JY13201150067788"},
	{"带鱼", record.FoodAquatic, "kg", 25, 180, "金陵水产冷链有限公司", "JY13201130052206"},
	{"鸡蛋", record.FoodEggDairy, "箱", 10, 30, "江宁禽蛋专业合作社", "JY13201150078812"},
	{"牛奶", record.FoodEggDairy, "箱", 20, 21, "卫岗乳业配送中心", "JY13201020011873"},
	{"速冻水饺", record.FoodFrozen, "箱", 8, 365, "金陵水产冷链有限公司", "JY13201130052206"},
}

// foodDelivery is one delivery inspected at gate 5 and decided by the
// food-safety rule; a few lack a paper, are expired or fail the sensory
// check.
func (g *gen) foodDelivery(t time.Time) {
	f := foods[g.rng.IntN(len(foods))]
	day := t.AddDate(0, 0, -g.rng.IntN(3))
	yes := func() *bool { v := true; return &v }
	in := post.FoodInput{
		Item: f.item, Category: f.cat, ColdChain: gate.ColdChainByDefault(f.cat), Supplier: f.supplier, Licence: f.licence,
		Batch:    fmt.Sprintf("%s-%02d", day.Format("20060102"), 1+g.rng.IntN(20)),
		Quantity: float64(f.qty/2 + g.rng.IntN(f.qty+1)), Unit: f.unit, Produced: store.Day(day),
		Certificate: yes(), SensoryOK: yes(),
	}
	if f.shelfDays > 0 {
		in.Expires = store.Day(day.AddDate(0, 0, f.shelfDays))
	} else {
		in.Produced, in.NoShelfLife = "", true
	}
	if in.ColdChain {
		in.Quarantine, in.NucleicAcid, in.Disinfection = yes(), yes(), yes()
		in.TraceCode = fmt.Sprintf("32%016d", g.rng.Int64N(1e16))
	}
	if g.rng.IntN(100) < 1 {
		no := new(bool)
		switch x := g.rng.IntN(5); {
		case x == 0 && in.ColdChain:
			in.NucleicAcid = no
		case x == 1 && in.ColdChain:
			in.TraceCode = ""
		case x == 2 && in.Expires != "":
			in.Expires = store.Day(t.AddDate(0, 0, -1))
			if in.Produced > in.Expires {
				in.Produced = store.Day(t.AddDate(0, 0, -3))
			}
		case x == 3:
			in.Certificate = no
		default:
			in.SensoryOK = no
		}
	}
	g.save(t, func() (post.Plan, error) { return g.svc.DecideFood(in) })
}

var menus = map[record.Meal][][]string{
	record.Breakfast: {{"白粥", "馒头", "煮鸡蛋", "榨菜"}, {"小米粥", "花卷", "茶叶蛋"}, {"豆浆", "包子", "咸鸭蛋"}},
	record.Lunch:     {{"红烧肉", "清炒青菜", "番茄炒蛋", "米饭", "紫菜汤"}, {"宫保鸡丁", "炒土豆丝", "米饭", "冬瓜汤"}, {"红烧带鱼", "蒜蓉青菜", "米饭"}},
	record.Dinner:    {{"土豆烧鸡", "炒豆芽", "麻婆豆腐", "米饭"}, {"青椒肉丝", "家常豆腐", "米饭", "蛋花汤"}, {"水饺", "拍黄瓜"}},
}

// mealSample retains every dish of a meal (≥125 g each, kept ≥48 h).
func (g *gen) mealSample(t time.Time, meal record.Meal) {
	ms := menus[meal]
	var dishes []record.SampleDish
	for _, name := range ms[g.rng.IntN(len(ms))] {
		dishes = append(dishes, record.SampleDish{Name: name, Grams: 125 + g.rng.IntN(40)})
	}
	g.save(t, func() (post.Plan, error) {
		return g.svc.DecideSample(post.SampleInput{Meal: meal, Dishes: dishes, Hours: 49 + g.rng.IntN(3), Location: "食堂留样冰箱"})
	})
}

type zone struct {
	zone   gate.Zone // the zone code the daily report checks (gate.Zones)
	area   string    // a required area's code (gate.DefaultAreas), or a free-text area
	h, m   int       // when it is disinfected
	preset int       // index into gate.DisinfectPresets
}

// zones is the day's disinfection: every required area as often as the
// report asks (gate.DefaultAreas: twice a day for public areas, after each
// meal for tableware), recorded by its code as the console's form does,
// then the dormitory areas, which are not required areas.
var zones = func() []zone {
	rounds := map[int][][2]int{1: {{9, 0}}, 2: {{9, 0}, {15, 0}}, 3: {{8, 30}, {13, 0}, {18, 45}}}
	var out []zone
	for _, a := range gate.DefaultAreas {
		preset := 0
		if a.Zone == gate.ZoneKitchen {
			preset = 1
		}
		for _, hm := range rounds[min(a.PerDay, 3)] {
			out = append(out, zone{a.Zone, a.Code, hm[0], hm[1], preset})
		}
	}
	for _, u := range []string{"一", "二", "三", "四", "五"} {
		out = append(out, zone{gate.ZoneCustody, u + "大队宿舍区", 15, 30, 2})
	}
	return out
}()

var agents = map[record.DisinfectMethod]string{record.MethodSpray: "含氯消毒剂", record.MethodSoak: "含氯消毒剂", record.MethodWipe: "75%酒精"}

// disinfect is the daily disinfection of a zone (§3).
func (g *gen) disinfect(t time.Time, z zone) {
	p := gate.DisinfectPresets[z.preset%len(gate.DisinfectPresets)]
	op := g.operator()
	g.now = t
	_, err := g.svc.Disinfect(g.ctx, g.guard(), post.DisinfectionInput{Zone: z.zone, Area: z.area, Method: p.Method,
		Agent: agents[p.Method], Concentration: p.Concentration, ContactMin: p.ContactMin, Operator: op.Name})
	g.saved(err)
}

type supplyItem struct {
	item   string
	cat    record.SupplyCategory
	qty    int
	unit   string
	source string
}

var supplyItems = []supplyItem{
	{"医用外科口罩", record.SupplyProtective, 2000, "只", "市司法局物资保障处"},
	{"医用防护服", record.SupplyProtective, 100, "套", "市司法局物资保障处"},
	{"含氯消毒片", record.SupplyProtective, 50, "瓶", "市司法局物资保障处"},
	{"洗衣粉", record.SupplyLiving, 40, "袋", "生活物资保障车"},
	{"卫生纸", record.SupplyLiving, 60, "提", "生活物资保障车"},
	{"方便面", record.SupplyLiving, 30, "箱", "生活物资保障车"},
	{"常用药品", record.SupplyOther, 5, "箱", "市第二医院"},
}

// supplyReceived is a supply handed in at gate 2; it is disinfected and,
// after its contact time, stored (now and then it waits overnight).
func (g *gen) supplyReceived(t time.Time) {
	s := supplyItems[g.rng.IntN(len(supplyItems))]
	p, v, ok := g.save(t, func() (post.Plan, error) {
		return g.svc.DecideReceive(post.ReceiveInput{Item: s.item, Category: s.cat, Quantity: float64(s.qty/2 + g.rng.IntN(s.qty+1)),
			Unit: s.unit, Source: s.source})
	})
	if ok {
		r := v.Main()
		g.finishSupply(gate.Supply{ID: r.ID, Seq: r.Seq, At: r.At, Body: p.Body.(record.SupplyReceivedBody)}, t)
	}
}

// finishSupply schedules what is left of a supply's lifecycle after from.
func (g *gen) finishSupply(s gate.Supply, from time.Time) {
	if g.rng.IntN(60) == 0 {
		return // forgotten: shows as pending until someone deals with it
	}
	if s.Disinfected == nil {
		g.at(from.Add(g.minutes(10, 30)), func(t time.Time) { g.supplyDisinfected(t, s) })
		return
	}
	g.at(maxTime(from, s.ContactEnds()).Add(g.minutes(5, 60)), func(t time.Time) { g.supplyStored(t, s) })
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func (g *gen) supplyDisinfected(t time.Time, s gate.Supply) {
	ps := gate.DisinfectPresets[g.rng.IntN(len(gate.DisinfectPresets))]
	p, v, ok := g.save(t, func() (post.Plan, error) {
		return g.svc.DecideDisinfectSupply(post.SupplyDisinfectInput{Supply: s, Method: ps.Method, Agent: agents[ps.Method],
			Concentration: ps.Concentration, ContactMin: ps.ContactMin, Operator: g.operator().Name})
	})
	if !ok {
		return
	}
	r := v.Main()
	s.Disinfected = &gate.Step[record.SupplyDisinfectedBody]{ID: r.ID, Seq: r.Seq, At: r.At, Body: p.Body.(record.SupplyDisinfectedBody)}
	g.finishSupply(s, r.At)
}

var storeRooms = []string{"一大队物资库房", "二大队物资库房", "三大队物资库房", "中心库房"}

func (g *gen) supplyStored(t time.Time, s gate.Supply) {
	loc := storeRooms[g.rng.IntN(len(storeRooms))]
	g.now = t
	p, err := g.svc.DecideStoreSupply(post.SupplyStoreInput{Supply: s, Location: loc})
	var re *post.RefusedError
	if errors.As(err, &re) && re.Code == gate.RefuseContactTime {
		// Not yet: the guard comes back when the contact time is over.
		g.at(re.Until.Add(time.Minute), func(t time.Time) { g.supplyStored(t, s) })
		return
	}
	if g.saved(err) {
		_, err = g.svc.Save(g.ctx, g.guard(), p)
		g.saved(err)
	}
}

// standby has the service decide and record a gate-3 action on p at t.
func (g *gen) standby(t time.Time, p gate.Person, in post.StandbyInput) (post.Plan, post.Saved, bool) {
	in.Badge = p.Badge
	in.Lookup = &post.StandbyLookup{Person: &p}
	if s, ok := g.stints[p.Badge]; ok {
		in.Lookup.Current = &s
	}
	return g.save(t, func() (post.Plan, error) { return g.svc.DecideStandby(g.ctx, in) })
}

var standbyAreas = []string{"备勤楼2层", "备勤楼3层"}

// standbyStart starts a standby stint until end, the plan's last day.
func (g *gen) standbyStart(t time.Time, p gate.Person, end string) {
	area := standbyAreas[g.rng.IntN(len(standbyAreas))]
	if _, v, ok := g.standby(t, p, post.StandbyInput{Action: gate.ActStart, PlannedEnd: end, Area: area}); ok {
		r := v.Main()
		g.stints[p.Badge] = gate.Stint{StartID: r.ID, StartSeq: r.Seq, Badge: p.Badge, Name: p.Name, Start: r.At, PlannedEnd: end, Area: area}
		// A check-in is due on the first day too.
		g.at(t.Add(g.minutes(10, 10)), func(t time.Time) { g.standbyCheckin(t, p) })
	}
}

// standbyCheckin is the daily check-in; a fever's first reading is saved
// at once and the check-in written with its recheck.
func (g *gen) standbyCheckin(t time.Time, p gate.Person) {
	if _, in := g.stints[p.Badge]; !in {
		return
	}
	v := g.temp()
	if g.rng.IntN(800) == 0 {
		v = g.feverTemp()
	}
	in := post.StandbyInput{Action: gate.ActCheckin, Temp: tp(v), Ready: true}
	pl, saved, ok := g.standby(t, p, in)
	if ok {
		g.screened[p.Badge] = store.Day(t)
	}
	if !ok || !pl.NeedsRecheck {
		return
	}
	again := g.temp()
	if g.rng.IntN(2) == 0 {
		again = g.feverTemp()
	}
	in.Temp, in.First = tp(again), saved.Pending
	t = t.Add(g.minutes(5, 5))
	if _, v, ok := g.standby(t, p, in); ok {
		g.fevered(t, v)
	}
}

// standbyEnd ends a stint on its last day; it reports whether it did.
func (g *gen) standbyEnd(t time.Time, p gate.Person) bool {
	if _, in := g.stints[p.Badge]; !in {
		return false
	}
	if _, _, ok := g.standby(t, p, post.StandbyInput{Action: gate.ActEnd, Note: "备勤期满，核酸检测阴性"}); ok {
		delete(g.stints, p.Badge)
		return true
	}
	return false
}

var callupReasons = []string{"突发事件处置，紧急调用", "医务室人手不足，紧急增援", "值班警力不足，紧急增援"}

// standbyCallup calls a standby member up: custody duty at once. reason ""
// is one of the usual ones.
func (g *gen) standbyCallup(t time.Time, p gate.Person, reason string) {
	if _, in := g.stints[p.Badge]; !in || g.barred[p.Badge] {
		return
	}
	if reason == "" {
		reason = callupReasons[g.rng.IntN(len(callupReasons))]
	}
	if _, v, ok := g.standby(t, p, post.StandbyInput{Action: gate.ActCallup, Reason: reason}); ok {
		delete(g.stints, p.Badge)
		g.callUp(v.Main().At, p)
	}
}

// operator is who disinfects: an officer on duty.
func (g *gen) operator() gate.Person {
	if duty := g.onDuty(); len(duty) > 0 {
		return g.pick(duty)
	}
	return g.pick(g.staff)
}

// submitReport is the duty supervisor submitting the day's report (§3
// 日报告): the service computes it from the day's records, which must
// therefore be in the store.
func (g *gen) submitReport(t time.Time) {
	if err := g.flush(g.ctx); err != nil {
		g.saved(err)
		return
	}
	g.now = t
	// The duty leader attests the day's 安全稳定 with it: no event (a
	// well-run centre's ordinary day); the epidemic counts are the health
	// authorities' and none were notified.
	_, err := g.svc.SubmitReport(g.ctx, g.guard(), g.sup, post.SubmitInput{Day: store.Day(t), Security: &post.SecurityInput{}})
	g.saved(err)
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
