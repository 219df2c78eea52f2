package sqlitedb

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

var twoSteps = fstest.MapFS{
	"m/001_a.sql": {Data: []byte("CREATE TABLE a (x INTEGER);")},
	"m/002_b.sql": {Data: []byte("CREATE TABLE b (y INTEGER);")},
}

func TestOpenMigratesOnceAndRefusesNewerSchema(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sub", "x.db")
	w, r, err := Open(ctx, path, Options{Migrations: twoSteps, Glob: "m/*.sql"})
	if err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, %v", fi.Mode(), err)
	}
	var v int
	if err := r.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil || v != 2 {
		t.Fatalf("user_version %d, %v", v, err)
	}
	if _, err := r.ExecContext(ctx, "INSERT INTO a VALUES (1)"); err == nil {
		t.Fatal("the read pool accepted a write")
	}
	if _, err := w.ExecContext(ctx, "PRAGMA user_version = 9"); err != nil {
		t.Fatal(err)
	}
	w.Close()
	r.Close()
	if _, _, err := Open(ctx, path, Options{Migrations: twoSteps, Glob: "m/*.sql"}); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Fatalf("a newer schema was not refused: %v", err)
	}
}

func TestBrokenMigrationLeavesVersion(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "x.db")
	bad := fstest.MapFS{"m/001_a.sql": twoSteps["m/001_a.sql"], "m/002_bad.sql": {Data: []byte("CREATE TABLE nonsense (")}}
	if _, _, err := Open(ctx, path, Options{Migrations: bad, Glob: "m/*.sql"}); err == nil || !strings.Contains(err.Error(), "002_bad.sql") {
		t.Fatalf("want the bad migration named: %v", err)
	}
	w, r, err := Open(ctx, path, Options{Migrations: fstest.MapFS{"m/001_a.sql": twoSteps["m/001_a.sql"]}, Glob: "m/*.sql"})
	if err != nil {
		t.Fatalf("the good first step should have stayed: %v", err)
	}
	defer w.Close()
	defer r.Close()
}
