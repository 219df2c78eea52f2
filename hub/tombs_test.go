package hub_test

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"gatepost/hub"
	"gatepost/hub/wire"
	"gatepost/identity"
)

// Both backends keep a facility's retention, and number erasures (a terminal's pushed erasure, a purge) in
// order, per facility, so that the feed can carry them to the posts after a
// cursor: each tombstone once, a later erasure after an earlier one, none
// of another facility's.
func TestTombstonesOnBothBackends(t *testing.T) {
	for _, b := range []struct {
		name string
		open func(testing.TB) hub.IdentityStorage
	}{
		{"sqlite", func(t testing.TB) hub.IdentityStorage { return openSQLiteTemp(t) }},
		{"postgres", func(t testing.TB) hub.IdentityStorage { return openPG(t) }},
	} {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			st := b.open(t)
			if c, ok := st.(interface{ Close() error }); ok {
				defer c.Close()
			}
			w := func(id, day string) wire.Identity {
				r, _, err := identity.New(identity.Visitor, identity.Fields{IDNumber: id}, day)
				if err != nil {
					t.Fatal(err)
				}
				return wire.Identity{Ref: r.Ref, Category: "visitor", Salt: r.Salt, IDNumber: id, LastSeen: day}
			}
			f1, f2 := hub.TerminalKey{Facility: "F1", Name: "gate1"}, hub.TerminalKey{Facility: "F2", Name: "gate1"}
			old1, old2, kept := w("320102199001010016", "2026-11-01"), w("320102199001010024", "2026-11-02"), w("320102199001010032", "2026-11-25")
			other := w("320102199001010040", "2026-11-01")
			if _, err := st.PutIdentities(ctx, f1, []wire.Identity{old1, old2, kept}); err != nil {
				t.Fatal(err)
			}
			if _, err := st.PutIdentities(ctx, f2, []wire.Identity{other}); err != nil {
				t.Fatal(err)
			}
			if ts, err := st.ErasuresAfter(ctx, "F1", wire.Tomb{}, 10); err != nil || len(ts) != 0 {
				t.Fatalf("tombstones before any erasure: %v %v", ts, err)
			}
			// The retention purge erases both old rows of F1 (and F2's).
			if _, err := st.PurgeIdentities(ctx, "2026-11-10", time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)); err != nil {
				t.Fatal(err)
			}
			first, err := st.ErasuresAfter(ctx, "F1", wire.Tomb{}, 10)
			want := []string{old1.Ref, old2.Ref}
			slices.Sort(want)
			if err != nil || len(first) != 2 || first[0].Ref != want[0] || first[1].Ref != want[1] || first[0].N != first[1].N {
				t.Fatalf("tombstones after the purge: %v %v", first, err)
			}
			// Paged one at a time from the cursor, each once.
			page, _ := st.ErasuresAfter(ctx, "F1", wire.Tomb{}, 1)
			next, _ := st.ErasuresAfter(ctx, "F1", page[0], 1)
			if len(page) != 1 || len(next) != 1 || next[0] != first[1] {
				t.Fatalf("paging: %v then %v", page, next)
			}
			if rest, _ := st.ErasuresAfter(ctx, "F1", first[1], 10); len(rest) != 0 {
				t.Fatalf("after the last: %v", rest)
			}
			// A terminal's pushed erasure comes after, with a higher number.
			gone := kept
			gone.Salt, gone.IDNumber, gone.Erased = nil, "", "2026-12-02T00:00:00Z"
			if _, err := st.PutIdentities(ctx, f1, []wire.Identity{gone}); err != nil {
				t.Fatal(err)
			}
			rest, err := st.ErasuresAfter(ctx, "F1", first[1], 10)
			if err != nil || len(rest) != 1 || rest[0].Ref != kept.Ref || rest[0].N <= first[1].N {
				t.Fatalf("the pushed erasure: %v %v", rest, err)
			}
			// A row sent again after it was erased is no new erasure.
			if _, err := st.PutIdentities(ctx, f1, []wire.Identity{gone}); err != nil {
				t.Fatal(err)
			}
			if again, _ := st.ErasuresAfter(ctx, "F1", rest[0], 10); len(again) != 0 {
				t.Fatalf("an erasure numbered twice: %v", again)
			}
			if o, _ := st.ErasuresAfter(ctx, "F2", wire.Tomb{}, 10); len(o) != 1 || o[0].Ref != other.Ref {
				t.Fatalf("F2's tombstones: %v", o)
			}
			// A facility's retention: unset, set, changed, per facility.
			if r, err := st.RetentionOf(ctx, "F1"); err != nil || r != (wire.Retention{}) {
				t.Fatalf("unset retention %+v %v", r, err)
			}
			for _, r := range []wire.Retention{{VisitorDays: 10, HealthDays: 5}, {VehicleDays: 7}} {
				if err := st.SetRetention(ctx, "F1", r); err != nil {
					t.Fatal(err)
				}
				if got, err := st.RetentionOf(ctx, "F1"); err != nil || got != r {
					t.Fatalf("retention %+v, want %+v (%v)", got, r, err)
				}
			}
			if r, _ := st.RetentionOf(ctx, "F2"); r != (wire.Retention{}) {
				t.Fatalf("F2 has F1's retention: %+v", r)
			}
		})
	}
}

func TestParseTomb(t *testing.T) {
	for _, c := range []struct {
		in string
		ok bool
	}{{"", true}, {"3:abc", true}, {"0:", true}, {"x:abc", false}, {"-1:a", false}, {"3", false}} {
		tb, ok := wire.ParseTomb(c.in)
		if ok != c.ok || (ok && c.in != "" && tb.String() != c.in) {
			t.Errorf("%q: %v %v", c.in, tb, ok)
		}
	}
}

// A facility whose retention set at the hub is stricter than the hub's
// own has its identities erased by it at the hub too (the hub keeps no more
// than it tells the posts to keep), audited by facility; other facilities
// keep the hub's; the erasures get tombstones for the feed.
func TestHubEnforcesAFacilitysStricterRetention(t *testing.T) {
	for _, b := range backends() {
		t.Run(b.name, func(t *testing.T) {
			ctx := context.Background()
			st := b.open(t)
			defer st.Close()
			ids := st.(hub.IdentityStorage)
			put := func(facility, id, day string) string {
				r, _, err := identity.New(identity.Visitor, identity.Fields{IDNumber: id}, day)
				if err != nil {
					t.Fatal(err)
				}
				if _, err := ids.PutIdentities(ctx, hub.TerminalKey{Facility: facility, Name: "gate1"}, []wire.Identity{{Ref: r.Ref,
					Category: "visitor", Salt: r.Salt, IDNumber: id, LastSeen: day}}); err != nil {
					t.Fatal(err)
				}
				return r.Ref
			}
			strict := put("F1", "320102199001010016", "2026-11-15")
			lax := put("F2", "320102199001010024", "2026-11-15")
			if err := ids.SetRetention(ctx, "F1", wire.Retention{VisitorDays: 10}); err != nil {
				t.Fatal(err)
			}
			now := time.Date(2026, 11, 30, 3, 0, 0, 0, time.UTC) // 15 days on: past F1's 10, within the hub's 30
			done, err := hub.EnforceRetention(ctx, st, 30, now)
			if err != nil || done["visitor"] != 1 {
				t.Fatalf("retention %v %v", done, err)
			}
			a, _, _ := ids.Identity(ctx, "F1", strict)
			c, _, _ := ids.Identity(ctx, "F2", lax)
			if a.Erased == "" || a.IDNumber != "" || c.Erased != "" {
				t.Fatalf("F1 %+v, F2 %+v", a, c)
			}
			if ts, _ := ids.ErasuresAfter(ctx, "F1", wire.Tomb{}, 10); len(ts) != 1 || ts[0].Ref != strict {
				t.Fatalf("tombstones %v", ts)
			}
			if au, ok := st.(hub.AuthStorage); ok {
				audit, err := au.Audit(ctx, 5)
				if err != nil || len(audit) != 1 || !strings.Contains(audit[0].Detail, "facility F1: erased 1 visitor identities last seen before 2026-11-20 (facility retention 10 days)") {
					t.Fatalf("audit %+v %v", audit, err)
				}
			}
			// With the hub's own retention off, the facility's still holds.
			put("F1", "320102199001010032", "2026-11-01")
			if done, err := hub.EnforceRetention(ctx, st, 0, now); err != nil || done["visitor"] != 1 {
				t.Fatalf("facility retention with the hub's off: %v %v", done, err)
			}
		})
	}
}
