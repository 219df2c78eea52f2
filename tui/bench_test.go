package tui

import (
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"gatepost/gate"
	"gatepost/store"
	"gatepost/store/storetest"
)

// Startup to the first gate-1 screen (§10): open the store, build the root
// model, load the newest page of today's log and the counters, draw it.
// Compare BenchmarkFirstScreen1M with BenchmarkFirstScreenEmpty:
//
//	go test -run='^$' -bench=FirstScreen -benchtime=20x ./tui
func BenchmarkFirstScreenEmpty(b *testing.B) {
	path := filepath.Join(b.TempDir(), "empty.db")
	st, err := store.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	if err := st.Init(contextBG(), storetest.Identity); err != nil {
		b.Fatal(err)
	}
	st.Close()
	benchFirstScreen(b, path, time.Now())
}

func BenchmarkFirstScreen1M(b *testing.B) {
	path, now := db1MEvening(b)
	benchFirstScreen(b, path, now)
}

// db1MEvening is storetest's 1M-record database and 23:00 on its "today",
// when the day's log is full; with -short the benchmark is skipped instead.
func db1MEvening(b *testing.B) (string, time.Time) {
	if testing.Short() {
		b.Skip("-short: not building the 1M-record database")
	}
	path, today, err := storetest.DB1M(b)
	if err != nil {
		b.Fatal(err)
	}
	day, _ := time.ParseInLocation(store.DayLayout, today, storetest.CST)
	return path, day.Add(23 * time.Hour)
}

// benchDriver is the console on st at now, a guard signed in and the
// window 80×24: the screen every console benchmark measures from.
func benchDriver(b *testing.B, st *store.Store, ident store.Identity, now time.Time) *driver {
	m := New(st, ident, Options{Lang: "zh-CN", Now: func() time.Time { return now }})
	m.guard = &gate.Guard{Badge: "1001", Name: "陈警官", Role: gate.RoleGuard}
	return drive(b, m)
}

func benchFirstScreen(b *testing.B, path string, now time.Time) {
	var peak uint64
	var ms runtime.MemStats
	b.ReportAllocs()
	for b.Loop() {
		st, err := store.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		ident, err := st.Identity(contextBG())
		if err != nil {
			b.Fatal(err)
		}
		view := benchDriver(b, st, ident, now).m.View()
		if !strings.Contains(view, "场所大门") {
			b.Fatalf("first screen not drawn:\n%s", view)
		}
		runtime.ReadMemStats(&ms)
		peak = max(peak, ms.HeapInuse)
		st.Close()
	}
	b.ReportMetric(float64(peak)/(1<<20), "heap-MB")
}
