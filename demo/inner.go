package demo

import (
	"fmt"
	"sort"
	"time"

	"gatepost/gate"
	"gatepost/record"
	"gatepost/store"
)

// staffCrossing decides a crossing at gate 2 or 4 with the gate's rule and
// records it; a standby member seen there is a contact violation with its
// incident.
func (g *gen) staffCrossing(t time.Time, gateNo int, p gate.Person, override string) {
	key := fmt.Sprintf("%d:%s", gateNo, p.Badge)
	dir := record.In
	if g.inside[key] {
		dir = record.Out
	}
	in := gate.StaffCrossing{Direction: dir, Badge: p.Badge, Person: &p}
	if s, ok := g.stints[p.Badge]; ok {
		in.Standby = &s
	}
	var d gate.Decision
	if gateNo == 2 {
		d = gate.EvaluateGate2(in)
	} else {
		if g.listDay == g.day {
			in.Status = g.attendance[p.Badge]
		}
		d = gate.EvaluateGate4(in)
	}
	r := g.emit(record.Passage, gateNo, t, record.PassageBody{
		Subject: record.SubjectStaff, Direction: dir, Badge: p.Badge, Name: p.Name, Allowed: d.Allowed, Reason: string(d.Reason),
	})
	if r.id == "" {
		return
	}
	switch {
	case d.Allowed:
		g.inside[key] = dir == record.In
		g.remember(r)
	case d.ContactViolation():
		g.denied()
		zone := map[int]string{2: "戒毒管理区入口", 4: "办公区"}[gateNo]
		g.emit(record.Incident, gateNo, t, record.IncidentBody{
			Type: gate.IncidentContact, Badge: p.Badge, Name: p.Name, Related: r.id,
			Detail: "隔离备勤人员出现在" + zone + "，已劝返并报告带班领导",
		})
	default:
		g.denied()
		if override != "" {
			g.overrideLater(t, r, override)
			g.inside[key] = dir == record.In
		}
	}
}

// custodyGate is a crossing at the custody-zone entrance: custody-duty staff,
// now and then an office member who is turned away.
func (g *gen) custodyGate(t time.Time) {
	pool, over := g.onSite[gate.AssignCustody], ""
	if g.rng.IntN(100) < 3 && len(g.onSite[gate.AssignOffice]) > 0 {
		pool = g.onSite[gate.AssignOffice]
		if g.rng.IntN(4) == 0 {
			over = "紧急维修监控设备，经所领导批准，全程防护"
		}
	}
	if len(pool) == 0 {
		pool = g.staff
	}
	g.staffCrossing(t, 2, g.pick(pool), over)
}

// officeGate is a crossing at the office: staff on today's on-site list,
// now and then someone working from home or a custody-duty member.
func (g *gen) officeGate(t time.Time) {
	pool, over := g.onSite[gate.AssignOffice], ""
	switch x := g.rng.IntN(100); {
	case x < 2 && len(g.onSite[gate.AssignWFH]) > 0:
		pool = g.onSite[gate.AssignWFH]
		if g.rng.IntN(2) == 0 {
			over = "临时回办公区取材料，经带班领导同意"
		}
	case x < 4 && len(g.onSite[gate.AssignCustody]) > 0:
		pool = g.onSite[gate.AssignCustody]
	}
	if len(pool) == 0 {
		pool = g.staff
	}
	p := g.pick(pool)
	if g.listDay == g.day && g.attendance[p.Badge] == record.WFH && over == "" && g.rng.IntN(4) != 0 {
		return // someone working from home rarely comes; nothing happens
	}
	g.staffCrossing(t, 4, p, over)
}

// standbyContact is the violation gate 3 exists to prevent: someone in
// standby quarantine turns up at gate 2 or 4.
func (g *gen) standbyContact(t time.Time) {
	if len(g.stints) == 0 {
		g.staffMainGate(t)
		return
	}
	badges := make([]string, 0, len(g.stints))
	for b := range g.stints {
		badges = append(badges, b)
	}
	sort.Strings(badges)
	b := badges[g.rng.IntN(len(badges))]
	for _, p := range g.staff {
		if p.Badge == b {
			g.staffCrossing(t, []int{2, 4}[g.rng.IntN(2)], p, "")
			return
		}
	}
}

// rollCall takes the next temperature of the half-day's screening: every
// detainee by dormitory, then the custody-duty staff. Once everyone is done
// the moment goes to an ordinary crossing.
func (g *gen) rollCall(t time.Time) {
	key := store.Day(t) + fmt.Sprint(t.Hour() >= 12)
	if key != g.rollKey {
		g.rollKey = key
		g.rollLeft = append(append([]gate.Person{}, g.detainees...), g.onSite[gate.AssignCustody]...)
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
	again := g.temp()
	if g.rng.IntN(2) == 0 {
		again = g.feverTemp()
	}
	still := gate.IsFever(again, g.cfg.FeverAt())
	r2 := g.emit(record.Temperature, 0, t.Add(3*time.Minute), record.TemperatureBody{
		Badge: p.Badge, Name: p.Name, Temp: again, Fever: still, Recheck: true, Group: p.Unit,
	})
	if still && r2.id != "" {
		if g.emit(record.Incident, 0, t.Add(3*time.Minute), record.IncidentBody{
			Type: "fever", Badge: p.Badge, Name: p.Name, Related: r2.id, Detail: v.String() + "/" + again.String(),
		}).id != "" {
			g.stats.Fevers++
		}
	}
}

// clock is hh:mm on day d.
func clock(d time.Time, h, m int) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), h, m, 0, 0, d.Location())
}

// planDay schedules the day's routines: the office list, food deliveries and
// meal samples, the disinfection of every zone, supplies into the custody
// zone, and the standby pool's starts, check-ins, ends and call-ups.
func (g *gen) planDay(t time.Time) {
	d := t
	today := store.Day(d)
	if g.listDay != today {
		g.at(clock(d, 7, 10+g.rng.IntN(20)), g.attendanceList)
	}
	for i, n := 0, 3+g.rng.IntN(4); i < n; i++ {
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
		g.at(clock(d, z.h, 0).Add(g.minutes(i*6, 4)), func(t time.Time) { g.disinfect(t, z) })
	}
	for i, n := 0, 1+g.rng.IntN(3); i < n; i++ {
		g.at(clock(d, 9, 0).Add(g.minutes(i*150, 90)), g.supplyReceived)
	}
	for _, p := range g.onSite[gate.AssignStandby] {
		p := p
		if s, in := g.stints[p.Badge]; in {
			switch {
			case s.PlannedEnd <= today:
				g.at(clock(d, 10, 0).Add(g.minutes(0, 60)), func(t time.Time) { g.standbyEnd(t, p) })
			case g.rng.IntN(50) == 0:
				g.at(clock(d, 9, 0).Add(g.minutes(0, 8*60)), func(t time.Time) { g.standbyCallup(t, p) })
			case g.rng.IntN(30) != 0: // now and then a check-in is missed
				g.at(clock(d, 8, 0).Add(g.minutes(0, 90)), func(t time.Time) { g.standbyCheckin(t, p) })
			}
		} else if g.restUntil[p.Badge] <= today {
			g.at(clock(d, 9, 0).Add(g.minutes(0, 120)), func(t time.Time) { g.standbyStart(t, p) })
		}
	}
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
	for i, e := range list {
		carried := ""
		if _, had := prev[e.Badge]; had {
			carried = prevDay
		}
		if g.rng.IntN(40) == 0 { // someone's status changes today
			carried = ""
			if e.Status == record.OnSite {
				e.Status = record.WFH
			} else {
				e.Status = record.OnSite
			}
		}
		g.attendance[e.Badge] = e.Status
		g.emit(record.Attendance, 4, t.Add(time.Duration(i)*15*time.Second), record.AttendanceBody{
			Day: today, Badge: e.Badge, Name: e.Name, Status: e.Status, Supervisor: g.super.Badge, CarriedFrom: carried,
		})
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
	b := record.FoodInspectionBody{
		Item: f.item, Category: f.cat, ColdChain: gate.ColdChainByDefault(f.cat), Supplier: f.supplier, Licence: f.licence,
		Batch:    fmt.Sprintf("%s-%02d", day.Format("20060102"), 1+g.rng.IntN(20)),
		Quantity: float64(f.qty/2 + g.rng.IntN(f.qty+1)), Unit: f.unit, Produced: store.Day(day),
		Certificate: true, SensoryOK: true,
	}
	if f.shelfDays > 0 {
		b.Expires = store.Day(day.AddDate(0, 0, f.shelfDays))
	} else {
		b.Produced = ""
	}
	if b.ColdChain {
		b.Papers = &record.ColdChainPapers{Quarantine: true, NucleicAcid: true, Disinfection: true,
			TraceCode: fmt.Sprintf("32%016d", g.rng.Int64N(1e16))}
	}
	if g.rng.IntN(100) < 7 {
		switch x := g.rng.IntN(5); {
		case x == 0 && b.Papers != nil:
			b.Papers.NucleicAcid = false
		case x == 1 && b.Papers != nil:
			b.Papers.TraceCode = ""
		case x == 2 && b.Expires != "":
			b.Expires = store.Day(t.AddDate(0, 0, -1))
		case x == 3:
			b.Certificate = false
		default:
			b.SensoryOK = false
		}
	}
	dec := gate.InspectFood(b, t)
	b.Accepted = dec.Accepted
	for _, r := range dec.Reasons {
		b.Reasons = append(b.Reasons, string(r))
	}
	g.emit(record.FoodInspection, 5, t, b)
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
	g.emit(record.FoodSample, 5, t, record.FoodSampleBody{
		Meal: meal, Dishes: dishes, RetainUntil: t.Add(48*time.Hour + g.minutes(60, 120)).Truncate(time.Millisecond).Format(record.TimeLayout),
		Location: "食堂留样冰箱",
	})
}

type zone struct {
	zone   gate.Zone // the zone code the daily report checks (gate.Zones)
	area   string
	h      int // hour it is disinfected
	preset int // index into gate.DisinfectPresets
}

var zones = []zone{
	{gate.ZoneMainGate, "门岗及通道", 9, 0},
	{gate.ZoneCustody, "大厅及走廊", 9, 0},
	{gate.ZoneStandby, "备勤楼", 10, 0},
	{gate.ZoneOffice, "办公楼", 10, 0},
	{gate.ZoneKitchen, "操作间及餐厅", 14, 1},
	{gate.ZoneCustody, "物资库房", 14, 0},
	{gate.ZoneCustody, "宿舍1", 15, 2}, {gate.ZoneCustody, "宿舍2", 15, 2}, {gate.ZoneCustody, "宿舍3", 15, 2},
	{gate.ZoneCustody, "宿舍4", 15, 2}, {gate.ZoneCustody, "宿舍5", 15, 2}, {gate.ZoneCustody, "宿舍6", 15, 2},
	{gate.ZoneMainGate, "门岗及通道", 20, 0},
}

var agents = map[record.DisinfectMethod]string{record.MethodSpray: "含氯消毒剂", record.MethodSoak: "含氯消毒剂", record.MethodWipe: "75%酒精"}

// disinfect is the daily disinfection of a zone (§3).
func (g *gen) disinfect(t time.Time, z zone) {
	p := gate.DisinfectPresets[z.preset%len(gate.DisinfectPresets)]
	op := g.pick(g.onSite[gate.AssignCustody])
	g.emit(record.Disinfection, 0, t, record.DisinfectionBody{
		Zone: string(z.zone), Area: z.area, Method: p.Method, Agent: agents[p.Method], Concentration: p.Concentration,
		ContactMin: p.ContactMin, Operator: op.Name,
	})
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
	r := g.emit(record.SupplyReceived, 2, t, record.SupplyReceivedBody{
		Item: s.item, Category: s.cat, Quantity: float64(s.qty/2 + g.rng.IntN(s.qty+1)), Unit: s.unit, Source: s.source,
	})
	if r.id != "" {
		g.finishSupply(gate.Supply{ID: r.id, Seq: r.seq, At: r.at, Body: record.SupplyReceivedBody{Item: s.item}}, t)
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
	p := gate.DisinfectPresets[g.rng.IntN(len(gate.DisinfectPresets))]
	b := record.SupplyDisinfectedBody{
		Supply: s.ID, SupplySeq: s.Seq, Item: s.Body.Item, Method: p.Method, Agent: agents[p.Method],
		Concentration: p.Concentration, ContactMin: p.ContactMin, Operator: g.pick(g.onSite[gate.AssignCustody]).Name,
	}
	if c := gate.CheckDisinfect(s, b); !c.OK() {
		return
	}
	r := g.emit(record.SupplyDisinfected, 2, t, b)
	if r.id == "" {
		return
	}
	s.Disinfected = &gate.Step[record.SupplyDisinfectedBody]{ID: r.id, Seq: r.seq, At: r.at, Body: b}
	g.finishSupply(s, r.at)
}

var storeRooms = []string{"一大队物资库房", "二大队物资库房", "三大队物资库房", "中心库房"}

func (g *gen) supplyStored(t time.Time, s gate.Supply) {
	loc := storeRooms[g.rng.IntN(len(storeRooms))]
	if c := gate.CheckStore(s, loc, t); !c.OK() {
		g.at(s.ContactEnds().Add(time.Minute), func(t time.Time) { g.supplyStored(t, s) })
		return
	}
	g.emit(record.SupplyStored, 2, t, record.SupplyStoredBody{
		Supply: s.ID, SupplySeq: s.Seq, Disinfected: s.Disinfected.ID, Item: s.Body.Item, Location: loc,
	})
}

func (g *gen) standby(t time.Time, p gate.Person, act gate.StandbyAction, temp *record.Tenths, reason, plannedEnd string) (gate.StandbyDecision, *gate.Stint) {
	in := gate.StandbyInput{Action: act, Badge: p.Badge, Person: &p, Temp: temp, Reason: reason, PlannedEnd: plannedEnd, Now: t}
	if s, ok := g.stints[p.Badge]; ok {
		in.Current = &s
	}
	return gate.EvaluateStandby(g.cfg, in), in.Current
}

var standbyAreas = []string{"备勤楼2层", "备勤楼3层"}

func (g *gen) standbyStart(t time.Time, p gate.Person) {
	end := store.Day(t.AddDate(0, 0, gate.DefaultStandbyDays))
	if d, _ := g.standby(t, p, gate.ActStart, nil, "", end); !d.OK {
		return
	}
	area := standbyAreas[g.rng.IntN(len(standbyAreas))]
	r := g.emit(record.StandbyStart, 3, t, record.StandbyStartBody{Badge: p.Badge, Name: p.Name, PlannedEnd: end, Area: area})
	if r.id != "" {
		g.stints[p.Badge] = gate.Stint{StartID: r.id, StartSeq: r.seq, Badge: p.Badge, Name: p.Name, Start: r.at, PlannedEnd: end, Area: area}
	}
}

func (g *gen) standbyCheckin(t time.Time, p gate.Person) {
	v := g.temp()
	if g.rng.IntN(100) == 0 {
		v = g.feverTemp()
	}
	d, s := g.standby(t, p, gate.ActCheckin, &v, "", "")
	if !d.OK {
		return
	}
	r := g.emit(record.StandbyCheckin, 3, t, record.StandbyCheckinBody{
		Badge: p.Badge, Name: p.Name, Start: s.StartID, Temp: v, Fever: d.Fever, Ready: !d.Fever,
	})
	if d.Fever && r.id != "" {
		if g.emit(record.Incident, 3, t, record.IncidentBody{
			Type: "fever", Badge: p.Badge, Name: p.Name, Related: r.id, Detail: v.String(),
		}).id != "" {
			g.stats.Fevers++
		}
	}
}

func (g *gen) standbyEnd(t time.Time, p gate.Person) {
	d, s := g.standby(t, p, gate.ActEnd, nil, "", "")
	if !d.OK {
		return
	}
	if g.emit(record.StandbyEnd, 3, t, record.StandbyEndBody{Badge: p.Badge, Name: p.Name, Start: s.StartID, Note: "备勤期满，核酸检测阴性"}).id != "" {
		delete(g.stints, p.Badge)
		g.restUntil[p.Badge] = store.Day(t.AddDate(0, 0, 2+g.rng.IntN(3)))
	}
}

var callupReasons = []string{"一大队民警发热隔离，紧急增援", "突发事件处置，紧急调用", "医务室人手不足，紧急增援"}

func (g *gen) standbyCallup(t time.Time, p gate.Person) {
	reason := callupReasons[g.rng.IntN(len(callupReasons))]
	d, s := g.standby(t, p, gate.ActCallup, nil, reason, "")
	if !d.OK {
		return
	}
	if g.emit(record.StandbyCallup, 3, t, record.StandbyCallupBody{Badge: p.Badge, Name: p.Name, Start: s.StartID, Reason: reason}).id != "" {
		delete(g.stints, p.Badge)
		g.restUntil[p.Badge] = store.Day(t.AddDate(0, 0, 3+g.rng.IntN(3)))
	}
}
