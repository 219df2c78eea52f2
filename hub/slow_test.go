package hub_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"gatepost/hub"
	"gatepost/hub/hubtest"
	"gatepost/hub/internal/storagetest"
	"gatepost/hub/wire"
)

// TestSlowUploadsDoNotStarveOthers: one token trickles pushes on many
// connections, more than the hub has push slots. Its first pushes wait on
// their own connections (reading), the rest are answered 429 at once, and
// another terminal's push is answered while every trickle is still open.
func TestSlowUploadsDoNotStarveOthers(t *testing.T) {
	ctx := context.Background()
	path := t.TempDir() + "/hub.db"
	st, err := hub.OpenSQLite(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	const slots = 2
	srv := httptest.NewServer(hub.NewServer(st, hub.Options{Logger: hubtest.Quiet(), MaxConcurrentPushes: slots, MaxPushesPerToken: slots}))
	defer srv.Close()
	slow, err := hub.Provision(ctx, st, "F1", "", "slow")
	if err != nil {
		t.Fatal(err)
	}
	fast, err := hub.Provision(ctx, st, "F1", "", "fast")
	if err != nil {
		t.Fatal(err)
	}

	// Each trickle announces a 1 MB body and sends its first bytes only.
	addr := strings.TrimPrefix(srv.URL, "http://")
	var conns []net.Conn
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	trickle := func() (net.Conn, *bufio.Reader) {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
		fmt.Fprintf(c, "POST %s HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{\"records\":[",
			wire.PathPush, slow)
		return c, bufio.NewReader(c)
	}
	// The hub must answer every trickle beyond the token's allowance
	// straight away: those answers also show that the others are inside the
	// handler, reading. (Before the fix, the first ones held every slot and
	// the rest got no answer at all.) Which trickles get in is the
	// scheduler's choice, so every connection is read at once.
	type answered struct {
		i    int
		code int
		err  error
	}
	answers := make(chan answered, 3*slots)
	readers := make([]*bufio.Reader, 3*slots)
	for i := range readers {
		_, br := trickle()
		readers[i] = br
	}
	var got sync.Map
	for i, br := range readers {
		go func() {
			resp, err := http.ReadResponse(br, nil)
			if err != nil {
				answers <- answered{i, 0, err}
				return
			}
			resp.Body.Close()
			got.Store(i, true)
			if resp.Header.Get("Retry-After") == "" {
				resp.StatusCode = -resp.StatusCode
			}
			answers <- answered{i, resp.StatusCode, nil}
		}()
	}
	guard := time.After(20 * time.Second) // a guard against a hang, not a measurement
	refused := 0
	for refused < 2*slots {
		select {
		case a := <-answers:
			if a.err != nil || a.code != http.StatusTooManyRequests {
				t.Fatalf("trickle %d: %d %v, want 429 with Retry-After", a.i, a.code, a.err)
			}
			refused++
		case <-guard:
			t.Fatalf("only %d of the %d trickles beyond the token's allowance were answered", refused, 2*slots)
		}
	}
	var pending []int
	for i := range readers {
		if _, ok := got.Load(i); !ok {
			pending = append(pending, i)
		}
	}

	// Another terminal pushes now, while the trickles hold their connections.
	rs := storagetest.Chain("F1", "fast", 1, 200, "")
	start := time.Now()
	pctx, cancel := context.WithTimeout(ctx, 30*time.Second) // a guard against a hang, not a threshold
	defer cancel()
	req, _ := http.NewRequestWithContext(pctx, "POST", srv.URL+wire.PathPush, bytes.NewReader(pushBody(rs...)))
	req.Header.Set("Authorization", "Bearer "+fast)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("the other terminal's push was not answered while the slow token trickled: %v", err)
	}
	resp.Body.Close()
	waited := time.Since(start)
	if resp.StatusCode != 200 {
		t.Fatalf("the other terminal's push: %d", resp.StatusCode)
	}
	// Ordering: the fast push is done, and the trickles inside are still
	// unanswered (their bodies are not sent).
	if len(pending) != slots {
		t.Fatalf("%d trickles left open, want %d", len(pending), slots)
	}
	select {
	case a := <-answers:
		t.Fatalf("trickle %d was answered (%d %v) before its body was sent", a.i, a.code, a.err)
	default:
	}
	ts, _ := st.Terminals(ctx)
	for _, x := range ts {
		if x.Name == "fast" && x.Chain.HeadSeq != 200 {
			t.Fatalf("fast terminal's head %d", x.Chain.HeadSeq)
		}
	}
	t.Logf("%d trickles open on %d push slots (%d refused with 429): the other terminal's push of 200 records waited %v",
		slots, slots, refused, waited)
}

// TestLimitListener: with n connections open, the next Accept waits until
// one of them closes.
func TestLimitListener(t *testing.T) {
	raw, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln := hub.LimitListener(raw, 2)
	defer ln.Close()
	for i := 0; i < 3; i++ {
		c, err := net.Dial("tcp", raw.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
	}
	a, err := ln.Accept()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ln.Accept(); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var events []string
	note := func(s string) { mu.Lock(); events = append(events, s); mu.Unlock() }
	done := make(chan struct{})
	go func() {
		defer close(done)
		if c, err := ln.Accept(); err == nil {
			note("third accepted")
			c.Close()
		}
	}()
	time.Sleep(50 * time.Millisecond) // gives a listener without a cap the time to accept first
	note("first closed")
	a.Close()
	<-done
	if fmt.Sprint(events) != "[first closed third accepted]" {
		t.Fatalf("events %v: the third connection was accepted while two were open", events)
	}
	ln.Close()
	if _, err := ln.Accept(); err == nil {
		t.Fatal("accept after close")
	}
}

// lockedBuffer is a log destination the server's goroutines may share.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestCutUploadIsLoggedAsClientGone: a push (a terminal's or a relay's)
// whose client goes away in the middle of its body is logged as 499 (the
// client went away), not as the 200 nobody was sent (seen as an operator:
// a killed upload read "status 200, ms 6190" in the hub's log).
func TestCutUploadIsLoggedAsClientGone(t *testing.T) {
	for _, path := range []string{wire.PathPush, wire.PathRelayPush} {
		t.Run(path, func(t *testing.T) {
			var logs lockedBuffer
			c := partialPush(t, hub.Options{Logger: slog.New(slog.NewJSONHandler(&logs, nil))}, 0, path)
			// The hub reads what was sent, then finds the connection gone.
			c.Close()
			deadline := time.Now().Add(10 * time.Second) // a guard against a hang, not a measurement
			for {
				for _, line := range strings.Split(logs.String(), "\n") {
					if strings.Contains(line, `"msg":"request"`) && strings.Contains(line, `"path":"`+path+`"`) {
						if !strings.Contains(line, `"status":499`) {
							t.Fatalf("a cut upload was logged as %s, want status 499", line)
						}
						return
					}
				}
				if time.Now().After(deadline) {
					t.Fatalf("no request line for the cut upload in %q", logs.String())
				}
				time.Sleep(10 * time.Millisecond)
			}
		})
	}
}

// TestReadTimeoutIsAnswered: a push (a terminal's or a relay's) whose body
// does not arrive within the server's read timeout, from a client still
// connected, is answered with an error that says so, not with the empty
// 200 net/http sends for a handler that writes nothing.
func TestReadTimeoutIsAnswered(t *testing.T) {
	for _, path := range []string{wire.PathPush, wire.PathRelayPush} {
		t.Run(path, func(t *testing.T) {
			// The setting under test, as ListenAndServe sets 2 minutes.
			c := partialPush(t, hub.Options{Logger: hubtest.Quiet()}, 300*time.Millisecond, path)
			c.SetReadDeadline(time.Now().Add(20 * time.Second)) // a guard against a hang, not a measurement
			resp, err := http.ReadResponse(bufio.NewReader(c), nil)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var e wire.Error
			if err := json.NewDecoder(resp.Body).Decode(&e); err != nil || resp.StatusCode != http.StatusBadRequest || !strings.Contains(e.Message, "read timeout") {
				t.Fatalf("a body cut by the read timeout: %d %+v %v", resp.StatusCode, e, err)
			}
		})
	}
}

// partialPush serves a hub with opts (and the read timeout, if not zero)
// for one test, and starts a push to path (wire.PathPush, by terminal
// F1/gate1, or wire.PathRelayPush, by facility F1's relay) on a connection
// of its own: the request announces a 1 MB body and sends its first bytes
// only. The connection is closed after the test.
func partialPush(t *testing.T, opts hub.Options, readTimeout time.Duration, path string) net.Conn {
	t.Helper()
	ctx := context.Background()
	st := openSQLiteTemp(t)
	t.Cleanup(func() { st.Close() })
	srv := httptest.NewUnstartedServer(hub.NewServer(st, opts))
	srv.Config.ReadTimeout = readTimeout
	srv.Start()
	t.Cleanup(srv.Close)
	var token string
	var err error
	if path == wire.PathRelayPush {
		token, err = hub.ProvisionRelay(ctx, st, "F1", "", "f1-hub")
	} else {
		token, err = hub.Provision(ctx, st, "F1", "", "gate1")
	}
	if err != nil {
		t.Fatal(err)
	}
	c, err := net.Dial("tcp", strings.TrimPrefix(srv.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	fmt.Fprintf(c, "POST %s HTTP/1.1\r\nHost: hub\r\nAuthorization: Bearer %s\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n{\"records\":[",
		path, token)
	return c
}
