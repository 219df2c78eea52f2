package post_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"gatepost/gate"
	"gatepost/post"
	"gatepost/record"
	"gatepost/store"
)

// The console's gate 1 with a fever: the first reading is saved at once,
// the recheck decides the crossing, and a confirmed fever is written with
// its incident.
func Example_fever() {
	ctx := context.Background()
	dir, _ := os.MkdirTemp("", "post")
	defer os.RemoveAll(dir)
	st, _ := store.Open(filepath.Join(dir, "terminal.db"))
	defer st.Close()
	_ = st.Init(ctx, store.Identity{FacilityID: "qs01", FacilityName: "青山所", Terminal: "t1", HomeGate: 1})
	_ = st.PutPeople(ctx, []gate.Person{{Badge: "2002", Name: "李娜", Kind: gate.Staff, Assignment: gate.AssignOffice, Active: true}})

	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	svc := post.New(st, post.Options{Clock: func() time.Time { return now }})
	guard := gate.Guard{Badge: "1001", Name: "周海涛", Role: gate.RoleGuard}

	in := post.MainGateInput{Subject: record.SubjectStaff, Direction: record.In, Badge: "2002", Temp: tp(380)}
	plan, _ := svc.DecideMainGate(ctx, in)
	fmt.Println("needs recheck:", plan.NeedsRecheck)
	first, _ := svc.Save(ctx, guard, plan) // at once: the reading is never lost
	fmt.Println(first.Main().Kind, first.Fever, first.Who.Name, first.Temp)

	now = now.Add(3 * time.Minute)
	in.Temp, in.First = tp(382), first.Pending
	plan, _ = svc.DecideMainGate(ctx, in)
	saved, _ := svc.Save(ctx, guard, plan)
	for _, r := range saved.Records {
		fmt.Println(r.Seq, r.Kind)
	}
	fmt.Println(saved.Allowed, saved.Reason, saved.Fever, saved.First, saved.Temp)
	// Output:
	// needs recheck: true
	// temperature pending 李娜 38.0
	// 2 passage
	// 3 incident
	// false fever confirmed 38.0 38.2
}
