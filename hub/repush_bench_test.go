package hub_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gatepost/hub"
	"gatepost/hub/internal/storagetest"
)

// BenchmarkRepushUnderLoad: a terminal pushes again 100 records the SQLite
// hub already holds (a retry after a lost answer), while four other
// terminals push new records, so that the one writer is busy committing
// groups. Such a push cannot stream (its records are at seqs the hub
// holds); how long it takes is what the terminal waits for its answers.
func BenchmarkRepushUnderLoad(b *testing.B) {
	ctx := context.Background()
	st := openSQLiteTemp(b)
	defer st.Close()
	const n = 100
	for i := range 5 {
		if _, err := hub.Provision(ctx, st, "F1", "一所", fmt.Sprintf("g%d", i)); err != nil {
			b.Fatal(err)
		}
	}
	ts, err := st.FacilityTerminals(ctx, "F1")
	if err != nil {
		b.Fatal(err)
	}
	held := storagetest.Chain("F1", ts[0].Name, 1, n, "")
	if _, _, err := hub.Ingest(ctx, st, ts[0], storagetest.Raw(held...), hub.Seen{At: time.Now(), Pending: -1}); err != nil {
		b.Fatal(err)
	}
	again := hub.DecodeRecords(storagetest.Raw(held...))
	ts, err = st.FacilityTerminals(ctx, "F1") // g0 as it is now, holding them
	if err != nil {
		b.Fatal(err)
	}
	var stop atomic.Bool
	var wg sync.WaitGroup
	for _, t := range ts[1:] {
		wg.Add(1)
		go func() {
			defer wg.Done()
			prev, seq := "", int64(1)
			for !stop.Load() {
				rs := storagetest.Chain("F1", t.Name, seq, 20, prev)
				if _, _, err := hub.Ingest(ctx, st, t, storagetest.Raw(rs...), hub.Seen{At: time.Now(), Pending: -1}); err != nil {
					b.Error(err)
					return
				}
				prev, seq = rs[len(rs)-1].Hash, seq+20
				t.Chain.MaxSeq, t.Chain.HeadSeq = seq-1, seq-1
			}
		}()
	}
	b.ResetTimer()
	for range b.N {
		_, tally, err := hub.IngestPushed(ctx, st, ts[0], again, hub.Seen{At: time.Now(), Pending: -1})
		if err != nil || tally.Duplicate != n {
			b.Fatalf("%+v %v", tally, err)
		}
	}
	b.StopTimer()
	stop.Store(true)
	wg.Wait()
}
