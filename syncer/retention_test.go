package syncer_test

import (
	"context"
	"testing"
	"time"

	"gatepost/gate"
	"gatepost/hub/hubtest"
	"gatepost/hub/wire"
	"gatepost/identity"
	"gatepost/post"
	"gatepost/record"
	"gatepost/store"
	"gatepost/syncer"
)

// A facility's retention set at the hub reaches its post with the feed and
// binds where it is stricter than the post's own: a visitor last seen 20
// days ago is kept under the post's 30 days, erased once the hub says 10;
// a laxer hub setting never keeps longer; a setting cleared at the hub is
// cleared at the post.
func TestHubRetentionBindsThePost(t *testing.T) {
	ctx := context.Background()
	h := hubtest.NewHub(t)
	token := h.Provision(t, "F1", "gate1")
	st := hubtest.NewTerminal(t, t.TempDir(), "F1", "gate1")
	defer st.Close()
	if _, err := syncer.Join(ctx, st, h.URL, token, nil, syncer.ClientOptions{}); err != nil {
		t.Fatal(err)
	}
	at := day.Add(9 * time.Hour)
	svc := post.New(st, post.Options{Clock: func() time.Time { return at }})
	temp := record.Tenths(365)
	p, err := svc.DecideMainGate(ctx, post.MainGateInput{Subject: record.SubjectVisitor, Direction: record.In, IDNumber: "320102199001010010", Name: "王芳", Temp: &temp})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Save(ctx, gate.Guard{Badge: "1001"}, p); err != nil {
		t.Fatal(err)
	}
	own := map[identity.Category]int{identity.Visitor: 30, identity.Vehicle: 30, identity.Health: 30}
	now := at.AddDate(0, 0, 20)
	sync := func(r wire.Retention) map[identity.Category]int {
		t.Helper()
		if err := h.Storage.SetRetention(ctx, "F1", r); err != nil {
			t.Fatal(err)
		}
		if _, err := syncer.Once(ctx, st); err != nil {
			t.Fatal(err)
		}
		got, err := st.HubRetention(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	// Laxer at the hub: the post's 30 days stand.
	if got := sync(wire.Retention{VisitorDays: 60}); got[identity.Visitor] != 60 {
		t.Fatalf("the post holds %v", got)
	}
	if done, err := st.PurgeRetention(ctx, own, now); err != nil || len(done) != 0 {
		t.Fatalf("a laxer hub setting erased: %+v %v", done, err)
	}
	// Cleared at the hub: cleared at the post.
	if got := sync(wire.Retention{}); len(got) != 0 {
		t.Fatalf("a cleared setting stays at the post: %v", got)
	}
	// Stricter at the hub: it binds.
	if got := sync(wire.Retention{VisitorDays: 10, HealthDays: 5}); got[identity.Visitor] != 10 || got[identity.Health] != 5 || len(got) != 2 {
		t.Fatalf("the post holds %v", got)
	}
	done, err := st.PurgeRetention(ctx, own, now)
	if err != nil || len(done) != 1 || done[0].Category != "visitor" || done[0].Count != 1 {
		t.Fatalf("the hub's stricter retention did not erase: %+v %v", done, err)
	}
	if row, _, _ := st.IdentityOf(ctx, p.Who.Ident); row.Erased == "" {
		t.Fatal("the visitor is still held")
	}
	if s := store.Stricter(own, map[identity.Category]int{identity.Vehicle: 0}); s[identity.Vehicle] != 30 {
		t.Errorf("a 0 from the hub changed the post's: %v", s)
	}
}
