package hub_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
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
	srv := httptest.NewServer(hub.NewServer(st, hub.Options{Logger: hubtest.Quiet(), MaxConcurrentPushes: slots}))
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
	// straight away: that answer also shows the first ones are inside the
	// handler, reading. (Before the fix, they held every slot and these
	// got no answer at all.)
	var pending []*bufio.Reader
	refused := 0
	for i := 0; i < 3*slots; i++ {
		c, br := trickle()
		if i < slots {
			pending = append(pending, br)
			continue
		}
		c.SetReadDeadline(time.Now().Add(20 * time.Second)) // a guard, not a measurement
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			t.Fatalf("trickle %d got no answer while %d others of its token were open: %v", i, slots, err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
			t.Fatalf("trickle %d: %d, want 429 with Retry-After", i, resp.StatusCode)
		}
		refused++
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
	// Ordering: the fast push is done, and no trickle has been answered.
	var wg sync.WaitGroup
	for i, br := range pending {
		wg.Add(1)
		go func() {
			defer wg.Done()
			conns[i].SetReadDeadline(time.Now().Add(50 * time.Millisecond))
			if _, err := br.Peek(1); err == nil {
				t.Errorf("trickle %d was answered before its body was sent", i)
			}
		}()
	}
	wg.Wait()
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
