package syncer_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"gatepost/gate"
	"gatepost/hub"
	"gatepost/hub/hubtest"
	"gatepost/post"
	"gatepost/record"
	"gatepost/store"
	"gatepost/syncer"
)

// An erasure at the hub (its daily retention) reaches the posts that took
// the row before it: the next feed page carries the tombstone, both the
// post that made the row and its peer erase their copy, no byte of the ID
// number stays in either file or WAL, the chains verify, and a later sync
// applies nothing twice.
func TestHubErasureReachesThePosts(t *testing.T) {
	ctx := context.Background()
	h := hubtest.NewHub(t)
	t1, t2 := h.Provision(t, "F1", "gate1"), h.Provision(t, "F1", "gate1b")
	dirA, dirB := t.TempDir(), t.TempDir()
	a := hubtest.NewTerminal(t, dirA, "F1", "gate1")
	defer a.Close()
	b := hubtest.NewTerminal(t, dirB, "F1", "gate1b")
	defer b.Close()
	for _, x := range []struct {
		st    *store.Store
		token string
	}{{a, t1}, {b, t2}} {
		if _, err := syncer.Join(ctx, x.st, h.URL, x.token, nil, syncer.ClientOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	const id = "320102199001010010"
	at := day.Add(9 * time.Hour)
	temp := record.Tenths(365)
	svc := post.New(a, post.Options{Clock: func() time.Time { return at }})
	p, err := svc.DecideMainGate(ctx, post.MainGateInput{Subject: record.SubjectVisitor, Direction: record.In, IDNumber: id, Name: "王芳", Temp: &temp})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Save(ctx, gate.Guard{Badge: "1001"}, p); err != nil {
		t.Fatal(err)
	}
	// Two rounds each: a's records and row reach the hub, then b's feed,
	// and a hears of b (no records) in its own.
	for range 2 {
		for _, st := range []*store.Store{a, b} {
			if _, err := syncer.Once(ctx, st); err != nil {
				t.Fatal(err)
			}
		}
	}
	if row, ok, _ := b.IdentityOf(ctx, p.Who.Ident); !ok || row.Fields.IDNumber != id {
		t.Fatalf("the peer has no copy: %+v", row)
	}
	files := func(dir string) []string {
		return []string{filepath.Join(dir, "terminal.db"), filepath.Join(dir, "terminal.db-wal")}
	}
	holds := func(dir string) bool {
		for _, p := range files(dir) {
			if data, _ := os.ReadFile(p); bytes.Contains(data, []byte(id)) {
				return true
			}
		}
		return false
	}
	if !holds(dirA) || !holds(dirB) {
		t.Fatal("the posts' files do not hold the ID number before the erasure: the test proves nothing")
	}

	// The hub's retention (30 days) runs 40 days later; the posts' own
	// retention has not (their clocks are not asked).
	if done, err := hub.EnforceRetention(ctx, h.Storage, 30, at.Add(40*24*time.Hour)); err != nil || done["visitor"] != 1 {
		t.Fatalf("hub retention %v %v", done, err)
	}
	for _, st := range []*store.Store{a, b} {
		if _, err := syncer.Once(ctx, st); err != nil {
			t.Fatal(err)
		}
	}
	for name, st := range map[string]*store.Store{"the post that made it": a, "the peer": b} {
		row, ok, err := st.IdentityOf(ctx, p.Who.Ident)
		if err != nil || !ok || row.Erased == "" || !row.Fields.Empty() || row.Matches(p.Who.Commit) {
			t.Errorf("%s still holds the row: %+v %v %v", name, row, ok, err)
		}
		if _, err := st.Verify(ctx); err != nil {
			t.Errorf("%s: verify %v", name, err)
		}
	}
	if holds(dirA) || holds(dirB) {
		t.Error("an erased ID number is still in a post's database file or WAL")
	}
	// The erasure is not sent back, and is not applied twice.
	if rows, err := a.DirtyIdentities(ctx, 10); err != nil || len(rows) != 0 {
		t.Fatalf("the post would push the erasure back: %+v %v", rows, err)
	}
	cur, err := b.ErasuresCursor(ctx)
	if err != nil || cur == "" {
		t.Fatalf("cursor %q %v", cur, err)
	}
	if n, err := b.ApplyErasures(ctx, []string{p.Who.Ident}, cur); err != nil || n != 0 {
		t.Fatalf("applied twice: %d %v", n, err)
	}
}
