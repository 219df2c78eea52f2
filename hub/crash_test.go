package hub_test

import (
	"context"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"gatepost/hub"
	"gatepost/hub/hubtest"
	"gatepost/store"
	"gatepost/syncer"
)

func freeAddr(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

func child(t testing.TB, kind, db, addr string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), envChild+"="+kind, envDB+"="+db, envAddr+"="+addr)
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	return cmd
}

// startHubProcess runs the hub in a child process and waits until it answers.
func startHubProcess(t testing.TB, db, addr string) *exec.Cmd {
	t.Helper()
	cmd := child(t, "hub", db, addr)
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		resp, err := http.Get("http://" + addr + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				return cmd
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("the hub process did not come up")
	return nil
}

func pushedSum(t *testing.T, f *fleet) int64 {
	var n int64
	for _, st := range f.stores {
		c, err := st.SyncCounts(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		n += c.PushedSeq
	}
	return n
}

// TestHubKilledMidIngest kills the hub process with SIGKILL again and again
// while terminals push, restarting it on the same database and address each
// time. The terminals' loops resume by themselves; nothing is lost, nothing
// doubled.
func TestHubKilledMidIngest(t *testing.T) {
	terminals, perTerminal, kills := 6, 3000, 5
	if testing.Short() {
		terminals, perTerminal, kills = 3, 800, 2
	}
	db := filepath.Join(t.TempDir(), "hub.db")
	st, err := hub.OpenSQLite(db)
	if err != nil {
		t.Fatal(err)
	}
	addr := freeAddr(t)
	f := newFleet(t, st, "http://"+addr, terminals)
	st.Close()
	for _, ts := range f.stores {
		hubtest.Fill(t, ts, day, perTerminal)
	}
	total := int64(terminals * perTerminal)

	cmd := startHubProcess(t, db, addr)
	stop := f.run(t, loopOpts(50))
	defer stop()
	midway := 0
	rng := rand.New(rand.NewPCG(7, 11))
	for k := 0; k < kills; k++ {
		// Kill once the terminals are well into pushing again, at a random
		// instant after that: pushes are in flight, the hub mid-transaction.
		target := total * int64(k+1) / int64(kills+2)
		deadline := time.Now().Add(30 * time.Second)
		for pushedSum(t, f) < target && time.Now().Before(deadline) {
			time.Sleep(2 * time.Millisecond)
		}
		time.Sleep(time.Duration(rng.IntN(20)) * time.Millisecond)
		cmd.Process.Kill() // SIGKILL: no shutdown, no flush
		cmd.Wait()
		pushed := pushedSum(t, f)
		t.Logf("kill %d: terminals had %d of %d records answered", k+1, pushed, total)
		if pushed > 0 && pushed < total {
			midway++
		}
		time.Sleep(time.Duration(rng.IntN(100)) * time.Millisecond) // the hub stays down a moment
		cmd = startHubProcess(t, db, addr)
	}
	f.waitSynced(t, 50*time.Second)
	stop()
	// A graceful stop this time: SIGTERM, in-flight requests finish, exit 0.
	cmd.Process.Signal(syscall.SIGTERM)
	if err := cmd.Wait(); err != nil {
		t.Fatalf("graceful shutdown: %v", err)
	}
	if midway == 0 {
		t.Fatal("no kill landed while records were being pushed")
	}
	st, err = hub.OpenSQLite(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	f.checkExactlyOnce(t, st, perTerminal)
}

// TestTerminalKilledMidSync kills a terminal's sync process with SIGKILL in
// the middle of pushing, again and again, with the guard writing more in
// between; then a final sync runs to the end. The hub holds every record
// exactly once and the terminal has nothing pending.
func TestTerminalKilledMidSync(t *testing.T) {
	rounds, perRound := 5, 1500
	if testing.Short() {
		rounds, perRound = 2, 1000
	}
	h := hubtest.NewHub(t)
	f := newFleet(t, h.Storage, h.URL, 1)
	path := f.stores[0].Path()
	f.stores[0].Close()

	rng := rand.New(rand.NewPCG(3, 5))
	midway := 0
	for k := 0; k < rounds; k++ {
		ts, err := store.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		hubtest.Fill(t, ts, day, perRound)
		ts.Close()
		start := int64(k * perRound)
		cmd := child(t, "terminal", path, "")
		// Watch the push cursor from here (SQLite allows a second process)
		// and kill the sync once it has moved, at a random instant after.
		watch, err := store.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		deadline := time.Now().Add(20 * time.Second)
		for time.Now().Before(deadline) {
			if c, err := watch.SyncCounts(context.Background()); err == nil && c.PushedSeq > start {
				break
			}
			time.Sleep(time.Millisecond)
		}
		time.Sleep(time.Duration(rng.IntN(15)) * time.Millisecond)
		cmd.Process.Kill()
		cmd.Wait()
		c, err := watch.SyncCounts(context.Background())
		watch.Close()
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("kill %d: %d of %d records answered", k+1, c.PushedSeq, c.LastSeq)
		if c.PushedSeq > start && c.PushedSeq < c.LastSeq {
			midway++
		}
	}
	if midway == 0 {
		t.Fatal("no kill landed in the middle of a sync")
	}
	ts, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	f.stores[0] = ts
	t.Cleanup(func() { ts.Close() })
	res, err := syncer.Once(context.Background(), ts)
	if err != nil || res.Pending != 0 {
		t.Fatalf("final sync %+v %v", res, err)
	}
	f.checkExactlyOnce(t, h.Storage, rounds*perRound)
}
