package hub

import (
	"io"
	"log/slog"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// TestGCPercent: the GOGC that lets the live heap grow to the room, within
// 100..400, in steps of 25.
func TestGCPercent(t *testing.T) {
	for _, tc := range []struct {
		live uint64
		want int
	}{
		{0, 400},
		{1 << 20, 400},
		{gcRoom / 5, 400}, // grows fivefold to the room
		{gcRoom / 4, 300}, // fourfold
		{gcRoom / 3, 200}, // threefold
		{gcRoom * 2 / 5, 150},
		{gcRoom / 2, 100}, // twofold: Go's default
		{gcRoom, 100},     // larger: the default, not less
		{4 * gcRoom, 100},
		{gcRoom*10/35 + 1, 225}, // 3.5-fold less a byte: 249.99…, down to the step below
	} {
		if got := gcPercent(tc.live); got != tc.want {
			t.Errorf("live %d MiB: %d, want %d", tc.live>>20, got, tc.want)
		}
	}
}

// gogc reads the collector's percent.
func gogc() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

// TestTuneGC: while the hub serves, GOGC follows the live heap after each
// collection: 400 for this test's small heap, less while it holds 130 MiB
// more, 400 again once it lets them go; stopping puts back what there was;
// a GOGC in the environment is left alone.
func TestTuneGC(t *testing.T) {
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	before := debug.SetGCPercent(130)
	defer debug.SetGCPercent(before)
	t.Setenv("GOGC", "")
	stop := tuneGC(quiet)
	if p := gogc(); p != 400 {
		t.Fatalf("serving, GOGC is %d, want 400", p)
	}
	// until collects until GOGC is within lo..hi (the finalizer runs on a
	// goroutine of its own, after the collection).
	until := func(what string, lo, hi int) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second)
		for p := gogc(); p < lo || p > hi; p = gogc() {
			if time.Now().After(deadline) {
				t.Fatalf("%s: GOGC is %d, want %d..%d", what, p, lo, hi)
			}
			runtime.GC()
			time.Sleep(10 * time.Millisecond)
		}
	}
	held := make([]byte, 130<<20)
	for i := range held {
		held[i] = byte(i)
	}
	until("130 MiB more held", 200, 275) // 512 MiB ÷ (130 + this test's heap): 3.7-3.9 fold
	runtime.KeepAlive(held)
	held = nil
	until("let go", 400, 400)
	stop()
	if p := gogc(); p != 130 {
		t.Errorf("after stop GOGC is %d, want 130 as before", p)
	}
	runtime.GC()
	time.Sleep(50 * time.Millisecond)
	if p := gogc(); p != 130 {
		t.Errorf("a collection after stop set GOGC to %d", p)
	}

	t.Setenv("GOGC", "150")
	stop = tuneGC(quiet)
	runtime.GC()
	time.Sleep(50 * time.Millisecond)
	if p := gogc(); p != 130 {
		t.Errorf("with GOGC set by the operator the hub set %d", p)
	}
	stop()
}
