package hub_test

import (
	"context"
	"testing"
	"time"

	"gatepost/hub"
	"gatepost/hub/wire"
	"gatepost/identity"
	"gatepost/syncer"
)

// Both backends keep the identity registry alike: a row stored, its later
// details taken, an erasure kept whatever arrives after it, a purge by day
// counted by category.
func TestIdentityRegistryOnBothBackends(t *testing.T) {
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
			key := hub.TerminalKey{Facility: "F1", Name: "gate1"}
			row, c, err := identity.New(identity.Visitor, identity.Fields{IDNumber: "320102199001010016", Name: "王芳"}, "2026-11-01")
			if err != nil {
				t.Fatal(err)
			}
			car, _, _ := identity.New(identity.Vehicle, identity.Fields{Plate: "京A12345"}, "2026-11-20")
			w := syncer.WireIdentity
			if n, err := st.PutIdentities(ctx, key, []wire.Identity{w(row), w(car)}); err != nil || n != 2 {
				t.Fatalf("put: %d %v", n, err)
			}
			later := w(row)
			later.Phone, later.LastSeen = "13800138000", "2026-11-05"
			if n, err := st.PutIdentities(ctx, key, []wire.Identity{later}); err != nil || n != 1 {
				t.Fatalf("later visit: %d %v", n, err)
			}
			got, ok, err := st.Identity(ctx, "F1", row.Ref)
			if err != nil || !ok || got.Phone != "13800138000" || got.LastSeen != "2026-11-05" ||
				!(identity.Row{Salt: got.Salt, Fields: identity.Fields{IDNumber: got.IDNumber}}).Matches(c) {
				t.Fatalf("row %+v %v %v", got, ok, err)
			}
			done, err := st.PurgeIdentities(ctx, "2026-11-10", time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
			if err != nil || len(done) != 1 || done["visitor"] != 1 {
				t.Fatalf("purge %v %v", done, err)
			}
			if n, err := st.PutIdentities(ctx, key, []wire.Identity{later}); err != nil || n != 0 {
				t.Fatalf("an erased row taken again: %d %v", n, err)
			}
			got, _, _ = st.Identity(ctx, "F1", row.Ref)
			kept, _, _ := st.Identity(ctx, "F1", car.Ref)
			if got.Erased == "" || got.IDNumber != "" || got.Phone != "" || len(got.Salt) != 0 || kept.Plate != "京A12345" || kept.Erased != "" {
				t.Fatalf("after the purge: %+v, car %+v", got, kept)
			}
		})
	}
}

// The hub's daily retention erases what is past it and says so in the
// audit log, by category and count.
func TestHubRetention(t *testing.T) {
	ctx := context.Background()
	st := openSQLiteTemp(t)
	defer st.Close()
	key := hub.TerminalKey{Facility: "F1", Name: "gate1"}
	old, _, _ := identity.New(identity.Visitor, identity.Fields{IDNumber: "320102199001010016"}, "2026-10-01")
	recent, _, _ := identity.New(identity.Visitor, identity.Fields{IDNumber: "110105194912310029"}, "2026-11-20")
	var rows []wire.Identity
	for _, r := range []identity.Row{old, recent} {
		rows = append(rows, syncer.WireIdentity(r))
	}
	if _, err := st.PutIdentities(ctx, key, rows); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 30, 3, 0, 0, 0, time.UTC)
	done, err := hub.EnforceRetention(ctx, st, 30, now)
	if err != nil || done["visitor"] != 1 {
		t.Fatalf("retention %v %v", done, err)
	}
	a, _, _ := st.Identity(ctx, "F1", old.Ref)
	b, _, _ := st.Identity(ctx, "F1", recent.Ref)
	if a.Erased == "" || b.Erased != "" {
		t.Fatalf("old %+v, recent %+v", a, b)
	}
	audit, err := st.Audit(ctx, 5)
	if err != nil || len(audit) != 1 || audit[0].Action != "identity.purge" || audit[0].Detail != "erased 1 visitor identities last seen before 2026-10-31 (retention 30 days)" {
		t.Fatalf("audit %+v %v", audit, err)
	}
	if done, err := hub.EnforceRetention(ctx, st, 30, now); err != nil || len(done) != 0 {
		t.Fatalf("again: %v %v", done, err)
	}
	if audit, _ := st.Audit(ctx, 5); len(audit) != 1 {
		t.Fatalf("a purge of nothing was audited: %+v", audit)
	}
}
