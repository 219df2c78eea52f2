package store_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"gatepost/record"
	"gatepost/store"
	"gatepost/store/storetest"
)

// BenchmarkChecks measures SQLite's two checks on the one-day database of
// BenchmarkOpen1Day (about 33,000 records): quick_check, which Open starts
// beside the first screen and which every write waits for, and
// integrity_check, which `gatepost verify` runs. Both read the whole file,
// so they grow with it; first-wait-ms is how long the first append after
// Open waited for the check.
func BenchmarkChecks(b *testing.B) {
	ctx := context.Background()
	path := filepath.Join(b.TempDir(), "one-day.db")
	n := (storetest.Size1M + storetest.Days1M - 1) / storetest.Days1M
	if _, err := storetest.Build(path, n, 1); err != nil {
		b.Fatal(err)
	}
	var quick, integrity, firstWait time.Duration
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		s, err := store.OpenExisting(path)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := s.Append(ctx, store.Draft{Kind: record.Passage, Gate: 1, Guard: "G001", Body: passage("S1", true)}); err != nil {
			b.Fatal(err)
		}
		firstWait += time.Since(t0)
		if err := s.Checked(ctx); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if err := s.IntegrityCheck(ctx); err != nil {
			b.Fatal(err)
		}
		integrity += time.Since(t1)
		s.Close()
	}
	// quick_check alone, on a store whose own check has finished.
	s, err := store.OpenExisting(path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if err := s.Checked(ctx); err != nil {
		b.Fatal(err)
	}
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		if err := storetest.QuickCheck(ctx, s.Path()); err != nil {
			b.Fatal(err)
		}
		quick += time.Since(t0)
	}
	per := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 / float64(b.N) }
	b.ReportMetric(per(quick), "quick-ms")
	b.ReportMetric(per(integrity), "integrity-ms")
	b.ReportMetric(per(firstWait), "open+first-append-ms")
}
