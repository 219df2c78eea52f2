package syncer_test

import (
	"context"
	"sort"
	"testing"
	"time"

	"gatepost/hub/hubtest"
	"gatepost/record"
	"gatepost/store"
	"gatepost/syncer"
)

// twoPosts joins two terminals of one facility to a real hub and runs
// their background loops, as two consoles would; kick is the first post's
// Kick, which the console calls after every save.
func twoPosts(t testing.TB, poll time.Duration) (a, b *store.Store, kick func()) {
	t.Helper()
	ctx := context.Background()
	h := hubtest.NewHub(t)
	var loops []*syncer.Loop
	mk := func(name string) *store.Store {
		token := h.Provision(t, "F1", name)
		st := hubtest.NewTerminal(t, t.TempDir(), "F1", name)
		if _, err := syncer.Join(ctx, st, h.URL, token, nil, syncer.ClientOptions{}); err != nil {
			t.Fatal(err)
		}
		l, err := syncer.NewLoop(st, syncer.WithPoll(poll))
		if err != nil {
			t.Fatal(err)
		}
		loops = append(loops, l)
		lctx, cancel := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { defer close(done); l.Run(lctx) }()
		t.Cleanup(func() { cancel(); <-done; st.Close() })
		return st
	}
	a, b = mk("gate1-pc"), mk("gate2-pc")
	return a, b, loops[0].Kick
}

// seenAt waits until b holds a's record id as a peer record and returns
// when; it gives up after limit (a failure, not a measurement).
func seenAt(t testing.TB, b *store.Store, badge string, limit time.Duration) time.Time {
	t.Helper()
	ctx := context.Background()
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		evs, err := b.StatusEvents(ctx, badge, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		if len(evs) > 0 {
			return time.Now()
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("the record for %s never reached the other post", badge)
	return time.Time{}
}

// With both consoles running, a reading taken at one post reaches the
// other by itself — no sync key pressed, no idle sync waited for.
func TestFeedReachesAnotherPostWhileRunning(t *testing.T) {
	a, b, _ := twoPosts(t, 200*time.Millisecond)
	if _, err := a.AppendBatch(context.Background(), []store.Draft{{Kind: record.Temperature, Gate: 1, Guard: "1001",
		Body: record.TemperatureBody{Badge: "2001", Temp: 366}}}); err != nil {
		t.Fatal(err)
	}
	seenAt(t, b, "2001", 20*time.Second)
}

// BenchmarkFreshness measures how long a record written at one post takes
// to be readable at another with both consoles running at their default
// poll (2 s), the writing console kicking its loop after the save as the
// console does: p50 and p99 over b.N records, reported as metrics.
func BenchmarkFreshness(b *testing.B) {
	a, other, kick := twoPosts(b, 2*time.Second)
	ctx := context.Background()
	var lat []time.Duration
	for i := 0; b.Loop(); i++ {
		badge := "B" + time.Now().Format("150405.000000")
		start := time.Now()
		if _, err := a.AppendBatch(ctx, []store.Draft{{Kind: record.Temperature, Gate: 1, Guard: "1001",
			Body: record.TemperatureBody{Badge: badge, Temp: 365}}}); err != nil {
			b.Fatal(err)
		}
		kick()
		lat = append(lat, seenAt(b, other, badge, time.Minute).Sub(start))
	}
	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	b.ReportMetric(float64(lat[len(lat)/2].Milliseconds()), "p50-ms")
	b.ReportMetric(float64(lat[(len(lat)*99)/100].Milliseconds()), "p99-ms")
}
