package hub_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"gatepost/hub"
	"gatepost/hub/hubtest"
	"gatepost/record"
	"gatepost/store"
	"gatepost/syncer"
)

// Benchmarks of §10 "sync moves 100,000 records terminal → hub over loopback
// in seconds; re-sending what the hub already has costs almost nothing; the
// hub keeps up with many terminals pushing at shift change". Run with
//
//	go test -run '^$' -bench . -benchtime 3x ./hub
//
// and compare records/s: BenchmarkPush100k against BenchmarkIngest100k (the
// hub's ingest without HTTP, JSON or gzip) and BenchmarkInsert100k (the bare
// storage insert, the limit).

const benchRecords = 100_000

// benchTerminal builds a terminal store with n records, once per benchmark.
func benchTerminal(b *testing.B, n int) *store.Store {
	b.Helper()
	st := hubtest.NewTerminal(b, b.TempDir(), "F1", "gate1")
	b.Cleanup(func() { st.Close() })
	hubtest.Fill(b, st, day, n)
	return st
}

// benchHub is a fresh hub on loopback with the terminal provisioned, and the
// terminal joined to it (which resets the terminal's push cursor).
func benchHub(b *testing.B, terms ...*store.Store) (*hub.SQLite, func()) {
	b.Helper()
	st, err := hub.OpenSQLite(filepath.Join(b.TempDir(), "hub.db"))
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(hub.NewServer(st, hub.Options{Logger: hubtest.Quiet(), MaxConcurrentPushes: 16}))
	for _, ts := range terms {
		id, err := ts.Identity(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		token, err := hub.Provision(context.Background(), st, id.FacilityID, "", id.Terminal)
		if err != nil {
			b.Fatal(err)
		}
		hubtest.Join(b, ts, srv.URL, token)
	}
	return st, func() { srv.Close(); st.Close() }
}

func records(b *testing.B, ts *store.Store) []record.Record {
	var rs []record.Record
	if err := ts.Each(context.Background(), 0, func(r record.Record) error { rs = append(rs, r); return nil }); err != nil {
		b.Fatal(err)
	}
	return rs
}

func rate(b *testing.B, n int) {
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkPush100k: a terminal pushes 100,000 records to a fresh hub over
// loopback HTTP (gzip, batches of 1,000), every record answered "stored".
func BenchmarkPush100k(b *testing.B) {
	ts := benchTerminal(b, benchRecords)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		_, done := benchHub(b, ts)
		b.StartTimer()
		res, err := syncer.Once(context.Background(), ts)
		b.StopTimer()
		done()
		if err != nil || res.Stored != benchRecords || res.Pending != 0 {
			b.Fatalf("%+v %v", res, err)
		}
		b.StartTimer()
	}
	rate(b, benchRecords)
}

// BenchmarkRepush100k: the hub already holds all 100,000 records and the
// terminal's cursor is back at 0 (as after a re-join, or answers lost): the
// hub's head shows it holds them all, so the terminal sends nothing.
func BenchmarkRepush100k(b *testing.B) { benchRepush(b, false) }

// BenchmarkRepushDuplicates100k: the same, but every record is sent again
// (fast-forward off) and the hub answers "duplicate" for each: the cost of
// the hub's duplicate path.
func BenchmarkRepushDuplicates100k(b *testing.B) { benchRepush(b, true) }

func benchRepush(b *testing.B, noFastForward bool) {
	ts := benchTerminal(b, benchRecords)
	_, done := benchHub(b, ts)
	defer done()
	if res, err := syncer.Once(context.Background(), ts); err != nil || res.Stored != benchRecords {
		b.Fatalf("%+v %v", res, err)
	}
	h, _ := ts.HubSettings(context.Background())
	opt := syncer.WithSyncOptions(syncer.SyncOptions{NoFastForward: noFastForward})
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		hubtest.Join(b, ts, h.URL, h.Token) // resets the push cursor
		b.StartTimer()
		res, err := syncer.Once(context.Background(), ts, opt)
		if err != nil || res.Duplicate+res.Skipped != benchRecords || res.Pending != 0 {
			b.Fatalf("%+v %v", res, err)
		}
	}
	rate(b, benchRecords)
}

// BenchmarkIngest100k: the same records, as JSON, through hub.Ingest in
// batches of 1,000 — everything the hub does for a push but HTTP and gzip.
func BenchmarkIngest100k(b *testing.B) {
	ts := benchTerminal(b, benchRecords)
	rs := records(b, ts)
	raws := make([]json.RawMessage, len(rs))
	for i, r := range rs {
		raws[i], _ = json.Marshal(r)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		st, done := benchHub(b)
		if _, err := hub.Provision(context.Background(), st, "F1", "", "gate1"); err != nil {
			b.Fatal(err)
		}
		ts, _ := st.Terminals(context.Background())
		b.StartTimer()
		for k := 0; k < len(raws); k += 1000 {
			_, tally, err := hub.Ingest(context.Background(), st, ts[0], raws[k:k+1000], hub.Seen{At: time.Now(), Pending: -1})
			if err != nil || tally.Stored != 1000 {
				b.Fatalf("%+v %v", tally, err)
			}
		}
		b.StopTimer()
		done()
		b.StartTimer()
	}
	rate(b, benchRecords)
}

// BenchmarkInsert100k: the bare storage insert of the same records, decoded
// already, in transactions of 1,000 (batched INSERT … ON CONFLICT DO NOTHING):
// what the disk and SQLite allow, the limit for the push.
func BenchmarkInsert100k(b *testing.B) {
	ts := benchTerminal(b, benchRecords)
	rs := records(b, ts)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		st, done := benchHub(b)
		if _, err := hub.Provision(context.Background(), st, "F1", "", "gate1"); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		for k := 0; k < len(rs); k += 1000 {
			err := st.Ingest(context.Background(), hub.TerminalKey{Facility: "F1", Name: "gate1"}, func(tx hub.IngestTx) error {
				got, err := tx.Insert(context.Background(), rs[k:k+1000], time.Now())
				if err == nil && len(got) != 1000 {
					err = fmt.Errorf("inserted %d", len(got))
				}
				return err
			})
			if err != nil {
				b.Fatal(err)
			}
		}
		b.StopTimer()
		done()
		b.StartTimer()
	}
	rate(b, benchRecords)
}

// BenchmarkShiftChange50: 50 terminals with 2,000 records each push to one
// hub at the same moment; records/s is the aggregate.
func BenchmarkShiftChange50(b *testing.B) {
	const terminals, each = 50, 2000
	var ts []*store.Store
	for i := 0; i < terminals; i++ {
		st := hubtest.NewTerminal(b, b.TempDir(), "F1", fmt.Sprintf("t%02d", i))
		b.Cleanup(func() { st.Close() })
		hubtest.Fill(b, st, day, each)
		ts = append(ts, st)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		_, done := benchHub(b, ts...)
		b.StartTimer()
		var wg sync.WaitGroup
		for _, st := range ts {
			wg.Add(1)
			go func() {
				defer wg.Done()
				// The push alone: fifty posts of one facility pulling each
				// other's records through the feed is another measurement.
				res, err := syncer.Once(context.Background(), st, syncer.WithSyncOptions(syncer.SyncOptions{BatchSize: 500, NoFeed: true}))
				if err != nil || res.Stored != each {
					b.Errorf("%+v %v", res, err)
				}
			}()
		}
		wg.Wait()
		b.StopTimer()
		done()
		b.StartTimer()
	}
	rate(b, terminals*each)
}

// BenchmarkSyncUnderLoad measures, in one run and on one SQLite hub per
// case, the three figures of issue 15 against their limits, and reports the
// ratios, so that they come from the same machine at the same moment:
//
//   - push-ratio: 100,000 records pushed by one terminal over loopback
//     (syncer.Once: read, JSON, gzip, HTTP, decode, checks, store) ÷ the same
//     records inserted straight into the hub's store (IngestTx.Insert in
//     transactions of 1,000): the price of everything but the database;
//   - shift-ratio: 50 terminals × 2,000 records pushing at once (aggregate
//     records/s) ÷ the one terminal pushing its 100,000 alone.
//
// PostgreSQL's ingest against a plain COPY is BenchmarkPostgresIngestVsCopy.
func BenchmarkSyncUnderLoad(b *testing.B) {
	const terminals, each = 50, 2000
	one := benchTerminal(b, benchRecords)
	rs := records(b, one)
	var many []*store.Store
	for i := 0; i < terminals; i++ {
		st := hubtest.NewTerminal(b, b.TempDir(), "F1", fmt.Sprintf("t%02d", i))
		b.Cleanup(func() { st.Close() })
		hubtest.Fill(b, st, day, each)
		many = append(many, st)
	}
	ctx := context.Background()
	var push, insert, shift time.Duration
	var pushCPU, shiftCPU time.Duration // the process's CPU time in each phase: what the 2 cores were busy with
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		_, done := benchHub(b, one)
		b.StartTimer()
		start, cpu := time.Now(), processCPU(b)
		res, err := syncer.Once(ctx, one, syncer.WithSyncOptions(syncer.SyncOptions{NoFeed: true}))
		push += time.Since(start)
		pushCPU += processCPU(b) - cpu
		b.StopTimer()
		done()
		if err != nil || res.Stored != benchRecords {
			b.Fatalf("push: %+v %v", res, err)
		}

		st, done := benchHub(b)
		if _, err := hub.Provision(ctx, st, "F1", "", "gate1"); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start = time.Now()
		for k := 0; k < len(rs); k += 1000 {
			if err := st.Ingest(ctx, hub.TerminalKey{Facility: "F1", Name: "gate1"}, func(tx hub.IngestTx) error {
				_, err := tx.Insert(ctx, rs[k:k+1000], time.Now())
				return err
			}); err != nil {
				b.Fatal(err)
			}
		}
		insert += time.Since(start)
		b.StopTimer()
		done()

		_, done = benchHub(b, many...)
		b.StartTimer()
		start, cpu = time.Now(), processCPU(b)
		var wg sync.WaitGroup
		for _, st := range many {
			wg.Add(1)
			go func() {
				defer wg.Done()
				// The push alone: the facility feed (each terminal pulling the
				// 49 others' records) is another measurement.
				res, err := syncer.Once(ctx, st, syncer.WithSyncOptions(syncer.SyncOptions{BatchSize: 500, NoFeed: true}))
				if err != nil || res.Stored != each {
					b.Errorf("%+v %v", res, err)
				}
			}()
		}
		wg.Wait()
		shift += time.Since(start)
		shiftCPU += processCPU(b) - cpu
		b.StopTimer()
		done()
		b.StartTimer()
	}
	per := func(n int, d time.Duration) float64 { return float64(n) * float64(b.N) / d.Seconds() }
	p, in, sh := per(benchRecords, push), per(benchRecords, insert), per(terminals*each, shift)
	b.ReportMetric(0, "ns/op")
	b.ReportMetric(p, "push-records/s")
	b.ReportMetric(in, "insert-records/s")
	b.ReportMetric(sh, "shift-records/s")
	b.ReportMetric(p/in, "push-ratio")
	b.ReportMetric(sh/p, "shift-ratio")
	// CPU per record and cores kept busy: on a machine whose cores are all
	// busy in both phases the shift ratio is the ratio of CPU per record.
	b.ReportMetric(pushCPU.Seconds()*1e6/float64(benchRecords*b.N), "push-cpu-µs/record")
	b.ReportMetric(shiftCPU.Seconds()*1e6/float64(terminals*each*b.N), "shift-cpu-µs/record")
	b.ReportMetric(pushCPU.Seconds()/push.Seconds(), "push-cores")
	b.ReportMetric(shiftCPU.Seconds()/shift.Seconds(), "shift-cores")
}
