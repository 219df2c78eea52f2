package post_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"golang.org/x/crypto/bcrypt"

	"gatepost/auth"
	"gatepost/gate"
	"gatepost/i18n"
	"gatepost/post"
	"gatepost/record"
	"gatepost/store"
)

func init() { auth.Cost = bcrypt.MinCost } // the logic under test does not depend on the cost

var (
	loc    = time.FixedZone("CST", 8*3600)
	t0     = time.Date(2026, 3, 2, 9, 0, 0, 0, loc)
	guard  = gate.Guard{Badge: "1001", Name: "周海涛", Role: gate.RoleGuard}
	super  = gate.Guard{Badge: "9001", Name: "钱振华", Role: gate.RoleSupervisor}
	supPIN = "999999"
)

// people is a small roster: custody, office, standby, WFH and inactive
// staff, and two detainees.
var people = []gate.Person{
	{Badge: "2001", Name: "黄鑫", Kind: gate.Staff, Unit: "一大队", Assignment: gate.AssignCustody, Active: true},
	{Badge: "2002", Name: "李娜", Kind: gate.Staff, Unit: "办公室", Assignment: gate.AssignOffice, Active: true, IDNumber: "110101199003074514"},
	{Badge: "2003", Name: "王强", Kind: gate.Staff, Unit: "一大队", Assignment: gate.AssignStandby, Active: true},
	{Badge: "2004", Name: "赵敏", Kind: gate.Staff, Unit: "管理科", Assignment: gate.AssignWFH, Active: true},
	{Badge: "2005", Name: "孙伟", Kind: gate.Staff, Unit: "管理科", Assignment: gate.AssignOffice, Active: false},
	{Badge: "D0001", Name: "陈某", Kind: gate.Detainee, Unit: "一大队/宿舍1", Active: true},
	{Badge: "D0002", Name: "周某", Kind: gate.Detainee, Unit: "一大队/宿舍1", Active: true},
}

const visitorID = "320106198507142310"

// clock is a settable clock for the service.
type clock struct{ t time.Time }

func (c *clock) now() time.Time         { return c.t }
func (c *clock) add(d time.Duration)    { c.t = c.t.Add(d) }
func tp(v record.Tenths) *record.Tenths { return &v }

type env struct {
	st  *store.Store
	svc *post.Service
	clk *clock
	pub []post.Saved
}

// newEnv opens a real terminal database in a temporary directory with the
// roster, a visitor's pass, a guard and a supervisor.
func newEnv(t *testing.T) *env { return newEnvTB(t) }

func newEnvTB(t testing.TB) *env {
	t.Helper()
	ctx := context.Background()
	st, err := store.Open(filepath.Join(t.TempDir(), "terminal.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := st.Init(ctx, store.Identity{FacilityID: "qs01", FacilityName: "青山所", Terminal: "t1", HomeGate: 1, CreatedAt: t0}); err != nil {
		t.Fatal(err)
	}
	if err := st.PutPeople(ctx, people); err != nil {
		t.Fatal(err)
	}
	if err := st.PutPasses(ctx, []gate.Pass{
		{ID: "P01", Holder: "刘建军", IDNumber: visitorID, ValidFrom: t0.AddDate(0, 0, -1), ValidTo: t0.AddDate(0, 1, 0)},
		{ID: "P02", Holder: "物资车", Plate: "苏A12345", ValidFrom: t0.AddDate(0, 0, -1), ValidTo: t0.AddDate(0, 1, 0)},
	}); err != nil {
		t.Fatal(err)
	}
	for _, g := range []struct {
		g   gate.Guard
		pin string
	}{{guard, "1234"}, {super, supPIN}} {
		h, err := auth.Hash(g.pin)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.PutGuard(ctx, g.g, h); err != nil {
			t.Fatal(err)
		}
	}
	e := &env{st: st, clk: &clock{t: t0}}
	e.svc = post.New(st, post.Options{Clock: e.clk.now, Catalog: i18n.NewCatalog("zh-CN"),
		Saved: func(v post.Saved) { e.pub = append(e.pub, v) }})
	return e
}

// all is every record in the store, in seq order.
func (e *env) all(t *testing.T) []record.Record {
	t.Helper()
	var out []record.Record
	if err := e.st.Each(context.Background(), 0, func(r record.Record) error { out = append(out, r); return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

// kinds lists the kinds of records.
func kinds(rs []record.Record) []record.Kind {
	out := make([]record.Kind, len(rs))
	for i, r := range rs {
		out[i] = r.Kind
	}
	return out
}

func decode[T any](t *testing.T, r record.Record) T {
	t.Helper()
	var v T
	if err := r.Decode(&v); err != nil {
		t.Fatalf("seq %d: %v", r.Seq, err)
	}
	return v
}

// readings is the day's fevers as the gaps checklist computes them.
func (e *env) fevers(t *testing.T) []gate.FeverCase {
	t.Helper()
	in, err := e.st.ReportInput(context.Background(), store.Day(e.clk.t), e.clk.t, gate.DefaultFever)
	if err != nil {
		t.Fatal(err)
	}
	return gate.Fevers(gate.Readings(in.Records), gate.DefaultFever)
}
