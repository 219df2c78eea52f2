package hub

import (
	"log/slog"
	"os"
	"runtime"
	"runtime/debug"
	rtmetrics "runtime/metrics"
	"sync"
)

// The hub's garbage collector. Go collects each time the heap has grown by
// GOGC percent (100 unless set) of what was live after the collection
// before. A hub's live heap is small, tens of MB, and most of what it
// allocates is a push's garbage: at the default it collects many times a
// second under load. Let the heap grow to gcRoom before collecting and it
// spends less of its CPU on it (BenchmarkSyncUnderLoadHubProcess at GOGC
// 400: 11% less CPU a record pushed), which is what a push at shift change
// waits for on a machine whose cores are busy.
//
// So while it serves, the hub sets GOGC after each collection to what lets
// the live heap grow to gcRoom, between 100 and gcMost: gcMost while the
// live heap is under a fifth of the room, less as it grows, and Go's
// default from half the room on. A hub's heap goal is never more than the
// larger of gcRoom and what it would be at the default, and a large hub
// collects as it would at the default. A GOGC in the environment is the operator's choice
// and stands.
const (
	gcRoom = 512 << 20 // bytes
	gcMost = 400       // percent
)

// gcPercent is the GOGC that lets a live heap of live bytes grow to gcRoom,
// within 100..gcMost, in steps of 25 (a step is a call into the runtime).
func gcPercent(live uint64) int {
	if live == 0 {
		return gcMost
	}
	p := int((float64(gcRoom)/float64(live) - 1) * 100)
	return min(max(p/25*25, 100), gcMost)
}

// gcCycle is the object whose finalizer runs after each collection: it
// holds a pointer so that it is never combined with other small objects
// (whose finalizers may then never run).
type gcCycle struct{ _ *byte }

// gcTuning is the process's one tuning: a process serving twice (tests do)
// tunes once, from the first start to the last stop.
var gcTuning struct {
	sync.Mutex
	users  int
	cur    int // the GOGC set
	before int // the GOGC before the first start
}

// tuneGC keeps GOGC at gcPercent of the live heap, as measured after each
// collection, until the returned stop is called, which puts back the GOGC
// there was before. With GOGC set in the environment it does nothing.
func tuneGC(logger *slog.Logger) (stop func()) {
	if os.Getenv("GOGC") != "" {
		return func() {}
	}
	g := &gcTuning
	g.Lock()
	defer g.Unlock()
	if g.users++; g.users == 1 {
		g.cur = gcMost
		g.before = debug.SetGCPercent(g.cur)
		runtime.SetFinalizer(&gcCycle{}, afterGC)
		logger.Info("garbage collector tuned", "heap_room_mib", gcRoom>>20, "gogc_from", gcMost, "gogc_to", 100, "override", "GOGC")
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			g.Lock()
			defer g.Unlock()
			if g.users--; g.users == 0 {
				debug.SetGCPercent(g.before)
			}
		})
	}
}

// afterGC runs after each collection while the hub serves: it sets GOGC
// by the live heap, and itself to run after the next.
func afterGC(c *gcCycle) {
	g := &gcTuning
	g.Lock()
	defer g.Unlock()
	if g.users == 0 {
		return // stopped: the object is let go
	}
	live := []rtmetrics.Sample{{Name: "/gc/heap/live:bytes"}}
	rtmetrics.Read(live)
	if live[0].Value.Kind() == rtmetrics.KindUint64 {
		if p := gcPercent(live[0].Value.Uint64()); p != g.cur {
			g.cur = p
			debug.SetGCPercent(p)
		}
	}
	runtime.SetFinalizer(c, afterGC)
}
