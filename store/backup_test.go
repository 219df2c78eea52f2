package store_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gatepost/record"
	"gatepost/store"
	"gatepost/store/storetest"
)

// TestBackupWhileWriting takes a backup while another connection pool —
// the console, as far as SQLite can tell — saves records as fast as it can,
// then restores it as the README says and checks the restored log: its
// chain verifies, it holds exactly the records the backup reported, they
// are the live log's first records, and every save the writer was told
// succeeded did succeed, before, during and after the backup.
func TestBackupWhileWriting(t *testing.T) {
	ctx := context.Background()
	s, path := newStore(t)
	console, err := store.Open(path) // a second pool on the same file: the console
	if err != nil {
		t.Fatal(err)
	}
	defer console.Close()

	draft := func(i int) store.Draft {
		return store.Draft{Kind: record.Temperature, Gate: 1, Guard: "1001",
			At: time.Date(2026, 11, 29, 8, 0, 0, 0, cst).Add(time.Duration(i) * time.Second), Body: temp("S1", 360+i%10)}
	}
	appendOne := func(i int) error {
		_, err := console.Append(ctx, draft(i))
		return err
	}
	// Enough records that the copy takes a while (tens of milliseconds)
	// and the writer commits many times during it.
	const initial = 20000
	for i := 0; i < initial; i += 1000 {
		ds := make([]store.Draft, 1000)
		for j := range ds {
			ds[j] = draft(i + j)
		}
		if _, err := console.AppendBatch(ctx, ds); err != nil {
			t.Fatal(err)
		}
	}

	var saved atomic.Int64
	saved.Store(initial)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var werr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := initial; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if err := appendOne(i); err != nil {
				werr = err
				return
			}
			saved.Add(1)
		}
	}()
	// Let the writer get going, then back up under it.
	for saved.Load() < initial+50 {
		time.Sleep(time.Millisecond)
	}
	before := saved.Load()
	dest := filepath.Join(t.TempDir(), "backup.db")
	info, err := s.Backup(ctx, dest)
	during := saved.Load()
	// And keep writing after it, to show the backup left the writer well.
	for saved.Load() < during+50 {
		time.Sleep(time.Millisecond)
	}
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if werr != nil {
		t.Fatalf("a save failed while the backup ran: %v", werr)
	}
	after := saved.Load()
	t.Logf("backup of %d records (%d bytes) taken while the writer saved %d → %d; %d in all", info.Records, info.Bytes, before, during, after)
	if info.Records < before || info.Records > during || info.LastSeq != info.Records {
		t.Fatalf("backup holds %d records (last seq %d); %d were saved before it began, %d by its end",
			info.Records, info.LastSeq, before, during)
	}
	if fi, err := os.Stat(dest); err != nil || fi.Size() != info.Bytes {
		t.Fatalf("backup file: %v %v", fi, err)
	} else if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("backup file mode %v, want 0600", fi.Mode().Perm())
	}
	if n, err := s.Verify(ctx); err != nil || n != after {
		t.Fatalf("live log after the backup: %d records, %v; want %d", n, err, after)
	}

	// Restore: stop the console, move the live database aside with its
	// -wal and -shm (a stale WAL must never meet the restored file), copy
	// the backup in.
	console.Close()
	s.Close()
	aside := t.TempDir()
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if err := os.Rename(path+suffix, filepath.Join(aside, "terminal.db"+suffix)); err != nil && !errors.Is(err, os.ErrNotExist) {
			t.Fatal(err)
		}
	}
	storetest.CopyFile(t, dest, path)
	restored, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	n, err := restored.Verify(ctx)
	if err != nil || n != info.Records {
		t.Fatalf("restored log: %d records, %v; want %d, intact", n, err, info.Records)
	}
	if id, err := restored.Identity(ctx); err != nil || id.Terminal != testIdentity.Terminal {
		t.Fatalf("restored identity: %+v %v", id, err)
	}
	old, err := store.Open(filepath.Join(aside, "terminal.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	var a, b []record.Record
	restored.Each(ctx, info.Records-1, func(r record.Record) error { a = append(a, r); return nil })
	old.Each(ctx, info.Records-1, func(r record.Record) error { b = append(b, r); return nil })
	if len(a) != 1 || len(b) < 2 || a[0].Hash != b[0].Hash {
		t.Fatalf("the restored log is not the live log's prefix: %d %d", len(a), len(b))
	}
	// The restored terminal carries on its chain from the backup's head.
	if r, err := restored.Append(ctx, store.Draft{Kind: record.Temperature, Gate: 1, Guard: "1001",
		At: time.Date(2026, 11, 29, 9, 0, 0, 0, cst), Body: temp("S2", 365)}); err != nil || r.Seq != info.Records+1 {
		t.Fatalf("append after restore: seq %d, %v", r.Seq, err)
	}
	if n, err := restored.Verify(ctx); err != nil || n != info.Records+1 {
		t.Fatalf("after a new record: %d %v", n, err)
	}
}

func TestBackupNeverOverwrites(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	dir := t.TempDir()
	dest := filepath.Join(dir, "b.db")
	if err := os.WriteFile(dest, []byte("keep me"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Backup(ctx, dest); err == nil {
		t.Fatal("backup overwrote an existing file")
	}
	if b, _ := os.ReadFile(dest); string(b) != "keep me" {
		t.Fatalf("existing file changed: %q", b)
	}
	if _, err := s.Backup(ctx, filepath.Join(dir, "no", "such", "dir", "b.db")); err == nil {
		t.Fatal("backup into a missing directory succeeded")
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		t.Fatalf("left behind: %v", ents)
	}
}
