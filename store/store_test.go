package store_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gatepost/record"
	"gatepost/store"
)

func TestOpenCreatesPrivateFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "dir")
	path := filepath.Join(dir, "gatepost.db")
	s, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()

	mode := func(p string) os.FileMode {
		t.Helper()
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		return fi.Mode().Perm()
	}
	if m := mode(dir); m != 0o700 {
		t.Errorf("directory mode %o, want 700", m)
	}
	if m := mode(path); m != 0o600 {
		t.Errorf("database mode %o, want 600", m)
	}
	if err := s.Init(context.Background(), testIdentity); err != nil {
		t.Fatal(err)
	}
	mustAppend(t, s, store.Draft{Kind: record.Temperature, Gate: 1, Body: temp("S1", 365)})
	for _, suffix := range []string{"-wal", "-shm"} {
		if m := mode(path + suffix); m != 0o600 {
			t.Errorf("%s mode %o, want 600", suffix, m)
		}
	}
	if s.Path() != path {
		t.Errorf("Path() = %q, want %q", s.Path(), path)
	}
}

func TestMigrations(t *testing.T) {
	ctx := context.Background()
	files, err := filepath.Glob("migrations/*.sql")
	if err != nil || len(files) == 0 {
		t.Fatalf("no migrations found (%v)", err)
	}
	path := filepath.Join(t.TempDir(), "gatepost.db")

	s, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if v, err := s.SchemaVersion(ctx); err != nil || v != len(files) {
		t.Fatalf("schema version %d (%v), want %d", v, err, len(files))
	}
	if _, err := s.Identity(ctx); !errors.Is(err, store.ErrNotInitialised) {
		t.Fatalf("Identity on a new database: %v, want ErrNotInitialised", err)
	}
	if _, err := s.Append(ctx, store.Draft{Kind: record.Temperature, Gate: 1, Body: temp("S1", 365)}); !errors.Is(err, store.ErrNotInitialised) {
		t.Fatalf("Append before Init: %v, want ErrNotInitialised", err)
	}
	if err := s.Init(ctx, testIdentity); err != nil {
		t.Fatal(err)
	}
	r := mustAppend(t, s, store.Draft{Kind: record.Temperature, Gate: 1, Body: temp("S1", 365)})
	if err := s.SetSetting(ctx, "lang", "zh"); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	// Reopening finds the schema current: re-running 001 would fail on
	// CREATE TABLE, so a successful open with the data intact proves it did not.
	s, err = store.Open(path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	if v, err := s.SchemaVersion(ctx); err != nil || v != len(files) {
		t.Fatalf("schema version after reopen %d (%v), want %d", v, err, len(files))
	}
	id, err := s.Identity(ctx)
	if err != nil || id.Terminal != testIdentity.Terminal || id.FacilityName != testIdentity.FacilityName || !id.CreatedAt.Equal(testIdentity.CreatedAt) {
		t.Fatalf("identity after reopen %+v (%v)", id, err)
	}
	got, err := s.Get(ctx, r.ID)
	if err != nil || got.Hash != r.Hash {
		t.Fatalf("record after reopen: %+v (%v)", got, err)
	}
	if v, _ := s.Setting(ctx, "lang"); v != "zh" {
		t.Fatalf("setting after reopen %q", v)
	}
	if v, _ := s.Setting(ctx, "missing"); v != "" {
		t.Fatalf("unset setting %q", v)
	}
	s.Close()

	// A database written by a newer program is refused, not downgraded.
	raw := rawDB(t, path)
	if _, err := raw.Exec("PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	if s, err := store.Open(path); err == nil {
		s.Close()
		t.Fatal("opened a database with a newer schema")
	} else if !strings.Contains(err.Error(), "newer") {
		t.Fatalf("newer schema: %v", err)
	}
}

func TestOpenRejectsGarbage(t *testing.T) {
	path := filepath.Join(t.TempDir(), "gatepost.db")
	if err := os.WriteFile(path, []byte(strings.Repeat("not a database ", 100)), 0o600); err != nil {
		t.Fatal(err)
	}
	if s, err := store.Open(path); err == nil {
		s.Close()
		t.Fatal("opened a file that is not a database")
	}
}

func TestInit(t *testing.T) {
	ctx := context.Background()
	s, path := newStore(t)
	id, err := s.Identity(ctx)
	if err != nil || id.FacilityID != testIdentity.FacilityID || id.FacilityName != testIdentity.FacilityName ||
		id.Terminal != testIdentity.Terminal || id.HomeGate != testIdentity.HomeGate || !id.CreatedAt.Equal(testIdentity.CreatedAt) {
		t.Fatalf("Identity = %+v (%v), want %+v", id, err, testIdentity)
	}
	other := testIdentity
	other.Terminal = "T-GATE2-01"
	if err := s.Init(ctx, other); err == nil || !strings.Contains(err.Error(), "already initialised") {
		t.Fatalf("second Init: %v, want already initialised", err)
	}
	s.Close()
	s2, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	if err := s2.Init(ctx, other); err == nil {
		t.Fatal("Init after reopen succeeded")
	}
	if id, _ := s2.Identity(ctx); id.Terminal != testIdentity.Terminal {
		t.Fatalf("identity changed to %+v", id)
	}

	bad := []store.Identity{
		{FacilityName: "x", Terminal: "t", HomeGate: 1},
		{FacilityID: "f", Terminal: "t", HomeGate: 1},
		{FacilityID: "f", FacilityName: "x", HomeGate: 1},
		{FacilityID: "f", FacilityName: "x", Terminal: "t", HomeGate: 0},
		{FacilityID: "f", FacilityName: "x", Terminal: "t", HomeGate: 6},
	}
	fresh, err := store.Open(filepath.Join(t.TempDir(), "fresh.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer fresh.Close()
	for _, id := range bad {
		if err := fresh.Init(ctx, id); err == nil {
			t.Errorf("Init(%+v) succeeded", id)
		}
	}
	if _, err := fresh.Identity(ctx); !errors.Is(err, store.ErrNotInitialised) {
		t.Fatalf("a rejected Init left an identity: %v", err)
	}
}

func TestAppendChains(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	at := time.Date(2020, 1, 29, 8, 30, 15, 123_456_789, cst)
	var rs []record.Record
	for i := 0; i < 3; i++ {
		rs = append(rs, mustAppend(t, s, store.Draft{Kind: record.Passage, Gate: 1, At: at.Add(time.Duration(i) * time.Second), Body: passage("S1", true)}))
	}
	prev := ""
	for i, r := range rs {
		if r.Seq != int64(i+1) {
			t.Fatalf("record %d has seq %d", i, r.Seq)
		}
		if r.Prev != prev {
			t.Fatalf("seq %d: prev %q, want %q", r.Seq, r.Prev, prev)
		}
		if err := r.Check(); err != nil {
			t.Fatalf("seq %d: %v", r.Seq, err)
		}
		if r.Terminal != testIdentity.Terminal || r.Facility != testIdentity.FacilityID || r.Guard != "G001" {
			t.Fatalf("envelope %+v", r)
		}
		if r.AtString() != at.Add(time.Duration(i)*time.Second).Format(record.TimeLayout) {
			t.Fatalf("at %s", r.AtString())
		}
		got, err := s.Get(ctx, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Hash != r.Hash || got.AtString() != r.AtString() || string(got.Body) != string(r.Body) || got.Seq != r.Seq {
			t.Fatalf("stored %+v, returned %+v", got.Record, r)
		}
		prev = r.Hash
	}
	if n, err := s.LastSeq(ctx); err != nil || n != 3 {
		t.Fatalf("LastSeq = %d (%v)", n, err)
	}
	if n, err := s.Verify(ctx); err != nil || n != 3 {
		t.Fatalf("Verify = %d, %v", n, err)
	}

	// A caller-chosen id is kept; a zero At means now.
	id := record.NewID()
	before := time.Now().Truncate(time.Millisecond)
	r := mustAppend(t, s, store.Draft{Kind: record.Incident, Gate: 0, ID: id, Body: record.IncidentBody{Type: "fever"}})
	if r.ID != id || r.At.Before(before) || r.At.After(time.Now()) {
		t.Fatalf("id %s at %v", r.ID, r.At)
	}
	if _, err := s.Get(ctx, record.NewID()); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("Get of an unknown id: %v", err)
	}

	// Drafts the store refuses.
	for _, d := range []store.Draft{
		{Kind: "nonsense", Gate: 1, Body: struct{}{}},
		{Kind: record.Passage, Gate: 6, Body: struct{}{}},
		{Kind: record.Passage, Gate: -1, Body: struct{}{}},
		{Kind: record.Passage, Gate: 1, Body: func() {}},
	} {
		if _, err := s.Append(ctx, d); err == nil {
			t.Errorf("Append(%+v) succeeded", d)
		}
	}
	if n, _ := s.LastSeq(ctx); n != 4 {
		t.Fatalf("refused drafts changed LastSeq to %d", n)
	}
}

func TestAppendBatchAtomic(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	first := mustAppend(t, s, store.Draft{Kind: record.Temperature, Gate: 1, Body: temp("S0", 365)})

	batch := func(n int) []store.Draft {
		ds := make([]store.Draft, n)
		for i := range ds {
			ds[i] = store.Draft{Kind: record.Temperature, Gate: 1, Guard: "G001", Body: temp("S1", 360+i)}
		}
		return ds
	}
	rs, err := s.AppendBatch(ctx, batch(5))
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rs {
		if r.Seq != int64(i+2) {
			t.Fatalf("batch record %d has seq %d", i, r.Seq)
		}
	}
	if rs[0].Prev != first.Hash {
		t.Fatal("batch does not chain to the record before it")
	}

	tests := []struct {
		name string
		mut  func([]store.Draft)
	}{
		{"duplicate of an existing id at the end", func(ds []store.Draft) { ds[len(ds)-1].ID = first.ID }},
		{"duplicate id inside the batch", func(ds []store.Draft) { ds[3].ID, ds[6].ID = ds[2].ID, ds[2].ID }},
		{"bad kind in the middle", func(ds []store.Draft) { ds[4].Kind = "nonsense" }},
		{"bad body", func(ds []store.Draft) { ds[1].Body = make(chan int) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ds := batch(8)
			ds[2].ID = record.NewID()
			tt.mut(ds)
			if _, err := s.AppendBatch(ctx, ds); err == nil {
				t.Fatal("a bad batch was saved")
			}
			if n, _ := s.LastSeq(ctx); n != 6 {
				t.Fatalf("after a failed batch LastSeq = %d, want 6", n)
			}
			if _, err := s.Get(ctx, ds[2].ID); !errors.Is(err, store.ErrNotFound) {
				t.Fatalf("a record of the failed batch is stored: %v", err)
			}
		})
	}

	// The chain continues cleanly after the failures.
	r := mustAppend(t, s, store.Draft{Kind: record.Temperature, Gate: 1, Body: temp("S9", 365)})
	if r.Seq != 7 || r.Prev != rs[4].Hash {
		t.Fatalf("after failed batches: seq %d prev %s", r.Seq, r.Prev)
	}
	if n, err := s.Verify(ctx); err != nil || n != 7 {
		t.Fatalf("Verify = %d, %v", n, err)
	}
	if out, err := s.AppendBatch(ctx, nil); err != nil || len(out) != 0 {
		t.Fatalf("empty batch: %v, %v", out, err)
	}
}

// The database itself refuses to change a saved record, whoever asks.
func TestTriggersRefuseChanges(t *testing.T) {
	s, path := newStore(t)
	var rs []record.Record
	for i := 0; i < 3; i++ {
		rs = append(rs, mustAppend(t, s, store.Draft{Kind: record.Temperature, Gate: 1, Body: temp("S1", 365+i)}))
	}
	db := rawDB(t, path)
	stmts := []struct {
		name, sql string
	}{
		{"update body", `UPDATE records SET body = '{}' WHERE seq = 2`},
		{"update all", `UPDATE records SET guard = 'X'`},
		{"delete one", `DELETE FROM records WHERE seq = 3`},
		{"delete all", `DELETE FROM records`},
		{"upsert", `INSERT INTO records (seq, id, terminal, facility, kind, gate, guard, at, day, body, prev, hash)
			SELECT seq, id, terminal, facility, kind, gate, guard, at, day, '{}', prev, hash FROM records WHERE seq = 2
			ON CONFLICT (seq) DO UPDATE SET body = excluded.body`},
		{"replace by seq", `INSERT OR REPLACE INTO records (seq, id, terminal, facility, kind, gate, guard, at, day, body, prev, hash)
			VALUES (2, 'forged', 't', 'f', 'passage', 1, 'G', '2020-01-01T00:00:00.000Z', '2020-01-01', '{}', '', '')`},
		{"replace by id", `REPLACE INTO records (seq, id, terminal, facility, kind, gate, guard, at, day, body, prev, hash)
			SELECT 100, id, terminal, facility, kind, gate, guard, at, day, '{}', prev, hash FROM records WHERE seq = 1`},
	}
	for _, st := range stmts {
		t.Run(st.name, func(t *testing.T) {
			_, err := db.Exec(st.sql)
			if err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Fatalf("%s: %v, want the append-only refusal", st.name, err)
			}
		})
	}
	ctx := context.Background()
	if n, err := s.Verify(ctx); err != nil || n != 3 {
		t.Fatalf("after refused changes Verify = %d, %v", n, err)
	}
	for _, r := range rs {
		got, err := s.Get(ctx, r.ID)
		if err != nil || got.Hash != r.Hash || got.Seq != r.Seq || string(got.Body) != string(r.Body) {
			t.Fatalf("record %d changed: %+v (%v)", r.Seq, got.Record, err)
		}
	}
	// A plain new insert still works (the store's own path).
	if r := mustAppend(t, s, store.Draft{Kind: record.Temperature, Gate: 1, Body: temp("S1", 365)}); r.Seq != 4 {
		t.Fatalf("append after refused changes got seq %d", r.Seq)
	}
}

func TestSettings(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	for _, v := range []string{"37.3", "37.5"} {
		if err := s.SetSetting(ctx, "fever", v); err != nil {
			t.Fatal(err)
		}
		if got, err := s.Setting(ctx, "fever"); err != nil || got != v {
			t.Fatalf("Setting = %q (%v), want %q", got, err, v)
		}
	}
}
