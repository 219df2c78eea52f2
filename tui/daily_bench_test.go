package tui

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"gatepost/demo"
	"gatepost/gate"
	"gatepost/store"
)

// What the roll-call's load costs with and without the staff's statuses
// (statusEvery): on the demo's thirty days (60 staff, 300 detainees,
// about 25,000 records), the day's report input and screening alone, then
// with every staff member's status read as the gates read it.
//
//	go test -run='^$' -bench=RollCallLoad -benchtime=20x ./tui
func BenchmarkRollCallLoad(b *testing.B) {
	ctx := context.Background()
	st, err := store.Open(filepath.Join(b.TempDir(), "terminal.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	now := time.Date(2026, 3, 18, 16, 30, 0, 0, time.FixedZone("CST", 8*3600))
	if _, err := demo.Setup(ctx, st, now); err != nil {
		b.Fatal(err)
	}
	if _, err := demo.Generate(ctx, st, demo.Options{Records: 30 * demo.MinPerDay, Seed: 1, Now: now}); err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name     string
		statuses bool
	}{{"screening", false}, {"with_statuses", true}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				msg := dailyLoadCmd(st, 1, now, "", gate.DefaultFever, c.statuses)().(dailyLoadedMsg)
				if msg.err != nil {
					b.Fatal(msg.err)
				}
				if c.statuses && len(msg.statuses) == 0 {
					b.Fatal("no status read")
				}
			}
		})
	}
}
