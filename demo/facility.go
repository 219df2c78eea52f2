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

// staffPlan is how the staff are spread over departments and assignments.
var staffPlan = []struct {
	unit   string
	assign gate.Assignment
	n      int
}{
	{"一大队", gate.AssignCustody, 5},
	{"二大队", gate.AssignCustody, 5},
	{"三大队", gate.AssignCustody, 4},
	{"后勤保障科", gate.AssignCustody, 3}, // cooks, inside the custody zone
	{"医务室", gate.AssignCustody, 2},
	{"一大队", gate.AssignStandby, 3},
	{"二大队", gate.AssignStandby, 2},
	{"三大队", gate.AssignStandby, 2},
	{"医务室", gate.AssignStandby, 1},
	{"办公室", gate.AssignOffice, 3},
	{"管理科", gate.AssignOffice, 3}, // the last one is inactive (transferred)
	{"后勤保障科", gate.AssignOffice, 1},
	{"教育矫治科", gate.AssignWFH, 3},
	{"办公室", gate.AssignWFH, 1},
	{"管理科", gate.AssignWFH, 2},
}

// Detainee units and their dormitories, ten detainees in each.
var dormitories = []string{
	"一大队/宿舍1", "一大队/宿舍2", "二大队/宿舍3", "二大队/宿舍4", "三大队/宿舍5", "三大队/宿舍6",
}

// People returns the demo roster: 40 staff (badges 2001–2040) in every
// assignment, about half with a resident ID number, one inactive; and 60
// detainees (D0001–D0060) in three units and six dormitories, each with a
// resident ID number. The roster is the same on every call.
func People() []gate.Person {
	rng := rand.New(rand.NewPCG(rosterSeed, 1))
	names := newNameGen(rng)
	var out []gate.Person
	n := 0
	for _, s := range staffPlan {
		for i := 0; i < s.n; i++ {
			n++
			p := gate.Person{
				Badge: fmt.Sprintf("%d", 2000+n), Name: names.next(), Kind: gate.Staff,
				Unit: s.unit, Assignment: s.assign, Active: true,
			}
			if n%2 == 1 {
				p.IDNumber = residentID(rng, birthDate(rng, 1968, 1998), rng.IntN(4) != 0)
			}
			out = append(out, p)
		}
	}
	// The last office member of 管理科 was transferred: still on the roster, inactive.
	for i := range out {
		if out[i].Unit == "管理科" && out[i].Assignment == gate.AssignOffice {
			n = i
		}
	}
	out[n].Active = false
	for i := 0; i < 60; i++ {
		out = append(out, gate.Person{
			Badge: fmt.Sprintf("D%04d", i+1), Name: names.next(), Kind: gate.Detainee,
			Unit: dormitories[i/10], Active: true,
			IDNumber: residentID(rng, birthDate(rng, 1972, 2001), rng.IntN(8) != 0),
		})
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

// Setup creates the demo terminal once: roster, passes, console users, then
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
