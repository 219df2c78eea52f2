package hub_test

import (
	"context"
	"fmt"
	"testing"

	"gatepost/hub"
	"gatepost/hub/wire"
	"gatepost/identity"
	"gatepost/syncer"
)

// BenchmarkPutIdentitiesPostgres: a post's largest identities push
// (wire.MaxIdentities rows, each new) into PostgreSQL.
func BenchmarkPutIdentitiesPostgres(b *testing.B) {
	ctx := context.Background()
	st := openPG(b)
	defer st.Close()
	rows := make([]wire.Identity, wire.MaxIdentities)
	for i := range rows {
		r, _, err := identity.New(identity.Visitor, identity.Fields{IDNumber: fmt.Sprintf("3201021990%08d", i), Name: "王芳"}, "2026-11-01")
		if err != nil {
			b.Fatal(err)
		}
		rows[i] = syncer.WireIdentity(r)
	}
	b.ResetTimer()
	for i := range b.N {
		// Each round a terminal of its own, so each row is new.
		key := hub.TerminalKey{Facility: fmt.Sprintf("F%d", i), Name: "gate1"}
		if n, err := st.PutIdentities(ctx, key, rows); err != nil || n != len(rows) {
			b.Fatalf("%d %v", n, err)
		}
	}
}
