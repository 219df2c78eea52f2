package hub_test

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"gatepost/hub"
	"gatepost/hub/hubtest"
	"gatepost/hub/pgtest"
	"gatepost/store"
	"gatepost/syncer"
)

// TestHubBackupWhileServing backs a SQLite hub up while three terminals
// push to it over HTTP, restores the copy as the README says (the file
// copied back), and checks that every chain in it verifies and that it
// holds the records the backup counted: no more than the hub had at the
// end, no fewer than it had before the backup began.
func TestHubBackupWhileServing(t *testing.T) {
	ctx := context.Background()
	h := hubtest.NewHub(t)
	// Each terminal has 1,000 records on the hub before the backup and
	// 2,000 more that it pushes, in small batches, while the backup runs.
	var terms []*store.Store
	for _, name := range []string{"gate1", "gate2", "gate3"} {
		token := h.Provision(t, "F1", name)
		st := hubtest.NewTerminal(t, t.TempDir(), "F1", name)
		t.Cleanup(func() { st.Close() })
		hubtest.Join(t, st, h.URL, token)
		hubtest.Fill(t, st, time.Now(), 1000)
		if _, err := syncer.Once(ctx, st); err != nil {
			t.Fatal(err)
		}
		hubtest.Fill(t, st, time.Now(), 2000)
		terms = append(terms, st)
	}
	st0, _ := h.Storage.Stats(ctx)

	// The rest is pushed in small batches while the backup runs.
	var wg sync.WaitGroup
	errs := make(chan error, len(terms))
	start := make(chan struct{})
	for _, st := range terms {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			if _, err := syncer.Once(ctx, st, syncer.WithSyncOptions(syncer.SyncOptions{BatchSize: 50})); err != nil {
				errs <- err
			}
		}()
	}
	close(start)
	time.Sleep(20 * time.Millisecond) // let the pushes begin
	dest := filepath.Join(t.TempDir(), "hub-backup.db")
	info, err := hub.Backup(ctx, h.Storage, dest)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatalf("a terminal's sync failed during the backup: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	stEnd, _ := h.Storage.Stats(ctx)
	t.Logf("hub backup: %d records (%d bytes); the hub held %d before it and %d after the pushes", info.Records, info.Bytes, st0.Records, stEnd.Records)
	if stEnd.Records != 9000 || info.Records < st0.Records || info.Records > stEnd.Records || info.Terminals != 3 {
		t.Fatalf("backup %+v; hub had %d before, %d at the end", info, st0.Records, stEnd.Records)
	}

	// Restore: the hub stopped, its database moved aside with -wal and
	// -shm, the backup copied in; `hub verify` then reads it.
	restoredPath := filepath.Join(t.TempDir(), "hub.db")
	in, err := os.Open(dest)
	if err != nil {
		t.Fatal(err)
	}
	out, err := os.OpenFile(restoredPath, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	in.Close()
	out.Close()
	restored, err := hub.OpenSQLite(restoredPath)
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	reports, err := hub.VerifyAll(ctx, restored)
	if err != nil {
		t.Fatal(err)
	}
	var held int64
	for _, r := range reports {
		if !r.Intact() {
			t.Errorf("restored chain %+v not intact", r)
		}
	}
	s, _ := restored.Stats(ctx)
	held = s.Records
	if len(reports) != 3 || held != info.Records {
		t.Fatalf("restored hub: %d chains, %d records; backup said %d", len(reports), held, info.Records)
	}
}

func TestHubBackupPostgresRefused(t *testing.T) {
	st, err := hub.OpenStorage(context.Background(), pgtest.Schema(t))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	dest := filepath.Join(t.TempDir(), "b.db")
	if _, err := hub.Backup(context.Background(), st, dest); !errors.Is(err, hub.ErrBackupPostgres) {
		t.Fatalf("PostgreSQL backup: %v", err)
	}
	if _, err := os.Stat(dest); err == nil {
		t.Fatal("a file was written")
	}
}
