package demo

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"gatepost/gate"
	"gatepost/post"
	"gatepost/record"
	"gatepost/store"
)

// Admissions and releases under lockdown: rare. Now and then the police
// bring a committed person to the main gate in the morning, who is checked
// there and placed in the 新收 isolation area; now and then a detainee whose
// term is over leaves in the morning, after the day's first screening.
// Both come before the day's report is submitted. Both are written through the service on the duty leader's
// authority, as at the console. They draw on a random source of their own,
// so the rest of a seed's output is as it was without them.

// moves is the state of the demo's admissions and releases.
type moves struct {
	rng       *rand.Rand
	nextBadge int // the next badge number to assign on admission
	decision  int // the next committal decision's number
	// gone are the detainees released: the day's later screening, planned
	// in the morning, passes them by.
	gone map[string]bool
}

// newMoves starts after the highest detainee badge of the roster (released
// ones included: a badge is never given twice).
func newMoves(seed uint64, roster []gate.Person) *moves {
	mv := &moves{rng: rand.New(rand.NewPCG(seed, 0x6e6577736f757368)), nextBadge: 1, decision: 100, gone: map[string]bool{}}
	for _, p := range roster {
		if p.Kind != gate.Detainee {
			continue
		}
		if n, err := strconv.Atoi(strings.TrimPrefix(p.Badge, "D")); err == nil && n >= mv.nextBadge {
			mv.nextBadge = n + 1
		}
	}
	return mv
}

// planMoves schedules the day's admission and release, each about one day
// in seven.
func (g *gen) planMoves(d time.Time) {
	if g.mv.rng.IntN(7) == 0 {
		g.at(clock(d, 9, 40).Add(time.Duration(g.mv.rng.IntN(80))*time.Minute), g.admit)
	}
	if g.mv.rng.IntN(7) == 0 {
		g.at(clock(d, 8, 30).Add(time.Duration(g.mv.rng.IntN(60))*time.Minute), g.release)
	}
}

// admit admits a committed person under the next badge into the 新收
// isolation area; they are screened from the next day on.
func (g *gen) admit(t time.Time) {
	g.now = t
	badge := fmt.Sprintf("D%04d", g.mv.nextBadge)
	src := record.AdmitDecision
	basis := fmt.Sprintf("市公安局强制隔离戒毒决定书〔%d〕%d号", t.Year(), g.mv.decision)
	if g.mv.rng.IntN(4) == 0 {
		src, basis = record.AdmitTransfer, fmt.Sprintf("省戒毒管理局调遣通知〔%d〕%d号", t.Year(), g.mv.decision%40+1)
	}
	temp := record.Tenths(360 + g.mv.rng.IntN(10))
	_, err := g.svc.Admit(g.ctx, g.guard(), g.sup, post.MovementInput{Badge: badge, Unit: post.DefaultAdmitUnit, Source: src, Temp: &temp}, basis)
	if g.saved(err) {
		g.mv.nextBadge++
		g.mv.decision++
		g.detainees = append(g.detainees, gate.Person{Badge: badge, Kind: gate.Detainee, Unit: post.DefaultAdmitUnit, Active: true, Since: t})
	}
}

// release lets a detainee of a unit whose term is over leave: never the
// one on outside medical visits, never a new admission still in isolation.
func (g *gen) release(t time.Time) {
	var can []int
	for i, p := range g.detainees {
		if p.Badge != EscortBadge && p.Unit != post.DefaultAdmitUnit {
			can = append(can, i)
		}
	}
	if len(can) == 0 {
		return
	}
	if err := g.flush(g.ctx); err != nil { // the service reads the roster from the store
		g.saved(err)
		return
	}
	g.now = t
	i := can[g.mv.rng.IntN(len(can))]
	p := g.detainees[i]
	typ, basis := record.ReleaseExpiry, fmt.Sprintf("解除强制隔离戒毒证明书〔%d〕%d号", t.Year(), 200+g.mv.rng.IntN(300))
	if g.mv.rng.IntN(5) == 0 {
		typ, basis = record.ReleaseEarly, fmt.Sprintf("提前解除强制隔离戒毒决定书〔%d〕%d号", t.Year(), 10+g.mv.rng.IntN(50))
	}
	_, err := g.svc.Release(g.ctx, g.guard(), g.sup, post.MovementInput{Badge: p.Badge, Type: typ}, basis)
	if g.saved(err) {
		g.mv.gone[p.Badge] = true
		g.detainees = append(g.detainees[:i:i], g.detainees[i+1:]...)
	}
}

// presentDetainees is the roster's detainees as of at: those admitted
// since the roster was published included, those released left out.
func presentDetainees(people []gate.Person, rows []store.Row, at time.Time) []gate.Person {
	var out []gate.Person
	for _, p := range gate.RosterAsOf(people, store.DayRecords(rows), at) {
		if p.Kind == gate.Detainee && p.Active {
			out = append(out, p)
		}
	}
	return out
}
