package hub

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
)

// TestCheckStageInOrder: pushes waiting for a place in the check stage get
// it in the order they came, a place is given back only once the push's
// checks are done, and a push whose client went away stops waiting without
// taking one.
func TestCheckStageInOrder(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		c := make(checkStage, 2)
		ctx := context.Background()
		for range 2 {
			if err := c.enter(ctx); err != nil {
				t.Fatal(err)
			}
		}
		var mu sync.Mutex
		var got []int
		admitted := func() []int {
			mu.Lock()
			defer mu.Unlock()
			return slices.Clone(got)
		}
		gone, cancel := context.WithCancel(ctx)
		goneErr := make(chan error, 1)
		for i := range 4 {
			if i == 2 {
				// A client that goes away while it waits, between the others.
				go func() { goneErr <- c.enter(gone) }()
				synctest.Wait()
			}
			go func() {
				if err := c.enter(ctx); err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				got = append(got, i)
				mu.Unlock()
			}()
			synctest.Wait() // i waits before i+1 comes
		}
		cancel()
		synctest.Wait()
		if err := <-goneErr; !errors.Is(err, context.Canceled) {
			t.Fatalf("a waiter whose client went away: %v, want context.Canceled", err)
		}

		checking := &pushChecks{}
		checking.wg.Add(1)
		c.leaveOnceChecked(checking)
		synctest.Wait()
		if a := admitted(); len(a) != 0 {
			t.Fatalf("a place was given back before the push's checks were done: %v let in", a)
		}
		checking.wg.Done()
		synctest.Wait()
		if a := admitted(); !slices.Equal(a, []int{0}) {
			t.Fatalf("after one place was given back: %v let in, want [0]", a)
		}
		for range 3 {
			c.leaveOnceChecked(nil) // a push with no checks to wait for
			synctest.Wait()
		}
		if a := admitted(); !slices.Equal(a, []int{0, 1, 2, 3}) {
			t.Fatalf("let in %v, want [0 1 2 3]: in the order they came, the one that went away skipped", a)
		}
		if len(c) != 2 {
			t.Fatalf("%d places taken, want 2 (the last two let in)", len(c))
		}
	})
}
