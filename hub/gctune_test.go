package hub

import (
	"os"
	"path/filepath"
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
	before := debug.SetGCPercent(130)
	defer debug.SetGCPercent(before)
	t.Setenv("GOGC", "")
	stop := tuneGC(quietLog)
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
	stop = tuneGC(quietLog)
	runtime.GC()
	time.Sleep(50 * time.Millisecond)
	if p := gogc(); p != 130 {
		t.Errorf("with GOGC set by the operator the hub set %d", p)
	}
	stop()
}

// TestCgroupMemoryLimit: the limit of the cgroup the process is in, in
// cgroup v2 and v1 layouts, at the process's path or, in a container that
// sees only its own, at the root; none when unlimited or unreadable.
func TestCgroupMemoryLimit(t *testing.T) {
	for _, tc := range []struct {
		name, self string
		files      map[string]string
		want       int64
	}{
		{"v2 container", "0::/\n", map[string]string{"memory.max": "268435456\n"}, 256 << 20},
		{"v2 unit with MemoryMax", "0::/system.slice/gatepost-hub.service\n",
			map[string]string{"system.slice/gatepost-hub.service/memory.max": "1073741824\n", "memory.max": "max\n"}, 1 << 30},
		{"v2 unit without", "0::/system.slice/gatepost-hub.service\n",
			map[string]string{"system.slice/gatepost-hub.service/memory.max": "max\n"}, 0},
		{"v1", "5:devices:/x\n4:memory:/docker/abc\n0::/\n", map[string]string{"memory/docker/abc/memory.limit_in_bytes": "536870912\n"}, 512 << 20},
		{"v1 container seeing its own at the root", "4:memory:/docker/abc\n", map[string]string{"memory/memory.limit_in_bytes": "536870912"}, 512 << 20},
		{"v1 unlimited", "4:memory:/\n", map[string]string{"memory/memory.limit_in_bytes": "9223372036854771712\n"}, 0},
		{"v1 memory shared with another controller", "4:cpu,memory:/u\n", map[string]string{"memory/u/memory.limit_in_bytes": "100000000"}, 100000000},
		{"nothing readable", "0::/\n4:memory:/x\n", nil, 0},
		{"garbage", "0::/\n", map[string]string{"memory.max": "lots"}, 0},
	} {
		root := t.TempDir()
		writeFiles(t, root, tc.files)
		if got := cgroupMemoryLimit(root, tc.self); got != tc.want {
			t.Errorf("%s: %d, want %d", tc.name, got, tc.want)
		}
	}
}

// TestTuneGCInAContainer: in a cgroup limited to 400 MiB the hub sets Go's
// memory limit to three quarters of it while it serves and puts back the
// one before; with GOMEMLIMIT set it leaves the limit alone.
func TestTuneGCInAContainer(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"cgroup": "0::/\n", "sys/memory.max": "419430400\n"})
	defer func(s, r string) { cgroupSelf, cgroupRoot = s, r }(cgroupSelf, cgroupRoot)
	cgroupSelf, cgroupRoot = filepath.Join(dir, "cgroup"), filepath.Join(dir, "sys")
	limit := func() int64 { return debug.SetMemoryLimit(-1) } // -1 reads without changing
	before := limit()
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	stop := tuneGC(quietLog)
	if got := limit(); got != 300<<20 {
		t.Errorf("serving in 400 MiB: memory limit %d MiB, want 300", got>>20)
	}
	stop()
	if got := limit(); got != before {
		t.Errorf("after stop the memory limit is %d, want %d as before", got, before)
	}
	t.Setenv("GOMEMLIMIT", "1GiB")
	stop = tuneGC(quietLog)
	if got := limit(); got != before {
		t.Errorf("with GOMEMLIMIT set the hub set the limit to %d", got)
	}
	stop()
}

// writeFiles writes each file (its path under root: its text), with the
// directories it needs.
func writeFiles(t *testing.T, root string, files map[string]string) {
	t.Helper()
	for name, text := range files {
		p := filepath.Join(root, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
