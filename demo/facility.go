// Package demo builds a demonstration terminal: a realistic facility with a
// roster, passes and console users (Setup), and a generator of realistic
// records of every kind the console writes so far (Generate), for trying the
// console and for measuring it with a database of years of use. Generate
// picks what happens at random and has the console's service (package
// post) decide and write it, so demo data is what a guard's input gives.
package demo

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"gatepost/auth"
	"gatepost/config"
	"gatepost/gate"
	"gatepost/store"
)

// The demo terminal's identity.
const (
	FacilityID   = "demo"
	FacilityName = "青山强制隔离戒毒所"
	Terminal     = "demo-gate1"
	HomeGate     = 1
)

// ErrNotDemo is returned by Setup on a database that belongs to a real
// terminal: the demo never mixes its people into real data.
var ErrNotDemo = errors.New("this data directory holds a real terminal, not the demo")

// ErrJoined is returned (wrapped in ErrNotDemo) for a terminal that has
// joined a hub: its records would be synced, so generated ones would reach
// the bureau as real.
var ErrJoined = errors.New("this terminal has joined a hub")

// KeyOrigin is the setting `gatepost init` leaves on a real terminal, so
// that the demo refuses it whatever its facility and terminal are called.
const KeyOrigin = "terminal.origin"

// Login is a demo console user and the PIN to sign in with.
type Login struct {
	Guard gate.Guard
	PIN   string
}

// Logins are the demo's console users. Guards 1001–1004 take turns on the
// main gate; 9001 is the duty supervisor who overrides and voids.
var Logins = []Login{
	{gate.Guard{Badge: "1001", Name: "周海涛", Role: gate.RoleGuard}, "1234"},
	{gate.Guard{Badge: "1002", Name: "吴晓东", Role: gate.RoleGuard}, "1234"},
	{gate.Guard{Badge: "1003", Name: "郑丽华", Role: gate.RoleGuard}, "1234"},
	{gate.Guard{Badge: "1004", Name: "冯志刚", Role: gate.RoleGuard}, "1234"},
	{gate.Guard{Badge: "9001", Name: "钱振华", Role: gate.RoleSupervisor}, "999999"},
}

// rosterSeed fixes the roster: the demo facility is the same everywhere.
const rosterSeed = 20200205

// The demo centre holds 300 detainees in five units (大队) of sixty, four
// of men and the fifth (五大队) of women, each unit in four dormitories of
// fifteen; sixty staff look after them, about one to five as in a real
// centre: forty on the custody rotation, eight in the standby pool, twelve
// in the offices.
const (
	unitSize      = 60
	dormSize      = 15
	femaleUnit    = "五大队"
	custodyGroups = 10 // of four: each rotates 14 days duty, 7 observation, 7 rest
	groupSize     = 4
	standbyGroups = 4 // of two: 14 days standby, 14 days rest
)

// units are the detainee units; the last holds the women.
var units = []string{"一大队", "二大队", "三大队", "四大队", femaleUnit}

// custodyOffsets are the days of the 28-day cycle on which each custody
// group starts its duty. Chosen from days 0–6 and 14–20, so that no group
// enters on the day another leaves at the end of its observation (seven
// days after a start of the other half): the main gate sees at most one
// group's change-over a day.
var custodyOffsets = [custodyGroups]int{0, 1, 3, 4, 6, 14, 15, 17, 18, 20}

// standbyOffsets are the days each standby group starts its fourteen days.
var standbyOffsets = [standbyGroups]int{2, 9, 16, 23}

// officePlan is how the office staff are spread; the last of 管理科's
// on-site staff is inactive (transferred).
var officePlan = []struct {
	unit   string
	assign gate.Assignment
	n      int
}{
	{"办公室", gate.AssignOffice, 3},
	{"管理科", gate.AssignOffice, 3},
	{"后勤保障科", gate.AssignOffice, 1},
	{"教育矫治科", gate.AssignWFH, 3},
	{"办公室", gate.AssignWFH, 1},
	{"管理科", gate.AssignWFH, 1},
}

// custodyUnit is the department of member i of custody group g: each group
// has three officers of one unit and, fourth, a medic or a cook.
func custodyUnit(g, i int) string {
	switch {
	case i < 3:
		return units[g%len(units)]
	case g%2 == 0:
		return "医务室"
	}
	return "后勤保障科" // cooks, inside the custody zone
}

// People returns the demo roster: 60 staff (badges 2001–2060) — custody
// groups 2001–2040, the standby pool 2041–2048, the offices 2049–2060, one
// of them inactive — and 300 detainees (D0001–D0300) in five single-sex
// units of four dormitories, the women in 五大队, whose officers are women
// too. Everyone has a resident ID number whose sex digit agrees with the
// name. The roster is the same on every call.
func People() []gate.Person {
	rng := rand.New(rand.NewPCG(rosterSeed, 1))
	names := newNameGen(rng)
	var out []gate.Person
	add := func(unit string, assign gate.Assignment, male bool) {
		n := len(out) + 1
		out = append(out, gate.Person{
			Badge: fmt.Sprintf("%d", 2000+n), Name: names.next(male), Kind: gate.Staff, Unit: unit, Assignment: assign,
			Active: true, IDNumber: residentID(rng, birthDate(rng, 1968, 1998), male),
		})
	}
	for g := 0; g < custodyGroups; g++ {
		for i := 0; i < groupSize; i++ {
			u := custodyUnit(g, i)
			male := u != femaleUnit && rng.IntN(6) != 0
			add(u, gate.AssignCustody, male)
		}
	}
	for i := 0; i < standbyGroups*2; i++ {
		add(units[i%4], gate.AssignStandby, rng.IntN(5) != 0)
	}
	inactive := 0
	for _, o := range officePlan {
		for i := 0; i < o.n; i++ {
			add(o.unit, o.assign, rng.IntN(2) == 0)
			if o.unit == "管理科" && o.assign == gate.AssignOffice {
				inactive = len(out) - 1
			}
		}
	}
	out[inactive].Active = false
	for i := 0; i < len(units)*unitSize; i++ {
		u := i / unitSize
		male := units[u] != femaleUnit
		out = append(out, gate.Person{
			Badge: fmt.Sprintf("D%04d", i+1), Name: names.next(male), Kind: gate.Detainee,
			Unit: fmt.Sprintf("%s/宿舍%d", units[u], i/dormSize+1), Active: true,
			IDNumber: residentID(rng, birthDate(rng, 1972, 2001), male),
		})
	}
	return out
}

// Rotation returns the demo's rotation plan (轮岗) around created, the day
// the demo is set up: from 56 days before to 84 days after it, each custody
// group in cycles of 14 days custody duty, 7 of observation (隔离观察) and
// 7 of rest, started on its custodyOffsets day, so that five groups (twenty
// officers) are on duty on any day; each standby pair 14 days in standby
// quarantine and 14 at rest. Office staff have no plan: the daily
// on-site/work-from-home list places them.
func Rotation(people []gate.Person, created time.Time) []gate.Period {
	day := time.Date(created.Year(), created.Month(), created.Day(), 0, 0, 0, 0, created.Location())
	base, last := day.AddDate(0, 0, -56-28), day.AddDate(0, 0, 84)
	var out []gate.Period
	span := func(badge string, k gate.PeriodKind, from time.Time, days int) {
		out = append(out, gate.Period{Badge: badge, Kind: k, Start: gate.Day(from), End: gate.Day(from.AddDate(0, 0, days-1))})
	}
	custody, standby := 0, 0
	for _, p := range people {
		if p.Kind != gate.Staff {
			continue
		}
		switch p.Assignment {
		case gate.AssignCustody:
			off := custodyOffsets[(custody/groupSize)%custodyGroups]
			custody++
			for c := base.AddDate(0, 0, off); !c.After(last); c = c.AddDate(0, 0, 28) {
				if c.AddDate(0, 0, 27).Before(day.AddDate(0, 0, -56)) {
					continue
				}
				span(p.Badge, gate.PeriodCustody, c, 14)
				span(p.Badge, gate.PeriodObservation, c.AddDate(0, 0, 14), 7)
				span(p.Badge, gate.PeriodRest, c.AddDate(0, 0, 21), 7)
			}
		case gate.AssignStandby:
			off := standbyOffsets[(standby/2)%standbyGroups]
			standby++
			for c := base.AddDate(0, 0, off); !c.After(last); c = c.AddDate(0, 0, 28) {
				if c.AddDate(0, 0, 27).Before(day.AddDate(0, 0, -56)) {
					continue
				}
				span(p.Badge, gate.PeriodStandby, c, 14)
				span(p.Badge, gate.PeriodRest, c.AddDate(0, 0, 14), 14)
			}
		}
	}
	return out
}

// Pass holders and vehicles of the demo, for the generator.
const (
	RepairID     = "320106198507142310" // 维修工人, person pass by ID number
	DriverID     = "320115197903220415" // supply-truck driver, person pass by ID number
	DoctorID     = "320102197211080026" // visiting doctor, expired pass
	SupplyPlate  = "苏A12345"            // supply truck, plate pass
	EscortBadge  = "D0007"              // detainee escorted to hospital, person pass by badge
	repairHolder = "刘建军（电梯维修工）"
)

// Passes returns the demo passes relative to created, the time the demo is
// set up: the repair worker (by ID number), the supply truck (by plate) and
// its driver, a detainee's hospital escort (by badge), all valid from 45 days
// before to a year after; and a visiting doctor's pass that expired 20 days
// before.
func Passes(created time.Time) []gate.Pass {
	day := time.Date(created.Year(), created.Month(), created.Day(), 0, 0, 0, 0, created.Location())
	from, to := day.AddDate(0, 0, -45), day.AddDate(1, 0, 0)
	return []gate.Pass{
		{ID: "DEMO-P01", Holder: repairHolder, IDNumber: RepairID, ValidFrom: from, ValidTo: to, Note: "监控及电梯维修，需全程陪同"},
		{ID: "DEMO-P02", Holder: "生活物资保障车", Plate: SupplyPlate, ValidFrom: from, ValidTo: to, Note: "蔬菜、肉类及生活物资配送"},
		{ID: "DEMO-P03", Holder: "马永强（物资车司机）", IDNumber: DriverID, ValidFrom: from, ValidTo: to, Note: "随物资保障车进出"},
		{ID: "DEMO-P04", Holder: "就医押送", Badge: EscortBadge, ValidFrom: from, ValidTo: to, Note: "定期赴市第二医院复诊，两名民警押送"},
		{ID: "DEMO-P05", Holder: "孙雅琴（巡诊医生）", IDNumber: DoctorID, ValidFrom: day.AddDate(0, 0, -90), ValidTo: day.AddDate(0, 0, -20), Note: "巡诊结束，通行证已过期"},
	}
}

// Exists reports whether st already holds the demo terminal. It returns
// ErrNotDemo when st holds another terminal.
func Exists(ctx context.Context, st *store.Store) (bool, error) {
	id, err := st.Identity(ctx)
	if err != nil && !errors.Is(err, store.ErrNotInitialised) {
		return false, err
	}
	initialised := err == nil
	if initialised && (id.FacilityID != FacilityID || id.Terminal != Terminal) {
		return false, fmt.Errorf("%w (facility %q, terminal %q)", ErrNotDemo, id.FacilityID, id.Terminal)
	}
	if origin, err := st.Setting(ctx, KeyOrigin); err != nil {
		return false, err
	} else if origin == "init" {
		return false, fmt.Errorf("%w (set up with gatepost init)", ErrNotDemo)
	}
	if h, err := st.HubSettings(ctx); err == nil {
		return false, fmt.Errorf("%w: %w (%s)", ErrNotDemo, ErrJoined, h.URL)
	} else if !errors.Is(err, store.ErrNotJoined) {
		return false, err
	}
	return initialised, nil
}

// Setup creates the demo terminal once: roster, passes, the rotation plan,
// console users, then
// the identity, last, so that an interrupted setup is simply run again.
// created is false when the demo already existed (nothing is changed); the
// error wraps ErrNotDemo when st holds a real terminal.
func Setup(ctx context.Context, st *store.Store, now time.Time) (created bool, err error) {
	ok, err := Exists(ctx, st)
	if err != nil || ok {
		return false, err
	}
	if err := st.PutPeople(ctx, People()); err != nil {
		return false, err
	}
	if err := st.PutPasses(ctx, Passes(now)); err != nil {
		return false, err
	}
	if err := st.PutRotation(ctx, Rotation(People(), now)); err != nil {
		return false, err
	}
	// A centre under closed management screens its detainees twice a day
	// (晨检、晚检): the roll-calls of 07:00 and 15:00 are the two sessions.
	if err := st.SetSetting(ctx, config.KeyScreeningSessions, "2"); err != nil {
		return false, err
	}
	for _, l := range Logins {
		h, err := auth.Hash(l.PIN)
		if err != nil {
			return false, err
		}
		if err := st.PutGuard(ctx, l.Guard, h); err != nil {
			return false, err
		}
	}
	err = st.Init(ctx, store.Identity{
		FacilityID: FacilityID, FacilityName: FacilityName, Terminal: Terminal, HomeGate: HomeGate, CreatedAt: now,
	})
	if err != nil {
		return false, err
	}
	return true, nil
}
