package hub_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"gatepost/hub"
	"gatepost/hub/hubtest"
	"gatepost/hub/internal/storagetest"
	"gatepost/hub/wire"
	"gatepost/record"
)

type answer struct {
	status int
	header http.Header
	body   []byte
}

func (a answer) errCode(t *testing.T) string {
	t.Helper()
	var e wire.Error
	if err := json.Unmarshal(a.body, &e); err != nil || e.Code == "" || e.Message == "" {
		t.Fatalf("error answer %d is not {code, message}: %q", a.status, a.body)
	}
	return e.Code
}

func call(t *testing.T, method, url, token string, body io.Reader, header map[string]string) answer {
	t.Helper()
	req, err := http.NewRequest(method, url, body)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return answer{resp.StatusCode, resp.Header, b}
}

var jsonCT = map[string]string{"Content-Type": "application/json"}

func pushBody(rs ...record.Record) []byte {
	b, err := json.Marshal(wire.PushRequest{Records: rs})
	if err != nil {
		panic(err)
	}
	return b
}

func gz(b []byte) []byte {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

// noLeak fails when an answer carries anything that looks like internals.
func noLeak(t *testing.T, a answer) {
	t.Helper()
	low := strings.ToLower(string(a.body))
	for _, bad := range []string{"sqlite", "sql:", "/tmp", ".go:", "goroutine", "panic", "database", "modernc"} {
		if strings.Contains(low, bad) {
			t.Fatalf("answer %d leaks %q: %s", a.status, bad, a.body)
		}
	}
}

func TestBadClients(t *testing.T) {
	ctx := context.Background()
	h := hubtest.NewHub(t)
	good := h.Provision(t, "F1", "gate1")
	other := h.Provision(t, "F1", "gate2")
	revoked := h.Provision(t, "F2", "gate1")
	if err := h.Storage.RevokeTerminal(ctx, hub.TerminalKey{Facility: "F2", Name: "gate1"}, time.Now()); err != nil {
		t.Fatal(err)
	}
	push := h.URL + wire.PathPush
	mine := storagetest.Chain("F1", "gate1", 1, 20, "")
	theirs := storagetest.Chain("F1", "gate2", 1, 5, "")

	cases := []struct {
		name   string
		token  string
		method string
		url    string
		body   []byte
		header map[string]string
		status int
		code   string
	}{
		{"no token", "", "POST", push, pushBody(mine[0]), jsonCT, 401, wire.ErrUnauthorized},
		{"basic auth", "", "POST", push, pushBody(mine[0]), map[string]string{"Content-Type": "application/json", "Authorization": "Basic Zm9vOmJhcg=="}, 401, wire.ErrUnauthorized},
		{"unknown token", "not-a-token", "POST", push, pushBody(mine[0]), jsonCT, 401, wire.ErrUnauthorized},
		{"revoked token", revoked, "POST", push, pushBody(storagetest.Chain("F2", "gate1", 1, 1, "")...), jsonCT, 401, wire.ErrUnauthorized},
		{"revoked token whoami", revoked, "GET", h.URL + wire.PathWhoami, nil, nil, 401, wire.ErrUnauthorized},
		{"another terminal's records", good, "POST", push, pushBody(mine[0], theirs[0]), jsonCT, 403, wire.ErrForbidden},
		{"own records under another token", other, "POST", push, pushBody(mine...), jsonCT, 403, wire.ErrForbidden},
		{"garbage", good, "POST", push, []byte("\x00\x01garbage{"), jsonCT, 400, wire.ErrBadRequest},
		{"not a push", good, "POST", push, []byte(`{"records": 7}`), jsonCT, 400, wire.ErrBadRequest},
		{"trailing data", good, "POST", push, append(pushBody(mine[0]), "{}"...), jsonCT, 400, wire.ErrBadRequest},
		{"bad gzip", good, "POST", push, []byte("not gzip at all"), map[string]string{"Content-Type": "application/json", "Content-Encoding": "gzip"}, 400, wire.ErrBadRequest},
		{"truncated gzip", good, "POST", push, gz(pushBody(mine...))[:100], map[string]string{"Content-Type": "application/json", "Content-Encoding": "gzip"}, 400, wire.ErrBadRequest},
		{"text/plain", good, "POST", push, pushBody(mine[0]), map[string]string{"Content-Type": "text/plain"}, 415, wire.ErrUnsupportedMedia},
		{"brotli", good, "POST", push, pushBody(mine[0]), map[string]string{"Content-Type": "application/json", "Content-Encoding": "br"}, 415, wire.ErrUnsupportedMedia},
		{"GET push", good, "GET", push, nil, nil, 405, wire.ErrMethod},
		{"POST whoami", good, "POST", h.URL + wire.PathWhoami, nil, nil, 405, wire.ErrMethod},
		{"bad cursor", good, "GET", h.URL + wire.PathChanges + "?after=-3", nil, nil, 400, wire.ErrBadRequest},
		{"unknown path", good, "GET", h.URL + "/api/v1/records", nil, nil, 404, wire.ErrNotFound},
		{"oversized", good, "POST", push, bytes.Repeat([]byte(" "), wire.MaxBody+10), jsonCT, 413, wire.ErrTooLarge},
		{"gzip bomb", good, "POST", push, gz(bytes.Repeat([]byte(" "), 64<<20)), map[string]string{"Content-Type": "application/json", "Content-Encoding": "gzip"}, 413, wire.ErrTooLarge},
		{"too many records", good, "POST", push, []byte(`{"records":[` + strings.Repeat(`{},`, wire.MaxBatch) + `{}]}`), jsonCT, 413, wire.ErrTooLarge},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var body io.Reader
			if c.body != nil {
				body = bytes.NewReader(c.body)
			}
			a := call(t, c.method, c.url, c.token, body, c.header)
			if a.status != c.status {
				t.Fatalf("status %d, want %d: %s", a.status, c.status, a.body)
			}
			if got := a.errCode(t); got != c.code {
				t.Fatalf("code %q, want %q", got, c.code)
			}
			if c.status == 401 && a.header.Get("WWW-Authenticate") == "" {
				t.Fatal("401 without WWW-Authenticate")
			}
			noLeak(t, a)
		})
	}

	// A relay's push whose body cannot be read or decoded is answered as a
	// terminal's (bad gzip was 413 "over MaxBody or unreadable" there).
	relay, err := hub.ProvisionRelay(ctx, h.Storage, "F1", "", "F1-hub")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		switch c.name {
		case "garbage", "not a push", "trailing data", "bad gzip", "truncated gzip", "oversized", "gzip bomb", "too many records":
		default:
			continue
		}
		t.Run("relay "+c.name, func(t *testing.T) {
			a := call(t, c.method, h.URL+wire.PathRelayPush, relay, bytes.NewReader(c.body), c.header)
			if a.status != c.status || a.errCode(t) != c.code {
				t.Fatalf("%d %q, want %d %q: %s", a.status, a.errCode(t), c.status, c.code, a.body)
			}
			noLeak(t, a)
		})
	}

	t.Run("oversized without length", func(t *testing.T) {
		// A chunked body announces no length: the limit must hold while reading.
		pr, pw := io.Pipe()
		go func() {
			chunk := bytes.Repeat([]byte(" "), 1<<20)
			for i := 0; i < 12; i++ {
				if _, err := pw.Write(chunk); err != nil {
					return
				}
			}
			pw.Close()
		}()
		a := call(t, "POST", push, good, pr, jsonCT)
		if a.status != 413 || a.errCode(t) != wire.ErrTooLarge {
			t.Fatalf("%d %s", a.status, a.body)
		}
	})

	t.Run("broken hash among good records", func(t *testing.T) {
		broken := mine[1]
		broken.Body = json.RawMessage(`{"allowed":true,"direction":"in","reason":"staff","subject":"staff","badge":"forged"}`)
		a := call(t, "POST", push, good, bytes.NewReader(pushBody(mine[0], broken, mine[2])), jsonCT)
		if a.status != http.StatusUnprocessableEntity {
			t.Fatalf("status %d: %s", a.status, a.body)
		}
		var resp wire.PushResponse
		if err := json.Unmarshal(a.body, &resp); err != nil {
			t.Fatal(err)
		}
		if len(resp.Results) != 3 || resp.Results[0].Status != wire.Stored || resp.Results[1].Status != wire.Rejected ||
			resp.Results[1].Code != wire.CodeBadHash || resp.Results[2].Status != wire.Stored {
			t.Fatalf("results %+v", resp.Results)
		}
		noLeak(t, a)
	})

	t.Run("conflict answers 409", func(t *testing.T) {
		changed := mine[0]
		changed.Guard = "someone else"
		changed.Seal("")
		a := call(t, "POST", push, good, bytes.NewReader(pushBody(changed)), jsonCT)
		if a.status != http.StatusConflict {
			t.Fatalf("status %d: %s", a.status, a.body)
		}
	})

	// Through all of that, the hub stored nothing wrong and serves the others.
	t.Run("others keep being served", func(t *testing.T) {
		a := call(t, "POST", push, good, bytes.NewReader(gz(pushBody(mine...))),
			map[string]string{"Content-Type": "application/json", "Content-Encoding": "gzip"})
		if a.status != 200 {
			t.Fatalf("good push: %d %s", a.status, a.body)
		}
		a = call(t, "POST", push, other, bytes.NewReader(pushBody(theirs...)), jsonCT)
		if a.status != 200 {
			t.Fatalf("other terminal's push: %d %s", a.status, a.body)
		}
		reps, err := hub.VerifyAll(ctx, h.Storage)
		if err != nil {
			t.Fatal(err)
		}
		held := map[string]int64{}
		for _, r := range reps {
			held[r.TerminalKey.String()] = r.Records
			// The record pushed with gate1's id and other content is a
			// second chain from seq 1: kept aside, named, never linked.
			if r.TerminalKey.String() == "F1/gate1" {
				if r.ForkSeq != 1 || r.Missing != 0 || r.BreakSeq != 0 {
					t.Errorf("%s: %+v, want only the fork at seq 1", r.TerminalKey, r)
				}
				continue
			}
			if !r.Intact() {
				t.Errorf("%s not intact: %+v", r.TerminalKey, r)
			}
		}
		if held["F1/gate1"] != 20 || held["F1/gate2"] != 5 || held["F2/gate1"] != 0 {
			t.Fatalf("held %v", held)
		}
		var n int
		h.Storage.DayRecords(ctx, "F1", "2025-03-01", nil, func(r hub.StoredRecord) error {
			if r.ComputeHash() != r.Hash || (r.Terminal == "gate1" && r.Guard != "G1") {
				t.Errorf("wrong record stored: %+v", r.Record)
			}
			n++
			return nil
		})
		if n != 25 {
			t.Fatalf("%d records for F1", n)
		}
	})
}

func TestInternalErrorsDoNotLeak(t *testing.T) {
	h := hubtest.NewHub(t)
	token := h.Provision(t, "F1", "gate1")
	h.Storage.Close() // every query now fails inside the driver
	for _, path := range []string{wire.PathWhoami, "/"} {
		// The session cookie makes the dashboard ask the storage.
		a := call(t, "GET", h.URL+path, token, nil, map[string]string{"Cookie": hub.SessionCookie + "=some-session"})
		if a.status != 500 || a.errCode(t) != wire.ErrInternal {
			t.Fatalf("%s: %d %s", path, a.status, a.body)
		}
		noLeak(t, a)
	}
}

func TestWhoamiAndClockSkew(t *testing.T) {
	ctx := context.Background()
	h := hubtest.NewHub(t)
	token := h.Provision(t, "F1", "gate1")
	skewed := time.Now().Add(-9 * time.Minute).Format(time.RFC3339Nano)
	a := call(t, "GET", h.URL+wire.PathWhoami, token, nil, map[string]string{wire.HeaderClock: skewed, wire.HeaderPending: "42"})
	if a.status != 200 {
		t.Fatalf("%d %s", a.status, a.body)
	}
	var w wire.Whoami
	if err := json.Unmarshal(a.body, &w); err != nil || w.Terminal != "gate1" || w.Facility != "F1" || w.HubTime.IsZero() {
		t.Fatalf("%+v %v", w, err)
	}
	ts, _ := h.Storage.Terminals(ctx)
	if ts[0].Pending != 42 || ts[0].ClockSkew > -8*time.Minute || !ts[0].SkewFlagged(wire.ClockSkewLimit) {
		t.Fatalf("terminal %+v", ts[0])
	}
}

func TestMetrics(t *testing.T) {
	h := hubtest.NewHub(t)
	token := h.Provision(t, "F1", "gate1")
	rs := storagetest.Chain("F1", "gate1", 1, 5, "")
	call(t, "POST", h.URL+wire.PathPush, token, bytes.NewReader(pushBody(rs...)), jsonCT)
	call(t, "POST", h.URL+wire.PathPush, token, bytes.NewReader(pushBody(rs...)), jsonCT)
	a := call(t, "GET", h.URL+"/metrics", hubtest.MetricsToken, nil, nil)
	if a.status != 200 {
		t.Fatal(a.status)
	}
	m := string(a.body)
	for _, want := range []string{
		`gatepost_hub_records_total{outcome="stored"} 5`,
		`gatepost_hub_records_total{outcome="duplicate"} 5`,
		`gatepost_hub_records_total{outcome="conflict"} 0`,
		`gatepost_hub_records_total{outcome="rejected"} 0`,
		`gatepost_hub_push_duration_seconds_count 2`,
		`gatepost_hub_terminal_last_seen_timestamp_seconds{facility="F1",terminal="gate1"}`,
		`gatepost_hub_terminal_records{facility="F1",terminal="gate1"} 5`,
		`gatepost_hub_terminal_chain_intact{facility="F1",terminal="gate1"} 1`,
	} {
		if !strings.Contains(m, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

// The feed refuses a malformed cursor and answers a terminal alone in its
// facility with no peers.
func TestFeedParameters(t *testing.T) {
	h := hubtest.NewHub(t)
	token := h.Provision(t, "F1", "gate1")
	get := func(q string) (*http.Response, string) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, h.URL+wire.PathFeed+q, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp, string(b)
	}
	for _, q := range []string{"?after=gate2", "?after=gate2:-1", "?after=:5", "?limit=0", "?erased_after=x:ab", "?erased_after=7"} {
		if resp, body := get(q); resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, wire.ErrBadRequest) {
			t.Errorf("%s: %d %s", q, resp.StatusCode, body)
		}
	}
	resp, body := get("?after=a:b:7")
	if resp.StatusCode != http.StatusOK || body != `{"peers":[],"records":[],"more":false,"retention":{}}`+"\n" {
		t.Errorf("alone: %d %q", resp.StatusCode, body)
	}
}
