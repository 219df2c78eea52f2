package tui

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"
	"golang.org/x/crypto/bcrypt"

	"gatepost/auth"
	"gatepost/gate"
	"gatepost/store"
)

func TestMain(m *testing.M) {
	lipgloss.SetColorProfile(termenv.Ascii)
	auth.Cost = bcrypt.MinCost
	os.Exit(m.Run())
}

// fixedNow is the tests' clock: a Saturday morning in China Standard Time.
var fixedNow = time.Date(2026, 11, 28, 9, 30, 0, 0, time.FixedZone("CST", 8*3600))

// testStore opens a real SQLite file in a temp dir with a small roster.
func testStore(t testing.TB) (*store.Store, store.Identity) {
	t.Helper()
	st, err := store.Open(filepath.Join(t.TempDir(), "terminal.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ctx := context.Background()
	id := store.Identity{FacilityID: "demo", FacilityName: "示范戒毒所", Terminal: "demo-gate1", HomeGate: 1}
	if err := st.Init(ctx, id); err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(st.PutPeople(ctx, []gate.Person{
		{Badge: "2001", Name: "张伟", Kind: gate.Staff, Unit: "一大队", Assignment: gate.AssignCustody, Active: true},
		{Badge: "2002", Name: "王芳", Kind: gate.Staff, Unit: "办公室", Assignment: gate.AssignOffice, Active: true},
		{Badge: "2009", Name: "李停", Kind: gate.Staff, Unit: "办公室", Assignment: gate.AssignWFH, Active: false},
		{Badge: "D0001", Name: "赵某", Kind: gate.Detainee, Unit: "一大队"},
	}))
	// 张伟 is on custody duty from today: his change-over day, the one day
	// closed management lets him cross the main gate (§11).
	must(st.PutRotation(ctx, []gate.Period{{Badge: "2001", Kind: gate.PeriodCustody, Start: "2026-11-28", End: "2026-12-11"}}))
	must(st.PutPasses(ctx, []gate.Pass{
		{ID: "P-1", Holder: "维修工人 刘强", IDNumber: "11010519491231002X", ValidFrom: fixedNow.Add(-24 * time.Hour), ValidTo: fixedNow.Add(24 * time.Hour)},
		{ID: "P-2", Holder: "物资车", Plate: "苏A12345", ValidFrom: fixedNow.Add(-24 * time.Hour), ValidTo: fixedNow.Add(24 * time.Hour)},
	}))
	for _, g := range []struct {
		g   gate.Guard
		pin string
	}{
		{gate.Guard{Badge: "1001", Name: "陈警官", Role: gate.RoleGuard}, "1234"},
		{gate.Guard{Badge: "9001", Name: "周所长", Role: gate.RoleSupervisor}, "9999"},
	} {
		h, err := auth.Hash(g.pin)
		must(err)
		must(st.PutGuard(ctx, g.g, h))
	}
	ident, err := st.Identity(ctx)
	must(err)
	return st, ident
}

// driver feeds messages to the root model and runs the commands it returns
// synchronously, as the Bubble Tea loop would, except the clock tick.
type driver struct {
	t testing.TB
	m *Model
	// held, when hold is on, keeps the commands Update returns instead of
	// running them: as in the real program, where they run in goroutines,
	// keys sent meanwhile reach Update before the store has answered.
	hold bool
	held []tea.Cmd
	sent int // key messages sent, for the tests that count keys
}

func newDriver(t *testing.T, lang string) (*driver, *store.Store) {
	st, ident := testStore(t)
	return drive(t, New(st, ident, Options{Lang: lang, Now: func() time.Time { return fixedNow }})), st
}

// drive is a driver of m in an 80×24 window: every test and benchmark that
// builds its own Model starts it this way.
func drive(t testing.TB, m *Model) *driver {
	d := &driver{t: t, m: m}
	d.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	return d
}

func (d *driver) send(msg tea.Msg) {
	d.t.Helper()
	if _, ok := msg.(tea.KeyMsg); ok {
		d.sent++
	}
	_, cmd := d.m.Update(msg)
	if d.hold {
		if cmd != nil {
			d.held = append(d.held, cmd)
		}
		return
	}
	d.run(cmd)
}

// burst sends keys with every command held until all are in, then lets the
// store answer: a scanner, a paste or a guard faster than the disk.
func (d *driver) burst(ks ...tea.KeyMsg) {
	d.t.Helper()
	d.hold = true
	for _, k := range ks {
		d.send(k)
	}
	d.hold = false
	held := d.held
	d.held = nil
	for _, c := range held {
		d.run(c)
	}
}

// typed is the key messages of a guard's typing: runes one by one, "⏎"
// Enter, "⇥" Tab.
func typed(s string) []tea.KeyMsg {
	var out []tea.KeyMsg
	for _, r := range s {
		switch r {
		case '⏎':
			out = append(out, tea.KeyMsg{Type: tea.KeyEnter})
		case '⇥':
			out = append(out, tea.KeyMsg{Type: tea.KeyTab})
		default:
			out = append(out, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
		}
	}
	return out
}

func (d *driver) run(cmd tea.Cmd) {
	d.t.Helper()
	if cmd == nil {
		return
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-done:
	case <-time.After(20 * time.Second):
		d.t.Fatal("command did not return")
	}
	switch msg := msg.(type) {
	case nil, tickMsg:
	case tea.BatchMsg:
		for _, c := range msg {
			d.run(c)
		}
	case tea.QuitMsg:
		d.m.quitting = true
	default:
		if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice && v.Type().Name() == "sequenceMsg" {
			// tea.Sequence: each command in turn, as the program runs them.
			for i := range v.Len() {
				d.run(v.Index(i).Interface().(tea.Cmd))
			}
			return
		}
		d.send(msg)
	}
}

// typ types text as runes (Chinese included), the way a terminal delivers it.
func (d *driver) typ(s string) {
	d.t.Helper()
	d.send(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)})
}

func (d *driver) key(k tea.KeyType) {
	d.t.Helper()
	d.send(tea.KeyMsg{Type: k})
}

func (d *driver) screen() string { return ansi.Strip(d.m.View()) }

func (d *driver) want(s string) {
	d.t.Helper()
	if !strings.Contains(d.screen(), s) {
		d.t.Fatalf("screen lacks %q:\n%s", s, d.screen())
	}
}

func (d *driver) signIn(badge, pin string) {
	d.t.Helper()
	d.typ(badge)
	d.key(tea.KeyEnter)
	d.typ(pin)
	d.key(tea.KeyEnter)
	if d.m.guard == nil {
		d.t.Fatalf("sign-in failed:\n%s", d.screen())
	}
}

func (m *Model) g1() *gate1Model { return m.screens[1].(*gate1Screen).cross }
