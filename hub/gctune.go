package hub

import (
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	rtmetrics "runtime/metrics"
	"slices"
	"strconv"
	"strings"
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
// collects as it would at the default. A GOGC in the environment is the
// operator's choice and stands.
//
// A container (or a systemd unit with MemoryMax) may allow less than the
// room: there the hub also sets Go's memory limit to three quarters of its
// cgroup's (SQLite's page caches live outside Go's heap), unless GOMEMLIMIT
// is set, so that the collector works harder near it instead of the kernel
// killing the hub that ran fine at the default.
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
	// limitBefore is the memory limit before the first start.
	limitBefore int64
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
		g.limitBefore = debug.SetMemoryLimit(-1) // -1 reads it
		limit := int64(0)
		if os.Getenv("GOMEMLIMIT") == "" {
			if self, err := os.ReadFile(cgroupSelf); err == nil {
				limit = cgroupMemoryLimit(cgroupRoot, string(self)) / 4 * 3
			}
		}
		if limit > 0 {
			debug.SetMemoryLimit(limit)
		}
		logger.Info("garbage collector tuned", "heap_room_mib", gcRoom>>20, "gogc_from", gcMost, "gogc_to", 100,
			"memory_limit_mib", limit>>20, "override", "GOGC, GOMEMLIMIT")
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			g.Lock()
			defer g.Unlock()
			if g.users--; g.users == 0 {
				debug.SetGCPercent(g.before)
				debug.SetMemoryLimit(g.limitBefore)
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

// cgroupSelf and cgroupRoot are where the process's cgroup is read
// (tests point them at files of their own).
var cgroupSelf, cgroupRoot = "/proc/self/cgroup", "/sys/fs/cgroup"

// cgroupMemoryLimit is the memory limit of the cgroup whose line self (the
// text of /proc/self/cgroup) names, under root (/sys/fs/cgroup): cgroup
// v2's memory.max, else v1's memory.limit_in_bytes, each at the process's
// path and, in a container that sees only its own, at the root; 0 when
// there is none ("max", v1's "unlimited" near 2⁶³) or none can be read.
func cgroupMemoryLimit(root, self string) int64 {
	for line := range strings.Lines(self) {
		f := strings.SplitN(strings.TrimSpace(line), ":", 3)
		if len(f) != 3 {
			continue
		}
		var files []string
		switch {
		case f[0] == "0" && f[1] == "":
			files = []string{filepath.Join(root, f[2], "memory.max"), filepath.Join(root, "memory.max")}
		case slices.Contains(strings.Split(f[1], ","), "memory"):
			files = []string{filepath.Join(root, "memory", f[2], "memory.limit_in_bytes"), filepath.Join(root, "memory", "memory.limit_in_bytes")}
		default:
			continue
		}
		for _, p := range files {
			raw, err := os.ReadFile(p)
			if err != nil {
				continue
			}
			v := strings.TrimSpace(string(raw))
			n, err := strconv.ParseInt(v, 10, 64)
			if v == "max" || err != nil || n <= 0 || n >= 1<<60 {
				return 0
			}
			return n
		}
	}
	return 0
}
