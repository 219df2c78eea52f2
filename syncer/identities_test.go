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
	"gatepost/hub/wire"
	"gatepost/identity"
	"gatepost/post"
	"gatepost/record"
	"gatepost/store"
	"gatepost/syncer"
)

// A visitor entered by resident ID at the main gate goes to the hub's
// registry with the records; the commitment tells the hub's row from a
// swapped one; an erasure on the terminal reaches the hub; a purge at the
// hub leaves no byte of the ID number in its file or WAL; and every chain
// still verifies at both ends.
func TestIdentitiesTravelAndErasuresFollow(t *testing.T) {
	ctx := context.Background()
	h := hubtest.NewHub(t)
	token := h.Provision(t, "F1", "gate1")
	st := hubtest.NewTerminal(t, t.TempDir(), "F1", "gate1")
	defer st.Close()
	if _, err := syncer.Join(ctx, st, h.URL, token, nil, syncer.ClientOptions{}); err != nil {
		t.Fatal(err)
	}
	const id = "320102199001010010"
	at := day.Add(9 * time.Hour)
	svc := post.New(st, post.Options{Clock: func() time.Time { return at }})
	enter := func(idNumber string) record.PassageBody {
		temp := record.Tenths(365)
		p, err := svc.DecideMainGate(ctx, post.MainGateInput{Subject: record.SubjectVisitor, Direction: record.In, IDNumber: idNumber,
			Name: "王芳", Temp: &temp, Visit: &gate.Visit{Phone: "13800138000", WorkUnit: "市卫健委", Visiting: "李四"}})
		if err != nil {
			t.Fatal(err)
		}
		v, err := svc.Save(ctx, gate.Guard{Badge: "1001"}, p)
		if err != nil {
			t.Fatal(err)
		}
		var b record.PassageBody
		if err := v.Main().Decode(&b); err != nil {
			t.Fatal(err)
		}
		return b
	}
	b := enter(id)
	other := enter("11010519491231002X")
	res, err := syncer.Once(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	if res.Identities != 2 || res.Stored != 2 {
		t.Fatalf("sync %+v", res)
	}
	row, ok, err := h.Storage.Identity(ctx, "F1", b.Ident)
	if err != nil || !ok || row.IDNumber != id || row.Phone != "13800138000" {
		t.Fatalf("hub row %+v %v %v", row, ok, err)
	}
	check := func(x wire.Identity) bool {
		return identity.Row{Ref: x.Ref, Salt: x.Salt, Fields: identity.Fields{IDNumber: x.IDNumber, Plate: x.Plate}}.Matches(b.Commit)
	}
	swapped, _, _ := h.Storage.Identity(ctx, "F1", other.Ident)
	if !check(row) || check(swapped) {
		t.Fatal("the commitment does not tell the hub's row from another's")
	}
	inHub := func(b []byte) bool {
		for _, p := range []string{h.Path, h.Path + "-wal"} {
			if data, _ := os.ReadFile(p); bytes.Contains(data, b) {
				return true
			}
		}
		return false
	}
	if !inHub([]byte(id)) {
		t.Fatal("the hub's files do not hold the ID number before the purge: the test proves nothing")
	}
	// Synced again: nothing to send.
	if res, err := syncer.Once(ctx, st); err != nil || res.Identities != 0 {
		t.Fatalf("second sync %+v %v", res, err)
	}

	// The terminal erases the first visitor; the next sync erases the hub's copy.
	if _, err := st.PurgeIdentities(ctx, map[identity.Category]string{identity.Visitor: "2025-03-02"}, at.Add(48*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if res, err := syncer.Once(ctx, st); err != nil || res.Identities != 2 {
		t.Fatalf("sync after the erasure %+v %v", res, err)
	}
	if row, _, _ := h.Storage.Identity(ctx, "F1", b.Ident); row.Erased == "" || row.IDNumber != "" || len(row.Salt) != 0 || check(row) {
		t.Fatalf("the erasure did not reach the hub: %+v", row)
	}
	// A row sent again after its erasure does not bring it back.
	if _, err := h.Storage.PutIdentities(ctx, hub.TerminalKey{Facility: "F1", Name: "gate1"}, []wire.Identity{{Ref: b.Ident,
		Category: "visitor", Salt: make([]byte, 32), IDNumber: id, LastSeen: "2025-03-01"}}); err != nil {
		t.Fatal(err)
	}
	if row, _, _ := h.Storage.Identity(ctx, "F1", b.Ident); row.IDNumber != "" {
		t.Fatal("an erased row came back")
	}
	if _, err := h.Storage.PurgeIdentities(ctx, "2025-03-02", at.Add(48*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if inHub([]byte(id)) || inHub([]byte("11010519491231002X")) {
		t.Error("an erased ID number is still in the hub's database file or WAL")
	}
	reps, err := hub.VerifyAll(ctx, h.Storage)
	if err != nil || len(reps) != 1 || !reps[0].Intact() {
		t.Fatalf("hub verify after the purge: %+v %v", reps, err)
	}
	if n, err := st.Verify(ctx); err != nil || n < 3 {
		t.Fatalf("terminal verify after the purge: %d %v", n, err)
	}
}

// A visitor who came in at one post and leaves at another is named by the
// same reference there: the feed brings the rows with the records. Then
// the evidence: entered by resident ID at the main gate, synced to
// the hub and a peer, purged on all three; the ID number's bytes are in no
// database file or WAL, and every chain verifies at the posts and the hub.
func TestPeerGetsTheRowsWithTheRecords(t *testing.T) {
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
	in := post.New(a, post.Options{Clock: func() time.Time { return at }})
	p, err := in.DecideMainGate(ctx, post.MainGateInput{Subject: record.SubjectVisitor, Direction: record.In, IDNumber: id, Name: "王芳", Temp: &temp})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := in.Save(ctx, gate.Guard{Badge: "1001"}, p); err != nil {
		t.Fatal(err)
	}
	if _, err := syncer.Once(ctx, a); err != nil {
		t.Fatal(err)
	}
	res, err := syncer.Once(ctx, b)
	if err != nil || res.PeerRecords == 0 {
		t.Fatalf("peer sync %+v %v", res, err)
	}
	row, ok, err := b.IdentityOf(ctx, p.Who.Ident)
	if err != nil || !ok || row.Fields.IDNumber != id || !row.Matches(p.Who.Commit) {
		t.Fatalf("the peer's copy %+v %v %v", row, ok, err)
	}
	out := post.New(b, post.Options{Clock: func() time.Time { return at.Add(2 * time.Hour) }})
	q, err := out.DecideMainGate(ctx, post.MainGateInput{Subject: record.SubjectVisitor, Direction: record.Out, IDNumber: id})
	if err != nil || q.Who.Ident != p.Who.Ident {
		t.Fatalf("leaving at the other post: %q, entered as %q (%v)", q.Who.Ident, p.Who.Ident, err)
	}
	// The copy as it came is not pushed back; the visit here is.
	if rows, err := b.DirtyIdentities(ctx, 10); err != nil || len(rows) != 0 {
		t.Fatalf("the peer would push %d rows back unchanged (%v)", len(rows), err)
	}
	if _, err := out.Save(ctx, gate.Guard{Badge: "1002"}, q); err != nil {
		t.Fatal(err)
	}
	if rows, err := b.DirtyIdentities(ctx, 10); err != nil || len(rows) != 1 || rows[0].LastSeen != "2025-03-01" {
		t.Fatalf("after the exit here: %+v %v", rows, err)
	}
	for _, st := range []*store.Store{a, b} {
		if _, err := syncer.Once(ctx, st); err != nil {
			t.Fatal(err)
		}
	}

	// The evidence: purged on both posts and the hub, the ID number
	// is in no database file nor WAL, and every chain still verifies.
	files := []string{h.Path, h.Path + "-wal", filepath.Join(dirA, "terminal.db"), filepath.Join(dirA, "terminal.db-wal"),
		filepath.Join(dirB, "terminal.db"), filepath.Join(dirB, "terminal.db-wal")}
	holding := func() []string {
		var in []string
		for _, p := range files {
			if data, _ := os.ReadFile(p); bytes.Contains(data, []byte(id)) {
				in = append(in, filepath.Base(filepath.Dir(p))+"/"+filepath.Base(p))
			}
		}
		return in
	}
	if len(holding()) < 3 {
		t.Fatalf("before the purge the ID number is only in %v: the test proves nothing", holding())
	}
	later := at.Add(40 * 24 * time.Hour)
	for _, st := range []*store.Store{a, b} {
		if _, err := st.PurgeIdentities(ctx, identity.Cutoffs(map[identity.Category]int{identity.Visitor: 30, identity.Vehicle: 30}, later), later); err != nil {
			t.Fatal(err)
		}
		if err := st.Scrub(ctx, true); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := h.Storage.PurgeIdentities(ctx, gate.Day(later.AddDate(0, 0, -30)), later); err != nil {
		t.Fatal(err)
	}
	if in := holding(); len(in) != 0 {
		t.Errorf("the erased ID number is still in %v", in)
	}
	for _, st := range []*store.Store{a, b} {
		if _, err := st.Verify(ctx); err != nil {
			t.Errorf("terminal verify after the purge: %v", err)
		}
	}
	if reps, err := hub.VerifyAll(ctx, h.Storage); err != nil || len(reps) != 2 || !reps[0].Intact() || !reps[1].Intact() {
		t.Errorf("hub verify after the purge: %+v %v", reps, err)
	}
}
