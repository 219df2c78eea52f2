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
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"gatepost/record"
	"gatepost/store"
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

// BenchmarkAppendBatch1000 saves 1000 records per op in one transaction, as
// an import or a sync would.
func BenchmarkAppendBatch1000(b *testing.B) {
	ctx := context.Background()
	s, _ := newStore(b)
	ds := make([]store.Draft, 1000)
	for i := range ds {
		ds[i] = store.Draft{Kind: record.Passage, Gate: 1 + i%5, Guard: "G001", Body: passage("S"+strconv.Itoa(i), i%9 != 0)}
	}
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
	n := (bench1MSize + bench1MDays - 1) / bench1MDays
	today, err := buildBench(path, n, 1)
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
	path, today, err := bench1M(b)
	if err != nil {
		b.Fatal(err)
	}
	benchOpen(b, path, today, bench1MSize)
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

// The 1M-record database. bench1MVersion changes whenever what is generated
// does, so an old cached file is rebuilt rather than trusted.
const (
	bench1MSize    = 1_000_000
	bench1MDays    = 30
	bench1MVersion = "1"
	bench1MBatch   = 10_000
)

var (
	bench1MOnce  sync.Once
	bench1MPath  string
	bench1MToday string
	bench1MErr   error
)

// bench1M returns the path of the 1M-record database and the day its
// newest records are on ("today" for the benchmark), building it once per
// `go test` run unless a complete one is cached.
func bench1M(b *testing.B) (string, string, error) {
	bench1MOnce.Do(func() {
		path := os.Getenv("GATEPOST_BENCH_DB")
		if path == "" {
			dir, err := os.UserCacheDir()
			if err != nil {
				bench1MErr = err
				return
			}
			path = filepath.Join(dir, "gatepost-bench", "records-1m-v"+bench1MVersion+".db")
		}
		if today, ok := cached1M(path); ok {
			bench1MPath, bench1MToday = path, today
			b.Logf("using the 1M-record database at %s (today = %s)", path, today)
			return
		}
		t0 := time.Now()
		today, err := buildBench(path, bench1MSize, bench1MDays)
		if err != nil {
			bench1MErr = err
			return
		}
		bench1MPath, bench1MToday = path, today
		msg := fmt.Sprintf("built %d records in %s into %s", bench1MSize, time.Since(t0).Round(time.Millisecond), path)
		b.Log(msg)
		fmt.Fprintln(os.Stderr, "gatepost bench:", msg)
	})
	return bench1MPath, bench1MToday, bench1MErr
}

// cached1M reports whether path holds a complete database of this version.
func cached1M(path string) (string, bool) {
	if _, err := os.Stat(path); err != nil {
		return "", false
	}
	s, err := store.Open(path)
	if err != nil {
		return "", false
	}
	defer s.Close()
	ctx := context.Background()
	v, _ := s.Setting(ctx, "bench.version")
	today, _ := s.Setting(ctx, "bench.today")
	last, _ := s.LastSeq(ctx)
	return today, v == bench1MVersion && today != "" && last == bench1MSize
}

// buildBench writes total records through AppendBatch, in batches of 10,000,
// spread evenly over the given number of days ending today (+08:00) and gates
// 0–5. For the 1M database that is about 33,000 a day, 3,000 of them at gate 1
// (mostly passages, with temperatures, and now and then an override or a void
// of one of them). It builds into a temporary file and renames it into place
// only when complete.
func buildBench(path string, total, days int) (string, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return "", err
	}
	tmp := path + ".building"
	for _, p := range []string{tmp, tmp + "-wal", tmp + "-shm"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			return "", err
		}
	}
	ctx := context.Background()
	s, err := store.Open(tmp)
	if err != nil {
		return "", err
	}
	defer s.Close()
	id := testIdentity
	id.CreatedAt = time.Now().In(cst).AddDate(0, 0, -days)
	if err := s.Init(ctx, id); err != nil {
		return "", err
	}

	now := time.Now().In(cst)
	first := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, cst).AddDate(0, 0, -(days - 1))
	perDay := (total + days - 1) / days
	step := 24 * time.Hour / time.Duration(perDay)
	otherGates := []int{0, 2, 3, 4, 5}
	otherKinds := []record.Kind{
		record.Temperature, record.SupplyReceived, record.SupplyDisinfected, record.SupplyStored,
		record.StandbyCheckin, record.Attendance, record.FoodInspection, record.FoodSample, record.Disinfection,
	}
	var recent []string // recent gate-1 passage ids, for overrides and voids to point at
	ds := make([]store.Draft, 0, bench1MBatch)
	for n := 0; n < total; n++ {
		dayN, i := n/perDay, n%perDay
		at := first.AddDate(0, 0, dayN).Add(time.Duration(i) * step)
		var d store.Draft
		switch {
		case i%11 == 0 && len(recent) > 0 && i%(11*50) == 0: // ~1 in 550: a correction
			target := recent[len(recent)-1]
			recent = recent[:len(recent)-1]
			if i%2 == 0 {
				d = store.Draft{Kind: record.Override, Gate: 1, Body: record.OverrideBody{Target: target, Supervisor: "SUP1", Reason: "持纸质通行证"}}
			} else {
				d = store.Draft{Kind: record.Void, Gate: 1, Body: record.VoidBody{Target: target, Supervisor: "SUP1", Reason: "录错"}}
			}
		case i%11 == 0: // 1 in 11 ≈ 3,000 a day at gate 1
			if i%5 == 0 {
				d = store.Draft{Kind: record.Temperature, Gate: 1, Body: temp(fmt.Sprintf("S%04d", i%2000), 360+i%15)}
			} else {
				d = store.Draft{Kind: record.Passage, Gate: 1, ID: record.NewID(), Body: passage(fmt.Sprintf("S%04d", i%2000), i%17 != 0)}
				if len(recent) < 64 {
					recent = append(recent, d.ID)
				}
			}
		default:
			g := otherGates[i%len(otherGates)]
			k := otherKinds[i%len(otherKinds)]
			if g == 0 {
				k = record.Attendance
			}
			d = store.Draft{Kind: k, Gate: g, Body: map[string]any{"badge": fmt.Sprintf("S%04d", i%2000), "item": "口罩", "qty": i % 50, "note": "正常"}}
		}
		d.Guard = fmt.Sprintf("G%03d", 1+dayN%6)
		d.At = at
		ds = append(ds, d)
		if len(ds) == bench1MBatch {
			if _, err := s.AppendBatch(ctx, ds); err != nil {
				return "", err
			}
			ds = ds[:0]
		}
	}
	if len(ds) > 0 {
		if _, err := s.AppendBatch(ctx, ds); err != nil {
			return "", err
		}
	}
	today := store.Day(now)
	for k, v := range map[string]string{"bench.version": bench1MVersion, "bench.today": today} {
		if err := s.SetSetting(ctx, k, v); err != nil {
			return "", err
		}
	}
	if err := s.Close(); err != nil { // checkpoints and removes the WAL
		return "", err
	}
	// A stale WAL beside the final name would be replayed into the new file.
	for _, p := range []string{path + "-wal", path + "-shm"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			return "", err
		}
	}
	if _, err := os.Stat(tmp + "-wal"); err == nil {
		return "", errors.New("WAL left behind after close")
	}
	return today, os.Rename(tmp, path)
}
