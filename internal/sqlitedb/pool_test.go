package sqlitedb

import (
	"context"
	"database/sql"
	"path/filepath"
	"sync"
	"testing"
	"testing/fstest"
)

// The read pool keeps every connection it opened: a burst of reads as wide
// as the pool, then another, opens no connection the second time.
func TestReadPoolKeepsItsConnections(t *testing.T) {
	migrations := fstest.MapFS{"m/001_a.sql": {Data: []byte("CREATE TABLE a (x INTEGER);")}}
	w, r, err := Open(context.Background(), filepath.Join(t.TempDir(), "x.db"), Options{Migrations: migrations, Glob: "m/*.sql", Readers: 6})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	defer r.Close()
	burst := func() {
		var wg sync.WaitGroup
		conns := make([]*sql.Conn, 6)
		for i := range conns {
			c, err := r.Conn(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			conns[i] = c
		}
		for _, c := range conns {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var n int
				if err := c.QueryRowContext(context.Background(), "SELECT count(*) FROM a").Scan(&n); err != nil {
					t.Error(err)
				}
				c.Close()
			}()
		}
		wg.Wait()
	}
	burst()
	opened := r.Stats().OpenConnections
	closed := r.Stats().MaxIdleClosed
	burst()
	if s := r.Stats(); s.OpenConnections != 6 || opened != 6 || s.MaxIdleClosed != closed || closed != 0 {
		t.Fatalf("after two bursts of 6 reads: %d open (%d after the first), %d closed for want of idle room", s.OpenConnections, opened, s.MaxIdleClosed)
	}
}
