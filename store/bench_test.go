package store_test

// Benchmarks for §10. Run them with, for example:
//
//	go test -run='^$' -bench=. -benchtime=200x ./store
//
// BenchmarkOpen1M needs a database of 1,000,000 records. It is built once
// (about a minute) into os.UserCacheDir()/gatepost-bench, or into the file
// named by GATEPOST_BENCH_DB, and reused by later runs; -short skips it.

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"gatepost/record"
	"gatepost/store"
	"gatepost/store/storetest"
)

// BenchmarkAppendDurable saves one record per op, each in its own fsync'd
// transaction: the latency between a guard's Enter and "saved".
func BenchmarkAppendDurable(b *testing.B) {
	ctx := context.Background()
	s, _ := newStore(b)
	d := store.Draft{Kind: record.Passage, Gate: 1, Guard: "G001", Body: passage("S001", true)}
	lat := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		if _, err := s.Append(ctx, d); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(t0))
	}
	b.StopTimer()
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds()), "p99-µs")
}

// passages1000 are a thousand crossings at the five gates, one in nine
// denied: a batch as an import writes it or a push carries it.
func passages1000() []store.Draft {
	ds := make([]store.Draft, 1000)
	for i := range ds {
		ds[i] = store.Draft{Kind: record.Passage, Gate: 1 + i%5, Guard: "G001", Body: passage("S"+strconv.Itoa(i), i%9 != 0)}
	}
	return ds
}

// BenchmarkAppendBatch1000 saves 1000 records per op in one transaction, as
// an import or a sync would.
func BenchmarkAppendBatch1000(b *testing.B) {
	ctx := context.Background()
	s, _ := newStore(b)
	ds := passages1000()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := s.AppendBatch(ctx, ds); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(ds)), "ns/record")
}

// BenchmarkOutgoing reads a push's batch of 1,000 records and encodes each
// as the push carries it: "scanned" reads the records column by column
// (RecordsAfter) and encodes them (record.Record.MarshalJSON), as the
// syncer did until 2026-11-30; "built" has SQLite build the JSON
// (OutgoingAfter). ns/record is what the terminal spends on each.
func BenchmarkOutgoing(b *testing.B) {
	ctx := context.Background()
	s, _ := newStore(b)
	ds := passages1000()
	if _, err := s.AppendBatch(ctx, ds); err != nil {
		b.Fatal(err)
	}
	id, err := s.Identity(ctx)
	if err != nil {
		b.Fatal(err)
	}
	perRecord := func(b *testing.B) {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(ds)), "ns/record")
	}
	b.Run("scanned", func(b *testing.B) {
		for b.Loop() {
			rs, err := s.RecordsAfter(ctx, 0, len(ds))
			if err != nil || len(rs) != len(ds) {
				b.Fatal(len(rs), err)
			}
			for _, r := range rs {
				if _, err := r.MarshalJSON(); err != nil {
					b.Fatal(err)
				}
			}
		}
		perRecord(b)
	})
	b.Run("built", func(b *testing.B) {
		for b.Loop() {
			out, err := s.OutgoingAfter(ctx, 0, len(ds), id.FacilityID, id.Terminal)
			if err != nil || len(out) != len(ds) {
				b.Fatal(len(out), err)
			}
		}
		perRecord(b)
	})
}

// BenchmarkOpenEmpty is startup to the first screen on a new terminal.
func BenchmarkOpenEmpty(b *testing.B) {
	_, path := newStore(b)
	benchOpen(b, path, store.Day(time.Now()), 0)
}

// BenchmarkOpen1Day is the control for BenchmarkOpen1M: the same generator,
// and so the same first screen (about 2,400 passages at gate 1 today), in a
// database of one day (about 33,000 records). Open1M / Open1Day is what
// 999,999 − 33,334 older records cost at startup.
func BenchmarkOpen1Day(b *testing.B) {
	path := filepath.Join(b.TempDir(), "one-day.db")
	n := (storetest.Size1M + storetest.Days1M - 1) / storetest.Days1M
	today, err := storetest.Build(path, n, 1)
	if err != nil {
		b.Fatal(err)
	}
	benchOpen(b, path, today, int64(n))
}

// BenchmarkOpen1M is startup to the first screen with 1,000,000 records.
func BenchmarkOpen1M(b *testing.B) {
	if testing.Short() {
		b.Skip("-short: not building the 1M-record database")
	}
	path, today, err := storetest.DB1M(b)
	if err != nil {
		b.Fatal(err)
	}
	benchOpen(b, path, today, storetest.Size1M)
}

// benchOpen opens the store and runs the queries of the first screen, then
// closes it. It reports the Go heap in use and the process RSS with the
// store open and the screen's rows in hand (the peak of an op), since
// SQLite's page cache is allocated outside the Go heap.
func benchOpen(b *testing.B, path, today string, wantLast int64) {
	ctx := context.Background()
	var peakHeap, peakRSS uint64
	var ms runtime.MemStats
	var rows int
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s, err := store.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.Identity(ctx); err != nil {
			b.Fatal(err)
		}
		last, err := s.LastSeq(ctx)
		if err != nil || last != wantLast {
			b.Fatalf("LastSeq = %d (%v), want %d", last, err, wantLast)
		}
		page, err := s.Page(ctx, store.PageQuery{Gate: 1, Day: today, Limit: 20})
		if err != nil {
			b.Fatal(err)
		}
		day, err := s.DayRows(ctx, 1, today, record.Passage)
		if err != nil {
			b.Fatal(err)
		}
		b.StopTimer()
		if wantLast > 0 && (len(page) != 20 || len(day) < 1000) {
			b.Fatalf("first screen of %s: page %d rows, day %d rows", today, len(page), len(day))
		}
		rows = len(day)
		runtime.ReadMemStats(&ms)
		peakHeap = max(peakHeap, ms.HeapInuse)
		peakRSS = max(peakRSS, rssBytes())
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.StopTimer()
	b.ReportMetric(float64(peakHeap)/(1<<20), "heap-MB")
	b.ReportMetric(float64(peakRSS)/(1<<20), "rss-MB")
	b.ReportMetric(float64(rows), "day-rows")
}

// rssBytes is the process's resident set size (Linux), or 0.
func rssBytes() uint64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb << 10
		}
	}
	return 0
}
