package hub_test

import (
	"context"
	"testing"

	"gatepost/hub"
)

// BenchmarkKeeperRecompute: the figures of a day of 100,000 records after
// 1,000 more were stored, computed as the keeper does (with what it kept
// of the day at 99,000: on SQLite only the 1,000 are read) and from the
// records whole, as a page does. ns/op is one recompute.
func BenchmarkKeeperRecompute(b *testing.B) {
	ctx := context.Background()
	ts := benchTerminal(b, benchRecords)
	rs := records(b, ts)
	st, done := storeHub(b)
	b.Cleanup(done)
	f, d := hub.Facility{ID: "F1"}, day.Format(hub.DayLayout)
	insertStraight(b, st, rs[:len(rs)-1000])
	kept := hub.NewDayMemo()
	if _, err := hub.ComputeDayKept(ctx, st, f, d, kept); err != nil {
		b.Fatal(err)
	}
	insertStraight(b, st, rs[len(rs)-1000:])
	whole, err := hub.ComputeDay(ctx, st, f, d)
	if err != nil || whole.Records != len(rs) {
		b.Fatalf("%d records, %v", whole.Records, err)
	}
	b.Run("kept", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			m := hub.CloneDayMemo(kept)
			b.StartTimer()
			got, err := hub.ComputeDayKept(ctx, st, f, d, m)
			if err != nil || got.Records != whole.Records || got.Screened != whole.Screened {
				b.Fatalf("%+v %v", got, err)
			}
		}
	})
	b.Run("whole", func(b *testing.B) {
		for b.Loop() {
			if _, err := hub.ComputeDay(ctx, st, f, d); err != nil {
				b.Fatal(err)
			}
		}
	})
}
