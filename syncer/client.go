// Package syncer is the terminal's side of sync with the hub (§7): an HTTP
// client for the protocol of docs/PROTOCOL.md, a one-shot Sync that pushes
// every pending record and pulls what changed, and Loop, the background loop
// the console runs, which syncs whenever there is something to send and the
// hub answers, backs off when it does not and always reports a true Status.
//
// It is called syncer, not sync, so as not to shadow the standard library.
package syncer

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"gatepost/hub/wire"
	"gatepost/internal/buildinfo"
)

// Client talks to one hub with one terminal's token.
type Client struct {
	base    *url.URL
	token   string
	hc      *http.Client
	started time.Time
}

// ClientOptions tune a Client. The zero value is usable.
type ClientOptions struct {
	// CAPEM is the operator's CA certificate(s) in PEM; the hub's certificate
	// must chain to them. Empty means the system's roots.
	CAPEM []byte
	// Timeout bounds one request from start to the end of the answer.
	// Default 2 minutes: an 8 MiB push over a slow link.
	Timeout time.Duration
	// Transport replaces the HTTP transport (tests); CAPEM is then ignored.
	Transport http.RoundTripper
}

// NewClient checks the hub URL and builds a client. The URL must be http or
// https with a host; a path prefix is kept (a hub behind a reverse proxy).
func NewClient(hubURL, token string, opts ClientOptions) (*Client, error) {
	u, err := url.Parse(strings.TrimSpace(hubURL))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("hub URL %q: want http://host:port or https://host:port", hubURL)
	}
	if token == "" {
		return nil, errors.New("no token")
	}
	if opts.Timeout <= 0 {
		opts.Timeout = 2 * time.Minute
	}
	rt := opts.Transport
	if rt == nil {
		tr := &http.Transport{
			Proxy:                 http.ProxyFromEnvironment,
			DialContext:           (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
			TLSHandshakeTimeout:   10 * time.Second,
			ResponseHeaderTimeout: 90 * time.Second,
			IdleConnTimeout:       90 * time.Second,
			MaxIdleConnsPerHost:   2,
			ForceAttemptHTTP2:     true,
		}
		if len(opts.CAPEM) > 0 {
			pool := x509.NewCertPool()
			if !pool.AppendCertsFromPEM(opts.CAPEM) {
				return nil, errors.New("the CA file holds no PEM certificate")
			}
			tr.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
		}
		rt = tr
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	return &Client{base: u, token: token, hc: &http.Client{Transport: rt, Timeout: opts.Timeout}, started: time.Now()}, nil
}

// URL is the hub's base URL.
func (c *Client) URL() string { return c.base.String() }

// CloseIdle closes idle connections (on shutdown, or after the network changed).
func (c *Client) CloseIdle() { c.hc.CloseIdleConnections() }

// APIError is an error answer of the hub.
type APIError struct {
	Status  int
	Code    string
	Message string
}

func (e *APIError) Error() string {
	return fmt.Sprintf("hub answered %d %s: %s", e.Status, e.Code, e.Message)
}

// Permanent reports whether retrying the same request cannot help (the
// token is refused, the request is not acceptable); a 5xx, 408 or 429 may
// pass later.
func (e *APIError) Permanent() bool {
	return e.Status >= 400 && e.Status < 500 && e.Status != http.StatusRequestTimeout && e.Status != http.StatusTooManyRequests
}

// Unauthorized reports whether err is the hub refusing the token.
func Unauthorized(err error) bool {
	var ae *APIError
	return errors.As(err, &ae) && ae.Status == http.StatusUnauthorized
}

func (c *Client) endpoint(path string, q url.Values) string {
	u := *c.base
	u.Path += path
	u.RawQuery = q.Encode()
	return u.String()
}

func (c *Client) newRequest(ctx context.Context, method, path string, q url.Values, body io.Reader, pending int64) (*http.Request, error) {
	req, err := http.NewRequestWithContext(ctx, method, c.endpoint(path, q), body)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Accept", "application/json")
	// The hub keeps the version it reads here, so its dashboard shows which
	// build every terminal runs.
	req.Header.Set("User-Agent", buildinfo.Get().UserAgent())
	req.Header.Set(wire.HeaderClock, time.Now().Format(time.RFC3339Nano))
	req.Header.Set(wire.HeaderUptime, strconv.FormatInt(time.Since(c.started).Milliseconds(), 10))
	if pending >= 0 {
		req.Header.Set(wire.HeaderPending, strconv.FormatInt(pending, 10))
	}
	return req, nil
}

// maxAnswer bounds what the client reads of an answer.
const maxAnswer = 32 << 20

// do sends req and decodes a JSON answer into out when the status is one of
// ok. Any other status becomes an *APIError.
func (c *Client) do(req *http.Request, out any, ok ...int) (int, error) {
	resp, err := c.hc.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return resp.StatusCode, fmt.Errorf("reading the hub's answer: %w", err)
	}
	mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	for _, s := range ok {
		if resp.StatusCode == s {
			if mt != "application/json" {
				return resp.StatusCode, fmt.Errorf("hub answered %d with %q, not JSON", resp.StatusCode, mt)
			}
			if err := json.Unmarshal(body, out); err != nil {
				return resp.StatusCode, fmt.Errorf("the hub's answer is not valid: %w", err)
			}
			return resp.StatusCode, nil
		}
	}
	ae := &APIError{Status: resp.StatusCode, Code: "http_" + strconv.Itoa(resp.StatusCode), Message: http.StatusText(resp.StatusCode)}
	var we wire.Error
	if mt == "application/json" && json.Unmarshal(body, &we) == nil && we.Code != "" {
		ae.Code, ae.Message = we.Code, we.Message
	}
	return resp.StatusCode, ae
}

// Whoami asks the hub whose token this is.
func (c *Client) Whoami(ctx context.Context) (wire.Whoami, error) { return c.whoami(ctx, -1) }

// whoami is Whoami telling the hub how far this terminal holds its records
// answered (pushed >= 0), so that a hub that lost some can say so in its log.
func (c *Client) whoami(ctx context.Context, pushed int64) (wire.Whoami, error) {
	var w wire.Whoami
	req, err := c.newRequest(ctx, http.MethodGet, wire.PathWhoami, nil, nil, -1)
	if err != nil {
		return w, err
	}
	if pushed >= 0 {
		req.Header.Set(wire.HeaderPushed, strconv.FormatInt(pushed, 10))
	}
	_, err = c.do(req, &w, http.StatusOK)
	return w, err
}

// EncodePush writes the gzipped body of a push of already JSON-encoded
// records. zw is reset onto a fresh buffer: reusing one writer saves the
// compressor's large tables on every batch.
func EncodePush(zw *gzip.Writer, records []json.RawMessage) ([]byte, error) {
	var buf bytes.Buffer
	n := 0
	for _, r := range records {
		n += len(r)
	}
	buf.Grow(n/4 + 512) // records compress about fourfold: mostly one allocation
	zw.Reset(&buf)
	zw.Write([]byte(`{"records":[`))
	for i, r := range records {
		if i > 0 {
			zw.Write([]byte{','})
		}
		zw.Write(r)
	}
	zw.Write([]byte(`]}`))
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// PushEncoded sends one push of already JSON-encoded records (so the caller
// can size batches), gzipped. pending is what the terminal will still have
// to send after this push.
func (c *Client) PushEncoded(ctx context.Context, records []json.RawMessage, pending int64) (wire.PushResponse, error) {
	zw, _ := gzip.NewWriterLevel(io.Discard, gzip.BestSpeed)
	body, err := EncodePush(zw, records)
	if err != nil {
		return wire.PushResponse{}, err
	}
	return c.PushGzipped(ctx, body, len(records), pending)
}

// PushGzipped sends a push body made by EncodePush holding n records. It
// returns the hub's answer only when it is final: 200, 409 or 422 with one
// result per record.
func (c *Client) PushGzipped(ctx context.Context, body []byte, n int, pending int64) (wire.PushResponse, error) {
	return c.pushTo(ctx, wire.PathPush, body, n, pending)
}

// RelayPush sends, with a relay's token, records of any terminals of the
// relay's facility, verbatim (SPEC §12); the answer is a push's.
func (c *Client) RelayPush(ctx context.Context, records []json.RawMessage, pending int64) (wire.PushResponse, error) {
	zw, _ := gzip.NewWriterLevel(io.Discard, gzip.BestSpeed)
	body, err := EncodePush(zw, records)
	if err != nil {
		return wire.PushResponse{}, err
	}
	return c.pushTo(ctx, wire.PathRelayPush, body, len(records), pending)
}

// RelayHeads asks the bureau, with a relay's token, how far it holds each
// terminal of the relay's facility, telling it how far the relay holds
// them answered (pushed), so that a bureau that lost some can say so.
func (c *Client) RelayHeads(ctx context.Context, pushed []wire.RelayPushed, pending int64) (wire.RelayHeads, error) {
	var h wire.RelayHeads
	body, err := json.Marshal(wire.RelayHeadsRequest{Pushed: pushed})
	if err != nil {
		return h, err
	}
	req, err := c.newRequest(ctx, http.MethodPost, wire.PathRelayHeads, nil, bytes.NewReader(body), pending)
	if err != nil {
		return h, err
	}
	req.Header.Set("Content-Type", "application/json")
	_, err = c.do(req, &h, http.StatusOK)
	return h, err
}

func (c *Client) pushTo(ctx context.Context, path string, body []byte, n int, pending int64) (wire.PushResponse, error) {
	var resp wire.PushResponse
	req, err := c.newRequest(ctx, http.MethodPost, path, nil, bytes.NewReader(body), pending)
	if err != nil {
		return resp, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Content-Encoding", "gzip")
	if _, err := c.do(req, &resp, http.StatusOK, http.StatusConflict, http.StatusUnprocessableEntity); err != nil {
		return resp, err
	}
	if len(resp.Results) != n {
		return resp, fmt.Errorf("the hub answered %d results for %d records", len(resp.Results), n)
	}
	return resp, nil
}

// Changes pulls one page of what changed for this terminal's facility after
// the cursor.
func (c *Client) Changes(ctx context.Context, after int64, limit int, pending int64) (wire.Changes, error) {
	return c.changesAt(ctx, wire.PathChanges, after, limit, pending)
}

// RelayChanges is Changes with a relay's token: its facility's reference
// data and notices.
func (c *Client) RelayChanges(ctx context.Context, after int64, limit int, pending int64) (wire.Changes, error) {
	return c.changesAt(ctx, wire.PathRelayChanges, after, limit, pending)
}

func (c *Client) changesAt(ctx context.Context, path string, after int64, limit int, pending int64) (wire.Changes, error) {
	var ch wire.Changes
	q := url.Values{"after": {strconv.FormatInt(after, 10)}}
	if limit > 0 {
		q.Set("limit", strconv.Itoa(limit))
	}
	req, err := c.newRequest(ctx, http.MethodGet, path, q, nil, pending)
	if err != nil {
		return ch, err
	}
	_, err = c.do(req, &ch, http.StatusOK)
	return ch, err
}

// Feed fetches one page of the facility feed: the other terminals of the
// facility and their records after the seqs in after (SPEC §12). A wait
// above zero long-polls: the hub answers as soon as a peer's record is
// there, or empty after the wait.
//
// erasedAfter is the tombstone cursor (wire.Feed.ErasedThrough of the last
// page applied, "" at first): the page carries the identities erased at
// the hub after it.
func (c *Client) Feed(ctx context.Context, after map[string]int64, erasedAfter string, limit int, wait time.Duration, pending int64) (wire.Feed, error) {
	var f wire.Feed
	q := url.Values{}
	if erasedAfter != "" {
		q.Set("erased_after", erasedAfter)
	}
	if wait > 0 {
		q.Set("wait", strconv.Itoa(int(wait/time.Second)))
	}
	for name, seq := range after {
		q.Add("after", name+":"+strconv.FormatInt(seq, 10))
	}
	if limit > 0 {
		q.Set("limit", strconv.Itoa(limit))
	}
	req, err := c.newRequest(ctx, http.MethodGet, wire.PathFeed, q, nil, pending)
	if err != nil {
		return f, err
	}
	_, err = c.do(req, &f, http.StatusOK)
	return f, err
}
