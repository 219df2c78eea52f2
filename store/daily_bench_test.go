package store_test

// Benchmarks of the daily report (§3, §10): loading a day's records and
// computing the report, in a database of one day and in one of 1,000,000
// records where the day has the same realistic few thousand. The ratio
// 1M / OneDay is what years of records cost the report:
//
//	go test -run='^$' -bench=DailyReport -benchtime=20x ./store
//
// The 1M database is generated once by the demo generator (every kind the
// console writes, decided by the gate rules, about 3,000 records a day over
// 330 days; a few minutes) into os.UserCacheDir()/gatepost-bench, or into
// GATEPOST_DAILY_BENCH_DB, and reused; -short skips it. It is built by
// storetest's BuildFile like storetest's 1M database (into a temporary file
// renamed when complete, checked by a version setting), but with the demo's
// realistic bodies rather than filler, since the report decodes every body of
// the day.

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"gatepost/demo"
	"gatepost/gate"
	"gatepost/store"
	"gatepost/store/storetest"
)

const (
	daily1MSize    = 1_000_000
	daily1MDays    = 330
	daily1MVersion = "1"
)

// dailyBenchNow is where the generated records end: the report is of the
// day before, a whole day.
var dailyBenchNow = time.Date(2026, 11, 28, 8, 0, 0, 0, cst)

var (
	daily1MOnce sync.Once
	daily1MPath string
	daily1MErr  error
)

// buildDemoDB generates n demo records over days days ending at now into
// path, through storetest.BuildFile (a temporary file renamed when complete).
func buildDemoDB(path string, n, days int, now time.Time) error {
	return storetest.BuildFile(path, func(ctx context.Context, s *store.Store) error {
		if _, err := demo.Setup(ctx, s, now.AddDate(0, 0, -days)); err != nil {
			return err
		}
		if n > 0 {
			if _, err := demo.Generate(ctx, s, demo.Options{Records: n, Days: days, Seed: 7, Now: now}); err != nil {
				return err
			}
		}
		return s.SetSetting(ctx, "bench.version", daily1MVersion)
	})
}

func dailyDB1M(b *testing.B) (string, error) {
	daily1MOnce.Do(func() {
		path, err := storetest.CachePath("GATEPOST_DAILY_BENCH_DB", "daily-1m-v"+daily1MVersion+".db")
		if err != nil {
			daily1MErr = err
			return
		}
		daily1MPath = path
		if s, err := store.Open(path); err == nil {
			v, _ := s.Setting(context.Background(), "bench.version")
			last, _ := s.LastSeq(context.Background())
			s.Close()
			if v == daily1MVersion && last >= daily1MSize {
				return
			}
		}
		t0 := time.Now()
		daily1MErr = buildDemoDB(path, daily1MSize, daily1MDays, dailyBenchNow)
		fmt.Fprintf(os.Stderr, "gatepost bench: built %d demo records in %s into %s\n", daily1MSize, time.Since(t0).Round(time.Second), path)
	})
	return daily1MPath, daily1MErr
}

// benchReport loads and computes the report of day, as the F6 screen and
// `gatepost report` do, and reports the day's size.
func benchReport(b *testing.B, path, day string) {
	ctx := context.Background()
	s, err := store.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	var rep gate.Report
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		in, err := s.ReportInput(ctx, day, dailyBenchNow, 0)
		if err != nil {
			b.Fatal(err)
		}
		rep = gate.ComputeReport(in)
	}
	b.StopTimer()
	last, _ := s.LastSeq(ctx)
	b.ReportMetric(float64(rep.Records), "day-records")
	b.ReportMetric(float64(last), "db-records")
}

func benchDay() string { return store.Day(dailyBenchNow.AddDate(0, 0, -1)) }

// BenchmarkDailyReportEmpty: a terminal with its roster and no records.
func BenchmarkDailyReportEmpty(b *testing.B) {
	path := filepath.Join(b.TempDir(), "empty.db")
	if err := buildDemoDB(path, 0, 1, dailyBenchNow); err != nil {
		b.Fatal(err)
	}
	benchReport(b, path, benchDay())
}

// BenchmarkDailyReportOneDay: a database holding one day, as many records
// as the day reported in the 1M database (the control for the ratio).
func BenchmarkDailyReportOneDay(b *testing.B) {
	n := daily1MSize / daily1MDays
	path := filepath.Join(b.TempDir(), "one-day.db")
	end := time.Date(2026, 11, 28, 0, 0, 0, 0, cst) // the midnight that ends the day
	if err := buildDemoDB(path, n, 1, end); err != nil {
		b.Fatal(err)
	}
	benchReport(b, path, benchDay())
}

// BenchmarkDailyReport1M: the same size of day inside 1,000,000 records.
func BenchmarkDailyReport1M(b *testing.B) {
	if testing.Short() {
		b.Skip("-short: not building the 1M-record database")
	}
	path, err := dailyDB1M(b)
	if err != nil {
		b.Fatal(err)
	}
	benchReport(b, path, benchDay())
}
