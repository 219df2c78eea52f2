package hub_test

import (
	"context"
	"database/sql"
	"slices"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"gatepost/hub"
	"gatepost/hub/wire"
	"gatepost/identity"
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

// rewinder opens a store of one backend and returns with it a function
// that runs SQL on its database directly, as a restore's effect is set up.
type rewinder struct {
	name string
	open func(t *testing.T) (hub.Storage, func(sql string))
}

func rewinders(ctx context.Context) []rewinder {
	return []rewinder{
		{"sqlite", func(t *testing.T) (hub.Storage, func(string)) {
			st := openSQLiteTemp(t)
			return st, func(q string) {
				db, err := sql.Open("sqlite", st.Path())
				if err != nil {
					t.Fatal(err)
				}
				defer db.Close()
				if _, err := db.ExecContext(ctx, q); err != nil {
					t.Fatal(err)
				}
			}
		}},
		{"postgres", func(t *testing.T) (hub.Storage, func(string)) {
			pgServer(t)
			dsn := pgSchema(t)
			st, err := hub.OpenPostgres(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			return st, func(q string) {
				c, err := pgx.Connect(ctx, dsn)
				if err != nil {
					t.Fatal(err)
				}
				defer c.Close(ctx)
				if _, err := c.Exec(ctx, q); err != nil {
					t.Fatal(err)
				}
			}
		}},
	}
}

// TestTombNumbersOutliveARestore: the same for erasures. A post holds the
// tombstone cursor of an erasure the restored hub has lost; the hub's next
// erasure must come after it, or the post would keep a name the hub
// erased.
func TestTombNumbersOutliveARestore(t *testing.T) {
	ctx := context.Background()
	for _, b := range rewinders(ctx) {
		t.Run(b.name, func(t *testing.T) {
			st, exec := b.open(t)
			defer st.Close()
			ids := st.(hub.IdentityStorage)
			w := func(id, day string) wire.Identity {
				r, _, err := identity.New(identity.Visitor, identity.Fields{IDNumber: id}, day)
				if err != nil {
					t.Fatal(err)
				}
				return wire.Identity{Ref: r.Ref, Category: "visitor", Salt: r.Salt, IDNumber: id, LastSeen: day}
			}
			key := hub.TerminalKey{Facility: "F1", Name: "gate1"}
			first, second := w("320102199001010016", "2026-11-01"), w("320102199001010024", "2026-11-20")
			if _, err := ids.PutIdentities(ctx, key, []wire.Identity{first, second}); err != nil {
				t.Fatal(err)
			}
			if _, err := ids.PurgeIdentities(ctx, "2026-11-10", time.Now()); err != nil {
				t.Fatal(err)
			}
			seen, err := ids.ErasuresAfter(ctx, "F1", wire.Tomb{}, 10)
			if err != nil || len(seen) != 1 {
				t.Fatalf("the first erasure: %v %v", seen, err)
			}
			// The restore: the database is from before the erasure was
			// numbered (its row erased, unnumbered, as a restore leaves an
			// erasure the purge makes again).
			exec(`UPDATE identities SET tomb = 0`)
			if _, err := ids.PurgeIdentities(ctx, "2026-11-30", time.Now()); err != nil {
				t.Fatal(err)
			}
			after, err := ids.ErasuresAfter(ctx, "F1", seen[0], 10)
			if err != nil || !slices.ContainsFunc(after, func(x wire.Tomb) bool { return x.Ref == second.Ref && x.N > seen[0].N }) {
				t.Fatalf("after the post's cursor %v the restored hub answers %v %v: the new erasure is not after it", seen[0], after, err)
			}
		})
	}
}
