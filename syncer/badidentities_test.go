package syncer_test

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"gatepost/hub"
	"gatepost/hub/hubtest"
	"gatepost/hub/wire"
	"gatepost/identity"
	"gatepost/record"
	"gatepost/store"
	"gatepost/syncer"
)

// The probe of issue 15: a hub that took identity rows in unchecked (an
// older one) served them in the feed, and another post of the facility
// stored them as they were: a ref that clears the screen, a name of markup
// and escapes, 300,000 bytes of name, last_seen 9999-12-31, which
// retention never erases. Now the post takes the good row, skips each bad
// one with a log line, and the sync goes on.
func TestBadIdentityRowsFromTheHubAreSkipped(t *testing.T) {
	ctx := context.Background()
	h := hubtest.NewHub(t)
	t1, t2 := h.Provision(t, "F1", "gate1"), h.Provision(t, "F1", "gate1b")
	dirB := t.TempDir()
	a := hubtest.NewTerminal(t, t.TempDir(), "F1", "gate1")
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
	mk := func(name, lastSeen string) wire.Identity {
		r, _, err := identity.New(identity.Visitor, identity.Fields{IDNumber: "11010519491231002X", Name: name}, "2026-11-30")
		if err != nil {
			t.Fatal(err)
		}
		x := syncer.WireIdentity(r)
		x.LastSeen = lastSeen
		return x
	}
	good := mk("李四", "2026-11-30")
	future := mk("李四", "9999-12-31")
	markup := mk("<img src=x onerror=alert(1)>\x1b[31m", "2026-11-30")
	huge := mk(strings.Repeat("x", 300_000), "2026-11-30")
	escRef := mk("李四", "2026-11-30")
	escRef.Ref = "\x1b[2Jzz"
	shortRef := mk("李四", "2026-11-30")
	shortRef.Ref = "r2"
	rows := []wire.Identity{good, future, markup, huge, escRef, shortRef}
	// What an older hub took in: its storage, which checks nothing.
	if _, err := h.Storage.PutIdentities(ctx, hub.TerminalKey{Facility: "F1", Name: "gate1"}, rows); err != nil {
		t.Fatal(err)
	}
	at := time.Now()
	var ds []store.Draft
	for _, x := range rows {
		ds = append(ds, store.Draft{Kind: record.Passage, Gate: 1, Guard: "1001", At: at,
			Body: record.PassageBody{Subject: record.SubjectVisitor, Direction: record.In, Ident: x.Ref, Commit: strings.Repeat("0", 64),
				Allowed: true, Reason: "pass"}})
	}
	if _, err := a.AppendBatch(ctx, ds); err != nil {
		t.Fatal(err)
	}
	if _, err := syncer.Once(ctx, a); err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	res, err := syncer.Once(ctx, b, syncer.WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	if err != nil || res.PeerRecords == 0 {
		t.Fatalf("the peer's sync: %+v %v", res, err)
	}
	held, err := b.AllIdentities(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(held) != 1 || held[0].Ref != good.Ref {
		var refs []string
		for _, r := range held {
			refs = append(refs, identity.ShortRef(r.Ref)+" "+r.LastSeen+" "+identity.ShortRef(r.Fields.Name))
		}
		t.Fatalf("the peer holds %d rows, want only the good one: %q", len(held), refs)
	}
	// The row past tomorrow is well formed, so even a checking hub serves
	// it: this post's own check keeps it out, and says so.
	if !strings.Contains(logs.String(), "identity row from the hub skipped") || !strings.Contains(logs.String(), "last_seen is later than") ||
		!strings.Contains(logs.String(), future.Ref) {
		t.Errorf("no log line for the skipped row:\n%s", logs.String())
	}
	if bytes.Contains(logs.Bytes(), []byte("\x1b")) {
		t.Errorf("the log holds an escape:\n%q", logs.String())
	}
	for _, p := range []string{filepath.Join(dirB, "terminal.db"), filepath.Join(dirB, "terminal.db-wal")} {
		data, _ := os.ReadFile(p)
		if bytes.Contains(data, []byte("\x1b[2J")) || bytes.Contains(data, []byte("onerror=alert")) || bytes.Contains(data, []byte(strings.Repeat("x", 1000))) {
			t.Errorf("%s holds a bad row's bytes", filepath.Base(p))
		}
	}
	// The next sync goes as well.
	if _, err := syncer.Once(ctx, b); err != nil {
		t.Fatal(err)
	}
}
