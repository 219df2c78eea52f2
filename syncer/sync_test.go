package syncer_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"gatepost/gate"
	"gatepost/hub"
	"gatepost/hub/hubtest"
	"gatepost/store"
	"gatepost/syncer"
)

var day = time.Date(2025, 3, 1, 0, 0, 0, 0, time.FixedZone("CST", 8*3600))

func TestJoinChecksTheHub(t *testing.T) {
	ctx := context.Background()
	h := hubtest.NewHub(t)
	token := h.Provision(t, "F1", "gate1")
	st := hubtest.NewTerminal(t, t.TempDir(), "F1", "gate1")
	defer st.Close()

	if _, err := syncer.Join(ctx, st, h.URL, token+"x", nil, syncer.ClientOptions{}); err == nil || !strings.Contains(err.Error(), "refused the token") {
		t.Fatalf("bad token: %v", err)
	}
	if _, err := syncer.Join(ctx, st, "ftp://example", token, nil, syncer.ClientOptions{}); err == nil {
		t.Fatal("ftp URL accepted")
	}
	if _, err := syncer.Join(ctx, st, "http://127.0.0.1:1", token, nil, syncer.ClientOptions{}); err == nil {
		t.Fatal("unreachable hub accepted")
	}
	other := h.Provision(t, "F1", "gate2")
	if _, err := syncer.Join(ctx, st, h.URL, other, nil, syncer.ClientOptions{}); err == nil || !strings.Contains(err.Error(), "gate2") {
		t.Fatalf("another terminal's token: %v", err)
	}
	if _, err := st.HubSettings(ctx); !errors.Is(err, store.ErrNotJoined) {
		t.Fatalf("a failed join stored settings: %v", err)
	}
	j, err := syncer.Join(ctx, st, h.URL+"/", token, nil, syncer.ClientOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if j.Terminal != "gate1" || j.Facility != "F1" || j.FacilityName != "Facility F1" || j.ClockSkew > time.Minute || j.ClockSkew < -time.Minute {
		t.Fatalf("joined %+v", j)
	}
	hs, err := st.HubSettings(ctx)
	if err != nil || hs.URL != h.URL || hs.Token != token {
		t.Fatalf("settings %+v %v", hs, err)
	}
}

func TestSyncPushesAndPulls(t *testing.T) {
	ctx := context.Background()
	h := hubtest.NewHub(t)
	token := h.Provision(t, "F1", "gate1")
	st := hubtest.NewTerminal(t, t.TempDir(), "F1", "gate1")
	defer st.Close()
	if _, err := syncer.Join(ctx, st, h.URL, token, nil, syncer.ClientOptions{}); err != nil {
		t.Fatal(err)
	}
	hubtest.Fill(t, st, day, 2500)
	people := []gate.Person{{Badge: "S1", Name: "张三", Kind: gate.Staff, Assignment: gate.AssignOffice, Active: true}}
	if err := h.Storage.PutPeople(ctx, "F1", people); err != nil {
		t.Fatal(err)
	}
	if err := h.Storage.PutPasses(ctx, "F1", []gate.Pass{{ID: "P1", Holder: "车", Plate: "京A12345",
		ValidFrom: day, ValidTo: day.Add(48 * time.Hour)}}); err != nil {
		t.Fatal(err)
	}
	if _, err := hub.PublishNotice(ctx, h.Storage, "all", "今日部署", "加强消毒", "2025-03-01"); err != nil {
		t.Fatal(err)
	}

	res, err := syncer.Once(ctx, st, syncer.WithSyncOptions(syncer.SyncOptions{BatchSize: 700}))
	if err != nil {
		t.Fatal(err)
	}
	if res.Sent != 2500 || res.Stored != 2500 || res.Duplicate != 0 || res.Pending != 0 || res.HeadSeq != 2500 ||
		res.People != 1 || res.Passes != 1 || res.Notices != 1 {
		t.Fatalf("result %+v", res)
	}
	if p, ok, err := st.FindPerson(ctx, "S1"); err != nil || !ok || p.Name != "张三" {
		t.Fatalf("pulled person %+v %v %v", p, ok, err)
	}
	if ps, err := st.FindPasses(ctx, "", "", "京A12345"); err != nil || len(ps) != 1 || !ps[0].ValidTo.Equal(day.Add(48*time.Hour)) {
		t.Fatalf("pulled pass %+v %v", ps, err)
	}
	if ns, err := st.Notices(ctx, "2025-03-01"); err != nil || len(ns) != 1 || ns[0].Title != "今日部署" {
		t.Fatalf("pulled notices %+v %v", ns, err)
	}
	c, err := st.SyncCounts(ctx)
	if err != nil || c.Pending != 0 || c.PushedSeq != 2500 || c.LastOK.IsZero() {
		t.Fatalf("counts %+v %v", c, err)
	}

	// Nothing new: nothing sent, nothing pulled.
	res, err = syncer.Once(ctx, st)
	if err != nil || res.Sent != 0 || res.People+res.Passes+res.Notices != 0 {
		t.Fatalf("second sync %+v %v", res, err)
	}
	ts, _ := h.Storage.Terminals(ctx)
	if len(ts) != 1 || !ts[0].Chain.Intact() || ts[0].Chain.Stored != 2500 || ts[0].Pending != 0 || ts[0].LastPush.IsZero() {
		t.Fatalf("hub's view %+v", ts)
	}

	// Joining again resets the cursor. The hub's head shows it holds all
	// 2,500 with the same hash at seq 2500: nothing is sent again.
	if _, err := syncer.Join(ctx, st, h.URL, token, nil, syncer.ClientOptions{}); err != nil {
		t.Fatal(err)
	}
	res, err = syncer.Once(ctx, st)
	if err != nil || res.Sent != 0 || res.Skipped != 2500 || res.Pending != 0 || res.People != 1 {
		t.Fatalf("after rejoin %+v %v", res, err)
	}
	// Without the fast-forward every record goes again and the hub answers
	// duplicate for each.
	if _, err := syncer.Join(ctx, st, h.URL, token, nil, syncer.ClientOptions{}); err != nil {
		t.Fatal(err)
	}
	res, err = syncer.Once(ctx, st, syncer.WithSyncOptions(syncer.SyncOptions{NoFastForward: true, BatchSize: 300}))
	if err != nil || res.Sent != 2500 || res.Duplicate != 2500 || res.Stored != 0 || res.Skipped != 0 {
		t.Fatalf("after rejoin, no fast-forward %+v %v", res, err)
	}
}

// The hub's head is trusted only when its hash is this terminal's hash at
// that seq: a hub holding another chain gets every record, answered one by
// one.
func TestFastForwardNeedsTheSameChain(t *testing.T) {
	ctx := context.Background()
	h := hubtest.NewHub(t)
	token := h.Provision(t, "F1", "gate1")
	a := hubtest.NewTerminal(t, t.TempDir(), "F1", "gate1")
	defer a.Close()
	hubtest.Join(t, a, h.URL, token)
	hubtest.Fill(t, a, day, 50)
	if _, err := syncer.Once(ctx, a); err != nil {
		t.Fatal(err)
	}
	b := hubtest.NewTerminal(t, t.TempDir(), "F1", "gate1") // same name, other records
	defer b.Close()
	hubtest.Join(t, b, h.URL, token)
	hubtest.Fill(t, b, day, 60)
	res, err := syncer.Once(ctx, b)
	// All 60 are B's second chain: 1–50 clash with A's, 51–60 follow B's 50.
	if err != nil || res.Skipped != 0 || res.Sent != 60 || res.Conflict != 60 || res.ForkSeq != 1 {
		t.Fatalf("%+v %v", res, err)
	}
}

func TestRefusedRecordsAreParkedAndDoNotBlock(t *testing.T) {
	ctx := context.Background()
	h := hubtest.NewHub(t)
	token := h.Provision(t, "F1", "gate1")

	// Terminal A pushes 10 records. Terminal B has the same identity (a
	// restored backup of an older state that then wrote different records):
	// its seqs 6–10 clash with A's.
	a := hubtest.NewTerminal(t, t.TempDir(), "F1", "gate1")
	defer a.Close()
	hubtest.Join(t, a, h.URL, token)
	hubtest.Fill(t, a, day, 10)
	if _, err := syncer.Once(ctx, a); err != nil {
		t.Fatal(err)
	}
	b := hubtest.NewTerminal(t, t.TempDir(), "F1", "gate1")
	defer b.Close()
	hubtest.Join(t, b, h.URL, token)
	hubtest.Fill(t, b, day, 10)
	res, err := syncer.Once(ctx, b)
	if err != nil {
		t.Fatal(err)
	}
	// Every one of B's seqs 1–10 is held by one of A's records: conflicts.
	if res.Conflict != 10 || res.Pending != 0 || res.Parked != 10 {
		t.Fatalf("result %+v", res)
	}
	parked, err := b.ParkedRecords(ctx, 0)
	if err != nil || len(parked) != 10 || parked[0].Status != "conflict" || parked[0].Code != "seq_conflict" || parked[0].Reason == "" {
		t.Fatalf("parked %+v %v", parked, err)
	}
	// New records after the parked ones are not held up. B's 11 names B's 10
	// as predecessor, but the hub holds A's 10 there, and B's 12–15 follow
	// B's 11: all of them are B's second chain, kept aside at the hub and
	// parked here, never spliced into A's chain. The answer names the fork.
	hubtest.Fill(t, b, day, 5)
	res, err = syncer.Once(ctx, b)
	if err != nil || res.Sent != 5 || res.Pending != 0 || res.Conflict != 5 || res.Stored != 0 || res.Parked != 15 || res.ForkSeq != 1 {
		t.Fatalf("after more records: %+v %v", res, err)
	}
	ts, _ := h.Storage.Terminals(ctx)
	if c := ts[0].Chain; c.HeadSeq != 10 || c.MaxSeq != 10 || c.ForkSeq != 1 || c.Intact() {
		t.Fatalf("hub's chain view %+v", c)
	}
	l, err := syncer.NewLoop(b)
	if err != nil {
		t.Fatal(err)
	}
	if s := l.Status(); s.Rejected != 15 || s.Pending != 0 || !s.Configured {
		t.Fatalf("status %+v", s)
	}
}
