package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"gatepost/gate"
	"gatepost/record"
	"gatepost/store"
)

func appendN(t *testing.T, s *store.Store, n int) []record.Record {
	t.Helper()
	ds := make([]store.Draft, n)
	for i := range ds {
		ds[i] = store.Draft{Kind: record.Incident, Gate: 0, Guard: "G1", Body: record.IncidentBody{Type: "test"}}
	}
	rs, err := s.AppendBatch(context.Background(), ds)
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

func TestSyncStateFresh(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	if _, err := s.HubSettings(ctx); !errors.Is(err, store.ErrNotJoined) {
		t.Fatalf("hub settings of a fresh store: %v", err)
	}
	c, err := s.SyncCounts(ctx)
	if err != nil || c != (store.SyncCounts{}) {
		t.Fatalf("counts %+v %v", c, err)
	}
	if rs, err := s.PendingRecords(ctx, 10); err != nil || len(rs) != 0 {
		t.Fatalf("pending %v %v", rs, err)
	}
	if err := s.SetHubSettings(ctx, store.HubSettings{URL: "http://hub"}); err == nil {
		t.Fatal("settings without a token accepted")
	}
}

func TestPushCursorAndParking(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	rs := appendN(t, s, 10)
	c, _ := s.SyncCounts(ctx)
	if c.Pending != 10 || c.LastSeq != 10 {
		t.Fatalf("counts %+v", c)
	}
	page, err := s.PendingRecords(ctx, 4)
	if err != nil || len(page) != 4 || page[0].Seq != 1 || page[3].Hash != rs[3].Hash {
		t.Fatalf("pending page %v %v", page, err)
	}
	p := store.Parked{Seq: 3, ID: rs[2].ID, Status: "rejected", Code: "bad_hash", Reason: "hash mismatch"}
	if err := s.MarkPushed(ctx, 5, []store.Parked{p}); err != nil {
		t.Fatal(err)
	}
	// The same answer again (a retried batch) changes nothing; a stale, lower
	// cursor does not move it back.
	if err := s.MarkPushed(ctx, 2, []store.Parked{p}); err != nil {
		t.Fatal(err)
	}
	c, _ = s.SyncCounts(ctx)
	if c.PushedSeq != 5 || c.Pending != 5 || c.Parked != 1 {
		t.Fatalf("after marking %+v", c)
	}
	if err := s.MarkPushed(ctx, 6, []store.Parked{{Seq: 6, ID: rs[5].ID, Status: "lost"}}); err == nil {
		t.Fatal("unknown park status accepted")
	}
	if c, _ := s.SyncCounts(ctx); c.PushedSeq != 5 {
		t.Fatal("a failed MarkPushed moved the cursor")
	}
	page, _ = s.PendingRecords(ctx, 100)
	if len(page) != 5 || page[0].Seq != 6 {
		t.Fatalf("pending after the cursor: %d from %d", len(page), page[0].Seq)
	}
	after, err := s.RecordsAfter(ctx, 8, 100)
	if err != nil || len(after) != 2 || after[0].Seq != 9 {
		t.Fatalf("records after 8: %v %v", after, err)
	}
	if h, err := s.HashAt(ctx, 7); err != nil || h != rs[6].Hash {
		t.Fatalf("hash at 7: %q %v", h, err)
	}
	if _, err := s.HashAt(ctx, 99); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("hash at 99: %v", err)
	}
	parked, err := s.ParkedRecords(ctx, 0)
	if err != nil || len(parked) != 1 || parked[0].Code != "bad_hash" || parked[0].ParkedAt.IsZero() {
		t.Fatalf("parked %+v %v", parked, err)
	}
	// The records themselves were never touched.
	if n, err := s.Verify(ctx); err != nil || n != 10 {
		t.Fatalf("verify %d %v", n, err)
	}

	if err := s.SetLastSyncOK(ctx, time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	if c, _ := s.SyncCounts(ctx); !c.LastOK.Equal(time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)) {
		t.Fatalf("last ok %v", c.LastOK)
	}

	// Joining (again) starts over: cursor, parked and pull cursor reset.
	h := store.HubSettings{URL: "https://hub.example:8470", Token: "tok", CAPEM: []byte("-----BEGIN CERTIFICATE-----\n")}
	if err := s.SetHubSettings(ctx, h); err != nil {
		t.Fatal(err)
	}
	got, err := s.HubSettings(ctx)
	if err != nil || got.URL != h.URL || got.Token != h.Token || string(got.CAPEM) != string(h.CAPEM) || got.JoinedAt.IsZero() {
		t.Fatalf("settings %+v %v", got, err)
	}
	c, _ = s.SyncCounts(ctx)
	if c.PushedSeq != 0 || c.Pending != 10 || c.Parked != 0 || !c.LastOK.IsZero() {
		t.Fatalf("after join %+v", c)
	}
}

func TestApplyPull(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	day := time.Date(2025, 3, 1, 0, 0, 0, 0, cst)
	page := store.Pulled{
		People: []gate.Person{{Badge: "S1", Name: "张三", Kind: gate.Staff, Assignment: gate.AssignOffice, Active: true}},
		Passes: []gate.Pass{{ID: "P1", Holder: "送货车", Plate: "京A12345", ValidFrom: day, ValidTo: day.AddDate(0, 0, 7)}},
		Notices: []store.Notice{{ID: "N1", Title: "今日部署", Body: "加强消毒", Day: "2025-03-01",
			PublishedAt: time.Date(2025, 3, 1, 7, 0, 0, 0, time.UTC)}},
		Cursor: 7,
	}
	for i := 0; i < 2; i++ { // applying a page twice is applying it once
		if err := s.ApplyPull(ctx, page); err != nil {
			t.Fatal(err)
		}
	}
	if c, err := s.PullCursor(ctx); err != nil || c != 7 {
		t.Fatalf("cursor %d %v", c, err)
	}
	if p, ok, err := s.FindPerson(ctx, "S1"); err != nil || !ok || p.Name != "张三" {
		t.Fatalf("person %+v %v %v", p, ok, err)
	}
	if ps, err := s.FindPasses(ctx, "", "", "京A12345"); err != nil || len(ps) != 1 {
		t.Fatalf("passes %v %v", ps, err)
	}
	ns, err := s.Notices(ctx, "2025-03-01")
	if err != nil || len(ns) != 1 || ns[0].Title != "今日部署" || !ns[0].PublishedAt.Equal(page.Notices[0].PublishedAt) {
		t.Fatalf("notices %+v %v", ns, err)
	}
	// A changed notice replaces the old one; an older page cannot move the
	// cursor back.
	page.Notices[0].Title = "今日部署(修订)"
	page.People, page.Passes, page.Cursor = nil, nil, 3
	if err := s.ApplyPull(ctx, page); err != nil {
		t.Fatal(err)
	}
	if c, _ := s.PullCursor(ctx); c != 7 {
		t.Fatalf("cursor moved back to %d", c)
	}
	if ns, _ := s.Notices(ctx, "2025-03-01"); len(ns) != 1 || ns[0].Title != "今日部署(修订)" {
		t.Fatalf("notice not replaced: %+v", ns)
	}
	if ns, _ := s.Notices(ctx, "2025-03-02"); len(ns) != 0 {
		t.Fatalf("notices of another day: %+v", ns)
	}
}

func TestRetryParked(t *testing.T) {
	s, _ := newStore(t)
	ctx := context.Background()
	rs := appendN(t, s, 10)
	if n, err := s.RetryParked(ctx); err != nil || n != 0 {
		t.Fatalf("nothing parked: %d %v", n, err)
	}
	parked := []store.Parked{
		{Seq: 4, ID: rs[3].ID, Status: "conflict", Code: "conflict", Reason: "held with other content"},
		{Seq: 7, ID: rs[6].ID, Status: "rejected", Code: "bad_hash", Reason: "hash mismatch"},
	}
	if err := s.MarkPushed(ctx, 10, parked); err != nil {
		t.Fatal(err)
	}
	if c, _ := s.SyncCounts(ctx); c.Pending != 0 || c.Parked != 2 {
		t.Fatalf("before retry: %+v", c)
	}
	n, err := s.RetryParked(ctx)
	if err != nil || n != 2 {
		t.Fatalf("retry: %d %v", n, err)
	}
	c, _ := s.SyncCounts(ctx)
	if c.Parked != 0 || c.Pending != 7 {
		t.Fatalf("after retry: %+v (want 7 pending from seq 4 on, none parked)", c)
	}
	page, err := s.PendingRecords(ctx, 1)
	if err != nil || len(page) != 1 || page[0].Seq != 4 {
		t.Fatalf("first pending %v %v", page, err)
	}
}
