package syncer_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"gatepost/hub"
	"gatepost/hub/hubtest"
	"gatepost/store"
	"gatepost/syncer"
)

// fast makes a loop react in milliseconds instead of seconds.
var fast = []syncer.Option{
	syncer.WithPoll(20 * time.Millisecond),
	syncer.WithBackoff(10*time.Millisecond, 200*time.Millisecond),
	syncer.WithIdleSync(200 * time.Millisecond),
	syncer.WithClientOptions(syncer.ClientOptions{Timeout: 5 * time.Second}),
}

// watch records every status the loop publishes.
type watch struct {
	mu  sync.Mutex
	all []syncer.Status
}

func (w *watch) run(ctx context.Context, l *syncer.Loop) {
	for {
		select {
		case <-ctx.Done():
			return
		case s := <-l.Updates():
			w.mu.Lock()
			w.all = append(w.all, s)
			w.mu.Unlock()
		}
	}
}

func (w *watch) saw(f func(syncer.Status) bool) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, s := range w.all {
		if f(s) {
			return true
		}
	}
	return false
}

// eventually waits up to d for cond, failing with what the loop says.
func eventually(t *testing.T, l *syncer.Loop, d time.Duration, what string, cond func(syncer.Status) bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for time.Now().Before(deadline) {
		if cond(l.Status()) {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
	t.Fatalf("%s: not within %v; status %+v", what, d, l.Status())
}

func startLoop(t *testing.T, st *store.Store, opts ...syncer.Option) (*syncer.Loop, *watch, context.CancelFunc) {
	t.Helper()
	l, err := syncer.NewLoop(st, append(append([]syncer.Option(nil), fast...), opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	w := &watch{}
	var wg sync.WaitGroup
	wg.Add(2)
	go func() { defer wg.Done(); l.Run(ctx) }()
	go func() { defer wg.Done(); w.run(ctx, l) }()
	stop := func() { cancel(); wg.Wait() }
	t.Cleanup(stop)
	return l, w, stop
}

// The status bar must tell the truth: offline when the hub is down, and
// back online by itself — without a key press — when the hub returns.
func TestLoopGoesOfflineAndResumesByItself(t *testing.T) {
	ctx := context.Background()
	h := hubtest.NewRestartable(t)
	token, err := hub.Provision(ctx, h.Storage(), "F1", "", "gate1")
	if err != nil {
		t.Fatal(err)
	}
	st := hubtest.NewTerminal(t, t.TempDir(), "F1", "gate1")
	defer st.Close()
	hubtest.Join(t, st, h.URL, token)
	hubtest.Fill(t, st, day, 300)

	l, w, stop := startLoop(t, st)
	eventually(t, l, 10*time.Second, "first sync", func(s syncer.Status) bool {
		return s.Online && s.Pending == 0 && !s.LastOK.IsZero()
	})
	firstOK := l.Status().LastOK

	h.Stop()
	hubtest.Fill(t, st, day, 50) // the guard keeps working while the hub is down
	eventually(t, l, 10*time.Second, "offline", func(s syncer.Status) bool {
		return !s.Online && s.Pending == 50 && s.LastErr != ""
	})
	if s := l.Status(); !s.LastOK.Equal(firstOK) {
		t.Fatalf("LastOK moved while offline: %v", s.LastOK)
	}
	time.Sleep(300 * time.Millisecond) // several failed attempts, backing off
	if s := l.Status(); s.Online || s.Pending != 50 {
		t.Fatalf("while down: %+v", s)
	}

	h.Start()
	eventually(t, l, 10*time.Second, "resumed by itself", func(s syncer.Status) bool {
		return s.Online && s.Pending == 0 && s.LastErr == "" && s.LastOK.After(firstOK)
	})
	stop()
	if !w.saw(func(s syncer.Status) bool { return !s.Online && s.Pending == 50 }) {
		t.Error("Updates never delivered the offline state")
	}
	if !w.saw(func(s syncer.Status) bool { return s.Syncing }) {
		t.Error("Updates never showed a sync running")
	}
	ts, err := h.Storage().Terminals(ctx)
	if err != nil || ts[0].Chain.Stored != 350 || !ts[0].Chain.Intact() {
		t.Fatalf("hub holds %+v %v", ts, err)
	}
}

func TestLoopNotConfiguredThenJoined(t *testing.T) {
	h := hubtest.NewHub(t)
	token := h.Provision(t, "F1", "gate1")
	st := hubtest.NewTerminal(t, t.TempDir(), "F1", "gate1")
	defer st.Close()
	hubtest.Fill(t, st, day, 20)

	l, _, _ := startLoop(t, st)
	if s := l.Status(); s.Configured || s.Online || s.Pending != 20 {
		t.Fatalf("before join: %+v", s)
	}
	if _, err := l.SyncNow(context.Background()); err == nil {
		t.Fatal("SyncNow without a hub succeeded")
	}
	time.Sleep(100 * time.Millisecond)
	if s := l.Status(); s.Configured || s.Pending != 20 {
		t.Fatalf("still not joined: %+v", s)
	}
	// `gatepost join` in another process while the console runs.
	if _, err := syncer.Join(context.Background(), st, h.URL, token, nil, syncer.ClientOptions{}); err != nil {
		t.Fatal(err)
	}
	eventually(t, l, 10*time.Second, "join noticed", func(s syncer.Status) bool {
		return s.Configured && s.Online && s.Pending == 0
	})
}

func TestKickSyncsNow(t *testing.T) {
	h := hubtest.NewHub(t)
	token := h.Provision(t, "F1", "gate1")
	st := hubtest.NewTerminal(t, t.TempDir(), "F1", "gate1")
	defer st.Close()
	hubtest.Join(t, st, h.URL, token)
	// Poll and idle sync so slow that only a kick can explain a sync.
	l, _, _ := startLoop(t, st, syncer.WithPoll(time.Hour), syncer.WithIdleSync(time.Hour))
	eventually(t, l, 5*time.Second, "first sync", func(s syncer.Status) bool { return s.Online })
	hubtest.Fill(t, st, day, 10)
	time.Sleep(100 * time.Millisecond)
	if s := l.Status(); s.Pending != 0 {
		t.Fatalf("pending counted without a poll? %+v", s)
	}
	before := l.Status().LastOK
	l.Kick()
	l.Kick() // never blocks, however often
	eventually(t, l, 5*time.Second, "kicked sync", func(s syncer.Status) bool {
		return s.Online && s.Pending == 0 && s.LastOK.After(before)
	})
	c, _ := st.SyncCounts(context.Background())
	if c.Pending != 0 {
		t.Fatalf("store still has %d pending", c.Pending)
	}
}

func TestRevokedTokenShown(t *testing.T) {
	ctx := context.Background()
	h := hubtest.NewHub(t)
	token := h.Provision(t, "F1", "gate1")
	st := hubtest.NewTerminal(t, t.TempDir(), "F1", "gate1")
	defer st.Close()
	hubtest.Join(t, st, h.URL, token)
	if err := h.Storage.RevokeTerminal(ctx, hub.TerminalKey{Facility: "F1", Name: "gate1"}, time.Now()); err != nil {
		t.Fatal(err)
	}
	hubtest.Fill(t, st, day, 5)
	l, _, _ := startLoop(t, st)
	eventually(t, l, 5*time.Second, "refusal shown", func(s syncer.Status) bool {
		return s.Configured && !s.Online && strings.Contains(s.LastErr, "token") && s.Pending == 5
	})
	if _, err := l.SyncNow(ctx); !syncer.Unauthorized(err) {
		t.Fatalf("SyncNow: %v", err)
	}
}

// Updates keeps only the latest value: a reader that looks late sees the
// current status, and the loop was never held up meanwhile.
func TestUpdatesLatestValue(t *testing.T) {
	h := hubtest.NewHub(t)
	token := h.Provision(t, "F1", "gate1")
	st := hubtest.NewTerminal(t, t.TempDir(), "F1", "gate1")
	defer st.Close()
	hubtest.Join(t, st, h.URL, token)
	l, err := syncer.NewLoop(st, fast...)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go l.Run(ctx)
	for i := 0; i < 5; i++ { // many changes, nobody reading
		hubtest.Fill(t, st, day, 3)
		l.Kick()
		time.Sleep(30 * time.Millisecond)
	}
	eventually(t, l, 5*time.Second, "synced", func(s syncer.Status) bool { return s.Online && s.Pending == 0 && !s.Syncing })
	time.Sleep(50 * time.Millisecond)
	var last syncer.Status
	for drained := false; !drained; {
		select {
		case last = <-l.Updates():
		default:
			drained = true
		}
	}
	if last != l.Status() {
		t.Fatalf("latest update %+v, status %+v", last, l.Status())
	}
}

// The console's Ctrl+S while the loop is syncing: both finish, nothing is
// sent twice by the terminal's own bookkeeping.
func TestSyncNowDuringRun(t *testing.T) {
	ctx := context.Background()
	h := hubtest.NewHub(t)
	token := h.Provision(t, "F1", "gate1")
	st := hubtest.NewTerminal(t, t.TempDir(), "F1", "gate1")
	defer st.Close()
	hubtest.Join(t, st, h.URL, token)
	hubtest.Fill(t, st, day, 3000)
	l, _, _ := startLoop(t, st, syncer.WithSyncOptions(syncer.SyncOptions{BatchSize: 100}))
	var sent int64
	for i := 0; i < 3; i++ {
		res, err := l.SyncNow(ctx)
		if err != nil {
			t.Fatal(err)
		}
		sent += res.Sent
	}
	eventually(t, l, 10*time.Second, "synced", func(s syncer.Status) bool { return s.Pending == 0 && s.Online })
	ts, _ := h.Storage.Terminals(ctx)
	if ts[0].Chain.Stored != 3000 || !ts[0].Chain.Intact() {
		t.Fatalf("hub %+v", ts[0].Chain)
	}
	if sent > 3000 {
		t.Fatalf("SyncNow calls sent %d records: the loop and SyncNow overlapped", sent)
	}
}
