package demo

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"gatepost/gate"
	"gatepost/post"
	"gatepost/record"
	"gatepost/store"
)

// The demo centre is under full lockdown (全封闭管理): the main gate sees a
// handful of crossings a day — a custody group's or a standby pair's
// change-over, the supply truck, an official visitor or a repair worker
// with a pass, someone turned away — and the volume is inside: the
// custody-zone entrance, the office, the screenings. Every staff crossing
// is decided by the person's status (§11), which the service reads from
// the records written so far and the rotation plan: the generator only
// chooses who comes to which gate when, as the rotation and the day's list
// have them do.

// loadPlan reads the rotation plan covering the days generated.
func (g *gen) loadPlan(first, last time.Time) error {
	ps, err := g.st.Rotation(g.ctx, store.Day(first.AddDate(0, 0, -1)), store.Day(last.AddDate(0, 0, 1)))
	if err != nil {
		return err
	}
	g.plan = map[string][]gate.Period{}
	for _, p := range ps {
		g.plan[p.Badge] = append(g.plan[p.Badge], p)
	}
	return nil
}

// periodOn is the person's rotation period covering day, the latest
// starting when a call-up replanned it; nil when none.
func (g *gen) periodOn(badge, day string) *gate.Period {
	var best *gate.Period
	for i := range g.plan[badge] {
		p := &g.plan[badge][i]
		if p.Start <= day && day <= p.End && (best == nil || p.Start > best.Start) {
			best = p
		}
	}
	return best
}

// fresh commits the batch when it holds a record the status of badge is
// folded from, so that the service, reading the status from the store,
// sees every record written before the crossing it decides. Records naming
// someone else leave it alone: committing before every crossing would make
// the demo several times slower.
func (g *gen) fresh(badge string) {
	if !g.dirtyAll && !g.dirty[badge] {
		return
	}
	if err := g.flush(g.ctx); err != nil && g.err == nil {
		g.err = err
	}
}

// touch notes whose status a draft in the batch may change: the person its
// body names; anyone's, for an override or a void (they name a record). A
// crossing let through without a temperature (gates 2 and 4) changes
// nobody's status — gate.StatusOf reads a passage only for its readings, or
// as the target of an override, which is written later and commits the
// batch — so the officers' in-and-out across the custody entrance does not
// commit it before every crossing. TestThirtyDays would see a status read
// short of a record.
func (g *gen) touch(d store.Draft) {
	switch b := d.Body.(type) {
	case record.PassageBody:
		if b.Temp != nil || !b.Allowed {
			g.dirty[b.Badge] = true
		}
		return
	case record.OverrideBody, record.VoidBody:
		g.dirtyAll = true
		return
	}
	raw, err := json.Marshal(d.Body)
	if err != nil {
		g.dirtyAll = true
		return
	}
	var who struct {
		Badge string `json:"badge"`
	}
	switch {
	case json.Unmarshal(raw, &who) != nil:
		g.dirtyAll = true
	case who.Badge != "":
		g.dirty[who.Badge] = true
	}
}

// pickFresh picks someone of ps at random, preferring, over a few draws,
// someone no record in the batch names: their crossing is decided without
// committing the batch first (see fresh). Who crosses when stays random;
// the batch is committed every few dozen crossings instead of every few.
func (g *gen) pickFresh(ps []gate.Person) gate.Person {
	p := g.pick(ps)
	for i := 0; i < 4 && (g.dirtyAll || g.dirty[p.Badge]); i++ {
		p = g.pick(ps)
	}
	return p
}

// planRotation schedules the day's change-overs from the plan: a custody
// group entering on the first day of its duty (main gate, then the custody
// entrance) and leaving the custody zone for observation on its last; a
// group leaving the site on the first day of its rest; a standby pair
// arriving and starting its stint, or checking in, or ending it and
// leaving; now and then a call-up, which takes the person into the custody
// zone at once.
func (g *gen) planRotation(d time.Time) {
	today := store.Day(d)
	g.duty = g.duty[:0]
	for _, p := range g.staff {
		per := g.periodOn(p.Badge, today)
		if per == nil {
			continue
		}
		p := p
		switch per.Kind {
		case gate.PeriodCustody:
			g.duty = append(g.duty, p)
			if per.Start == today {
				at := clock(d, 7, 30).Add(g.minutes(0, 50))
				g.at(at, func(t time.Time) { g.arrive(t, p) })
			} else {
				g.present[p.Badge] = true
			}
			if per.End == today {
				g.at(clock(d, 17, 30).Add(g.minutes(0, 40)), func(t time.Time) { g.toObservation(t, p) })
			}
		case gate.PeriodRest:
			// Out of the site after observation; a standby pair left it
			// on the last day of its stint already.
			if prev := g.periodOn(p.Badge, store.Day(d.AddDate(0, 0, -1))); per.Start == today && prev != nil &&
				prev.Kind == gate.PeriodObservation {
				g.at(clock(d, 8, 0).Add(g.minutes(0, 40)), func(t time.Time) { g.releaseNAT(t, p) })
				g.at(clock(d, 9, 0).Add(g.minutes(0, 60)), func(t time.Time) {
					g.mainGate(t, crossing{subject: record.SubjectStaff, person: &p, badge: p.Badge, name: p.Name, dir: record.Out})
				})
			}
		}
	}
	for _, p := range g.onSite[gate.AssignStandby] {
		p := p
		per := g.periodOn(p.Badge, today)
		s, in := g.stints[p.Badge]
		standbyToday := per != nil && per.Kind == gate.PeriodStandby
		switch {
		case in && (s.PlannedEnd <= today || !standbyToday):
			g.at(clock(d, 8, 0).Add(g.minutes(0, 30)), func(t time.Time) { g.standbyCheckin(t, p) })
			g.at(clock(d, 9, 0).Add(g.minutes(0, 20)), func(t time.Time) { g.releaseNAT(t, p) })
			g.at(clock(d, 9, 30).Add(g.minutes(0, 20)), func(t time.Time) {
				if g.standbyEnd(t, p) {
					g.mainGate(t.Add(g.minutes(10, 10)), crossing{subject: record.SubjectStaff, person: &p, badge: p.Badge, name: p.Name, dir: record.Out})
				}
			})
		case in && g.rng.IntN(80) == 0:
			// Checked in in the morning like every day, called up later.
			g.at(clock(d, 8, 0).Add(g.minutes(0, 30)), func(t time.Time) { g.standbyCheckin(t, p) })
			g.at(clock(d, 9, 0).Add(g.minutes(0, 7*60)), func(t time.Time) { g.standbyCallup(t, p, "") })
		case in:
			if g.rng.IntN(300) != 0 { // a check-in missed now and then: the report lists it
				g.at(clock(d, 8, 0).Add(g.minutes(0, 90)), func(t time.Time) { g.standbyCheckin(t, p) })
			}
		case standbyToday && per.Start == today:
			end := per.End
			g.at(clock(d, 8, 20).Add(g.minutes(0, 20)), func(t time.Time) {
				if g.mainGate(t, crossing{subject: record.SubjectStaff, person: &p, badge: p.Badge, name: p.Name, dir: record.In}) {
					g.standbyStart(t.Add(g.minutes(10, 5)), p, end)
				}
			})
		case standbyToday && per.End > today:
			// On standby already when the demo's records begin: the stint is
			// recorded on the first day generated.
			end := per.End
			g.at(clock(d, 8, 20).Add(g.minutes(0, 20)), func(t time.Time) { g.standbyStart(t, p, end) })
		}
	}
}

// releaseNAT is the negative nucleic-acid result that lets p leave standby
// or observation under the epidemic profile (§11, 解除隔离), sampled the
// afternoon before and entered by the duty supervisor in the morning of the
// change-over, before p leaves.
func (g *gen) releaseNAT(t time.Time, p gate.Person) {
	if g.barred[p.Badge] {
		return // barred by a fever: the fever clinic decides, not a release
	}
	g.now = t
	_, err := g.svc.Clear(g.ctx, g.guard(), g.sup, post.ClearanceInput{Badge: p.Badge, Subject: gate.ClearIsolation,
		Result: record.ResultNATNegative, ResultAt: t.Add(-g.minutes(16*60, 4*60)), Reason: "解除隔离前核酸检测阴性"})
	g.saved(err)
}

// arrive is a custody officer's change-over: through the main gate on the
// first day of duty, then into the custody zone.
func (g *gen) arrive(t time.Time, p gate.Person) {
	if !g.mainGate(t, crossing{subject: record.SubjectStaff, person: &p, badge: p.Badge, name: p.Name, dir: record.In}) {
		return
	}
	g.present[p.Badge] = true
	g.at(t.Add(g.minutes(10, 10)), func(t time.Time) { g.staffCrossingDir(t, 2, p, record.In) })
}

// toObservation is the last day of duty: out of the custody zone, into
// observation (隔离观察) on site.
func (g *gen) toObservation(t time.Time, p gate.Person) {
	if g.inside[fmt.Sprintf("2:%s", p.Badge)] {
		g.staffCrossingDir(t, 2, p, record.Out)
	}
	delete(g.present, p.Badge)
}

// planMainGate schedules the day's other main-gate traffic under lockdown:
// the supply truck most days, at most one visit with a pass or an escort,
// and now and then someone turned away at the gate.
func (g *gen) planMainGate(d time.Time) {
	if g.rng.IntN(5) != 0 {
		in := clock(d, 8, 40).Add(g.minutes(0, 40))
		g.at(in, g.supplyTruck)
		g.at(in.Add(g.minutes(35, 20)), g.supplyTruck)
	}
	visits := []func(time.Time){nil, nil, g.repairVisit, g.officialVisit, g.escortVisit, g.wfhVisit, g.expiredPass, g.inactiveStaff}
	if v := visits[g.rng.IntN(len(visits))]; v != nil {
		g.at(clock(d, 9, 30).Add(g.minutes(0, 5*60)), v)
	}
	switch g.rng.IntN(4) {
	case 0, 1:
		g.at(clock(d, 10, 0).Add(g.minutes(0, 6*60)), g.unknownVisitor)
	case 2:
		g.at(clock(d, 10, 0).Add(g.minutes(0, 6*60)), g.outsideVehicle)
	}
}

// repairVisit is a repair worker with a pass, in and out a couple of hours later.
func (g *gen) repairVisit(t time.Time) {
	g.repairWorker(t)
	g.at(t.Add(g.minutes(90, 60)), g.repairWorker)
}

// officialVisit is an inspection team not on the roster: turned away by
// the rule, let in by the duty supervisor on its letter of introduction,
// and out again.
func (g *gen) officialVisit(t time.Time) {
	v := visitorPurposes[4+g.rng.IntN(2)]
	male := g.rng.IntN(2) == 0
	c := crossing{subject: record.SubjectVisitor, id: residentID(g.rng, birthDate(g.rng, 1965, 1990), male), name: g.names.next(male),
		purpose: v.purpose, override: v.override}
	g.mainGate(t, c)
	c.override = ""
	g.at(t.Add(g.minutes(60, 60)), func(t time.Time) { g.mainGate(t, c) })
}

// escortVisit takes the escorted detainee to hospital and back.
func (g *gen) escortVisit(t time.Time) {
	g.escortedDetainee(t)
	g.at(t.Add(g.minutes(120, 60)), g.escortedDetainee)
}

// wfhVisit is someone on the work-from-home list who must come in for the
// day: the main gate refuses them, the duty supervisor overrides it (the
// person is then on site today), and they leave in the afternoon.
func (g *gen) wfhVisit(t time.Time) {
	if g.listDay != g.day {
		return
	}
	var wfh []gate.Person
	for _, p := range g.onSite[gate.AssignWFH] {
		if g.attendance[p.Badge] == record.WFH && !g.barred[p.Badge] {
			wfh = append(wfh, p)
		}
	}
	if len(wfh) == 0 {
		return
	}
	p := g.pick(wfh)
	c := crossing{subject: record.SubjectStaff, person: &p, badge: p.Badge, name: p.Name, dir: record.In,
		override: "临时回所处理公文，经带班领导同意，当日在办公区"}
	g.mainGate(t, c)
	out := clock(t, 16, 30).Add(g.minutes(0, 60))
	g.at(out, func(t time.Time) {
		g.mainGate(t, crossing{subject: record.SubjectStaff, person: &p, badge: p.Badge, name: p.Name, dir: record.Out})
	})
}

// listChange is an office member moved between the on-site and the
// work-from-home list: they come in through the main gate, or leave by it.
func (g *gen) listChange(t time.Time, p gate.Person, status record.AttendanceStatus) {
	dir := record.In
	if status == record.WFH {
		dir = record.Out
	}
	g.mainGate(t, crossing{subject: record.SubjectStaff, person: &p, badge: p.Badge, name: p.Name, dir: dir})
}

// planRollCall schedules the day's screening (§3): every dormitory at 07:00
// and 15:00, then at 10:30 every staff member expected today that nothing
// else screened yet — those resting off site report by phone.
func (g *gen) planRollCall(d time.Time) {
	var dorms []string
	byDorm := map[string][]gate.Person{}
	for _, p := range g.detainees {
		if _, ok := byDorm[p.Unit]; !ok {
			dorms = append(dorms, p.Unit)
		}
		byDorm[p.Unit] = append(byDorm[p.Unit], p)
	}
	for _, h := range []int{7, 15} {
		if clock(d, h, 0).Before(d) {
			// The first day generated starts later: its afternoon
			// screening covers everyone, and a morning one done in
			// the evening would only crowd the day's other routines out.
			continue
		}
		for i, dorm := range dorms {
			ps := byDorm[dorm]
			g.at(clock(d, h, 0).Add(time.Duration(i*4)*time.Minute), func(t time.Time) { g.rollCall(t, ps) })
		}
	}
	g.at(clock(d, 10, 30), g.staffRollCall)
}

// staffRollCall reads every staff member expected today (gate.ExpectedToday)
// who has no reading yet today and is not in a standby stint (their
// check-in is their reading); those working from home are called by phone
// after it.
func (g *gen) staffRollCall(t time.Time) {
	today := store.Day(t)
	att := map[string]gate.Entry{}
	if g.listDay == today {
		for b, s := range g.attendance {
			att[b] = gate.Entry{Badge: b, Status: s}
		}
	}
	var ps, home []gate.Person
	for _, p := range g.staff {
		// A stint's check-in is its reading, but a fever-barred member
		// is not checked in: the medic takes their temperature.
		if _, in := g.stints[p.Badge]; (in && !g.barred[p.Badge]) || g.screened[p.Badge] == today || !gate.ExpectedToday(p) {
			continue
		}
		if gate.AtHome(p, att) {
			home = append(home, p)
			continue
		}
		ps = append(ps, p)
	}
	if len(home) > 0 {
		g.at(t.Add(40*time.Minute), func(t time.Time) { g.phoneCall(t, home) })
	}
	if today == g.feverDay {
		for _, p := range ps {
			if p.Assignment == gate.AssignCustody && g.present[p.Badge] {
				g.feverish = p.Badge
				break
			}
		}
	}
	g.rollCall(t, ps)
	g.feverish = ""
}

// phoneCall takes the readings of the staff working from home by phone
// (§11): the temperature they give and the symptoms question, as the
// roll-call's phone group does.
func (g *gen) phoneCall(t time.Time, ps []gate.Person) {
	for i, p := range ps {
		at := t.Add(time.Duration(i*30) * time.Second)
		g.now = at
		in := post.ReadingInput{Gate: 0, Who: post.Who{Badge: p.Badge, Name: p.Name}, Group: p.Unit, Temp: g.temp(),
			Method: record.ReadingByPhone}
		if _, err := g.svc.Reading(g.ctx, g.guard(), in); !g.saved(err) {
			return
		}
		g.screened[p.Badge] = store.Day(at)
	}
}

// onDuty is who may be picked for a crossing at the custody entrance now:
// on custody duty or called up, inside the closed area, not fever-barred.
func (g *gen) onDuty() []gate.Person {
	out := g.pool[:0]
	for _, p := range g.duty {
		if g.present[p.Badge] && !g.barred[p.Badge] {
			out = append(out, p)
		}
	}
	g.pool = out
	return out
}

// onList is the office staff on today's on-site list, not fever-barred.
func (g *gen) onList() []gate.Person {
	var out []gate.Person
	if g.listDay != g.day {
		return nil
	}
	for _, p := range g.people {
		if g.attendance[p.Badge] == record.OnSite && p.Active && !g.barred[p.Badge] {
			out = append(out, p)
		}
	}
	return out
}

// callUp replans a called-up member: custody duty from today, then
// observation and rest, as a supervisor enters it (the standby period ends
// the day before).
func (g *gen) callUp(t time.Time, p gate.Person) {
	today := t.In(g.loc)
	day := store.Day(today)
	var keep []gate.Period
	for _, per := range g.plan[p.Badge] {
		switch {
		case per.End < day:
			keep = append(keep, per)
		case per.Start < day:
			per.End = store.Day(today.AddDate(0, 0, -1))
			keep = append(keep, per)
		}
	}
	d := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, g.loc)
	keep = append(keep,
		gate.Period{Badge: p.Badge, Kind: gate.PeriodCustody, Start: day, End: store.Day(d.AddDate(0, 0, 13))},
		gate.Period{Badge: p.Badge, Kind: gate.PeriodObservation, Start: store.Day(d.AddDate(0, 0, 14)), End: store.Day(d.AddDate(0, 0, 20))},
		gate.Period{Badge: p.Badge, Kind: gate.PeriodRest, Start: store.Day(d.AddDate(0, 0, 21)), End: store.Day(d.AddDate(0, 0, 27))})
	if err := g.st.PutRotation(g.ctx, keep); err != nil && g.err == nil {
		g.err = err
	}
	g.plan[p.Badge] = keep
	g.duty = append(g.duty, p)
	g.present[p.Badge] = true
	g.at(t.Add(g.minutes(15, 10)), func(t time.Time) { g.staffCrossingDir(t, 2, p, record.In) })
}

// replace calls a standby member up an hour or two after an officer on
// duty is barred by a fever: the custody zone is not left a man short.
func (g *gen) replace(t time.Time, badge string) {
	if !g.present[badge] {
		return
	}
	for _, b := range sortedBadges(g.stints) {
		for _, p := range g.onSite[gate.AssignStandby] {
			if p.Badge == b && !g.barred[b] {
				reason := fmt.Sprintf("%s民警发热隔离，紧急增援", unitOf(g.staff, badge))
				g.at(t.Add(g.minutes(60, 60)), func(t time.Time) { g.standbyCallup(t, p, reason) })
				return
			}
		}
	}
}

// unitOf is the department of the staff member with badge.
func unitOf(staff []gate.Person, badge string) string {
	for _, p := range staff {
		if p.Badge == badge {
			return p.Unit
		}
	}
	return ""
}

// spotCheck is a medic's temperature of a detainee at the clinic: what a
// moment with nobody at a gate writes.
func (g *gen) spotCheck(t time.Time) {
	if len(g.detainees) == 0 {
		return
	}
	p := g.pick(g.detainees)
	g.now = t
	_, err := g.svc.Reading(g.ctx, g.guard(), post.ReadingInput{Gate: 0, Who: post.Who{Badge: p.Badge, Name: p.Name}, Group: p.Unit, Temp: g.temp()})
	if g.saved(err) {
		g.screened[p.Badge] = store.Day(t)
	}
}

// sortedBadges lists map keys in order, for deterministic picks.
func sortedBadges[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for b := range m {
		out = append(out, b)
	}
	slices.Sort(out)
	return out
}
