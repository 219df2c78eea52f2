package store_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"gatepost/gate"
	"gatepost/record"
	"gatepost/store"
)

// Finding 8, terminal input: control characters in a reason or a notice
// reached terminals raw. Whatever a form carried is stripped before the
// record is sealed, and reference data and notices from the hub are
// stripped as they are stored.
func TestControlCharactersAreStrippedAtInput(t *testing.T) {
	ctx := context.Background()
	s, _ := newStore(t)
	r := mustAppend(t, s, store.Draft{Kind: record.Override, Gate: 1, Body: record.OverrideBody{
		Target: "x", Supervisor: "9001", Reason: "抢修\x1b[2J\x1b]52;c;aGk=\x07急需\u202e伪造\u0085",
	}})
	var b record.OverrideBody
	if err := r.Decode(&b); err != nil {
		t.Fatal(err)
	}
	if b.Reason != "抢修急需伪造" {
		t.Fatalf("reason stored as %q", b.Reason)
	}
	if err := r.Check(); err != nil {
		t.Fatalf("the cleaned record does not check: %v", err)
	}
	if _, err := s.Verify(ctx); err != nil {
		t.Fatal(err)
	}
	// A clean body is sealed exactly as encoded (no second encoding).
	clean := mustAppend(t, s, store.Draft{Kind: record.Override, Gate: 1, Body: record.OverrideBody{Target: "y", Supervisor: "9001", Reason: "持纸质通行证\n见附件"}})
	if want, _ := record.EncodeBody(record.OverrideBody{Target: "y", Supervisor: "9001", Reason: "持纸质通行证\n见附件"}); string(clean.Body) != string(want) {
		t.Fatalf("clean body changed: %s", clean.Body)
	}

	now := time.Now()
	err := s.ApplyPull(ctx, store.Pulled{
		People:  []gate.Person{{Badge: "S1", Name: "张\x1b[31m三", Kind: gate.Staff, Unit: "一大队\u202e", Active: true}},
		Passes:  []gate.Pass{{ID: "P1", Holder: "物资车\x07", Plate: "苏A12345", ValidFrom: now.Add(-time.Hour), ValidTo: now.Add(time.Hour), Note: "第一行\n\x1b]8;;http://x\x1b\\链接"}},
		Notices: []store.Notice{{ID: "N1", Title: "通知\x1b[2J", Body: "第一条\n第二条\u009b31m", Day: store.Day(now), PublishedAt: now}},
		Cursor:  1,
	})
	if err != nil {
		t.Fatal(err)
	}
	p, ok, err := s.FindPerson(ctx, "S1")
	if err != nil || !ok || p.Name != "张三" || p.Unit != "一大队" {
		t.Fatalf("pulled person stored as %+v (%v)", p, err)
	}
	ps, err := s.FindPasses(ctx, "", "", "苏A12345")
	if err != nil || len(ps) != 1 || ps[0].Holder != "物资车" || ps[0].Note != "第一行\n链接" {
		t.Fatalf("pulled pass stored as %+v (%v)", ps, err)
	}
	ns, err := s.Notices(ctx, store.Day(now))
	if err != nil || len(ns) != 1 || ns[0].Title != "通知" || ns[0].Body != "第一条\n第二条" {
		t.Fatalf("pulled notice stored as %+v (%v)", ns, err)
	}
	for _, v := range []string{p.Name, p.Unit, ps[0].Holder, ps[0].Note, ns[0].Title, ns[0].Body} {
		if strings.ContainsAny(v, "\x1b\x07\u202e\u009b") {
			t.Fatalf("control character left in %q", v)
		}
	}
}
