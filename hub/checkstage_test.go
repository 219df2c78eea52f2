package hub

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"gatepost/hub/wire"
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

// TestPushGivesBackItsPlace: whatever becomes of a push — not a push, too
// many records, a fault of the hub while decoding it (a panic), a client
// that goes away while it waits for a place — the place it took in the
// check stage is given back, and one that never got a place gives none.
// A terminal's push and a facility hub's relayed push alike.
func TestPushGivesBackItsPlace(t *testing.T) {
	ctx := context.Background()
	st := tempSQLite(t)
	token, err := Provision(ctx, st, "F1", "", "gate1")
	if err != nil {
		t.Fatal(err)
	}
	relayToken, err := ProvisionRelay(ctx, st, "F2", "", "F2-hub")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ name, path, token string }{
		{"a terminal's push", wire.PathPush, token},
		{"a relayed push", wire.PathRelayPush, relayToken},
	} {
		t.Run(c.name, func(t *testing.T) { givesBackItsPlace(t, st, c.path, c.token) })
	}
}

func givesBackItsPlace(t *testing.T, st Storage, path, token string) {
	ctx := context.Background()
	s := NewServer(st, Options{Logger: quietLog})
	srv := httptest.NewServer(s)
	defer srv.Close()
	push := func(ctx context.Context, body string) (int, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, err
		}
		resp.Body.Close()
		return resp.StatusCode, nil
	}
	empty := func(what string) {
		t.Helper()
		deadline := time.Now().Add(10 * time.Second) // a guard against a hang, not a measurement
		for len(s.checking) != 0 {
			if time.Now().After(deadline) {
				t.Fatalf("%s: %d places still taken", what, len(s.checking))
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	if code, err := push(ctx, `{"records":`); err != nil || code != http.StatusBadRequest {
		t.Fatalf("not a push: %d %v", code, err)
	}
	empty("not a push")
	if code, err := push(ctx, `{"records":[`+strings.Repeat(`{},`, wire.MaxBatch)+`{}]}`); err != nil || code != http.StatusRequestEntityTooLarge {
		t.Fatalf("too many records: %d %v", code, err)
	}
	empty("too many records")
	testHookDecode = func() { panic("a fault of the hub") }
	code, err := push(ctx, `{"records":[]}`)
	testHookDecode = nil
	if err != nil || code != http.StatusInternalServerError {
		t.Fatalf("a panic while decoding: %d %v", code, err)
	}
	empty("a panic while decoding")

	// Every place taken: a push waits, and its client gives up.
	for range cap(s.checking) {
		s.checking <- struct{}{}
	}
	wctx, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	if _, err := push(wctx, `{"records":[]}`); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("a push waiting for a place answered (%v) while every place was taken", err)
	}
	if len(s.checking) != cap(s.checking) {
		t.Fatalf("%d places taken, want the %d this test holds: the push that went away gave back one it never took", len(s.checking), cap(s.checking))
	}
	for range cap(s.checking) {
		<-s.checking
	}
	empty("a client that went away while waiting")
}
