package syncer_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"gatepost/hub/hubtest"
	"gatepost/hub/wire"
	"gatepost/record"
	"gatepost/store"
	"gatepost/syncer"
)

// pushAs pushes records with a terminal's token and wants each stored.
func pushAs(t *testing.T, url, token string, rs ...record.Record) {
	t.Helper()
	b, err := json.Marshal(wire.PushRequest{Records: rs})
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("POST", url+wire.PathPush, bytes.NewReader(b))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var ans wire.PushResponse
	if err := json.NewDecoder(resp.Body).Decode(&ans); err != nil || resp.StatusCode != 200 {
		t.Fatalf("push: %d %+v %v", resp.StatusCode, ans, err)
	}
}

// A hub older than its bound on nesting stored a record whose body nests
// 1,001 levels and serves it in the feed. Every other post's sync stopped
// at it, for good ("store: peer record …: SQL logic error: malformed
// JSON"), and no later peer record arrived. Now the post sets it aside,
// says so, and takes the rest: that peer's later records, pushed before
// and after, and the other peers'.
func TestFeedGoesOnPastARecordItCannotStore(t *testing.T) {
	ctx := context.Background()
	h := hubtest.NewHub(t)
	post := hubtest.NewTerminal(t, t.TempDir(), "F1", "gate1-pc")
	t.Cleanup(func() { post.Close() })
	if _, err := syncer.Join(ctx, post, h.URL, h.Provision(t, "F1", "gate1-pc"), nil, syncer.ClientOptions{}); err != nil {
		t.Fatal(err)
	}
	other := hubtest.NewTerminal(t, t.TempDir(), "F1", "gate3-pc")
	t.Cleanup(func() { other.Close() })
	if _, err := syncer.Join(ctx, other, h.URL, h.Provision(t, "F1", "gate3-pc"), nil, syncer.ClientOptions{}); err != nil {
		t.Fatal(err)
	}
	hubtest.Fill(t, other, time.Now(), 3)
	if _, err := syncer.Once(ctx, other); err != nil {
		t.Fatal(err)
	}

	// gate2-pc: seq 1 pushed, seq 2 (the deep one) written into the hub's
	// database as the older hub stored it, seq 3 pushed on top; seq 4
	// later.
	token := h.Provision(t, "F1", "gate2-pc")
	y := time.Now().AddDate(0, 0, -1)
	at := time.Date(y.Year(), y.Month(), y.Day(), 12, 0, 0, 0, time.Local) // one day, whenever the test runs
	bodies := []string{`{"detail":"a","type":"other"}`,
		`{"detail":"x","extra":` + strings.Repeat("[", 1001) + strings.Repeat("]", 1001) + `,"type":"other"}`,
		`{"detail":"b","type":"other"}`, `{"detail":"c","type":"other"}`}
	rs := make([]record.Record, len(bodies))
	prev := ""
	for i, b := range bodies {
		rs[i] = record.Record{ID: record.NewID(), Terminal: "gate2-pc", Facility: "F1", Seq: int64(i + 1), Kind: record.Incident,
			Gate: 1, Guard: "G1", At: at.Add(time.Duration(i) * time.Minute), Body: json.RawMessage(b)}
		rs[i].Seal(prev)
		prev = rs[i].Hash
	}
	pushAs(t, h.URL, token, rs[0])
	db, err := sql.Open("sqlite", "file:"+h.Path+"?_pragma=busy_timeout(10000)") // the hub writes beside it
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	deep := rs[1]
	if _, err := db.ExecContext(ctx, `INSERT INTO records (id, facility, terminal, seq, kind, gate, guard, at, day, body,
		prev, hash, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, deep.ID, deep.Facility, deep.Terminal,
		deep.Seq, string(deep.Kind), deep.Gate, deep.Guard, deep.AtString(), store.Day(deep.At), string(deep.Body),
		deep.Prev, deep.Hash, time.Now().UTC().Format(time.RFC3339Nano)); err != nil {
		t.Fatal(err)
	}
	if _, err := db.ExecContext(ctx, `UPDATE terminals SET head_seq = 2, head_hash = ?, max_seq = 2, stored = stored + 1
		WHERE facility = 'F1' AND name = 'gate2-pc'`, deep.Hash); err != nil {
		t.Fatal(err)
	}
	pushAs(t, h.URL, token, rs[2])

	res, err := syncer.Once(ctx, post)
	if err != nil {
		t.Fatalf("the post's sync stopped: %v", err)
	}
	if res.PeerRecords != 5 || len(res.PeerRefused) != 1 || !res.PeerRefused[0].SetAside ||
		res.PeerRefused[0].Terminal != "gate2-pc" || res.PeerRefused[0].Seq != 2 {
		t.Fatalf("the post's sync: %+v", res)
	}
	// Later records of that peer still arrive; the one set aside is not
	// reported again.
	pushAs(t, h.URL, token, rs[3])
	res, err = syncer.Once(ctx, post)
	if err != nil || res.PeerRecords != 1 || len(res.PeerRefused) != 0 {
		t.Fatalf("the next sync: %+v %v", res, err)
	}
	peers, err := post.Peers(ctx)
	if err != nil || len(peers) != 2 || peers[0].Terminal != "gate2-pc" || peers[0].HeadSeq != 4 || peers[1].HeadSeq != 3 {
		t.Fatalf("peers: %+v %v", peers, err)
	}
	aside, err := post.PeersAside(ctx)
	if err != nil || len(aside) != 1 || aside[0].ID != deep.ID || !strings.Contains(aside[0].Reason, "malformed JSON") {
		t.Fatalf("set aside: %+v %v", aside, err)
	}
	rows, err := post.FacilityDay(ctx, store.Day(at))
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, r := range rows {
		if r.Terminal == "gate2-pc" {
			n++
		}
	}
	if n != 3 {
		t.Fatalf("gate2-pc's records in the facility's day: %d, want 3", n)
	}
}
