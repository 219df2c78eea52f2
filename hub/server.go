// Package hub is the hub the terminals sync to (§7, §8): the HTTP API they
// push records to and pull reference data and notices from, the read-only
// dashboard, Prometheus metrics, the consolidated daily report and chain
// verification, on a storage kept behind one interface (Storage).
//
// The protocol is documented in docs/PROTOCOL.md; its types are in package
// hub/wire.
package hub

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/http"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"gatepost/hub/wire"
	"gatepost/internal/buildinfo"
)

// Options tune a Server. The zero value is usable.
type Options struct {
	// Logger receives structured logs; JSON on stderr when nil.
	Logger *slog.Logger
	// Now is the hub's clock; time.Now when nil.
	Now func() time.Time
	// MaxConcurrentPushes bounds the pushes decoded and stored at once.
	// A push takes its slot only once its body is read whole, so a slow
	// upload holds no slot: a terminal on a bad link cannot make the others
	// wait. Others wait their turn. Default 8.
	MaxConcurrentPushes int
	// MaxPushesPerToken bounds the pushes of one token in flight at once,
	// reading included: more are answered 429 at once. It bounds what one
	// token (a stuck or hostile client on many connections) can make the hub
	// hold in memory. Default 4: a terminal sends one push at a time, but a
	// retry may arrive while the hub still works on the attempt whose
	// connection was cut.
	MaxPushesPerToken int
	// MetricsToken is the bearer token GET /metrics demands. Without one
	// this handler serves no metrics: they are either guarded by a token or
	// served on their own listener (ServeConfig.MetricsAddr, Server.Metrics).
	MetricsToken string
	// SessionTTL is how long a dashboard sign-in lasts; DefaultSessionTTL
	// when zero.
	SessionTTL time.Duration
	// DashboardGap is the least time between two readings of the store for
	// the dashboard's figures of one day, which the viewers asking for them
	// meanwhile share (see rounds); DefaultDashboardGap when zero.
	DashboardGap time.Duration
	// SecureCookies marks the session cookie Secure even on plain HTTP
	// requests, for a hub behind a TLS-terminating proxy. Requests that
	// arrive over TLS get Secure cookies regardless.
	SecureCookies bool
}

// Server is the hub's HTTP side. It keeps no state that matters between
// requests besides its metrics: everything is in the Storage.
type Server struct {
	st   Storage
	log  *slog.Logger
	now  func() time.Time
	m    *metrics
	sem  chan struct{}
	mux  *http.ServeMux
	dash *dashboard

	// checking lets pushes through decoding and their checks (see
	// checkStage).
	checking checkStage

	perToken   int
	inflightMu sync.Mutex
	inflight   map[TerminalKey]*pushQueue // pushes in flight per terminal
	// done is, per terminal, the highest seq of a push this process has
	// answered: with the head read at authentication, how far the
	// terminal's chain reaches as far as this process knows.
	done map[TerminalKey]int64

	fresh *notifier // wakes the facility feed's long polls

	span pageSpan // the days the dashboard's pages may show, read lately

	metricsToken  string
	sessionTTL    time.Duration
	secureCookies bool
	throttle      *signInThrottle
}

// pushQueue is a terminal's pushes in flight.
type pushQueue struct {
	tickets []*ticket
	changed chan struct{} // closed and replaced whenever a ticket changes
}

// ticket is one push in flight and, once decoded, the lowest seq it
// carries.
type ticket struct {
	lo, hi  int64 // 0 until decoded (or when it carries no record)
	decoded bool
}

// signal wakes the pushes waiting on q; the caller holds inflightMu.
func (q *pushQueue) signal() {
	close(q.changed)
	q.changed = make(chan struct{})
}

// enter counts a push of terminal k in flight, unless it already has the
// most it may; leave undoes it.
func (s *Server) enter(k TerminalKey) *ticket {
	s.inflightMu.Lock()
	defer s.inflightMu.Unlock()
	q := s.inflight[k]
	if q == nil {
		q = &pushQueue{changed: make(chan struct{})}
		s.inflight[k] = q
	}
	if len(q.tickets) >= s.perToken {
		return nil
	}
	t := &ticket{}
	q.tickets = append(q.tickets, t)
	q.signal()
	return t
}

// leave ends a push; answered says the hub answered it (its records are
// stored or refused).
func (s *Server) leave(k TerminalKey, t *ticket, answered bool) {
	s.inflightMu.Lock()
	defer s.inflightMu.Unlock()
	q := s.inflight[k]
	for i, x := range q.tickets {
		if x == t {
			q.tickets = append(q.tickets[:i], q.tickets[i+1:]...)
			break
		}
	}
	if answered && t.hi > s.done[k] {
		s.done[k] = t.hi
	}
	q.signal()
	if len(q.tickets) == 0 {
		delete(s.inflight, k)
	}
}

// maxTurnWait bounds how long a push waits for an earlier one of its
// terminal; after it, it goes on (the answers are the same either way).
const maxTurnWait = 10 * time.Second

// gapGrace is how long a push that starts above a gap waits for the push
// that should close it to show up: the two may reach the hub in either
// order on separate connections.
const gapGrace = 300 * time.Millisecond

// waitTurn lets a terminal's pushes reach the store in the order of their
// records. A terminal may have a second push on the wire while the hub
// stores the first (syncer.SyncOptions.InFlight); stored the other way round,
// the second's records would wait above a gap until the first closes it,
// which is correct but costs a detour through the waiting table. So a push
// waits while another push of its terminal is not decoded yet (its seqs are
// not known: arrival order on separate connections proves nothing), or
// carries lower seqs, until that one is decoded or stored.
func (s *Server) waitTurn(ctx context.Context, t Terminal, me *ticket, items []Pushed) {
	k := t.TerminalKey
	lo, hi := int64(0), int64(0)
	for _, it := range items {
		if it.Malformed == "" {
			if lo == 0 || it.Record.Seq < lo {
				lo = it.Record.Seq
			}
			hi = max(hi, it.Record.Seq)
		}
	}
	s.inflightMu.Lock()
	me.lo, me.hi, me.decoded = lo, hi, true
	q := s.inflight[k]
	q.signal()
	s.inflightMu.Unlock()
	if lo == 0 {
		return
	}
	timeout := time.NewTimer(maxTurnWait)
	defer timeout.Stop()
	var grace <-chan time.Time
	graceOver := false
	for {
		s.inflightMu.Lock()
		blocked := false
		for _, x := range q.tickets {
			if x != me && (!x.decoded || (x.lo > 0 && x.lo < lo)) {
				blocked = true
				break
			}
		}
		// Above a gap, with nothing in flight to close it: the push that
		// will may not have reached the hub yet. Give it a moment.
		gap := lo > max(t.Chain.HeadSeq, s.done[k])+1
		ch := q.changed
		s.inflightMu.Unlock()
		if !blocked && (!gap || graceOver) {
			return
		}
		if !blocked && grace == nil {
			g := time.NewTimer(gapGrace)
			defer g.Stop()
			grace = g.C
		}
		select {
		case <-ch:
		case <-grace:
			graceOver, grace = true, nil
		case <-ctx.Done():
			return
		case <-timeout.C:
			return
		}
	}
}

// NewServer builds the hub's HTTP handler on a storage.
func NewServer(st Storage, opts Options) *Server {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.NewJSONHandler(os.Stderr, nil))
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.MaxConcurrentPushes <= 0 {
		opts.MaxConcurrentPushes = 8
	}
	if opts.MaxPushesPerToken <= 0 {
		opts.MaxPushesPerToken = 4
	}
	if opts.SessionTTL <= 0 {
		opts.SessionTTL = DefaultSessionTTL
	}
	s := &Server{st: st, log: opts.Logger, now: opts.Now, m: newMetrics(st, opts.Now),
		sem: make(chan struct{}, opts.MaxConcurrentPushes), checking: make(checkStage, runtime.GOMAXPROCS(0)), mux: http.NewServeMux(),
		perToken: opts.MaxPushesPerToken, inflight: map[TerminalKey]*pushQueue{}, done: map[TerminalKey]int64{},
		fresh: newNotifier(), metricsToken: opts.MetricsToken, sessionTTL: opts.SessionTTL, secureCookies: opts.SecureCookies,
		throttle: newSignInThrottle(st, opts.Logger)}
	s.dash = newDashboard(st, opts.Now, opts.DashboardGap)
	s.mux.HandleFunc(wire.PathWhoami, s.whoami)
	s.mux.HandleFunc(wire.PathPush, s.push)
	s.mux.HandleFunc(wire.PathChanges, s.changes)
	s.mux.HandleFunc(wire.PathFeed, s.feed)
	s.mux.HandleFunc(wire.PathIdentities, s.identities)
	s.mux.HandleFunc(wire.PathRelayPush, s.relayPush)
	s.mux.HandleFunc(wire.PathRelayChanges, s.relayChanges)
	s.mux.HandleFunc(wire.PathRelayHeads, s.relayHeads)
	s.mux.HandleFunc("/metrics", s.guardedMetrics)
	s.mux.HandleFunc("/login", s.login)
	s.mux.HandleFunc("/logout", s.logout)
	s.mux.HandleFunc("/audit", s.auditPage)
	s.mux.HandleFunc("/notices", s.noticesPage)
	s.mux.HandleFunc("/users", s.usersPage)
	s.mux.HandleFunc("/facility", s.facilityDay)
	s.mux.HandleFunc("/history", s.facilityHistory)
	// /healthz is liveness: the process answers. /readyz is readiness: the
	// database answers too, so a balancer sends no terminal to a hub that
	// cannot store its records.
	s.mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		io.WriteString(w, "ok\n")
	})
	s.mux.HandleFunc("/readyz", s.readyz)
	s.mux.HandleFunc("/{$}", s.dashboard)
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, wire.ErrNotFound, "no such page")
	})
	return s
}

// readyz answers 200 when the database answers within a few seconds, 503
// otherwise (the reason is logged, never sent).
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
	defer cancel()
	if err := s.st.Ping(ctx); err != nil {
		s.log.Warn("not ready: the database does not answer", "err", err.Error())
		writeError(w, http.StatusServiceUnavailable, wire.ErrUnavailable, "the hub is not ready: its storage does not answer")
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	io.WriteString(w, "ready\n")
}

// ServeHTTP routes a request, logging it and turning a panic into a plain
// 500 answer (the panic is logged, never sent).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rec := &statusWriter{ResponseWriter: w, code: http.StatusOK}
	defer func() {
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler {
				panic(p)
			}
			s.log.Error("panic", "path", r.URL.Path, "panic", fmt.Sprint(p))
			if !rec.wrote {
				writeError(rec, http.StatusInternalServerError, wire.ErrInternal, "the hub failed; try again later")
			}
		}
		if !rec.wrote && r.Context().Err() != nil {
			// The client went away before it was answered (an upload cut
			// off, a long poll closed): logged and counted as such, as a
			// proxy would (499), not as the 200 nobody was sent.
			rec.code = statusClientGone
		}
		route := route(r.URL.Path)
		s.m.requests.WithLabelValues(route, strconv.Itoa(rec.code)).Inc()
		if route != "/metrics" && route != "/healthz" && route != "/readyz" {
			s.log.Info("request", "method", r.Method, "path", r.URL.Path, "status", rec.code,
				"ms", time.Since(start).Milliseconds(), "remote", r.RemoteAddr, "terminal", rec.terminal)
		}
	}()
	s.mux.ServeHTTP(rec, r)
}

// route bounds the label values of the request counter.
func route(p string) string {
	switch p {
	case "/", "/login", "/logout", "/audit", "/notices", "/users", "/facility", "/history", wire.PathWhoami, wire.PathPush, wire.PathChanges, wire.PathIdentities, "/metrics", "/healthz", "/readyz":
		return p
	}
	return "other"
}

// statusClientGone is the status logged and counted for a request whose
// client went away before it was answered (nginx's 499).
const statusClientGone = 499

type statusWriter struct {
	http.ResponseWriter
	code     int
	wrote    bool
	terminal string
}

func (w *statusWriter) WriteHeader(code int) {
	if !w.wrote {
		w.code, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	w.wrote = true
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection.
func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// writeJSON answers v as JSON. Nothing is HTML-escaped: a record's body
// travels as the bytes hashed (PROTOCOL §2), and json.Marshal wrote every
// &, < and > in it as \u0026 …, so a client hashing the feed's bytes
// refused every peer record holding one. An answer is never read as HTML
// (its type, nosniff).
func writeJSON(w http.ResponseWriter, code int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	b := []byte(`{"code":"internal","message":"the hub failed; try again later"}` + "\n")
	if err := enc.Encode(v); err == nil { // Encode ends it with a newline
		b = buf.Bytes()
	} else {
		code = http.StatusInternalServerError
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(code)
	w.Write(b)
}

func writeError(w http.ResponseWriter, code int, errCode, msg string) {
	if code == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="gatepost"`)
	}
	writeJSON(w, code, wire.Error{Code: errCode, Message: msg})
}

// internal answers 500 and logs the real error: the client learns only that
// the hub failed.
func (s *Server) internal(w http.ResponseWriter, r *http.Request, err error) {
	s.log.Error("internal error", "path", r.URL.Path, "err", err.Error())
	writeError(w, http.StatusInternalServerError, wire.ErrInternal, "the hub failed; try again later")
}

func allow(w http.ResponseWriter, r *http.Request, method string) bool {
	if r.Method == method || (method == http.MethodGet && r.Method == http.MethodHead) {
		return true
	}
	w.Header().Set("Allow", method)
	writeError(w, http.StatusMethodNotAllowed, wire.ErrMethod, "use "+method)
	return false
}

// authenticate finds the terminal of the request's bearer token.
func (s *Server) authenticate(w http.ResponseWriter, r *http.Request) (Terminal, bool) {
	h := r.Header.Get("Authorization")
	scheme, token, _ := strings.Cut(h, " ")
	token = strings.TrimSpace(token)
	if !strings.EqualFold(scheme, "Bearer") || token == "" {
		writeError(w, http.StatusUnauthorized, wire.ErrUnauthorized, "a bearer token is required")
		return Terminal{}, false
	}
	if len(token) > 512 {
		writeError(w, http.StatusUnauthorized, wire.ErrUnauthorized, "unknown token")
		return Terminal{}, false
	}
	t, err := s.st.TerminalByToken(r.Context(), HashToken(token))
	if errors.Is(err, ErrNotFound) {
		writeError(w, http.StatusUnauthorized, wire.ErrUnauthorized, "unknown token")
		return Terminal{}, false
	}
	if err != nil {
		s.internal(w, r, err)
		return Terminal{}, false
	}
	if sw, ok := w.(*statusWriter); ok {
		sw.terminal = t.TerminalKey.String()
	}
	if t.Revoked() {
		writeError(w, http.StatusUnauthorized, wire.ErrUnauthorized, "token revoked")
		return Terminal{}, false
	}
	return t, true
}

// seen reads what the terminal says about itself in the request headers.
func (s *Server) seen(r *http.Request) Seen {
	sn := Seen{At: s.now(), Pending: -1, Version: buildinfo.VersionFromUserAgent(r.UserAgent())}
	if c := r.Header.Get(wire.HeaderClock); c != "" {
		if t, err := time.Parse(time.RFC3339Nano, c); err == nil {
			sn.ClockSkew, sn.HasClock = t.Sub(sn.At), true
		}
	}
	if p := r.Header.Get(wire.HeaderPending); p != "" {
		if n, err := strconv.ParseInt(p, 10, 64); err == nil && n >= 0 {
			sn.Pending = n
		}
	}
	return sn
}

func (s *Server) touch(r *http.Request, t Terminal) {
	if err := s.st.Touch(r.Context(), t.TerminalKey, s.seen(r)); err != nil {
		s.log.Warn("touch failed", "terminal", t.TerminalKey.String(), "err", err.Error())
	}
}

func (s *Server) whoami(w http.ResponseWriter, r *http.Request) {
	if !allow(w, r, http.MethodGet) {
		return
	}
	t, ok := s.authenticate(w, r)
	if !ok {
		return
	}
	s.touch(r, t)
	if p, err := strconv.ParseInt(r.Header.Get(wire.HeaderPushed), 10, 64); err == nil && p > t.Chain.HeadSeq && t.Chain.ForkSeq == 0 {
		// The terminal holds answers for records the hub does not hold: it
		// lost them (restored from a backup). The terminal sends them again.
		s.log.Warn("the hub holds less of this terminal's chain than it once answered (restored from a backup?); the terminal will send the rest again",
			"terminal", t.TerminalKey.String(), "hub_head", t.Chain.HeadSeq, "terminal_pushed", p, "missing", p-t.Chain.HeadSeq)
	}
	name := t.Facility
	if fs, err := s.st.Facilities(r.Context()); err == nil {
		for _, f := range fs {
			if f.ID == t.Facility {
				name = f.Name
			}
		}
	}
	writeJSON(w, http.StatusOK, wire.Whoami{Terminal: t.Name, Facility: t.Facility, FacilityName: name,
		HubTime: s.now(), HeadSeq: t.Chain.HeadSeq, HeadHash: t.Chain.HeadHash, Fork: t.Chain.fork()})
}

var (
	errTooLarge = errors.New("too large")
	errBadBody  = errors.New("bad body")
)

// bodies holds the buffers push bodies are inflated into, for the next
// push: one of last time's size takes a body without the doubling copies
// of a growing read. A buffer goes back once its push is decoded
// (DecodePush keeps no reference into the body). A channel, not a
// sync.Pool: a busy hub collects garbage many times a second, and a
// sync.Pool is emptied by every other collection. At most 16 buffers of at
// most 1 MiB are kept: bodies are inflated only in the check stage, a few
// at a time.
var bodies = make(chan *bytes.Buffer, 16)

// sent holds the buffers push bodies are read off the wire into, as sent
// (gzipped, mostly: 71 KB for a terminal's batch of 1,000 records, 427 KB
// inflated). At a shift change every terminal's pushes are read at once
// and wait for the check stage; kept compressed until then, the hundred
// pushes of fifty terminals hold 7 MB where they held 43 MB, each buffer
// grown by doubling from nothing.
var sent = make(chan *bytes.Buffer, 64)

const maxKeptBody = 1 << 20

// gzReaders keeps gzip readers (each holds a decompressor's tables) for
// the next gzipped request.
var gzReaders sync.Pool

func takeBuffer(pool chan *bytes.Buffer) *bytes.Buffer {
	select {
	case buf := <-pool:
		buf.Reset()
		return buf
	default:
		return new(bytes.Buffer)
	}
}

func keepBuffer(pool chan *bytes.Buffer, buf *bytes.Buffer) {
	if buf.Cap() <= maxKeptBody {
		select {
		case pool <- buf:
		default:
		}
	}
}

// readPush reads a push body (gzipped when gz) and decodes it: errTooLarge
// or errBadBody for the reading and inflating, DecodePush's errors for the
// rest. admit is called once the body is in memory, as sent, and its error
// returned: what follows, inflating included, is work for the cores alone
// (see checkStage).
func readPush(w http.ResponseWriter, r *http.Request, gz bool, admit func() error) ([]Pushed, error) {
	raw := takeBuffer(sent)
	defer keepBuffer(sent, raw)
	if err := readSent(w, r, raw); err != nil {
		return nil, err
	}
	if err := admit(); err != nil {
		return nil, err
	}
	body := raw
	if gz {
		body = takeBuffer(bodies)
		defer keepBuffer(bodies, body)
		if err := inflate(raw.Bytes(), body); err != nil {
			return nil, err
		}
	}
	if testHookDecode != nil {
		testHookDecode()
	}
	return DecodePush(body.Bytes())
}

// readStaged reads a push body (readPush), then inflates and decodes it
// in the check stage, in the order bodies were read; start, when set,
// starts checking what decoded, and the place is given back once those
// checks are done (at once without).
func (s *Server) readStaged(w http.ResponseWriter, r *http.Request, gz bool, start func([]Pushed) *pushChecks) ([]Pushed, *pushChecks, error) {
	staged := false
	defer func() {
		if staged { // a panic while decoding must not keep the place
			<-s.checking
		}
	}()
	items, err := readPush(w, r, gz, func() error {
		err := s.checking.enter(r.Context())
		staged = err == nil
		return err
	})
	var checks *pushChecks
	if staged {
		if err == nil && start != nil {
			checks = start(items)
		}
		staged = false
		s.checking.leaveOnceChecked(checks)
	}
	return items, checks, err
}

// unreadPush answers a push whose body was not read for want of its
// client, and returns the status (0 when err is not that): told when the
// server's read timeout cut the body off (the client is still there to
// hear it), left unanswered when the client went away (statusClientGone).
func unreadPush(w http.ResponseWriter, r *http.Request, err error) int {
	switch {
	case errors.Is(err, os.ErrDeadlineExceeded):
		writeError(w, http.StatusBadRequest, wire.ErrBadRequest, "the body did not arrive within the hub's read timeout")
		return http.StatusBadRequest
	case r.Context().Err() != nil:
		return statusClientGone
	}
	return 0
}

// checkStage lets pushes into decoding and checking in the order their
// bodies were read, as many at a time as there are cores. Let in all at
// once, the pushes of a shift change's burst shared the cores evenly and
// so all finished their checks together at the end of the burst, while
// the one SQLite writer, which stores a push only once it is checked, sat
// idle: 300–390 ms of a 1.2 s shift change of 50 terminals. In order, the
// first to arrive are ready first and the writer starts on them. The work
// inside is for the cores alone (the body is already in memory), so a
// slow client never holds a place.
type checkStage chan struct{}

// enter waits for a place, or for ctx to end.
func (c checkStage) enter(ctx context.Context) error {
	select {
	case c <- struct{}{}: // blocked senders are served in the order they came
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// leaveOnceChecked gives the place back once p's checks are done, at once
// when there are none to wait for (a push that did not decode, or one the
// store checks within its own transaction).
func (c checkStage) leaveOnceChecked(p *pushChecks) {
	if p == nil {
		<-c
		return
	}
	go func() {
		p.wg.Wait()
		<-c
	}()
}

// bodyError is the answer to a push, a terminal's or a relay's, whose body
// could not be read or decoded (readStaged's error).
func bodyError(err error) (status int, code, msg string) {
	switch {
	case errors.Is(err, errTooLarge):
		return http.StatusRequestEntityTooLarge, wire.ErrTooLarge, fmt.Sprintf("the body is over %d bytes", wire.MaxBody)
	case errors.Is(err, errBadBody):
		return http.StatusBadRequest, wire.ErrBadRequest, "the body could not be read (cut short, or not valid gzip)"
	case errors.Is(err, ErrTooMany):
		return http.StatusRequestEntityTooLarge, wire.ErrTooLarge, fmt.Sprintf("at most %d records per push", wire.MaxBatch)
	case errors.Is(err, ErrNotPush):
		return http.StatusBadRequest, wire.ErrBadRequest, err.Error() // says what is wrong with the body
	}
	return http.StatusBadRequest, wire.ErrBadRequest, ErrNotPush.Error()
}

// testHookDecode, when set (by tests), is called before each push is
// decoded.
var testHookDecode func()

// readSent reads a request body of at most wire.MaxBody bytes, as sent,
// into buf: errTooLarge beyond, errBadBody (wrapping the cause: a closed
// connection, a read timeout) when it is cut short.
func readSent(w http.ResponseWriter, r *http.Request, buf *bytes.Buffer) error {
	if n := r.ContentLength; n > 0 {
		// Grown once to the size announced, up to what a push usually is:
		// an announced size is not trusted with more memory than that.
		buf.Grow(int(min(n, maxKeptBody)))
	}
	if _, err := buf.ReadFrom(http.MaxBytesReader(w, r.Body, wire.MaxBody)); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return errTooLarge
		}
		return fmt.Errorf("%w: %w", errBadBody, err)
	}
	return nil
}

// inflate decompresses a gzipped body into buf, at most wire.MaxBody bytes
// of it (errTooLarge beyond: a gzip bomb gets no further), errBadBody when
// it is not valid gzip.
func inflate(gz []byte, buf *bytes.Buffer) error {
	src := bytes.NewReader(gz)
	zr, _ := gzReaders.Get().(*gzip.Reader)
	var err error
	if zr == nil {
		zr, err = gzip.NewReader(src)
	} else {
		err = zr.Reset(src)
	}
	if err != nil {
		return fmt.Errorf("%w: %w", errBadBody, err)
	}
	defer func() {
		zr.Close()
		gzReaders.Put(zr)
	}()
	if _, err := buf.ReadFrom(io.LimitReader(zr, wire.MaxBody+1)); err != nil {
		return fmt.Errorf("%w: %w", errBadBody, err)
	}
	if buf.Len() > wire.MaxBody {
		return errTooLarge
	}
	return nil
}

func (s *Server) push(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	code := http.StatusOK
	defer func() {
		s.m.latency.Observe(time.Since(start).Seconds())
		s.m.pushes.WithLabelValues(strconv.Itoa(code)).Inc()
	}()
	fail := func(c int, errCode, msg string) {
		code = c
		writeError(w, c, errCode, msg)
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		fail(http.StatusMethodNotAllowed, wire.ErrMethod, "use POST")
		return
	}
	t, ok := s.authenticate(w, r)
	if !ok {
		code = http.StatusUnauthorized
		return
	}
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		fail(http.StatusUnsupportedMediaType, wire.ErrUnsupportedMedia, "the body must be application/json")
		return
	}
	gz := false
	switch strings.ToLower(strings.TrimSpace(r.Header.Get("Content-Encoding"))) {
	case "", "identity":
	case "gzip":
		gz = true
	default:
		fail(http.StatusUnsupportedMediaType, wire.ErrUnsupportedMedia, "the only content encoding accepted is gzip")
		return
	}
	if r.ContentLength > wire.MaxBody {
		fail(http.StatusRequestEntityTooLarge, wire.ErrTooLarge, fmt.Sprintf("the body is over %d bytes", wire.MaxBody))
		return
	}
	tk := s.enter(t.TerminalKey)
	if tk == nil {
		w.Header().Set("Retry-After", "5")
		fail(http.StatusTooManyRequests, wire.ErrTooManyPushes,
			fmt.Sprintf("this terminal already has %d pushes in flight; retry when they are answered", s.perToken))
		return
	}
	answered := false
	defer func() { s.leave(t.TerminalKey, tk, answered) }()
	// The body is read before a slot is taken: a slow upload waits on its
	// own connection, never in front of other terminals.
	items, checks, err := s.readStaged(w, r, gz, func(items []Pushed) *pushChecks { return startPush(s.st, t, items) })
	if c := unreadPush(w, r, err); c != 0 {
		code = c
		return
	}
	if err != nil {
		fail(bodyError(err))
		return
	}
	// Checked on the cores (started above) while it waits for its turn
	// and a slot.
	s.waitTurn(r.Context(), t, tk, items)
	select {
	case s.sem <- struct{}{}:
		defer func() { <-s.sem }()
	case <-r.Context().Done():
		code = statusClientGone // the client went away while waiting; nobody reads this answer
		return
	}
	resp, tally, err := ingestStarted(r.Context(), s.st, t, items, checks, s.seen(r))
	switch {
	case errors.Is(err, ErrForeignRecord):
		fail(http.StatusForbidden, wire.ErrForbidden, "this token may push only its own terminal's records ("+t.TerminalKey.String()+")")
		return
	case err != nil:
		if r.Context().Err() != nil {
			code = statusClientGone
			return
		}
		code = http.StatusInternalServerError
		s.internal(w, r, err)
		return
	}
	answered = true
	s.m.count(tally)
	if tally.Stored > 0 {
		s.fresh.notify(t.Facility)
	}
	code = tally.httpStatus()
	if tally.Rejected+tally.Conflict > 0 {
		s.log.Warn("push refused records", "terminal", t.TerminalKey.String(), "rejected", tally.Rejected, "conflict", tally.Conflict)
	}
	writeJSON(w, code, resp)
}

func (s *Server) changes(w http.ResponseWriter, r *http.Request) {
	if !allow(w, r, http.MethodGet) {
		return
	}
	t, ok := s.authenticate(w, r)
	if !ok {
		return
	}
	s.writeChanges(w, r, t.Facility, func() { s.touch(r, t) })
}

// writeChanges answers a changes request of a facility, for a terminal or a
// relay (touch notes the call once the request is known to be good).
func (s *Server) writeChanges(w http.ResponseWriter, r *http.Request, facility string, touch func()) {
	q := r.URL.Query()
	after, limit := int64(0), 1000
	if v := q.Get("after"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			writeError(w, http.StatusBadRequest, wire.ErrBadRequest, "after must be a non-negative integer")
			return
		}
		after = n
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			writeError(w, http.StatusBadRequest, wire.ErrBadRequest, "limit must be a positive integer")
			return
		}
		limit = min(n, wire.MaxPull)
	}
	touch()
	ch, err := s.st.Changes(r.Context(), facility, after, limit)
	if err != nil {
		s.internal(w, r, err)
		return
	}
	out := wire.Changes{Cursor: ch.Cursor, More: ch.More,
		People: make([]wire.Person, 0, len(ch.People)), Passes: make([]wire.Pass, 0, len(ch.Passes)),
		Notices: make([]wire.Notice, 0, len(ch.Notices))}
	// Text shown on the terminals' screens goes out without control
	// characters, whatever was stored before the hub stripped them at intake.
	for _, p := range ch.People {
		p.Name, p.Unit = Strip(p.Name, false), Strip(p.Unit, false)
		out.People = append(out.People, wire.PersonFrom(p))
	}
	for _, p := range ch.Passes {
		p.Holder, p.Note = Strip(p.Holder, false), Strip(p.Note, false)
		out.Passes = append(out.Passes, wire.PassFrom(p))
	}
	for _, n := range ch.Notices {
		out.Notices = append(out.Notices, wire.Notice{ID: n.ID, Title: Strip(n.Title, false), Body: Strip(n.Body, true),
			Day: n.Day, PublishedAt: n.PublishedAt})
	}
	for _, p := range ch.Plans {
		out.Rotation = append(out.Rotation, wire.PlanFrom(p))
	}
	writeJSON(w, http.StatusOK, out)
}

// ServeConfig is how `gatepost hub serve` runs the hub.
type ServeConfig struct {
	Addr              string // host:port
	TLSCert, TLSKey   string // PEM files; both or neither
	Logger            *slog.Logger
	ShutdownTimeout   time.Duration // grace for in-flight requests; default 15 s
	Ready             func(addr net.Addr)
	ServerOptions     Options
	ReadHeaderTimeout time.Duration // default 10 s
	// MaxConns caps the connections open at once; further clients wait in
	// the kernel's accept queue until one closes. Default 1,024.
	MaxConns int
	// Relayer, when set, makes this a facility hub that relays to the
	// bureau (§12): it runs beside the server, woken by every push.
	Relayer *Relayer
	// MetricsAddr, when set, serves /metrics (without a token) on a
	// listener of its own, host:port, meant for the monitoring network
	// only; ServerOptions.MetricsToken still guards /metrics on Addr.
	MetricsAddr string
	// MetricsReady is called with the metrics listener's address.
	MetricsReady func(addr net.Addr)
	// Listener and MetricsListener, when set, are served instead of
	// listening on Addr and MetricsAddr: the command listens before it
	// opens (or creates) the database, so that a port in use or a mistyped
	// address fails before anything is written.
	Listener, MetricsListener net.Listener
	// Certificate, when set, is served in place of reading TLSCert and
	// TLSKey (the command read them before opening the database).
	Certificate *tls.Certificate
}

// ListenAndServe serves the hub on cfg.Addr until ctx is done, then shuts
// down gracefully: it stops accepting, lets in-flight pushes finish (their
// answers are the terminals' proof of storage) and returns.
func ListenAndServe(ctx context.Context, st Storage, cfg ServeConfig) error {
	if (cfg.TLSCert == "") != (cfg.TLSKey == "") {
		return errors.New("give both --tls-cert and --tls-key, or neither")
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewJSONHandler(os.Stderr, nil))
	}
	if cfg.ServerOptions.Logger == nil {
		cfg.ServerOptions.Logger = cfg.Logger
	}
	if cfg.ShutdownTimeout <= 0 {
		cfg.ShutdownTimeout = 15 * time.Second
	}
	if cfg.ReadHeaderTimeout <= 0 {
		cfg.ReadHeaderTimeout = 10 * time.Second
	}
	if cfg.TLSCert != "" || cfg.Certificate != nil {
		// Behind TLS every cookie is Secure, even on a request that
		// reached the hub some other way.
		cfg.ServerOptions.SecureCookies = true
	}
	handler := NewServer(st, cfg.ServerOptions)
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: cfg.ReadHeaderTimeout,
		ReadTimeout:       2 * time.Minute, // an 8 MiB push over a slow link
		WriteTimeout:      3 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(cfg.Logger.Handler(), slog.LevelWarn),
	}
	if cfg.Certificate == nil && cfg.TLSCert != "" {
		cert, err := tls.LoadX509KeyPair(cfg.TLSCert, cfg.TLSKey)
		if err != nil {
			return fmt.Errorf("tls: %w", err)
		}
		cfg.Certificate = &cert
	}
	if cfg.Certificate != nil {
		srv.TLSConfig = &tls.Config{MinVersion: tls.VersionTLS12, Certificates: []tls.Certificate{*cfg.Certificate}}
	}
	if cfg.MaxConns <= 0 {
		cfg.MaxConns = 1024
	}
	ln := cfg.Listener
	if ln == nil {
		var err error
		if ln, err = net.Listen("tcp", cfg.Addr); err != nil {
			return err
		}
	}
	ln = LimitListener(ln, cfg.MaxConns)
	// Only now that the hub will serve: a start that fails leaves nothing
	// running behind it.
	defer tuneGC(cfg.Logger)()
	go rebuildRecentDays(ctx, st, cfg.Logger, handler.now())
	cfg.Logger.Info("hub listening", "addr", ln.Addr().String(), "tls", srv.TLSConfig != nil)
	if cfg.Ready != nil {
		cfg.Ready(ln.Addr())
	}
	if cfg.Relayer != nil {
		cfg.Relayer.WakeOn(handler)
		rctx, stop := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { defer close(done); cfg.Relayer.Run(rctx) }()
		defer func() { stop(); <-done }()
	}
	if cfg.MetricsAddr != "" || cfg.MetricsListener != nil {
		mln := cfg.MetricsListener
		if mln == nil {
			var err error
			if mln, err = net.Listen("tcp", cfg.MetricsAddr); err != nil {
				ln.Close()
				return fmt.Errorf("--metrics-addr: %w", err)
			}
		}
		mux := http.NewServeMux()
		mux.Handle("/metrics", handler.Metrics())
		msrv := &http.Server{Handler: mux, ReadHeaderTimeout: cfg.ReadHeaderTimeout, WriteTimeout: time.Minute,
			ErrorLog: slog.NewLogLogger(cfg.Logger.Handler(), slog.LevelWarn)}
		cfg.Logger.Info("metrics listening", "addr", mln.Addr().String())
		if cfg.MetricsReady != nil {
			cfg.MetricsReady(mln.Addr())
		}
		go msrv.Serve(mln)
		defer msrv.Close()
	}
	errc := make(chan error, 1)
	go func() {
		if srv.TLSConfig != nil {
			errc <- srv.ServeTLS(ln, "", "") // the certificate is in TLSConfig
		} else {
			errc <- srv.Serve(ln)
		}
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	cfg.Logger.Info("hub shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
