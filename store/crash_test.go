package store_test

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"gatepost/record"
	"gatepost/store"
)

// envCrashDB tells the test binary it is the crash child and where the store is.
const envCrashDB = "GATEPOST_CRASH_CHILD_DB"

// TestCrashChild is not a test on its own: TestCrash runs the test binary
// again with only this test selected, as a process to kill. It appends
// records in a loop and prints "saved <seq> <id>" once each Append returns,
// which is the moment the console would say "saved".
func TestCrashChild(t *testing.T) {
	path := os.Getenv(envCrashDB)
	if path == "" {
		t.Skip("run by TestCrash as a child process")
	}
	fail := func(err error) {
		fmt.Fprintln(os.Stderr, "crash child:", err)
		os.Exit(3)
	}
	ctx := context.Background()
	s, err := store.Open(path)
	if err != nil {
		fail(err)
	}
	// os.Stdout is unbuffered: each line is one write(2), out before the next Append.
	say := func(r record.Record) {
		if _, err := fmt.Fprintf(os.Stdout, "saved %d %s\n", r.Seq, r.ID); err != nil {
			os.Exit(4) // the parent is gone
		}
	}
	deadline := time.Now().Add(30 * time.Second) // never outlive a lost parent for long
	for i := 0; time.Now().Before(deadline); i++ {
		d := store.Draft{Kind: record.Passage, Gate: 1 + i%5, Guard: "G001", Body: passage(fmt.Sprintf("S%d", i), i%7 != 0)}
		if i%4 == 3 {
			// Sometimes a batch: all three are saved or none is.
			rs, err := s.AppendBatch(ctx, []store.Draft{d, d, d})
			if err != nil {
				fail(err)
			}
			for _, r := range rs {
				say(r)
			}
			continue
		}
		r, err := s.Append(ctx, d)
		if err != nil {
			fail(err)
		}
		say(r)
	}
	fail(errors.New("not killed within 30 s"))
}

// TestCrash kills a process that is appending, at a random moment, again and
// again, and checks after each kill that the chain is intact and that every
// record the process reported saved is there with the seq it reported.
func TestCrash(t *testing.T) {
	if os.Getenv(envCrashDB) != "" {
		t.Skip("in the child")
	}
	rounds := 30
	if testing.Short() {
		rounds = 5
	}
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "gatepost.db")
	s, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Init(ctx, testIdentity); err != nil {
		t.Fatal(err)
	}
	s.Close()

	saved := map[int64]string{} // every seq any child reported saved, over all rounds
	var last int64
	for round := 0; round < rounds; round++ {
		reported, stderr := runAndKill(t, path)
		if len(reported) == 0 {
			t.Fatalf("round %d: the child reported nothing saved; stderr:\n%s", round, stderr)
		}
		for i, r := range reported {
			if want := last + 1 + int64(i); r.seq < want {
				t.Fatalf("round %d: child reported seq %d after the log already held %d", round, r.seq, want-1)
			}
			saved[r.seq] = r.id
		}

		s, err := store.Open(path)
		if err != nil {
			t.Fatalf("round %d: open after kill: %v", round, err)
		}
		n, err := s.Verify(ctx)
		if err != nil {
			s.Close()
			t.Fatalf("round %d: Verify after kill: %v", round, err)
		}
		lastSeq, err := s.LastSeq(ctx)
		if err != nil || lastSeq != n {
			s.Close()
			t.Fatalf("round %d: LastSeq %d (%v), Verify counted %d", round, lastSeq, err, n)
		}
		top := reported[len(reported)-1].seq
		// The kill may land after a commit and before its line: at most one
		// more call's worth (a batch of 3) than was reported.
		if lastSeq < top || lastSeq > top+3 {
			s.Close()
			t.Fatalf("round %d: log ends at seq %d, child reported up to %d", round, lastSeq, top)
		}
		for seq, id := range saved {
			r, err := s.Get(ctx, id)
			if err != nil || r.Seq != seq {
				s.Close()
				t.Fatalf("round %d: record %s reported saved as seq %d: got seq %d, %v", round, id, seq, r.Seq, err)
			}
		}
		s.Close()
		last = lastSeq
	}
	t.Logf("%d kills, %d records reported saved, log ends at seq %d", rounds, len(saved), last)
}

type savedLine struct {
	seq int64
	id  string
}

// runAndKill starts the child on path, SIGKILLs it 5–150 ms after its first
// "saved" line, and returns the lines it printed before dying.
func runAndKill(t *testing.T, path string) ([]savedLine, string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), envCrashDB+"="+path)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	guard := time.AfterFunc(20*time.Second, func() { cmd.Process.Kill() })
	defer guard.Stop()

	var lines []savedLine
	var killer *time.Timer
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		var l savedLine
		if n, _ := fmt.Sscanf(sc.Text(), "saved %d %s", &l.seq, &l.id); n != 2 {
			continue // the test framework's own output, if any
		}
		if killer == nil {
			delay := 5*time.Millisecond + rand.N(146*time.Millisecond)
			killer = time.AfterFunc(delay, func() { cmd.Process.Signal(syscall.SIGKILL) })
		}
		lines = append(lines, l)
	}
	if killer != nil {
		defer killer.Stop()
	}
	err = cmd.Wait()
	var ee *exec.ExitError
	if !errors.As(err, &ee) {
		t.Fatalf("child was not killed: %v; stderr:\n%s", err, stderr.String())
	}
	if ws, ok := ee.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("child ended with %v, not by SIGKILL; stderr:\n%s", err, stderr.String())
	}
	return lines, stderr.String()
}
