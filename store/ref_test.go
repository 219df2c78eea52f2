package store_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"gatepost/gate"
	"gatepost/store"
)

var roster = []gate.Person{
	{Badge: "S001", Name: "张三", IDNumber: "110101199003070011", Kind: gate.Staff, Unit: "管教一大队", Assignment: gate.AssignCustody, Active: true},
	{Badge: "S002", Name: "李四", Kind: gate.Staff, Unit: "后勤", Assignment: gate.AssignOffice, Active: true},
	{Badge: "S003", Name: "王五", IDNumber: "110101198505050022", Kind: gate.Staff, Unit: "后勤", Assignment: gate.AssignWFH, Active: false},
	{Badge: "D100", Name: "赵六", IDNumber: "110101199501010033", Kind: gate.Detainee, Unit: "三号楼"},
}

func TestFindPerson(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	if err := s.PutPeople(ctx, roster); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		key    string
		want   string // badge; "" means not found
		active bool
	}{
		{"S001", "S001", true},
		{"110101199003070011", "S001", true},
		{"S003", "S003", false},
		{"110101198505050022", "S003", false},
		{"D100", "D100", false},
		{"110101199501010033", "D100", false},
		{"S999", "", false},
		{"", "", false},                  // S002 has an empty ID number: "" must not find it
		{"s001", "", false},              // badges are matched exactly; normalising is the caller's job
		{"11010119900307001", "", false}, // a prefix is not a match
	}
	for _, tt := range tests {
		p, ok, err := s.FindPerson(ctx, tt.key)
		if err != nil {
			t.Fatalf("FindPerson(%q): %v", tt.key, err)
		}
		if ok != (tt.want != "") || p.Badge != tt.want {
			t.Errorf("FindPerson(%q) = %q, %v; want %q", tt.key, p.Badge, ok, tt.want)
			continue
		}
		if ok && p.Active != tt.active {
			t.Errorf("FindPerson(%q).Active = %v", tt.key, p.Active)
		}
	}
	p, _, _ := s.FindPerson(ctx, "S001")
	if p != roster[0] {
		t.Fatalf("person round trip\n got %+v\nwant %+v", p, roster[0])
	}

	// PutPeople replaces by badge.
	moved := roster[0]
	moved.Assignment, moved.Unit = gate.AssignStandby, "备勤"
	if err := s.PutPeople(ctx, []gate.Person{moved}); err != nil {
		t.Fatal(err)
	}
	if p, _, _ := s.FindPerson(ctx, "S001"); p != moved {
		t.Fatalf("after update %+v", p)
	}
	staff, err := s.People(ctx, gate.Staff)
	if err != nil || len(staff) != 3 {
		t.Fatalf("People(staff) = %d (%v)", len(staff), err)
	}
	all, err := s.People(ctx, "")
	if err != nil || len(all) != 4 {
		t.Fatalf("People(all) = %d (%v)", len(all), err)
	}

	// A bad entry fails the whole import.
	bad := []gate.Person{{Badge: "S010", Name: "新人", Kind: gate.Staff}, {Badge: "X1", Name: "?", Kind: "alien"}}
	if err := s.PutPeople(ctx, bad); err == nil {
		t.Fatal("a person of unknown kind was accepted")
	}
	if _, ok, _ := s.FindPerson(ctx, "S010"); ok {
		t.Fatal("a failed import left part of itself behind")
	}
}

func TestFindPasses(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	day := time.Date(2020, 2, 1, 0, 0, 0, 0, cst)
	passes := []gate.Pass{
		{ID: "P1", Holder: "送菜车", Plate: "京A12345", ValidFrom: day, ValidTo: day.AddDate(0, 0, 7), Note: "蔬菜"},
		{ID: "P2", Holder: "送菜车(旧)", Plate: "京A12345", ValidFrom: day.AddDate(0, 0, -30), ValidTo: day.AddDate(0, 0, -1)},
		{ID: "P3", Holder: "医生", IDNumber: "110101197001010044", ValidFrom: day, ValidTo: day.AddDate(0, 1, 0)},
		{ID: "P4", Holder: "律师", Badge: "V7", ValidFrom: day, ValidTo: day.AddDate(0, 0, 1)},
		{ID: "P5", Holder: "另一辆车", Plate: "京B00001", ValidFrom: day, ValidTo: day.AddDate(0, 0, 2)},
	}
	if err := s.PutPasses(ctx, passes); err != nil {
		t.Fatal(err)
	}
	ids := func(ps []gate.Pass) []string {
		var out []string
		for _, p := range ps {
			out = append(out, p.ID)
		}
		return out
	}
	tests := []struct {
		name                   string
		badge, idNumber, plate string
		want                   []string
	}{
		{"plate, newest validity first", "", "", "京A12345", []string{"P1", "P2"}},
		{"other plate", "", "", "京B00001", []string{"P5"}},
		{"unknown plate", "", "", "京C99999", nil},
		{"id number", "", "110101197001010044", "", []string{"P3"}},
		{"badge", "V7", "", "", []string{"P4"}},
		{"any of the keys", "V7", "", "京B00001", []string{"P5", "P4"}},
		{"empty keys match nothing", "", "", "", nil},
	}
	for _, tt := range tests {
		got, err := s.FindPasses(ctx, tt.badge, tt.idNumber, tt.plate)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if !slices.Equal(ids(got), tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, ids(got), tt.want)
		}
	}
	got, _ := s.FindPasses(ctx, "", "", "京A12345")
	p := got[0]
	if p.Holder != "送菜车" || p.Note != "蔬菜" || !p.ValidFrom.Equal(passes[0].ValidFrom) || !p.ValidTo.Equal(passes[0].ValidTo) {
		t.Fatalf("pass round trip %+v", p)
	}
	if !p.ValidAt(day.Add(time.Hour)) || got[1].ValidAt(day.Add(time.Hour)) {
		t.Fatal("validity windows lost in the round trip")
	}
}

func TestGuards(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	g := gate.Guard{Badge: "G001", Name: "门卫甲", Role: gate.RoleGuard}
	sup := gate.Guard{Badge: "SUP1", Name: "值班长", Role: gate.RoleSupervisor}
	if err := s.PutGuard(ctx, g, "$2a$04$hash-one"); err != nil {
		t.Fatal(err)
	}
	if err := s.PutGuard(ctx, sup, "$2a$04$hash-two"); err != nil {
		t.Fatal(err)
	}
	if err := s.PutGuard(ctx, gate.Guard{Badge: "X", Name: "x", Role: "god"}, "h"); err == nil {
		t.Fatal("a guard with an unknown role was accepted")
	}

	a, err := s.GuardAuth(ctx, "G001")
	if err != nil {
		t.Fatal(err)
	}
	if a.Guard != g || a.PINHash != "$2a$04$hash-one" || a.Failures != 0 || !a.LockedUntil.IsZero() {
		t.Fatalf("GuardAuth = %+v", a)
	}
	if _, err := s.GuardAuth(ctx, "NOBODY"); !errors.Is(err, store.ErrUnknownGuard) {
		t.Fatalf("unknown badge: %v", err)
	}

	// The lock keeps sub-second precision: a lock until 12:05:00.5 must not
	// open at 12:05:00.2.
	until := time.Date(2020, 2, 1, 12, 5, 0, 500_000_000, cst)
	if err := s.SetGuardLock(ctx, "G001", 3, 2, until); err != nil {
		t.Fatal(err)
	}
	a, _ = s.GuardAuth(ctx, "G001")
	if a.Failures != 3 || a.Lockouts != 2 || !a.LockedUntil.Equal(until) {
		t.Fatalf("after SetGuardLock: failures %d until %v, want 3 %v", a.Failures, a.LockedUntil, until)
	}
	if other, _ := s.GuardAuth(ctx, "SUP1"); other.Failures != 0 || !other.LockedUntil.IsZero() {
		t.Fatalf("locking G001 touched SUP1: %+v", other)
	}
	if err := s.SetGuardLock(ctx, "G001", 0, 2, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if a, _ = s.GuardAuth(ctx, "G001"); a.Failures != 0 || !a.LockedUntil.IsZero() {
		t.Fatalf("after unlock: %+v", a)
	}

	// Re-putting a guard (new PIN) clears the failures and the lock.
	if err := s.SetGuardLock(ctx, "G001", 4, 3, until); err != nil {
		t.Fatal(err)
	}
	g.Name = "门卫甲(改)"
	if err := s.PutGuard(ctx, g, "$2a$04$hash-new"); err != nil {
		t.Fatal(err)
	}
	a, _ = s.GuardAuth(ctx, "G001")
	if a.Guard.Name != g.Name || a.PINHash != "$2a$04$hash-new" || a.Failures != 0 || a.Lockouts != 0 || !a.LockedUntil.IsZero() {
		t.Fatalf("after PutGuard: %+v", a)
	}

	list, err := s.Guards(ctx)
	if err != nil || len(list) != 2 || list[0] != g || list[1] != sup {
		t.Fatalf("Guards = %+v (%v)", list, err)
	}
}
