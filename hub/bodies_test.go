package hub_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"gatepost/hub"
	"gatepost/hub/hubtest"
	"gatepost/hub/wire"
	"gatepost/record"
)

// incidents chains records of one terminal whose bodies are given, from seq
// 1: bodies that need not be what a terminal writes, sealed as it would.
func incidents(facility, terminal string, bodies ...string) []record.Record {
	out := make([]record.Record, len(bodies))
	at := time.Now().Add(-time.Hour)
	prev := ""
	for i, b := range bodies {
		r := record.Record{ID: record.NewID(), Terminal: terminal, Facility: facility, Seq: int64(i + 1),
			Kind: record.Incident, Gate: 1, Guard: "G1", At: at.Add(time.Duration(i) * time.Second), Body: json.RawMessage(b)}
		r.Seal(prev)
		prev = r.Hash
		out[i] = r
	}
	return out
}

// nested is an incident body with an extra field nesting depth arrays.
func nested(depth int) string {
	return `{"detail":"x","extra":` + strings.Repeat("[", depth) + strings.Repeat("]", depth) + `,"type":"other"}`
}

func pushAnswer(t *testing.T, url, token string, rs ...record.Record) (int, wire.PushResponse) {
	t.Helper()
	a := call(t, "POST", url+wire.PathPush, token, bytes.NewReader(pushBody(rs...)), jsonCT)
	var resp wire.PushResponse
	if err := json.Unmarshal(a.body, &resp); err != nil || len(resp.Results) != len(rs) {
		t.Fatalf("push answered %d: %.300s", a.status, a.body)
	}
	return a.status, resp
}

// A body nesting objects and arrays deeper than MaxBodyDepth is refused on
// its own, as invalid, saying why; one at the bound is stored. A record of
// 1,001 levels, stored by an older hub, stopped every other post's feed
// (SQLite's JSON functions, which index the peers' bodies there, stop at
// 1,000).
func TestDeepBodyRefused(t *testing.T) {
	h := hubtest.NewHub(t)
	token := h.Provision(t, "F1", "gate1")
	// The body is 1 level, its extra field the rest.
	rs := incidents("F1", "gate1", nested(hub.MaxBodyDepth-1), nested(1001), nested(hub.MaxBodyDepth))
	status, resp := pushAnswer(t, h.URL, token, rs...)
	if status != 422 {
		t.Fatalf("status %d: %+v", status, resp)
	}
	if r := resp.Results[0]; r.Status != wire.Stored {
		t.Fatalf("a body %d deep: %+v", hub.MaxBodyDepth, r)
	}
	for _, r := range resp.Results[1:] {
		if r.Status != wire.Rejected || r.Code != wire.CodeInvalid || !strings.Contains(r.Reason, fmt.Sprintf("deeper than %d", hub.MaxBodyDepth)) {
			t.Fatalf("a body deeper than %d: %+v", hub.MaxBodyDepth, r)
		}
	}
	if resp.HeadSeq != 1 {
		t.Fatalf("head %d", resp.HeadSeq)
	}
}

// Bodies up to MaxBodyLen (256 KiB, docs/PROTOCOL.md §2) are stored, a
// larger one is refused on its own, and the records pushed with it are
// stored: gzipped or not. (A probe saw bodies from 128 KiB on refuse the
// whole push, 400: 131,072 bytes is Linux's limit on one command-line
// argument, so its tools most likely sent a broken body; this holds the
// hub's side of it.)
func TestLargeBodiesAnsweredPerRecord(t *testing.T) {
	h := hubtest.NewHub(t)
	detail := func(n int) string { return `{"detail":"` + strings.Repeat("x", n) + `","type":"other"}` }
	atLimit := hub.MaxBodyLen - len(detail(0))
	for _, zipped := range []bool{false, true} {
		name := "gate1"
		if zipped {
			name = "gate2"
		}
		token := h.Provision(t, "F1", name)
		rs := incidents("F1", name, detail(10), detail(131072), detail(200000), detail(atLimit), detail(atLimit+1), detail(270000), detail(300000))
		// Seqs 5–7 are refused: the rest would wait above a gap. The
		// batch after the refused ones is pushed again from seq 5 on, as
		// a terminal whose records were refused goes on.
		header := jsonCT
		body := pushBody(rs[:5]...)
		if zipped {
			header = map[string]string{"Content-Type": "application/json", "Content-Encoding": "gzip"}
			body = gz(body)
		}
		a := call(t, "POST", h.URL+wire.PathPush, token, bytes.NewReader(body), header)
		var resp wire.PushResponse
		if err := json.Unmarshal(a.body, &resp); err != nil || a.status != 422 || len(resp.Results) != 5 {
			t.Fatalf("gzip %v: push answered %d: %.300s", zipped, a.status, a.body)
		}
		for i, r := range resp.Results {
			want := wire.Stored
			if i == 4 {
				want = wire.Rejected
			}
			if r.Status != want {
				t.Fatalf("gzip %v: record %d (body %d bytes): %+v", zipped, i+1, len(rs[i].Body), r)
			}
		}
		if r := resp.Results[4]; r.Code != wire.CodeInvalid || !strings.Contains(r.Reason, "body is over 262144 bytes") {
			t.Fatalf("gzip %v: the body over the limit: %+v", zipped, r)
		}
		status, resp := pushAnswer(t, h.URL, token, rs[5], rs[6], rs[0])
		if status != 422 || resp.Results[0].Status != wire.Rejected || resp.Results[1].Status != wire.Rejected ||
			resp.Results[2].Status != wire.Duplicate || resp.HeadSeq != 4 {
			t.Fatalf("gzip %v: %d %+v", zipped, status, resp)
		}
	}
}

// The feed serves each record's body byte for byte as pushed, canonical
// (PROTOCOL §2, §5a): a client may hash the bytes it receives. It served
// &, < and > HTML-escaped (\u0026 …), so such a client refused every peer
// record holding one.
func TestFeedServesBodiesAsHashed(t *testing.T) {
	h := hubtest.NewHub(t)
	token := h.Provision(t, "F1", "gate1")
	peer := h.Provision(t, "F1", "gate2")
	rs := incidents("F1", "gate1", `{"detail":"<script>&amp; 体温<37 & >","type":"other"}`, `{"detail":"a\u2028b\n","type":"other"}`)
	if status, resp := pushAnswer(t, h.URL, token, rs...); status != 200 {
		t.Fatalf("push: %d %+v", status, resp)
	}
	a := call(t, "GET", h.URL+wire.PathFeed, peer, nil, nil)
	if a.status != 200 || !bytes.Contains(a.body, []byte(`"detail":"<script>&amp; 体温<37 & >"`)) {
		t.Fatalf("feed %d: %.400s", a.status, a.body)
	}
	// Every field as sent, the body's bytes untouched by any decoding.
	var page struct {
		Records []struct {
			ID, Terminal, Facility, Kind, Guard, At, Prev, Hash string
			Seq                                                 int64
			Gate                                                int
			Body                                                json.RawMessage
		}
	}
	if err := json.Unmarshal(a.body, &page); err != nil || len(page.Records) != 2 {
		t.Fatalf("feed: %v %.400s", err, a.body)
	}
	for i, w := range page.Records {
		at, err := record.ParseAt(w.At)
		if err != nil {
			t.Fatal(err)
		}
		r := record.Record{ID: w.ID, Terminal: w.Terminal, Facility: w.Facility, Seq: w.Seq, Kind: record.Kind(w.Kind),
			Gate: w.Gate, Guard: w.Guard, At: at, Body: w.Body, Prev: w.Prev, Hash: w.Hash}
		if !bytes.Equal(w.Body, rs[i].Body) || r.ComputeHash() != w.Hash {
			t.Errorf("record %d served as %s, pushed as %s", i+1, w.Body, rs[i].Body)
		}
		if c, err := record.CanonicalJSON(w.Body); err != nil || !bytes.Equal(c, w.Body) {
			t.Errorf("record %d's body is not canonical as served: %s", i+1, w.Body)
		}
	}
}

// A push body refused whole says what is wrong with it: empty, not JSON
// (where), cut short, or JSON of another shape. It said "not a push
// request" for all of them, which sent a probe whose tools had sent a
// broken body looking for a limit in the hub.
func TestBadPushBodySaysWhy(t *testing.T) {
	h := hubtest.NewHub(t)
	token := h.Provision(t, "F1", "gate1")
	one := pushBody(incidents("F1", "gate1", `{"detail":"a","type":"other"}`)...)
	for _, c := range []struct {
		name, body, want string
	}{
		{"empty", "", "the body is empty"},
		{"blank", " \n", "the body is empty"},
		{"not JSON", `{"records":[{"id":"x","body":,"seq":1}]}`, "not valid JSON (at byte 29)"},
		{"cut short", string(one[:len(one)-10]), "the body ends before its JSON does"},
		{"another shape", `{"records":{"id":"x"}}`, `not a push request: want {"records": [...]}`},
		{"an array", `[]`, `not a push request: want {"records": [...]}`},
		{"trailing data", string(one) + "{}", "the body goes on after its JSON value"},
		{"trailing garbage", string(one) + "x", "not valid JSON"},
	} {
		a := call(t, "POST", h.URL+wire.PathPush, token, strings.NewReader(c.body), jsonCT)
		var e wire.Error
		if err := json.Unmarshal(a.body, &e); err != nil || a.status != 400 || e.Code != wire.ErrBadRequest || !strings.Contains(e.Message, c.want) {
			t.Errorf("%s: %d %s, want 400 saying %q", c.name, a.status, a.body, c.want)
		}
	}
}
