package hub_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"gatepost/hub"
	"gatepost/hub/hubtest"
	"gatepost/record"
	"gatepost/store"
	"gatepost/syncer"
)

var day = time.Date(2025, 3, 1, 0, 0, 0, 0, time.FixedZone("CST", 8*3600))

// loopOpts make a terminal's loop retry in milliseconds, with small batches
// so that there are many requests for the faults to hit.
func loopOpts(batch int) []syncer.Option {
	return []syncer.Option{
		syncer.WithPoll(10 * time.Millisecond),
		syncer.WithBackoff(5*time.Millisecond, 100*time.Millisecond),
		syncer.WithIdleSync(time.Second),
		syncer.WithSyncOptions(syncer.SyncOptions{BatchSize: batch}),
		syncer.WithClientOptions(syncer.ClientOptions{Timeout: 10 * time.Second}),
	}
}

type fleet struct {
	stores     []*store.Store
	names      []string
	facilities []string
	loops      []*syncer.Loop
}

// newFleet makes n terminals (t00, t01, …), five to a facility (F1, F2, …), provisioned on
// the hub st, each joined to url.
func newFleet(t *testing.T, st hub.Storage, url string, n int) *fleet {
	t.Helper()
	f := &fleet{}
	for i := 0; i < n; i++ {
		// Five posts a facility, as a facility has: each post also pulls
		// its four peers' records through the facility feed.
		name, facility := fmt.Sprintf("t%02d", i), fmt.Sprintf("F%d", 1+i/5)
		token, err := hub.Provision(context.Background(), st, facility, "", name)
		if err != nil {
			t.Fatal(err)
		}
		ts := hubtest.NewTerminal(t, t.TempDir(), facility, name)
		t.Cleanup(func() { ts.Close() })
		hubtest.Join(t, ts, url, token)
		f.stores = append(f.stores, ts)
		f.names = append(f.names, name)
		f.facilities = append(f.facilities, facility)
	}
	return f
}

// run starts every terminal's loop; the returned func stops them.
func (f *fleet) run(t *testing.T, opts []syncer.Option) func() {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	f.loops = nil
	for _, st := range f.stores {
		l, err := syncer.NewLoop(st, opts...)
		if err != nil {
			t.Fatal(err)
		}
		f.loops = append(f.loops, l)
		wg.Add(1)
		go func() { defer wg.Done(); l.Run(ctx) }()
	}
	return func() { cancel(); wg.Wait() }
}

// waitSynced waits until no terminal has anything pending in its store.
func (f *fleet) waitSynced(t *testing.T, d time.Duration) {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		left := int64(0)
		for _, st := range f.stores {
			c, err := st.SyncCounts(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			left += c.Pending
		}
		if left == 0 {
			return
		}
		if time.Now().After(deadline) {
			for i, l := range f.loops {
				t.Logf("%s: %+v", f.names[i], l.Status())
			}
			t.Fatalf("%d records still pending after %v", left, d)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// checkExactlyOnce compares every terminal's log with what the hub holds:
// the same records, each exactly once, nothing parked, every chain intact.
func (f *fleet) checkExactlyOnce(t *testing.T, st hub.Storage, perTerminal int) {
	t.Helper()
	ctx := context.Background()
	for i, ts := range f.stores {
		var local []record.Record
		if err := ts.Each(ctx, 0, func(r record.Record) error { local = append(local, r); return nil }); err != nil {
			t.Fatal(err)
		}
		if len(local) != perTerminal {
			t.Fatalf("%s wrote %d records, want %d", f.names[i], len(local), perTerminal)
		}
		k := 0
		if err := st.EachRecord(ctx, hub.TerminalKey{Facility: f.facilities[i], Name: f.names[i]}, 0, func(r hub.StoredRecord) error {
			if k >= len(local) {
				return fmt.Errorf("%s: hub holds more records than the terminal wrote", f.names[i])
			}
			if r.ID != local[k].ID || r.Hash != local[k].Hash || r.Seq != local[k].Seq {
				return fmt.Errorf("%s: hub record %d is %s/%d, terminal's is %s/%d", f.names[i], k, r.ID, r.Seq, local[k].ID, local[k].Seq)
			}
			k++
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		if k != len(local) {
			t.Fatalf("%s: hub holds %d of %d records", f.names[i], k, len(local))
		}
		c, err := ts.SyncCounts(ctx)
		if err != nil || c.Pending != 0 || c.Parked != 0 {
			t.Fatalf("%s: counts %+v %v", f.names[i], c, err)
		}
	}
	reps, err := hub.VerifyAll(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range reps {
		if !r.Intact() || r.Records != int64(perTerminal) {
			t.Fatalf("verify %s: %+v", r.TerminalKey, r)
		}
	}
	terms, err := st.Terminals(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, tm := range terms {
		if !tm.Chain.Intact() || tm.Chain.Stored != int64(perTerminal) {
			t.Fatalf("ingest chain state of %s: %+v", tm.TerminalKey, tm.Chain)
		}
	}
	s, err := st.Stats(ctx)
	if err != nil || s.Records != int64(len(f.stores)*perTerminal) || s.Conflicts != 0 {
		t.Fatalf("hub stats %+v %v", s, err)
	}
}

// TestEndToEndThroughFaults: 20 terminals × 2,000 records through a proxy
// that drops connections, loses answers, cuts requests and answers midway,
// delays, duplicates and replays requests out of order. Records are written
// while syncing. At the end the hub holds every record exactly once and
// every chain verifies.
func TestEndToEndThroughFaults(t *testing.T) {
	terminals, perTerminal := 20, 2000
	if testing.Short() {
		terminals, perTerminal = 5, 400
	}
	h := hubtest.NewHub(t)
	proxy := hubtest.NewFaultProxy(t, h.URL, hubtest.Faults{
		Drop: 0.06, DropAnswer: 0.08, CutRequest: 0.05, CutAnswer: 0.05,
		Duplicate: 0.08, Reorder: 0.08, MaxDelay: 20 * time.Millisecond,
	}, 20250301)
	f := newFleet(t, h.Storage, proxy.URL(), terminals)
	for _, st := range f.stores {
		hubtest.Fill(t, st, day, perTerminal/2)
	}
	stop := f.run(t, loopOpts(100))
	defer stop()
	// The guards keep writing while sync runs.
	var wg sync.WaitGroup
	for _, st := range f.stores {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for done := 0; done < perTerminal/2; done += 50 {
				hubtest.Fill(t, st, day, 50)
				time.Sleep(time.Millisecond)
			}
		}()
	}
	wg.Wait()
	f.waitSynced(t, 50*time.Second)
	stop()
	proxy.Flush() // late copies arrive after everything: all must be duplicates
	ps := proxy.Stats()
	t.Logf("proxy: %+v", ps)
	if !testing.Short() && (ps.Drops == 0 || ps.DroppedAnswers == 0 || ps.CutRequests == 0 || ps.CutAnswers == 0 ||
		ps.Duplicates == 0 || ps.Reordered == 0) {
		t.Fatalf("some fault never happened: %+v", ps)
	}
	f.checkExactlyOnce(t, h.Storage, perTerminal)
}
