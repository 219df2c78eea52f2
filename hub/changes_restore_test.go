package hub_test

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"gatepost/hub"
)

// TestChangeValuesOutliveARestore: a database restored from a backup has
// its change counter as it was at the backup, while the terminals have
// pulled values handed out after it. The next change must still get a
// value greater than any of those, on both backends (the counter is put
// back here as a restore puts it back).
func TestChangeValuesOutliveARestore(t *testing.T) {
	ctx := context.Background()
	// Each case opens a store and returns with it what puts its counter back.
	cases := []struct {
		name string
		open func(t *testing.T) (hub.Storage, func())
	}{
		{"sqlite", func(t *testing.T) (hub.Storage, func()) {
			st := openSQLiteTemp(t)
			return st, func() {
				db, err := sql.Open("sqlite", st.Path())
				if err != nil {
					t.Fatal(err)
				}
				defer db.Close()
				if _, err := db.ExecContext(ctx, `UPDATE counters SET value = 1 WHERE name = 'change'`); err != nil {
					t.Fatal(err)
				}
			}
		}},
		{"postgres", func(t *testing.T) (hub.Storage, func()) {
			pgServer(t)
			dsn := pgSchema(t)
			st, err := hub.OpenPostgres(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			return st, func() {
				c, err := pgx.Connect(ctx, dsn)
				if err != nil {
					t.Fatal(err)
				}
				defer c.Close(ctx)
				if _, err := c.Exec(ctx, `SELECT setval('change_seq', 1)`); err != nil {
					t.Fatal(err)
				}
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			st, rewind := c.open(t)
			defer st.Close()
			if err := st.PutFacility(ctx, hub.Facility{ID: "F1"}); err != nil {
				t.Fatal(err)
			}
			add := func(id string) {
				t.Helper()
				if err := st.AddNotice(ctx, hub.Notice{ID: id, Facility: "F1", Title: id, Day: "2025-03-01", PublishedAt: time.Now()}); err != nil {
					t.Fatal(err)
				}
			}
			add("N1")
			add("N2")
			seen, err := st.Changes(ctx, "F1", 0, 10)
			if err != nil || len(seen.Notices) != 2 {
				t.Fatalf("before the restore: %+v %v", seen, err)
			}
			rewind()
			add("N3")
			after, err := st.Changes(ctx, "F1", seen.Cursor, 10)
			if err != nil || len(after.Notices) != 1 || after.Notices[0].ID != "N3" {
				t.Fatalf("after cursor %d, the restored hub answers %+v %v: the new notice is not after it", seen.Cursor, after, err)
			}
		})
	}
}
