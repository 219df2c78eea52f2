package store_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"gatepost/record"
	"gatepost/store"
)

// peerChain seals n records of a peer terminal, as the peer would.
func peerChain(t *testing.T, facility, terminal string, n int) []record.Record {
	t.Helper()
	prev := ""
	var out []record.Record
	at := time.Date(2026, 11, 20, 8, 0, 0, 0, time.FixedZone("CST", 8*3600))
	for i := 1; i <= n; i++ {
		body, err := record.EncodeBody(record.TemperatureBody{Badge: "2001", Temp: 365})
		if err != nil {
			t.Fatal(err)
		}
		r := record.Record{ID: record.NewID(), Terminal: terminal, Facility: facility, Seq: int64(i), Kind: record.Temperature,
			Gate: 1, Guard: "1001", At: at.Add(time.Duration(i) * time.Minute), Body: body}
		r.Seal(prev)
		prev = r.Hash
		out = append(out, r)
	}
	return out
}

func TestApplyFeedVerifiesEachPeer(t *testing.T) {
	st, _ := newStore(t)
	ctx := context.Background()
	id, err := st.Identity(ctx)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	a := peerChain(t, id.FacilityID, "gate2-pc", 5)
	b := peerChain(t, id.FacilityID, "gate3-pc", 3)

	// A record of gate2-pc tampered with on the way (its body changed, the
	// hash left): refused with gate2-pc's later records; gate3-pc's taken.
	bad := a[2]
	bad.Body = []byte(`{"badge":"2001","temp":390}`)
	page := []record.Record{a[0], a[1], bad, a[3], a[4], b[0], b[1], b[2]}
	taken, refused, err := st.ApplyFeed(ctx, []store.PeerHead{{Terminal: "gate2-pc", HeadSeq: 5}, {Terminal: "gate3-pc", HeadSeq: 3}}, page, now)
	if err != nil {
		t.Fatal(err)
	}
	if taken != 5 || len(refused) != 1 || refused[0].Terminal != "gate2-pc" || refused[0].Seq != 3 {
		t.Fatalf("taken %d, refused %+v", taken, refused)
	}
	peers, _ := st.Peers(ctx)
	if len(peers) != 2 || peers[0].HeadSeq != 2 || peers[0].RefusedSeq != 3 || peers[0].RefusedReason == "" || peers[1].HeadSeq != 3 {
		t.Fatalf("peers after the tampered page: %+v", peers)
	}
	cur, _ := st.PeerCursors(ctx)
	if cur["gate2-pc"] != 2 || cur["gate3-pc"] != 3 {
		t.Fatalf("cursors %+v", cur)
	}

	// The hub serves the chain right again: taken, the refusal cleared.
	taken, refused, err = st.ApplyFeed(ctx, nil, a[2:], now)
	if err != nil || taken != 3 || len(refused) != 0 {
		t.Fatalf("the right chain: %d %+v %v", taken, refused, err)
	}
	peers, _ = st.Peers(ctx)
	if peers[0].HeadSeq != 5 || peers[0].RefusedSeq != 0 || peers[0].RefusedReason != "" {
		t.Fatalf("after the right chain: %+v", peers[0])
	}

	// A gap, another facility's record, our own name: none taken.
	c := peerChain(t, id.FacilityID, "gate4-pc", 3)
	foreign := peerChain(t, "OTHER", "gate5-pc", 1)
	own := peerChain(t, id.FacilityID, id.Terminal, 1)
	taken, refused, err = st.ApplyFeed(ctx, nil, []record.Record{c[1], foreign[0], own[0]}, now)
	if err != nil || taken != 0 || len(refused) != 2 {
		t.Fatalf("gap, foreign, own: %d %+v %v", taken, refused, err)
	}
	if n, _ := st.LastSeq(ctx); n != 0 {
		t.Fatalf("a peer record reached the own log: last seq %d", n)
	}
	// Pulled twice: the same page again takes nothing and refuses nothing.
	taken, refused, err = st.ApplyFeed(ctx, nil, b, now)
	if err != nil || taken != 0 || len(refused) != 0 {
		t.Fatalf("the same page again: %d %+v %v", taken, refused, err)
	}
}

// A void written at another post of one of this terminal's records counts
// in the facility's reads: the record is voided here too.
func TestPeerVoidOfAnOwnRecord(t *testing.T) {
	st, _ := newStore(t)
	ctx := context.Background()
	id, _ := st.Identity(ctx)
	at := time.Date(2026, 11, 20, 8, 0, 0, 0, time.FixedZone("CST", 8*3600))
	own, err := st.AppendBatch(ctx, []store.Draft{{Kind: record.StandbyStart, Gate: 3, Guard: "1003", At: at,
		Body: record.StandbyStartBody{Badge: "2003", Name: "李娜", PlannedEnd: "2026-12-03"}}})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := record.EncodeBody(record.VoidBody{Target: own[0].ID, TargetSeq: own[0].Seq, Supervisor: "9001", Reason: "录错人"})
	v := record.Record{ID: record.NewID(), Terminal: "gate2-pc", Facility: id.FacilityID, Seq: 1, Kind: record.Void, Gate: 3,
		Guard: "9001", At: at.Add(time.Minute), Body: body}
	v.Seal("")
	if taken, refused, err := st.ApplyFeed(ctx, nil, []record.Record{v}, time.Now()); err != nil || taken != 1 || len(refused) != 0 {
		t.Fatalf("apply: %d %+v %v", taken, refused, err)
	}
	rows, err := st.KindRows(ctx, store.KindQuery{Kinds: []record.Kind{record.StandbyStart}})
	if err != nil || len(rows) != 1 || !rows[0].Voided {
		t.Fatalf("the standby start voided at another post: %+v %v", rows, err)
	}
	evs, err := st.StatusEvents(ctx, "2003", at)
	if err != nil || len(evs) != 1 || !evs[0].Voided {
		t.Fatalf("status events: %+v %v", evs, err)
	}
}

// A peer record that verifies but that SQLite will not store — a body
// nested deeper than its JSON functions read (1,000), which an older hub
// stored and serves — is set aside, reported, and its peer's chain goes on
// past it: the records after it, of that peer and of the others, are
// taken. It stopped every sync ("malformed JSON"), for good: the hub
// serves it again each time.
func TestApplyFeedSetsAsideWhatItCannotStore(t *testing.T) {
	st, _ := newStore(t)
	ctx := context.Background()
	id, err := st.Identity(ctx)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	a := peerChain(t, id.FacilityID, "gate2-pc", 4)
	b := peerChain(t, id.FacilityID, "gate3-pc", 2)
	a[1].Kind = record.Incident
	a[1].Body = []byte(`{"detail":"x","extra":` + strings.Repeat("[", 1001) + strings.Repeat("]", 1001) + `,"type":"other"}`)
	prev := a[0].Hash
	for i := 1; i < len(a); i++ {
		a[i].Seal(prev)
		prev = a[i].Hash
	}
	taken, refused, err := st.ApplyFeed(ctx, nil, []record.Record{a[0], a[1], a[2], b[0], b[1]}, now)
	if err != nil {
		t.Fatal(err)
	}
	if taken != 4 || len(refused) != 1 || !refused[0].SetAside || refused[0].Seq != 2 || !strings.Contains(refused[0].Reason, "JSON") {
		t.Fatalf("taken %d, refused %+v", taken, refused)
	}
	// The next page goes on from the record after.
	if taken, refused, err = st.ApplyFeed(ctx, nil, a[3:], now); err != nil || taken != 1 || len(refused) != 0 {
		t.Fatalf("the next page: %d %+v %v", taken, refused, err)
	}
	peers, _ := st.Peers(ctx)
	if len(peers) != 2 || peers[0].HeadSeq != 4 || peers[0].HeadHash != a[3].Hash || peers[0].RefusedSeq != 0 || peers[1].HeadSeq != 2 {
		t.Fatalf("peers: %+v", peers)
	}
	aside, err := st.PeersAside(ctx)
	if err != nil || len(aside) != 1 || aside[0].ID != a[1].ID || aside[0].Seq != 2 || aside[0].Hash != a[1].Hash {
		t.Fatalf("set aside: %+v %v", aside, err)
	}
	var kept record.Record
	if err := json.Unmarshal(aside[0].Record, &kept); err != nil || kept.Check() != nil || kept.Hash != a[1].Hash {
		t.Fatalf("the record set aside is not kept as served: %v %v", err, kept.Check())
	}
	// Served again (a page pulled twice): nothing new.
	if taken, refused, err = st.ApplyFeed(ctx, nil, a, now); err != nil || taken != 0 || len(refused) != 0 {
		t.Fatalf("the same records again: %d %+v %v", taken, refused, err)
	}
}
