package syncer_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"gatepost/hub"
	"gatepost/hub/hubtest"
	"gatepost/store"
	"gatepost/store/storetest"
	"gatepost/syncer"
)

// logBuf is a log sink safe for the hub's goroutines.
type logBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuf) Write(p []byte) (int, error) { l.mu.Lock(); defer l.mu.Unlock(); return l.b.Write(p) }
func (l *logBuf) String() string              { l.mu.Lock(); defer l.mu.Unlock(); return l.b.String() }

// TestHubRestoredFromBackupIsRefilled: the hub is backed up (VACUUM INTO,
// while it serves) after 500 records, takes 500 more, and is then restored
// from the backup. The terminal has nothing pending, yet its next sync finds
// the hub behind and sends the 500 again; the terminal's log and the hub's
// say so, and the hub ends with all 1,000, verified.
func TestHubRestoredFromBackupIsRefilled(t *testing.T) {
	ctx := context.Background()
	var hubLog, termLog logBuf
	h := hubtest.NewRestartable(t, slog.New(slog.NewTextHandler(&hubLog, nil)))
	token, err := hub.Provision(ctx, h.Storage(), "F1", "", "gate1")
	if err != nil {
		t.Fatal(err)
	}
	st := hubtest.NewTerminal(t, t.TempDir(), "F1", "gate1")
	defer st.Close()
	hubtest.Join(t, st, h.URL, token)
	loop, err := syncer.NewLoop(st, syncer.WithLogger(slog.New(slog.NewTextHandler(&termLog, nil))))
	if err != nil {
		t.Fatal(err)
	}
	sync := func() syncer.Result {
		t.Helper()
		res, err := loop.SyncNow(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	hubtest.Fill(t, st, day, 500)
	sync()

	backup := filepath.Join(t.TempDir(), "hub-backup.db")
	db, err := sql.Open("sqlite", h.Path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, backup); err != nil {
		t.Fatal(err)
	}
	db.Close()

	hubtest.Fill(t, st, day, 500)
	if res := sync(); res.Stored != 500 || res.Pending != 0 {
		t.Fatalf("second 500: %+v", res)
	}

	h.Stop()
	for _, ext := range []string{"-wal", "-shm"} {
		os.Remove(h.Path + ext)
	}
	storetest.CopyFile(t, backup, h.Path)
	h.Start()
	if ts, _ := h.Storage().Terminals(ctx); ts[0].Chain.HeadSeq != 500 {
		t.Fatalf("the restored hub holds up to %d", ts[0].Chain.HeadSeq)
	}

	res := sync() // nothing pending on the terminal
	if res.Refilled != 500 || res.RefillFrom != 500 || res.Stored != 500 || res.Pending != 0 {
		t.Fatalf("sync after the restore: %+v", res)
	}
	reps, err := hub.VerifyAll(ctx, h.Storage())
	if err != nil {
		t.Fatal(err)
	}
	if len(reps) != 1 || !reps[0].Intact() || reps[0].Records != 1000 {
		t.Fatalf("hub verify after the refill: %+v", reps)
	}
	if !strings.Contains(termLog.String(), "restored from a backup") || !strings.Contains(termLog.String(), "resent=500") {
		t.Errorf("the terminal's log does not say so:\n%s", termLog.String())
	}
	if !strings.Contains(hubLog.String(), "restored from a backup") || !strings.Contains(hubLog.String(), "missing=500") {
		t.Errorf("the hub's log does not say so:\n%s", hubLog.String())
	}
	// Once refilled, a sync sends nothing again.
	if res := sync(); res.Refilled != 0 || res.Sent != 0 {
		t.Fatalf("sync after the refill: %+v", res)
	}
}

// TestStatusShowsFork: the hub's fork report reaches the status the
// console's status bar reads, on the copy and on the original alike.
func TestStatusShowsFork(t *testing.T) {
	ctx := context.Background()
	h := hubtest.NewHub(t)
	token := h.Provision(t, "F1", "gate1")
	a := hubtest.NewTerminal(t, t.TempDir(), "F1", "gate1")
	defer a.Close()
	b := hubtest.NewTerminal(t, t.TempDir(), "F1", "gate1") // the same terminal, other records
	defer b.Close()
	hubtest.Join(t, a, h.URL, token)
	hubtest.Join(t, b, h.URL, token)
	hubtest.Fill(t, a, day, 10)
	hubtest.Fill(t, b, day, 12)
	la, err := syncer.NewLoop(a)
	if err != nil {
		t.Fatal(err)
	}
	lb, err := syncer.NewLoop(b)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := la.SyncNow(ctx); err != nil {
		t.Fatal(err)
	}
	if s := la.Status(); s.ForkSeq != 0 {
		t.Fatalf("a fork before any: %+v", s)
	}
	if _, err := lb.SyncNow(ctx); err != nil {
		t.Fatal(err)
	}
	if s := lb.Status(); s.ForkSeq != 1 || s.ForkReason == "" || !s.Online {
		t.Fatalf("the copy's status: %+v", s)
	}
	if _, err := la.SyncNow(ctx); err != nil {
		t.Fatal(err)
	}
	if s := la.Status(); s.ForkSeq != 1 {
		t.Fatalf("the original's status: %+v", s)
	}
}

// A terminal restored from a backup older than its last sync holds less of
// its chain than the hub: the next record saved would take a seq the hub
// holds with another record. Sync says so, and the status bar's Status
// carries it, before anything forks; the terminal that holds it all does not.
func TestTerminalRestoredFromOlderBackupIsFlagged(t *testing.T) {
	ctx := context.Background()
	h := hubtest.NewHub(t)
	token := h.Provision(t, "F1", "gate1")
	dir := t.TempDir()
	st := hubtest.NewTerminal(t, dir, "F1", "gate1")
	hubtest.Join(t, st, h.URL, token)
	hubtest.Fill(t, st, day, 5)
	if _, err := syncer.Once(ctx, st); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(t.TempDir(), "gate1.db")
	if _, err := st.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	hubtest.Fill(t, st, day, 3)
	res, err := syncer.Once(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	if res.HubAhead != 0 {
		t.Fatalf("the terminal holding its whole chain flagged: %+v", res)
	}
	st.Close()

	restored, err := store.OpenExisting(backup)
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	loop, err := syncer.NewLoop(restored)
	if err != nil {
		t.Fatal(err)
	}
	res, err = loop.SyncNow(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if res.HubAhead != 8 || res.ForkSeq != 0 {
		t.Fatalf("restored terminal's sync: %+v, want HubAhead 8 and no fork yet", res)
	}
	if s := loop.Status(); s.HubAhead != 8 {
		t.Fatalf("restored terminal's status: %+v", s)
	}
}

// Asked before a record is saved (the console asks before a sign-in's
// shift.open), the hub's head refuses a restored terminal's record before
// anything forks; the terminal holding its whole chain is let through, and
// so is a terminal whose hub cannot be reached (the post works offline),
// with only the log saying nothing was checked.
func TestCheckHeadBeforeTheFirstRecord(t *testing.T) {
	ctx := context.Background()
	h := hubtest.NewHub(t)
	token := h.Provision(t, "F1", "gate1")
	st := hubtest.NewTerminal(t, t.TempDir(), "F1", "gate1")
	hubtest.Join(t, st, h.URL, token)
	hubtest.Fill(t, st, day, 5)
	if _, err := syncer.Once(ctx, st); err != nil {
		t.Fatal(err)
	}
	backup := filepath.Join(t.TempDir(), "gate1.db")
	if _, err := st.Backup(ctx, backup); err != nil {
		t.Fatal(err)
	}
	hubtest.Fill(t, st, day, 3)
	if _, err := syncer.Once(ctx, st); err != nil {
		t.Fatal(err)
	}
	whole, err := syncer.NewLoop(st)
	if err != nil {
		t.Fatal(err)
	}
	if err := whole.CheckHead(ctx, 2*time.Second); err != nil {
		t.Fatalf("the terminal holding its whole chain: %v", err)
	}
	st.Close()

	restored, err := store.OpenExisting(backup)
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	var log logBuf
	loop, err := syncer.NewLoop(restored, syncer.WithLogger(slog.New(slog.NewTextHandler(&log, nil))))
	if err != nil {
		t.Fatal(err)
	}
	err = loop.CheckHead(ctx, 2*time.Second)
	var ahead *syncer.HubAheadError
	if !errors.As(err, &ahead) || ahead.HubHead != 8 || ahead.Local != 5 {
		t.Fatalf("restored terminal: %v, want the hub ahead at 8 over 5", err)
	}
	if s := loop.Status(); s.HubAhead != 8 {
		t.Fatalf("restored terminal's status after the check: %+v", s)
	}
	if !strings.Contains(log.String(), "hub_head=8") {
		t.Fatalf("log: %s", log.String())
	}

	// The hub gone: the check gives up within its timeout, says so in the
	// log only, and does not claim the hub is ahead.
	h.Server.Close()
	log = logBuf{}
	err = loop.CheckHead(ctx, 2*time.Second)
	if err == nil || errors.As(err, &ahead) {
		t.Fatalf("unreachable hub: %v, want an error that is not HubAheadError", err)
	}
	if !strings.Contains(log.String(), "nothing was checked") {
		t.Fatalf("log: %s", log.String())
	}
}

// A hub that accepts the connection but never answers is given up on at
// the timeout: the guard is never frozen waiting for it.
func TestCheckHeadGivesUpAtTheTimeout(t *testing.T) {
	ctx := context.Background()
	stall := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-stall:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(stall)
	st := hubtest.NewTerminal(t, t.TempDir(), "F1", "gate1")
	hubtest.Join(t, st, srv.URL, "token")
	loop, err := syncer.NewLoop(st)
	if err != nil {
		t.Fatal(err)
	}
	err = loop.CheckHead(ctx, 200*time.Millisecond)
	var ahead *syncer.HubAheadError
	if !errors.Is(err, context.DeadlineExceeded) || errors.As(err, &ahead) {
		t.Fatalf("stalled hub: %v, want the deadline", err)
	}
}

// TestChangesAfterHubRestore: a terminal pulled a notice published after
// the hub's backup, so its cursor is past every change value the restored
// hub holds. A notice published after the restore must still reach it: the
// restored hub's counter must not hand out values the terminal has already
// passed (it did: the new notice took the lost one's value, and the
// terminal, asking for what came after it, never got it).
func TestChangesAfterHubRestore(t *testing.T) {
	ctx := context.Background()
	h := hubtest.NewRestartable(t)
	token, err := hub.Provision(ctx, h.Storage(), "F1", "", "gate1")
	if err != nil {
		t.Fatal(err)
	}
	st := hubtest.NewTerminal(t, t.TempDir(), "F1", "gate1")
	defer st.Close()
	hubtest.Join(t, st, h.URL, token)
	const on = "2025-03-01"
	notice := func(id string) {
		t.Helper()
		if err := h.Storage().AddNotice(ctx, hub.Notice{ID: id, Facility: "F1", Title: "notice " + id, Day: on, PublishedAt: time.Now()}); err != nil {
			t.Fatal(err)
		}
	}
	pull := func() []string {
		t.Helper()
		if _, err := syncer.Once(ctx, st); err != nil {
			t.Fatal(err)
		}
		ns, err := st.Notices(ctx, on)
		if err != nil {
			t.Fatal(err)
		}
		var ids []string
		for _, n := range ns {
			ids = append(ids, n.ID)
		}
		return ids
	}
	notice("before")
	pull()

	backup := filepath.Join(t.TempDir(), "hub-backup.db")
	if _, err := hub.Backup(ctx, h.Storage(), backup); err != nil {
		t.Fatal(err)
	}
	notice("lost") // published after the backup: the restore loses it
	pull()

	h.Stop()
	for _, ext := range []string{"-wal", "-shm"} {
		os.Remove(h.Path + ext)
	}
	storetest.CopyFile(t, backup, h.Path)
	h.Start()
	notice("after")
	if got := pull(); !slices.Contains(got, "after") {
		t.Fatalf("the terminal holds notices %v: the one published after the restore never came", got)
	}
}
