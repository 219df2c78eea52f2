package hubtest

import (
	"bytes"
	"context"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Faults are the odds (0–1) of each fault the proxy injects into a request.
// At most one of Drop, DropAnswer, CutRequest and CutAnswer happens to a
// request; Duplicate, Reorder and the delay may come on top.
type Faults struct {
	Drop       float64 // close the client's connection without forwarding: the request is lost
	DropAnswer float64 // forward, let the hub answer, then close the client's connection: the answer is lost
	CutRequest float64 // forward only the first part of the body, then cut: the hub sees a truncated request
	CutAnswer  float64 // forward, then send the client half of the answer and cut
	Duplicate  float64 // forward a second copy of the request at the same time
	Reorder    float64 // keep a copy and deliver it later, after other requests
	MaxDelay   time.Duration
}

// ProxyStats counts what the proxy did.
type ProxyStats struct {
	Requests, Forwarded, Drops, DroppedAnswers, CutRequests, CutAnswers, Duplicates, Reordered, Delayed int64
}

// FaultProxy sits between terminals and a hub and breaks things on purpose.
type FaultProxy struct {
	srv    *httptest.Server
	target string
	tr     *http.Transport

	mu     sync.Mutex
	rng    *rand.Rand
	faults Faults
	held   []heldRequest

	wg sync.WaitGroup
	st struct {
		requests, forwarded, drops, droppedAnswers, cutRequests, cutAnswers, duplicates, reordered, delayed atomic.Int64
	}
}

type heldRequest struct {
	method, path, query string
	header              http.Header
	body                []byte
}

// NewFaultProxy starts a proxy in front of target (a base URL).
func NewFaultProxy(t testing.TB, target string, f Faults, seed uint64) *FaultProxy {
	p := &FaultProxy{target: target, faults: f, rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15)),
		tr: &http.Transport{MaxIdleConnsPerHost: 64, ResponseHeaderTimeout: 60 * time.Second}}
	p.srv = httptest.NewServer(http.HandlerFunc(p.serve))
	t.Cleanup(func() {
		p.srv.CloseClientConnections()
		p.srv.Close()
		p.wg.Wait()
		p.tr.CloseIdleConnections()
	})
	return p
}

// URL is the proxy's base URL, to give terminals instead of the hub's.
func (p *FaultProxy) URL() string { return p.srv.URL }

// SetFaults changes the odds, e.g. to zero for a final clean round.
func (p *FaultProxy) SetFaults(f Faults) {
	p.mu.Lock()
	p.faults = f
	p.mu.Unlock()
}

// Stats returns the counters.
func (p *FaultProxy) Stats() ProxyStats {
	return ProxyStats{p.st.requests.Load(), p.st.forwarded.Load(), p.st.drops.Load(), p.st.droppedAnswers.Load(),
		p.st.cutRequests.Load(), p.st.cutAnswers.Load(), p.st.duplicates.Load(), p.st.reordered.Load(), p.st.delayed.Load()}
}

// Flush delivers every held (reordered) request now and waits for the
// answers, which nobody reads.
func (p *FaultProxy) Flush() {
	p.mu.Lock()
	held := p.held
	p.held = nil
	p.mu.Unlock()
	for _, h := range held {
		p.replay(h)
	}
	p.wg.Wait()
}

func (p *FaultProxy) chance(x float64) bool { return x > 0 && p.rng.Float64() < x }

type plan struct {
	delay                            time.Duration
	drop, dropAnswer, cutReq, cutAns bool
	duplicate, reorder               bool
	release                          []heldRequest
}

func (p *FaultProxy) plan() plan {
	p.mu.Lock()
	defer p.mu.Unlock()
	f := p.faults
	var pl plan
	if f.MaxDelay > 0 && p.rng.Float64() < 0.3 {
		pl.delay = time.Duration(p.rng.Int64N(int64(f.MaxDelay)))
	}
	switch x := p.rng.Float64(); {
	case x < f.Drop:
		pl.drop = true
	case x < f.Drop+f.DropAnswer:
		pl.dropAnswer = true
	case x < f.Drop+f.DropAnswer+f.CutRequest:
		pl.cutReq = true
	case x < f.Drop+f.DropAnswer+f.CutRequest+f.CutAnswer:
		pl.cutAns = true
	}
	pl.duplicate = p.chance(f.Duplicate)
	pl.reorder = p.chance(f.Reorder)
	// Held copies go out after a few later requests, in random order.
	if len(p.held) > 0 && p.rng.Float64() < 0.3 {
		p.rng.Shuffle(len(p.held), func(i, j int) { p.held[i], p.held[j] = p.held[j], p.held[i] })
		n := 1 + p.rng.IntN(len(p.held))
		pl.release = append(pl.release, p.held[:n]...)
		p.held = append([]heldRequest(nil), p.held[n:]...)
	}
	return pl
}

func (p *FaultProxy) serve(w http.ResponseWriter, r *http.Request) {
	p.st.requests.Add(1)
	body, err := io.ReadAll(r.Body)
	if err != nil {
		hangUp(w)
		return
	}
	h := heldRequest{method: r.Method, path: r.URL.Path, query: r.URL.RawQuery, header: r.Header.Clone(), body: body}
	pl := p.plan()
	for _, x := range pl.release {
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			p.replay(x)
		}()
	}
	if pl.delay > 0 {
		p.st.delayed.Add(1)
		time.Sleep(pl.delay)
	}
	if pl.reorder {
		p.st.reordered.Add(1)
		p.mu.Lock()
		p.held = append(p.held, h)
		p.mu.Unlock()
	}
	if pl.drop {
		p.st.drops.Add(1)
		hangUp(w)
		return
	}
	if pl.duplicate {
		p.st.duplicates.Add(1)
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			p.replay(h)
		}()
	}
	if pl.cutReq && len(body) > 1 {
		p.st.cutRequests.Add(1)
		p.forwardCut(r.Context(), h)
		hangUp(w)
		return
	}
	resp, err := p.forward(r.Context(), h, body)
	if err != nil {
		hangUp(w)
		return
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(resp.Body)
	if err != nil {
		hangUp(w)
		return
	}
	p.st.forwarded.Add(1)
	if pl.dropAnswer {
		p.st.droppedAnswers.Add(1)
		hangUp(w)
		return
	}
	for k, vs := range resp.Header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	w.Header().Set("Content-Length", strconv.Itoa(len(answer)))
	if pl.cutAns && len(answer) > 1 {
		p.st.cutAnswers.Add(1)
		w.WriteHeader(resp.StatusCode)
		w.Write(answer[:len(answer)/2])
		http.NewResponseController(w).Flush()
		hangUp(w)
		return
	}
	w.WriteHeader(resp.StatusCode)
	w.Write(answer)
}

func (p *FaultProxy) request(ctx context.Context, h heldRequest, body io.Reader, length int) (*http.Request, error) {
	u := p.target + h.path
	if h.query != "" {
		u += "?" + h.query
	}
	req, err := http.NewRequestWithContext(ctx, h.method, u, body)
	if err != nil {
		return nil, err
	}
	for _, k := range []string{"Authorization", "Content-Type", "Content-Encoding", "Accept", "User-Agent",
		"Gatepost-Clock", "Gatepost-Pending", "Gatepost-Uptime-Ms"} {
		if v := h.header.Get(k); v != "" {
			req.Header.Set(k, v)
		}
	}
	req.ContentLength = int64(length)
	return req, nil
}

func (p *FaultProxy) forward(ctx context.Context, h heldRequest, body []byte) (*http.Response, error) {
	req, err := p.request(ctx, h, bytes.NewReader(body), len(body))
	if err != nil {
		return nil, err
	}
	return p.tr.RoundTrip(req)
}

// forwardCut announces the whole body but sends only part of it; the
// transport then gives up on the connection, so the hub reads a body that
// stops short.
func (p *FaultProxy) forwardCut(ctx context.Context, h heldRequest) {
	req, err := p.request(ctx, h, bytes.NewReader(h.body[:len(h.body)/2]), len(h.body))
	if err != nil {
		return
	}
	if resp, err := p.tr.RoundTrip(req); err == nil {
		resp.Body.Close()
	}
}

// replay sends a copy whose answer nobody reads.
func (p *FaultProxy) replay(h heldRequest) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if resp, err := p.forward(ctx, h, h.body); err == nil {
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
}

// hangUp closes the client's connection without an answer.
func hangUp(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler) // the server closes the connection
	}
	conn.Close()
}
